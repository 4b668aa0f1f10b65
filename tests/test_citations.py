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
    assert "## Sources (3)" in markdown, "the Sources heading gives the count"
    items = soup.select("ol.sources > li")
    assert [li["id"] for li in items] == ["source-1", "source-2", "source-3"]
    first = items[0].get_text(" ")
    for part in ("Smith A, et al.", "First paper", "J One", "2020;1(2):3-4"):
        assert part in first, f"source 1 lacks {part!r}: {first}"
    hrefs = [a["href"] for a in items[0].find_all("a")]
    assert "https://doi.org/10.1000/one" in hrefs and "https://pubmed.ncbi.nlm.nih.gov/111/" in hrefs
    backs = [[a["href"] for a in li.select("a.cite-back")] for li in items]
    assert backs == [["#cite-1-1"], ["#cite-2-1"], ["#cite-3-1"]], f"one ↩ per entry, to its first use: {backs}"
    assert [a["id"] for a in soup.select("sup.cite a")] == ["cite-1-1", "cite-2-1", "cite-3-1", "cite-1-2"], \
        "every use keeps its stable id"
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


def test_every_sources_heading_gives_the_count_and_each_entry_has_one_back_link(pages):
    problems = []
    for rel, built, _ in docs_pages():
        soup = pages[built]
        items = soup.select("article ol.sources > li")
        if not items:
            continue
        heading = soup.select_one("article h2#sources")
        text = heading.get_text(" ", strip=True).replace("¶", "").strip() if heading else ""
        if text != f"Sources ({len(items)})":
            problems.append(f"docs/{rel}: Sources heading reads {text!r}, expected 'Sources ({len(items)})'")
        for li in items:
            backs = li.select("a.cite-back")
            if len(backs) != 1:
                problems.append(f"docs/{rel}: {li['id']} has {len(backs)} ↩ links (one expected)")
            if not li.find("p"):
                problems.append(f"docs/{rel}: {li['id']} has no <p> (the tooltip shows the entry's <p>)")
    assert not problems, "\n".join(problems)


CITED_PAGE = "il-6/research/"

# For each citation link (every <details> opened): the 24 x 24 CSS px square centred on it
# hits the link at every corner (WCAG 2.5.8); lines with a citation are no
# taller than the hit areas would make them without the ::after.
HIT_AREAS = """() => {
  document.querySelectorAll('article details').forEach((d) => { d.open = true; });
  const bad = [];
  for (const a of document.querySelectorAll('article sup.cite a')) {
    a.scrollIntoView({block: 'center'});
    const r = a.getBoundingClientRect();
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    for (const [dx, dy] of [[-11.5, -11.5], [11.5, -11.5], [-11.5, 11.5], [11.5, 11.5]]) {
      const e = document.elementFromPoint(cx + dx, cy + dy);
      if (!e || !(e === a || a.contains(e))) {
        bad.push(`${a.id}: at (${dx}, ${dy}) from its centre the tap lands on ${e ? e.tagName.toLowerCase() + '.' + e.className : 'nothing'}`);
        break;
      }
    }
  }
  return bad;
}"""
HEIGHTS = """() => [...document.querySelectorAll('article p')].filter((p) => p.querySelector('sup.cite'))
  .slice(0, 20).map((p) => p.getBoundingClientRect().height)"""
NO_HIT_AREA = "article sup.cite a::after { display: none !important; }"


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390])
def test_citation_numbers_are_24_px_tap_targets_without_taller_lines(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 700}, bypass_csp=True)
    try:
        tab = context.new_page()
        tab.goto(server + CITED_PAGE, wait_until="load")
        bad = tab.evaluate(HIT_AREAS)
        with_areas = tab.evaluate(HEIGHTS)
        tab.add_style_tag(content=NO_HIT_AREA)
        without = tab.evaluate(HEIGHTS)
    finally:
        context.close()
    assert not bad, f"{CITED_PAGE} at {width} px: citation tap targets under 24 x 24 px:\n" + "\n".join(bad[:20])
    assert with_areas == without, f"{CITED_PAGE}: the hit areas change paragraph heights: {with_areas} vs {without}"


TOOLTIP = "() => [...document.querySelectorAll('.md-tooltip2--active')].map((e) => e.innerText).join(' | ')"


@pytest.mark.browser
def test_a_citation_shows_its_source_in_place_on_focus(page, server):
    page.goto(server + CITED_PAGE)
    first = page.locator("article sup.cite a").first
    expected = page.locator("#source-1 p").inner_text().split(".")[0]
    first.focus()
    page.wait_for_function(f"() => ({TOOLTIP})().length > 0", timeout=5000)
    shown = page.evaluate(TOOLTIP)
    assert expected in shown, f"{CITED_PAGE}: focus on citation 1 shows {shown!r}, not source 1 ({expected!r})"
    assert "↩" not in shown, "the tooltip repeats the back-link"


@pytest.mark.browser
def test_a_first_tap_shows_the_source_in_place_and_a_second_tap_follows_the_link(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        tab = context.new_page()
        tab.goto(server + CITED_PAGE, wait_until="load")
        link = tab.locator("article sup.cite a").first
        expected = tab.locator("#source-1 p").inner_text().split(".")[0]
        link.tap()
        tab.wait_for_function(f"() => ({TOOLTIP})().length > 0", timeout=5000)
        assert expected in tab.evaluate(TOOLTIP), "the first tap does not show source 1 in place"
        assert "#" not in tab.url, f"the first tap left the reading place: {tab.url}"
        link.tap()
        tab.wait_for_url("**#source-1", timeout=5000)
        highlight = tab.evaluate("() => getComputedStyle(document.querySelector('#source-1')).outlineStyle")
        assert highlight != "none", "the followed entry is not highlighted (:target)"
    finally:
        context.close()
