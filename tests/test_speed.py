"""What keeps a page light on a slow phone: one tooltip per glossary term
(sitekit/tooltips.py), built only when a reader asks (docs/assets/site.js);
off-screen parts of a page left unrendered until scrolled to
(docs/assets/site.css); no request a page does not need; and content-hashed
names for the site's own CSS and JavaScript (sitekit/assets.py), so a repeat
visit asks only for the page."""

from __future__ import annotations

import hashlib
import re

import pytest

from sitekit.assets import HASHED, THEIRS, rewrite
from sitekit.tooltips import once_per_term

ASSET_REF = re.compile(r"\b(?:href|src)=[\"']?([^\"'\s>]*assets/[^\"'\s>?#]+\.(?:css|js))")


def test_later_uses_of_a_term_keep_the_word_but_not_the_definition():
    sample = ('<p><abbr title="d">IL-6</abbr> and <abbr title="d">IL-6</abbr> and '
              '<abbr title="c" tabindex="0">CRP</abbr> <abbr title=c>CRP</abbr></p>')
    assert once_per_term(sample) == ('<p><abbr title="d">IL-6</abbr> and <abbr>IL-6</abbr> and '
                                     '<abbr title="c" tabindex="0">CRP</abbr> <abbr>CRP</abbr></p>')
    # A term first used inside a link keeps its definition where it first takes focus.
    linked = '<a href=#x><abbr title="d">ESR</abbr></a> <abbr title="d" tabindex="0">ESR</abbr> <abbr title="d">ESR</abbr>'
    assert once_per_term(linked) == ('<a href=#x><abbr title="d">ESR</abbr></a> '
                                     '<abbr title="d" tabindex="0">ESR</abbr> <abbr>ESR</abbr>')


def test_a_term_in_a_collapsible_box_keeps_its_definition_and_is_not_the_first_use():
    """A "For clinicians" box may stay closed: the term must still explain
    itself where the reader meets it in the open text."""
    from sitekit.postbuild import focusable_terms

    sample = ('<details><summary>For clinicians</summary><p><abbr title="s">SSS</abbr></p></details>'
              '<p><abbr title="s">SSS</abbr> then <abbr title="s">SSS</abbr></p>'
              '<details><p><abbr title="s">SSS</abbr></p></details>')
    assert once_per_term(focusable_terms(sample)) == (
        '<details><summary>For clinicians</summary><p><abbr title="s">SSS</abbr></p></details>'
        '<p><abbr title="s" tabindex="0">SSS</abbr> then <abbr>SSS</abbr></p>'
        '<details><p><abbr title="s">SSS</abbr></p></details>')
    # A term used only inside boxes takes focus at its first use there; each
    # box defines a term once.
    boxed = ('<details><p><abbr title="w">WPI</abbr> <abbr title="w">WPI</abbr></p></details>'
             '<details><p><abbr title="w">WPI</abbr></p></details>')
    assert once_per_term(focusable_terms(boxed)) == (
        '<details><p><abbr title="w" tabindex="0">WPI</abbr> <abbr>WPI</abbr></p></details>'
        '<details><p><abbr title="w">WPI</abbr></p></details>')


def test_each_glossary_term_has_one_definition_per_page_where_it_first_appears(site):
    from bs4 import BeautifulSoup

    problems = []
    for page in sorted(site.rglob("*.html")):  # parsed afresh: other tests edit the shared soups
        path, soup = page.relative_to(site).as_posix(), BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        article = soup.find("article")
        if article is None:
            continue
        defined: dict[str, int] = {}
        for abbr in article.find_all("abbr"):
            box = abbr.find_parent("details")
            if box is not None:  # boxes may stay closed: each defines its own terms once
                first = next(a for a in box.find_all("abbr") if a.get_text() == abbr.get_text())
                if abbr is first and first.get("title") is None:
                    problems.append(f"{path}: '{abbr.get_text()}' in a collapsible box has no definition")
                continue
            term = abbr.get_text()
            if abbr.get("title") is None:
                if term not in defined:
                    problems.append(f"{path}: the first '{term}' has no definition")
                    defined[term] = 0
            elif term in defined and not abbr.get("tabindex"):
                problems.append(f"{path}: '{term}' is defined again (a tooltip for every use)")
            else:
                defined[term] = defined.get(term, 0) + 1
    assert not problems, "\n".join(problems)


def test_references_to_own_assets_are_rewritten_to_hashed_names():
    names = {"assets/site.css": "assets/site.0123abcd.css", "assets/tools/diary.js": "assets/tools/diary.89abcdef.js"}
    page = ('<link href=../assets/site.css rel=stylesheet><link href="/assets/site.css?v=1">'
            '<script src="../../assets/tools/diary.js" defer></script><p>docs/assets/site.css</p>')
    assert rewrite(page, names) == ('<link href=../assets/site.0123abcd.css rel=stylesheet>'
                                    '<link href="/assets/site.0123abcd.css?v=1">'
                                    '<script src="../../assets/tools/diary.89abcdef.js" defer></script>'
                                    '<p>docs/assets/site.css</p>')


