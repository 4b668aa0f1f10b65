"""Post-build step, run on any builder's output: makes the first use of each
glossary term focusable, labels table cells for phones (sitekit.tables),
minifies every HTML page, adds a strict Content-Security-Policy to it, and makes the output
reproducible (the gzipped sitemap carries no build time).

Minifying here (minify-html, compiled) rather than in a MkDocs plugin keeps
the build fast (the pure-Python htmlmin took half the build time) and works
on Zensical's output too. Inline scripts and styles are left as they are.

Inline scripts are allowed by the sha256 hash of their exact text in the
final (minified) HTML, so the policy needs no 'unsafe-inline'; only those on
the allowlist in sitekit/htmlpolicy.py are hashed, and any other script, inline
style, event handler, embed, refresh or off-site form fails the step (exit 1,
each problem with the built page and, where traceable, its source file).
Data blocks (JSON, JSON-LD) are not executed and need no hash.

Usage: python -m sitekit.postbuild SITE_DIR
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import sys
from pathlib import Path

import minify_html

from . import assets, htmlpolicy, tables, tooltips
from .problems import ContentError

CHARSET = re.compile(r"<meta\s+charset=\"?utf-8\"?\s*/?>", re.I)
INLINE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.I | re.S)
DATA_TYPES = re.compile(r"\btype=\"?application/(ld\+)?json\"?", re.I)
MARKER = 'http-equiv="Content-Security-Policy"'


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy(html: str) -> str:
    scripts, styles = [], []  # no <style> is allowed (htmlpolicy), so styles stays empty
    for tag, attrs, body in INLINE.findall(html):
        if tag.lower() == "script":
            if "src=" in attrs or DATA_TYPES.search(attrs):
                continue
            if htmlpolicy.allowed_script(body):  # refuse by default: unknown scripts get no hash
                scripts.append(_hash(body))
    dedupe = lambda items: " ".join(dict.fromkeys(items))  # noqa: E731
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {dedupe(scripts)}".rstrip(),
        f"style-src 'self' {dedupe(styles)}".rstrip(),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def add_policy(html: str, where: str = "page") -> str:
    if MARKER in html:
        raise ValueError(f"{where}: already has a Content-Security-Policy")
    match = CHARSET.search(html)
    if not match:
        raise ValueError(f"{where}: no <meta charset> to place the policy after")
    meta = f'<meta {MARKER} content="{policy(html)}">'
    return html[: match.end()] + meta + html[match.end():]


# An <abbr> or the start or end of an element that is interactive already
# (focusable content must not sit inside those).
TERM_OR_CONTROL = re.compile(r"<abbr\b([^>]*)>(.*?)</abbr>|<(/?)(a|button|label|summary|select|textarea|details)\b[^>]*>",
                             re.S | re.I)


def focusable_terms(html: str) -> str:
    """The first use of each glossary term on a page takes keyboard focus, so
    its definition (Material's tooltip) shows on focus as well as on hover and
    tap. Later uses are left alone (one tab stop per term, not one per word),
    and so are terms inside links, buttons, labels and summaries. The first use
    in the page's open text wins over one in a collapsible <details> box (which
    may stay closed); a term used only in such boxes takes focus at its first
    use there."""
    seen: set[str] = set()

    def mark(in_boxes: bool):
        controls = boxes = 0

        def visit(match: re.Match) -> str:
            nonlocal controls, boxes
            if match.group(4):  # a control or a <details> box opens or closes
                step = -1 if match.group(3) else 1
                if match.group(4).lower() == "details":
                    boxes = max(boxes + step, 0)
                else:
                    controls = max(controls + step, 0)
                return match.group(0)
            attrs, text = match.group(1), match.group(2)
            if controls or bool(boxes) != in_boxes or text in seen or "tabindex" in attrs:
                return match.group(0)
            seen.add(text)
            return f'<abbr{attrs} tabindex="0">{text}</abbr>'

        return visit

    return TERM_OR_CONTROL.sub(mark(True), TERM_OR_CONTROL.sub(mark(False), html))


def minify(html: str) -> str:
    """Whitespace, comments and redundant quotes out; every tag kept (closing
    tags and <html>/<head> too), so the page still validates and reads the same."""
    return minify_html.minify(html, keep_closing_tags=True, keep_html_and_head_opening_tags=True)


def regzip_sitemap(site: Path) -> None:
    """MkDocs stamps sitemap.xml.gz with the build date; write it without one."""
    sitemap = site / "sitemap.xml"
    if sitemap.exists():
        data = gzip.compress(sitemap.read_bytes(), compresslevel=9, mtime=0)
        (site / "sitemap.xml.gz").write_bytes(data)


# The policy <meta> right after <meta charset>: a page this step has processed.
PROCESSED = re.compile(r"<head[^>]*>\s*<meta\s+charset=\"?utf-8\"?\s*/?>\s*<meta " + MARKER, re.I)


def run(site: Path) -> int:
    """Process every page; raise ContentError (and write nothing) if any page
    breaks the HTML policy. Pages processed before are checked again."""
    regzip_sitemap(site)
    pages = sorted(site.rglob("*.html"))
    sources = htmlpolicy.Sources(htmlpolicy.project_for(site))
    done, problems = {}, []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if not PROCESSED.search(text):  # else already processed: the step is idempotent
            text = minify(tables.stack(tooltips.once_per_term(focusable_terms(text))))
            # A policy <meta> elsewhere was put there by the page: the check reports it.
            done[page] = text if MARKER in text else add_policy(text, str(page))
            text = done[page]
        problems += htmlpolicy.check_html(text, page.relative_to(site).as_posix(), sources)
    if problems:
        raise ContentError(problems)
    for page, text in done.items():
        page.write_text(text, encoding="utf-8")
    assets.fingerprint(site, pages)
    return len(pages)


def main(argv: list[str]) -> int:
    try:
        count = run(Path(argv[0] if argv else "site"))
    except ContentError as error:
        print(f"{error}\nNothing was written: the built site failed the HTML policy "
              "(sitekit/htmlpolicy.py).", file=sys.stderr)
        return 1
    print(f"{count} pages minified, each with a Content-Security-Policy")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
