"""The IL-6 forest plot and table (sitekit/forest.py): drawn at build time from
data/il6-meta-analyses.yml, with the same numbers in the figure and the table,
and a malformed data row fails the build naming the file and the row."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from sitebuild import ROOT, build, fixture_site, front_matter
from sitekit import forest

DATA = ROOT / "data" / "il6-meta-analyses.yml"
SVG = "{http://www.w3.org/2000/svg}"
KEYS = {"uceyler2011", "andres2020", "omahony2021", "kumbhare2022"}

GOOD_ROW = """\
- key: omahony2021
  label: O'Mahony
  year: 2021
  studies: 22
  measure: SMD
  estimate: 0.15
  ci_low: 0.003
  ci_high: 0.29
"""


def _load_text(tmp_path: Path, text: str):
    path = tmp_path / "rows.yml"
    path.write_text(text, encoding="utf-8")
    return path, forest.load(path, KEYS)


# ------------------------------------------------------- the real data file

@pytest.fixture(scope="module")
def rows():
    rows, problems = forest.load(DATA)
    assert not problems, "\n".join(map(str, problems))
    return rows


def test_the_data_file_loads_and_has_the_four_reviews(rows):
    assert [r.key for r in rows] == ["uceyler2011", "andres2020", "omahony2021", "kumbhare2022"]


def test_numbers_are_kept_exactly_as_written_in_the_data_file(rows):
    raw = {row["key"]: row for row in yaml.safe_load(DATA.read_text(encoding="utf-8"))}
    for r in rows:
        if not r.plotted:
            continue
        for field in ("estimate", "ci_low", "ci_high"):
            assert getattr(r, field).value == raw[r.key][field], f"{r.key}: {field}"
    by_key = {r.key: r for r in rows}
    assert forest.effect_text(by_key["omahony2021"]) == "0.15 (0.003 to 0.29)"
    assert forest.effect_text(by_key["uceyler2011"]) == "\u22120.34 (\u22120.64 to \u22120.03)"


def test_figure_and_table_show_every_rows_numbers(rows):
    figure, table = forest.figure(rows), forest.table(rows)
    for r in rows:
        if r.plotted:
            text = forest.effect_text(r)
            assert text in figure, f"{r.key}: '{text}' missing from the figure"
            assert text in table, f"{r.key}: '{text}' missing from the table"
            for number in (r.estimate, r.ci_low, r.ci_high):
                assert forest.fmt(number) in figure and forest.fmt(number) in table
        else:
            assert f'data-key="{r.key}"' not in figure, f"{r.key} has no number but is plotted"
            assert f'data-key="{r.key}"' in table, f"{r.key} is missing from the table"
            assert r.result in table


def test_rows_without_a_number_are_named_in_the_caption(rows):
    left = [r for r in rows if not r.plotted]
    assert left, "expected at least one review without a pooled number"
    caption = forest.figure(rows).split("<figcaption>")[1]
    for r in left:
        assert f"{r.label} {r.year}" in caption


def test_the_svg_is_accessible_xml(rows):
    root = ET.fromstring(forest.svg(rows))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text.strip()
    assert desc is not None and "no difference" in desc.text
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    for r in rows:
        if r.plotted:
            assert f"{r.label} {r.year}" in desc.text
    plotted = root.findall(f".//{SVG}g[@class='forest-row']")
    assert len(plotted) == sum(r.plotted for r in rows)
    assert "currentColor" in forest.svg(rows)
    assert "http://" not in forest.svg(rows).replace("http://www.w3.org/2000/svg", "")


def test_the_svg_has_a_zero_line_and_an_axis_with_ticks(rows):
    root = ET.fromstring(forest.svg(rows))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "0 = no difference" in texts
    assert "0" in texts, "no tick at 0"
    assert sum(1 for t in texts if t and t.replace("\u2212", "").replace(".", "").isdigit()) >= 3


def test_the_output_is_deterministic(rows):
    assert forest.svg(rows) == forest.svg(forest.load(DATA)[0])
    assert forest.table(rows) == forest.table(forest.load(DATA)[0])


def test_the_table_can_come_folded_in_a_collapsible_block(rows):
    folded = forest.table(rows, "For clinicians")
    assert folded.startswith('<details class="info"><summary>For clinicians</summary><table')
    assert folded.endswith("</table></details>") and forest.table(rows) in folded
    assert "\n" not in folded and "\n" not in forest.svg(rows), "macro output must stay on one line"


def test_the_table_has_a_caption_and_header_scopes(rows):
    table = forest.table(rows)
    root = ET.fromstring(table.replace("<br>", "<br/>"))
    assert root.find("caption") is not None
    assert all(th.get("scope") in ("col", "row") for th in root.iter("th"))


# ------------------------------------------------------ malformed rows

@pytest.mark.parametrize("change, message", [
    (("ci_low: 0.003", "ci_low: 0.2"), "ci_low (0.2) is greater than the estimate (0.15)"),
    (("ci_high: 0.29", "ci_high: 0.1"), "ci_high (0.1) is less than the estimate (0.15)"),
    (("  estimate: 0.15\n", ""), "missing 'estimate'"),
    (("estimate: 0.15", "estimate: about 0.15"), "estimate 'about 0.15' is not a number"),
    (("ci_high: 0.29", "ci_high: '0.29'"), "ci_high '0.29' is not a number"),
    (("key: omahony2021", "key: nobody2099"), "unknown citation key 'nobody2099'"),
    (("  studies: 22\n", ""), "missing 'studies'"),
    (("  ci_low: 0.003\n", ""), "missing 'ci_low'"),
    (("measure: SMD", "mesure: SMD"), "unknown field 'mesure'"),
])
def test_a_malformed_row_is_a_problem_naming_the_file_and_row(tmp_path, change, message):
    first = GOOD_ROW.replace("omahony2021", "andres2020")
    text = first + "\n" + GOOD_ROW.replace(*change)
    path, (rows, problems) = _load_text(tmp_path, text)
    assert rows == [], "a file with a problem must not give rows"
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file == str(path)
    assert problem.line == first.count("\n") + 2, "the line of the bad row's start"
    key = "nobody2099" if "nobody2099" in message else "omahony2021"
    assert f"row '{key}'" in problem.message
    assert message in problem.message
    assert problem.fix


def test_a_review_without_a_number_needs_a_result_and_no_interval(tmp_path):
    text = GOOD_ROW.replace("estimate: 0.15", "estimate: not reported")
    _, (_, problems) = _load_text(tmp_path, text)
    messages = " ".join(p.message for p in problems)
    assert "has 'ci_low'" in messages and "needs a 'result:'" in messages
    ok = "- key: kumbhare2022\n  label: Kumbhare\n  year: 2022\n  studies: 40\n" \
         "  estimate: not reported\n  result: IL-6 was higher.\n"
    _, (rows, problems) = _load_text(tmp_path, ok)
    assert not problems and not rows[0].plotted
    assert "kumbhare2022" not in forest.svg(rows) and "IL-6 was higher." in forest.table(rows)


def test_a_repeated_key_and_bad_yaml_are_problems(tmp_path):
    _, (_, problems) = _load_text(tmp_path, GOOD_ROW + GOOD_ROW)
    assert any("used twice" in p.message and p.line == 9 for p in problems), problems
    _, (_, problems) = _load_text(tmp_path, "- key: [unclosed\n")
    assert problems and "not valid YAML" in problems[0].message
    _, (_, problems) = _load_text(tmp_path, "key: omahony2021\n")
    assert problems and "list of rows" in problems[0].message


# ------------------------------------------------------------- builds

def test_a_malformed_data_row_fails_the_strict_build_naming_file_and_row(tmp_path):
    page = front_matter(title="Home") + "\n# Home\n\n{{ forest_figure() }}\n"
    config = fixture_site(tmp_path, {"index.md": page}, nav=["index.md"])
    bad = GOOD_ROW.replace("ci_low: 0.003", "ci_low: 0.2")
    (tmp_path / "bad-forest.yml").write_text("# a comment line\n" + bad, encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    assert "  sitekit:\n" in text
    config.write_text(text.replace("  sitekit:\n", "  sitekit:\n    forest_data: bad-forest.yml\n", 1),
                      encoding="utf-8")
    result = build(config, tmp_path / "out")
    assert result.returncode != 0, "the build passed with a malformed forest-plot row"
    assert "bad-forest.yml:2" in result.stderr, result.stderr
    assert "row 'omahony2021'" in result.stderr and "ci_low (0.2)" in result.stderr, result.stderr


def test_the_data_is_only_required_where_a_page_uses_the_figure(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nNo figure here.\n", encoding="utf-8")
    assert not forest.used_in(docs)
    (docs / "research.md").write_text("# Research\n\n    {{ forest_table() }}\n", encoding="utf-8")
    assert forest.used_in(docs)
    assert forest.used_in(ROOT / "docs"), "the real site must use (and so check) the data file"


def test_the_built_research_page_has_the_figure_and_table_with_the_data(pages, rows):
    page = pages["il-6/research/index.html"]
    article = page.select_one("article")
    svg = article.select_one("figure.forest-figure svg")
    assert svg is not None, "no forest plot on the research page"
    assert svg.get("role") == "img" and svg.find("title") and svg.find("desc")
    table = article.select_one("table#forest-table")
    assert table is not None, "no meta-analysis table on the research page"
    assert table.find_parent("p") is None, "the table was wrapped in a paragraph (invalid HTML)"
    assert table.find_parent("details") is not None, "the table should be folded away for clinicians"
    svg_text, table_text = svg.get_text(" "), table.get_text(" ")
    for r in rows:
        assert r.label in table_text
        if r.plotted:
            assert forest.effect_text(r) in svg_text, f"{r.key} missing from the built figure"
            assert forest.effect_text(r) in table_text, f"{r.key} missing from the built table"
