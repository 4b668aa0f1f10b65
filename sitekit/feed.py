"""What changed on the site: every page's `changes:` entries, newest first,
as a Markdown list (the What's new page) and as an Atom feed (feed.xml,
RFC 4287) written once the site is built.

The feed is reproducible: it carries no build time (its `updated` is the
newest change's date), entries are in a fixed order, and each entry's id is a
tag URI (RFC 4151) made of the site's host, the change's date, the page's
source path and the entry's number counted from the page's oldest change, so
it stays the same when newer changes are added above it."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from .changes import KINDS

FEED_FILE = "feed.xml"
WHATS_NEW = "about/whats-new/"
ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Change:
    date: str          # YYYY-MM-DD
    path: str          # source path under docs/, e.g. "il-6/index.md"
    title: str         # the page's title
    number: int        # 1 for the page's oldest change, 2 for the next ...
    kind: str
    what: str
    why: str


def page_url(path: str) -> str:
    """The page's address relative to the site root (directory URLs)."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def collect(pages) -> list[Change]:
    """Every change on every page, newest first (then by page, then newest entry first)."""
    out = []
    for page in pages:
        entries = page.meta.get("changes") or []
        for position, entry in enumerate(entries):
            out.append(Change(date=str(entry["date"]), path=page.path, title=str(page.meta.get("title", page.path)),
                              number=len(entries) - position, kind=str(entry["kind"]),
                              what=str(entry["what"]).strip(), why=str(entry.get("why") or "").strip()))
    out.sort(key=lambda c: (c.path, -c.number))
    out.sort(key=lambda c: c.date, reverse=True)   # a stable sort: same-day changes stay A to Z by page
    return out


def human_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%B %Y')}"


def markdown_list(changes: list[Change], here: str, count: int) -> str:
    """Markdown for the What's new page: one line per change, links relative to `here`."""
    lines = []
    for change in changes[:count]:
        link = posixpath.relpath(change.path, here or ".")
        why = f" Why: {change.why}" if change.why else ""
        lines.append(f"- **{human_date(change.date)}**: [{change.title}]({link}). "
                     f"{KINDS.get(change.kind, change.kind)}: {change.what}{why}")
    return "\n".join(lines) if lines else "No changes have been recorded yet."


def _tag(site_url: str, change: Change) -> str:
    host = urlsplit(site_url).hostname or "localhost"
    return f"tag:{host},{change.date}:{change.path}/{change.number}"


def atom(changes: list[Change], site_name: str, site_url: str, author: str = "Editorial team",
         limit: int = 50) -> str:
    """An Atom 1.0 feed of the newest `limit` changes, and every other change of
    the last day it reaches (a day is never cut in half). Same input, same bytes."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    shown = changes[:limit]
    if shown:
        shown += [c for c in changes[limit:] if c.date == shown[-1].date]
    updated = f"{shown[0].date}T00:00:00Z" if shown else "1970-01-01T00:00:00Z"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="{ATOM_NS}" xml:lang="en">',
           f"  <id>{escape(base)}</id>",
           f"  <title>{escape(site_name)}: what's new</title>",
           "  <subtitle>Changes to the site's pages: new pages, corrections, content changes and reviews.</subtitle>",
           f"  <updated>{updated}</updated>",
           f"  <author><name>{escape(author)}</name></author>",
           f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + FEED_FILE)}/>",
           f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + WHATS_NEW)}/>"]
    for change in shown:
        label = KINDS.get(change.kind, change.kind)
        summary = change.what + (f" Why: {change.why}" if change.why else "")
        out += ["  <entry>",
                f"    <id>{escape(_tag(site_url, change))}</id>",
                f"    <title>{escape(change.title)}: {escape(label)}</title>",
                f"    <updated>{change.date}T00:00:00Z</updated>",
                f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + page_url(change.path))}/>",
                f"    <category term={quoteattr(change.kind)} label={quoteattr(label)}/>",
                f"    <summary>{escape(summary)}</summary>",
                "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def write(site_dir: Path, changes: list[Change], site_name: str, site_url: str) -> Path:
    target = Path(site_dir) / FEED_FILE
    target.write_text(atom(changes, site_name, site_url), encoding="utf-8", newline="\n")
    return target
