"""What the built HTML may hold: refuse by default.

The Content-Security-Policy (sitekit.postbuild) allows inline scripts by hash.
Hashing every inline script found would allow any script that reaches a page
(through a front-matter value, Jinja in a page body or a snippet), so only the
inline scripts on ALLOWED_SCRIPTS are hashed, and `check_html` fails the build
on anything else that could run code, restyle or hide the page, send a reader
elsewhere or send their answers away:

- an inline <script> not on ALLOWED_SCRIPTS (JSON and JSON-LD data blocks are
  not run and are allowed), or a script from another site;
- <style> elements and style="" attributes (the CSP blocks both anyway).
  Material 9.8 emits a <style> only for Google fonts or a custom palette, and
  style="" only in the tags plugin's nested listing and its own logo icon;
  this site uses none of them (font: false, material/heart-pulse, no tags).
  One exception: style="text-align: …" on <td>/<th>, which Python-Markdown's
  tables extension writes for an aligned column (`|---:|`): it cannot hide or
  restyle anything (and the CSP stops it taking effect);
- on* event-handler attributes; javascript: and vbscript: URLs;
- <meta http-equiv> (refresh and any other) except the site's own policy;
- <iframe>, <frame>, <object>, <embed>, <applet>, <portal> and <base>;
- a <form> (or formaction) that sends to another site, and a form of ours
  without method="dialog" (Enter with JavaScript off would put the reader's
  answers in the address; the theme's palette form, radio buttons only, is exempt);
- markup in a title="" attribute (Material's tooltips show titles as HTML).

Each problem names the built page and, where it can be traced, the source: the
Markdown page (with the front-matter field), or a snippet file in includes/.
`source_problems` is the same policy applied to source lines, for the fast
check before the build (sitekit.lint) with file:line.
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from .problems import Problem

# The inline scripts the theme (Material 9.8) and our templates emit, by the
# sha256 of their normalised text (see `fingerprint`). A theme upgrade that
# changes one fails the build until it is reviewed and its new fingerprint is
# put here (the error message prints it).
ALLOWED_SCRIPTS = {
    "89614d6b864bbe7884f6ad1ab21aa2216e6686af528a97cd15075dda2fe14374":
        "Material base.html: __md_scope/__md_get/__md_set (localStorage helpers)",
    "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e":
        "Material base.html: restore the reader's palette choice",
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f":
        "Material base.html: open the content tab named in the address (#__tabbed_...)",
}
DATA_TYPES = re.compile(r"^application/(ld\+)?json$", re.I)
EMBEDS = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"}
SCHEME = re.compile(r"^(javascript|vbscript):", re.I)
OFF_SITE = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)
MARKUP = re.compile(r"<[a-z/!?]", re.I)
TABLE_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$", re.I)  # Markdown's `|---:|`
URL_BASE = re.compile(r'new URL\("[./]*",location\)')
WHERE_TO_ALLOW = "sitekit/htmlpolicy.py"


def fingerprint(script: str) -> str:
    """sha256 (hex) of a script's text with the part that differs from page to
    page (Material's relative base URL, new URL("../..",location)) made equal."""
    text = URL_BASE.sub('new URL(BASE,location)', script.strip())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def allowed_script(script: str) -> bool:
    return fingerprint(script) in ALLOWED_SCRIPTS


def _url(value: str) -> str:
    """An attribute value as a browser reads a URL: no whitespace or controls."""
    return re.sub(r"[\x00-\x20]+", "", value)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Finding:
    __slots__ = ("what", "fix", "needles")

    def __init__(self, what: str, fix: str, needles: list[str]):
        self.what, self.fix, self.needles = what, fix, [n for n in needles if n and n.strip()]


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[_Finding] = []
        self.previous = None          # (tag, attrs) of the previous start tag
        self.script = None            # attrs of the open <script>, if any
        self.style = False
        self.text: list[str] = []
        self.in_body = False

    def add(self, what, fix, *needles):
        self.found.append(_Finding(what, fix, list(needles)))

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)
        self.previous = (tag, dict(attrs))

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)
        self.previous = (tag, dict(attrs))
        if tag in ("script", "style"):
            self.handle_endtag(tag)

    def _tag(self, tag, attrs):
        values = dict(attrs)
        if tag == "body":
            self.in_body = True
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.add(f"<{tag} {name}=…> runs code when something happens on the page",
                         "remove the attribute: pages carry no code; behaviour belongs in docs/assets/*.js",
                         f"{name}=", value)
            if name == "style" and not (tag in ("td", "th") and TABLE_ALIGN.match(value)):
                self.add(f'<{tag} style="{_short(value, 40)}"> is an inline style',
                         "use a class and put the rule in docs/assets/site.css", f"style={value}", value)
            if ":" in value and SCHEME.match(_url(value)):
                self.add(f'<{tag} {name}="{_short(value, 40)}"> is a {SCHEME.match(_url(value)).group(1)}: URL',
                         "link to a page or a web address; a link never runs code", value,
                         _url(value)[:30])
            if name == "title" and MARKUP.search(value):
                self.add(f'<{tag} title="{_short(value, 40)}"> holds markup, which the theme\'s tooltips '
                         "would show as HTML", "write the text without < or HTML", value)
            if name == "formmethod" and value.strip().lower() != "dialog":
                self.add(f'<{tag} formmethod="{_short(value, 20)}"> would send a form\'s answers',
                         'remove formmethod: our forms use method="dialog" and send nothing anywhere',
                         "formmethod", value)
            if name == "formaction" and OFF_SITE.match(_url(value)):
                self.add(f'<{tag} formaction="{_short(value, 60)}"> sends a form to another site',
                         "forms on this site send nothing anywhere: remove formaction", value)
        if tag in EMBEDS:
            what = (f"<base> changes where every link on the page goes" if tag == "base" else
                    f"<{tag}> embeds content from elsewhere ({_short(values.get('src') or values.get('data') or '', 60)})")
            self.add(what, "link to the page instead; the site embeds nothing "
                     "(third parties must not see who reads what)", f"<{tag}", values.get("src") or "",
                     values.get("data") or "", values.get("href") or "")
        elif tag == "meta" and "http-equiv" in values:
            kind = (values.get("http-equiv") or "").strip().lower()
            ours = (kind == "content-security-policy" and not self.in_body and self.previous is not None
                    and self.previous[0] == "meta" and "charset" in self.previous[1]
                    and not any(f.what.startswith("<meta") for f in self.found))
            if not ours:
                what = ("<meta http-equiv=\"refresh\"> sends the reader to another address"
                        if kind == "refresh" else f'<meta http-equiv="{kind}"> changes how the browser treats the page')
                self.add(what, "remove it; to move a page, keep the old address and link to the new one",
                         "http-equiv", values.get("content") or "")
        elif tag == "form":
            action = values.get("action") or ""
            if OFF_SITE.match(_url(action)):
                self.add(f'<form action="{_short(action, 60)}"> sends what readers type to another site',
                         "forms on this site send nothing anywhere: remove the action", action, "<form")
            # The theme's colour-scheme form holds radio buttons only: nothing a reader types.
            theme = "md-header__option" in (values.get("class") or "").split()
            if not theme and (values.get("method") or "").strip().lower() != "dialog":
                self.add(f"<form{' id=' + values['id'] if values.get('id') else ''}> would put the reader's "
                         "answers in the address (Enter with JavaScript off, or before the script loads)",
                         'add method="dialog" to the <form>: then it never sends anything anywhere',
                         f"<form id=\"{values.get('id') or ''}\"", "<form")
        elif tag == "script":
            self.script = values
            self.text = []
        elif tag == "style":
            self.style = True
            self.text = []

    def handle_data(self, data):
        if self.script is not None or self.style:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            self._script(self.script, "".join(self.text))
            self.script = None
        elif tag == "style" and self.style:
            body = "".join(self.text)
            self.add(f"an inline <style> element ({_short(body, 60)})",
                     "put the rule in docs/assets/site.css; a page must not restyle (or hide) the site's parts",
                     body, "<style")
            self.style = False

    def _script(self, attrs, body):
        src = attrs.get("src")
        if src is not None:
            if OFF_SITE.match(_url(src)):
                self.add(f'<script src="{_short(src, 60)}"> loads code from another site',
                         "the site runs only its own files: put the script in docs/assets/", src)
            return
        if DATA_TYPES.match((attrs.get("type") or "").strip()):
            return  # data, never run
        if not allowed_script(body):
            self.add(f"unknown inline script: {_short(body, 70)!r} (fingerprint {fingerprint(body)})",
                     "pages carry no scripts: put code in docs/assets/. If this came from a theme "
                     "upgrade, review it and add its fingerprint to ALLOWED_SCRIPTS in "
                     f"{WHERE_TO_ALLOW}", body, *body.strip().splitlines()[:3])


