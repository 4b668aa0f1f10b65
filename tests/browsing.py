"""Shared helpers for the browser tests (Playwright driving Debian's Chromium).

Every check visits every built page, so the visits are made once per session
and kept here: a "pass" loads each page once in one tab of one context and
records what the page did (requests, console errors, CSP violations) plus
whatever the pass measured. Test modules read the records they need.
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_ALL = {"type": "tag", "values": AXE_TAGS}
# The rules whose outcome depends on the palette. A palette changes colours
# only (Material's slate scheme sets colour variables; the HTML is the same),
# so the whole-site pass runs every rule in the light palette and these in the
# dark one. The dark palette's own header label is checked with every rule by
# test_theme_components_pass_axe and test_open_states_pass_axe.
AXE_COLOURS = {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}
SCHEMES = {"light": "default", "dark": "slate"}   # colour scheme -> Material's data-md-color-scheme
RULES_IN = {"light": AXE_ALL, "dark": AXE_COLOURS}  # what the whole-site axe pass runs in each
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}             # WCAG 1.4.10 reflow width

# Registered before any page script runs (an init script is injected by the
# DevTools protocol, not inline, so the page's CSP does not block it).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
    + ` (${e.sourceFile || "page"}:${e.lineNumber}) ${e.sample || ""}`.trim());
}, true);
"""

# The site leaves blocks off screen undrawn until a reader scrolls near them
# (content-visibility: auto, docs/assets/site.css). Checks that read what is
# drawn (axe's colours and sizes, innerText) draw the whole page first, each
# part as it looks once scrolled to; transitions are cut short so colours are
# read as they end, not mid-fade.
DRAW_WHOLE_PAGE = """() => {
  const all = new CSSStyleSheet();
  all.replaceSync("*, ::before, ::after { content-visibility: visible !important; transition: none !important; }");
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, all];
}"""

# Starts axe on the whole page (DRAW_WHOLE_PAGE) once running animations have ended.
AXE_START = """(runOnly) => {
  (""" + DRAW_WHOLE_PAGE + """)();
  // Two frames later, wait for any animation still running to end
  // (at most 2 s, so an animation that never ends cannot stall the run).
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  const settled = frame().then(frame).then(() => Promise.race([Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => null))), new Promise((done) => setTimeout(done, 2000))]));
  window.__axe = settled
    .then(() => axe.run(document, {runOnly, resultTypes: ["violations"]}))
    .then((r) => r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")), summary: v.nodes[0].failureSummary})));
}"""

SCHEME_NOW = "() => document.body.getAttribute('data-md-color-scheme')"

PHONE = {"width": 390, "height": 844}              # a common phone screen (first-screen checks)
PHONE_WIDTHS = (320, 390)                          # phone-layout checks, every <details> open
CONTRAST_MINIMUM = 7.0                             # body text, WCAG AAA 1.4.6 (test_contrast.py)
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"

# Text at 200%: the root font size doubled (Material sizes text in rem).
DOUBLE_TEXT = """() => {
  const px = parseFloat(getComputedStyle(document.documentElement).fontSize);
  document.documentElement.style.setProperty('font-size', (2 * px) + 'px', 'important');
  return 2 * px;
}"""

H1_BOTTOM = """() => { const h = document.querySelector('article h1');
  return h ? h.getBoundingClientRect().bottom + window.scrollY : null; }"""

# Everything in the article that is wider than its column (run after OPEN_DETAILS).
OVERFLOW = """() => {
  const root = document.scrollingElement;
  const column = document.querySelector('article.md-content__inner');
  const cs = getComputedStyle(column);
  const box = column.getBoundingClientRect();
  const left = box.left + parseFloat(cs.paddingLeft) - 1, right = box.right - parseFloat(cs.paddingRight) + 1;
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const wide = [];
  for (const e of column.querySelectorAll('*')) {
    if (!e.getClientRects().length) continue;
    const r = e.getBoundingClientRect();
    if (r.width && (r.right > right || r.left < left)) {
      // Report the outermost offender only.
      if (!wide.some((w) => w.el.contains(e))) wide.push({el: e, text: `${name(e)} (${Math.round(r.width)} px, `
        + `${Math.round(r.left)} to ${Math.round(r.right)}; column ${Math.round(left + 1)} to ${Math.round(right - 1)})`});
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 5).map((w) => w.text)};
}"""

