"""Reader first, phone first (issue 14): the home page's short answer on the
first phone screen, every page's title on the first screen at 200% text, and a
"What you can do" box at the end of every fibromyalgia and IL-6 page."""

from __future__ import annotations

import pytest

from browsing import PHONE, every_page, label
from sitebuild import docs_pages

SECTIONS = ("fibromyalgia/", "il-6/")
TIP_TITLE = "What you can do"


def test_every_fibromyalgia_and_il6_page_ends_with_what_you_can_do(pages):
    """The box is the page's last content (only the Sources list, the review
    box, the report link and the page history follow it), has the same title
    everywhere, and links to a tool or page that helps."""
    lacking = []
    for rel, built, _ in docs_pages():
        if not rel.startswith(SECTIONS):
            continue
        article = pages[built].select_one("article")
        tips = [t for t in article.select(".admonition.tip")
                if t.select_one(".admonition-title") and
                t.select_one(".admonition-title").get_text(strip=True) == TIP_TITLE]
        if not tips:
            lacking.append(f"docs/{rel}: no !!! tip \"{TIP_TITLE}\" box")
            continue
        tip = tips[-1]
        if not tip.select("a[href]"):
            lacking.append(f"docs/{rel}: the \"{TIP_TITLE}\" box links to nothing")
        actions = tip.select("li")
        if not 1 <= len(actions) <= 3:
            lacking.append(f"docs/{rel}: the \"{TIP_TITLE}\" box has {len(actions)} actions (1 to 3)")
        after = [s for s in tip.find_next_siblings()
                 if not (s.get("id") == "sources"
                         or {"sources", "review-box", "report-problem", "page-history"} & set(s.get("class") or []))]
        if after:
            lacking.append(f"docs/{rel}: the \"{TIP_TITLE}\" box is not the last content; after it: "
                           + ", ".join(f"<{s.name}> {s.get_text(' ', strip=True)[:40]!r}" for s in after[:3]))
    assert not lacking, "pages lacking a proper \"What you can do\" box:\n" + "\n".join(lacking)


def test_the_home_page_gives_the_short_answer_under_its_title(pages):
    article = pages["index.html"].select_one("article")
    answer = article.select_one(".short-answer")
    assert answer is not None, "index.html: no .short-answer paragraph"
    text = answer.get_text(" ", strip=True)
    for phrase in ("No blood test", "IL-6 included", "not a proven treatment"):
        assert phrase.lower() in text.lower(), f"index.html: the short answer lacks {phrase!r}: {text}"
    assert answer.select("sup.cite a"), "index.html: the short answer is not cited"
    first = article.select_one("h1").find_next_sibling()
    assert first is answer, \
        f"index.html: <{first.name}> {first.get_text(' ', strip=True)[:60]!r} comes between the title and the short answer"



@pytest.mark.browser
def test_the_short_answer_is_on_the_first_phone_screen(page, server):
    page.set_viewport_size(PHONE)
    page.goto(server, wait_until="load")
    box = page.locator(".short-answer").bounding_box()
    assert box is not None, "home: the short answer is not shown"
    assert box["y"] + box["height"] <= PHONE["height"], \
        f"home: the short answer ends at {box['y'] + box['height']:.0f} px, below the first {PHONE['height']} px"


@pytest.mark.browser
def test_every_pages_title_is_on_the_first_screen_at_200_percent_text(browser, server, site):
    """Text at 200%: the root font size doubled (Material sizes text in rem),
    on a 390 x 844 screen; measured in the shared walk (browsing.browse_pass)."""
    late = [f"{label(path)}: the title ends at {visit.data['title bottom']} px (screen: {PHONE['height']} px)"
            for path, visit in every_page(browser, server, site)["visits"].items()
            if visit.data["title bottom"] is None or visit.data["title bottom"] > PHONE["height"]]
    assert not late, "titles below the first phone screen at 200% text:\n" + "\n".join(late)


REPOSITORY = "https://github.com/fibro-il6/fibro-il6.github.io"


def test_readers_see_suggest_a_change_in_the_review_box_and_no_edit_pencil_or_repository_in_the_header(pages):
    problems = []
    for rel, built, _ in docs_pages():
        soup = pages[built]
        if soup.select(".md-content__button, a[title='Edit this page']"):
            problems.append(f"{built}: an edit pencil beside the title")
        if soup.select(f"header a[href^='{REPOSITORY}'], .md-header__source, .md-nav__source"):
            problems.append(f"{built}: the repository is linked from the header or navigation")
        edit = [a for a in soup.select(".review-box a[href]") if a.get_text(strip=True) == "Suggest a change"]
        if not edit or not edit[0]["href"].startswith(f"{REPOSITORY}/edit/main/docs/{rel}"):
            problems.append(f"{built}: no 'Suggest a change' link to docs/{rel} in the review box")
        if not soup.select(f"footer a[href^='{REPOSITORY}']"):
            problems.append(f"{built}: no link to the repository in the footer")
    assert not problems, "\n".join(problems)


HEADER = """() => {
  const name = document.querySelector('.md-header__topic:first-child .md-ellipsis');
  const r = name.getBoundingClientRect();
  const controls = [...document.querySelectorAll('.md-header__option label:not([hidden]), label[for=__search].md-header__button')]
    .filter((e) => e.getClientRects().length).map((e) => e.getBoundingClientRect());
  const palette = document.querySelector('.md-header__option label:not([hidden])');
  return {cut: name.scrollWidth > name.clientWidth + 1 || r.right > document.documentElement.clientWidth,
          overlaps: controls.some((c) => c.left < r.right - 1 && c.right > r.left && c.top < r.bottom && c.bottom > r.top),
          text: name.textContent.trim(),
          label: getComputedStyle(palette, '::after').content,
          names: [...document.querySelectorAll('input[name=__palette]')].map((i) => i.getAttribute('aria-label'))};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 360])
def test_the_site_name_is_whole_and_the_theme_control_has_a_visible_label(page, server, width):
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(server + "fibromyalgia/causes/", wait_until="load")
    state = page.evaluate(HEADER)
    assert not state["cut"], f"at {width} px the site name is cut off: {state['text']!r}"
    assert not state["overlaps"], f"at {width} px the site name runs under the header buttons"
    assert state["label"] == '"Theme"', f"the colour-scheme control shows {state['label']} as its label, not Theme"
    assert all(n.startswith("Theme") for n in state["names"]), \
        f"the control's spoken names do not start with its visible label: {state['names']}"