def findings(html: str) -> list[_Finding]:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    if scanner.script is not None:  # an unclosed <script> runs to the end of the page
        scanner._script(scanner.script, "".join(scanner.text))
    return scanner.found


# --- Naming the source ---------------------------------------------------------------------

class Sources:
    """Where a built page came from: its Markdown file in docs/ (front matter
    and body) and the snippet files in includes/ that pages pull in."""

    def __init__(self, project: Path | None):
        self.project = project
        self.pages: dict[str, Path] = {}
        self.snippets: list[Path] = []
        if project is None:
            return
        docs = project / _docs_dir(project)
        for path in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
            self.pages[built_path(path.relative_to(docs).as_posix())] = path
        includes = project / "includes"
        self.snippets = sorted(p for p in includes.rglob("*") if p.is_file()) if includes.is_dir() else []

    def _name(self, path: Path) -> str:
        return path.relative_to(self.project).as_posix()

    def trace(self, built: str, needles: list[str]) -> tuple[str, int | None, str]:
        """(file, line, how it got there) for the first needle found."""
        page = self.pages.get(built)
        candidates = ([page] if page else []) + self.snippets
        for needle in needles:
            probe = needle.strip().lower()
            if len(probe) < 3:
                continue
            for path in candidates:
                lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
                in_front = path is page and lines and lines[0].strip() == "---"
                for number, line in enumerate(lines, start=1):
                    if in_front and number > 1 and line.strip() == "---":
                        in_front = False
                    if probe in line.lower():
                        if in_front:
                            field = line.split(":", 1)[0].strip()
                            return self._name(path), number, f"front-matter field {field}"
                        how = "the page" if path is page else "a snippet file in includes/"
                        return self._name(path), number, how
        if page:
            return self._name(page), None, "the page, or a macro or template it uses"
        return "", None, ""