# Contrast of every run of body text in the article against what is behind it.
CONTRAST = """(minimum) => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1); };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const background = (e) => { const layers = [];
    for (let n = e; n; n = n.parentElement) { const b = parse(getComputedStyle(n).backgroundColor); if (b && b[3] > 0) layers.push(b); }
    let c = [255, 255, 255, 1]; for (const l of layers.reverse()) c = over(l, c); return c; };
  const document_bg = parse(getComputedStyle(document.body).backgroundColor);
  const low = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const e = t.parentElement;
    if (!t.textContent.trim() || seen.has(e)) continue;
    seen.add(e);
    if (e.closest('a, button, .md-button, .headerlink, svg, figure, .md-tooltip2, [hidden], script, style') || !e.getClientRects().length) continue;
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden') continue;
    const bg = background(e);
    const fg = over(parse(style.color), bg);
    const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    if (ratio < minimum) low.push(`${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''} `
      + `"${t.textContent.trim().slice(0, 40)}": ${ratio.toFixed(2)}:1 (${style.color} on rgb(${bg.slice(0, 3).map(Math.round)}))`);
  }
  return low;
}"""


def page_paths(site: Path) -> list[str]:
    """Every built page as a URL path under the site: 'about/', ..., '404.html'."""
    paths = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return [("" if p == "." else p + "/") for p in paths] + ["404.html"]


def label(path: str) -> str:
    return path or "/ (home)"


@dataclass
class Visit:
    """What one page did while it was open."""
    path: str
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)


