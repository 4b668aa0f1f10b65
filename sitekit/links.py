"""Links, anchors and the navigation, checked in the Markdown before MkDocs
builds, so each problem names the file, the line and a "did you mean".

MkDocs checks the same things (validation: in mkdocs.yml) but names no line;
its checks stay on as a backstop. Anchors are computed as Python-Markdown's
toc extension computes heading ids (its own slugify), plus explicit
`{: #id }` attributes, `id="..."` in HTML, and the ids sitekit adds itself.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from functools import lru_cache
from pathlib import Path

from markdown.extensions.toc import slugify, unique

from .problems import Problem

FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`\n]*`")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
ATTR_ID = re.compile(r"\{:?[^}]*?#([\w-]+)[^}]*\}")
HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""", re.I)
# [text](target "title") and ![alt](target); reference definitions [x]: target
MD_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_HREF = re.compile(r"""<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def _plain(heading: str) -> str:
    """Heading text as the toc extension sees it: no attributes or markup."""
    text = ATTR_ID.sub("", heading)
    text = re.sub(r"\{:[^}]*\}", "", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("`", "")
    text = re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", text)
    text = text.replace("&amp;", "&")
    return text.strip()


def outside_code(text: str, first_line: int = 1, inline: bool = False):
    """(line number, line) for every line outside fenced code; inline code
    removed unless `inline` (heading ids include the words in code)."""
    fenced = False
    for number, line in enumerate(text.split("\n"), start=first_line):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line if inline else INLINE_CODE.sub("", line)


def anchors(text: str, bibliography_keys=()) -> set[str]:
    """Every id the built page will have for its headings and marked elements."""
    found: set[str] = set()
    ids: set[str] = set()
    for _, line in outside_code(text, inline=True):
        heading = HEADING.match(line)
        if heading:
            explicit = ATTR_ID.search(heading.group(2))
            ids.add(explicit.group(1) if explicit else unique(slugify(_plain(heading.group(2)), "-"), ids))
        found.update(m.group(1) for m in ATTR_ID.finditer(line))
        found.update(HTML_ID.findall(line))
    if "[@" in text:  # the Sources list and citation anchors that sitekit.citations adds
        found.add("sources")
    if "references()" in text:  # the References page: one anchor per source
        found.update(f"ref-{key}" for key in bibliography_keys)
    return found | ids


def _is_generated(anchor: str) -> bool:
    return bool(re.fullmatch(r"(source-\d+|cite-\d+-\d+|__\w+)", anchor))


def nav_files(nav) -> list[str]:
    """Every local page path named in mkdocs.yml's nav (any nesting)."""
    out: list[str] = []
    if isinstance(nav, str):
        if not EXTERNAL.match(nav):
            out.append(nav)
    elif isinstance(nav, dict):
        for value in nav.values():
            out += nav_files(value)
    elif isinstance(nav, list):
        for item in nav:
            out += nav_files(item)
    return out


def _config_line(config_text: str, needle: str) -> int | None:
    for number, line in enumerate(config_text.split("\n"), start=1):
        if needle in line:
            return number
    return None


def _suggest(wanted: str, choices: list[str]) -> str | None:
    near = difflib.get_close_matches(wanted, choices, n=1, cutoff=0.6)
    return near[0] if near else None


def check(docs_dir: Path, nav=None, config_path: Path | None = None,
          bibliography_keys=(), texts: dict[str, str] | None = None) -> list[Problem]:
    """Every broken relative link, missing anchor and page missing from the nav."""
    docs_dir = Path(docs_dir)
    prefix = docs_dir.name
    if texts is None:
        texts = {p.relative_to(docs_dir).as_posix(): p.read_text(encoding="utf-8")
                 for p in sorted(docs_dir.rglob("*.md")) if not any(s.startswith(".") for s in p.parts)}
    pages = sorted(texts)
    problems: list[Problem] = []

    @lru_cache(maxsize=None)
    def ids_of(rel: str) -> frozenset[str]:
        return frozenset(anchors(texts[rel], tuple(bibliography_keys)))

    for rel, text in texts.items():
        here = posixpath.dirname(rel)
        for number, line in outside_code(text):
            targets = [m.group(1) for m in MD_LINK.finditer(MACRO.sub("", line))]
            targets += [m.group(1) for m in HTML_HREF.finditer(line)]
            ref = REF_DEF.match(line)
            if ref:
                targets.append(ref.group(1))
            for target in targets:
                problems += _check_target(docs_dir, prefix, rel, here, number, target, pages, ids_of)

    if nav is not None:
        problems += _check_nav(prefix, nav, pages, config_path)
    return problems


# Files the build writes at the site's root (sitekit.feed, MkDocs' sitemap).
GENERATED = {"feed.xml", "sitemap.xml", "sitemap.xml.gz"}


def _check_target(docs_dir, prefix, rel, here, number, target, pages, ids_of) -> list[Problem]:
    name = f"{prefix}/{rel}"
    if EXTERNAL.match(target) or "{{" in target:
        return []
    if posixpath.basename(target.split("#")[0].split("?")[0]) in GENERATED:
        return []  # written by the build, not in docs/; tests/test_links.py checks the built link
    path, _, anchor = target.partition("#")
    path = path.split("?", 1)[0]
    if path.startswith("/"):
        return [Problem(name, number, f"absolute link '{target}'",
                        "link to the Markdown file relatively, e.g. ../fibromyalgia/symptoms.md")]
    if not path:
        goal = rel
    else:
        goal = posixpath.normpath(posixpath.join(here, path))
        if goal.startswith(".."):
            return [Problem(name, number, f"link '{target}' points outside docs/",
                            "link only to files inside docs/")]
        if not path.endswith(".md"):
            if (docs_dir / goal).is_file():
                return []
            if (docs_dir / goal).is_dir() and (docs_dir / goal / "index.md").is_file():
                fix = posixpath.join(path.rstrip("/"), "index.md")
                return [Problem(name, number, f"link '{target}' points to a folder",
                                f"link to the Markdown file instead: {fix}")]
            return [Problem(name, number, f"link target '{path}' does not exist",
                            "check the file name, or add the file to docs/")]
        if goal not in pages:
            near = _suggest(goal, pages)
            fix = (f"did you mean {posixpath.relpath(near, here or '.')}?" if near
                   else "check the file name; links go to the .md file, relative to this page")
            return [Problem(name, number, f"link target '{path}' does not exist", fix)]
    if anchor and not _is_generated(anchor):
        ids = ids_of(goal)
        if anchor not in ids:
            near = _suggest(anchor, sorted(ids))
            where = "this page" if goal == rel else f"{prefix}/{goal}"
            fix = (f"did you mean #{near}?" if near else
                   f"use the id of a heading in {where} (its words in lower case, joined by hyphens)")
            return [Problem(name, number, f"anchor '#{anchor}' is not on {where}", fix)]
    return []


def _check_nav(prefix, nav, pages, config_path) -> list[Problem]:
    config_name = config_path.name if config_path else "mkdocs.yml"
    config_text = config_path.read_text(encoding="utf-8") if config_path and config_path.is_file() else ""
    listed = nav_files(nav)
    problems = []
    for entry in listed:
        if entry not in pages:
            near = _suggest(entry, pages)
            problems.append(Problem(config_name, _config_line(config_text, entry),
                                    f"nav: '{entry}' does not exist in {prefix}/",
                                    f"did you mean {near}?" if near else "correct the path or remove the entry"))
    section_of = {}
    for entry in listed:
        section_of.setdefault(posixpath.dirname(entry), entry)
    for rel in pages:
        if rel not in listed:
            sibling = section_of.get(posixpath.dirname(rel))
            line = _config_line(config_text, sibling) if sibling else _config_line(config_text, "nav:")
            where = f"next to {sibling} (line {line})" if sibling and line else "under nav:"
            problems.append(Problem(f"{prefix}/{rel}", 1, "the page is not in the navigation",
                                    f"add '- {rel}' to nav: in {config_name}, {where}"))
    return problems
