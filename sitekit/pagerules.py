"""Rules for a page's shape, checked in the Markdown before the build, each
problem with its file, line and fix. The tests assert the same rules on the
built HTML; these make the build say so first, in an editor's words.

- Headings go down one level at a time (## then ###, never ## then ####).
- No inline event handlers (onclick= and the like) or javascript: links:
  the Content-Security-Policy blocks them, so they would silently not work.
- A patient page about a condition, the biology or the evidence (type
  condition, biology or evidence, audience not clinicians) opens with a
  reading-time line ("About 5 minutes to read."), then a Key points box of
  3 to 5 bullets, and cites at least MIN_SOURCES different sources.
- A page of any other type that makes a medical statement (an evidence
  label, or a sources: list) cites at least one source.
"""

from __future__ import annotations

import re

from .problems import Problem

MEDICAL_TYPES = {"condition", "biology", "evidence"}
MIN_SOURCES = {"condition": 3, "biology": 3, "evidence": 3}
READING_TIME = re.compile(r"\d+ minutes? to read")
ADMONITION = re.compile(r"^(!!!|\?\?\?\+?)\s+\w+(?:\s+\"([^\"]*)\")?")
HEADING = re.compile(r"^(#{1,6})\s+\S")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`\n]*`")
HANDLER = re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src)\s*=\s*["']?\s*javascript:|\]\(\s*javascript:""", re.I)
EVIDENCE_LABEL = re.compile(r"\{\{\s*(certainty|recommendation|verdict)\(")
CITATION = re.compile(r"\[@[^\]\s]")


def _lines(body: str, start: int):
    fenced = False
    for number, line in enumerate(body.split("\n"), start=start):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, INLINE_CODE.sub("", line)


def is_patient_content(meta: dict) -> bool:
    return meta.get("type") in MEDICAL_TYPES and meta.get("audience") != "clinicians"


def check(name: str, meta: dict | None, body: str, start: int, sources_line: int | None = None) -> list[Problem]:
    """Every rule above, for one page. body starts on line `start` of the file."""
    problems: list[Problem] = []
    lines = list(_lines(body, start))
    previous = 0
    for number, line in lines:
        heading = HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if previous and level > previous + 1:
                problems.append(Problem(name, number, f"heading level skipped: {'#' * level} after {'#' * previous}",
                                        f"use {'#' * (previous + 1)} here (headings go down one level at a time)"))
            previous = level
        handler = HANDLER.search(line)
        if handler:
            problems.append(Problem(name, number, f"inline event handler '{handler.group(1)}='",
                                    "pages carry no scripts (the Content-Security-Policy blocks them): "
                                    "remove it, and ask a maintainer to add behaviour in docs/assets/"))
        if JS_URL.search(line):
            problems.append(Problem(name, number, "a javascript: link",
                                    "link to a page or an address instead; scripts live in docs/assets/"))
    if meta is None:
        return problems

    kind = meta.get("type")
    cites = any(CITATION.search(line) for _, line in lines)
    if kind not in MEDICAL_TYPES and not cites:
        label = next((n for n, line in lines if EVIDENCE_LABEL.search(line)), None)
        if label:
            problems.append(Problem(name, label, "an evidence label on a page that cites no source",
                                    "cite the source of the label right after it with [@key]"))
    if is_patient_content(meta):
        problems += _opening(name, lines, start)
        sources = meta.get("sources") if isinstance(meta.get("sources"), list) else []
        least = MIN_SOURCES.get(kind, 1)
        if sources and len(set(sources)) < least:
            problems.append(Problem(name, sources_line, f"sources: {len(set(sources))} source"
                                    f"{'s' if len(set(sources)) != 1 else ''}, a {kind} page needs at least {least}",
                                    f"cite at least {least} different sources from data/bibliography.yml, "
                                    "each where it supports a statement, and list them in sources:"))
    return problems


def _opening(name: str, lines: list[tuple[int, str]], start: int) -> list[Problem]:
    """The reading-time line, then the Key points box with 3 to 5 bullets."""
    box = next(((i, n) for i, (n, line) in enumerate(lines)
                if ADMONITION.match(line) and not line.startswith(" ")), None)
    h1 = next((n for n, line in lines if line.startswith("# ")), start)
    if box is None or "Key points" not in (ADMONITION.match(lines[box[0]][1]).group(2) or ""):
        return [Problem(name, box[1] if box else h1, "the page does not open with a Key points box",
                        'after the title and the reading time, add: !!! abstract "Key points" '
                        "with 3 to 5 bullets (see templates/page.md)")]
    index, line_number = box
    problems = []
    if not any(READING_TIME.search(line) for _, line in lines[:index]):
        problems.append(Problem(name, line_number, "no reading-time line before the Key points box",
                                "add a line such as *About 5 minutes to read.* above it "
                                "(about 200 words a minute, rounded up)"))
    bullets = 0
    for _, line in lines[index + 1:]:
        if line.strip() and not line.startswith((" ", "\t")):
            break
        if re.match(r"^\s{4}[-*+]\s", line):
            bullets += 1
    if not 3 <= bullets <= 5:
        problems.append(Problem(name, line_number, f"the Key points box has {bullets} bullet"
                                f"{'s' if bullets != 1 else ''}, it needs 3 to 5",
                                "keep the 3 to 5 most important answers, one short sentence each"))
    return problems