def _docs_dir(project: Path) -> str:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    match = re.search(r"^docs_dir:\s*['\"]?([^'\"\s#]+)", text, re.M)
    return match.group(1) if match else "docs"


def built_path(source: str) -> str:
    """docs/ path -> built page path (use_directory_urls, MkDocs' default)."""
    stem = source[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")] + "index.html"
    if stem.rsplit("/", 1)[-1] == "README":
        return stem[: -len("README")] + "index.html"
    return stem + "/index.html"


def project_for(site: Path) -> Path | None:
    """The project a built site came from: the folder above it, or the
    current folder, whichever holds mkdocs.yml."""
    for candidate in (site.resolve().parent, Path.cwd()):
        if (candidate / "mkdocs.yml").exists():
            return candidate
    return None


def check_html(html: str, built: str, sources: Sources | None = None) -> list[Problem]:
    """Every problem in one built page (path relative to the site)."""
    problems = []
    for found in findings(html):
        file, line, how = sources.trace(built, found.needles) if sources else ("", None, "")
        if file:
            message = f"{found.what} (in the built page {built}, from {how})"
        else:
            file, message = built, found.what
        problems.append(Problem(file, line, message, found.fix))
    return problems


def check_site(site: Path, project: Path | None = None) -> list[Problem]:
    """Every problem in a built site's pages, as they are now (run the normal
    build and `python -m sitekit.postbuild` first; this only reads)."""
    sources = Sources(project or project_for(site))
    problems = []
    for page in sorted(site.rglob("*.html")):
        problems += check_html(page.read_text(encoding="utf-8"), page.relative_to(site).as_posix(), sources)
    return problems


# --- The same policy on source lines (sitekit.lint, before the build) ----------------------

SOURCE_RULES = [
    (re.compile(r"<\s*script\b", re.I), "raw <script>",
     "pages carry no scripts: put code in docs/assets/ and ask a maintainer"),
    (re.compile(r"<\s*style\b", re.I), "inline <style> element",
     "put the rule in docs/assets/site.css"),
    (re.compile(r"<\s*(iframe|frame|object|embed|applet|portal|base)\b", re.I), "embedded content (<iframe> and the like)",
     "link to the page instead; the site embeds nothing"),
    (re.compile(r"[<{][^>}]*[\s/]on[a-z]+\s*=", re.I), "event-handler attribute (on…=)",
     "remove it: behaviour belongs in docs/assets/*.js"),
    (re.compile(r"[<{][^>}]*[\s/]style\s*=", re.I), "style attribute",
     "use a class and put the rule in docs/assets/site.css"),
    (re.compile(r"\b(javascript|vbscript)\s*:", re.I), "javascript: URL",
     "link to a page or a web address; a link never runs code"),
    (re.compile(r"http-equiv", re.I), "<meta http-equiv> (such as a refresh)",
     "remove it; to move a page, link to the new address"),
    (re.compile(r"<\s*form\b[^>]*[\s/]action\s*=\s*[\"']?([a-z][a-z0-9+.-]*:|//)", re.I),
     "a form that sends to another site", "forms on this site send nothing anywhere: remove the action"),
]


def source_problems(line: str, file: str, number: int, what: str = "a page") -> list[Problem]:
    """Problems in one line of an editor's file (a page or a snippet)."""
    return [Problem(file, number, f"{name} in {what}", fix)
            for pattern, name, fix in SOURCE_RULES if pattern.search(line)]

