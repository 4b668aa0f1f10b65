"""Reading a data file of rows (data/*.yml) for a figure drawn at build time:
the forest plot (sitekit.forest), the icon arrays (sitekit.iconarray) and the
body map (sitekit.bodymap). Each keeps YAML nodes, so every problem names the
file and the line of its row."""

from __future__ import annotations

from pathlib import Path

import yaml

from .bibliography import ROOT, SAFE_LOADER
from .problems import Problem


def display(path: Path) -> str:
    """The file as an editor names it: relative to the project where it can be."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def rows(path: Path, setting: str, what: str, start: str,
         yaml_fix: str = "check the indentation of the row") -> tuple[list, list[Problem]]:
    """The file's rows as YAML nodes, or the one problem that stops reading it.
    setting: the mkdocs.yml key that names the file; what: what the file lists;
    start: how a row starts, for the fix."""
    name = display(path)
    try:
        document = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except OSError as error:
        return [], [Problem(name, None, f"cannot read the data file: {error.strerror or error}",
                            f"check {setting} in mkdocs.yml")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [], [Problem(name, mark.line + 1 if mark else None, f"not valid YAML: {error}", yaml_fix)]
    if document is None or not isinstance(document, yaml.SequenceNode):
        return [], [Problem(name, 1, f"the file must be a list of {what}", f"start each row with '{start}'")]
    return document.value, []


def fields(node, number: int, file: str, example: str) -> tuple[dict | None, int, list[Problem]]:
    """(field name -> value node, the row's line, problems) for one row."""
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        return None, line, [Problem(file, line, f"row {number}: not a mapping of fields", f"write the row as {example}")]
    return {str(k.value): v for k, v in node.value}, line, []
