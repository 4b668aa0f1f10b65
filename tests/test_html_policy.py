"""Only the scripts we ship can run: the build refuses, by default, anything in
a page that could run code, restyle or hide the page, send the reader
elsewhere or send their answers away, and names the file it came from.

Two layers (sitekit/htmlpolicy.py): the source-line check before the build
(pages, snippets in includes/, front matter, glossary), and the post-build
check of the HTML as published (it catches what Jinja, macros or a template
put together). Each injection path is tried on a small fixture site."""

from __future__ import annotations

import re
import shutil
from types import SimpleNamespace

import jinja2
import pytest

from sitebuild import ROOT, build, fixture_site, front_matter
from sitekit import glossary, htmlpolicy, postbuild

TODAY = "2026-11-25"
HOME = front_matter(title="Home") + "\n# Home\n"
BODY = "\n# A test page\n\nSome text.\n"


def assert_names_every_case(result, cases: dict[str, list[str]]):
    assert result.returncode != 0, f"the build passed, but it should have failed:\n{result.stderr}"
    missing = [f"{case}: {text!r}" for case, texts in cases.items() for text in texts if text not in result.stderr]
    assert not missing, "the error does not name:\n" + "\n".join(missing) + "\n\nstderr:\n" + result.stderr


def with_own_includes(tmp_path, snippets: dict[str, str], glossary_extra: str = ""):
    """Give a fixture site its own copy of includes/ (the helper links the real one)."""
    (tmp_path / "includes").unlink()
    shutil.copytree(ROOT / "includes", tmp_path / "includes")
    for name, text in snippets.items():
        (tmp_path / "includes" / name).write_text(text, encoding="utf-8")
    if glossary_extra:
        with (tmp_path / "includes" / "glossary.md").open("a", encoding="utf-8") as out:
            out.write(glossary_extra)


# --- Every path an editor (or an attacker with a pull request) could take ---------------

def test_every_injection_in_a_source_file_fails_the_build_with_file_and_line(tmp_path):
    """Caught before the build, all reported together, each with file:line."""
    glossary_lines = len((ROOT / "includes" / "glossary.md").read_text(encoding="utf-8").splitlines())
    pages = {
        "index.md": HOME,
        "reviewer.md": front_matter(reviewed_by="'<script>alert(1)</script>'") + BODY,
        "script.md": front_matter() + BODY + "\n<script>alert(1)</script>\n",
        "refresh.md": front_matter() + BODY + '\n<meta http-equiv="refresh" content="0; url=https://example.org/">\n',
        "style.md": front_matter() + BODY + "\n<style>.site-disclaimer{display:none}</style>\n",
        "jslink.md": front_matter() + BODY + "\n[Read more](javascript:alert(1))\n",
        "handler.md": front_matter() + BODY + '\n<span onclick="alert(1)">Tap here</span>\n',
        "handler2.md": front_matter() + BODY + "\n<svg/onload=alert(1)>\n",
        "iframe.md": front_matter() + BODY + '\n<iframe src="https://www.youtube.com/embed/abc"></iframe>\n',
        "form.md": front_matter() + BODY + '\n<form action="https://collector.example/q"><input name="q"></form>\n',
        "snippet.md": front_matter() + BODY + '\n--8<-- "promo.md"\n',
    }
    config = fixture_site(tmp_path, pages)
    with_own_includes(tmp_path, {"promo.md": "Our offer.\n<script>alert('snippet')</script>\n"},
                      glossary_extra="*[Tooltip]: <img src=x onerror=alert(1)>\n")
    result = build(config, tmp_path / "out", today=TODAY)
    assert_names_every_case(result, {
        "reviewed_by with <script>": ["docs/reviewer.md:8", "reviewed_by: only letters"],
        "raw script": ["docs/script.md:15", "raw <script>"],
        "meta refresh": ["docs/refresh.md:15", "http-equiv"],
        "inline style": ["docs/style.md:15", "inline <style>"],
        "javascript: link": ["docs/jslink.md:15", "javascript: URL"],
        "on* attribute": ["docs/handler.md:15", "docs/handler2.md:15", "event-handler attribute"],
        "iframe embed": ["docs/iframe.md:15", "<iframe>"],
        "form posting off-site": ["docs/form.md:15", "a form that sends to another site"],
        "snippet in includes/": ["includes/promo.md:2", "raw <script> in a snippet file"],
        "glossary definition": [f"includes/glossary.md:{glossary_lines + 1}",
                                "glossary definition for 'Tooltip' holds an angle bracket"],
    })
    assert "How to fix" in result.stderr


