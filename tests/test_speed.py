"""What keeps a page light on a slow phone: one tooltip per glossary term
(sitekit/tooltips.py) and content-hashed names for the site's own CSS and
JavaScript (sitekit/assets.py), so a repeat visit asks only for the page."""

from __future__ import annotations

import hashlib
import re

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
