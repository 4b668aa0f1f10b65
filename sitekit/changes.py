"""Page history: the `changes:` list in a page's front matter.

Each entry is {date, kind, what, why}, newest first (the schema checks the
shape). This module checks what a schema cannot: real dates, none after the
build date, newest first, and the newest review dated `last_reviewed`. Every
problem names the line of the entry at fault."""

from __future__ import annotations

import datetime as dt
import html
import re

from .problems import Problem

FIELD = "changes"
KINDS = {
    "new": "New page",
    "content": "Content changed",
    "correction": "Correction",
    "review": "Reviewed",
}
_ITEM = re.compile(r"^(\s*)-(\s|$)")
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def item_lines(block: str, field: str = FIELD) -> list[int]:
    """Line in the file (front matter starts on line 2) of each entry of a
    block-style list field; [] when the field is missing or written inline."""
    lines = block.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(field)}\s*:\s*(#.*)?$", line)), None)
    if start is None:
        return []
    found, indent = [], None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace() and not line.startswith("-"):
            break  # the next field
        match = _ITEM.match(line)
        if match and (indent is None or len(match.group(1)) == indent):
            indent = len(match.group(1))
            found.append(i + 2)
    return found


def item_line(block: str, index: int, field: str = FIELD) -> int | None:
    """The line of entry `index` (0-based), or of the field itself."""
    lines = item_lines(block, field)
    if 0 <= index < len(lines):
        return lines[index]
    for number, line in enumerate(block.split("\n"), start=2):
        if re.match(rf"{re.escape(field)}\s*:", line):
            return number
    return None


def check(data: dict, file: str, block: str, today: dt.date) -> list[Problem]:
    """Problems with a page's history that the schema does not catch."""
    changes = data.get(FIELD)
    if not isinstance(changes, list):
        return []  # missing (optional) or the wrong type (the schema reports it)
    problems: list[Problem] = []
    dated: list[tuple[int, dt.date, dict]] = []
    for index, entry in enumerate(changes):
        if not isinstance(entry, dict) or not _ISO.fullmatch(str(entry.get("date"))):
            continue  # the schema reports it
        line = item_line(block, index)
        label = f"changes, entry {index + 1}"
        try:
            day = dt.date.fromisoformat(entry["date"])
        except ValueError:
            problems.append(Problem(file, line, f"{label}: date '{entry['date']}' is not a real date",
                                    "write it as YYYY-MM-DD, for example 2026-11-25"))
            continue
        if day > today:
            problems.append(Problem(file, line, f"{label}: date {day} is in the future",
                                    "record a change on the day it is published, not before"))
        dated.append((index, day, entry))

    for (_, newer, _), (index, older, _) in zip(dated, dated[1:]):
        if older > newer:
            problems.append(Problem(file, item_line(block, index),
                                    f"changes, entry {index + 1}: {older} comes after an entry dated {newer}",
                                    "list changes newest first: put the newest entry at the top"))

    reviews = [(index, day) for index, day, entry in dated if entry.get("kind") == "review"]
    reviewed = data.get("last_reviewed")
    if reviews and isinstance(reviewed, str):
        index, newest = max(reviews, key=lambda item: item[1])
        if str(newest) != reviewed:
            problems.append(Problem(
                file, item_line(block, index),
                f"changes, entry {index + 1}: the newest review is dated {newest}, but last_reviewed is {reviewed}",
                f"when you review a page, add a 'review' entry dated {reviewed} at the top of changes:, "
                "or correct last_reviewed"))
    return problems


def with_terms(text: str, terms: dict[str, str]) -> str:
    """`text` as HTML, each glossary term wrapped in <abbr title="definition">
    as the Markdown abbr extension does in page text, so that terms in the page
    history show their definitions too (the history is template text)."""
    escaped = html.escape(text, quote=False)
    if not terms:
        return escaped
    pattern = re.compile(r"\b(" + "|".join(re.escape(html.escape(t, quote=False))
                                            for t in sorted(terms, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: f'<abbr title="{html.escape(terms[html.unescape(m.group(1))])}">{m.group(1)}</abbr>',
                       escaped)


def render(meta: dict, terms: dict[str, str]) -> None:
    """Add what_html and why_html to each entry of meta['changes'] (for the template)."""
    for entry in meta.get(FIELD) or []:
        if isinstance(entry, dict):
            entry["what_html"] = with_terms(str(entry.get("what", "")), terms)
            if entry.get("why"):
                entry["why_html"] = with_terms(str(entry["why"]), terms)
