"""Spelling: codespell finds no common misspellings in the pages (docs/) or
the shared snippets (includes/). Correct medical words it does not know go
in tools/codespell-words.txt (pyproject.toml [tool.codespell] points there)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sitebuild import ROOT

CODESPELL = Path(sys.executable).parent / "codespell"
WORDS = ROOT / "tools" / "codespell-words.txt"
FINDING = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<word>\S+) ==> (?P<fix>.+)$")


def test_the_word_list_is_tidy():
    lines = WORDS.read_text(encoding="utf-8").splitlines()
    words = [w.strip() for w in lines if w.strip() and not w.startswith("#")]
    assert words == [w.lower() for w in words], "codespell matches these case-insensitively: write them in lower case"
    assert len(words) == len(set(words)), "a word is listed twice"


def test_no_misspellings_in_pages_and_snippets():
    # Run from the repository root so codespell reads pyproject.toml [tool.codespell].
    result = subprocess.run([str(CODESPELL), "docs", "includes"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode in (0, 65), f"codespell failed to run:\n{result.stderr}"
    findings = []
    for line in result.stdout.splitlines():
        match = FINDING.match(line.strip())
        findings.append(f"{match['file']}:{match['line']}: {match['word']} (did you mean {match['fix']}?)"
                        if match else line)
    assert result.returncode == 0 and not findings, (
        "misspellings (if a word is right, add it to tools/codespell-words.txt):\n" + "\n".join(findings))
