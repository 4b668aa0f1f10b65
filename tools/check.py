"""`make check`: every check that needs no browser, in seconds, each problem
as `file:line: what is wrong` and how to fix it.

1. The pre-build site check (sitekit.sitecheck): front matter, citations,
   evidence labels, page rules (reading time, key points, sources, heading
   order, inline handlers), links, anchors and the navigation.
2. Spelling (codespell, with tools/codespell-words.txt).
3. The strict build exactly as published (mkdocs build --strict, then
   python -m sitekit.postbuild: minify, Content-Security-Policy and any
   HTML policy it enforces), into .cache/check-site.
4. Reading level of the patient pages in the built HTML (tools/readability.py).

Usage: python tools/check.py [docs/some/page.md ...]   (no page: the whole site)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

import yaml  # noqa: E402

from sitekit import lint, pagerules, sitecheck  # noqa: E402
from sitekit.problems import Problem  # noqa: E402

BIN = Path(sys.executable).parent
CODESPELL = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<word>\S+) ==> (?P<fix>.+)$")
MARKUP = re.compile(r"\[@[^\]]*\]|\{\{.*?\}\}|\{:[^}]*\}|<[^>]+>|[*_`]|!?\[([^\]]*)\]\([^)]*\)")


def load_config(path: Path) -> dict:
    """mkdocs.yml with MkDocs' own tags (!ENV, !relative) read as plain values."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}  # noqa: S506


def prebuild(config_path: Path) -> list[Problem]:
    config = load_config(config_path)
    root = config_path.parent
    docs = root / config.get("docs_dir", "docs")
    settings = (config.get("extra") or {}).get("sitekit") or {}
    bib = root / settings.get("bibliography", "data/bibliography.yml")
    _, _, problems, _ = sitecheck.run(docs, bib, config.get("nav"), config_path)
    return problems


def spelling(root: Path, paths: list[str]) -> list[Problem]:
    """codespell over paths under root, with the project's settings (pyproject.toml)."""
    paths = [p for p in paths if (root / p).exists()]
    if not paths:
        return []
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["codespell"]
    result = subprocess.run([str(BIN / "codespell"), "--skip", settings["skip"],
                             "--ignore-words", str(ROOT / settings["ignore-words"]), *paths],
                            cwd=root, capture_output=True, text=True)
    problems = []
    for line in result.stdout.splitlines():
        match = CODESPELL.match(line.strip())
        if match:
            problems.append(Problem(match["file"], int(match["line"]), f"spelling: {match['word']}",
                                    f"did you mean {match['fix']}? (if the word is right, add it in lower "
                                    "case to tools/codespell-words.txt)"))
    if result.returncode not in (0, 65):
        problems.append(Problem("codespell", None, result.stderr.strip() or "codespell failed to run", ""))
    return problems


