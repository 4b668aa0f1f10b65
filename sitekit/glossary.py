"""The glossary (includes/glossary.md): one reviewed file of plain definitions.

Each line `*[TERM]: definition` is a Markdown abbreviation. pymdownx.snippets
appends the file to every page, so every use of TERM shows its definition on
hover, tap and keyboard focus (Material's content.tooltips; sitekit.postbuild makes the
first use of each term on a page focusable). The Glossary page
lists the same file with glossary_list()."""

from __future__ import annotations

import html
import re
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parent.parent / "includes" / "glossary.md"
LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+?)\s*$")


def load(path: Path = GLOSSARY) -> dict[str, str]:
    terms = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = LINE.match(line)
        if match:
            terms[match["term"]] = match["definition"]
    return terms


def definition_list(terms: dict[str, str]) -> str:
    items = "\n".join(
        f'<dt id="term-{_slug(term)}">{html.escape(term)}</dt>\n<dd>{html.escape(definition)}</dd>'
        for term, definition in sorted(terms.items(), key=lambda kv: kv[0].lower()))
    return f'<dl class="glossary">\n{items}\n</dl>'


def _slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")
