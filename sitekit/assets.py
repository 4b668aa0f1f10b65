"""Post-build: content-hashed names for the site's own CSS and JavaScript.

Each .css and .js file under assets/ that is not Material's (Material's own
files are hashed already) is minified (by minify-html's CSS and JS minifiers,
lightningcss and oxc; the file is copied unchanged if that fails) and written
to name.<hash8>.ext, where hash8 is the first 8 hex digits of the SHA-256 of
the bytes written, and every reference to it in
an HTML page's href or src is rewritten to the hashed name. A browser may then
cache the file for good: a new version has a new name. A repeat visit asks for
nothing but the page. The unhashed file stays, for anything linking to it.

Deterministic (the name comes from the content) and idempotent (hashed names
are left alone), so builds stay byte-reproducible and the step can run twice.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import minify_html

THEIRS = ("assets/javascripts/", "assets/stylesheets/")  # Material's, hashed by Material
HASHED = re.compile(r"\.[0-9a-f]{8}\.(css|js)$")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]


def hashed_name(path: str, data: bytes) -> str:
    stem, ext = path.rsplit(".", 1)
    return f"{stem}.{digest(data)}.{ext}"


def minified(data: bytes, suffix: str) -> bytes:
    """CSS or JS, minified; the input unchanged if the minifier gives back
    anything but one element of the same kind."""
    tag = "style" if suffix == ".css" else "script"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    if f"</{tag}" in text.lower():
        return data
    out = minify_html.minify(f"<{tag}>{text}</{tag}>", minify_css=True, minify_js=True)
    match = re.fullmatch(rf"<{tag}>(.*)</{tag}>", out, re.S)
    if not match or not match.group(1).strip():
        return data
    return match.group(1).encode("utf-8")


def own_assets(site: Path) -> list[str]:
    """Site-relative paths of the site's own CSS and JS, unhashed ones only."""
    found = []
    for path in sorted((site / "assets").rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix in (".css", ".js") and path.is_file() and not rel.startswith(THEIRS) \
                and not HASHED.search(rel):
            found.append(rel)
    return found


def rewrite(html: str, names: dict[str, str]) -> str:
    """Point href/src attributes at the hashed names (relative, root-relative
    or unquoted URLs; a query or fragment is kept)."""
    if not names:
        return html
    alternatives = "|".join(re.escape(old) for old in sorted(names, key=len, reverse=True))
    pattern = re.compile(r"(\b(?:href|src)=[\"']?(?:\./|/|(?:\.\./)*))(" + alternatives + r")(?=[\"'\s>?#])")
    return pattern.sub(lambda m: m.group(1) + names[m.group(2)], html)


def fingerprint(site: Path, pages: list[Path] | None = None) -> dict[str, str]:
    """Copy each own asset to its hashed name and rewrite the pages; returns
    {old site-relative path: new one}."""
    names = {}
    for rel in own_assets(site):
        data = minified((site / rel).read_bytes(), Path(rel).suffix)
        new = hashed_name(rel, data)
        if not (site / new).exists():
            (site / new).write_bytes(data)
        names[rel] = new
    for page in pages if pages is not None else sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        changed = rewrite(text, names)
        if changed != text:
            page.write_text(changed, encoding="utf-8")
    return names