class Recorder:
    """Watches a browser context: requests to other hosts, console errors and
    uncaught exceptions, and CSP violations (through CSP_LISTENER).

    Requests to other hosts are recorded, not intercepted: the browser itself
    sends them to a closed proxy, so they fail and never leave the machine
    (CHROMIUM_ARGS in conftest.py). Intercepting every request through
    Playwright doubled the time a page took to load."""

    def __init__(self, context, server: str):
        self.server = server
        self.foreign: list[tuple[str, str]] = []   # (page URL, requested URL)
        self.errors: list[str] = []
        self.current = ""
        context.on("request", self._request)
        context.add_init_script(CSP_LISTENER)

    def _request(self, request):
        url = request.url
        if not url.startswith((self.server, "data:", "blob:", "about:")):
            self.foreign.append((self.current, url))

    def watch(self, tab):
        tab.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
               if m.type == "error" else None)
        tab.on("pageerror", lambda e: self.errors.append(f"uncaught exception: {e}"))
        tab.on("crash", lambda _: self.errors.append("the tab crashed"))
        return tab

    def take_errors(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors


def forget_site_data(context, devtools, origin: str) -> None:
    """Everything the site can keep in a browser context, gone: cookies,
    permissions, local storage, IndexedDB, cache storage and the HTTP cache.
    `devtools` is a CDP session on any tab of the context."""
    context.clear_cookies()
    context.clear_permissions()
    devtools.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    devtools.send("Network.clearBrowserCache")


def open_tab(context, recorder: Recorder):
    return recorder.watch(context.new_page())


def goto(tab, server: str, path: str, recorder: Recorder | None = None):
    if recorder:
        recorder.current = path
    response = tab.goto(server + path, wait_until="load")
    return response


def csp_violations(tab) -> list[str]:
    try:
        return tab.evaluate("() => window.__cspViolations || []")
    except Exception as exc:  # JavaScript disabled, or the page is gone
        return [f"could not read the CSP record: {exc}"]


_PASSES: dict = {}


def cached_pass(name: str, browser, server: str, run):
    """Run `run()` once per (pass, browser, server) in the test session."""
    key = (name, id(browser), server)
    if key not in _PASSES:
        _PASSES[key] = run()
    return _PASSES[key]


def axe_pass(browser, server: str, site: Path) -> dict[str, dict[str, Visit]]:
    """axe-core over every page, light and dark at once: one tab per palette,
    each with its own context (prefers-color-scheme emulated, CSP bypassed so
    axe can be injected); the two tabs run axe in parallel, every rule in the
    light palette and the colour rules in the dark one (AXE_COLOURS: about 40%
    less axe time there). Once axe is done,
    the same load opens every <details> and measures the contrast of the
    article's body text (CONTRAST), so no second walk is needed for it."""
    tabs = {}
    for scheme in SCHEMES:
        context = browser.new_context(color_scheme=scheme, bypass_csp=True, viewport=DESKTOP)
        recorder = Recorder(context, server)
        context.add_init_script(path=str(AXE))
        tabs[scheme] = (context, recorder, open_tab(context, recorder))
    paths = page_paths(site)
    results: dict[str, dict[str, Visit]] = {scheme: {} for scheme in SCHEMES}
    try:
        for path in paths:
            for scheme, (_, recorder, tab) in tabs.items():
                goto(tab, server, path, recorder)
                tab.evaluate(AXE_START, RULES_IN[scheme])    # starts axe, does not wait
            for scheme, (_, recorder, tab) in tabs.items():
                visit = Visit(path)
                visit.data["violations"] = tab.evaluate("() => window.__axe")
                visit.data["scheme"] = tab.evaluate(SCHEME_NOW)
                tab.evaluate(OPEN_DETAILS)
                visit.data["low contrast"] = tab.evaluate(CONTRAST, CONTRAST_MINIMUM)
                visit.console_errors = recorder.take_errors()
                results[scheme][path] = visit
    finally:
        for context, _, _ in tabs.values():
            context.close()
    return results


def axe_every_page(browser, server: str, site: Path) -> dict[str, dict[str, Visit]]:
    """axe_pass, run once per session and shared by the test modules (test
    modules that read it share a worker: see GROUPS in conftest.py)."""
    return cached_pass("axe", browser, server, lambda: axe_pass(browser, server, site))


def run_axe(tab) -> list[dict]:
    """axe-core on the page as it is now (axe must be in the page already)."""
    tab.evaluate(AXE_START, AXE_ALL)
    return tab.evaluate("() => window.__axe")


def format_violations(where: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        targets = ", ".join(v["targets"][:8]) + (f" (+{len(v['targets']) - 8} more)" if len(v["targets"]) > 8 else "")
        summary = " ".join((v.get("summary") or "").split())[:300]
        lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']}\n    at {targets}\n    {summary}")
    return lines


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@functools.cache
def serve(directory: str) -> str:
    """Serve another directory (a fixture site) on 127.0.0.1 for the session."""
    handler = functools.partial(_QuietHandler, directory=directory)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/"


REFLOW = """() => {
  const root = document.scrollingElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && e.getClientRects().length)
    .filter((e) => !e.parentElement.closest('.md-typeset__scrollwrap, pre, .md-typeset__table, [data-md-component=sidebar]'))
    .slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
      + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}"""


def browse_pass(browser, server: str, site: Path) -> dict:
    """Every page under the site's real CSP (no bypass), in one tab, loaded
    once and seen four ways:

    1. at 1280 px in the dark palette;
    2. resized to 320 px and switched to the light palette (Material follows
       prefers-color-scheme live): horizontal overflow of the page (REFLOW);
    3. every <details> opened, at 320 and then 390 px: anything wider than
       the content column (OVERFLOW);
    4. a 390 x 844 phone screen with text at 200% (DOUBLE_TEXT): where the
       page's title ends (H1_BOTTOM).

    Records console errors and CSP violations throughout, and requests to
    other hosts. One load per page serves the privacy, CSP, console, reflow,
    phone-layout and first-screen tests (they share a worker: GROUPS in
    conftest.py)."""
    context = browser.new_context(color_scheme="dark", viewport=DESKTOP)
    recorder = Recorder(context, server)
    tab = open_tab(context, recorder)
    visits: dict[str, Visit] = {}

    def record(visit: Visit, stage: str) -> None:
        visit.csp_violations += [f"({stage}) {v}" for v in csp_violations(tab)]
        visit.console_errors += [f"({stage}) {e}" for e in recorder.take_errors()]
        tab.evaluate("() => { if (window.__cspViolations) window.__cspViolations.length = 0; }")

    try:
        for path in page_paths(site):
            visit = Visit(path)
            tab.set_viewport_size(DESKTOP)
            tab.emulate_media(color_scheme="dark")
            response = goto(tab, server, path, recorder)
            visit.data["status"] = response.status if response else None
            visit.data["desktop scheme"] = tab.evaluate(SCHEME_NOW)
            record(visit, "1280 px, dark")

            tab.set_viewport_size(NARROW)
            tab.emulate_media(color_scheme="light")
            try:
                tab.wait_for_function(f"() => ({SCHEME_NOW})() === 'default'", timeout=5000)
            except Exception:  # noqa: BLE001 -- the scheme is recorded and tested below
                pass
            visit.data["narrow scheme"] = tab.evaluate(SCHEME_NOW)
            visit.data["reflow"] = tab.evaluate(REFLOW)
            record(visit, "320 px, light")

            tab.evaluate(OPEN_DETAILS)
            for width in PHONE_WIDTHS:
                tab.set_viewport_size({"width": width, "height": NARROW["height"]})
                visit.data[f"overflow {width}"] = tab.evaluate(OVERFLOW)
            record(visit, "every <details> open")

            tab.set_viewport_size(PHONE)
            tab.evaluate("() => window.scrollTo(0, 0)")
            visit.data["root font px"] = tab.evaluate(DOUBLE_TEXT)
            visit.data["title bottom"] = tab.evaluate(H1_BOTTOM)
            record(visit, "390 px, text at 200%")
            visits[path] = visit
        foreign = list(recorder.foreign)
    finally:
        context.close()
    return {"visits": visits, "foreign": foreign}


def every_page(browser, server: str, site: Path) -> dict:
    """browse_pass, run once per session and shared by the test modules."""
    return cached_pass("browse", browser, server, lambda: browse_pass(browser, server, site))
