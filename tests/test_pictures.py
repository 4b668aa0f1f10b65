"""Pictures on patient pages: the symptoms picture (drawn on the site, words
from the page itself) sits below the key points with a caption, and none of
the pages with a new picture is wider than a 320 or 390 px phone column."""

from __future__ import annotations

import pytest

SYMPTOMS = "fibromyalgia/symptoms/"
TOUCHED = [SYMPTOMS, "fibromyalgia/what-is-fibromyalgia/", "tools/criteria-explainer/",
           "tools/questions-for-your-doctor/", "tools/glossary/"]


def test_the_symptoms_picture_follows_the_key_points_and_is_in_words_too(pages):
    soup = pages[SYMPTOMS + "index.html"]
    figure = soup.select_one("article figure.symptom-map")
    assert figure is not None, "no symptoms picture on the symptoms page"
    before = figure.find_previous_sibling()
    assert before is not None and "abstract" in before.get("class", []), "the picture is not right below the key points"
    words = [li.get_text(" ", strip=True) for li in figure.select("li")]
    for symptom in ("Pain", "Tiredness", "Sleep", "Fibro fog"):
        assert any(w.startswith(symptom) for w in words), f"the picture does not name {symptom}"
    assert figure.select_one("figcaption").get_text(strip=True)
    svg = figure.select_one("svg")
    assert svg is not None and svg.get("aria-hidden") == "true", "the drawing repeats the words: hide it from screen readers"
    assert not figure.select("img, image, use[href^=http]"), "the picture must not load any file"
    text = soup.select_one("article").get_text(" ")
    for w in words:   # nothing in the picture that the page does not say
        detail = w.split(" ", 1)[-1].split(",")[0].strip()
        assert detail.split()[0] in text.replace(figure.get_text(" "), ""), f"'{w}' is not on the page"


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390])
def test_pages_with_new_pictures_and_tools_fit_a_phone_column(page, server, width):
    page.set_viewport_size({"width": width, "height": 800})
    problems = []
    for path in TOUCHED:
        page.goto(server + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        wide = page.evaluate("""(w) => [...document.querySelectorAll(
                'article figure, article svg, article .question-list, article .glossary-az, article .tool-form')]
            .filter(e => e.getBoundingClientRect().right > w + 1 || e.getBoundingClientRect().left < -1)
            .map(e => e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || ''))""", width)
        scroll = page.evaluate("document.scrollingElement.scrollWidth")
        if wide or scroll > width:
            problems.append(f"{path} at {width} px: page {scroll} px wide; too wide: {wide}")
    assert not problems, "\n".join(problems)
