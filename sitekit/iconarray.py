"""Icon arrays ("100 people" pictograms) from data/icon-arrays.yml.

Each row says how many people in 100 something applies to, as a source
gives it. The macro icon_array("key") (or icon_array("a", "b") for a
comparison side by side) draws 100 small figures, `count` of them filled,
with the same number in words below ("About 2 in 100 people ...") and the
row's citation. A malformed row fails the build naming the file and line.

Pure functions: no network, no clock, no randomness.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import datafile
from .bibliography import BIBLIOGRAPHY, ROOT
from .bibliography import load as load_bibliography
from .problems import Problem

DATA = ROOT / "data" / "icon-arrays.yml"
REQUIRED = ("key", "count", "people", "label", "source")
FIELDS = set(REQUIRED) | {"exact", "note"}
KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MACRO_CALL = re.compile(r"\{\{\s*icon_array\s*\(")


@dataclass(frozen=True)
class Row:
    key: str
    count: int          # people in 100 (a whole number from 0 to 100)
    people: str         # who the 100 are: "people", "adults who took amitriptyline"
    label: str          # what is true of the filled ones: "have fibromyalgia"
    source: str         # citation key in data/bibliography.yml
    line: int
    exact: str = ""     # the figure exactly as the source gives it ("1.78 in 100"), when `count` rounds it
    note: str = ""

    @property
    def sentence(self) -> str:
        """The text equivalent: 'About 2 in 100 people have fibromyalgia.'"""
        return f"About {self.count} in 100 {self.people} {self.label}."


def used_in(docs_dir: Path) -> bool:
    """Whether any page calls icon_array(); a site that does not need not have the data file."""
    return any(MACRO_CALL.search(p.read_text(encoding="utf-8")) for p in sorted(Path(docs_dir).rglob("*.md")))


def load(path: Path = DATA, known_keys=None) -> tuple[dict[str, Row], list[Problem]]:
    """The rows by key, and every problem with them (file and line of the row)."""
    name = datafile.display(path)
    if known_keys is None:
        known_keys = set(load_bibliography(BIBLIOGRAPHY)[0])
    nodes, problems = datafile.rows(path, "extra.sitekit.icon_arrays", "rows, one per figure", "- key: ...")
    rows: dict[str, Row] = {}
    for number, node in enumerate(nodes, start=1):
        row, found = _row(node, number, name, known_keys)
        if row is not None and row.key in rows:
            found.append(Problem(name, row.line, f"row '{row.key}': the key is used twice "
                                 f"(first at line {rows[row.key].line})", "give each figure its own key"))
        problems += found
        if row is not None and not found:
            rows[row.key] = row
    return (rows if not problems else {}), problems


def _row(node, number: int, file: str, known_keys) -> tuple[Row | None, list[Problem]]:
    fields, line, problems = datafile.fields(node, number, file, "'key: value' lines")
    if fields is None:
        return None, problems
    key = fields["key"].value if isinstance(fields.get("key"), yaml.ScalarNode) else None
    who = f"row '{key}'" if key else f"row {number}"
    out: list[Problem] = []

    def add(message: str, fix: str) -> None:
        out.append(Problem(file, line, f"{who}: {message}", fix))

    for field in sorted(set(fields) - FIELDS):
        add(f"unknown field '{field}'", f"use only: {', '.join(sorted(FIELDS))}")
    for field, value in fields.items():
        if not isinstance(value, yaml.ScalarNode):
            add(f"'{field}' must be a single value", "write it on one line")
    for field in REQUIRED:
        value = fields.get(field)
        if value is None or (isinstance(value, yaml.ScalarNode)
                             and (value.tag.endswith(":null") or not value.value.strip())):
            add(f"missing '{field}'", f"add '{field}:' (see the comment at the top of the file)")
    if out:
        return None, out
    text = {f: fields[f].value.strip() for f in FIELDS if f in fields and f != "count"}
    if not KEY.match(key):
        add(f"key '{key}' is not lower-case letters, digits and hyphens", "write the key like 'fm-prevalence'")
    if text["source"] not in known_keys:
        add(f"unknown citation key '{text['source']}'",
            "use a key from data/bibliography.yml, or add the source there first")
    count_node = fields["count"]
    count = int(count_node.value) if count_node.tag.endswith(":int") else None
    if count is None or not 0 <= count <= 100:
        add(f"count '{count_node.value}' is not a whole number from 0 to 100",
            "write how many people in 100, rounded to a whole number (put the exact figure in 'exact:')")
    if out:
        return None, out
    return Row(count=count, line=line, **text), []



def _e(text) -> str:
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------- drawing

COLUMNS, CELL = 10, 12   # 10 x 10 figures in cells of 12 x 12 units


def _person(x: int, y: int) -> str:
    """One small figure (head and shoulders) in the cell whose top-left corner is x, y."""
    return (f"M{x + 4},{y + 3}a2,2 0 1,0 4,0a2,2 0 1,0 -4,0z"
            f"M{x + 2},{y + 11}v-3a4,3.4 0 0 1 8,0v3z")


def svg(row: Row) -> str:
    """The 100 figures, filled ones first, row by row. One line of markup.
    Hidden from screen readers: the caption says the same in words."""
    filled = "".join(_person((i % COLUMNS) * CELL, (i // COLUMNS) * CELL) for i in range(row.count))
    empty = "".join(_person((i % COLUMNS) * CELL, (i // COLUMNS) * CELL) for i in range(row.count, 100))
    size = COLUMNS * CELL
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-1 -1 {size + 2} {size + 2}" '
            f'class="icon-array-svg" aria-hidden="true" focusable="false">'
            + (f'<path class="icon-filled" data-count="{row.count}" fill="currentColor" d="{filled}"/>'
               if row.count else "")
            + (f'<path class="icon-empty" data-count="{100 - row.count}" fill="none" stroke="currentColor" '
               f'stroke-width="0.8" d="{empty}"/>' if row.count < 100 else "")
            + "</svg>")


def panel(row: Row) -> str:
    exact = f" The source gives {_e(row.exact)}." if row.exact else ""
    note = f" {_e(row.note)}" if row.note else ""
    return (f'<div class="icon-array" data-key="{_e(row.key)}" data-count="{row.count}">{svg(row)}'
            f'<p class="icon-array-text"><strong>{_e(row.sentence)}</strong>{exact}{note} [@{row.source}]</p>'
            "</div>")


def figure(rows: dict[str, Row], *keys: str, source: str = "data/icon-arrays.yml") -> str:
    """A <figure> with one icon array per key, side by side on wide screens."""
    if not keys:
        raise ValueError("icon_array() needs at least one key from " + source)
    unknown = [k for k in keys if k not in rows]
    if unknown:
        raise ValueError(f"icon_array(): no row with key {', '.join(map(repr, unknown))} in {source}; "
                         f"known keys: {', '.join(sorted(rows)) or 'none'}")
    panels = "".join(panel(rows[k]) for k in keys)
    caption = ("Each figure stands for 1 person in 100. Filled figures are the people the sentence "
               "below the picture is about.")
    return (f'<figure class="icon-arrays">{panels}'
            f'<figcaption>{_e(caption)}</figcaption></figure>')
