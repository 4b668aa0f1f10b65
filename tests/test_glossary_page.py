"""The Glossary page has A-Z headings and jump links; the promised entry
"acute-phase response" is there; and every page with glossary words (and only
those, home page apart) says once, near the top, that dotted words show their meaning."""

from __future__ import annotations

from sitekit import glossary

GLOSSARY_PAGE = "tools/glossary/index.html"


def test_the_layout_groups_terms_under_their_first_letter():
    out = glossary.definition_list({"CRP": "c", "acute-phase response": "a", "Alpha": "b", "5-HT": "d"})
    assert out.index('id="letter-a"') < out.index("acute-phase response") < out.index("Alpha") \
        < out.index('id="letter-c"') < out.index("CRP")
    assert 'href="#letter-a"' in out and 'href="#letter-c"' in out and 'href="#letter-b"' not in out
    assert '<h2 class="glossary-letter" id="letter-#">#</h2>' in out, "digits go under '#'"


def test_the_glossary_page_has_a_to_z_jump_links_to_letter_headings(pages):
    soup = pages[GLOSSARY_PAGE]
    article = soup.select_one("article")
    links = article.select("nav.glossary-az a")
    assert len(links) >= 10, "no A-Z jump links on the Glossary page"
    letters = [a.get_text(strip=True) for a in links]
    assert letters == sorted(letters), f"the jump links are not in A-Z order: {letters}"
    for a in links:
        target = article.find(id=a["href"].lstrip("#"))
        assert target is not None and target.name == "h2", f"the link {a.get_text()} goes nowhere"
        assert target.get_text(strip=True) == a.get_text(strip=True)
        terms = [dt.get_text(strip=True) for dt in target.find_next_sibling("dl").select("dt")]
        assert terms and all(t[0].upper() == target.get_text(strip=True) for t in terms), \
            f"letter {target.get_text()} lists {terms}"


def test_the_acute_phase_response_entry_is_there_and_plain():
    terms = glossary.load()
    definition = terms.get("acute-phase response")
    assert definition, "the Glossary has no entry for 'acute-phase response'"
    assert "liver" in definition and "C-reactive protein" in definition


def test_pages_with_glossary_words_say_once_that_dotted_words_show_their_meaning(content_pages):
    problems = []
    for path, soup in content_pages.items():
        article = soup.select_one("article")
        if article is None:
            continue
        hints = article.select(".glossary-hint")
        # Words in the page's own text; the collapsed page history at the end does not count.
        words = [a for a in article.find_all("abbr")
                 if not a.find_parent(class_="glossary-hint") and not a.find_parent(class_="page-history")]
        if path == "index.html":   # the home page keeps its first screen for the short answer
            if hints:
                problems.append("index.html: the home page shows the hint")
            continue
        if words and len(hints) != 1:
            problems.append(f"{path}: {len(words)} glossary words but {len(hints)} hints")
        if not words and hints:
            problems.append(f"{path}: a hint about dotted words, but no dotted word on the page")
        if hints and "dotted underline" not in hints[0].get_text():
            problems.append(f"{path}: the hint does not mention the dotted underline")
        if hints and hints[0].find_next("h1") is None:
            problems.append(f"{path}: the hint is not near the top (it comes after the title)")
    assert not problems, "\n".join(problems)
