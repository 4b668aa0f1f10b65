"""Citations and evidence labels: numbering, reuse, several keys, the Sources
list, the References page with back-links, and text badges."""

import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from sitebuild import docs_pages
from sitekit import badges, bibliography, citations

ENTRIES = {
    "a2020": {"authors": "Smith A, et al.", "year": 2020, "title": "First paper", "journal": "J One",
              "volume": "1", "issue": "2", "pages": "3-4", "doi": "10.1000/one", "pmid": "111", "type": "review"},
    "b2021": {"authors": "Jones B", "year": 2021, "title": "Second paper", "journal": "J Two",
              "pmid": "222", "type": "rct"},
    "nice": {"authors": "NICE", "year": 2021, "title": "A guideline", "journal": "NICE",
             "url": "https://www.nice.org.uk/guidance/ng193", "type": "guideline"},
}


def render(text):
    markdown, order = citations.render(text, ENTRIES)
    return BeautifulSoup(markdown, "lxml"), markdown, order


def test_citations_are_numbered_in_order_of_first_use_and_reuse_their_number():
    soup, _, order = render("One [@b2021]. Two [@a2020]. Again [@b2021].\n")
    assert order == ["b2021", "a2020"]
    numbers = [a.get_text() for a in soup.select("sup.cite a")]
    assert numbers == ["1", "2", "1"]
    assert [a["href"] for a in soup.select("sup.cite a")] == ["#source-1", "#source-2", "#source-1"]


def test_several_keys_in_one_citation_become_one_bracket_of_links():
    soup, markdown, _ = render("Both [@a2020; @b2021].\n")
    sup = soup.select("sup.cite")
    assert len(sup) == 1 and sup[0].get_text() == "[1, 2]"


def test_each_citation_has_a_readable_name_for_screen_readers():
    soup, _, _ = render("One [@a2020].\n")
    assert soup.select_one("sup.cite a")["aria-label"] == "Source 1: Smith 2020"


def test_the_sources_list_shows_authors_year_title_journal_and_links():
    soup, markdown, _ = render("One [@a2020]. Two [@b2021]. Three [@nice]. Again [@a2020].\n")
    assert "## Sources" in markdown
    items = soup.select("ol.sources > li")
    assert [li["id"] for li in items] == ["source-1", "source-2", "source-3"]
    first = items[0].get_text(" ")
    for part in ("Smith A, et al.", "First paper", "J One", "2020;1(2):3-4"):
        assert part in first, f"source 1 lacks {part!r}: {first}"
    hrefs = [a["href"] for a in items[0].find_all("a")]
    assert "https://doi.org/10.1000/one" in hrefs and "https://pubmed.ncbi.nlm.nih.gov/111/" in hrefs
    assert "#cite-1-1" in hrefs and "#cite-1-2" in hrefs, "each use has a back-link"
    assert [a["href"] for a in items[2].find_all("a")][0] == "https://www.nice.org.uk/guidance/ng193"


def test_citations_inside_code_are_left_alone():
    _, markdown, order = render("Write `[@a2020]` to cite.\n\n```\n[@b2021]\n```\n")
    assert order == [] and "`[@a2020]`" in markdown and "\n[@b2021]\n" in markdown


def test_an_unknown_key_is_found_with_its_line():
    assert citations.find("text\nmore [@x; @a2020]\n", first_line=10) == [(11, "x"), (11, "a2020")]


@pytest.mark.parametrize("html, text", [
    (badges.certainty("low"), "Certainty (GRADE): low"),
    (badges.certainty("moderate", "Cochrane"), "Certainty (Cochrane): moderate"),
    (badges.recommendation("EULAR", "strong for"), "EULAR: strong for"),
    (badges.recommendation("NICE", "do not offer"), "NICE: do not offer"),
    (badges.recommendation("NICE", "do not initiate"), "NICE: do not initiate"),
    (badges.verdict("not supported"), "Our verdict: not supported"),
])
def test_badges_carry_their_meaning_in_text_and_name_the_body(html, text):
    assert BeautifulSoup(html, "lxml").get_text() == text


