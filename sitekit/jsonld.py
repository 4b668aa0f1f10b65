"""schema.org structured data for a page, built from its front matter."""

from __future__ import annotations

import json

# Codes seen in: ICD-10-AM M79.7 (Australian DVA statement of principles,
# clik.dva.gov.au "Fibromyalgia N073"); ICD-11 MG30.01 chronic widespread pain,
# the ICD-11 place of fibromyalgia (Nicholas et al. Pain 2019, via healthify.nz).
FIBROMYALGIA = {
    "@type": "MedicalCondition",
    "name": "Fibromyalgia",
    "code": [
        {"@type": "MedicalCode", "codeValue": "M79.7", "codingSystem": "ICD-10"},
        {"@type": "MedicalCode", "codeValue": "MG30.01", "codingSystem": "ICD-11"},
    ],
}
AUDIENCE = {"patients": ["Patient"], "clinicians": ["Clinician"], "everyone": ["Patient", "Clinician"]}
NON_MEDICAL = {"home", "section", "about"}


def build(meta: dict, url: str, site_name: str, site_url: str, entries: dict, src_path: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "WebPage" if meta.get("type") in NON_MEDICAL else "MedicalWebPage",
        "name": meta["title"],
        "description": meta["description"],
        "url": url,
        "inLanguage": "en",
        "lastReviewed": str(meta["last_reviewed"]),
        "reviewedBy": {"@type": "Organization", "name": meta["reviewed_by"]},
        "audience": [{"@type": "MedicalAudience", "audienceType": a} for a in AUDIENCE[meta["audience"]]],
        "publisher": {"@type": "Organization", "name": site_name, "url": site_url},
    }
    if src_path.startswith("fibromyalgia/"):
        data["about"] = FIBROMYALGIA
    citations = [_citation(entries[key]) for key in meta.get("sources") or [] if key in entries]
    if citations:
        data["citation"] = citations
    return data


def _citation(entry: dict) -> dict:
    """A source as schema.org reads it: its title and where to open it. (Authors
    and year are on the page's Sources list; here they would only add weight.)"""
    if entry.get("doi"):
        url = f"https://doi.org/{entry['doi']}"
    elif entry.get("pmid"):
        url = f"https://pubmed.ncbi.nlm.nih.gov/{entry['pmid']}/"
    else:
        url = entry["url"]
    return {"@type": "CreativeWork", "name": entry["title"], "url": url}


def dumps(data: dict) -> str:
    """JSON safe to place inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