def test_every_page_asks_for_own_css_and_js_by_a_hashed_name_matching_its_content(site):
    problems, seen = [], set()
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        for url in ASSET_REF.findall(page.read_text(encoding="utf-8")):
            target = (page.parent / url).resolve() if not url.startswith("/") else site / url.lstrip("/")
            name = target.relative_to(site.resolve() if not url.startswith("/") else site).as_posix()
            if name.startswith(THEIRS):
                continue
            seen.add(name)
            if not HASHED.search(name):
                problems.append(f"{rel}: {url} has no content hash in its name")
            elif not target.is_file():
                problems.append(f"{rel}: {url} does not exist")
            elif hashlib.sha256(target.read_bytes()).hexdigest()[:8] != name.rsplit(".", 2)[-2]:
                problems.append(f"{rel}: {url} does not match its content's hash")
    assert not problems, "\n".join(problems)
    assert any(n.startswith("assets/site.") for n in seen), f"no page links site.css? saw {sorted(seen)}"
    assert any(n.startswith("assets/site.") for n in seen), f"no site.js? {sorted(seen)}"


# --- In Chromium (issue 18) -----------------------------------------------------------------

FIRST_VISIT_LIMIT = 7   # the page, Material's CSS, palette CSS and bundle, site.css, site.js, favicon


@pytest.mark.browser
def test_a_first_visit_asks_only_for_the_page_and_what_draws_it(page, server):
    """No sitemap.xml (Material fetches it for instant navigation, which the
    site does not use), no search index or worker until a search starts."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url.removeprefix(server)))
    page.goto(server, wait_until="load")
    page.wait_for_load_state("networkidle")
    unwanted = [u for u in fetched if re.search(r"sitemap\.xml|search_index|workers/", u)]
    assert not unwanted, f"the home page asked for {unwanted} on load"
    assert len(fetched) <= FIRST_VISIT_LIMIT, \
        f"the home page made {len(fetched)} requests (at most {FIRST_VISIT_LIMIT}): {fetched}"


OPEN_TIPS = """() => [...document.querySelectorAll('.md-tooltip2')].map((t) => ({
  role: t.getAttribute('role'), id: t.id, text: t.innerText.trim(),
  active: t.classList.contains('md-tooltip2--active')}))"""


@pytest.mark.browser
def test_definitions_and_sources_are_built_only_when_a_reader_asks(page, server):
    """Nothing is set up per term or citation while the page loads: terms keep
    their title (the no-JavaScript fallback), and no tooltip exists. Pointing
    at a term shows one tooltip, described to assistive technology; Escape
    closes it (WCAG 1.4.13); a focused citation shows its source."""
    page.goto(server + "fibromyalgia/treatment/", wait_until="load")
    assert page.evaluate(OPEN_TIPS) == [], "tooltips were built while the page loaded"
    titled = page.evaluate("() => document.querySelectorAll('article abbr[title]').length")
    assert titled > 20, f"only {titled} glossary terms kept their title after load"

    term = page.locator("article abbr[title]").filter(visible=True).first.element_handle()  # stays the same element
    definition = term.get_attribute("title")
    term.hover()
    page.wait_for_selector(".md-tooltip2--active", timeout=3000)
    tips = page.evaluate(OPEN_TIPS)
    assert len(tips) == 1 and tips[0]["role"] == "tooltip" and tips[0]["text"] == definition, tips
    assert term.get_attribute("aria-describedby") == tips[0]["id"], "the term is not described by its tooltip"
    assert term.get_attribute("title") is None, "the browser's own title tooltip would show on top"

    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.md-tooltip2')", timeout=3000)
    assert term.get_attribute("title") == definition, "the term lost its definition after closing"
    assert term.get_attribute("aria-describedby") is None

    citation = page.locator("article sup.cite a").first
    source = page.locator(citation.get_attribute("href")).inner_text().split(".")[0]
    citation.focus()
    page.wait_for_selector(".md-tooltip2--active", timeout=3000)
    tips = page.evaluate(OPEN_TIPS)
    assert len(tips) == 1 and tips[0]["role"] == "dialog" and source in tips[0]["text"], (source, tips)


@pytest.mark.browser
def test_off_screen_parts_of_a_page_skip_rendering_but_print_whole(page, server):
    """The article's blocks render only near the screen (content-visibility);
    the footer stacks above the article, so text not yet drawn (placed by an
    estimated height) is never read as sitting on the footer's dark colour."""
    page.goto(server + "evidence/references/", wait_until="load")
    styles = page.evaluate("""() => [...document.querySelectorAll('article.md-content__inner > :not(h1)')]
        .map((e) => getComputedStyle(e).contentVisibility)""")
    assert len(styles) > 20 and set(styles) == {"auto"}, f"blocks of the article that always render: {styles}"
    footer = page.evaluate("() => { const s = getComputedStyle(document.querySelector('.md-footer'));"
                           " return [s.position, s.zIndex]; }")
    assert footer == ["relative", "1"], f"the footer is not stacked above the article: {footer}"
    page.emulate_media(media="print")
    printed = page.evaluate("""() => [...document.querySelectorAll('article.md-content__inner > *')]
        .map((e) => getComputedStyle(e).contentVisibility)""")
    assert set(printed) == {"visible"}, f"a printed page could leave parts out: {set(printed)}"
