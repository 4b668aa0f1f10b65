"""The site is built once per test session, strictly, exactly as `make build`
builds it; tests read the built HTML or drive it in Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browsing import forget_site_data
from sitebuild import ROOT, build


SHARED_SITE = "SITEKIT_TEST_SITE"   # where the xdist controller built the site for its workers


def pytest_configure(config):
    """With pytest-xdist, the controller builds the site once, before the
    workers start, and the workers read that build (instead of each
    building its own: the same output, twice the CPU)."""
    if hasattr(config, "workerinput") or not config.pluginmanager.hasplugin("xdist") \
            or not config.getoption("numprocesses", None):
        return
    out = Path(tempfile.mkdtemp(prefix="sitekit-test-site-"))
    result = build(ROOT / "mkdocs.yml", out / "site")
    (out / "build.log").write_text(result.stderr, encoding="utf-8")
    (out / "build.returncode").write_text(str(result.returncode), encoding="utf-8")
    os.environ[SHARED_SITE] = str(out)        # the workers inherit the environment
    config.add_cleanup(lambda: shutil.rmtree(out, ignore_errors=True))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    shared = os.environ.get(SHARED_SITE)
    if shared:
        out = Path(shared)
        failed = (out / "build.returncode").read_text(encoding="utf-8") != "0"
        assert not failed, f"the site does not build:\n{(out / 'build.log').read_text(encoding='utf-8')}"
        return out / "site"
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, f"the site does not build:\n{result.stderr}"
    return out


@pytest.fixture(scope="session")
def pages(site) -> dict[str, BeautifulSoup]:
    """Every built page (404 page included), by path relative to the site."""
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "lxml")
            for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="session")
def content_pages(pages) -> dict[str, BeautifulSoup]:
    """Built pages that come from a Markdown file (not the 404 page)."""
    return {path: soup for path, soup in pages.items() if path != "404.html"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass

    def end_headers(self):
        # linkchecker throttles every host to a few requests a second unless
        # the server opts in with this header; this one is our own test server.
        self.send_header("LinkChecker", "full-rate")
        super().end_headers()


@pytest.fixture(scope="session")
def server(site) -> str:
    """The built site served on 127.0.0.1 (as GitHub Pages would serve it)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


CHROMIUM = "/usr/bin/chromium"
CLOSED_PORT = 9   # "discard": nothing listens on it here
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                 # Tabs share at most two renderer processes instead of one each
                 # (contexts keep their own storage): about 25 s less CPU per run.
                 "--renderer-process-limit=2",
                 # Nothing a test loads can reach another host: Chromium sends every
                 # request except to 127.0.0.1 (always direct) to a closed proxy
                 # port, where it fails. browsing.Recorder still records each one.
                 f"--proxy-server=http://127.0.0.1:{CLOSED_PORT}"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (no browser is ever downloaded)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: run `make system-deps` (Debian package chromium)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def _tabs(browser, server):
    """The browser context that `page` opens its tabs in. A tab that shows a
    file with no script (robots.txt) stays open all session: it keeps the
    site's renderer process alive, so a new tab starts in about a third of
    the CPU time a new context takes (which starts a new process)."""
    context = browser.new_context()
    keeper = context.new_page()
    keeper.goto(server + "robots.txt")
    devtools = context.new_cdp_session(keeper)
    yield context, devtools, server.rstrip("/")
    context.close()


@pytest.fixture
def page(_tabs):
    """A new browser tab for one test, starting from empty storage: after the
    test, the site's cookies, local storage, IndexedDB, cache storage and the
    HTTP cache are cleared. What a test sets on its tab (init scripts, routes,
    listeners, viewport, emulated media) goes with the tab."""
    context, devtools, origin = _tabs
    tab = context.new_page()
    yield tab
    tab.close()
    forget_site_data(context, devtools, origin)


# --- Spreading the suite over CPU cores (pytest-xdist) ---------------------------------------
# A test module stays on one worker (its module fixtures run once), and modules
# that read the same browser pass share a worker, so each pass runs once per
# session: one walk over every page serves them all (tests/browsing.py).
# (A scheduler of our own rather than xdist_group marks: --dist loadgroup
# ignores the marks with pytest 9.2, whose node ids xdist 3.8 cannot extend.)
GROUPS = {
    "axe": ("test_accessibility.py", "test_contrast.py"),                    # browsing.axe_every_page
    "walk": ("test_browser_behaviour.py", "test_privacy.py", "test_csp.py",  # browsing.every_page
             "test_phone_layout.py", "test_reader_first.py"),
}
GROUP_OF = {module: group for group, modules in GROUPS.items() for module in modules}


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByModuleAndPass(LoadScopeScheduling):
        """--dist loadfile, with the modules of one browser pass as one unit."""

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
            return GROUP_OF.get(module, module)

    return ByModuleAndPass(config, log)
