"""An editor's mistake fails the build with the file, the line, the field and
the fix; nothing broken is published. One small fixture site per mistake.

Every build runs the pre-build site check (sitekit.sitecheck, from the macros
module) and stops with its message; the cases below run that same check in
the test process, which takes milliseconds instead of a build each. Real
builds show the check is wired in: test_a_valid_page_builds, the unused-entry
test, and tests/test_make_check.py::test_the_strict_build_fails_on_the_same_mistakes_with_the_line."""

import datetime as dt
import subprocess

import pytest

from sitebuild import build, fixture_site, front_matter
from sitekit import sitecheck
from sitekit.problems import ContentError

TODAY = "2026-11-25"
HOME = front_matter(title="Home") + "\n# Home\n"
BODY = "\n# A test page\n\nSome text.\n"


def build_with(tmp_path, page_text, bibliography=None, name="page.md"):
    config = fixture_site(tmp_path, {"index.md": HOME, name: page_text}, bibliography=bibliography)
    return build(config, tmp_path / "out", today=TODAY)


def check_site(config):
    """What the build reports before it renders anything: the pre-build check
    of the fixture site, as a finished process with the build's message."""
    bib = config.parent / ("bib.yml" if (config.parent / "bib.yml").exists() else "data/bibliography.yml")
    _, _, problems, _ = sitecheck.run(config.parent / "docs", bib, None, config, on=dt.date.fromisoformat(TODAY))
    return subprocess.CompletedProcess([], 1 if problems else 0, "", str(ContentError(problems)) if problems else "")


def check_with(tmp_path, page_text, bibliography=None, name="page.md"):
    return check_site(fixture_site(tmp_path, {"index.md": HOME, name: page_text}, bibliography=bibliography))


def assert_fails(result, *expected):
    assert result.returncode != 0, "the build passed, but it should have failed"
    for text in expected:
        assert text in result.stderr, f"the error does not mention {text!r}:\n{result.stderr}"


def test_a_valid_page_builds(tmp_path):
    result = build_with(tmp_path, front_matter() + BODY)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("case, text, expected", [
    ("missing front matter", BODY,
     ["docs/page.md:1", "no front matter", "How to fix"]),
    ("YAML syntax error", "---\ntitle: A page\ndescription: broken: here\n---\n" + BODY,
     ["docs/page.md:3", "not valid YAML", "How to fix"]),
    ("unknown field", front_matter(colour="blue") + BODY,
     ["docs/page.md:9", "colour: unknown field", "allowed fields"]),
    ("wrong type", front_matter(audience="[patients]") + BODY,
     ["docs/page.md:4", "audience", "use one of: patients, clinicians, everyone"]),
    ("sources not a list", front_matter(type="condition", sources="wolfe2016") + BODY,
     ["docs/page.md", "sources: expected array"]),
    ("missing required field", front_matter(reviewed_by=None) + BODY,
     ["docs/page.md:2", "reviewed_by: required field is missing", "Never invent a person"]),
    ("impossible date", front_matter(last_reviewed="2026-02-30") + BODY,
     ["docs/page.md:6", "last_reviewed: '2026-02-30' is not a real date", "YYYY-MM-DD"]),
    ("review more than 3 years on", front_matter(next_review="2030-01-01") + BODY,
     ["docs/page.md:7", "more than 3 years after last_reviewed"]),
    ("next review before last review", front_matter(next_review="2026-11-24", last_reviewed="2026-11-25") + BODY,
     ["docs/page.md:7", "is not after last_reviewed"]),
    ("overdue review", front_matter(last_reviewed="2024-01-10", next_review="2026-11-24") + BODY,
     ["docs/page.md:7", "overdue", "update last_reviewed"]),
    ("reviewed in the future", front_matter(last_reviewed="2026-12-01", next_review="2027-06-01") + BODY,
     ["docs/page.md:6", "in the future"]),
    ("description too long", front_matter(description="x" * 161) + BODY,
     ["docs/page.md:3", "description: 161 characters, the limit is 160", "shorten"]),
    ("medical page without sources", front_matter(type="condition") + BODY,
     ["docs/page.md:2", "sources: required field is missing"]),
    ("unknown citation key", front_matter(type="about") + BODY + "A claim [@nosuchkey2020].\n",
     ["docs/page.md:14", "unknown citation key '@nosuchkey2020'", "data/bibliography.yml"]),
    ("cited but not listed", front_matter(type="condition", sources="[wolfe2016]") + BODY
     + "A claim [@wolfe2016; @heidari2017].\n",
     ["docs/page.md", "'@heidari2017' is cited but not in sources"]),
    ("listed but never cited", front_matter(type="condition", sources="[wolfe2016, heidari2017]") + BODY
     + "A claim [@wolfe2016].\n",
     ["docs/page.md:9", "'heidari2017' is listed but never cited"]),
    ("unknown evidence label", front_matter() + BODY + '\nEULAR says {{ recommendation("EULAR", "strongly for") }}.\n',
     ["docs/page.md:15", 'EULAR does not use "strongly for"', "strong for, weak for"]),
    ("unknown certainty", front_matter() + BODY + '\n{{ certainty("medium") }}\n',
     ["docs/page.md:15", 'unknown certainty "medium"']),
    ("raw script", front_matter() + BODY + "\n<script>alert(1)</script>\n",
     ["docs/page.md:15", "raw <script>"]),
    ("image without alt text", front_matter() + BODY + "\n![](picture.png)\n",
     ["docs/page.md:15", "image without alt text"]),
])
def test_bad_input_fails_the_build_naming_file_line_and_fix(tmp_path, case, text, expected):
    assert_fails(check_with(tmp_path, text), *expected)


