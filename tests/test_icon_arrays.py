"""Icon arrays ("100 people" pictograms, sitekit/iconarray.py): drawn at build
time from data/icon-arrays.yml; the built figures match the data file (filled
figures = the number in 100) and say the same in words with a citation; a
malformed data row fails the build naming the file and the row's line."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from sitebuild import ROOT, build, fixture_site, front_matter
from sitekit import iconarray

DATA = ROOT / "data" / "icon-arrays.yml"
SVG = "{http://www.w3.org/2000/svg}"
HEAD = re.compile(r"a2,2 0 1,0 4,0a2,2 0 1,0 -4,0z")   # one per small figure drawn
KEYS = {"heidari2017", "moore2015"}
GOOD_ROW = """\
- key: fm-prevalence
  count: 2
  people: people
  label: have fibromyalgia
  source: heidari2017
"""


def _load_text(tmp_path: Path, text: str):
    path = tmp_path / "rows.yml"
    path.write_text(text, encoding="utf-8")
    return path, iconarray.load(path, KEYS)


def figures_drawn(svg_markup: str) -> tuple[int, int]:
    """(filled, empty) small figures in an icon-array SVG."""
    root = ET.fromstring(svg_markup)
    count = {"icon-filled": 0, "icon-empty": 0}
    for path in root.iter(f"{SVG}path"):
        count[path.get("class")] += len(HEAD.findall(path.get("d")))
    return count["icon-filled"], count["icon-empty"]


@pytest.fixture(scope="module")
def rows():
    rows, problems = iconarray.load(DATA)
    assert not problems, "\n".join(map(str, problems))
    return rows


def test_the_data_file_loads_with_the_prevalence_row(rows):
    assert "fm-prevalence" in rows
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    assert sorted(rows) == sorted(r["key"] for r in raw)


@pytest.mark.parametrize("count", [0, 1, 2, 36, 99, 100])
def test_each_array_has_100_figures_and_count_of_them_filled(count):
    row = iconarray.Row(key="x", count=count, people="people", label="do", source="heidari2017", line=1)
    assert figures_drawn(iconarray.svg(row)) == (count, 100 - count)
    assert "\n" not in iconarray.figure({"x": row}, "x"), "macro output must stay on one line"


def test_the_words_say_the_same_number_with_the_citation(rows):
    out = iconarray.figure(rows, "fm-prevalence")
    assert "About 2 in 100 people have fibromyalgia." in out
    assert "[@heidari2017]" in out
    assert 'aria-hidden="true"' in out, "the picture is hidden from screen readers: the words say it"


def test_an_unknown_key_in_a_page_is_an_error_naming_the_known_keys(rows):
    with pytest.raises(ValueError, match="no row with key 'nope'.*fm-prevalence"):
        iconarray.figure(rows, "nope")


@pytest.mark.parametrize("change, message", [
    (("count: 2", "count: 150"), "count '150' is not a whole number from 0 to 100"),
    (("count: 2", "count: 1.78"), "count '1.78' is not a whole number from 0 to 100"),
    (("count: 2", "count: two"), "count 'two' is not a whole number"),
    (("  label: have fibromyalgia\n", ""), "missing 'label'"),
    (("source: heidari2017", "source: nobody2099"), "unknown citation key 'nobody2099'"),
    (("source: heidari2017", "source: heidari2017\n  colour: red"), "unknown field 'colour'"),
    (("key: fm-prevalence", "key: FM Prevalence"), "is not lower-case letters"),
])
def test_a_malformed_row_is_a_problem_naming_the_file_and_row(tmp_path, change, message):
    first = GOOD_ROW.replace("fm-prevalence", "first-row")
    path, (rows, problems) = _load_text(tmp_path, first + "\n" + GOOD_ROW.replace(*change))
    assert rows == {}, "a file with a problem must not give rows"
    assert len(problems) == 1, problems
    assert problems[0].file == str(path)
    assert problems[0].line == first.count("\n") + 2, "the line of the bad row's start"
    assert message in problems[0].message and problems[0].fix


def test_a_repeated_key_and_bad_yaml_are_problems(tmp_path):
    _, (_, problems) = _load_text(tmp_path, GOOD_ROW + GOOD_ROW)
    assert any("used twice" in p.message and p.line == 6 for p in problems), problems
    _, (_, problems) = _load_text(tmp_path, "- key: [unclosed\n")
    assert problems and "not valid YAML" in problems[0].message
    _, (_, problems) = _load_text(tmp_path, "key: fm-prevalence\n")
    assert problems and "list of rows" in problems[0].message


def test_a_malformed_data_row_fails_the_strict_build_naming_file_and_row(tmp_path):
    page = front_matter(title="Home") + '\n# Home\n\n{{ icon_array("fm-prevalence") }}\n'
    config = fixture_site(tmp_path, {"index.md": page}, nav=["index.md"])
    (tmp_path / "bad-icons.yml").write_text("# a comment line\n" + GOOD_ROW.replace("count: 2", "count: 200"),
                                            encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  sitekit:\n", "  sitekit:\n    icon_arrays: bad-icons.yml\n", 1),
                      encoding="utf-8")
    result = build(config, tmp_path / "out")
    assert result.returncode != 0, "the build passed with a malformed icon-array row"
    assert "bad-icons.yml:2" in result.stderr and "count '200'" in result.stderr, result.stderr


def test_built_icon_arrays_match_their_data_file_and_have_their_words(content_pages, rows):
    found = 0
    for path, soup in content_pages.items():
        for panel in soup.select("article .icon-array"):
            found += 1
            row = rows[panel["data-key"]]
            filled, empty = figures_drawn(str(panel.select_one("svg")).replace("viewbox", "viewBox"))
            assert (filled, empty) == (row.count, 100 - row.count), \
                f"{path}: '{row.key}' draws {filled} filled figures, the data file says {row.count}"
            words = panel.select_one(".icon-array-text").get_text(" ", strip=True)
            assert words.startswith(row.sentence), f"{path}: '{row.key}' says '{words}'"
            assert panel.select_one("sup.cite a[href^='#source-']"), f"{path}: '{row.key}' has no citation"
    assert found, "no icon array on any page"
    assert content_pages["fibromyalgia/what-is-fibromyalgia/index.html"].select_one(
        ".icon-array[data-key=fm-prevalence]"), "the prevalence icon array is missing"
