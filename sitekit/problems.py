"""One shape for every problem the build finds in an editor's files."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        return f"{text}\n    How to fix: {self.fix}" if self.fix else text


class ContentError(Exception):
    """Raised with every problem of a build, so an editor sees them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the site's content:"]
        lines += [str(p) for p in self.problems]
        super().__init__("\n".join(lines))


def build_error(problems: list[Problem]) -> Exception:
    """The error to raise from inside MkDocs: MkDocs prints a PluginError's
    message without a traceback. Other builders get the plain ContentError."""
    error = ContentError(problems)
    try:
        from mkdocs.exceptions import PluginError
    except ImportError:  # pragma: no cover - another builder
        return error
    return PluginError(str(error))
