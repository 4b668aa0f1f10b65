"""The 2016 criteria explainer: the scoring in docs/assets/tools/criteria.js,
checked against Wolfe et al. 2016 (Semin Arthritis Rheum 46:319-329), as
reproduced in the J Rheum Dis review table of the 2016 criteria:

  1. WPI >= 7 and SSS >= 5, or WPI 4-6 and SSS >= 9.
  2. Generalised pain: pain in at least 4 of 5 regions. Jaw, chest and
     abdominal pain are excluded from the generalised pain definition.
  3. Symptoms generally present for at least 3 months.
  WPI 0-19 (19 areas in 5 regions); SSS 0-12 = fatigue, waking unrefreshed,
  cognitive symptoms (0-3 each) + headaches, pain or cramps in the lower
  abdomen, depression in the previous 6 months (0-1 each).

The same cases run against the real file in Node (when installed) and in
Chromium on the built page, and a browser test fills in the form."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from sitebuild import ROOT

CRITERIA_JS = ROOT / "docs" / "assets" / "tools" / "criteria.js"
PAGE = "tools/criteria-explainer/"

# The 19 areas, region by region, exactly as the 2016 criteria list them.
REGIONS = {
    "left-upper": ["jaw-left", "shoulder-left", "upper-arm-left", "lower-arm-left"],
    "right-upper": ["jaw-right", "shoulder-right", "upper-arm-right", "lower-arm-right"],
    "left-lower": ["hip-left", "upper-leg-left", "lower-leg-left"],
    "right-lower": ["hip-right", "upper-leg-right", "lower-leg-right"],
    "axial": ["neck", "upper-back", "lower-back", "chest", "abdomen"],
}
NOT_FOR_REGIONS = {"jaw-left", "jaw-right", "chest", "abdomen"}
ALL_AREAS = [area for areas in REGIONS.values() for area in areas]

# Seven painful areas, one or more in each of the 5 regions.
SEVEN = ["shoulder-left", "shoulder-right", "hip-left", "hip-right", "neck", "upper-back", "lower-back"]
SIX = SEVEN[:6]


def sss(fatigue=0, waking=0, cognitive=0, headaches=0, abdomen=0, depression=0):
    return {"fatigue": fatigue, "waking": waking, "cognitive": cognitive,
            "headaches": headaches, "abdomen": abdomen, "depression": depression}


def case(areas, symptoms, months=True):
    return {"areas": areas, **symptoms, "threeMonths": months}


# (name, input, expected fields, text that must appear in one of the messages or None)
CASES = [
    ("WPI 7 and SSS 5: meets the criteria",
     case(SEVEN, sss(2, 2, 1)),
     dict(wpi=7, sss=5, regionsWithPain=5, generalised=True, meetsThresholds=True,
          meetsDuration=True, meetsCriteria=True), None),
    ("WPI 7 and SSS 4: scores too low",
     case(SEVEN, sss(2, 1, 1)),
     dict(wpi=7, sss=4, meetsThresholds=False, meetsCriteria=False), None),
    ("WPI 6 and SSS 9: the lower band is met",
     case(SIX, sss(3, 3, 3)),
     dict(wpi=6, sss=9, regionsWithPain=5, meetsThresholds=True, meetsCriteria=True), None),
    ("WPI 6 and SSS 8: the lower band is not met",
     case(SIX, sss(3, 3, 1, headaches=1)),
     dict(wpi=6, sss=8, meetsThresholds=False, meetsCriteria=False), None),
    ("WPI 4 and SSS 9 in 4 regions: meets the criteria",
     case(["shoulder-left", "shoulder-right", "hip-left", "neck"], sss(3, 3, 2, depression=1)),
     dict(wpi=4, sss=9, regionsWithPain=4, generalised=True, meetsThresholds=True, meetsCriteria=True), None),
    ("WPI 4 and SSS 9 but pain in only 3 regions: not generalised",
     case(["shoulder-left", "upper-arm-left", "hip-left", "neck"], sss(3, 3, 3)),
     dict(wpi=4, sss=9, regionsWithPain=3, generalised=False, meetsThresholds=True, meetsCriteria=False), None),
    ("WPI 3 and SSS 12: below the 2016 lower band (2010 used 3 to 6)",
     case(["shoulder-left", "hip-right", "neck"], sss(3, 3, 3, 1, 1, 1)),
     dict(wpi=3, sss=12, meetsThresholds=False, meetsCriteria=False), None),
    ("jaw, chest and abdomen count for the WPI but not for regions",
     case(["jaw-left", "jaw-right", "chest", "abdomen", "hip-left", "hip-right", "upper-leg-left"], sss(2, 2, 1)),
     dict(wpi=7, sss=5, regionsWithPain=2, generalised=False, meetsThresholds=True, meetsCriteria=False), None),
    ("all 19 areas and every symptom at its maximum",
     case(ALL_AREAS, sss(3, 3, 3, 1, 1, 1)),
     dict(wpi=19, sss=12, regionsWithPain=5, generalised=True, meetsThresholds=True, meetsCriteria=True), None),
    ("symptoms for less than 3 months",
     case(SEVEN, sss(2, 2, 1), months=False),
     dict(wpi=7, sss=5, meetsThresholds=True, generalised=True, meetsDuration=False, meetsCriteria=False), None),
    ("duration not answered",
     {"areas": SEVEN, **sss(2, 2, 1)},
     dict(meetsDuration=False, meetsCriteria=False), "3 months"),
    ("empty input",
     {},
     dict(wpi=0, sss=0, regionsWithPain=0, generalised=False, meetsThresholds=False,
          meetsDuration=False, meetsCriteria=False), "not answered"),
    ("no input at all (null)",
     None,
     dict(wpi=0, sss=0, meetsCriteria=False), None),
    ("not an object",
     "hello",
     dict(wpi=0, sss=0, meetsCriteria=False), "could not be read"),
    ("out-of-range severity is clamped and reported",
     case(SEVEN, sss(7, -1, 3, headaches=5)),
     dict(wpi=7, sss=7, meetsThresholds=True, meetsCriteria=True), "was counted as 3"),
    ("a fraction is rounded and reported",
     case(SEVEN, sss(2.4, 2, 1)),
     dict(sss=5), "whole number"),
    ("text that is not a number counts as 0 and is reported",
     case(SEVEN, sss("abc", "2", "3")),
     dict(sss=5, meetsCriteria=True), "not a number"),
    ("yes/no answers as booleans and words",
     case(SEVEN, sss(1, 1, 0, headaches=True, abdomen="yes", depression=False), months="yes"),
     dict(sss=4, meetsDuration=True, meetsThresholds=False), None),
    ("unknown and repeated areas",
     case(SEVEN + ["neck", "elbow", 5], sss(2, 2, 1)),
     dict(wpi=7, meetsCriteria=True), "elbow"),
    ("areas given as an object",
     case({"neck": True, "upper-back": True, "chest": False}, sss()),
     dict(wpi=2, regionsWithPain=1), None),
    ("areas that are not a list",
     case("neck", sss(3, 3, 3)),
     dict(wpi=0), "could not be read"),
]

FIELDS = ("wpi", "sss", "generalised", "regionsWithPain", "meetsThresholds", "meetsDuration",
          "meetsCriteria", "messages")


def check(results: list) -> list[str]:
    problems = []
    for (name, _input, expected, message), result in zip(CASES, results):
        missing = [f for f in FIELDS if f not in result]
        if missing:
            problems.append(f"{name}: result lacks {missing}")
            continue
        for field, value in expected.items():
            if result[field] != value:
                problems.append(f"{name}: {field} is {result[field]!r}, expected {value!r}")
        if message and not any(message in m for m in result["messages"]):
            problems.append(f"{name}: no message mentions {message!r}; messages: {result['messages']}")
    return problems


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed (the browser test still runs)")
def test_scoring_cases_in_node():
    script = ("const c = require(process.argv[1]);"
              "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "process.stdout.write(JSON.stringify(cases.map(x => c.score(x))));")
    run = subprocess.run(["node", "-e", script, str(CRITERIA_JS)], input=json.dumps([c[1] for c in CASES]),
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    problems = check(json.loads(run.stdout))
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_regions_in_the_script_match_the_2016_criteria():
    script = ("const c = require(process.argv[1]);"
              "process.stdout.write(JSON.stringify(c.REGIONS.map(r => [r.id, r.areas.map(a => "
              "[a.id, a.countsForRegion !== false])])));")
    run = subprocess.run(["node", "-e", script, str(CRITERIA_JS)], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    regions = json.loads(run.stdout)
    assert [r[0] for r in regions] == list(REGIONS)
    for region_id, areas in regions:
        assert [a[0] for a in areas] == REGIONS[region_id], region_id
        for area_id, counts in areas:
            assert counts == (area_id not in NOT_FOR_REGIONS), f"{area_id}: countsForRegion is {counts}"


def test_the_page_offers_exactly_the_19_areas_in_their_regions(pages):
    soup = pages[PAGE + "index.html"]
    form = soup.select_one("form#criteria-form")
    assert form is not None, "the criteria form is missing"
    fieldsets = form.select("fieldset.criteria-region")
    assert len(fieldsets) == 5, f"{len(fieldsets)} region fieldsets, expected 5"
    for fieldset, (region_id, areas) in zip(fieldsets, REGIONS.items()):
        assert fieldset.legend and fieldset.legend.get_text(strip=True), f"{region_id}: no legend"
        values = [box["value"] for box in fieldset.select('input[type="checkbox"][name="area"]')]
        assert values == areas, f"{region_id}: {values}"
    for control in form.select("input"):
        assert control.find_parent("label") is not None, f"input {control} has no label"
        assert control.find_parent("fieldset") is not None, f"input {control} is not in a fieldset"
    result = form.select_one("#criteria-result")
    assert result is not None and result.get("aria-live") == "polite"


def test_the_page_says_only_a_clinician_can_diagnose(pages):
    text = pages[PAGE + "index.html"].select_one("article").get_text(" ")
    assert "Only a doctor or other clinician can diagnose fibromyalgia" in text
    assert "even if you have other diagnoses" in text


def test_scoring_cases_in_chromium(page, server):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + PAGE)
    results = page.evaluate("cases => cases.map(c => window.FibroCriteria.score(c))", [c[1] for c in CASES])
    problems = check(results)
    assert not problems, "\n".join(problems)
    assert not errors, errors


def test_the_form_works_with_keyboard_and_clicks(page, server):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(server + PAGE)
    result = page.locator("#criteria-result")

    # Keyboard: focus each box and press Space.
    for area in SEVEN[:4]:
        page.focus(f'input[name="area"][value="{area}"]')
        page.keyboard.press("Space")
    # Mouse: click the rest.
    for area in SEVEN[4:]:
        page.click(f'input[name="area"][value="{area}"]')
    page.check('input[name="fatigue"][value="2"]')
    page.check('input[name="waking"][value="2"]')
    page.focus('input[name="cognitive"][value="0"]')
    page.keyboard.press("ArrowRight")          # radio group: moves to and selects "1"
    page.check('input[name="threeMonths"][value="yes"]')
    submit = page.get_by_role("button", name="Show how my answers count")
    submit.focus()
    page.keyboard.press("Enter")

    text = result.inner_text()
    assert "Widespread pain index (WPI): 7 out of 19" in text
    assert "Symptom severity scale (SSS): 5 out of 12" in text
    assert "5 out of 5" in text
    assert "Your answers fit the pattern the 2016 criteria describe" in text
    assert "This is not a diagnosis" in text

    # Untick the back and neck: 4 areas in 4 regions, SSS 5 is too low for WPI 4.
    for area in ("neck", "upper-back", "lower-back"):
        page.uncheck(f'input[name="area"][value="{area}"]')
    submit.click()
    text = result.inner_text()
    assert "Widespread pain index (WPI): 4 out of 19" in text
    assert "do not fit the pattern" in text

    page.get_by_role("button", name="Clear all answers").click()
    assert page.locator('input[name="area"]:checked').count() == 0
    assert "cleared" in result.inner_text()
    assert not errors, errors
