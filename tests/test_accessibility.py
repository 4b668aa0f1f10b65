"""Accessibility: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) finds nothing on
any page in the light palette, nor any colour problem in the dark one; nor on
the theme's components (a fixture page that uses every one) nor in its open
states (search, tooltip, mobile menu), in both palettes; and a keyboard alone
can skip to the content, reach the navigation, the search box and the palette
toggle, always seeing where the focus is."""

from __future__ import annotations

import pytest

from browsing import (AXE, AXE_START, DESKTOP, NARROW, RULES_IN, SCHEMES, Recorder, axe_every_page,
                      format_violations, goto, label, open_tab, page_paths, run_axe, serve)
from sitebuild import ROOT, build, fixture_site, front_matter

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe_results(browser, server, site):
    return axe_every_page(browser, server, site)


def test_every_page_is_checked_in_both_palettes(axe_results, site):
    """The dark run really is dark: Material follows prefers-color-scheme
    (the first palette entry is "system preference"), so each context emulates
    it; the body then carries data-md-color-scheme="slate"."""
    expected = page_paths(site)
    assert len(expected) >= 2 and "404.html" in expected
    wrong = []
    for scheme, visits in axe_results.items():
        assert sorted(visits) == sorted(expected), f"{scheme}: not every page was checked"
        wrong += [f"{label(path)} ({scheme}): data-md-color-scheme is {visit.data['scheme']!r}, "
                  f"expected {SCHEMES[scheme]!r}"
                  for path, visit in visits.items() if visit.data["scheme"] != SCHEMES[scheme]]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_no_violations(axe_results, scheme):
    problems = []
    for path, visit in axe_results[scheme].items():
        problems += format_violations(f"{label(path)} [{scheme}]", visit.data["violations"])
    assert not problems, f"{len(problems)} axe-core violations:\n" + "\n".join(problems)


# Grey on grey in the dark palette only, and a picture with no text alternative.
TWO_PROBLEMS = """<!doctype html><html lang="en"><title>Two problems</title>
<style>@media (prefers-color-scheme: dark) { body { background: #222; } p { color: #444; } }</style>
<p>Text that is hard to read in the dark.</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">"""


def test_the_whole_site_pass_checks_every_rule_in_light_and_colours_in_dark(page):
    """What each palette's run in the whole-site pass finds on a page with a
    dark-only contrast problem and a picture without alt text."""
    found = {}
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        page.set_content(TWO_PROBLEMS)
        page.add_script_tag(path=str(AXE))
        page.evaluate(AXE_START, RULES_IN[scheme])
        found[scheme] = {v["id"] for v in page.evaluate("() => window.__axe")}
    assert found["light"] == {"image-alt"}, f"the light run should find the missing alt text only: {found['light']}"
    assert "color-contrast" in found["dark"], f"the dark run missed grey text on grey: {found['dark']}"


# --- The theme's components, each at least once -------------------------------------------

SAMPLER = front_matter(title="Theme components", type="evidence", audience="clinicians", sources="[wolfe2016]",
                       description="Every component the theme styles, for the accessibility tests.") + '''
# Theme components

Body text with a [link](#tables), `inline code`, **bold**, *emphasis*, and glossary terms
such as IL-6 and CRP, a citation [@wolfe2016], and evidence labels:
{{ certainty("low") }} {{ certainty("high") }} {{ recommendation("EULAR", "strong for") }}
{{ recommendation("NICE", "do not offer") }} {{ verdict("not supported") }} {{ verdict("supported") }}.

!!! note "Note"
    A note with a [link](#tables) and `code`.

!!! abstract "Summary"
    Text.

!!! info "Information"
    Text.

!!! tip "Tip"
    Text.

!!! success "Success"
    Text.

!!! question "Question"
    Text.

!!! warning "Warning"
    Text with a [link](#tables).

!!! failure "Failure"
    Text.

!!! danger "Get help now"
    Text with a [link](#tables).

!!! bug "Bug"
    Text.

!!! example "Example"
    Text.

!!! quote "Quote"
    Text.

??? info "A closed details block"
    Hidden text.

???+ tip "An open details block"
    Text with a [link](#tables).

=== "First tab"

    Text in the first tab.

=== "Second tab"

    Text in the second tab.

> A quotation with a [link](#tables).

[An outlined button](#tables){ .md-button } [A primary button](#tables){ .md-button .md-button--primary }

## Tables { #tables }

| Study | People | Result | Certainty | Notes on the study and its limits |
|-------|-------:|--------|-----------|-----------------------------------|
| First study with a long name | 1200 | IL-6 higher | {{ certainty("low") }} | A long note that makes this table wider than a phone screen, so it has to scroll |
| Second | 80 | No difference | {{ certainty("very low") }} | Short |

```text
A code block with a line that is rather long, so that it has to scroll sideways on a narrow phone screen.
```
'''


@pytest.fixture(scope="module")
def sampler(tmp_path_factory, browser):
    """A small site built with the real theme, overrides and sitekit whose one
    page uses every component the theme styles."""
    tmp = tmp_path_factory.mktemp("sampler")
    config = fixture_site(tmp, {"index.md": front_matter(title="Home") + "\n# Home\n\nText.\n",
                                "components.md": SAMPLER})
    (tmp / "docs" / "assets").symlink_to(ROOT / "docs" / "assets")   # site.css, favicon
    result = build(config, tmp / "out")
    assert result.returncode == 0, f"the component sampler does not build:\n{result.stderr}"
    return serve(str(tmp / "out"))


