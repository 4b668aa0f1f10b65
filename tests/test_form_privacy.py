"""A tool's answers never leave the page: pressing Enter in any field of a
tool form, with JavaScript off or before the tool's script has loaded, does
not submit anything (no address change, no request, no navigation)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FORMS = {"tools/criteria-explainer/": "#criteria-form"}


def press_enter_everywhere(tab, form: str) -> list[str]:
    """Enter in every field of the form; returns what navigated or was requested."""
    start = tab.url
    seen = []
    tab.on("framenavigated", lambda frame: seen.append(f"navigated to {frame.url}")
           if frame == tab.main_frame and frame.url != start else None)
    tab.on("request", lambda request: seen.append(f"requested {request.url}")
           if "?" in request.url or request.method != "GET" else None)
    fields = tab.locator(f"{form} input, {form} select, {form} textarea")
    kinds = fields.evaluate_all("(all) => all.map((f) => [f.type, f.name])")
    assert kinds, f"{form} has no fields"
    for index, (kind, name) in enumerate(kinds):
        field = fields.nth(index)
        if kind in ("checkbox", "radio"):
            field.check()
        else:
            field.focus()
        field.press("Enter")
        # A submission shows at once as a request or a new address (the
        # events arrive with the next call); the wait below catches a late one.
        if seen or tab.url != start:
            seen.append(f"after Enter in field {index} ({name})")
            break
    tab.wait_for_timeout(300)
    return seen


@pytest.mark.parametrize("path, form", FORMS.items())
def test_enter_in_a_tool_form_with_javascript_off_sends_nothing(browser, server, path, form):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(server + path)
        leaks = press_enter_everywhere(tab, form)
        assert not leaks, "with JavaScript off, Enter sent the answers:\n" + "\n".join(leaks)
        assert tab.url == server + path
    finally:
        context.close()


@pytest.mark.parametrize("path, form", FORMS.items())
def test_enter_in_a_tool_form_before_its_script_loads_sends_nothing(browser, server, path, form):
    context = browser.new_context()
    held = []
    context.route("**/assets/tools/*.js", lambda route: held.append(route))  # never answered: still loading
    try:
        tab = context.new_page()
        tab.goto(server + path, wait_until="commit")
        tab.wait_for_selector(form, state="attached")
        for _ in range(100):  # the script is requested once the parser reaches it
            if held:
                break
            tab.wait_for_timeout(50)
        assert held, "the tool's script was never requested"
        leaks = press_enter_everywhere(tab, form)
        assert not leaks, "before the script loaded, Enter sent the answers:\n" + "\n".join(leaks)
    finally:
        context.close()
