"""Reading level of the patient text on each built page.

Patient text is the article minus what is not written for patients: "For
clinicians" blocks (<details>), tables, the Sources list, code, the disclaimer
and review box, and headings. Usage: python tools/readability.py [SITE_DIR]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import textstat
from bs4 import BeautifulSoup

LIMIT = 8.0          # "about US grade 8 or below" (Flesch–Kincaid)
SKIP = ["details", "table", "ol.sources", "pre", "code", ".site-disclaimer", ".review-box",
        "h1", "h2", "h3", "h4", ".headerlink", "sup.cite", "nav", "figure", "svg", "form", ".badge"]


def patient_text(html: str) -> str:
    article = BeautifulSoup(html, "lxml").select_one("article")
    if article is None:
        return ""
    for selector in SKIP:
        for node in article.select(selector):
            node.decompose()
    # Each block ends a sentence, so list items are not run together (a
    # block that ends with a colon introduces a list: it ends a sentence too).
    blocks = [re.sub(r"\s+", " ", el.get_text(" ")).strip().rstrip(":").strip()
              for el in article.find_all(["p", "li", "dd"])]
    return " ".join(b if b.endswith((".", "?", "!")) else b + "." for b in blocks if b)


def measure(html: str) -> dict:
    text = patient_text(html)
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", text) if s.strip()]
    long = [s for s in sentences if len(s.split()) >= 20]
    return {
        "grade": round(textstat.flesch_kincaid_grade(text), 1) if text else 0.0,
        "words": len(text.split()),
        "sentences": len(sentences),
        "long_sentences": len(long),
        "sources": len(BeautifulSoup(html, "lxml").select("ol.sources > li")),
    }


def long_paragraphs(html: str, most: int = 3) -> list[str]:
    """The text of each body paragraph with more than `most` sentences
    ("For clinicians" blocks, asides, lists, tables and figures aside)."""
    article = BeautifulSoup(html, "lxml").select_one("article")
    long = []
    for p in article.find_all("p") if article else []:
        if p.find_parent(["details", "aside", "li", "table", "figure"]):
            continue
        lead = p.find(True, recursive=False)
        if lead is not None and lead.name == "strong" and p.get_text().lstrip().startswith(lead.get_text().strip()):
            lead.decompose()  # a bold run-in label ("Opioids.") is a heading, not a sentence
        text = re.sub(r"\s+", " ", p.get_text(" ")).strip()
        sentences = [s for s in re.split(r"(?<=[.?!])\s+(?=[A-Z])", text) if len(s.split()) > 2]
        if len(sentences) > most:
            long.append(text)
    return long


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    print(f"{'page':50} {'grade':>5} {'words':>6} {'long':>5} {'sources':>7}")
    for page in sorted(site.rglob("index.html")):
        m = measure(page.read_text(encoding="utf-8"))
        if m["words"]:
            print(f"{page.parent.relative_to(site).as_posix() or '/':50} {m['grade']:>5} {m['words']:>6} "
                  f"{m['long_sentences']:>5} {m['sources']:>7}")
