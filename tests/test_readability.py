"""Patient text is plain: Flesch–Kincaid grade 8 or below (textstat 0.7.8,
which works offline), short paragraphs, key points first, a reading time and
at least three distinct sources on every content page."""

import copy
import re
import sys
from pathlib import Path

import pytest

from sitebuild import ROOT, docs_pages

sys.path.insert(0, str(ROOT / "tools"))
from readability import LIMIT, measure, patient_text  # noqa: E402

CONTENT = [(rel, built, meta) for rel, built, meta in docs_pages()
           if meta.get("type") in {"condition", "biology", "evidence"} and meta.get("audience") != "clinicians"
           and rel != "evidence/references.md"]
IDS = [rel for rel, _, _ in CONTENT]


def test_there_are_content_pages_to_measure():
    assert len(CONTENT) >= 10, IDS


@pytest.mark.parametrize("rel, built, meta", CONTENT, ids=IDS)
def test_patient_text_is_at_grade_8_or_below(site, rel, built, meta):
    result = measure((site / built).read_text(encoding="utf-8"))
    assert result["grade"] <= LIMIT, f"docs/{rel}: Flesch–Kincaid grade {result['grade']} > {LIMIT}"


@pytest.mark.parametrize("rel, built, meta", CONTENT, ids=IDS)
def test_most_sentences_are_short(site, rel, built, meta):
    result = measure((site / built).read_text(encoding="utf-8"))
    share = result["long_sentences"] / max(result["sentences"], 1)
    assert share <= 0.1, f"docs/{rel}: {result['long_sentences']} of {result['sentences']} sentences have 20+ words"


@pytest.mark.parametrize("rel, built, meta", CONTENT, ids=IDS)
def test_paragraphs_have_at_most_three_sentences(pages, rel, built, meta):
    article = pages[built].select_one("article")
    long = []
    for p in article.find_all("p"):
        if p.find_parent(["details", "aside", "li", "table", "figure"]):
            continue
        p = copy.copy(p)  # a copy: the parsed pages are shared by every test
        lead = p.find(True, recursive=False)
        if lead is not None and lead.name == "strong" and p.get_text().lstrip().startswith(lead.get_text().strip()):
            lead.decompose()  # a bold run-in label ("Opioids.") is a heading, not a sentence
        text = re.sub(r"\s+", " ", p.get_text(" ")).strip()
        sentences = [s for s in re.split(r"(?<=[.?!])\s+(?=[A-Z])", text) if len(s.split()) > 2]
        if len(sentences) > 3:
            long.append(f"{len(sentences)} sentences: {text[:80]}…")
    assert not long, f"docs/{rel}:\n" + "\n".join(long)


@pytest.mark.parametrize("rel, built, meta", CONTENT, ids=IDS)
def test_key_points_come_first_with_a_reading_time_and_three_sources(pages, rel, built, meta):
    article = pages[built].select_one("article")
    first_block = article.select_one(".admonition")
    assert first_block is not None and "Key points" in first_block.get_text(), f"docs/{rel}: no Key points box"
    bullets = first_block.select("li")
    assert 3 <= len(bullets) <= 5, f"docs/{rel}: {len(bullets)} key points (3 to 5 wanted)"
    before = article.get_text(" ")[: article.get_text(" ").find("Key points")]
    assert re.search(r"\d+ minutes? to read", before), f"docs/{rel}: no reading-time note before the key points"
    assert len(set(meta["sources"])) >= 3, f"docs/{rel}: only {len(set(meta['sources']))} sources"