# What Jinja in a page body assembles is invisible to the source-line check:
# the post-build check of the published HTML refuses it and names the page.
ASSEMBLED = {
    "script.md": ('{{ "<scr" ~ "ipt>alert(\'from-jinja\')</scr" ~ "ipt>" }}', "docs/script.md:15",
                  "unknown inline script"),
    "style.md": ('{{ "<sty" ~ "le>.site-disclaimer{display:none}</sty" ~ "le>" }}', "docs/style.md:15",
                 "inline <style>"),
    "refresh.md": ('{{ "<meta http-" ~ "equiv=refresh content=\'0;url=https://elsewhere.example/\'>" }}',
                   "docs/refresh.md:15", 'http-equiv="refresh"'),
    "iframe.md": ('{{ "<ifr" ~ "ame src=\'https://www.youtube.com/embed/abc\'></ifr" ~ "ame>" }}',
                  "docs/iframe.md:15", "<iframe> embeds"),
    "handler.md": ('{{ "<img src=pic.png alt=\'\' o" ~ "nerror=alert(2)>" }}', "docs/handler.md:15",
                   "onerror=…> runs code"),
    "jslink.md": ('[Read more]({{ "java" ~ "script:alert(3)" }})', "docs/jslink.md", "javascript: URL"),
    "form.md": ('{{ "<form act" ~ "ion=\'https://collector.example/q\'><input name=q></form>" }}',
                "docs/form.md:15", "sends what readers type to another site"),
    "base.md": ('{{ "<ba" ~ "se href=\'https://elsewhere.example/\'>" }}', "docs/base.md:15", "<base> changes"),
    "object.md": ('{{ "<obj" ~ "ect data=\'https://elsewhere.example/x.swf\'></object>" }}',
                  "docs/object.md:15", "<object> embeds"),
}


def test_markup_that_jinja_assembles_is_refused_after_the_build_naming_the_page(tmp_path):
    pages = {"index.md": HOME}
    pages.update({name: front_matter() + BODY + "\n" + jinja + "\n" for name, (jinja, _, _) in ASSEMBLED.items()})
    result = build(fixture_site(tmp_path, pages), tmp_path / "out", today=TODAY)
    assert_names_every_case(result, {name: [where, what, f"built page {name[:-3]}/index.html"]
                                     for name, (_, where, what) in ASSEMBLED.items()})
    assert "Nothing was written" in result.stderr
    assert "How to fix" in result.stderr
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" not in home, "a failed check must not publish half-processed pages"


def test_the_post_build_step_fails_again_when_run_a_second_time(tmp_path):
    """Idempotent in failing too: a page already processed is checked again."""
    site = tmp_path / "site"
    site.mkdir()
    page = ('<!doctype html><html><head><meta charset="utf-8"><title>x</title></head>'
            "<body><p>Hi</p></body></html>")
    (site / "index.html").write_text(page, encoding="utf-8")
    assert postbuild.main([str(site)]) == 0
    text = (site / "index.html").read_text(encoding="utf-8")
    (site / "index.html").write_text(text.replace("<p>Hi</p>", '<p onclick="x()">Hi</p>'), encoding="utf-8")
    assert postbuild.main([str(site)]) == 1
    assert htmlpolicy.check_site(site)


