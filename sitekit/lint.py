"""Checks every page in docs/ before the build, so that all problems are
reported together, each with its file, line and fix. Importable by pytest."""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import badges, bibliography, citations, frontmatter, glossary, htmlpolicy, pagerules
from .problems import Problem

BADGE_CALL = re.compile(r"\{\{\s*(\w+)\((.*?)\)\s*\}\}")
EMPTY_ALT = re.compile(r"!\[\s*\]\(")
IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)


@dataclass
class Page:
    path: str            # relative to docs/, with forward slashes
    meta: dict
    cited: list[str]     # keys in order of first citation


def today() -> dt.date:
    """The date checks compare against; SITEKIT_TODAY=YYYY-MM-DD fixes it for tests."""
    fixed = os.environ.get("SITEKIT_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def markdown_files(docs_dir: Path) -> list[Path]:
    return sorted(p for p in docs_dir.rglob("*.md") if not any(s.startswith(".") for s in p.parts))


def suggest(key: str, entries: dict) -> str | None:
    """The bibliography key a mistyped one most likely meant, if any."""
    near = difflib.get_close_matches(key, list(entries), n=1, cutoff=0.75)
    return near[0] if near else None


def check_page(path: Path, docs_dir: Path, entries: dict, on: dt.date) -> tuple[Page | None, list[Problem]]:
    rel = path.relative_to(docs_dir).as_posix()
    name = f"{docs_dir.name}/{rel}"
    text = path.read_text(encoding="utf-8")
    meta, problems = frontmatter.parse(text, name)
    block, body_line = frontmatter.split(text)
    if meta is not None:
        problems += frontmatter.check(meta, name, block, on)
    body = text.split("\n", body_line - 1)[-1] if block is not None else text
    start = body_line if block is not None else 1

    cited, typos = [], set()
    for line, key in citations.find(body, start):
        if key not in entries:
            near = suggest(key, entries)
            if near:  # count it as cited: no knock-on "listed but never cited" for the key it replaced
                typos.add(near)
                if near not in cited:
                    cited.append(near)
            problems.append(Problem(name, line, f"unknown citation key '@{key}'"
                                    + (f": did you mean '@{near}'?" if near else ""),
                                    f"write [@{near}]" if near else
                                    "use a key from data/bibliography.yml, or add the source there first"))
        elif key not in cited:
            cited.append(key)
    if meta is not None:
        listed = meta.get("sources") or []
        listed = listed if isinstance(listed, list) else []
        sources_line = frontmatter.field_line(block, "sources")
        for key in listed:
            if key not in entries:
                near = suggest(key, entries)
                problems.append(Problem(name, sources_line, f"sources: unknown citation key '{key}'"
                                        + (f": did you mean '{near}'?" if near else ""),
                                        f"write {near}" if near else "use a key from data/bibliography.yml"))
            elif key not in cited:
                problems.append(Problem(name, sources_line, f"sources: '{key}' is listed but never cited",
                                        f"cite it where it supports a statement with [@{key}], or remove it"))
        for key in cited:
            if key not in listed and key not in typos:
                problems.append(Problem(name, sources_line or 2, f"'@{key}' is cited but not in sources:",
                                        f"add {key} to the page's sources list"))

    for number, line in enumerate(body.split("\n"), start=start):
        for match in BADGE_CALL.finditer(line):
            macro = badges.MACROS.get(match.group(1))
            if macro is None:
                continue
            try:
                args = ast.literal_eval(f"({match.group(2)},)")
                macro(*args)
            except badges.LabelError as error:
                problems.append(Problem(name, number, f"evidence label: {error}",
                                        "see the page 'How we grade evidence' for the labels"))
            except (ValueError, SyntaxError, TypeError):
                problems.append(Problem(name, number, f"evidence label: cannot read {match.group(0)}",
                                        'write it like {{ certainty("low") }}'))
        problems += htmlpolicy.source_problems(line, name, number)  # <script>, on*=, <iframe>, ...
        if EMPTY_ALT.search(line):
            problems.append(Problem(name, number, "image without alt text",
                                    "describe the image in the brackets: ![what it shows](file.svg)"))
        for tag in IMG_TAG.findall(line):
            if not re.search(r"\balt\s*=", tag):
                problems.append(Problem(name, number, "<img> without an alt attribute",
                                        'add alt="what it shows" (alt="" only for pure decoration)'))
    problems += pagerules.check(name, meta, body, start, frontmatter.field_line(block, "sources") if block else None)
    page = Page(rel, meta, cited) if meta is not None else None
    return page, problems


def check_site(docs_dir: Path, bib_path: Path = bibliography.BIBLIOGRAPHY,
               on: dt.date | None = None) -> tuple[list[Page], dict, list[Problem], list[str]]:
    """(pages, bibliography entries, problems, unused bibliography keys)."""
    on = on or today()
    entries, problems = bibliography.load(bib_path)
    pages = []
    for path in markdown_files(docs_dir):
        page, found = check_page(path, docs_dir, entries, on)
        problems += found
        if page:
            pages.append(page)
    if (docs_dir.parent / "includes").is_dir():
        problems += check_includes(docs_dir.parent / "includes")
    used = {key for page in pages for key in page.cited}
    unused = sorted(set(entries) - used)
    return pages, entries, problems, unused


def check_includes(includes_dir: Path) -> list[Problem]:
    """Snippet files (pymdownx.snippets appends includes/glossary.md to every
    page): the same HTML rules as pages, and plain-text glossary definitions."""
    problems = []
    for path in sorted(p for p in includes_dir.rglob("*") if p.is_file()):
        name = f"{includes_dir.name}/{path.relative_to(includes_dir).as_posix()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            problems += htmlpolicy.source_problems(line, name, number, "a snippet file")
    if (includes_dir / "glossary.md").is_file():
        problems += glossary.check(includes_dir / "glossary.md", f"{includes_dir.name}/glossary.md")
    return problems
