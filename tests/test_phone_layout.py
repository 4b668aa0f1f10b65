"""Phones (issue 14): at 320 and 390 CSS px, with every <details> open, no
table, figure, sheet or other element is wider than the content column, and
no page scrolls sideways. Unlike the reflow check in test_browser_behaviour.py,
nothing is excused for scrolling inside its own box: a sideways swipe is a
swipe all the same. Tables become labelled blocks (sitekit/tables.py)."""

from __future__ import annotations

import pytest

from browsing import label, page_paths, stub_search_index
from sitekit import tables

pytestmark = pytest.mark.browser

WIDTHS = (320, 390)

OVERFLOW = """() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
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


@pytest.fixture(scope="module")
def measured(browser, server, site):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    stub_search_index(context, site)
    results = {}
    try:
        tab = context.new_page()
        for path in page_paths(site):
            for width in WIDTHS:
                tab.set_viewport_size({"width": width, "height": 800})
                if width == WIDTHS[0]:
                    tab.goto(server + path, wait_until="load")
                results[(path, width)] = tab.evaluate(OVERFLOW)
    finally:
        context.close()
    return results


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_is_wider_than_the_column_with_every_details_open(measured, width):
    wrong = []
    for (path, w), m in measured.items():
        if w != width:
            continue
        if m["scrollWidth"] > m["clientWidth"] + 1:
            wrong.append(f"{label(path)}: the page scrolls sideways ({m['scrollWidth']} px in {m['clientWidth']} px)")
        wrong += [f"{label(path)}: wider than the column: {item}" for item in m["wide"]]
    assert not wrong, f"at {width} CSS px:\n" + "\n".join(wrong)


def test_table_cells_are_labelled_with_their_column_heading():
    page = ('<table><thead><tr><th scope="col">Day</th><th colspan="2">Scores</th></tr></thead>'
            '<tbody><tr><th scope="row">Mon</th><td>1</td><td>2</td></tr></tbody></table>'
            '<table><tr><td>no headings</td></tr></table>')
    out = tables.stack(page)
    assert '<table data-stack="">' in out, out
    assert '<th scope="row" data-label="Day">Mon</th>' in out, out
    assert out.count('data-label="Scores"') == 3, "a colspan heading labels each column it spans"
    assert '<table><tr><td>no headings</td></tr></table>' in out, "a table without headings is left alone"
    assert tables.stack(out) == out, "labelling twice changes nothing"
