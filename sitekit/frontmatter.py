"""Front matter: split it from a page, and check it against schemas/page.schema.json."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

import jsonschema
import yaml

from . import changes
from .problems import Problem

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "schemas" / "page.schema.json"
MEDICAL_TYPES = {"condition", "biology", "evidence"}
MAX_REVIEW_GAP_DAYS = 3 * 365 + 1  # three years, leap day included
_FENCE = re.compile(r"^---[ \t]*$", re.M)


class _StringDates(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A YAML loader that keeps dates as text, so we can explain a bad date."""


_StringDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def split(text: str) -> tuple[str | None, int]:
    """Return (front matter text or None, line number where the body starts)."""
    if not text.startswith("---"):
        return None, 1
    first = text.split("\n", 1)[0]
    if first.strip() != "---":
        return None, 1
    end = _FENCE.search(text, len(first) + 1)
    if not end:
        return None, 1
    block = text[len(first) + 1 : end.start()]
    return block, block.count("\n") + 3


def field_line(block: str, field: str) -> int | None:
    """Line in the file (front matter starts on line 2) where a field is set."""
    for number, line in enumerate(block.split("\n"), start=2):
        if re.match(rf"{re.escape(field)}\s*:", line):
            return number
    return None


def parse(text: str, file: str) -> tuple[dict | None, list[Problem]]:
    block, _ = split(text)
    if block is None:
        return None, [Problem(file, 1, "the page has no front matter",
                              "start the file with a '---' line, the fields from "
                              "templates/page.md, and another '---' line")]
    try:
        data = yaml.load(block, Loader=_StringDates)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        reason = getattr(error, "problem", None) or str(error)
        return None, [Problem(file, line, f"the front matter is not valid YAML ({reason})",
                              "check the indentation and quote any value that contains ': ' or '#'")]
    if not isinstance(data, dict):
        return None, [Problem(file, 2, "the front matter must be a list of 'field: value' lines",
                              "see templates/page.md")]
    return data, []


def _date(value, file, line, field) -> tuple[dt.date | None, list[Problem]]:
    if not isinstance(value, str):
        return None, []  # the schema reports the wrong type
    try:
        return dt.date.fromisoformat(value), []
    except ValueError:
        return None, [Problem(file, line, f"{field}: '{value}' is not a real date",
                              "write it as YYYY-MM-DD, for example 2026-11-25")]


def check(data: dict, file: str, block: str, today: dt.date) -> list[Problem]:
    """Every problem with one page's front matter."""
    problems: list[Problem] = []
    validator = jsonschema.Draft202012Validator(schema())
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.path)):
        problems.append(_explain(error, data, file, block))

    line_of = lambda name: field_line(block, name)  # noqa: E731
    reviewed, p1 = _date(data.get("last_reviewed"), file, line_of("last_reviewed"), "last_reviewed")
    due, p2 = _date(data.get("next_review"), file, line_of("next_review"), "next_review")
    problems += p1 + p2
    if reviewed and reviewed > today:
        problems.append(Problem(file, line_of("last_reviewed"),
                                f"last_reviewed: {reviewed} is in the future",
                                "use the date on which you actually checked the page against its sources"))
    if reviewed and due:
        if due <= reviewed:
            problems.append(Problem(file, line_of("next_review"),
                                    f"next_review: {due} is not after last_reviewed ({reviewed})",
                                    "set next_review to a date after last_reviewed"))
        elif (due - reviewed).days > MAX_REVIEW_GAP_DAYS:
            problems.append(Problem(file, line_of("next_review"),
                                    f"next_review: {due} is more than 3 years after last_reviewed ({reviewed})",
                                    "medical pages are checked at least every 3 years: choose an earlier date"))
    if due and due < today:
        problems.append(Problem(file, line_of("next_review"),
                                f"next_review: the review was due on {due} and is overdue",
                                "check the page against its sources, then update last_reviewed "
                                "and next_review"))
    problems += changes.check(data, file, block, today)
    return problems


