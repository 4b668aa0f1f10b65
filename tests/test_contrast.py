"""Body text is easy to read (issue 14): every run of text in a page's
article (paragraphs, lists, tables, the key points and other boxes, the
disclaimer and review box) has a contrast of at least 7:1 (WCAG AAA 1.4.6)
against what is behind it, in the light and the dark palette. Links and
buttons are held to 4.5:1 and checked by axe (test_accessibility.py), so
they are left out here, as are headings' permalink signs and pictures."""

from __future__ import annotations

import pytest

from browsing import SCHEMES, label, page_paths, stub_search_index

pytestmark = pytest.mark.browser

MINIMUM = 7.0

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


@pytest.mark.parametrize("scheme", SCHEMES)
def test_body_text_has_at_least_7_to_1_contrast(browser, server, site, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    stub_search_index(context, site)
    low = []
    try:
        tab = context.new_page()
        for path in page_paths(site):
            tab.goto(server + path, wait_until="load")
            tab.evaluate("() => document.querySelectorAll('article details').forEach((d) => { d.open = true; })")
            low += [f"{label(path)}: {item}" for item in tab.evaluate(CONTRAST, MINIMUM)[:5]]
    finally:
        context.close()
    assert not low, f"text under {MINIMUM}:1 in the {scheme} palette:\n" + "\n".join(low)
