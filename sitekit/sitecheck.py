"""The whole pre-build check of the site: front matter, citations and labels
(sitekit.lint), page rules (sitekit.pagerules, run by lint), links, anchors
and the navigation (sitekit.links). Run from the macros module before every
build, and by `make check`.

Under `mkdocs serve` every save rebuilds the site in the same process; the
result is kept while none of its inputs has changed (their paths, sizes and
modification times, and the day), so a save that touches only a template or
the CSS does not check every page again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import lint, links

_cache: dict = {}


def _stamp(paths) -> tuple:
    out = []
    for path in paths:
        try:
            info = path.stat()
            out.append((str(path), info.st_mtime_ns, info.st_size))
        except OSError:
            out.append((str(path), None, None))
    return tuple(out)


def run(docs_dir: Path, bib_path: Path, nav=None, config_path: Path | None = None,
        on: dt.date | None = None):
    """(pages, entries, problems, unused keys), as lint.check_site, plus link and nav problems."""
    on = on or lint.today()
    includes = docs_dir.parent / "includes"
    snippets = sorted(p for p in includes.rglob("*") if p.is_file()) if includes.is_dir() else []
    inputs = lint.markdown_files(docs_dir) + snippets + [bib_path, lint.frontmatter.SCHEMA_PATH]
    key = (str(docs_dir), str(bib_path), repr(nav), str(config_path), on, _stamp(inputs))
    if key in _cache:
        return _cache[key]
    pages, entries, problems, unused = lint.check_site(docs_dir, bib_path, on)
    problems = problems + links.check(docs_dir, nav, config_path, bibliography_keys=sorted(entries))
    result = (pages, entries, problems, unused)
    _cache.clear()
    _cache[key] = result
    return result
