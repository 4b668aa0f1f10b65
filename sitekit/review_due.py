"""Lists pages whose review is due within N days (default 60), soonest first.

Usage: python -m sitekit.review_due [DOCS_DIR] [--days N]
Prints a Markdown list (empty output when nothing is due); always exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from . import frontmatter, lint


def due_pages(docs_dir: Path, within_days: int = 60, on: dt.date | None = None) -> list[tuple[dt.date, str, str]]:
    on = on or lint.today()
    limit = on + dt.timedelta(days=within_days)
    due = []
    for path in lint.markdown_files(docs_dir):
        meta, _ = frontmatter.parse(path.read_text(encoding="utf-8"), str(path))
        try:
            when = dt.date.fromisoformat(str((meta or {}).get("next_review")))
        except ValueError:
            continue
        if when <= limit:
            due.append((when, f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}", meta.get("title", "")))
    return sorted(due)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", default="docs", type=Path)
    parser.add_argument("--days", type=int, default=60)
    args = parser.parse_args()
    for when, path, title in due_pages(args.docs, args.days):
        print(f"- {when}: {title} ({path})")


if __name__ == "__main__":
    main()
