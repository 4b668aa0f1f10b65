"""Inline citations: [@key] or [@a; @b] in Markdown become numbered links to
a "Sources (n)" list at the end of the page. Repeated keys reuse their number.

Each citation link has Material's `footnote-ref` class, so the source shows
in place on hover, focus and a first tap on a touch screen (a tooltip in
Material's look, built on demand by docs/assets/site.js). The
tooltip is the entry's <p>, which is why each list item wraps its entry in one.
Ids are stable: cite-<n>-<use> on every use, source-<n> on the list item."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from . import bibliography

CITATION = re.compile(r"\[(@[^\[\]\s;]+(?:\s*;\s*@[^\[\]\s;]+)*)\]")
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`\n]*`")


def _keys(group: str) -> list[str]:
    return [part.strip().lstrip("@") for part in group.split(";")]


def find(markdown: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line number, key) for every citation outside code."""
    found, fenced = [], False
    for number, line in enumerate(markdown.split("\n"), start=first_line):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in CITATION.finditer(_INLINE_CODE.sub("", line)):
            found += [(number, key) for key in _keys(match.group(1))]
    return found


@dataclass
class Numbering:
    order: list[str] = field(default_factory=list)

    def number(self, key: str) -> int:
        if key not in self.order:
            self.order.append(key)
        return self.order.index(key) + 1


def render(markdown: str, entries: dict[str, dict]) -> tuple[str, list[str]]:
    """Replace citations with numbered links and append the Sources list.
    Returns the new Markdown and the cited keys in order of first use."""
    numbering = Numbering()
    uses: dict[str, int] = {}

    def replace(match: re.Match) -> str:
        links = []
        for key in _keys(match.group(1)):
            if key not in entries:
                raise KeyError(key)  # the pre-build check names the file and line
            n = numbering.number(key)
            uses[key] = uses.get(key, 0) + 1
            label = html.escape(f"Source {n}: {bibliography.short(entries[key])}")
            links.append(f'<a id="cite-{n}-{uses[key]}" class="footnote-ref" href="#source-{n}" '
                         f'aria-label="{label}">{n}</a>')
        return f'<sup class="cite">[{", ".join(links)}]</sup>'

    out, fenced = [], False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _replace_outside_code(line, replace)
        out.append(line)
    text = "\n".join(out)
    if numbering.order:
        text = text.rstrip("\n") + "\n\n" + sources_section(numbering.order, entries, uses) + "\n"
    return text, numbering.order


def _replace_outside_code(line: str, replace) -> str:
    pieces, last = [], 0
    for code in _INLINE_CODE.finditer(line):
        pieces.append(CITATION.sub(replace, line[last:code.start()]))
        pieces.append(code.group(0))
        last = code.end()
    pieces.append(CITATION.sub(replace, line[last:]))
    return "".join(pieces)


def sources_section(order: list[str], entries: dict[str, dict], uses: dict[str, int]) -> str:
    """The numbered list, one back-link per entry (to the first use), under a
    heading that gives the count."""
    items = []
    for n, key in enumerate(order, start=1):
        back = f'<a class="cite-back" href="#cite-{n}-1" aria-label="Back to where source {n} is first cited">↩</a>'
        items.append(f'<li id="source-{n}"><p>{bibliography.format_html(entries[key], full=False)} {back}</p></li>')
    # Left out of the search index: every page's list repeats the same
    # authors and titles (the References page is searched instead).
    return (f"## Sources ({len(order)}) {{: #sources data-search-exclude }}\n\n"
            '<ol class="sources" data-search-exclude>\n' + "\n".join(items) + "\n</ol>")
