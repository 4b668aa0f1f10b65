"""The body map on the criteria explainer (sitekit/bodymap.py, data/body-map.yml,
docs/assets/tools/criteria.js): the 19 areas in the 5 regions of the 2016
criteria, each chosen by tap, click or keyboard, always in step with the
form's checkboxes both ways; the scoring still counts right; printable; and
without JavaScript a picture beside the checkboxes that still work."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import ROOT
from sitekit import bodymap
from test_criteria_scoring import ALL_AREAS, REGIONS

PAGE = "tools/criteria-explainer/"
GOOD = "- {id: neck, label: Neck, region: axial, view: front, x: 83, y: 54, w: 24, h: 12}\n"


def area(tab, value):
    return tab.locator(f'svg.body-map-svg [data-area="{value}"]')


def box(tab, value):
    return tab.locator(f'input[name="area"][value="{value}"]')


# ---------------------------------------------------------------- data and build

def test_the_data_file_has_the_19_areas_in_their_2016_regions():
    areas, problems = bodymap.load()
    assert not problems, "\n".join(map(str, problems))
    assert sorted(a.id for a in areas) == sorted(ALL_AREAS)
    for a in areas:
        assert a.id in REGIONS[a.region], f"{a.id} is drawn in region {a.region}"
    back = {a.id for a in areas if a.view == "back"}
    assert back == {"upper-back", "lower-back"}


@pytest.mark.parametrize("change, message", [
    (("region: axial", "region: middle"), "region 'middle' is not one of the 5 regions"),
    (("x: 83", "x: 290"), "does not fit"),
    (("w: 24", "w: wide"), "w 'wide' is not a whole number"),
    ((", label: Neck", ""), "missing 'label'"),
    (("view: front", "view: side"), "view 'side' is not front or back"),
])
def test_a_malformed_row_names_the_file_and_line(tmp_path: Path, change, message):
    path = tmp_path / "map.yml"
    path.write_text("# comment\n" + GOOD.replace(*change), encoding="utf-8")
    areas, problems = bodymap.load(path)
    assert areas == [] and problems
    assert problems[0].line == 2 and message in problems[0].message, problems
    assert problems[0].fix


def test_a_map_without_all_19_areas_is_a_problem(tmp_path: Path):
    path = tmp_path / "map.yml"
    path.write_text(GOOD, encoding="utf-8")
    _, problems = bodymap.load(path)
    assert problems and "not the 19" in problems[0].message


def test_the_built_map_matches_the_checkboxes_of_the_form(pages):
    soup = pages[PAGE + "index.html"]
    svg = soup.select_one("figure.body-map svg.body-map-svg")
    assert svg is not None, "no body map on the criteria explainer"
    assert svg.get("role") == "img" and svg.find("title"), "without JavaScript the map is a labelled picture"
    drawn = [(r["data-area"], r["data-region"]) for r in svg.select(".body-area")]
    boxes = [b["value"] for b in soup.select('input[type=checkbox][name="area"]')]
    assert sorted(a for a, _ in drawn) == sorted(boxes) == sorted(ALL_AREAS)
    for value, region in drawn:
        assert value in REGIONS[region]
    assert not svg.select("[role=checkbox]"), "areas must not claim to be checkboxes before the script runs"


# ---------------------------------------------------------------- in Chromium

@pytest.mark.browser
def test_clicking_the_map_ticks_the_box_and_ticking_the_box_marks_the_map(page, server):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + PAGE)
    assert page.locator("svg.body-map-svg").get_attribute("role") == "group"
    for value in ALL_AREAS:
        assert area(page, value).get_attribute("role") == "checkbox", value
        assert area(page, value).get_attribute("aria-checked") == "false", value

    area(page, "jaw-left").click()
    assert box(page, "jaw-left").is_checked(), "clicking the left jaw on the map did not tick its box"
    assert area(page, "jaw-left").get_attribute("aria-checked") == "true"
    area(page, "jaw-left").click()
    assert not box(page, "jaw-left").is_checked(), "a second click did not untick"

    box(page, "lower-leg-right").check()
    assert area(page, "lower-leg-right").get_attribute("aria-checked") == "true", "the map missed a ticked box"
    box(page, "lower-leg-right").uncheck()
    assert area(page, "lower-leg-right").get_attribute("aria-checked") == "false"
    assert page.get_by_role("checkbox", name="Upper back").first.count() == 1
    assert not errors, errors


@pytest.mark.browser
def test_the_map_works_with_the_keyboard(page, server):
    page.goto(server + PAGE)
    area(page, "neck").focus()
    assert page.evaluate("document.activeElement.getAttribute('data-area')") == "neck"
    before = page.evaluate("window.scrollY")
    page.keyboard.press("Space")
    assert box(page, "neck").is_checked(), "Space on the map did not tick the box"
    assert page.evaluate("window.scrollY") == before, "Space scrolled the page instead of choosing the area"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('data-area')")
    assert focused in ALL_AREAS, "Tab does not move to the next area on the map"
    page.keyboard.press("Enter")
    assert box(page, focused).is_checked(), "Enter on the map did not tick the box"
    page.keyboard.press("Enter")
    assert not box(page, focused).is_checked()
    assert "criteria-result" not in page.url


@pytest.mark.browser
def test_tapping_the_map_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    try:
        tab.goto(server + PAGE)
        area(tab, "upper-back").tap()
        assert box(tab, "upper-back").is_checked()
        width = tab.evaluate("document.querySelector('svg.body-map-svg').getBoundingClientRect().right")
        assert width <= 390, f"the map is wider than the phone screen ({width} px)"
    finally:
        context.close()


@pytest.mark.browser
def test_areas_chosen_on_the_map_are_scored_and_cleared(page, server):
    page.goto(server + PAGE)
    for value in ("shoulder-left", "upper-arm-right", "hip-left", "upper-leg-right", "neck",
                  "upper-back", "lower-back"):
        area(page, value).click()
    page.check('input[name="fatigue"][value="2"]')
    page.check('input[name="waking"][value="2"]')
    page.check('input[name="cognitive"][value="1"]')
    page.check('input[name="threeMonths"][value="yes"]')
    page.get_by_role("button", name="Show how my answers count").click()
    text = page.locator("#criteria-result").inner_text()
    assert "Widespread pain index (WPI): 7 out of 19" in text, text
    assert "5 out of 5" in text and "fit the pattern" in text, text
    page.get_by_role("button", name="Clear all answers").click()
    page.wait_for_function("!document.querySelector('.body-area[aria-checked=\"true\"]')")


@pytest.mark.browser
def test_the_map_prints_chosen_areas_solid(page, server):
    page.goto(server + PAGE)
    area(page, "chest").click()
    page.emulate_media(media="print")
    assert page.locator("svg.body-map-svg").is_visible()
    fills = page.evaluate("""() => ['chest', 'abdomen'].map(a =>
        getComputedStyle(document.querySelector(`[data-area=${a}]`)).fill)""")
    assert fills[0] != fills[1], f"a chosen area prints like the others: {fills}"
    assert fills[1] in ("rgb(255, 255, 255)", "#fff"), fills


@pytest.mark.browser
def test_without_javascript_the_map_is_a_picture_and_the_boxes_still_work(browser, server):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(server + PAGE)
        assert tab.locator("svg.body-map-svg").is_visible()
        assert tab.locator("[role=checkbox]").count() == 0
        box(tab, "neck").check()
        assert box(tab, "neck").is_checked()
    finally:
        context.close()