def _axe_context(browser, server, scheme, viewport=DESKTOP):
    context = browser.new_context(color_scheme=scheme, bypass_csp=True, viewport=viewport)
    recorder = Recorder(context, server)
    context.add_init_script(path=str(AXE))
    return context, recorder, open_tab(context, recorder)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_theme_components_pass_axe(browser, sampler, scheme):
    context, recorder, tab = _axe_context(browser, sampler, scheme)
    try:
        goto(tab, sampler, "components/", recorder)
        assert tab.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme]
        counts = tab.evaluate("""() => ({admonitions: document.querySelectorAll('.admonition, details').length,
            badges: document.querySelectorAll('.badge').length, abbr: document.querySelectorAll('abbr').length,
            tables: document.querySelectorAll('article table').length, code: document.querySelectorAll('pre code').length,
            tabs: document.querySelectorAll('.tabbed-set').length, citations: document.querySelectorAll('sup.cite a').length})""")
        assert all(counts.values()), f"the sampler lacks a component: {counts}"
        problems = format_violations(f"components page [{scheme}]", run_axe(tab))
        # The same page with a glossary tooltip open (docs/assets/site.js).
        tab.locator("article abbr").first.hover()
        tab.wait_for_selector(".md-tooltip2--active, .md-tooltip--active", timeout=3000)
        problems += format_violations(f"components page, tooltip open [{scheme}]", run_axe(tab))
        # ... and with the second content tab selected.
        tab.locator(".tabbed-labels label").nth(1).click()
        problems += format_violations(f"components page, second tab [{scheme}]", run_axe(tab))
        assert not problems, "\n".join(problems)
        assert not recorder.take_errors()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_open_states_pass_axe(browser, server, scheme):
    """The search dialog with results, and the navigation drawer on a phone."""
    problems = []
    context, recorder, tab = _axe_context(browser, server, scheme)
    try:
        goto(tab, server, "", recorder)
        tab.locator(".md-search__input").click()
        tab.keyboard.type("fibromyalgia")
        tab.wait_for_selector(".md-search-result__item", timeout=15000)
        name = tab.evaluate("() => document.querySelector('[role=dialog].md-search').getAttribute('aria-label')")
        assert name, "the search dialog has no accessible name"
        problems += format_violations(f"home, search open [{scheme}]", run_axe(tab))
    finally:
        context.close()
    context, recorder, tab = _axe_context(browser, server, scheme, viewport=NARROW)
    try:
        goto(tab, server, "", recorder)
        tab.locator("label.md-header__button[for=__drawer]").click()
        tab.wait_for_function("() => document.getElementById('__drawer').checked")
        problems += format_violations(f"home at 320 px, menu open [{scheme}]", run_axe(tab))
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# --- Keyboard ------------------------------------------------------------------------------

FOCUS = """() => {
  const e = document.activeElement;
  const ringed = e.matches('.md-option') ? e.nextElementSibling : e;   // palette: hidden radio, ringed label
  const cs = getComputedStyle(ringed);
  const visible = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
  return {tag: e.tagName, cls: e.className || '', href: e.getAttribute('href') || '', id: e.id,
          text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40), visible,
          inContent: !!e.closest('.md-content'), inNav: !!e.closest('.md-nav, .md-tabs'),
          search: e.matches('.md-search__input'), palette: !!e.closest('[data-md-component=palette]')};
}"""


def test_keyboard_walk_on_the_home_page(browser, server):
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    recorder = Recorder(context, server)
    tab = open_tab(context, recorder)
    try:
        goto(tab, server, "", recorder)
        tab.keyboard.press("Tab")
        first = tab.evaluate(FOCUS)
        assert "md-skip" in first["cls"] and first["text"] == "Skip to content", \
            f"the first Tab should focus the skip link, it focused {first}"
        assert first["visible"], "the skip link has no visible focus"
        assert tab.locator(".md-skip").is_visible(), "the skip link is not shown while focused"
        target = first["href"].lstrip("#")

        tab.keyboard.press("Enter")
        tab.wait_for_function("(id) => location.hash === '#' + id", arg=target)
        top = tab.evaluate("(id) => document.getElementById(id).getBoundingClientRect().top", target)
        assert 0 <= top < 200, f"after the skip link, #{target} is not at the top of the window (top={top})"
        tab.keyboard.press("Tab")
        after = tab.evaluate(FOCUS)
        assert after["inContent"], f"after the skip link, Tab should stay in the content, it went to {after}"

        goto(tab, server, "", recorder)
        seen, walk = {"nav": None, "search": None, "palette": None}, []
        for _ in range(150):
            tab.keyboard.press("Tab")
            now = tab.evaluate(FOCUS)
            walk.append(now)
            kind = "search" if now["search"] else "palette" if now["palette"] else "nav" if now["inNav"] else None
            if kind and seen[kind] is None:
                seen[kind] = now
            if all(seen.values()) or now["tag"] == "BODY":
                break
        missing = [kind for kind, hit in seen.items() if hit is None]
        assert not missing, f"Tab never reached: {missing}; it went through {[w['text'] or w['cls'] for w in walk]}"
        invisible = [w for w in walk if not w["visible"]]
        assert not invisible, "focus is not visible on:\n" + "\n".join(map(str, invisible))

        # "/" is Material's shortcut to the search box (from anywhere but a field).
        goto(tab, server, "", recorder)
        tab.keyboard.press("/")
        assert tab.evaluate(FOCUS)["search"], "pressing / does not focus the search box"
        assert not recorder.take_errors()
    finally:
        context.close()
