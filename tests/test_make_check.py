"""`make check` (tools/check.py) catches an editor's mistakes in seconds,
each with its file, line and a fix; the page template passes it as it is; and
the preview path installs no npm tools."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import markdown
import pytest

from sitebuild import ROOT, build, fixture_site, front_matter

sys.path.insert(0, str(ROOT / "tools"))
import check  # noqa: E402

TODAY = "2026-11-25"
HOME = front_matter(title="Home") + "\n# Home\n\nSee [the symptoms](symptoms.md).\n"
SYMPTOMS = front_matter(title="Symptoms") + "\n# Symptoms\n\n## What does it feel like?\n\nText.\n"
BODY = "\n# A test page\n\nSome text.\n"
CONTENT = """
# A test page

*About 2 minutes to read.*

!!! abstract "Key points"

    - One.
    - Two.
    - Three.

## What is it?

Text [@wolfe2016]. More [@macfarlane2017]. And more [@nice2021].
"""
SOURCES = "[wolfe2016, macfarlane2017, nice2021]"


def run_check(tmp_path, monkeypatch, capsys, pages: dict, nav=None, build_too=False):
    monkeypatch.setenv("SITEKIT_TODAY", TODAY)
    config = fixture_site(tmp_path, {"index.md": HOME, "symptoms.md": SYMPTOMS, **pages}, nav=nav)
    args = ["--config", str(config), "--site-dir", str(tmp_path / "out")] + ([] if build_too else ["--no-build"])
    status = check.main(args)
    return status, capsys.readouterr().out


def assert_reports(output: str, *expected: str):
    for text in expected:
        assert text in output, f"make check does not say {text!r}:\n{output}"
    assert "How to fix" in output, output


@pytest.mark.parametrize("case, text, expected", [
    ("misspelt citation key", front_matter(type="condition", sources=SOURCES)
     + CONTENT.replace("[@nice2021]", "[@nice2012]"),
     ["docs/page.md:24: unknown citation key '@nice2012': did you mean '@nice2021'?", "write [@nice2021]"]),
    ("missing link target", front_matter() + BODY + "\nSee [symptoms](symtoms.md).\n",
     ["docs/page.md:15: link target 'symtoms.md' does not exist", "did you mean symptoms.md?"]),
    ("missing anchor", front_matter() + BODY + "\nSee [this](symptoms.md#what-it-feels-like).\n",
     ["docs/page.md:15: anchor '#what-it-feels-like' is not on docs/symptoms.md",
      "did you mean #what-does-it-feel-like?"]),
    ("missing anchor on the same page", front_matter() + BODY + "\n## Why?\n\nSee [below](#how).\n",
     ["docs/page.md:17: anchor '#how' is not on this page"]),
    ("skipped heading level", front_matter() + BODY + "\n## A question?\n\n#### Too deep\n",
     ["docs/page.md:17: heading level skipped: #### after ##", "use ### here"]),
    ("inline handler", front_matter() + BODY + '\n<button onclick="go()">Go</button>\n',
     ["docs/page.md:15: inline event handler 'onclick='", "Content-Security-Policy"]),
    ("no reading time", front_matter(type="condition", sources=SOURCES) + CONTENT.replace("*About 2 minutes to read.*", ""),
     ["docs/page.md:16: no reading-time line before the Key points box", "minutes to read"]),
    ("too few key points", front_matter(type="condition", sources=SOURCES) + CONTENT.replace("    - Three.\n", ""),
     ["docs/page.md:16: the Key points box has 2 bullets, it needs 3 to 5"]),
    ("too few sources", front_matter(type="condition", sources="[wolfe2016, macfarlane2017]")
     + CONTENT.replace(" And more [@nice2021].", ""),
     ["docs/page.md:9: sources: 2 sources, a condition page needs at least 3"]),
    ("evidence label without a citation", front_matter(type="tool") + BODY + '\nIt helps. {{ certainty("low") }}\n',
     ["docs/page.md:15: an evidence label on a page that cites no source", "[@key]"]),
])
def test_make_check_names_file_line_and_fix(tmp_path, monkeypatch, capsys, case, text, expected):
    status, output = run_check(tmp_path, monkeypatch, capsys, {"page.md": text})
    assert status == 1, f"make check passed, but it should report: {case}\n{output}"
    assert_reports(output, *expected)


def test_a_misspelt_key_causes_no_knock_on_error(tmp_path, monkeypatch, capsys):
    text = front_matter(type="condition", sources=SOURCES) + CONTENT.replace("[@nice2021]", "[@nice2012]")
    _, output = run_check(tmp_path, monkeypatch, capsys, {"page.md": text})
    assert "listed but never cited" not in output, output
    assert output.count("docs/page.md") == 1, output


def test_a_page_missing_from_the_nav_names_the_page_and_where_to_add_it(tmp_path, monkeypatch, capsys):
    status, output = run_check(tmp_path, monkeypatch, capsys, {"orphan.md": front_matter(title="Orphan") + BODY},
                               nav=["index.md", "symptoms.md"])
    assert status == 1
    assert_reports(output, "docs/orphan.md:1: the page is not in the navigation", "add '- orphan.md' to nav:")


def test_a_nav_entry_for_a_missing_file_names_the_config_line(tmp_path, monkeypatch, capsys):
    status, output = run_check(tmp_path, monkeypatch, capsys, {}, nav=["index.md", "symptoms.md", "sympton.md"])
    assert status == 1
    assert re.search(r"mkdocs\.yml:\d+: nav: 'sympton\.md' does not exist in docs/", output), output
    assert "did you mean symptoms.md?" in output


def test_a_misspelt_word_is_reported_with_a_suggestion(tmp_path, monkeypatch, capsys):
    status, output = run_check(tmp_path, monkeypatch, capsys,
                               {"page.md": front_matter() + BODY + "\nThe pain is teh worst at night.\n"})
    assert status == 1
    assert_reports(output, "docs/page.md:15: spelling: teh", "did you mean the?")


def test_the_strict_build_fails_on_the_same_mistakes_with_the_line(tmp_path):
    """The pre-build check runs inside every build (and `make serve`), not only in make check."""
    config = fixture_site(tmp_path, {"index.md": HOME, "symptoms.md": SYMPTOMS,
                                     "page.md": front_matter() + BODY + "\nSee [symptoms](symtoms.md).\n"})
    result = build(config, tmp_path / "out", today=TODAY)
    assert result.returncode != 0
    assert "docs/page.md:15: link target 'symtoms.md' does not exist" in result.stderr, result.stderr
    assert "did you mean symptoms.md?" in result.stderr


def test_the_page_template_passes_make_check_and_the_page_tests(tmp_path, monkeypatch, capsys):
    """templates/page.md, copied as it is into a new page, passes `make check`
    (build and reading level included) and what the page tests assert on the
    built page: key points first, a reading time, three sources, plain text."""
    from readability import LIMIT, long_paragraphs, measure
    from bs4 import BeautifulSoup

    template = (ROOT / "templates" / "page.md").read_text(encoding="utf-8")
    status, output = run_check(tmp_path, monkeypatch, capsys, {"fibromyalgia/new-page.md": template},
                               nav=["index.md", "symptoms.md", {"Fibromyalgia": ["fibromyalgia/new-page.md"]}],
                               build_too=True)
    assert status == 0, f"the page template fails make check:\n{output}"
    html = (tmp_path / "out" / "fibromyalgia" / "new-page" / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "lxml").select_one("article")
    first = article.select_one(".admonition")
    assert first is not None and "Key points" in first.get_text()
    assert 3 <= len(first.select("li")) <= 5
    assert re.search(r"\d+ minutes? to read", article.get_text(" ").split("Key points")[0])
    assert len(article.select("ol.sources > li")) >= 3
    assert measure(html)["grade"] <= LIMIT and not long_paragraphs(html)


def test_one_page_can_be_checked_alone(tmp_path, monkeypatch, capsys):
    """make check PAGE=docs/x.md reports that page's problems only."""
    monkeypatch.setenv("SITEKIT_TODAY", TODAY)
    config = fixture_site(tmp_path, {"index.md": HOME, "symptoms.md": SYMPTOMS,
                                     "one.md": front_matter() + BODY + "\n[x](nowhere.md)\n",
                                     "two.md": front_matter() + BODY + "\n[x](elsewhere.md)\n"})
    status = check.main(["--config", str(config), "--no-build", "docs/one.md"])
    output = capsys.readouterr().out
    assert status == 1 and "docs/one.md:15" in output and "docs/two.md" not in output, output


