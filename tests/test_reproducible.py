"""Two builds of the same commit are byte-identical."""

import hashlib

from sitebuild import ROOT, build


def _digests(site):
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_commit_are_byte_identical(site, tmp_path):
    """The second build pretends to run on another day (MkDocs reads the
    build date from SOURCE_DATE_EPOCH), as a rebuild in CI would."""
    again = tmp_path / "again"
    result = build(ROOT / "mkdocs.yml", again, extra_env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    first, second = _digests(site), _digests(again)
    assert "feed.xml" in first, "the Atom feed (feed.xml) is not in the build"
    assert sorted(first) == sorted(second), f"different file lists: {set(first) ^ set(second)}"
    different = [path for path in first if first[path] != second[path]]
    assert not different, f"files that differ between two builds: {different}"
