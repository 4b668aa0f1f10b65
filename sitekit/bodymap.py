"""The body map of the criteria explainer (data/body-map.yml): the 19 areas
of the widespread pain index in the 5 regions of the 2016 fibromyalgia
criteria, drawn at build time as an inline SVG of a body from the front and
from the back.

The SVG is a picture until docs/assets/tools/criteria.js makes each area a
checkbox (role="checkbox", aria-checked, keyboard focus) kept in step with
the form's own checkboxes, which stay the text equivalent. Used by the
macro body_map() (sitekit/macros.py). Pure functions.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import datafile
from .bibliography import ROOT
from .problems import Problem

DATA = ROOT / "data" / "body-map.yml"
REGIONS = ("left-upper", "right-upper", "left-lower", "right-lower", "axial")
VIEWS = ("front", "back")
NUMBERS = ("x", "y", "w", "h")
FIELDS = ("id", "label", "region", "view", *NUMBERS)
WIDTH, HEIGHT = 300, 330
AREA_COUNT = 19


@dataclass(frozen=True)
class Area:
    id: str
    label: str
    region: str
    view: str
    x: int
    y: int
    w: int
    h: int
    line: int


def load(path: Path = DATA) -> tuple[list[Area], list[Problem]]:
    """The areas, and every problem with them (file and line of the row)."""
    name = datafile.display(path)
    nodes, problems = datafile.rows(path, "extra.sitekit.body_map", "areas", "- {id: ...}",
                                    "check the row's braces and commas")
    areas, seen = [], {}
    for number, node in enumerate(nodes, start=1):
        area, found = _area(node, number, name)
        if area is not None and area.id in seen:
            found.append(Problem(name, area.line, f"area '{area.id}' is listed twice "
                                 f"(first at line {seen[area.id]})", "list each area once"))
        elif area is not None:
            seen[area.id] = area.line
        problems += found
        if area is not None and not found:
            areas.append(area)
    if not problems and len(areas) != AREA_COUNT:
        problems.append(Problem(name, None, f"the map has {len(areas)} areas, not the {AREA_COUNT} "
                                "of the 2016 criteria", "list every area of the widespread pain index once"))
    return (areas if not problems else []), problems


def _area(node, number: int, file: str) -> tuple[Area | None, list[Problem]]:
    fields, line, problems = datafile.fields(node, number, file, "{id: ..., label: ..., ...}")
    if fields is None:
        return None, problems
    ident = fields["id"].value if isinstance(fields.get("id"), yaml.ScalarNode) else None
    who = f"area '{ident}'" if ident else f"row {number}"
    out: list[Problem] = []

    def add(message: str, fix: str) -> None:
        out.append(Problem(file, line, f"{who}: {message}", fix))

    for field in sorted(set(fields) - set(FIELDS)):
        add(f"unknown field '{field}'", f"use only: {', '.join(FIELDS)}")
    for field in FIELDS:
        value = fields.get(field)
        if not isinstance(value, yaml.ScalarNode) or not value.value.strip() or value.tag.endswith(":null"):
            add(f"missing '{field}'", f"add '{field}:' (see the comment at the top of the file)")
    if out:
        return None, out
    values = {f: fields[f].value.strip() for f in ("id", "label", "region", "view")}
    if values["region"] not in REGIONS:
        add(f"region '{values['region']}' is not one of the 5 regions", f"use one of: {', '.join(REGIONS)}")
    if values["view"] not in VIEWS:
        add(f"view '{values['view']}' is not front or back", "write view: front or view: back")
    numbers = {}
    for field in NUMBERS:
        node_ = fields[field]
        numbers[field] = int(node_.value) if node_.tag.endswith(":int") else None
        if numbers[field] is None or numbers[field] < 0:
            add(f"{field} '{node_.value}' is not a whole number of 0 or more", "write a whole number, e.g. 40")
    if not out and (numbers["x"] + numbers["w"] > WIDTH or numbers["y"] + numbers["h"] > HEIGHT
                    or numbers["w"] == 0 or numbers["h"] == 0):
        add(f"the box does not fit the {WIDTH} x {HEIGHT} picture", "check x, y, w and h")
    if out:
        return None, out
    return Area(line=line, **values, **numbers), []



def _e(text) -> str:
    return html.escape(str(text), quote=True)


# Outlines (not selectable): a head, arms and legs behind the areas.
_OUTLINE = (
    '<g class="body-outline" aria-hidden="true">'
    '<circle cx="95" cy="28" r="20"/><circle cx="235" cy="28" r="18"/>'
    '<rect x="196" y="66" width="78" height="96" rx="14"/>'
    '<rect x="180" y="76" width="16" height="108" rx="8"/><rect x="274" y="76" width="16" height="108" rx="8"/>'
    '<rect x="206" y="164" width="27" height="150" rx="10"/><rect x="237" y="164" width="27" height="150" rx="10"/>'
    "</g>"
)


def svg(areas: list[Area], id_prefix: str = "body-map") -> str:
    """The map as one line of inline SVG. Each area is a <rect> with
    data-area (its checkbox value), data-region and a <title>."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="body-map-svg" '
           f'role="img" aria-labelledby="{id_prefix}-title" font-family="inherit" font-size="12" '
           'fill="currentColor">',
           f'<title id="{id_prefix}-title">The 19 body areas of the 2016 criteria, from the front and the back. '
           'The boxes below list the same areas.</title>',
           _OUTLINE,
           '<text x="45" y="12" text-anchor="middle" class="body-map-side">Your right</text>',
           '<text x="145" y="12" text-anchor="middle" class="body-map-side">Your left</text>',
           f'<text x="95" y="{HEIGHT - 2}" text-anchor="middle">Front</text>',
           f'<text x="235" y="{HEIGHT - 2}" text-anchor="middle">Back</text>']
    for a in areas:
        out.append(f'<rect class="body-area" data-area="{_e(a.id)}" data-region="{_e(a.region)}" '
                   f'data-label="{_e(a.label)}" x="{a.x}" y="{a.y}" width="{a.w}" height="{a.h}" rx="5">'
                   f"<title>{_e(a.label)}</title></rect>")
    out.append("</svg>")
    return "".join(out)


def figure(areas: list[Area]) -> str:
    """The map and its caption. criteria.js replaces the caption with how to use
    the map once the areas can be chosen (without JavaScript it is a picture)."""
    caption = "The 19 areas of the 2016 criteria. The boxes below list the same areas."
    return (f'<figure class="body-map">{svg(areas)}'
            f'<figcaption class="body-map-caption">{_e(caption)}</figcaption></figure>')
