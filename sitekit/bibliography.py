"""The bibliography (data/bibliography.yml): load, check and format entries."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from .problems import Problem

# libyaml's C parser when PyYAML was built with it (the wheels are): ~10x faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ROOT = Path(__file__).resolve().parent.parent
BIBLIOGRAPHY = ROOT / "data" / "bibliography.yml"

# Source types, in the order the References page lists them, with their headings.
TYPES = {
    "guideline": "Clinical guidelines",
    "systematic-review": "Systematic reviews",
    "meta-analysis": "Meta-analyses",
    "rct": "Randomised controlled trials",
    "cohort": "Cohort studies",
    "cross-sectional": "Cross-sectional studies",
    "case-control": "Case-control studies",
    "case-series": "Case series",
    "experimental": "Laboratory and challenge studies",
    "criteria": "Diagnostic and classification criteria",
    "review": "Narrative reviews",
    "regulatory-label": "Medicine labels and regulatory documents",
    "database": "Databases and reference records",
}
FIELDS = {"authors", "year", "title", "journal", "volume", "issue", "pages", "doi", "pmid",
          "pmcid", "url", "type", "note"}
REQUIRED = ("authors", "year", "title", "type")
KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^[1-9]\d{0,8}$")
PMCID = re.compile(r"^PMC\d+$")


def load(path: Path = BIBLIOGRAPHY) -> tuple[dict[str, dict], list[Problem]]:
    """Entries keyed by citation key, and every problem with them."""
    name = _display(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=SAFE_LOADER) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return {}, [Problem(name, mark.line + 1 if mark else None, f"not valid YAML: {error}",
                            "check the indentation of the entry")]
    if not isinstance(data, dict):
        return {}, [Problem(name, 1, "the bibliography must map citation keys to entries", "see CONTRIBUTING.md")]
    problems = []
    for key, entry in data.items():
        problems += check_entry(str(key), entry, name, _key_line(text, str(key)))
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}, problems


def check_entry(key: str, entry, file: str, line: int | None) -> list[Problem]:
    if not isinstance(entry, dict):
        return [Problem(file, line, f"{key}: the entry must be a mapping of fields", "see CONTRIBUTING.md")]
    out = []
    add = lambda msg, fix: out.append(Problem(file, line, f"{key}: {msg}", fix))  # noqa: E731
    if not KEY.match(key):
        add("citation keys use lower-case letters, digits and hyphens", "rename the key, e.g. smith2020")
    for field in sorted(set(entry) - FIELDS):
        add(f"unknown field '{field}'", f"use only: {', '.join(sorted(FIELDS))}")
    for field in REQUIRED:
        if not entry.get(field):
            add(f"missing '{field}'", f"add the {field} exactly as the source record shows it")
    if entry.get("type") and entry["type"] not in TYPES:
        add(f"unknown type '{entry['type']}'", f"use one of: {', '.join(TYPES)}")
    doi, pmid, url = entry.get("doi"), entry.get("pmid"), entry.get("url")
    if not (doi or pmid or url):
        add("has no DOI, PMID or URL", "add the DOI or PMID you saw in the record, or a stable URL")
    if doi and not DOI.match(str(doi)):
        add(f"malformed DOI '{doi}'", "write the bare DOI, starting 10. (no https://doi.org/)")
    if pmid and not PMID.match(str(pmid)):
        add(f"malformed PMID '{pmid}'", "a PMID is a number of up to 9 digits")
    if entry.get("pmcid") and not PMCID.match(str(entry["pmcid"])):
        add(f"malformed PMCID '{entry['pmcid']}'", "a PMCID looks like PMC1234567")
    if url and not re.match(r"^https?://\S+$", str(url)):
        add(f"URL '{url}' is not a web address", "write the full address, starting https://")
    return out


def _key_line(text: str, key: str) -> int | None:
    match = re.search(rf"^['\"]?{re.escape(key)}['\"]?\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def links(entry: dict) -> list[tuple[str, str]]:
    """(label, address) pairs: doi.org, PubMed, PMC, or the entry's own URL."""
    out = []
    if entry.get("doi"):
        out.append((f"doi:{entry['doi']}", f"https://doi.org/{entry['doi']}"))
    if entry.get("pmid"):
        out.append((f"PubMed {entry['pmid']}", f"https://pubmed.ncbi.nlm.nih.gov/{entry['pmid']}/"))
    if entry.get("pmcid"):
        out.append((f"Full text {entry['pmcid']}", f"https://pmc.ncbi.nlm.nih.gov/articles/{entry['pmcid']}/"))
    if entry.get("url") and not out:
        out.append(("Read the source", str(entry["url"])))
    elif entry.get("url"):
        out.append(("Publisher page", str(entry["url"])))
    return out


def short(entry: dict) -> str:
    """'Rose-John 2012': first author's surname and year, for link labels."""
    first = str(entry.get("authors", "")).split(",")[0].strip()
    surname = first.rsplit(" ", 1)[0] if " " in first else first
    return f"{surname} {entry.get('year', '')}".strip()


# One source's kind, as a page's Sources list names it.
KIND = {
    "guideline": "Clinical guideline", "systematic-review": "Systematic review", "meta-analysis": "Meta-analysis",
    "rct": "Randomised controlled trial", "cohort": "Cohort study", "cross-sectional": "Cross-sectional study",
    "case-control": "Case-control study", "case-series": "Case series", "experimental": "Laboratory or challenge study",
    "criteria": "Diagnostic criteria", "review": "Narrative review", "regulatory-label": "Medicine label",
    "database": "Database record",
}


def short_authors(authors: str, most: int = 3) -> str:
    """'A, B, C, D' -> 'A, B, C, et al.' (Vancouver style, shortened for a page's list)."""
    names = [n.strip() for n in str(authors).split(",") if n.strip()]
    if len(names) <= most or names[most:] == ["et al."]:
        return str(authors)
    return ", ".join(names[:most]) + ", et al."


def format_html(entry: dict, full: bool = True) -> str:
    """One reference in the Vancouver style readers see in journals. The
    References page shows it in full (every author, and the entry's note); a
    page's own Sources list shortens the authors and names the kind of study."""
    e = {k: html.escape(str(v)) for k, v in entry.items()}
    if not full:
        e["authors"] = html.escape(short_authors(entry["authors"]))
        e.pop("note", None)
    title = e["title"].rstrip(".")
    parts = [f"{e['authors'].rstrip('.')}. {title}."]
    where = f"<cite>{e['journal']}</cite>" if e.get("journal") else ""
    detail = e["year"]
    if e.get("volume"):
        detail += f";{e['volume']}"
        if e.get("issue"):
            detail += f"({e['issue']})"
        if e.get("pages"):
            detail += f":{e['pages']}"
    parts.append(f"{where} {detail}.".strip())
    if e.get("note"):
        parts.append(f"<span class=\"ref-note\">{e['note']}</span>")
    elif not full and entry.get("type") in KIND:
        parts.append(f"<span class=\"ref-note\">{KIND[entry['type']]}.</span>")
    anchors = " · ".join(f'<a href="{html.escape(url)}">{html.escape(label)}</a>' for label, url in links(entry))
    return " ".join(parts) + (f" {anchors}" if anchors else "")
