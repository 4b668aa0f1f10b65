"""Tables that fit a phone: every data cell of a table with column headings
gets a data-label attribute holding its column's heading, and the table gets
data-stack. On a narrow screen site.css then shows each row as a block of
labelled lines ("Measure: SMD") instead of a grid wider than the column; wide
screens and paper keep the grid.

No ARIA roles are added: the HTML checker refuses roles on the rows and
cells of a table, and the stacked layout is a screen-width style only.

Run by sitekit.postbuild on the built HTML, so it works on Markdown tables,
raw HTML tables and tables made by macros alike (and on Zensical's output).
"""

from __future__ import annotations

import html
import re

TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table\s*>", re.S | re.I)
THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead\s*>", re.S | re.I)
ROW = re.compile(r"<tr\b([^>]*)>(.*?)</tr\s*>", re.S | re.I)
CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1\s*>", re.S | re.I)
TAGS = re.compile(r"<[^>]+>")
SPAN = re.compile(r"\bcolspan\s*=\s*\"?(\d+)", re.I)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(TAGS.sub(" ", fragment)).split())


def _attr(attrs: str, name: str, value: str) -> str:
    if re.search(rf"\b{name}\s*=", attrs):
        return attrs
    return f'{attrs} {name}="{html.escape(value, quote=True)}"'


def headings(table_body: str) -> list[str]:
    """The column headings of a table: the last row of its <thead>, colspans expanded."""
    head = THEAD.search(table_body)
    if not head:
        return []
    rows = ROW.findall(head.group(1))
    if not rows:
        return []
    out: list[str] = []
    for _tag, attrs, inner in CELL.findall(rows[-1][1]):
        span = SPAN.search(attrs)
        out += [_text(inner)] * (int(span.group(1)) if span else 1)
    return out


def _label_row(attrs: str, inner: str, heads: list[str]) -> str:
    column = 0

    def cell(match: re.Match) -> str:
        nonlocal column
        tag, cell_attrs, body = match.groups()
        span = SPAN.search(cell_attrs)
        label = heads[column] if column < len(heads) else ""
        column += int(span.group(1)) if span else 1
        if label:
            cell_attrs = _attr(cell_attrs, "data-label", label)
        return f"<{tag}{cell_attrs}>{body}</{tag}>"

    return f"<tr{attrs}>{CELL.sub(cell, inner)}</tr>"


def stack(page: str) -> str:
    """Label the cells of every table with column headings (see the module docstring)."""

    def table(match: re.Match) -> str:
        attrs, body = match.groups()
        heads = headings(body)
        if not heads or "data-stack" in attrs:
            return match.group(0)
        body = ROW.sub(lambda row: _label_row(row.group(1), row.group(2), heads), body)
        return f"<table{_attr(attrs, 'data-stack', '')}>{body}</table>"

    return TABLE.sub(table, page)
