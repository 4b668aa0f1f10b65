"""The glossary (includes/glossary.md): one reviewed file of plain definitions.

Each line `*[TERM]: definition` is a Markdown abbreviation. pymdownx.snippets
appends the file to every page, so every use of TERM shows its definition on
hover, tap and keyboard focus (a tooltip built on demand by docs/assets/site.js;
sitekit.postbuild makes the first use of each term on a page focusable). The Glossary page
lists the same file with glossary_list()."""

from __future__ import annotations

import html
import re
from pathlib import Path

from .problems import Problem

GLOSSARY = Path(__file__).resolve().parent.parent / "includes" / "glossary.md"
LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+?)\s*$")


def load(path: Path = GLOSSARY) -> dict[str, str]:
    terms = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = LINE.match(line)
        if match:
            terms[match["term"]] = match["definition"]
    return terms


# Definitions are shown by the theme's tooltips, which render them as HTML:
# so they must be plain text (no tags, no character references, no links).
NOT_PLAIN = [
    (re.compile(r"[<>]"), "an angle bracket (< or >), which the tooltip would read as HTML"),
    (re.compile(r"&#?\w+;"), "an HTML character reference (such as &amp;)"),
    (re.compile(r"\b(javascript|vbscript|data|file|mailto|tel)\s*:|[a-z][a-z0-9+.-]*://", re.I), "a link (URL)"),
]


def check(path: Path = GLOSSARY, name: str = "includes/glossary.md") -> list[Problem]:
    """Every glossary term and definition is plain text, with file:line."""
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = LINE.match(line)
        if not match:
            continue
        for part in ("term", "definition"):
            for pattern, what in NOT_PLAIN:
                if pattern.search(match[part]):
                    problems.append(Problem(name, number, f"glossary {part} for '{match['term']}' holds {what}",
                                            "write the definition as plain words: no HTML, no entities, no links"))
    return problems


def definition_list(terms: dict[str, str]) -> str:
    """The Glossary page: A-Z jump links, then one heading and one list per letter."""
    by_letter: dict[str, list[tuple[str, str]]] = {}
    for term, definition in sorted(terms.items(), key=lambda kv: kv[0].lower()):
        by_letter.setdefault(_letter(term), []).append((term, definition))
    links = "".join(f'<li><a href="#letter-{letter.lower()}" aria-label="Terms starting with {letter}">'
                    f'{letter}</a></li>' for letter in by_letter)
    out = [f'<nav class="glossary-az" aria-label="Glossary from A to Z"><ul>{links}</ul></nav>']
    for letter, entries in by_letter.items():
        items = "\n".join(
            f'<dt id="term-{_slug(term)}">{html.escape(term)}</dt>\n<dd>{html.escape(definition)}</dd>'
            for term, definition in entries)
        out.append(f'<h2 class="glossary-letter" id="letter-{letter.lower()}">{letter}</h2>\n'
                   f'<dl class="glossary">\n{items}\n</dl>')
    return "\n".join(out)


def _letter(term: str) -> str:
    """The A-Z heading a term goes under: its first letter (digits and symbols under '#')."""
    first = term[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def _slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")