@pytest.mark.parametrize("call", [
    lambda: badges.certainty("medium"),
    lambda: badges.recommendation("EULAR", "offer"),
    lambda: badges.recommendation("NICE", "strong for"),
    lambda: badges.recommendation("WHO", "strong for"),
    lambda: badges.verdict("maybe"),
])
def test_unknown_labels_are_refused(call):
    with pytest.raises(badges.LabelError):
        call()


def test_every_cited_page_ends_with_its_sources(pages):
    problems = []
    for rel, built, meta in docs_pages():
        soup = pages[built]
        cites = soup.select("article sup.cite a")
        items = soup.select("article ol.sources > li")
        if meta.get("sources") and len(items) != len(meta["sources"]):
            problems.append(f"docs/{rel}: {len(items)} sources listed, front matter has {len(meta['sources'])}")
        targets = {li["id"] for li in items}
        for a in cites:
            if a["href"].lstrip("#") not in targets:
                problems.append(f"docs/{rel}: citation {a.get_text()} points to a missing source")
        ids = {a["id"] for a in cites}
        for back in soup.select("article ol.sources a.cite-back"):
            if back["href"].lstrip("#") not in ids:
                problems.append(f"docs/{rel}: back-link {back['href']} has no citation to return to")
    assert not problems, "\n".join(problems)


def test_the_references_page_lists_every_entry_grouped_by_type_with_back_links(pages):
    entries, problems = bibliography.load()
    assert not problems
    page = pages["evidence/references/index.html"]
    listed = {span["id"][len("ref-"):] for span in page.select("article span[id^=ref-]")}
    assert listed == set(entries), f"missing: {set(entries) - listed}; extra: {listed - set(entries)}"
    headings = [h.get_text(strip=True).replace("¶", "") for h in page.select("article h2")]
    used_types = [t for t in bibliography.TYPES if any(e["type"] == t for e in entries.values())]
    assert headings[: len(used_types)] == [bibliography.TYPES[t] for t in used_types]
    base = "https://site.test/evidence/references/"
    missing = []
    for rel, built, meta in docs_pages():
        for key in meta.get("sources") or []:
            item = page.select_one(f"span#ref-{key}").parent
            links = {urljoin(base, a["href"]).rstrip("/") for a in item.find_all("a")}
            if urljoin(base, "/" + built[: -len("index.html")]).rstrip("/") not in links:
                missing.append(f"references: {key} has no back-link to docs/{rel} ({built})")
    assert not missing, "\n".join(missing)


def test_sources_lists_are_left_out_of_search_but_the_references_page_is_searchable(site):
    import json

    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    sources = [d["location"] for d in docs if d["location"].endswith("#sources")]
    assert not sources, f"Sources lists in the search index (they repeat on every page): {sources}"
    assert any(d["location"].startswith("evidence/references/") and "Üçeyler" in d["text"] for d in docs), \
        "the References page is not searchable by author"


def test_a_pages_sources_list_shortens_long_author_lists_and_names_the_kind_of_study():
    entry = {"authors": "Ann A, Bob B, Cid C, Dee D, Eve E", "year": 2020, "title": "Paper", "journal": "J",
             "doi": "10.1000/x", "type": "rct", "note": "Where the DOI was seen."}
    short = bibliography.format_html(entry, full=False)
    assert short.startswith("Ann A, Bob B, Cid C, et al. Paper.") and "Randomised controlled trial." in short, short
    assert "Where the DOI was seen" not in short, short
    full = bibliography.format_html(entry)
    assert full.startswith("Ann A, Bob B, Cid C, Dee D, Eve E. Paper.") and "Where the DOI was seen." in full, full
    assert set(bibliography.KIND) == set(bibliography.TYPES), "every source type needs a name for Sources lists"
