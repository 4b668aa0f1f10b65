"""The IL-6 meta-analyses (data/il6-meta-analyses.yml): load and check the
rows, then draw them as a forest plot (inline SVG) and a table.

The figure and the table are made from the same rows with the same
formatting function, so they always show the same numbers. Numbers are
shown exactly as they are written in the data file (which copies them from
the verified evidence base): 0.003 stays 0.003, and a minus sign stays.

Used by the macros forest_figure() and forest_table() (sitekit/macros.py).
Pure functions: no network, no clock, no randomness.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import yaml

from . import datafile
from .bibliography import BIBLIOGRAPHY, ROOT
from .bibliography import load as load_bibliography
from .problems import Problem

DATA = ROOT / "data" / "il6-meta-analyses.yml"
NOT_REPORTED = "not reported"
REQUIRED = ("key", "label", "year", "studies", "estimate")
FIELDS = {"key", "label", "year", "outcome", "studies", "participants", "measure", "estimate",
          "ci_low", "ci_high", "p", "i2", "result", "sign_note", "notes"}
TEXT_FIELDS = ("label", "outcome", "participants", "measure", "p", "result", "sign_note", "notes")
MINUS = "\u2212"  # the typographic minus sign, as journals print it


class Number(NamedTuple):
    """A number as written in the data file (text) and its value."""
    text: str
    value: float


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    year: int
    studies: int
    line: int
    estimate: Number | None = None      # None: the source gives no pooled number
    ci_low: Number | None = None
    ci_high: Number | None = None
    measure: str = ""
    outcome: str = ""
    participants: str = ""
    p: str = ""
    i2: Number | None = None
    result: str = ""
    sign_note: str = ""
    notes: str = ""

    @property
    def plotted(self) -> bool:
        return self.estimate is not None

    @property
    def name(self) -> str:
        """'Üçeyler 2011', with a dagger when the sign needs a note."""
        return f"{self.label} {self.year}" + ("\u2020" if self.sign_note else "")


# ---------------------------------------------------------------- loading

MACRO_CALL = re.compile(r"\{\{\s*forest_(?:figure|table)\s*\(")


def used_in(docs_dir: Path) -> bool:
    """Whether any page calls forest_figure() or forest_table(); a site that
    does not (such as a test fixture) need not have the data file."""
    return any(MACRO_CALL.search(p.read_text(encoding="utf-8"))
               for p in sorted(Path(docs_dir).rglob("*.md")))


def load(path: Path = DATA, known_keys=None) -> tuple[list[Row], list[Problem]]:
    """The rows of the data file, and every problem with them. Each problem
    names the file and the line where its row starts. known_keys: citation
    keys that exist (default: those of data/bibliography.yml)."""
    name = datafile.display(path)
    if known_keys is None:
        known_keys = set(load_bibliography(BIBLIOGRAPHY)[0])
    nodes, problems = datafile.rows(path, "extra.sitekit.forest_data", "rows, one per meta-analysis result",
                                    "- key: ...")
    rows, seen = [], {}
    for number, node in enumerate(nodes, start=1):
        row, found = _row(node, number, name, known_keys)
        if row is not None and row.key in seen:
            found.append(Problem(name, row.line, f"row '{row.key}': the key is used twice "
                                 f"(first at line {seen[row.key]})", "give each result one row"))
        elif row is not None:
            seen[row.key] = row.line
        problems += found
        if row is not None and not found:
            rows.append(row)
    return (rows if not problems else []), problems


def _row(node, number: int, file: str, known_keys) -> tuple[Row | None, list[Problem]]:
    fields, line, problems = datafile.fields(node, number, file, "'key: value' lines")
    if fields is None:
        return None, problems
    key = fields["key"].value if isinstance(fields.get("key"), yaml.ScalarNode) else None
    who = f"row '{key}'" if key else f"row {number}"
    out: list[Problem] = []
    add = lambda msg, fix: out.append(Problem(file, line, f"{who}: {msg}", fix))  # noqa: E731

    for field in sorted(set(fields) - FIELDS):
        add(f"unknown field '{field}'", f"use only: {', '.join(sorted(FIELDS))}")
    for field in REQUIRED:
        node_ = fields.get(field)
        if node_ is None or _is_null(node_) or (isinstance(node_, yaml.ScalarNode) and not node_.value.strip()):
            add(f"missing '{field}'", f"add '{field}:' exactly as the source gives it"
                + (f", or write 'estimate: {NOT_REPORTED}' and a 'result:'" if field == "estimate" else ""))
    for field, node_ in fields.items():
        if not isinstance(node_, yaml.ScalarNode):
            add(f"'{field}' must be a single value", "write it on one line")
    if out:
        return None, out

    if key not in known_keys:
        add(f"unknown citation key '{key}'", "use a key from data/bibliography.yml, or add the source there first")
    year = _integer(fields["year"])
    if year is None or not 1900 <= year <= 2100:
        add(f"year '{fields['year'].value}' is not a year", "write the year of publication, e.g. 2021")
    studies = _integer(fields["studies"])
    if studies is None or studies < 1:
        add(f"studies '{fields['studies'].value}' is not a whole number of studies",
            "write the number of studies the review meta-analysed, e.g. 22")
    text = {f: fields[f].value.strip() for f in TEXT_FIELDS if f in fields and not _is_null(fields[f])}

    estimate = ci_low = ci_high = None
    if fields["estimate"].value.strip().lower() == NOT_REPORTED and fields["estimate"].tag.endswith(":str"):
        for field in ("ci_low", "ci_high"):
            if field in fields and not _is_null(fields[field]):
                add(f"has '{field}' but 'estimate: {NOT_REPORTED}'", "give the estimate, or remove the interval")
        if not text.get("result"):
            add(f"'estimate: {NOT_REPORTED}' needs a 'result:'",
                "say in words what the review found, as the source gives it")
    else:
        estimate = _number(fields["estimate"], "estimate", add)
        for field in ("ci_low", "ci_high"):
            if field not in fields or _is_null(fields[field]):
                add(f"missing '{field}'", f"add the {field.replace('_', ' ')} end of the 95% confidence interval")
        ci_low, ci_high = (_number(fields[f], f, add) if f in fields and not _is_null(fields[f]) else None
                           for f in ("ci_low", "ci_high"))
        if not text.get("measure"):
            add("missing 'measure'", "name the effect measure as the source does, e.g. SMD or Hedges' g")
        if estimate and ci_low and estimate.value < ci_low.value:
            add(f"ci_low ({ci_low.text}) is greater than the estimate ({estimate.text})",
                "check the numbers against the source: ci_low <= estimate <= ci_high")
        if estimate and ci_high and estimate.value > ci_high.value:
            add(f"ci_high ({ci_high.text}) is less than the estimate ({estimate.text})",
                "check the numbers against the source: ci_low <= estimate <= ci_high")
    i2 = None
    if "i2" in fields and not _is_null(fields["i2"]):
        i2 = _number(fields["i2"], "i2", add)
        if i2 and not 0 <= i2.value <= 100:
            add(f"i2 ({i2.text}) is not a percentage from 0 to 100", "write I\u00b2 as a percentage, e.g. 39")
    if out:
        return None, out
    return Row(key=key, year=year, studies=studies, line=line, estimate=estimate, ci_low=ci_low,
               ci_high=ci_high, i2=i2, **text), []


def _is_null(node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _integer(node) -> int | None:
    return int(yaml.safe_load(node.value)) if node.tag.endswith(":int") else None


def _number(node, field: str, add) -> Number | None:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith((":int", ":float")):
        value = float(yaml.safe_load(node.value))
        if math.isfinite(value):
            return Number(node.value.strip(), value)
    add(f"{field} '{node.value}' is not a number",
        "write the number as the source prints it, without quotes, e.g. 0.15 or -0.34")
    return None



# ------------------------------------------------------------ formatting

def fmt(number: Number | None) -> str:
    """A number exactly as written in the data file, with a true minus sign."""
    if number is None:
        return ""
    text = number.text
    return MINUS + text[1:] if text.startswith("-") else text


def effect_text(row: Row) -> str:
    """'0.15 (0.003 to 0.29)': the estimate and its 95% confidence interval.
    The one formatting function both the figure and the table use."""
    if not row.plotted:
        return NOT_REPORTED
    return f"{fmt(row.estimate)} ({fmt(row.ci_low)} to {fmt(row.ci_high)})"


def _e(text) -> str:
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------- figure

WIDTH, LEFT, RIGHT = 480, 24, 456       # viewBox width, plot area from LEFT to RIGHT
TOP, ROW_HEIGHT = 44, 58
SCALE = 1.25                            # shown size; the theme shrinks it to fit narrow screens
STEPS = (0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10)


def _ticks(low: float, high: float) -> tuple[list[float], int]:
    """Evenly spaced tick values covering [low, high] (and 0), and their decimals."""
    low, high = min(low, 0.0), max(high, 0.0)
    for step in STEPS:
        first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
        if last - first <= 8:
            break
    decimals = 2 if step == 0.25 else (1 if step < 1 else 0)
    return [round(k * step, 6) for k in range(first, last + 1)], decimals


def _tick_label(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    text = "0" if float(text) == 0 else text
    return MINUS + text[1:] if text.startswith("-") else text


def _n(value: float) -> str:
    """A coordinate, rounded so the output is the same on every machine."""
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


def describe(rows: list[Row]) -> str:
    """A plain summary of the figure for screen readers (the SVG <desc>)."""
    shown = [r for r in rows if r.plotted]
    left = [r for r in rows if not r.plotted]
    parts = [f"Forest plot of {len(shown)} meta-analyses comparing IL-6 in the blood of people with "
             "fibromyalgia and people without it. A vertical line marks 0, no difference."]
    for r in shown:
        parts.append(f"{r.label} {r.year}: {r.measure} {fmt(r.estimate)}, 95% confidence interval "
                     f"{fmt(r.ci_low)} to {fmt(r.ci_high)}." + (f" {r.sign_note}" if r.sign_note else ""))
    if left:
        parts.append("Not shown, because the record we checked gives no number: "
                     + "; ".join(f"{r.label} {r.year}" for r in left) + ".")
    return " ".join(parts)


def svg(rows: list[Row], id_prefix: str = "forest") -> str:
    """An accessible inline SVG forest plot of the rows that have a number.
    One line, no newlines, so it can sit inside an indented Markdown block."""
    shown = [r for r in rows if r.plotted]
    height = TOP + ROW_HEIGHT * max(len(shown), 1) + 64
    title = "IL-6 in people with and without fibromyalgia: results of meta-analyses"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
           f'width="{_n(WIDTH * SCALE)}" height="{_n(height * SCALE)}" '
           f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" class="forest-plot" '
           f'font-family="inherit" font-size="14" fill="currentColor">',
           f'<title id="{id_prefix}-title">{_e(title)}</title>',
           f'<desc id="{id_prefix}-desc">{_e(describe(rows))}</desc>']
    if not shown:
        out.append(f'<text x="{WIDTH // 2}" y="{TOP + 20}" text-anchor="middle">No results to plot.</text></svg>')
        return "".join(out)

    ticks, decimals = _ticks(min(r.ci_low.value for r in shown), max(r.ci_high.value for r in shown))
    low, high = ticks[0], ticks[-1]
    x = lambda v: LEFT + (v - low) / (high - low) * (RIGHT - LEFT)  # noqa: E731
    zero = _n(x(0.0))
    out.append(f'<text x="{zero}" y="18" text-anchor="middle" font-size="13">0 = no difference</text>')
    out.append(f'<line x1="{zero}" y1="24" x2="{zero}" y2="{TOP + ROW_HEIGHT * len(shown)}" '
               'stroke="currentColor" stroke-width="1" stroke-dasharray="4 3" aria-hidden="true"/>')
    for i, r in enumerate(shown):
        top = TOP + ROW_HEIGHT * i
        y = top + 38
        est, lo, hi = x(r.estimate.value), x(r.ci_low.value), x(r.ci_high.value)
        out.append(f'<g class="forest-row" data-key="{_e(r.key)}">'
                   f'<title>{_e(f"{r.label} {r.year}: {r.measure} {effect_text(r)}")}</title>'
                   f'<text x="{LEFT}" y="{top + 16}" font-weight="bold">{_e(r.name)}</text>'
                   f'<text x="{RIGHT}" y="{top + 16}" text-anchor="end">{_e(effect_text(r))}</text>'
                   f'<line x1="{_n(lo)}" y1="{y}" x2="{_n(hi)}" y2="{y}" stroke="currentColor" stroke-width="2"/>'
                   f'<line x1="{_n(lo)}" y1="{y - 5}" x2="{_n(lo)}" y2="{y + 5}" stroke="currentColor" stroke-width="2"/>'
                   f'<line x1="{_n(hi)}" y1="{y - 5}" x2="{_n(hi)}" y2="{y + 5}" stroke="currentColor" stroke-width="2"/>'
                   f'<rect x="{_n(est - 6)}" y="{y - 6}" width="12" height="12"/>'
                   '</g>')
    axis = TOP + ROW_HEIGHT * len(shown) + 6
    out.append(f'<g class="forest-axis"><line x1="{LEFT}" y1="{axis}" x2="{RIGHT}" y2="{axis}" '
               'stroke="currentColor" stroke-width="1"/>')
    for t in ticks:
        tx = _n(x(t))
        out.append(f'<line x1="{tx}" y1="{axis}" x2="{tx}" y2="{axis + 6}" stroke="currentColor" stroke-width="1"/>'
                   f'<text x="{tx}" y="{axis + 22}" text-anchor="middle" font-size="13">'
                   f'{_tick_label(t, decimals)}</text>')
    measures = " or ".join(dict.fromkeys(r.measure for r in shown))
    out.append(f'<text x="{(LEFT + RIGHT) // 2}" y="{axis + 46}" text-anchor="middle" font-size="13">'
               f'Standardised mean difference ({_e(measures)})</text></g></svg>')
    return "".join(out)


def figure(rows: list[Row], id_prefix: str = "forest", source: str = "data/il6-meta-analyses.yml") -> str:
    """The SVG in a <figure> with a caption that says what is shown and left out."""
    left = [r for r in rows if not r.plotted]
    notes = [r for r in rows if r.plotted and r.sign_note]
    caption = ["Each square is one review's pooled result; the line across it is its 95% confidence interval. "
               "The dashed line is 0: no difference between people with and without fibromyalgia. "
               "All squares are the same size."]
    caption += [f"\u2020 {r.label} {r.year}: {r.sign_note}" for r in notes]
    if left:
        caption.append("Not in the figure, because the record we checked gives no number with a confidence interval: "
                       + "; ".join(f"{r.label} {r.year}" for r in left) + " (see the table).")
    caption.append(f"Drawn when the site is built, from {source}.")
    return (f'<figure class="forest-figure">{svg(rows, id_prefix)}'
            f'<figcaption>{" ".join(_e(c) for c in caption)}</figcaption></figure>')


# ----------------------------------------------------------------- table

def table(rows: list[Row], summary: str | None = None) -> str:
    """An HTML table of every row (plotted or not), with the same numbers as the figure.
    With a summary, the table comes folded in a collapsible "info" block: raw HTML
    is only kept as a block at the top level of a page, not inside an admonition."""
    head = ("Review", "Studies meta-analysed", "Participants", "Measure", "IL-6 result (95% CI)", "p", "I\u00b2", "Notes")
    out = ['<table id="forest-table">',  # no class: the theme styles it like Markdown tables
           "<caption>IL-6 in people with fibromyalgia compared with people without it: "
           "meta-analyses, numbers as each review reports them</caption>",
           "<thead><tr>" + "".join(f'<th scope="col">{_e(h)}</th>' for h in head) + "</tr></thead><tbody>"]
    for r in rows:
        result = effect_text(r) if r.plotted else f"No number in the record we checked. {r.result}"
        if r.plotted and r.result:
            result += f". {r.result}"
        notes = " ".join(x for x in (f"\u2020 {r.sign_note}" if r.sign_note else "", r.notes) if x)
        cells = (r.studies, r.participants or "not given", r.measure or "\u2014", result,
                 r.p or "\u2014", f"{fmt(r.i2)}%" if r.i2 else "not given", notes)
        out.append(f'<tr data-key="{_e(r.key)}"><th scope="row">{_e(r.name)}'
                   + (f"<br>{_e(r.outcome)}" if r.outcome else "") + "</th>"
                   + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    if summary:
        out = [f'<details class="info"><summary>{_e(summary)}</summary>', *out, "</details>"]
    return "".join(out)
