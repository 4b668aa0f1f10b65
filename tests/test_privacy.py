"""Privacy: reading the site contacts no host but the site itself. No page
or stylesheet loads anything from another host (checked in the built files),
and no page makes a request to another host when it runs in Chromium."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from browsing import Recorder, every_page, label, open_tab

# Elements and attributes through which a browser fetches something by itself.
# (<a href> is a link the reader chooses to follow, so links to sources are fine;
# rel=canonical/prev/next and og:url name an address without fetching it.)
LOADING_ATTRIBUTES = {
    "script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "frame": ["src"],
    "source": ["src", "srcset"], "video": ["src", "poster"], "audio": ["src"], "track": ["src"],
    "embed": ["src"], "object": ["data"], "input": ["src"], "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"], "feimage": ["href", "xlink:href"], "portal": ["src"],
}
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
                "modulepreload", "prefetch", "prerender", "preconnect", "dns-prefetch", "import"}
ABSOLUTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)       # http://, https://, //host
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)


def _css_loads(css: str) -> list[str]:
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in CSS_URL.finditer(css)]


def _is_foreign(url: str) -> bool:
    return bool(ABSOLUTE.match(url)) and not url.strip().lower().startswith("data:")


def _html_loads(soup: BeautifulSoup) -> list[str]:
    found = []
    for tag in soup.find_all(True):
        name = tag.name.lower()
        for attr in LOADING_ATTRIBUTES.get(name, []):
            value = tag.get(attr)
            if value:
                found += [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in attr else [value]
        if name == "link" and tag.get("href"):
            rels = {r.lower() for r in (tag.get("rel") or [])}
            if rels & LOADING_RELS:
                found.append(tag["href"])
        if name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            found += re.findall(r"url\s*=\s*(\S+)", tag.get("content", ""), re.I)
        if tag.get("style"):
            found += _css_loads(tag["style"])
        if name == "style" and tag.string:
            found += _css_loads(tag.string)
    return found


def test_no_page_loads_anything_from_another_host(pages):
    offenders = [f"{path}: loads {url}" for path, soup in pages.items()
                 for url in _html_loads(soup) if _is_foreign(url)]
    assert not offenders, "\n".join(offenders)


def test_no_stylesheet_loads_anything_from_another_host(site):
    sheets = sorted(site.rglob("*.css"))
    assert sheets, "no stylesheets in the built site"
    offenders = [f"{css.relative_to(site)}: loads {url}" for css in sheets
                 for url in _css_loads(css.read_text(encoding="utf-8", errors="replace")) if _is_foreign(url)]
    assert not offenders, "\n".join(offenders)


def test_the_static_check_catches_foreign_loads():
    """The detector itself: each of these must count as loading from another host."""
    soup = BeautifulSoup("""<link rel="stylesheet" href="https://cdn.example/x.css">
        <link rel="preconnect" href="https://fonts.gstatic.com"><script src="//cdn.example/x.js"></script>
        <img srcset="a.png 1x, https://img.example/b.png 2x"><iframe src="https://video.example/e"></iframe>
        <div style="background: url('https://t.example/p.gif')"></div><style>@import "https://x.example/a.css";</style>
        <a href="https://doi.org/10.1/x">a source</a><link rel="canonical" href="https://fibro-il6.github.io/">""",
                         "lxml")
    foreign = [u for u in _html_loads(soup) if _is_foreign(u)]
    assert len(foreign) == 7, foreign
    assert "https://doi.org/10.1/x" not in foreign and "https://fibro-il6.github.io/" not in foreign


@pytest.mark.browser
def test_no_page_requests_another_host(browser, server, site):
    run = every_page(browser, server, site)
    assert len(run["visits"]) == len(list(site.rglob("index.html"))) + 1
    requests = [f"{label(page)}: requested {url}" for page, url in run["foreign"]]
    assert not requests, "requests to other hosts (blocked by the test):\n" + "\n".join(dict.fromkeys(requests))


@pytest.mark.browser
def test_a_request_to_another_host_is_recorded_and_never_leaves_the_machine(browser, server):
    """The walk's guard: a page that loads something from another host is
    caught by the Recorder, and the browser fails the request locally.
    (The site's CSP would block the request before it is made: bypassed here.)"""
    context = browser.new_context(bypass_csp=True)
    recorder = Recorder(context, server)
    failed: list[str] = []
    context.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    try:
        tab = open_tab(context, recorder)
        tab.goto(server)
        tab.evaluate("() => fetch('https://example.org/tracker.gif', {mode: 'no-cors'}).catch(() => null)")
        tab.evaluate("() => new Promise((done) => setTimeout(done, 100))")
    finally:
        context.close()
    assert [url for _, url in recorder.foreign] == ["https://example.org/tracker.gif"], recorder.foreign
    assert any("ERR_PROXY_CONNECTION_FAILED" in f for f in failed), \
        f"the request to another host did not fail at the closed proxy: {failed}"
