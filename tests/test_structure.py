"""Page structure: one <h1>, a unique <title>, a description, and a helpful 404 page."""

from collections import Counter


def test_every_page_has_exactly_one_h1(pages):
    wrong = [f"{path}: {len(soup.find_all('h1'))} <h1> elements" for path, soup in pages.items()
             if len(soup.find_all("h1")) != 1]
    assert not wrong, "\n".join(wrong)


def test_every_page_has_a_unique_title(pages):
    titles = {path: (soup.title.string or "").strip() if soup.title else "" for path, soup in pages.items()}
    empty = [path for path, title in titles.items() if not title]
    counts = Counter(titles.values())
    repeated = [f"{path}: '{title}' is used {counts[title]} times" for path, title in titles.items()
                if counts[title] > 1]
    assert not empty, f"pages without a <title>: {empty}"
    assert not repeated, "\n".join(repeated)


def test_every_page_has_a_meta_description(content_pages):
    missing = []
    for path, soup in content_pages.items():
        tag = soup.find("meta", attrs={"name": "description"})
        if tag is None or len(tag.get("content", "").strip()) < 50:
            missing.append(f"{path}: no meta description of at least 50 characters")
    assert not missing, "\n".join(missing)


def test_the_404_page_helps_the_reader_on(pages):
    page = pages["404.html"]
    assert page.h1.get_text(strip=True) == "Page not found"
    links = {a["href"] for a in page.select("article a[href]")}
    assert any(h.rstrip("/").endswith("fibro-il6.github.io") or h in ("/", ".") for h in links), \
        f"404.html: no link to the home page among {sorted(links)}"
    assert page.select_one("article .site-disclaimer"), "404.html: no disclaimer"


def test_every_section_has_an_index_page(site):
    for section in ("fibromyalgia", "il-6", "evidence", "tools", "about"):
        assert (site / section / "index.html").exists(), f"docs/{section}/index.md is missing"


def test_no_page_uses_a_web_font_from_another_host(pages):
    offenders = [f"{path}: {link['href']}" for path, soup in pages.items()
                 for link in soup.find_all("link", href=True)
                 if "fonts.googleapis" in link["href"] or "fonts.gstatic" in link["href"]]
    assert not offenders, "\n".join(offenders)


def test_every_page_is_minified_without_losing_text(site):
    """sitekit.postbuild minifies each page: no HTML comments, no blank lines,
    and the words of a page survive (checked on a snippet with <pre>)."""
    from sitekit.postbuild import minify

    texts = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}
    fat = [path for path, text in texts.items() if "<!--" in text or "\n\n" in text]
    assert not fat, f"pages not minified (comments or blank lines left): {fat}"
    snippet = "<p>One   <a href='#x'>two</a> three</p>\n<!-- note -->\n<pre>  keep\n   this</pre>"
    small = minify(snippet)
    assert "One <a href=#x>two</a> three" in small and "<pre>  keep\n   this</pre>" in small, small
    assert "note" not in small


def test_the_first_use_of_each_glossary_term_takes_keyboard_focus(site):
    """One tab stop per term on a page (its tooltip then shows on focus),
    never inside a link or other control, where it would be invalid HTML."""
    from sitekit.postbuild import focusable_terms

    sample = ('<p><abbr title="d">IL-6</abbr> and <abbr title="d">IL-6</abbr> '
              '<a href="#"><abbr title="c">CRP</abbr></a> <abbr title="c">CRP</abbr></p>')
    assert focusable_terms(sample) == ('<p><abbr title="d" tabindex="0">IL-6</abbr> and <abbr title="d">IL-6</abbr> '
                                       '<a href="#"><abbr title="c">CRP</abbr></a> '
                                       '<abbr title="c" tabindex="0">CRP</abbr></p>')
    from bs4 import BeautifulSoup

    problems = []
    for page in sorted(site.rglob("*.html")):  # parsed afresh: other tests edit the shared soups
        path, soup = page.relative_to(site).as_posix(), BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        focusable = [a.get_text() for a in soup.select("article abbr[tabindex]")]
        if len(focusable) != len(set(focusable)):
            problems.append(f"{path}: a term takes focus more than once: {sorted(focusable)}")
        terms = {a.get_text() for a in soup.select("article abbr") if not a.find_parent(["a", "summary", "label", "button"])}
        if terms - set(focusable):
            problems.append(f"{path}: terms that never take focus: {sorted(terms - set(focusable))}")
        problems += [f"{path}: focusable term inside a control: {a.get_text()}"
                     for a in soup.select("a abbr[tabindex], summary abbr[tabindex], label abbr[tabindex]")]
    assert not problems, "\n".join(problems)
