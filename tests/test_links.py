"""Links: linkchecker finds no broken internal link or anchor in the served
site, and a broken link or anchor in a page fails the strict build."""

import subprocess
import sys
from pathlib import Path

from sitebuild import build, fixture_site, front_matter

LINKCHECKER = Path(sys.executable).parent / "linkchecker"


def test_linkchecker_finds_no_broken_internal_links_or_anchors(server, tmp_path):
    """Citation anchors (#cite-N-K, #source-N) are left to test_citations:
    checking each of them over HTTP would take minutes."""
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\n[filtering]\ncheckextern=0\n[AnchorCheck]\n",
                      encoding="utf-8")
    result = subprocess.run(
        [str(LINKCHECKER), "--config", str(config), "--no-status", "--no-warnings",
         "--output", "text", "--threads", "4", "--ignore-url", "#(cite|source)-[0-9]", server],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"linkchecker found broken links:\n{result.stdout}\n{result.stderr}"
    assert "0 errors found" in result.stdout or "no errors" in result.stdout.lower(), result.stdout


def _two_pages(tmp_path, link: str):
    return fixture_site(tmp_path, {
        "index.md": front_matter(title="Home") + "\n# Home\n\nSee [the other page](other.md).\n",
        "other.md": front_matter(title="Other") + f"\n# Other\n\n## A section\n\nA link: [here]({link}).\n",
    })


def test_a_link_to_a_missing_page_fails_the_build(tmp_path):
    result = build(_two_pages(tmp_path, "missing.md"), tmp_path / "out")
    assert result.returncode != 0, "the build passed with a link to a missing page"
    assert "other.md" in result.stderr and "missing.md" in result.stderr, result.stderr


def test_a_link_to_a_missing_anchor_fails_the_build(tmp_path):
    result = build(_two_pages(tmp_path, "index.md#no-such-heading"), tmp_path / "out")
    assert result.returncode != 0, "the build passed with a link to a missing anchor"
    assert "other.md" in result.stderr and "no-such-heading" in result.stderr, result.stderr


def test_a_working_link_and_anchor_build(tmp_path):
    result = build(_two_pages(tmp_path, "other.md#a-section"), tmp_path / "out")
    assert result.returncode == 0, result.stderr


def test_a_page_left_out_of_the_navigation_fails_the_build(tmp_path):
    config = fixture_site(tmp_path, {
        "index.md": front_matter(title="Home") + "\n# Home\n",
        "orphan.md": front_matter(title="Orphan") + "\n# Orphan\n",
    }, nav=["index.md"])
    result = build(config, tmp_path / "out")
    assert result.returncode != 0, "the build passed with a page missing from the nav"
    assert "orphan.md" in result.stderr, result.stderr


def test_a_missing_snippet_file_fails_the_build(tmp_path):
    config = fixture_site(tmp_path, {
        "index.md": front_matter(title="Home") + '\n# Home\n\n--8<-- "no-such-file.md"\n',
    })
    result = build(config, tmp_path / "out")
    assert result.returncode != 0, "the build passed with a missing snippet file"
    assert "no-such-file.md" in result.stderr, result.stderr