@pytest.mark.parametrize("heading, attrs", [
    ("What is IL-6?", ""), ("Pain & tiredness: what helps?", ""), ("`CRP` and *ESR*", ""),
    ("Café au lait", ""), ("A [linked](x.md) heading", ""), ("Custom", "{: #my-id }"), ("What is IL-6?", ""),
])
def test_anchor_ids_match_python_markdown(heading, attrs):
    """sitekit.links computes heading ids exactly as the toc extension does."""
    from sitekit.links import anchors

    text = f"# Title\n\n## What is IL-6?\n\n## {heading} {attrs}\n"
    html = markdown.markdown(text, extensions=["toc", "attr_list"])
    built = set(re.findall(r'id="([^"]+)"', html))
    assert built <= anchors(text), f"Python-Markdown made {sorted(built)}, sitekit.links {sorted(anchors(text))}"


def test_the_preview_and_check_install_no_npm_tools():
    """`make serve` and `make check` need only the Python tools: no npm step."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    for target in ("serve", "check", "build"):
        result = subprocess.run([make, "-n", "-B", target], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "npm" not in result.stdout, f"make {target} runs npm:\n{result.stdout}"
    test = subprocess.run([make, "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True)
    assert "npm ci" in test.stdout, "make test no longer installs the npm tools the browser tests need"


def test_pre_commit_runs_the_fast_check_and_codespell_locally():
    """Local hooks with the project's .venv: nothing to download when a commit runs them."""
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert all(repo["repo"] == "local" for repo in config["repos"]), "a hook repository would be downloaded"
    assert hooks["site-check"]["entry"].startswith(".venv/bin/python tools/check.py")
    assert hooks["codespell"]["entry"] == ".venv/bin/codespell" and hooks["codespell"].get("pass_filenames", True)
    assert all(hook["language"] == "system" for hook in hooks.values())
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_dev_container_has_python_node_20_chromium_and_java():
    import json

    config = json.loads((ROOT / ".devcontainer" / "devcontainer.json").read_text(encoding="utf-8"))
    dockerfile = (ROOT / ".devcontainer" / config["build"]["dockerfile"]).read_text(encoding="utf-8")
    assert re.search(r"^FROM \S*python", dockerfile, re.M), "the image has no Python"
    assert "chromium" in dockerfile and "default-jre-headless" in dockerfile
    assert any("node" in name for name in config["features"])
    assert config["features"][next(n for n in config["features"] if "node" in n)]["version"] == "20"
    assert config["postCreateCommand"] == "make install"