def test_a_policy_meta_placed_by_a_page_does_not_pass_for_the_sites_own(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>x</title></head><body>'
        '<meta http-equiv="Content-Security-Policy" content="script-src \'unsafe-inline\'"></body></html>',
        encoding="utf-8")
    assert postbuild.main([str(site)]) == 1
    problems = htmlpolicy.check_site(site)
    assert any("content-security-policy" in p.message for p in problems), problems


# --- The real site --------------------------------------------------------------------

def test_the_built_site_passes_the_html_policy(site):
    problems = htmlpolicy.check_site(site, ROOT)
    assert not problems, "\n".join(map(str, problems))


def test_the_policy_hashes_only_the_allowlisted_scripts(pages):
    """Every inline script that runs is on the allowlist, by name."""
    names = set()
    for path, soup in pages.items():
        for script in soup.find_all("script"):
            if script.get("src") or (script.get("type") or "").endswith("json"):
                continue
            key = htmlpolicy.fingerprint(script.string or "")
            assert key in htmlpolicy.ALLOWED_SCRIPTS, f"{path}: unknown inline script {key}"
            names.add(htmlpolicy.ALLOWED_SCRIPTS[key])
    assert len(names) >= 2, names


def test_every_front_matter_value_a_template_prints_is_escaped():
    """MkDocs does not autoescape: `{{ page.meta.x }}` must say `| e` (jsonld is
    JSON made safe for <script> by sitekit.jsonld; tool is an enum in a URL)."""
    raw = []
    for template in sorted((ROOT / "overrides").rglob("*.html")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
            for expr in re.findall(r"\{\{(.*?)\}\}", line):
                if "page.meta." in expr and not re.search(r"\|\s*(e|escape|url)\b", expr) \
                        and "page.meta.jsonld" not in expr:
                    raw.append(f"{template.relative_to(ROOT)}:{number}: {{{{{expr}}}}}")
    assert not raw, "front-matter values printed without | e:\n" + "\n".join(raw)


def test_the_review_box_escapes_reviewed_by():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides")))
    env.filters["url"] = lambda value: value
    page = SimpleNamespace(meta={"last_reviewed": "2026-01-01", "next_review": "2027-01-01",
                                 "reviewed_by": "<script>alert(1)</script>"},
                           canonical_url="https://example.org/<x>")
    html = env.get_template("partials/review.html").render(page=page)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html, html


# --- The checks themselves ------------------------------------------------------------

SAFE_PAGE = ('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="x">'
             '<script src="assets/x.js"></script><script type="application/ld+json">{"a":1}</script></head>'
             '<body><a href="page/" title="p < 0.05">x</a><form class="md-search__form" name="search" method="dialog">'
             '<input name="query"></form><form method="dialog"></form>'
             '<table><tr><th style="text-align: right;">n</th><td style="text-align: center">1</td></tr></table>'
             '</body></html>')


@pytest.mark.parametrize("html, expected", [
    ("<script>alert(1)</script>", "unknown inline script"),
    ("<script type=module>alert(1)</script>", "unknown inline script"),
    ("<script>alert(1)", "unknown inline script"),
    ('<script src="https://cdn.example/x.js"></script>', "loads code from another site"),
    ("<style>p{}</style>", "inline <style>"),
    ('<p style="display:none">', "inline style"),
    ('<td style="text-align: right; display: none">', "inline style"),
    ('<img src=x onerror="alert(1)">', "onerror=…> runs code"),
    ('<a href=" java\tscript:alert(1)">x</a>', "javascript: URL"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "javascript: URL"),
    ('<meta http-equiv="refresh" content="0;url=https://x.example/">', 'http-equiv="refresh"'),
    ('<meta http-equiv="set-cookie" content="a=b">', 'http-equiv="set-cookie"'),
    ('<iframe src="https://www.youtube.com/embed/x"></iframe>', "<iframe> embeds"),
    ('<object data="x.swf"></object>', "<object> embeds"),
    ('<embed src="x.swf">', "<embed> embeds"),
    ('<base href="https://x.example/">', "<base> changes"),
    ('<form method="dialog" action="https://x.example/collect"></form>', "to another site"),
    ('<form method="dialog" action="//x.example/collect"></form>', "to another site"),
    ('<button formaction="https://x.example/">Go</button>', "to another site"),
    ('<form id="tool"><input name="answer"></form>', 'answers in the address'),
    ('<form method="dialog"><button formmethod="get">Go</button></form>', "would send a form's answers"),
    ('<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="x">',
     'http-equiv="content-security-policy"'),
    ('<abbr title="<img src=x onerror=alert(1)>">T</abbr>', "holds markup"),
])
def test_the_html_check_refuses(html, expected):
    page = SAFE_PAGE.replace("</body>", html + "</body>")
    problems = htmlpolicy.check_html(page, "x/index.html")
    assert any(expected in p.message for p in problems), (expected, [str(p) for p in problems])
    assert all(p.file == "x/index.html" and p.fix for p in problems)
    assert not htmlpolicy.check_html(SAFE_PAGE, "x/index.html")


def test_an_unknown_script_says_how_to_allow_a_reviewed_theme_script():
    problem = htmlpolicy.check_html("<script>var x=1</script>", "x/index.html")[0]
    assert "if this came from a theme upgrade, review it and add" in str(problem).replace("If", "if")
    assert "sitekit/htmlpolicy.py" in problem.fix
    assert htmlpolicy.fingerprint("var x=1") in problem.message


def test_the_policy_hashes_no_unknown_script():
    html = ('<meta charset="utf-8"><script>alert(1)</script>'
            '<script>__md_scope=new URL("../..",location)</script>')
    assert "sha256-" not in postbuild.policy(html)


def test_materials_base_url_does_not_change_the_fingerprint():
    one = '__md_scope=new URL("../..",location),__md_hash=1'
    assert htmlpolicy.fingerprint(one) == htmlpolicy.fingerprint(one.replace("../..", "."))
    assert htmlpolicy.fingerprint(one) != htmlpolicy.fingerprint(one.replace("../..", "https://x.example/"))


def test_the_source_of_a_problem_is_traced_to_the_front_matter_page_or_snippet(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "docs" / "a").mkdir(parents=True)
    (tmp_path / "docs" / "a" / "b.md").write_text("---\ntitle: T\nreviewed_by: Evil <b>x</b>\n---\n\nText\n",
                                                  encoding="utf-8")
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "s.md").write_text("one\ntwo <i onmouseover=steal()>\n", encoding="utf-8")
    sources = htmlpolicy.Sources(tmp_path)
    assert sources.trace("a/b/index.html", ["Evil <b>x</b>"]) == ("docs/a/b.md", 3, "front-matter field reviewed_by")
    assert sources.trace("a/b/index.html", ["steal()"]) == ("includes/s.md", 2, "a snippet file in includes/")
    assert sources.trace("a/b/index.html", ["nowhere"])[0:2] == ("docs/a/b.md", None)
    assert htmlpolicy.built_path("index.md") == "index.html"
    assert htmlpolicy.built_path("a/index.md") == "a/index.html"


@pytest.mark.parametrize("definition, expected", [
    ("<img src=x onerror=alert(1)>", "angle bracket"),
    ("Tea &amp; biscuits", "character reference"),
    ("See https://example.org/", "a link"),
    ("javascript:alert(1)", "a link"),
])
def test_a_glossary_definition_must_be_plain_text(tmp_path, definition, expected):
    path = tmp_path / "glossary.md"
    path.write_text(f"<!-- comment -->\n*[OK]: A plain definition: fine.\n*[Bad]: {definition}\n", encoding="utf-8")
    problems = glossary.check(path, "includes/glossary.md")
    assert len(problems) == 1 and problems[0].line == 3 and expected in problems[0].message, problems


def test_the_real_glossary_is_plain_text():
    assert glossary.check() == []
