"""How every page behaves in Chromium: no console errors or uncaught
exceptions, readable without JavaScript, and no sideways scrolling at 320 CSS
px (WCAG 1.4.10 reflow; wide tables and code scroll inside their own box)."""

from __future__ import annotations

import pytest

from browsing import DESKTOP, DRAW_WHOLE_PAGE, Recorder, every_page, goto, label, open_tab, page_paths

pytestmark = pytest.mark.browser


def test_no_console_errors(browser, server, site):
    """No console error or uncaught exception on any page, at 1280 px dark and 320 px light."""
    run = every_page(browser, server, site)
    errors = [f"{label(path)}: {error}" for path, visit in run["visits"].items() for error in visit.console_errors]
    assert not errors, "console errors:\n" + "\n".join(errors)


def test_every_page_is_served_and_follows_the_palette(browser, server, site):
    run = every_page(browser, server, site)
    wrong = [f"{label(path)}: HTTP {v.data['status']}, palette {v.data['desktop scheme']} when dark is "
             f"preferred and {v.data['narrow scheme']} when light is"
             for path, v in run["visits"].items()
             if v.data["status"] != 200 or (v.data["desktop scheme"], v.data["narrow scheme"]) != ("slate", "default")]
    assert not wrong, "\n".join(wrong)


def test_no_page_scrolls_sideways_at_320_px(browser, server, site):
    run = every_page(browser, server, site)
    wide = []
    for path, visit in run["visits"].items():
        m = visit.data["reflow"]
        if m["scrollWidth"] > m["clientWidth"] + 1:
            wide.append(f"{label(path)}: {m['scrollWidth']} px wide in a {m['clientWidth']} px window; "
                        f"too wide: {', '.join(m['wide']) or '?'}")
    assert not wide, "pages that scroll sideways at 320 CSS px:\n" + "\n".join(wide)


NO_JS = """() => {
  const shown = (e) => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const h1 = document.querySelector('article h1, .md-content h1');
  const article = document.querySelector('article');
  const nav = [...document.querySelectorAll('nav.md-nav--primary a[href], nav.md-tabs a[href]')].filter(shown);
  return {h1: shown(h1) ? h1.textContent.trim() : null,
          text: article && shown(article) ? article.innerText.trim().length : 0,
          nav: nav.length, body: document.body.innerText.trim().length,
          noJs: document.documentElement.classList.contains('no-js')};
}"""


def test_every_page_is_usable_without_javascript(browser, server, site):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    recorder = Recorder(context, server)
    tab = open_tab(context, recorder)
    wrong = []
    try:
        for path in page_paths(site):
            goto(tab, server, path, recorder)
            tab.evaluate(DRAW_WHOLE_PAGE)  # so innerText counts the whole article
            state = tab.evaluate(NO_JS)
            problems = []
            if not state["noJs"]:
                problems.append("JavaScript ran")
            if not state["h1"]:
                problems.append("no visible <h1>")
            if state["text"] < 100:
                problems.append(f"only {state['text']} characters of visible article text")
            if state["nav"] < 3:
                problems.append(f"only {state['nav']} visible navigation links")
            if problems:
                wrong.append(f"{label(path)}: {'; '.join(problems)}")
    finally:
        context.close()
    assert not wrong, "without JavaScript:\n" + "\n".join(wrong)


def test_the_search_index_is_fetched_only_when_the_reader_starts_to_search(page, server):
    """The index is the largest file on the site; a reader who never searches
    never downloads it (docs/assets/site.js)."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(server)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert not [u for u in fetched if u.endswith("search_index.json")], \
        f"the search index was fetched before any search: {fetched}"
    page.locator(".md-search__input").click()
    page.keyboard.type("exercise")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.locator(".md-search-result__item").count() > 0, "search found nothing once the index loaded"
    assert [u for u in fetched if u.endswith("search_index.json")], "search worked without the index?"


def test_the_search_worker_starts_only_when_the_reader_starts_to_search(page, server):
    """Material starts its search worker (a second script) on every page load;
    docs/assets/site.js starts it when the reader points at or
    focuses the search box, and search still returns results."""
    fetched, workers = [], []
    page.on("request", lambda request: fetched.append(request.url))
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(server + "fibromyalgia/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    early = [u for u in fetched + workers if "/workers/search" in u]
    assert not early, f"the search worker loaded before any search: {early}"
    page.locator(".md-search__input").focus()
    page.keyboard.type("sleep")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.locator(".md-search-result__item").count() > 0, "search found nothing once the worker started"
    assert [u for u in fetched + workers if "/workers/search" in u], "search worked without the worker?"


def test_a_search_link_loads_the_index_at_once(page, server):
    page.goto(server + "il-6/?q=exercise")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert "matching" in page.locator(".md-search-result__meta").inner_text()
