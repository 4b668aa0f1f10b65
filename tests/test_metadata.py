"""Page metadata readers and search engines see: review box, structured data
(JSON-LD), canonical and social meta, sitemap dates and robots.txt."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from sitebuild import docs_pages
from sitekit import jsonld

PAGES = docs_pages()
MEDICAL = {"condition", "biology", "evidence", "tool"}
SITE = "https://fibro-il6.github.io/"


def _ids(items):
    return [rel for rel, _, _ in items]


def test_every_medical_page_shows_the_review_box(pages):
    problems = []
    for rel, built, meta in PAGES:
        if meta.get("type") not in MEDICAL:
            continue
        box = pages[built].select_one("article .review-box")
        if box is None:
            problems.append(f"docs/{rel}: no review box")
            continue
        text = box.get_text(" ", strip=True)
        for label, field in (("Last reviewed", "last_reviewed"), ("Next review due", "next_review")):
            time = box.find("time", datetime=meta[field])
            if label not in text or time is None:
                problems.append(f"docs/{rel}: review box lacks '{label}' with datetime {meta[field]}")
        if f"Reviewed by: {meta['reviewed_by']}" not in text:
            problems.append(f"docs/{rel}: review box lacks 'Reviewed by: {meta['reviewed_by']}'")
        if not box.find("a", href=re.compile(r"about/editorial-policy/$")):
            problems.append(f"docs/{rel}: review box does not link to the editorial policy")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("rel, built, meta", PAGES, ids=_ids(PAGES))
def test_json_ld_parses_and_matches_the_front_matter(pages, rel, built, meta):
    scripts = pages[built].find_all("script", type="application/ld+json")
    assert len(scripts) == 1, f"docs/{rel}: {len(scripts)} JSON-LD blocks"
    data = json.loads(scripts[0].string)
    expected_type = "WebPage" if meta["type"] in jsonld.NON_MEDICAL else "MedicalWebPage"
    url = SITE + built[: -len("index.html")]
    checks = {
        "@type": expected_type,
        "name": meta["title"],
        "description": meta["description"],
        "url": url,
        "inLanguage": "en",
        "lastReviewed": meta["last_reviewed"],
        "reviewedBy": {"@type": "Organization", "name": meta["reviewed_by"]},
    }
    wrong = {k: (data.get(k), v) for k, v in checks.items() if data.get(k) != v}
    assert not wrong, f"docs/{rel}: JSON-LD differs from front matter (got, expected): {wrong}"
    audiences = [a["audienceType"] for a in data["audience"]]
    assert audiences == jsonld.AUDIENCE[meta["audience"]], f"docs/{rel}: audience {audiences}"
    cited = [c["name"] for c in data.get("citation", [])]
    assert len(cited) == len(meta.get("sources") or []), f"docs/{rel}: citations {cited} vs sources"
    if rel.startswith("fibromyalgia/"):
        assert data["about"]["name"] == "Fibromyalgia"
        assert {c["codingSystem"] for c in data["about"]["code"]} == {"ICD-10", "ICD-11"}


def test_every_page_has_canonical_and_social_meta(pages):
    problems = []
    for rel, built, meta in PAGES:
        soup = pages[built]
        url = SITE + built[: -len("index.html")]
        canonical = soup.find("link", rel="canonical")
        if canonical is None or canonical["href"] != url:
            problems.append(f"docs/{rel}: canonical is not {url}")
        for prop, value in (("og:title", meta["title"]), ("og:description", meta["description"]), ("og:url", url)):
            tag = soup.find("meta", property=prop)
            if tag is None or tag["content"] != value:
                problems.append(f"docs/{rel}: {prop} is not {value!r}")
        card = soup.find("meta", attrs={"name": "twitter:card"})
        if card is None:
            problems.append(f"docs/{rel}: no twitter:card")
    assert not problems, "\n".join(problems)


def test_sitemap_lastmod_is_the_review_date(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "sitemap.xml").getroot()
    lastmod = {u.find("s:loc", ns).text: u.find("s:lastmod", ns).text for u in root.findall("s:url", ns)}
    for rel, built, meta in PAGES:
        url = SITE + built[: -len("index.html")]
        assert lastmod.get(url) == meta["last_reviewed"], f"docs/{rel}: sitemap lastmod {lastmod.get(url)}"


def test_robots_txt_points_to_the_sitemap(site):
    text = (site / "robots.txt").read_text()
    assert "Sitemap: https://fibro-il6.github.io/sitemap.xml" in text


def test_no_page_names_an_invented_reviewer():
    allowed = {"Editorial team"}
    wrong = [f"docs/{rel}: reviewed_by {meta['reviewed_by']!r}" for rel, _, meta in PAGES
             if meta["reviewed_by"] not in allowed]
    assert not wrong, "a new reviewer must be a real, documented role:\n" + "\n".join(wrong)
