"""Content-Security-Policy: every page carries the site's strict policy as a
<meta> right after <meta charset> (sitekit/postbuild.py), allowing inline
scripts only by hash, and the site works under it: no page, search, palette
switch, tooltip or tool triggers a CSP violation in Chromium."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from bs4 import BeautifulSoup

from browsing import DESKTOP, Recorder, csp_violations, every_page, goto, label, open_tab
from sitebuild import ROOT

# The policy, directive by directive; script-src and style-src may add sha256 hashes.
EXPECTED = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
HASHABLE = {"script-src", "style-src"}
HASH = re.compile(r"^'sha256-[A-Za-z0-9+/]{43}='$")
DATA_SCRIPT = re.compile(r"^application/(ld\+)?json$", re.I)
HEAD = re.compile(r"<head[^>]*>\s*(<meta\b[^>]*>)\s*(<meta\b[^>]*>)", re.I)


def _policy(soup) -> dict[str, list[str]]:
    meta = soup.find("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
    assert meta is not None
    directives = {}
    for part in meta["content"].split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_the_policy_follows_meta_charset_on_every_page(site):
    wrong = []
    for page in sorted(site.rglob("*.html")):
        match = HEAD.search(page.read_text(encoding="utf-8"))
        first, second = (match.group(1), match.group(2)) if match else ("", "")
        if not re.match(r"<meta\s+charset=\"?utf-8\"?\s*/?>$", first, re.I) or \
                "content-security-policy" not in second.lower():
            wrong.append(f"{page.relative_to(site)}: head starts {first} {second}")
    assert not wrong, "the CSP <meta> must come right after <meta charset>:\n" + "\n".join(wrong)


def test_the_policy_is_exactly_the_sites_policy(pages):
    wrong = []
    for path, soup in pages.items():
        policy = _policy(soup)
        if set(policy) != set(EXPECTED):
            wrong.append(f"{path}: directives {sorted(policy)}, expected {sorted(EXPECTED)}")
            continue
        for directive, sources in policy.items():
            base = [s for s in sources if not (directive in HASHABLE and HASH.match(s))]
            if base != EXPECTED[directive]:
                wrong.append(f"{path}: {directive} {' '.join(sources)}; expected {' '.join(EXPECTED[directive])}"
                             + (" plus sha256 hashes" if directive in HASHABLE else ""))
    assert not wrong, "\n".join(wrong)


def test_inline_scripts_and_styles_are_allowed_by_hash_only(site):
    """Every inline script and <style> has its hash in the policy, and the policy
    holds no hash of anything else; nothing needs 'unsafe-inline': no event
    handler attributes, no javascript: URLs, no style attributes."""
    wrong = []
    for page in sorted(site.rglob("*.html")):
        path = page.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        policy = _policy(soup)
        scripts = {_sha256(s.string or "") for s in soup.find_all("script")
                   if not s.get("src") and not DATA_SCRIPT.match(s.get("type") or "")}
        styles = {_sha256(s.string or "") for s in soup.find_all("style")}
        for directive, needed in (("script-src", scripts), ("style-src", styles)):
            allowed = {s for s in policy.get(directive, []) if HASH.match(s)}
            if needed - allowed:
                wrong.append(f"{path}: {directive} lacks the hash of {len(needed - allowed)} inline block(s)")
            if allowed - needed:
                wrong.append(f"{path}: {directive} allows {len(allowed - needed)} hash(es) of nothing on the page")
        for tag in soup.find_all(True):
            handlers = [a for a in tag.attrs if a.lower().startswith("on")]
            if handlers:
                wrong.append(f"{path}: <{tag.name} {handlers[0]}=...> is an inline event handler")
            if tag.has_attr("style"):
                wrong.append(f"{path}: <{tag.name} style=\"{tag['style']}\"> is blocked by style-src")
            for attr in ("href", "src", "action", "formaction"):
                if str(tag.get(attr, "")).strip().lower().startswith("javascript:"):
                    wrong.append(f"{path}: <{tag.name} {attr}=\"javascript:...\"> is blocked by script-src")
    assert not wrong, "\n".join(wrong)


def test_every_page_forbids_the_referrer(pages):
    missing = [path for path, soup in pages.items()
               if not soup.find("meta", attrs={"name": "referrer", "content": "no-referrer"})]
    assert not missing, f'pages without <meta name="referrer" content="no-referrer">: {missing}'


# --- In the browser ---------------------------------------------------------------------

@pytest.mark.browser
def test_no_page_violates_the_policy(browser, server, site):
    """Every page, at 1280 px dark and at 320 px light, under the real policy."""
    run = every_page(browser, server, site)
    found = [f"{label(path)}: {v}" for path, visit in run["visits"].items() for v in visit.csp_violations]
    assert not found, "CSP violations:\n" + "\n".join(found)


def _fill_in(form) -> int:
    """Use a tool's form as a reader would; returns the number of fields used."""
    used = 0
    for box in form.locator("input[type=checkbox]:visible").all()[:6]:
        box.check()
        used += 1
    groups = dict.fromkeys(r.get_attribute("name") for r in form.locator("input[type=radio]:visible").all())
    for name in groups:
        options = form.locator(f"input[type=radio][name='{name}']:visible")
        options.nth(min(1, options.count() - 1)).check()
        used += 1
    for field in form.locator("input[type=number]:visible").all():
        low = field.get_attribute("min")
        field.fill(str(max(int(float(low)), 3) if low else 3))
        used += 1
    for field in form.locator("input[type=date]:visible").all():
        if not field.input_value():
            field.fill(field.evaluate("() => new Date().toISOString().slice(0, 10)"))
        used += 1
    for field in form.locator("input[type=text]:visible, textarea:visible").all():
        field.fill("A short walk")
        used += 1
    for select in form.locator("select:visible").all():
        if select.locator("option").count() > 1:
            select.select_option(index=1)
            used += 1
    return used


