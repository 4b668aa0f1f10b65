"""Trust and accountability: page history (changes: in the front matter, checked
at build time), What's new and its Atom feed, "Report a problem with this page"
on every page, the footer's privacy and accessibility links, and the
fibromyalgia section page's cited short answer."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml
from lxml import etree

from sitebuild import ROOT, build, docs_pages, fixture_site, front_matter
from sitekit import feed

SITE = "https://fibro-il6.github.io/"
PAGES = docs_pages()
ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = "2026-11-25"
HOME = front_matter(title="Home") + "\n# Home\n"
BODY = "\n# A test page\n\nSome text.\n"


def page_url(built: str) -> str:
    return SITE + built[: -len("index.html")]


# --- The build refuses a malformed page history --------------------------------------------

def with_changes(entries: str, **fields) -> str:
    """A valid page whose front matter ends with the given changes: block (lines 9 onwards)."""
    return front_matter(**fields)[: -len("---\n")] + "changes:\n" + entries + "---\n" + BODY


GOOD = "  - date: 2026-11-20\n    kind: content\n    what: Reworded the first paragraph.\n    why: It was hard to read.\n"


def build_with(tmp_path, text, extra_pages=None):
    config = fixture_site(tmp_path, {"index.md": HOME, "page.md": text, **(extra_pages or {})})
    return build(config, tmp_path / "out", today=TODAY)


def test_a_valid_page_history_builds(tmp_path):
    result = build_with(tmp_path, with_changes(GOOD + "  - date: 2026-11-01\n    kind: new\n    what: First published.\n"))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("case, entries, fields, expected", [
    ("impossible date", GOOD + "  - date: 2026-02-30\n    kind: new\n    what: First published.\n", {},
     ["docs/page.md:14:", "changes, entry 2: date '2026-02-30' is not a real date", "How to fix", "YYYY-MM-DD"]),
    ("date not ISO", "  - date: 20/11/2026\n    kind: new\n    what: First published.\n", {},
     ["docs/page.md:10:", "changes, entry 1: date '20/11/2026' is not written YYYY-MM-DD", "How to fix"]),
    ("date after the build date", "  - date: 2026-11-26\n    kind: new\n    what: First published.\n", {},
     ["docs/page.md:10:", "changes, entry 1: date 2026-11-26 is in the future", "How to fix"]),
    ("oldest first", "  - date: 2026-11-01\n    kind: new\n    what: First published.\n" + GOOD, {},
     ["docs/page.md:13:", "changes, entry 2: 2026-11-20 comes after an entry dated 2026-11-01", "newest first"]),
    ("unknown kind", "  - date: 2026-11-20\n    kind: fix\n    what: Fixed a typo in a heading.\n    why: A reader told us.\n",
     {}, ["docs/page.md:10:", "changes, entry 1: kind 'fix' is not allowed", "use one of: new, content, correction, review"]),
    ("what is missing", "  - date: 2026-11-20\n    kind: new\n", {},
     ["docs/page.md:10:", "changes, entry 1: 'what' is missing", "How to fix"]),
    ("a correction without why", GOOD + "  - date: 2026-11-10\n    kind: correction\n    what: Fixed a wrong number.\n", {},
     ["docs/page.md:14:", "changes, entry 2: 'why' is missing"]),
    ("unknown key", "  - date: 2026-11-20\n    kind: new\n    what: First published.\n    who: Anna\n", {},
     ["docs/page.md:10:", "changes, entry 1: unknown key 'who'"]),
    ("newest review is not last_reviewed", "  - date: 2026-11-20\n    kind: review\n    what: Checked against its sources.\n",
     {"last_reviewed": "2026-11-25"},
     ["docs/page.md:10:", "the newest review is dated 2026-11-20, but last_reviewed is 2026-11-25",
      "add a 'review' entry dated 2026-11-25"]),
    ("not a list", None, {}, ["docs/page.md:9:", "changes: expected array"]),
])
def test_a_malformed_page_history_fails_the_build_with_file_line_and_fix(tmp_path, case, entries, fields, expected):
    if entries is None:
        text = front_matter(changes="2026-11-20", **fields) + BODY
    else:
        text = with_changes(entries, **fields)
    result = build_with(tmp_path, text)
    assert result.returncode != 0, f"{case}: the build passed, but it should have failed"
    for part in expected:
        assert part in result.stderr, f"{case}: the error does not mention {part!r}:\n{result.stderr}"


def test_the_line_of_each_entry_is_found():
    from sitekit import changes

    block = "title: x\nchanges:\n  - date: 2026-01-02\n    kind: new\n  -  date: 2026-01-01\nsources: [a]\n"
    assert changes.item_lines(block) == [4, 6]
    flush = "changes:\n- date: 2026-01-02\n  kind: new\n- date: 2026-01-01\n"
    assert changes.item_lines(flush) == [3, 5]
    assert changes.item_lines("changes: [{date: 2026-01-01}]\n") == []


# --- Page history on the pages -------------------------------------------------------------

def test_every_page_has_a_history_in_its_front_matter():
    missing = [f"docs/{rel}" for rel, _, meta in PAGES if not meta.get("changes")]
    assert not missing, ("pages without a changes: list (seed it from `git log --follow --format='%ad %s' "
                         "--date=short -- docs/<page>`):\n" + "\n".join(missing))


def test_every_history_starts_with_the_page_being_published():
    wrong = [f"docs/{rel}: the oldest entry is {meta['changes'][-1]['kind']!r}, not 'new'"
             for rel, _, meta in PAGES if meta.get("changes") and meta["changes"][-1]["kind"] != "new"]
    assert not wrong, "\n".join(wrong)


SECTIONS = [(rel, built, meta) for rel, built, meta in PAGES if rel.startswith(("fibromyalgia/", "il-6/"))]


@pytest.mark.parametrize("rel, built, meta", SECTIONS, ids=[rel for rel, _, _ in SECTIONS])
def test_fibromyalgia_and_il6_pages_show_their_history(pages, rel, built, meta):
    assert len(SECTIONS) >= 15
    box = pages[built].select_one("article details.page-history")
    assert box is not None, f"docs/{rel}: no 'Page history' box in the article"
    assert box.find("summary").get_text(strip=True) == "Page history", f"docs/{rel}: summary is not 'Page history'"
    assert not box.has_attr("open"), f"docs/{rel}: the page history should start collapsed"
    items = box.select("ol > li")
    assert len(items) == len(meta["changes"]), f"docs/{rel}: {len(items)} entries shown, {len(meta['changes'])} recorded"
    for item, change in zip(items, meta["changes"]):
        time = item.find("time")
        assert time is not None and time["datetime"] == change["date"], f"docs/{rel}: entry {change} has no <time>"
        assert change["what"] in item.get_text(), f"docs/{rel}: entry text {change['what']!r} is not shown"
    # The history comes after the page's own text and its review box.
    text = str(pages[built].select_one("article"))
    if "review-box" in text:
        assert text.index("review-box") < text.index("page-history"), f"docs/{rel}: history before the review box"


# --- Report a problem ---------------------------------------------------------------------

def test_every_page_links_to_the_report_form_with_its_own_address_and_title(pages):
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "report-an-error.yml").read_text(encoding="utf-8"))
    text_fields = {item["id"] for item in form["body"] if item["type"] in ("input", "textarea")}
    assert "page-url" in text_fields, "the issue form has no text field with id page-url"
    problems = []
    for rel, built, meta in PAGES:
        link = pages[built].select_one("article .report-problem a[data-report=github]")
        if link is None:
            problems.append(f"docs/{rel}: no 'Report a problem with this page' link")
            continue
        url = urlsplit(link["href"])
        query = parse_qs(url.query)
        expected = {"template": ["report-an-error.yml"], "page-url": [page_url(built)],
                    "title": [f"Error: {meta['title']}"]}
        if f"{url.scheme}://{url.netloc}{url.path}" != "https://github.com/fibro-il6/fibro-il6.github.io/issues/new":
            problems.append(f"docs/{rel}: the link goes to {link['href']}")
        for key, value in expected.items():
            if query.get(key) != value:
                problems.append(f"docs/{rel}: {key}={query.get(key)}, expected {value}")
        if "Report a problem with this page" not in link.get_text():
            problems.append(f"docs/{rel}: the link text is {link.get_text()!r}")
        if pages[built].select_one("a[href^='mailto:']"):
            problems.append(f"docs/{rel}: an email link although extra.contact_email is not set")
    assert not problems, "\n".join(problems)


def test_the_report_form_asks_what_where_and_the_source_but_no_health_details():
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "report-an-error.yml").read_text(encoding="utf-8"))
    ids = [item.get("id") for item in form["body"]]
    assert {"page-url", "what-is-wrong", "source"} <= set(ids), ids
    words = " ".join(" ".join(str(item.get("attributes", {}).get("value", "")) for item in form["body"]).split())
    assert "do not include your own or anyone else's health details" in words, words
    for asked in ("diagnosis", "date of birth", "medication", "symptoms"):
        assert not any(asked in (item.get("attributes", {}).get("label", "").lower()) for item in form["body"]), asked


def test_with_a_contact_email_every_page_offers_an_email_link(tmp_path):
    from bs4 import BeautifulSoup

    config = fixture_site(tmp_path, {"index.md": HOME, "page.md": front_matter(title="A page about sleep") + BODY})
    text = config.read_text(encoding="utf-8").replace("\n  contact_email:\n", "\n  contact_email: errors@fixture.test\n")
    assert "errors@fixture.test" in text, "mkdocs.yml has no 'contact_email:' line under extra:"
    config.write_text(text, encoding="utf-8")
    result = build(config, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for built, title, url in (("index.html", "Home", SITE), ("page/index.html", "A page about sleep", SITE + "page/")):
        soup = BeautifulSoup((tmp_path / "out" / built).read_text(encoding="utf-8"), "lxml")
        mail = soup.select_one("article .report-problem a[data-report=email]")
        assert mail is not None, f"{built}: no email link although contact_email is set"
        address, _, query = mail["href"].partition("?")
        assert address == "mailto:errors@fixture.test", mail["href"]
        fields = parse_qs(query)
        assert fields["subject"] == [f"Problem with the page: {title}"], fields
        assert url in fields["body"][0], fields


# --- Footer --------------------------------------------------------------------------------

def test_every_page_links_to_privacy_and_accessibility_in_the_footer(pages):
    problems = []
    for path, soup in pages.items():
        footer = soup.select_one("footer .md-copyright nav.site-policies")
        if footer is None:
            problems.append(f"{path}: no policy links in the footer")
            continue
        base = SITE + (path[: -len("index.html")] if path.endswith("index.html") else "")
        targets = {urljoin(base, a["href"]): a.get_text(strip=True) for a in footer.find_all("a", href=True)}
        for target, label in ((SITE + "about/privacy/", "Privacy"), (SITE + "about/accessibility/", "Accessibility")):
            if targets.get(target) != label:
                problems.append(f"{path}: the footer has no '{label}' link to {target} (has {targets})")
    assert not problems, "\n".join(problems)


def test_the_privacy_notice_covers_what_readers_need(pages):
    text = " ".join(pages["about/privacy/index.html"].select_one("article").get_text(" ").split())
    for phrase in ("GitHub logs and stores your internet address", "sets no cookies", "local storage",
                   "Delete all entries", "never sent to us", "its own address", "2 December 2026"):
        assert phrase in text, f"about/privacy: missing {phrase!r}"
    links = [a["href"] for a in pages["about/privacy/index.html"].select("article a[href]")]
    assert any(h.startswith("https://docs.github.com/") for h in links), "no link to GitHub's own statement"


@pytest.mark.browser
def test_the_site_sets_no_cookies_and_keeps_only_what_the_privacy_notice_says(page, server):
    """The privacy notice says: no cookies; local storage holds the colour
    setting (Material's __palette) and, on the diary page, the diary."""
    for path in ("", "fibromyalgia/", "about/privacy/", "tools/symptom-diary/"):
        page.goto(server + path, wait_until="load")
    page.locator(".md-search__input").click()
    page.keyboard.type("sleep")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state("load")
    assert "sleep" not in urlsplit(page.url).query, f"the search words are in the address: {page.url}"
    assert page.context.cookies() == [], page.context.cookies()
    local = page.evaluate("() => Object.keys(localStorage)")
    allowed = ("__palette", "fibro-diary-v1")
    assert all(key.endswith(allowed) for key in local), f"unexpected local storage keys: {local}"
    assert page.evaluate("() => Object.keys(sessionStorage)") == []


def test_search_words_are_not_put_in_page_addresses():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    assert "search.highlight" not in config["theme"]["features"], \
        "search.highlight puts the search words in the next page's address (?h=...)"


def test_the_accessibility_statement_names_the_standard_tests_limits_and_date(pages):
    text = " ".join(pages["about/accessibility/index.html"].select_one("article").get_text(" ").split())
    for phrase in ("WCAG", "2.2", "AA", "axe-core", "Nu Html Checker", "320 pixels", "keyboard",
                   "screen reader", "Report a problem with this page", "What happens next", "2 December 2026"):
        assert phrase in text, f"about/accessibility: missing {phrase!r}"


# --- What's new and the feed ---------------------------------------------------------------

@pytest.fixture(scope="module")
def atom(site):
    return etree.parse(str(site / "feed.xml")).getroot()


def test_the_feed_is_valid_atom_with_dated_entries(atom):
    """RFC 4287: a feed has id, title, updated and an author (or every entry
    has one); each entry has id, title, updated, and a link or content."""
    assert atom.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert atom.find(f"{ATOM}{name}") is not None, f"feed.xml: no <{name}>"
    assert atom.find(f"{ATOM}author/{ATOM}name").text
    self_link = atom.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == SITE + "feed.xml"
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) >= 20, f"only {len(entries)} entries"
    dates, ids = [], []
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{name}") is not None and entry.find(f"{ATOM}{name}").text, \
                f"an entry has no <{name}>: {etree.tostring(entry)[:200]}"
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href").startswith(SITE), "an entry has no link to its page"
        updated = entry.find(f"{ATOM}updated").text
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", updated), updated
        dates.append(updated)
        ids.append(entry.find(f"{ATOM}id").text)
    assert dates == sorted(dates, reverse=True), "entries are not newest first"
    assert atom.find(f"{ATOM}updated").text == dates[0], "the feed's updated is not its newest change"
    assert len(set(ids)) == len(ids), "entry ids repeat"
    assert all(i.startswith("tag:fibro-il6.github.io,") for i in ids), ids[:3]


