"""Body text is easy to read (issue 14): every run of text in a page's
article (paragraphs, lists, tables, the key points and other boxes, the
disclaimer and review box) has a contrast of at least 7:1 (WCAG AAA 1.4.6)
against what is behind it, in the light and the dark palette. Links and
buttons are held to 4.5:1 and checked by axe (test_accessibility.py), so
they are left out here, as are headings' permalink signs and pictures."""

from __future__ import annotations

import pytest

from browsing import CONTRAST_MINIMUM, SCHEMES, axe_every_page, label

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", SCHEMES)
def test_body_text_has_at_least_7_to_1_contrast(browser, server, site, scheme):
    """Measured in the axe pass (browsing.axe_pass), with every <details> open."""
    low = [f"{label(path)}: {item}" for path, visit in axe_every_page(browser, server, site)[scheme].items()
           for item in visit.data["low contrast"][:5]]
    assert not low, f"text under {CONTRAST_MINIMUM}:1 in the {scheme} palette:\n" + "\n".join(low)
