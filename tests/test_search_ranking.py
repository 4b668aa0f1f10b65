"""Search finds the page a reader means (issue 14): the real search (Material's
lunr worker and the built index) run in Chromium for the words readers use."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

EXPECTED = {
    "IL-6 test": "il-6/blood-tests/",
    "IL-6 cure": "il-6/il-6-blocking-medicines/",
    "tocilizumab": "il-6/il-6-blocking-medicines/",
    # The boosts (front matter `search: boost:`) must not push these pages above
    # the one a reader means by a general query.
    "what is IL-6": "il-6/what-is-il-6/",
    "blood test": "il-6/blood-tests/",
}

FIRST_PAGES = """() => [...document.querySelectorAll('.md-search-result__item > .md-search-result__link')]
  .map((a) => new URL(a.href).pathname.replace(/^\\//, '')).slice(0, 3)"""


SETTLED = """() => {
  const now = JSON.stringify((""" + FIRST_PAGES + """)());
  if (window.__results !== now) { window.__results = now; window.__since = performance.now(); }
  return performance.now() - window.__since >= 600;
}"""


@pytest.mark.parametrize("query, expected", EXPECTED.items())
def test_search_puts_the_page_readers_mean_first(page, server, query, expected):
    page.goto(server)
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    # Each keystroke runs a search ("what" finds "What's new"); wait until the
    # list has stayed the same for 600 ms, however slow the machine.
    page.wait_for_function(SETTLED, timeout=20000)
    first = page.evaluate(FIRST_PAGES)
    assert first and first[0] == expected, f"search for {query!r}: first results {first}, expected {expected} first"