def build(config_path: Path, out: Path) -> str | None:
    """The strict build and post-build step; MkDocs' own messages if they fail."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    steps = [[str(BIN / "mkdocs"), "build", "--strict", "--clean", "-q", "-f", str(config_path), "-d", str(out)],
             [sys.executable, "-m", "sitekit.postbuild", str(out)]]
    for step in steps:
        result = subprocess.run(step, cwd=ROOT, capture_output=True, text=True, env=env)
        if result.returncode:
            return (result.stderr + result.stdout).strip()
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9’'-]+", text)


def locate(source: str, text: str, fallback: int) -> int:
    """The line of the Markdown source where a built paragraph or sentence starts."""
    want = [w.lower() for w in _words(text)[:6]]
    if not want:
        return fallback
    for number, line in enumerate(source.split("\n"), start=1):
        words = [w.lower() for w in _words(MARKUP.sub(lambda m: m.group(1) or " ", line))]
        for i in range(len(words)):
            if words[i:i + len(want)] == want or (len(words) - i < len(want) and words[i:] == want[:len(words) - i]
                                                  and len(words) - i >= 3):
                return number
    return fallback


def readability(docs: Path, site: Path, only: set[str] | None) -> list[Problem]:
    import textstat
    from readability import LIMIT, long_paragraphs, patient_text

    problems = []
    for path in lint.markdown_files(docs):
        rel = path.relative_to(docs).as_posix()
        name = f"{docs.name}/{rel}"
        if only and name not in only:
            continue
        source = path.read_text(encoding="utf-8")
        from sitekit import frontmatter
        meta, _ = frontmatter.parse(source, name)
        if not meta or not pagerules.is_patient_content(meta) or rel == "evidence/references.md":
            continue
        stem = rel[:-3]
        built = site / ("index.html" if stem == "index" else
                        (stem[:-5] if stem.endswith("/index") else stem + "/") + "index.html")
        if not built.is_file():
            continue
        html = built.read_text(encoding="utf-8")
        # Only the article is measured: parsing it alone is several times faster than the whole page.
        start, end = html.find("<article"), html.rfind("</article>")
        if start >= 0 and end > start:
            html = f"<html><body>{html[start:end + len('</article>')]}</body></html>"
        h1 = next((n for n, line in enumerate(source.split("\n"), 1) if line.startswith("# ")), 1)
        text = patient_text(html)
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", text) if s.strip()]
        grade = round(textstat.flesch_kincaid_grade(text), 1) if text else 0.0
        if grade > LIMIT:
            problems.append(Problem(name, h1, f"reading level: Flesch–Kincaid grade {grade} (at most {LIMIT})",
                                    "shorter sentences and everyday words; explain medical words or move detail "
                                    'into a "For clinicians" block'))
        long = [s for s in sentences if len(s.split()) >= 20]
        result = {"sentences": len(sentences)}
        if len(long) > 0.1 * max(result["sentences"], 1):
            for sentence in long:
                problems.append(Problem(name, locate(source, sentence, h1),
                                        f"long sentence ({len(sentence.split())} words; {len(long)} of "
                                        f"{result['sentences']} have 20+, at most 1 in 10 may): "
                                        f"{sentence[:60]}…", "split it in two"))
        for paragraph in long_paragraphs(html):
            problems.append(Problem(name, locate(source, paragraph, h1),
                                    f"paragraph of more than 3 sentences: {paragraph[:60]}…",
                                    "split it: at most 3 sentences a paragraph"))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="only report on these files (docs/...)")
    parser.add_argument("--config", default=str(ROOT / "mkdocs.yml"))
    parser.add_argument("--site-dir", default=str(ROOT / ".cache" / "check-site"))
    parser.add_argument("--no-build", action="store_true", help="skip the build and the reading level")
    args = parser.parse_args(argv)
    started = time.monotonic()
    config = Path(args.config).resolve()
    only = {Path(p).as_posix().removeprefix("./") for p in args.pages} or None
    docs = config.parent / (load_config(config).get("docs_dir") or "docs")

    problems = prebuild(config)
    problems += spelling(config.parent, sorted(only) if only else [docs.name, "includes"])
    mkdocs_said = None
    if not problems and not args.no_build:
        mkdocs_said = build(config, Path(args.site_dir))
        if mkdocs_said is None:
            problems += readability(docs, Path(args.site_dir), only)
    if only:
        problems = [p for p in problems if p.file in only or not p.file.startswith(f"{docs.name}/")]

    problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))
    for problem in problems:
        print(problem)
    if mkdocs_said:
        print(f"The build failed:\n{mkdocs_said}")
    seconds = time.monotonic() - started
    count = len(problems) + (1 if mkdocs_said else 0)
    if count:
        print(f"\nmake check: {count} problem{'s' if count != 1 else ''} ({seconds:.1f} s).")
        return 1
    what = ", ".join(sorted(only)) if only else "the whole site"
    print(f"make check: no problems in {what} ({seconds:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
