"""Links: no broken internal link or anchor in the built site, and a broken
link or anchor in a page fails the strict build.

The built site is checked in Python (every href and src of every page, and
every url() in the CSS, resolved as a browser would, anchors against the ids
of the target page): the same defects linkchecker finds on the served site,
in seconds rather than a minute. linkchecker still checks the external links
every week (.github/workflows/scheduled.yml)."""

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

from sitebuild import build, fixture_site, front_matter

BASE = "http://site.invalid/"
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def broken_links(site: Path) -> list[str]:
    """'page: link: what is wrong' for every internal link that goes nowhere."""
    docs = {p.relative_to(site).as_posix(): lxml.html.fromstring(p.read_bytes()) for p in sorted(site.rglob("*.html"))}
    ids = {rel: set(doc.xpath("//@id")) | set(doc.xpath("//a/@name")) for rel, doc in docs.items()}
    links = [(rel, f"<{el.tag} {attr}>", link) for rel, doc in docs.items() for el, attr, link, _ in doc.iterlinks()]
    for css in sorted(site.rglob("*.css")):
        rel = css.relative_to(site).as_posix()
        links += [(rel, "url()", link) for link in CSS_URL.findall(css.read_text(encoding="utf-8"))]
    broken = []
    for rel, where, link in links:
        full = urljoin(BASE + rel, link.strip())
        if not full.startswith(BASE):
            continue  # another host (checked weekly) or data:, mailto:
        parts = urlsplit(full)
        target = unquote(parts.path)[len(urlsplit(BASE).path):]
        if target == "" or target.endswith("/") or (site / target).is_dir():
            target = target.rstrip("/") + "/index.html" if target.rstrip("/") else "index.html"
        if not (site / target).is_file():
            broken.append(f"{rel}: {where} {link!r}: {target} does not exist")
        elif parts.fragment and target.endswith(".html") and unquote(parts.fragment) not in ids[target]:
            broken.append(f"{rel}: {where} {link!r}: no element with id {unquote(parts.fragment)!r} in {target}")
    return broken


def test_no_broken_internal_links_or_anchors_in_the_built_site(site):
    broken = broken_links(site)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken)


def test_the_link_check_finds_a_missing_page_a_missing_anchor_and_a_missing_file(tmp_path):
    """The check itself can fail: three broken links in a copy of a built page."""
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<p id="here">x</p>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text(
        '<a href="../">ok</a><a href="../#here">ok</a><a href="../gone/">1</a><a href="../#nowhere">2</a>'
        '<img src="../missing.svg" alt=""><a href="https://example.org/x">other host</a>', encoding="utf-8")
    broken = broken_links(tmp_path)
    assert len(broken) == 3, broken
    assert any("gone/index.html does not exist" in b for b in broken)
    assert any("'nowhere'" in b for b in broken)
    assert any("missing.svg does not exist" in b for b in broken)


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
