"""Post-build: a glossary definition once per term per page.

Material's content.tooltips feature turns every element with a `title` into
an interactive tooltip when the page loads (listeners and state for each),
which is main-thread work on a slow phone. Readers meet the definition where
the word first appears, as plain-language guides advise; later uses of the
same term keep the word and its <abbr> but not the `title`, so no tooltip is
made for them. A use that takes keyboard focus (see postbuild.focusable_terms)
always keeps its definition, so a term first used inside a link still shows
its definition where it first takes focus.

Runs on each page's HTML before it is minified.
"""

from __future__ import annotations

import re

ABBR = re.compile(r"<abbr\b([^>]*)>(.*?)</abbr>", re.S | re.I)
TITLE = re.compile(r"\s+title=(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I)


def once_per_term(html: str) -> str:
    """Drop `title` from every <abbr> whose term already had its definition
    earlier on the page, unless that <abbr> takes focus."""
    seen: set[str] = set()

    def visit(match: re.Match) -> str:
        attrs, text = match.group(1), match.group(2)
        if not TITLE.search(attrs):
            return match.group(0)
        if text in seen and "tabindex" not in attrs:
            return f"<abbr{TITLE.sub('', attrs, count=1)}>{text}</abbr>"
        seen.add(text)
        return match.group(0)

    return ABBR.sub(visit, html)