def _explain(error: jsonschema.ValidationError, data: dict, file: str, block: str) -> Problem:
    path = list(error.absolute_path)
    field = str(path[0]) if path else None
    hint = (schema()["properties"].get(field, {}) or {}).get("description", "") if field else ""
    if field == changes.FIELD and len(path) > 1 and isinstance(path[1], int):
        return _explain_change(error, path, file, block)
    if error.validator == "additionalProperties":
        unknown = sorted(set(data) - set(schema()["properties"]))
        name = unknown[0] if unknown else "?"
        allowed = ", ".join(schema()["properties"])
        return Problem(file, field_line(block, name), f"{name}: unknown field",
                       f"remove it or correct its spelling; allowed fields: {allowed}")
    if error.validator == "required":
        missing = error.message.split("'")[1]
        desc = schema()["properties"].get(missing, {}).get("description", "")
        return Problem(file, 2, f"{missing}: required field is missing", f"add '{missing}:'. {desc}")
    line = field_line(block, field) if field else None
    if error.validator == "maxLength" and field == "description":
        return Problem(file, line, f"description: {len(data[field])} characters, the limit is "
                       f"{error.validator_value}", "shorten it to one or two plain sentences")
    if error.validator == "pattern" and field in ("title", "description"):
        return Problem(file, line, f"{field}: contains a straight double quote or angle bracket",
                       "use typographic quotes (‘ ’ “ ”) instead: the theme puts this text in HTML attributes")
    if error.validator == "pattern" and field == "reviewed_by":
        return Problem(file, line, "reviewed_by: only letters, digits, spaces and . , ' ’ ( ) & / - are allowed",
                       "write a role or organisation in plain words, such as 'Editorial team' (no HTML or code)")
    if error.validator == "enum":
        options = ", ".join(map(str, error.validator_value))
        return Problem(file, line, f"{field}: {error.instance!r} is not allowed", f"use one of: {options}")
    if error.validator == "type":
        return Problem(file, line, f"{field}: expected {error.validator_value}, got "
                       f"{type(error.instance).__name__} {error.instance!r}",
                       hint or "see CONTRIBUTING.md")
    return Problem(file, line, f"{field or 'front matter'}: {error.message}", hint or "see CONTRIBUTING.md")


def _explain_change(error: jsonschema.ValidationError, path: list, file: str, block: str) -> Problem:
    """A problem inside one entry of changes:, at that entry's line."""
    line = changes.item_line(block, path[1])
    where = f"changes, entry {path[1] + 1}"
    item_schema = schema()["properties"][changes.FIELD]["items"]
    key = str(path[2]) if len(path) > 2 else None
    fix = "each entry is: - {date: YYYY-MM-DD, kind: new|content|correction|review, what: ..., why: ...}"
    if error.validator == "required":
        missing = error.message.split("'")[1]
        desc = item_schema["properties"].get(missing, {}).get("description", "")
        return Problem(file, line, f"{where}: '{missing}' is missing", f"add {missing}: to the entry. {desc}")
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(item_schema["properties"]))
        return Problem(file, line, f"{where}: unknown key '{unknown[0] if unknown else '?'}'",
                       f"remove it or correct its spelling; {fix}")
    if error.validator == "enum":
        options = ", ".join(map(str, error.validator_value))
        return Problem(file, line, f"{where}: {key} {error.instance!r} is not allowed", f"use one of: {options}")
    if key == "date":
        return Problem(file, line, f"{where}: date {error.instance!r} is not written YYYY-MM-DD",
                       "write the date as YYYY-MM-DD, for example 2026-11-25 (no quotes needed)")
    if error.validator == "pattern":
        return Problem(file, line, f"{where}: {key} contains an angle bracket (< or >)",
                       "write it in plain words: the page shows this text as it is")
    if error.validator in ("minLength", "maxLength"):
        return Problem(file, line, f"{where}: {key} has {len(error.instance)} characters, "
                       f"{'at least' if error.validator == 'minLength' else 'at most'} {error.validator_value} wanted",
                       "one plain sentence a reader understands")
    desc = item_schema["properties"].get(key, {}).get("description", "") if key else ""
    return Problem(file, line, f"{where}: {key + ': ' if key else ''}{error.message}", desc or fix)