def test_the_feed_lists_the_newest_changes_of_the_pages(atom):
    recorded = sorted(((str(c["date"]), rel) for rel, _, meta in PAGES for c in meta.get("changes") or []),
                      reverse=True)
    newest = recorded[0][0]
    in_feed = {(e.find(f"{ATOM}updated").text[:10], e.find(f"{ATOM}link").get("href")) for e in atom.findall(f"{ATOM}entry")}
    for date, rel in recorded:
        if date == newest:
            built = next(b for r, b, _ in PAGES if r == rel)
            assert (date, page_url(built)) in in_feed, f"docs/{rel}: its change of {date} is not in the feed"


def test_the_feed_carries_no_build_time(atom):
    newest = max(str(c["date"]) for _, _, meta in PAGES for c in meta.get("changes") or [])
    assert atom.find(f"{ATOM}updated").text == f"{newest}T00:00:00Z"


def test_every_page_links_to_the_feed_in_its_head(pages, site):
    problems = []
    for path, soup in pages.items():
        link = soup.select_one("head link[rel=alternate][type='application/atom+xml']")
        if link is None:
            problems.append(f"{path}: no <link rel=alternate type=application/atom+xml> in <head>")
            continue
        base = "http://x/" + (path.rsplit("/", 1)[0] + "/" if "/" in path else "")
        if urljoin(base, link["href"]) != "http://x/feed.xml":
            problems.append(f"{path}: the feed link {link['href']!r} does not point to /feed.xml")
    assert not problems, "\n".join(problems)
    assert (site / "feed.xml").is_file()