@pytest.mark.browser
def test_search_navigation_palette_and_tools_work_under_the_policy(browser, server, site):
    """One reader's visit under the real policy (no bypass): search, open a
    result, switch the palette, open a glossary tooltip, use each tool."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    recorder = Recorder(context, server)
    tab = open_tab(context, recorder)
    found, steps = [], []

    def check(step):
        steps.append(step)
        found.extend(f"{step}: {v}" for v in csp_violations(tab))
        found.extend(f"{step}: {e}" for e in recorder.take_errors())

    try:
        goto(tab, server, "", recorder)
        check("home page")
        tab.locator(".md-search__input").click()
        tab.keyboard.type("IL-6")
        tab.wait_for_selector(".md-search-result__item", timeout=15000)
        assert tab.locator(".md-search-result__item").count() > 0
        check("search for IL-6")
        href = tab.locator(".md-search-result__item a").first.get_attribute("href")
        with tab.expect_navigation():
            tab.locator(".md-search-result__item a").first.click()
        check(f"search result {href}")

        # The toggle cycles system preference (light here) -> light -> dark.
        for index in (1, 2):
            tab.locator("[data-md-component=palette] label:not([hidden])").click()
            tab.wait_for_function("(i) => document.getElementById('__palette_' + i).checked", arg=index)
        assert tab.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
        check("palette switch to dark")
        tab.locator(".md-tabs a.md-tabs__link, .md-nav--primary a.md-nav__link").filter(visible=True).nth(1).click()
        tab.wait_for_load_state("load")
        check(f"navigation to {tab.url}")

        goto(tab, server, "fibromyalgia/what-is-fibromyalgia/", recorder)
        abbr = tab.locator("article abbr[title]").filter(visible=True)
        assert abbr.count(), "no visible glossary term to point at"
        abbr.first.hover()
        tab.wait_for_selector(".md-tooltip2--active, .md-tooltip--active", timeout=3000)
        check("glossary tooltip")

        tools = sorted(p.stem for p in (ROOT / "docs" / "assets" / "tools").glob("*.js"))
        for path in ("tools/symptom-diary/", "tools/criteria-explainer/"):
            if not tools or not (site / path / "index.html").exists():
                continue
            goto(tab, server, path, recorder)
            form = tab.locator("article form").first
            if form.count() and form.is_visible():
                used = _fill_in(form)
                submit = form.locator("button[type=submit], input[type=submit]")
                if submit.count():
                    submit.first.click()
                    tab.wait_for_timeout(300)
                check(f"{path} ({used} fields filled, submitted)")
            else:
                check(f"{path} (no form)")
        foreign = [f"{page}: {url}" for page, url in recorder.foreign]
    finally:
        context.close()
    assert not found, "CSP violations or errors during the visit:\n" + "\n".join(found)
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)
    assert len(steps) >= 6, steps
