"""Building the site (or a small fixture site) the way `make build` does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SHARED = ("overrides", "includes", "sitekit", "schemas", "data")


def build(config: Path, site_dir: Path, today: str | None = None,
          extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """mkdocs build --strict, then the post-build step. Never raises."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    if today:
        env["SITEKIT_TODAY"] = today
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--clean", "-f", str(config), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=config.parent)
    if result.returncode == 0:
        post = subprocess.run([sys.executable, "-m", "sitekit.postbuild", str(site_dir)],
                              capture_output=True, text=True, cwd=ROOT)
        result = subprocess.CompletedProcess(result.args, post.returncode,
                                             result.stdout + post.stdout, result.stderr + post.stderr)
    return result


def fixture_site(tmp: Path, pages: dict[str, str], nav: list | None = None,
                 bibliography: str | None = None) -> Path:
    """A small site that uses the real theme, overrides and sitekit, with the
    given pages (path under docs/ -> text). Returns its mkdocs.yml path."""
    for name in SHARED:
        (tmp / name).symlink_to(ROOT / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config[: config.index("\nnav:")] + "\n"
    if nav is not None:
        config += "nav:\n" + "".join(f"  - {item}\n" for item in nav)
    if bibliography is not None:
        (tmp / "bib.yml").write_text(bibliography, encoding="utf-8")
        config = re.sub(r"bibliography: data/bibliography.yml", "bibliography: bib.yml", config)
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    for path, text in pages.items():
        target = tmp / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tmp / "mkdocs.yml"


def front_matter(**fields) -> str:
    """A valid front matter block; keyword arguments change or (None) drop fields."""
    base = {
        "title": "A test page",
        "description": "A page used by the test suite to check how the build treats editors' input.",
        "audience": "everyone",
        "type": "about",
        "last_reviewed": "2026-11-25",
        "next_review": "2027-11-25",
        "reviewed_by": "Editorial team",
    }
    base.update(fields)
    lines = [f"{k}: {v}" for k, v in base.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


def docs_pages() -> list[tuple[str, str, dict]]:
    """(source path under docs/, built HTML path, front matter) for every page."""
    from sitekit import frontmatter, lint

    out = []
    for path in lint.markdown_files(ROOT / "docs"):
        rel = path.relative_to(ROOT / "docs").as_posix()
        meta, _ = frontmatter.parse(path.read_text(encoding="utf-8"), rel)
        stem = rel[: -len(".md")]
        built = "index.html" if stem == "index" else (
            stem[: -len("index")] + "index.html" if stem.endswith("/index") else stem + "/index.html")
        out.append((rel, built, meta or {}))
    return out