def test_whats_new_lists_changes_newest_first(pages):
    article = pages["about/whats-new/index.html"].select_one("article")
    items = [li for li in article.select("li") if li.find("strong") and re.match(r"\d+ \w+ \d{4}", li.find("strong").get_text())]
    assert len(items) >= 20, f"only {len(items)} dated changes listed"
    dates = [dt.datetime.strptime(li.find("strong").get_text(), "%d %B %Y").date() for li in items]
    assert dates == sorted(dates, reverse=True), "What's new is not newest first"
    assert all(li.find("a", href=True) for li in items), "a change does not link to its page"
    assert article.find("a", href=re.compile(r"feed\.xml$")), "What's new does not link to the feed"


def test_feed_ids_stay_the_same_when_a_newer_change_is_added():
    class Page:
        def __init__(self, changes):
            self.path, self.meta = "a/b.md", {"title": "B", "changes": changes}

    old = [{"date": "2026-01-01", "kind": "new", "what": "First published."}]
    new = [{"date": "2026-02-01", "kind": "content", "what": "Reworded.", "why": "Clearer."}] + old
    ids = lambda changes: [feed._tag(SITE, c) for c in feed.collect([Page(changes)])]  # noqa: E731
    assert ids(new)[1] == ids(old)[0] == "tag:fibro-il6.github.io,2026-01-01:a/b.md/1"
    assert feed.atom(feed.collect([Page(new)]), "S", SITE) == feed.atom(feed.collect([Page(new)]), "S", SITE)


