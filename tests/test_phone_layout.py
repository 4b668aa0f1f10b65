"""Phones (issue 14): at 320 and 390 CSS px, with every <details> open, no
table, figure, sheet or other element is wider than the content column, and
no page scrolls sideways. Unlike the reflow check in test_browser_behaviour.py,
nothing is excused for scrolling inside its own box: a sideways swipe is a
swipe all the same. Tables become labelled blocks (sitekit/tables.py)."""

from __future__ import annotations

import pytest

from browsing import PHONE_WIDTHS, every_page, label
from sitekit import tables

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def measured(browser, server, site):
    """Measured in the shared walk (browsing.browse_pass), light palette."""
    return {(path, width): visit.data[f"overflow {width}"]
            for path, visit in every_page(browser, server, site)["visits"].items() for width in PHONE_WIDTHS}


@pytest.mark.parametrize("width", PHONE_WIDTHS)
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