def test_no_absolute_machine_path_in_the_repository():
    """Editors' pointers to the evidence base are relative: ../shared/evidence/sources.md."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True).stdout.split()
    pattern = re.compile(r"(?<![\w.])(/work|/home|/root|/tmp)/[A-Za-z]")
    found = []
    for name in files:
        path = ROOT / name
        if name.endswith((".lock", ".svg", ".png", ".ico")) or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found += [f"{name}:{n}: {line.strip()[:80]}" for n, line in enumerate(text.split("\n"), 1)
                  if pattern.search(line)]
    assert not found, "absolute machine paths (write ../shared/evidence/sources.md):\n" + "\n".join(found)


def test_a_preview_re_renders_every_page_after_a_shared_input_changes(tmp_path):
    """make serve --dirty renders only saved pages; after a change to the
    bibliography (or glossary, overrides, schema, sitekit, mkdocs.yml) the
    built pages are removed so every page shows the change. The dirty-build
    warning, which --strict would turn into a failure, is dropped."""
    import logging

    from sitekit import preview

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bib.yml").write_text("a: 1\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    site = tmp_path / "site"
    (site / "page").mkdir(parents=True)
    (site / "page" / "index.html").write_text("<p>old</p>", encoding="utf-8")
    assert preview.keep_fresh(tmp_path, config, site) is False
    assert preview.keep_fresh(tmp_path, config, site) is False, "nothing changed, yet the pages were removed"
    assert (site / "page" / "index.html").exists()
    (tmp_path / "data" / "bib.yml").write_text("a: 2, b: 3\n", encoding="utf-8")
    assert preview.keep_fresh(tmp_path, config, site) is True
    assert not (site / "page" / "index.html").exists(), "a stale page would survive a bibliography change"
    record = logging.LogRecord("mkdocs.commands.build", logging.WARNING, "", 0,
                               "A 'dirty' build is being performed, this will likely lead to ...", None, None)
    assert not logging.getLogger("mkdocs.commands.build").filter(record)


def test_make_check_reports_hard_reading_with_the_line(tmp_path, monkeypatch, capsys):
    """Reading level, long sentences and long paragraphs are measured on the
    built page (as tests/test_readability.py does) and traced to the source line."""
    long = ("Because the relationship between interleukin-6 concentrations and widespread musculoskeletal "
            "nociceptive hypersensitivity remains methodologically heterogeneous, investigators consistently "
            "emphasise substantial uncertainty regarding interpretation.")
    text = (front_matter(type="condition", sources=SOURCES) + CONTENT
            + f"\nOne short one. {long} Two short ones here. Three short ones here. {long}\n")
    status, output = run_check(tmp_path, monkeypatch, capsys, {"page.md": text}, build_too=True)
    assert status == 1, output
    assert_reports(output, "docs/page.md:12: reading level: Flesch–Kincaid grade",
                   "docs/page.md:26: long sentence", "docs/page.md:26: paragraph of more than 3 sentences")


def test_mkdocs_run_directly_shows_no_end_of_life_banner(tmp_path):
    """Material prints a 9-line banner when its theme loads, unless
    NO_MKDOCS_2_WARNING is set; the install sets it inside .venv (a .pth
    line), so even `.venv/bin/mkdocs` run by hand is quiet, not only make."""
    import os

    mkdocs = ROOT / ".venv" / "bin" / "mkdocs"
    if not mkdocs.exists():
        pytest.skip("no .venv: run make install-python")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme: material\nplugins: []\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    result = subprocess.run([str(mkdocs), "build", "-q", "-d", str(tmp_path / "out")], cwd=tmp_path,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "end of life" not in result.stdout + result.stderr, result.stderr
