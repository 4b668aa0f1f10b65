"""HTML validity: the Nu HTML Checker (vnu.jar, the W3C validator) finds no
errors in any built page. It runs once over the whole site (one Java start).

Only errors fail the test. Warnings and info messages are ignored: among them
vnu's own CSP simulation, which reads pages from file: URLs where 'self'
matches nothing, so it "blocks" every stylesheet and script.

A theme error that cannot be fixed without copying a large Material template is
filtered below, each with its reason. A filter is a regex matched against
"message | extract" (the extract is the HTML around the error), so each one
names the element it excuses.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from sitebuild import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

FILTERED = {
    r"Attribute “autocomplete” is only allowed when the input type is .*\|.*class=md-toggle":
        "Material (base.html) puts autocomplete=off on its drawer and search toggle checkboxes so that "
        "Firefox does not restore an open menu or search on Back; browsers ignore it otherwise, and "
        "dropping it would need a copy of base.html's body.",
    r"Bad value “” for attribute “tabindex” on element “label”.*\|.*class=\"?md-nav__link":
        "Material (partials/nav-item.html) writes tabindex=\"{{ tabindex }}\", empty for section labels "
        "(navigation.sections); an empty tabindex is ignored, so the label is correctly not focusable. "
        "Fixing it needs a copy of the 170-line nav-item.html.",
    r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form "
    r"control.*\|.*for=\"?__toc":
        "Material (partials/toc.html) labels the mobile table-of-contents toggle #__toc, but renders "
        "that checkbox only for pages that are nav leaves; a section index page (navigation.indexes) "
        "with headings gets the label without it. The label then does nothing; nothing is lost.",
}


@pytest.fixture(scope="module")
def vnu_messages(site) -> list[dict]:
    java = shutil.which("java")
    assert java, "Java is missing: run `make system-deps` (Debian package default-jre-headless)"
    assert VNU.exists(), "vnu.jar is missing: run `make install` (npm package vnu-jar)"
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--skip-non-html", "--stdout", str(site)],
                            capture_output=True, text=True, timeout=300)
    try:
        return json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu did not report JSON (exit {result.returncode}):\n{result.stdout[:2000]}\n{result.stderr[:2000]}")


def _where(message: dict, site) -> str:
    url = message.get("url", "")
    path = url.split(str(site), 1)[-1].lstrip("/") if str(site) in url else url
    return f"{path}:{message.get('lastLine', '?')}"


def _filter_reason(message: dict) -> str | None:
    text = f"{message.get('message', '')} | {message.get('extract', '')}"
    return next((reason for pattern, reason in FILTERED.items() if re.search(pattern, text, re.S)), None)


def test_vnu_checked_every_page(vnu_messages, site):
    """vnu reports nothing for a valid page, so check it did read them all: a
    page it could not read gives a non-document-error."""
    broken = [f"{_where(m, site)}: {m.get('message')}" for m in vnu_messages if m.get("type") == "non-document-error"]
    assert not broken, "vnu could not check:\n" + "\n".join(broken)
    assert len(list(site.rglob("*.html"))) > 1


def test_no_html_errors(vnu_messages, site):
    errors = [m for m in vnu_messages if m.get("type") == "error" and _filter_reason(m) is None]
    lines = [f"{_where(m, site)}: {m.get('message')}\n    {' '.join((m.get('extract') or '').split())[:200]}"
             for m in errors]
    assert not lines, f"{len(lines)} HTML errors (Nu HTML Checker):\n" + "\n".join(lines)