def test_the_feed_never_cuts_a_day_in_half():
    """Past its limit the feed still carries every change of the last day it
    reaches, so a reader's feed never shows half of one day's corrections."""
    changes = [feed.Change(date=d, path=f"p{i}.md", title="P", number=1, kind="content", what="W.", why="Y.")
               for i, d in enumerate(["2026-12-02", "2026-12-02", "2026-12-02", "2026-12-01"])]
    text = feed.atom(changes, "S", SITE, limit=2)
    assert text.count("<entry>") == 3, text


# --- The fibromyalgia section page ---------------------------------------------------------

def test_the_fibromyalgia_section_page_answers_first_with_at_least_three_sources(pages):
    meta = next(m for rel, _, m in PAGES if rel == "fibromyalgia/index.md")
    assert len(set(meta.get("sources") or [])) >= 3, f"sources: {meta.get('sources')}"
    article = pages["fibromyalgia/index.html"].select_one("article")
    first_h2 = article.find("h2")
    assert first_h2 is not None and "short answer" in first_h2.get_text().lower(), \
        f"the first heading is {first_h2.get_text() if first_h2 else None!r}, not the short answer"
    answer = []
    for node in first_h2.find_next_siblings():
        if node.name == "h2":
            break
        answer.append(node)
    cited = {a["href"] for node in answer for a in node.select("sup.cite a[href]")}
    assert len(cited) >= 3, f"the short answer cites {len(cited)} sources: {cited}"
    listed = article.select("ol.sources > li")
    assert len(listed) >= 3, f"the Sources list has {len(listed)} entries"