def test_all_problems_of_a_build_are_reported_together(tmp_path):
    config = fixture_site(tmp_path, {
        "index.md": HOME,
        "one.md": front_matter(colour="blue") + BODY,
        "two.md": front_matter(description="short") + BODY + "[@nosuchkey]\n",
    })
    assert_fails(check_site(config), "3 problems", "docs/one.md:9", "docs/two.md:3", "docs/two.md:14")


BIB_OK = """\
good2020:
  authors: Smith A, et al.
  year: 2020
  title: "A good paper"
  journal: J Good
  doi: 10.1000/good.1
  pmid: "12345678"
  type: review
"""


@pytest.mark.parametrize("case, entry, expected", [
    ("malformed DOI", 'doi: https://doi.org/10.1000/x', ["bib.yml:9", "malformed DOI", "bare DOI"]),
    ("malformed PMID", 'pmid: "PMID123"', ["bib.yml:9", "malformed PMID"]),
    ("no DOI, PMID or URL", "", ["bib.yml:9", "has no DOI, PMID or URL"]),
    ("unknown type", 'doi: 10.1000/x\n  type: blog', ["bib.yml:9", "unknown type 'blog'"]),
])
def test_a_bad_bibliography_entry_fails_the_build(tmp_path, case, entry, expected):
    bad = f"bad2021:\n  authors: Doe J\n  year: 2021\n  title: \"A bad entry\"\n"
    bad += f"  {entry}\n" if entry else ""
    if "type:" not in entry:
        bad += "  type: review\n"
    result = check_with(tmp_path, front_matter() + BODY, bibliography=BIB_OK + bad)
    assert_fails(result, *expected)


def test_an_unused_bibliography_entry_is_listed_without_failing(tmp_path):
    result = build_with(tmp_path, front_matter() + BODY, bibliography=BIB_OK)
    assert result.returncode == 0, result.stderr
    assert "not cited on any page: good2020" in result.stderr


def test_a_straight_quote_in_the_description_fails_the_build(tmp_path):
    text = front_matter(description="'A page that says \"quoted\" words, which would break the HTML attribute it goes in.'")
    assert_fails(check_with(tmp_path, text + BODY), "docs/page.md:3", "straight double quote", "typographic quotes")
