"""Post-build: a glossary definition once per term per page.

Each `title` is a definition a reader can open (docs/assets/site.js builds
the tooltip on demand; Material's content.tooltips feature, which set up
every titled element at load, is off). Fewer titles also mean less for a
screen reader to announce twice. Readers meet the definition where
the word first appears, as plain-language guides advise; later uses of the
same term keep the word and its <abbr> but not the `title`, so no tooltip is
made for them. A use that takes keyboard focus (see postbuild.focusable_terms)
always keeps its definition, so a term first used inside a link still shows
its definition where it first takes focus. Uses inside a collapsible
<details> box (a "For clinicians" box, an option card, the page history)
do not count as the first use, since the box may stay closed: the word must
still explain itself where the reader meets it in the open text. Inside a
box, the first use of each term in that box keeps its definition.

Runs on each page's HTML before it is minified.
"""

from __future__ import annotations

import re

ABBR_OR_DETAILS = re.compile(r"<abbr\b([^>]*)>(.*?)</abbr>|<(/?)details\b[^>]*>", re.S | re.I)
TITLE = re.compile(r"\s+title=(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I)


def once_per_term(html: str) -> str:
    """Drop `title` from every <abbr> whose term already had its definition
    earlier on the page, unless that <abbr> takes focus."""
    seen: set[str] = set()      # terms defined in the page's open text
    in_box: set[str] = set()    # terms defined in the current collapsible box
    boxes = 0  # how many <details> the current position is inside

    def visit(match: re.Match) -> str:
        nonlocal boxes
        if match.group(1) is None:  # a <details> opens or closes
            boxes = max(boxes + (-1 if match.group(3) else 1), 0)
            if not boxes:
                in_box.clear()
            return match.group(0)
        attrs, text = match.group(1), match.group(2)
        if not TITLE.search(attrs):
            return match.group(0)
        defined = in_box if boxes else seen
        if text in defined and "tabindex" not in attrs:
            return f"<abbr{TITLE.sub('', attrs, count=1)}>{text}</abbr>"
        defined.add(text)
        return match.group(0)

    return ABBR_OR_DETAILS.sub(visit, html)
