"""Fast previews: `make serve` runs `mkdocs serve --dirty`, which re-renders
only the pages saved since the last build (a save shows in about a second
instead of a full rebuild). Two things make that safe:

- A change to anything other than a page (the bibliography, the glossary,
  the theme overrides, the schema, sitekit, mkdocs.yml) can change every
  page, so after such a change the next build re-renders them all: the
  built HTML is removed, and MkDocs then sees every page as modified.
- MkDocs logs a warning on every dirty build, which --strict would turn into
  a failure; the warning is dropped (a dirty build is what we asked for).

A normal build (`make build`, `make check`, the tests) builds once per
process, so neither applies to it.
"""

from __future__ import annotations

import logging
from pathlib import Path

WATCHED = ("data", "includes", "overrides", "schemas", "sitekit")
_last: dict[str, tuple] = {}


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def _stamp(project_dir: Path, config_file: Path) -> tuple:
    files = [config_file] + [p for name in WATCHED for p in sorted((project_dir / name).rglob("*"))
                             if p.is_file() and "__pycache__" not in p.parts]
    out = []
    for path in files:
        try:
            info = path.stat()
            out.append((str(path), info.st_mtime_ns, info.st_size))
        except OSError:
            pass
    return tuple(out)


def keep_fresh(project_dir: Path, config_file: Path, site_dir: Path) -> bool:
    """Before a build: if a shared input changed since this process's last
    build, remove the built pages so that every page is rendered again.
    Returns True when it did."""
    build_logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DropDirtyWarning) for f in build_logger.filters):
        build_logger.addFilter(_DropDirtyWarning())
    stamp = _stamp(project_dir, config_file)
    key = str(site_dir)
    changed = key in _last and _last[key] != stamp
    _last[key] = stamp
    if changed and site_dir.is_dir():
        for page in site_dir.rglob("*.html"):
            page.unlink()
    return changed
