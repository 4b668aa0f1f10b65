"""Benchmark: build time, page weight, caching and Lighthouse scores.

Usage (from the project root; `make bench` runs it with the project's venv):

    .venv/bin/python tools/bench.py              # everything (15-40 minutes, depending on load)
    .venv/bin/python tools/bench.py --quick      # no 500-page builds, no Lighthouse, 3 build runs
    .venv/bin/python tools/bench.py --no-tests   # skip timing the test suite
    .venv/bin/python tools/bench.py --lighthouse-only  # one build each, home first visit, Lighthouse
                                                       # on ours and stock Material (about 10-20 minutes)

Prints a table and writes bench-results/bench.json (plus the raw Lighthouse
reports in bench-results/lighthouse/). BENCHMARKS.md says what each figure means.

The machine may be shared and noisy, so every build comparison is made within
one run: our build and the stock Material build are run alternately, and each
ratio is the median of the per-round ratios. docs/, data/, includes/ and
mkdocs.yml are copied once at the start, so edits made during the run do not
change what is measured (code: overrides/, sitekit/, schemas/ is symlinked).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import http.server
import json
import mimetypes
import os
import platform
import posixpath
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from sitekit import frontmatter  # noqa: E402  (needs ROOT on sys.path)

RESULTS = ROOT / "bench-results"
SHARED = ("overrides", "includes", "sitekit", "schemas", "data")
CONTENT = ("includes", "data")  # copied once per run with docs/, like docs/; code is symlinked
SNAPSHOT: dict[str, Path] = {}   # folder name -> its copy for this run
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LH_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
MEDICAL_DIRS = ("fibromyalgia", "il-6", "evidence")
SITE_MACROS = re.compile(r"\{\{\s*(references|glossary_list|recently_reviewed)\s*\(")
CITATION = re.compile(r"\[@[^\[\]\s;]+(?:\s*;\s*@[^\[\]\s;]+)*\]")
HASHED = re.compile(r"\.[0-9a-f]{8,}\.")  # Material's bundle.a5f9d56c.min.js

TARGETS = {
    "home_first_visit_kb": 70,
    "home_first_visit_requests": 7,
    "page_html_gzip_kb": 14,
    "lighthouse_performance": 98,
    "lighthouse_other": 100,
    "total_blocking_time_ms": 150,
    "build_vs_stock": 1.3,
    "scaling_500_100": 5.5,
    "test_suite_s": 180,
}
KB = 1024


LOAD: dict[str, list[float]] = {}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def phase(name: str) -> None:
    """Log the start of a phase with the machine's load average (it is shared)."""
    LOAD[name] = [round(x, 2) for x in os.getloadavg()]
    log(f"{name} (load average {LOAD[name][0]})")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


# --------------------------------------------------------------------------
# Project copies: the real site, synthetic sites and stock-Material configs
# --------------------------------------------------------------------------

def nav_block(config_text: str) -> tuple[int, int]:
    """(start, end) line indexes of the top-level nav: block in mkdocs.yml."""
    lines = config_text.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(r"nav\s*:", line))
    end = start + 1
    while end < len(lines) and not re.match(r"[A-Za-z_]", lines[end]):
        end += 1
    return start, end


def real_nav(config_text: str) -> list:
    start, end = nav_block(config_text)
    return yaml.safe_load("\n".join(config_text.split("\n")[start:end]))["nav"]


def with_nav(config_text: str, nav: list) -> str:
    lines = config_text.split("\n")
    start, end = nav_block(config_text)
    new = yaml.safe_dump({"nav": nav}, sort_keys=False, allow_unicode=True, width=1000).rstrip("\n")
    return "\n".join(lines[:start] + new.split("\n") + lines[end:])


def link_shared(where: Path) -> None:
    for name in SHARED:
        (where / name).symlink_to(SNAPSHOT.get(name, ROOT / name))


def project_copy(where: Path, docs_from: Path | None, config_text: str) -> Path:
    """A project folder like the real one: shared folders symlinked, docs copied."""
    where.mkdir(parents=True)
    link_shared(where)
    if docs_from is not None:
        shutil.copytree(docs_from, where / "docs")
    (where / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    return where / "mkdocs.yml"


def stock_config(where: Path, docs_dir: Path, site_name: str, nav: list) -> Path:
    """Material as it comes: no custom_dir, macros, extensions, minify or CSS."""
    where.mkdir(parents=True, exist_ok=True)
    config = {
        "site_name": site_name,
        "docs_dir": os.path.relpath(docs_dir, where),
        "theme": {"name": "material", "font": False},  # font: false, so no Google Fonts fetches
        "plugins": ["search"],
        "nav": nav,
    }
    (where / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                                      encoding="utf-8")
    return where / "mkdocs.yml"


def stock_same_text(our_site: Path, where: Path, site_name: str, nav: list) -> Path:
    """Stock Material serving the same page text as our build: each page's
    article, as our build rendered it (citations, glossary terms, tables,
    boxes, pictures), becomes a page of a stock Material site (no
    custom_dir, no features, no palette toggle, no extra CSS or JS). What
    differs between the two is the theme set-up, not the text."""
    from bs4 import BeautifulSoup

    docs = where / "docs"
    for html in sorted(our_site.rglob("index.html")):
        rel = html.parent.relative_to(our_site).as_posix()
        if rel == ".":
            target = docs / "index.md"
        elif _is_section_index(nav, rel):
            target = docs / rel / "index.md"
        else:
            target = docs / f"{rel}.md"
        article = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml").select_one("article")
        if article is None:
            continue
        for tag in article.select("script, a.md-content__button"):
            tag.decompose()
        body = "".join(str(child) for child in article.children)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f'<div class="same-text">\n{body}\n</div>\n', encoding="utf-8")
    return stock_config(where, docs, site_name, nav)


def _is_section_index(nav: list, rel: str) -> bool:
    """Is docs/<rel>/index.md a page of the nav (rather than docs/<rel>.md)?"""
    wanted = f"{rel}/index.md"

    def walk(items) -> bool:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if value == wanted or (isinstance(value, list) and walk(value)):
                return True
        return False
    return walk(nav)


INLINE_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)(\{[^}\n]*\})?")
REF_DEF = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:\s*(\S+).*$", re.M)
HTML_LINK = re.compile(r"<a\s[^>]*href=\"(?![a-z][a-z0-9+.-]*:|#)[^\"]*\"[^>]*>(.*?)</a>", re.S | re.I)


def _external(target: str) -> bool:
    return bool(re.match(r"[a-z][a-z0-9+.-]*:", target, re.I))


def strip_links(body: str) -> str:
    """Drop links to other pages (keep their text) and local images, so that a
    page copied elsewhere has no broken links. Citations, macros, abbreviations,
    external links and same-page anchors stay."""
    def inline(match: re.Match) -> str:
        bang, text, target = match.group(1), match.group(2), match.group(3)
        if target.startswith("#") or _external(target):
            return match.group(0)
        return "" if bang else text

    removed = set()

    def ref_def(match: re.Match) -> str:
        if _external(match.group(2)) or match.group(2).startswith("#"):
            return match.group(0)
        removed.add(match.group(1).lower())
        return ""

    body = REF_DEF.sub(ref_def, body)
    body = INLINE_LINK.sub(inline, body)
    if removed:
        body = re.sub(r"\[([^\[\]]+)\]\[([^\[\]]*)\]",
                      lambda m: m.group(1) if (m.group(2) or m.group(1)).lower() in removed else m.group(0),
                      body)
    return HTML_LINK.sub(lambda m: m.group(1), body)


FILLER = """

## What the research says (benchmark text)

Researchers have measured IL-6 and other cytokines in many small studies [@{k1}].
The studies used different methods, so their results are hard to compare [@{k2}; @{k3}].
Blood tests such as CRP and ESR are described on other pages [@{k1}].

{{{{ certainty("low") }}}}

!!! note "For clinicians (benchmark text)"

    This block stands in for the detail that real pages give clinicians [@{k2}].

| Example | Label |
| --- | --- |
| Example A | {{{{ recommendation("EULAR", "strong for") }}}} |
| Example B | {{{{ recommendation("NICE", "consider") }}}} |
| Example C | {{{{ verdict("partly supported") }}}} |

## What this means for you (benchmark text)

- This list stands in for the practical points on a real page [@{k3}].
- Guidelines from EULAR and NICE are described on other pages.
- Talk to your own doctor or nurse about what is right for you.
"""


def source_pages(docs: Path) -> list[Path]:
    """The real medical pages to cycle through: condition/biology/evidence pages
    (all pages in fibromyalgia/, il-6/ and evidence/ while those are drafts),
    without whole-site macro pages (references, glossary) or tool pages."""
    found = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        text = path.read_text(encoding="utf-8")
        block, _ = frontmatter.split(text)
        meta = yaml.safe_load(block) if block else {}
        if not isinstance(meta, dict) or meta.get("tool") or SITE_MACROS.search(text):
            continue
        if meta.get("type") in frontmatter.MEDICAL_TYPES or rel.split("/")[0] in MEDICAL_DIRS:
            found.append(path)
    return found


def synthetic_page(path: Path, number: int, bib_keys: list[str]) -> tuple[str, bool]:
    """One synthetic page from a real one: same front matter (a unique title),
    body with links to other pages stripped. Pages without any citation (stubs
    still being written) get a block of benchmark text with citations, evidence
    labels and glossary terms, so every page exercises what a finished page does.
    Returns (text, whether the filler was added)."""
    text = path.read_text(encoding="utf-8")
    block, body_line = frontmatter.split(text)
    meta = yaml.load(block, Loader=frontmatter._StringDates) if block else {}  # noqa: S506
    body = text.split("\n", body_line - 1)[-1] if block is not None else text
    body = strip_links(body)
    meta["title"] = f"{str(meta.get('title', path.stem))[:58]} (copy {number})"
    augmented = not CITATION.search(body)
    if augmented:
        keys = [bib_keys[(number * 3 + i) % len(bib_keys)] for i in range(3)]
        body = body.rstrip("\n") + FILLER.format(k1=keys[0], k2=keys[1], k3=keys[2])
        meta["sources"] = list(dict.fromkeys((meta.get("sources") or []) + keys))
    head = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{head}---\n{body}", augmented


def make_synthetic(where: Path, real_docs: Path, pages: int, config_text: str) -> dict:
    """A copy of the project whose docs/ has `pages` pages: the home page, the
    References page (it lists every citing page, so it grows with the site) and
    pages cycled from the real medical pages, in nav sections of 10."""
    sources = source_pages(real_docs)
    if not sources:
        raise RuntimeError("no medical pages found in docs/ to build synthetic pages from")
    bib = yaml.safe_load((SNAPSHOT.get("data", ROOT / "data") / "bibliography.yml").read_text(encoding="utf-8"))
    bib_keys = [k for k, v in bib.items() if isinstance(v, dict)]
    docs = where / "docs"
    docs.mkdir(parents=True)
    shutil.copytree(real_docs / "assets", docs / "assets")
    home = (real_docs / "index.md").read_text(encoding="utf-8")
    (docs / "index.md").write_text(strip_links(home), encoding="utf-8")
    refs = real_docs / "evidence" / "references.md"
    nav: list = [{"Home": "index.md"}]
    count = pages - 1
    if refs.exists():
        (docs / "evidence").mkdir()
        shutil.copy(refs, docs / "evidence" / "references.md")
        count -= 1
    augmented = 0
    section: list = []
    for i in range(count):
        src = sources[i % len(sources)]
        folder = f"s{i // 10 + 1:03d}"
        name = f"{folder}/{src.stem}-{i + 1}.md"
        text, added = synthetic_page(src, i + 1, bib_keys)
        augmented += added
        (docs / folder).mkdir(exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
        section.append(name)
        if len(section) == 10 or i == count - 1:
            nav.append({f"Section {i // 10 + 1}": section})
            section = []
    if refs.exists():
        nav.append({"References": "evidence/references.md"})
    link_shared(where)
    (where / "mkdocs.yml").write_text(with_nav(config_text, nav), encoding="utf-8")
    return {"config": where / "mkdocs.yml", "docs": docs, "nav": nav,
            "pages": len(list(docs.rglob("*.md"))), "augmented_pages": augmented,
            "source_pages": [p.relative_to(real_docs).as_posix() for p in sources]}


# --------------------------------------------------------------------------
# Builds
# --------------------------------------------------------------------------

BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")


def build_once(config: Path, out: Path, postbuild: bool, strict: bool = True) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITEKIT_TODAY", None)
    cmd = [str(BIN / "mkdocs"), "build", "--clean", "-f", str(config), "-d", str(out)]
    if strict:
        cmd.insert(2, "--strict")
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=config.parent)
    mkdocs_s = time.perf_counter() - start
    row = {"ok": result.returncode == 0, "mkdocs_s": mkdocs_s, "post_s": 0.0}
    found = BUILT_IN.search(result.stderr)
    row["mkdocs_reported_s"] = float(found.group(1)) if found else None
    if result.returncode != 0:
        row["error"] = (result.stderr or result.stdout)[-3000:]
        return row
    if postbuild:
        start = time.perf_counter()
        post = subprocess.run([sys.executable, "-m", "sitekit.postbuild", str(out)],
                              capture_output=True, text=True, cwd=ROOT)
        row["post_s"] = time.perf_counter() - start
        if post.returncode != 0:
            row["ok"] = False
            row["error"] = post.stderr[-3000:]
    row["total_s"] = row["mkdocs_s"] + row["post_s"]
    return row


def build_snapshot(tmp: Path, attempts: int = 3) -> tuple[Path, Path, str]:
    """Copy docs/, data/, includes/ and mkdocs.yml once; retry if a page is mid-edit and the strict build fails."""
    for attempt in range(1, attempts + 1):
        where = tmp / f"real-{attempt}"
        for name in CONTENT:
            SNAPSHOT[name] = tmp / f"content-{attempt}" / name
            shutil.copytree(ROOT / name, SNAPSHOT[name])
        config_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        config = project_copy(where, ROOT / "docs", config_text)
        row = build_once(config, tmp / "out-real-check", postbuild=True)
        if row["ok"]:
            return config, where / "docs", config_text
        log(f"the real site does not build (attempt {attempt}):\n{row.get('error', '')[-1500:]}")
        if attempt < attempts:
            time.sleep(20)
    raise RuntimeError("the real site does not build with --strict; see the messages above")


def measure_builds(variants: dict[str, dict], runs: int) -> dict:
    """variants: name -> {config, postbuild, strict}. One warm-up each, then
    `runs` rounds, each building every variant once (order reversed on odd rounds)."""
    names = list(variants)
    results = {name: {"runs": [], "errors": []} for name in names}
    for round_no in range(runs + 1):
        order = names if round_no % 2 == 0 else names[::-1]
        for name in order:
            v = variants[name]
            row = build_once(v["config"], v["out"], v["postbuild"], v.get("strict", True))
            if not row["ok"] and v.get("strict", True) and v.get("fallback_non_strict"):
                v["strict"] = False  # stock Material may warn on our pages; time it without --strict
                results[name]["strict"] = False
                row = build_once(v["config"], v["out"], v["postbuild"], False)
            tag = "warm-up" if round_no == 0 else f"run {round_no}/{runs}"
            log(f"build {name:<12} {tag:<9} {row.get('total_s', row['mkdocs_s']):6.2f} s"
                f"{'' if row['ok'] else '  FAILED'}")
            if not row["ok"]:
                results[name]["errors"].append(row.get("error", ""))
            elif round_no > 0:
                results[name]["runs"].append(row)
    for name in names:
        rows = results[name]["runs"]
        results[name]["strict"] = variants[name].get("strict", True)
        results[name]["median_s"] = median([r["total_s"] for r in rows])
        results[name]["median_mkdocs_s"] = median([r["mkdocs_s"] for r in rows])
        results[name]["median_post_s"] = median([r["post_s"] for r in rows])
    return results


def paired_ratio(results: dict, a: str, b: str, key: str = "total_s") -> float | None:
    """Median over rounds of a/b (same round, so machine load mostly cancels)."""
    ra, rb = results.get(a, {}).get("runs", []), results.get(b, {}).get("runs", [])
    pairs = [x[key] / y[key] for x, y in zip(ra, rb) if y.get(key)]
    return round(median(pairs), 3) if pairs else None


# --------------------------------------------------------------------------
# A gzip-capable static server (GitHub Pages-like caching)
# --------------------------------------------------------------------------

COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml|ld\+json|manifest\+json)|image/svg\+xml)")


class GzipHandler(http.server.BaseHTTPRequestHandler):
    """Serves a built site: gzip for text, ETag revalidation, 404.html for misses.
    Cache-Control: hashed files under /assets/ a year (immutable); HTML no-cache;
    everything else max-age=600, as GitHub Pages serves every file."""

    protocol_version = "HTTP/1.1"
    root: Path
    requests: list
    cache: dict
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.serve(head=False)

    def do_HEAD(self):
        self.serve(head=True)

    def end_headers(self):
        self._header_bytes = sum(len(chunk) for chunk in getattr(self, "_headers_buffer", [])) + 2
        super().end_headers()

    def _file(self, fs: Path, gz: bool) -> tuple[bytes, str]:
        stat = fs.stat()
        key = (str(fs), stat.st_mtime_ns, gz)
        with self.lock:
            if key not in self.cache:
                data = fs.read_bytes()
                if gz:
                    data = gzip.compress(data, compresslevel=6, mtime=0)
                etag = '"' + hashlib.sha1(data).hexdigest()[:16] + ('-gz"' if gz else '"')
                self.cache[key] = (data, etag)
            return self.cache[key]

    def serve(self, head: bool) -> None:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        fs = (self.root / url_path.lstrip("/")).resolve()
        status = 200
        if not str(fs).startswith(str(self.root)):
            fs, status = self.root / "404.html", 404
        elif fs.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                self._record(url_path, 301, 0, None)
                return
            fs = fs / "index.html"
        if not fs.is_file():
            fs, status = self.root / "404.html", 404
        ctype = mimetypes.guess_type(fs.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        compressible = bool(COMPRESSIBLE.match(ctype))
        gz = compressible and "gzip" in self.headers.get("Accept-Encoding", "")
        data, etag = self._file(fs, gz)
        if ctype.startswith("text/html"):
            cache = "no-cache"
        elif url_path.startswith("/assets/") and HASHED.search(fs.name):
            cache = "public, max-age=31536000, immutable"
        else:
            cache = "max-age=600"
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", cache)
            self.end_headers()
            self._record(url_path, 304, 0, None)
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", cache)
        if compressible:
            self.send_header("Vary", "Accept-Encoding")
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if not head:
            self.wfile.write(data)
        self._record(url_path, status, 0 if head else len(data), "gzip" if gz else None)

    def _record(self, path: str, status: int, body: int, encoding: str | None) -> None:
        self.requests.append({"path": path, "status": status, "body_bytes": body,
                              "header_bytes": getattr(self, "_header_bytes", 0), "encoding": encoding,
                              "t": time.monotonic()})


class Server:
    def __init__(self, root: Path):
        handler = type("Handler", (GzipHandler,), {"root": root.resolve(), "requests": [], "cache": {}})
        self.requests = handler.requests
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def mark(self) -> int:
        return len(self.requests)

    def since(self, mark: int) -> list[dict]:
        return list(self.requests[mark:])


# --------------------------------------------------------------------------
# Page weight in Chromium
# --------------------------------------------------------------------------

def _settle(page, extra_s: float = 0.7) -> None:
    try:
        page.wait_for_load_state("networkidle", timeout=15000)
    except Exception:  # noqa: BLE001 - a page that never idles is still measured
        pass
    time.sleep(extra_s)


def summarise(requests: list[dict], external: list[str]) -> dict:
    return {
        "requests": len(requests) + len(external),
        "gzip_body_bytes": sum(r["body_bytes"] for r in requests),
        "transfer_bytes": sum(r["body_bytes"] + r["header_bytes"] for r in requests),
        "files": [{k: r[k] for k in ("path", "status", "body_bytes", "encoding")} for r in requests],
        "external": external,
    }


def is_search(path: str) -> str | None:
    if "search_index.json" in path:
        return "index"
    if "/workers/search" in path:
        return "worker"
    if "/lunr/" in path:
        return "lunr"
    return None


DIARY_ENTRIES = 3650  # ten years of daily entries


def measure_diary(site: Path, count: int = DIARY_ENTRIES, runs: int = 3) -> dict:
    """The symptom diary with `count` saved entries, in Chromium: the diary's
    load (read, check and draw the entries, with layout), the time to save one
    more entry (the submit handler, with layout), and the whole page's time to
    DOMContentLoaded end (diary.js has drawn the list by then). Medians of
    `runs` fresh tabs."""
    from playwright.sync_api import sync_playwright

    moods = ["Very low", "Low", "Okay", "Good", "Very good"]
    day0 = dt.date(2016, 1, 1)
    entries = [{"date": (day0 + dt.timedelta(days=i)).isoformat(), "pain": i % 11, "fatigue": (i * 3) % 11,
                "sleep": "Fair", "mood": moods[i % 5], "activity": "A short walk", "notes": f"Day {i + 1}"}
               for i in range(count)]
    stored = json.dumps({"version": 1, "entries": entries[::-1]})
    page_ms, load_ms, save_ms = [], [], []
    with Server(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for _ in range(runs):
            context = browser.new_context()
            context.add_init_script(f"if (!sessionStorage.getItem('seeded')) {{"
                                    f" localStorage.setItem('fibro-diary-v1', {json.dumps(stored)});"
                                    f" sessionStorage.setItem('seeded', '1'); }}")
            page = context.new_page()
            page.goto(server.url + "/tools/symptom-diary/", wait_until="load")
            page.wait_for_function("() => /saved entr/.test(document.getElementById('diary-count').textContent)")
            page_ms.append(page.evaluate("() => performance.getEntriesByType('navigation')[0]"
                                         ".domContentLoadedEventEnd"))
            # The diary's own loading work (read, check, sort and draw the entries), isolated from
            # the page's: what diary.js does when another tab changes the diary, with its layout.
            load_ms.append(page.evaluate("""() => {
                const start = performance.now();
                window.dispatchEvent(new StorageEvent('storage', {key: 'fibro-diary-v1'}));
                document.body.offsetHeight;
                return performance.now() - start; }"""))
            page.fill("#diary-date", (day0 + dt.timedelta(days=count)).isoformat())
            page.fill("#diary-pain", "4")
            save_ms.append(page.evaluate("""() => {
                const start = performance.now();
                document.getElementById('diary-form').requestSubmit();
                document.body.offsetHeight;  // the layout the change causes
                return performance.now() - start; }"""))
            saved = page.evaluate("() => JSON.parse(localStorage.getItem('fibro-diary-v1')).entries.length")
            context.close()
            if saved != count + 1:
                raise RuntimeError(f"the diary benchmark saved {saved} entries, expected {count + 1}")
        browser.close()
    return {"entries": count, "load_ms": median(load_ms), "save_ms": median(save_ms),
            "page_dom_ready_ms": median(page_ms),
            "runs": {"load_ms": load_ms, "save_ms": save_ms, "page_dom_ready_ms": page_ms}}


def measure_pages(site: Path, urls: list[str] | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    if urls is None:
        pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
        urls = ["/" + posixpath.dirname(p) + ("/" if posixpath.dirname(p) else "") for p in pages]
    out: dict = {"pages": {}}
    with Server(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        out["chromium"] = browser.version

        def visit(url: str):
            context = browser.new_context()
            external: list[str] = []
            context.on("request", lambda r: external.append(r.url)
                       if not r.url.startswith(server.url) and not r.url.startswith("data:") else None)
            page = context.new_page()
            mark = server.mark()
            page.goto(server.url + url, wait_until="load")
            _settle(page)
            return context, page, summarise(server.since(mark), external), external

        for url in urls:
            context, page, first, _ = visit(url)
            first["search_files"] = sorted({f["path"] for f in first["files"] if is_search(f["path"])})
            out["pages"][url] = {"first_visit": first}
            log(f"first visit {url:<45} {first['requests']:3d} requests "
                f"{first['gzip_body_bytes'] / KB:7.1f} KB")
            context.close()

        # Repeat visits of the home page in the same context: a reload, then a new tab.
        context, page, first, external = visit("/")
        mark = server.mark()
        external.clear()
        page.reload(wait_until="load")
        _settle(page)
        reload = summarise(server.since(mark), list(external))
        mark = server.mark()
        external.clear()
        tab = context.new_page()
        tab.goto(server.url + "/", wait_until="load")
        _settle(tab)
        new_tab = summarise(server.since(mark), list(external))
        context.close()

        def only_html(summary: dict) -> bool:
            return (not summary["external"]
                    and all(f["path"].endswith("/") or f["path"].endswith(".html") for f in summary["files"]))
        out["repeat_visit"] = {"reload": reload, "new_tab": new_tab,
                               "only_html": only_html(reload) and only_html(new_tab)}

        # When does Material load the search worker and index: on load, or on search focus?
        context, page, first, external = visit("/")
        on_load = sorted({f["path"] for f in first["files"] if is_search(f["path"])})
        mark = server.mark()
        box = page.locator('[data-md-component="search-query"]')
        try:
            box.click(timeout=5000)
        except Exception:  # noqa: BLE001 - fall back to the keyboard shortcut
            page.keyboard.press("/")
        _settle(page, 1.0)
        on_focus = sorted({f["path"] for f in server.since(mark) if is_search(f["path"])})
        focus_bytes = sum(f["body_bytes"] for f in server.since(mark))
        context.close()
        out["search"] = {"loaded_on_first_visit": on_load, "loaded_on_search_focus": on_focus,
                         "bytes_on_focus": focus_bytes}
        browser.close()
    return out


def unhashed_assets(visit: dict) -> list[str]:
    return [f["path"] for f in visit["files"]
            if not (f["path"].endswith("/") or f["path"].endswith(".html")) and not HASHED.search(f["path"])]


def page_weight(site: Path, urls: list[str] | None = None) -> dict:
    """measure_pages plus the home page's unhashed files; an error is recorded, not raised."""
    try:
        result = measure_pages(site, urls=urls)
    except Exception as error:  # noqa: BLE001 - record and go on
        log(f"page weight failed: {error!r}")
        return {"error": repr(error)}
    home = result["pages"].get("/", {}).get("first_visit")
    if home:
        result["home_unhashed_assets"] = unhashed_assets(home)
    return result


def html_sizes(site: Path) -> dict:
    sizes = {}
    for path in sorted(site.rglob("*.html")):
        data = path.read_bytes()
        sizes[path.relative_to(site).as_posix()] = {
            "raw": len(data),
            "gzip6": len(gzip.compress(data, compresslevel=6, mtime=0)),
            "gzip9": len(gzip.compress(data, compresslevel=9, mtime=0)),
        }
    return sizes


# --------------------------------------------------------------------------
# Lighthouse
# --------------------------------------------------------------------------

def page_counts(site: Path) -> dict[str, dict]:
    """Glossary terms (<abbr>) and links (<a>) in each built page's article,
    by URL: what Material's content scripts (tooltips, links) walk through."""
    out = {}
    for path in sorted(site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        match = re.search(r"<article\b.*?</article>", html, re.S)
        article = match.group(0) if match else ""
        rel = posixpath.dirname(path.relative_to(site).as_posix())
        out["/" + rel + ("/" if rel else "")] = {"abbr": len(re.findall(r"<abbr\b", article)),
                                                 "defined": len(re.findall(r"<abbr\b[^>]*\btitle=", article)),
                                                 "links": len(re.findall(r"<a\b", article))}
    return out


def heaviest_pages(site: Path, count: int = 3) -> list[str]:
    """The home page and the `count` pages with the most glossary terms plus links."""
    counts = page_counts(site)
    ranked = sorted((u for u in counts if u != "/"), key=lambda u: -(counts[u]["abbr"] + counts[u]["links"]))
    return ["/"] + ranked[:count]


def lighthouse(sites: dict[str, Path], runs: int, report_dir: Path, pages: list[str] | None = None) -> dict:
    """Lighthouse (mobile preset) on each page of each build; the builds take
    turns run by run, so a change in the machine's load hits them alike."""
    report_dir.mkdir(parents=True, exist_ok=True)
    first = next(iter(sites.values()))
    pages = pages or heaviest_pages(first)
    out: dict = {"runs_per_page": runs, "builds": list(sites), "pages": {}}
    if not LIGHTHOUSE.exists():
        out["error"] = f"{LIGHTHOUSE} is missing: run `make install`"
        return out
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True)
    out["version"] = version.stdout.strip()
    flags = " ".join(["--headless=new"] + CHROMIUM_ARGS)
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    counts = {name: page_counts(path) for name, path in sites.items()}
    servers = {name: Server(path) for name, path in sites.items()}
    for server in servers.values():
        server.__enter__()
    try:
        for url in pages:
            per_build = {}
            for name in sites:
                per_build[name] = {"scores": {c: [] for c in LH_CATEGORIES}, "metrics": {}, "failing": {},
                                   "errors": [], "counts": counts[name].get(url)}
            for run in range(1, runs + 1):
                for name, site in (sites.items() if run % 2 else reversed(list(sites.items()))):
                    data = per_build[name]
                    if not (site / url.lstrip("/") / "index.html").exists():
                        data["errors"].append("page not in the built site")
                        continue
                    report = report_dir / f"{name}-{url.strip('/').replace('/', '_') or 'home'}-{run}.json"
                    cmd = [str(LIGHTHOUSE), servers[name].url + url, "--output=json", f"--output-path={report}",
                           "--quiet", f"--only-categories={','.join(LH_CATEGORIES)}", f"--chrome-flags={flags}"]
                    try:
                        result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=240)
                    except subprocess.TimeoutExpired:
                        data["errors"].append("timed out after 240 s")
                        continue
                    if result.returncode != 0 or not report.exists():
                        data["errors"].append((result.stderr or result.stdout)[-1500:])
                        continue
                    lh = json.loads(report.read_text(encoding="utf-8"))
                    if lh.get("runtimeError"):
                        data["errors"].append(str(lh["runtimeError"]))
                    for cat in LH_CATEGORIES:
                        score = (lh["categories"].get(cat) or {}).get("score")
                        data["scores"][cat].append(None if score is None else round(score * 100))
                    for audit in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                                  "cumulative-layout-shift", "speed-index", "mainthread-work-breakdown",
                                  "bootup-time"):
                        value = lh["audits"].get(audit, {}).get("numericValue")
                        data["metrics"].setdefault(audit, []).append(value)
                    for cat in LH_CATEGORIES:
                        for ref in lh["categories"][cat]["auditRefs"]:
                            audit = lh["audits"][ref["id"]]
                            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                                data["failing"][ref["id"]] = (f"{cat}: {audit.get('title')} "
                                                              f"({audit.get('displayValue', '')})")
                    log(f"lighthouse {name:<6} {url:<36} run {run}: "
                        + " ".join(f"{c[:4]} {data['scores'][c][-1]}" for c in LH_CATEGORIES)
                        + f" TBT {data['metrics']['total-blocking-time'][-1]:.0f} ms")
            out["pages"][url] = {name: {
                "median": {c: median(v) for c, v in data["scores"].items()},
                "scores": data["scores"],
                "metrics_median": {k: median(v) for k, v in data["metrics"].items()},
                "metrics": data["metrics"],
                "failing_audits": data["failing"],
                "errors": data["errors"],
                "counts": data["counts"],
            } for name, data in per_build.items()}
    finally:
        for server in servers.values():
            server.__exit__(None, None, None)
    return out


# --------------------------------------------------------------------------
# Test suite
# --------------------------------------------------------------------------

def test_suite() -> dict:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q"], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=3600)
    wall = time.perf_counter() - start
    lines = [line for line in result.stdout.strip().splitlines() if line.strip()]
    return {"wall_s": round(wall, 1), "returncode": result.returncode,
            "summary": lines[-1] if lines else result.stderr[-500:]}


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def fmt_s(value) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def fmt_ms(value) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"


def fmt_x(value) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def report(results: dict) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    t = TARGETS
    b = results.get("builds", {})
    r = b.get("ratios", {})
    for size, label in (("real", "site"), ("100", "100 pages"), ("500", "500 pages")):
        ours, stock = b.get(f"ours-{size}"), b.get(f"stock-{size}")
        if not ours:
            continue
        rows.append((f"Build {label}: ours (mkdocs + postbuild)",
                     f"{fmt_s(ours['median_s'])} (post {fmt_s(ours['median_post_s'])})", "", ""))
        rows.append((f"Build {label}: stock Material", fmt_s(stock and stock["median_s"]), "", ""))
        ratio = r.get(f"ours/stock {size}")
        target = f"<= {t['build_vs_stock']}x" if size == "real" else ""
        rows.append((f"Build {label}: ours/stock", fmt_x(ratio), target,
                     verdict(None if ratio is None else ratio <= t["build_vs_stock"]) if target else "info"))
        rows.append((f"Build {label}: ours/stock, mkdocs only", fmt_x(r.get(f"ours/stock {size} (mkdocs only)")),
                     "", "info"))
    for who in ("ours", "stock"):
        ratio = r.get(f"500/100 {who}")
        if "500/100 ours" in r or ratio is not None:
            rows.append((f"Build 500/100 pages: {who}", fmt_x(ratio), f"<= {t['scaling_500_100']}x",
                         verdict(None if ratio is None else ratio <= t["scaling_500_100"])))

    weight = results.get("page_weight", {})
    home = weight.get("pages", {}).get("/", {}).get("first_visit")
    if home:
        kb = home["gzip_body_bytes"] / KB
        rows.append(("Home first visit: gzip bytes", f"{kb:.1f} KB ({home['transfer_bytes'] / KB:.1f} KB w/ headers)",
                     f"<= {t['home_first_visit_kb']} KB", verdict(kb <= t["home_first_visit_kb"])))
        rows.append(("Home first visit: requests", str(home["requests"]), f"<= {t['home_first_visit_requests']}",
                     verdict(home["requests"] <= t["home_first_visit_requests"])))
        no_search = [f for f in home["files"] if not is_search(f["path"])]
        rows.append(("Home first visit without search worker+index",
                     f"{sum(f['body_bytes'] for f in no_search) / KB:.1f} KB, {len(no_search)} requests", "", "info"))
    visits = [v["first_visit"] for v in weight.get("pages", {}).values()]
    if visits:
        worst = max(visits, key=lambda v: v["gzip_body_bytes"])
        rows.append(("Any page first visit: max gzip / requests",
                     f"{worst['gzip_body_bytes'] / KB:.1f} KB / {max(v['requests'] for v in visits)}", "", "info"))
    repeat = weight.get("repeat_visit")
    if repeat:
        fetched = ", ".join(f"{f['path']} {f['status']}" for f in repeat["reload"]["files"]) or "nothing"
        rows.append(("Home repeat visit (reload): fetched", fetched, "only the HTML", verdict(repeat["only_html"])))
    search = weight.get("search")
    if search:
        for kind, name in (("worker", "Search worker loaded"), ("index", "Search index loaded")):
            when = ("on first visit" if any(is_search(p) == kind for p in search["loaded_on_first_visit"]) else
                    "on search focus" if any(is_search(p) == kind for p in search["loaded_on_search_focus"])
                    else "not seen")
            rows.append((name, when, "", "info"))
    diary = results.get("diary") or {}
    if diary.get("error"):
        rows.append(("Diary timing", diary["error"][:60], "", "n/a"))
    elif diary:
        ok = diary["load_ms"] < 1000 and diary["save_ms"] < 1000
        rows.append((f"Diary with {diary['entries']:,} entries: load / save",
                     f"{diary['load_ms']:.0f} ms / {diary['save_ms']:.0f} ms "
                     f"(page ready {diary['page_dom_ready_ms']:.0f} ms)", "< 1000 ms each", verdict(ok)))
    sizes = results.get("html_gzip", {})
    if sizes:
        name, worst = max(sizes.items(), key=lambda kv: kv[1]["gzip6"])
        rows.append(("Largest page HTML gzip -6 (-9)",
                     f"{worst['gzip6'] / KB:.1f} KB ({worst['gzip9'] / KB:.1f} KB) {name}",
                     f"<= {t['page_html_gzip_kb']} KB", verdict(worst["gzip6"] <= t["page_html_gzip_kb"] * KB)))
    lh = results.get("lighthouse", {})
    if lh.get("error"):
        rows.append(("Lighthouse", lh["error"], "", "n/a"))
    for url, builds in lh.get("pages", {}).items():
        ours, stock = builds.get("ours") or {}, builds.get("stock") or {}
        med, smed = ours.get("median") or {}, stock.get("median") or {}
        if not med or all(v is None for v in med.values()):
            rows.append((f"Lighthouse {url}", "failed: " + ((ours.get("errors") or ["?"])[0] or "?")[:60], "", "n/a"))
            continue
        perf, sperf = med.get("performance"), smed.get("performance")
        others = [med.get(c) for c in LH_CATEGORIES[1:]]
        ok = (perf is not None and perf >= t["lighthouse_performance"] and (sperf is None or perf >= sperf)
              and all(v is not None and v >= t["lighthouse_other"] for v in others))
        rows.append((f"Lighthouse {url} perf/a11y/bp/seo (stock perf)",
                     "/".join(str(med.get(c)) for c in LH_CATEGORIES) + f" ({sperf})",
                     ">= 98 and stock", verdict(ok)))
        tbt = (ours.get("metrics_median") or {}).get("total-blocking-time")
        stbt = (stock.get("metrics_median") or {}).get("total-blocking-time")
        counts = ours.get("counts") or {}
        rows.append((f"  TBT ours (stock); glossary terms, links",
                     f"{fmt_ms(tbt)} ({fmt_ms(stbt)}); {counts.get('abbr', '?')} abbr "
                     f"({counts.get('defined', '?')} with tooltip), {counts.get('links', '?')} links",
                     f"<= {t['total_blocking_time_ms']} ms",
                     verdict(None if tbt is None else tbt <= t["total_blocking_time_ms"])))
    suite = results.get("test_suite")
    if suite:
        rows.append(("Test suite wall time", f"{suite['wall_s']:.0f} s ({suite['summary'][:40]})",
                     f"<= {t['test_suite_s']} s", verdict(suite["wall_s"] <= t["test_suite_s"])))
    return rows


def print_table(rows, results: dict) -> None:
    pages = results.get("page_weight", {}).get("pages", {})
    sizes = results.get("html_gzip", {})
    if sizes:
        print("\nPer page: HTML size (python gzip) and first visit in Chromium (fresh context)")
        print(f"  {'page':<44} {'raw KB':>7} {'gz6 KB':>7} {'gz9 KB':>7} {'req':>4} {'visit KB':>9}")
        for name, s in sizes.items():
            url = "/" + posixpath.dirname(name) + ("/" if posixpath.dirname(name) else "")
            visit = pages.get(url, {}).get("first_visit") if name != "404.html" else None
            print(f"  {name:<44} {s['raw'] / KB:7.1f} {s['gzip6'] / KB:7.1f} {s['gzip9'] / KB:7.1f} "
                  f"{visit['requests'] if visit else '':>4} "
                  f"{format(visit['gzip_body_bytes'] / KB, '9.1f') if visit else '':>9}")
    home = pages.get("/", {}).get("first_visit")
    if home:
        print("\nHome page first visit, by file (gzip body bytes as sent):")
        for f in sorted(home["files"], key=lambda f: -f["body_bytes"]):
            print(f"  {f['body_bytes'] / KB:7.1f} KB  {f['status']}  {f['path']}")
    notes = []
    for url, builds in results.get("lighthouse", {}).get("pages", {}).items():
        for name, data in builds.items():
            if name != "ours":
                continue  # stock Material's own audits are not ours to fix
            for audit, text in (data.get("failing_audits") or {}).items():
                notes.append(f"Lighthouse {url}: {text}")
        for name, data in builds.items():
            for error in (data.get("errors") or [])[:1]:
                notes.append(f"Lighthouse {name} {url} error: "
                             f"{error.strip().splitlines()[-1][:100] if error.strip() else '?'}")
    over = [name for name, s in sizes.items() if s["gzip6"] > TARGETS["page_html_gzip_kb"] * KB]
    if over:
        notes.append(f"HTML over {TARGETS['page_html_gzip_kb']} KB gzip: {', '.join(over)}")
    unhashed = results.get("page_weight", {}).get("home_unhashed_assets")
    if unhashed:
        notes.append("Home loads files without a content hash (max-age=600, revalidated after 10 min): "
                     + ", ".join(unhashed))
    search = results.get("page_weight", {}).get("search")
    if search:
        notes.append(f"Search files on first visit: {', '.join(search['loaded_on_first_visit']) or 'none'}; "
                     f"on search focus: {', '.join(search['loaded_on_search_focus']) or 'none'}")
    for name, data in results.get("builds", {}).items():
        if isinstance(data, dict) and data.get("errors"):
            notes.append(f"Build {name}: {len(data['errors'])} failed run(s): "
                         f"{data['errors'][0].strip().splitlines()[-1][:100] if data['errors'][0].strip() else '?'}")
        if isinstance(data, dict) and data.get("strict") is False:
            notes.append(f"Build {name}: timed without --strict (stock Material warns on these pages)")
    if results.get("error"):
        notes.append(f"Benchmark stopped early: {results['error']}")
    if notes:
        print("\nNotes:")
        for note in notes:
            print(f"  - {note}")
    width = max(len(r[0]) for r in rows) if rows else 20
    vwidth = min(max((len(r[1]) for r in rows), default=10), 60)
    print(f"\nResults {results['date']} (machine: {results['machine']['cpus']} cores, "
          f"load {results['machine']['loadavg_start']} -> {results['machine'].get('loadavg_end')})")
    print(f"  {'figure':<{width}}  {'value':<{vwidth}}  {'target':<18} result")
    for name, value, target, ok in rows:
        print(f"  {name:<{width}}  {value:<{vwidth}}  {target:<18} {ok}")


# --------------------------------------------------------------------------

class _Done(Exception):
    """The quick Lighthouse-only path has finished."""


def build_stock_same_text(tmp: Path, ours: Path, site_name: str, nav: list) -> Path:
    """Build stock Material serving our built pages' text (stock_same_text)."""
    phase("stock Material serving the same page text")
    out = tmp / "out-stock-same-text"
    config = stock_same_text(ours, tmp / "stock-same-text", site_name, nav)
    if not build_once(config, out, postbuild=False, strict=False)["ok"]:
        raise RuntimeError("the stock Material build (same page text) failed")
    return out


def lighthouse_only(tmp: Path, config: Path, site_name: str, nav: list, args,
                    results: dict) -> int:
    """Build ours and stock Material once each, weigh the home page's first
    visit, then run Lighthouse on both builds side by side."""
    status = 0
    ours = tmp / "out-ours-real"
    phase("one build each: ours and stock Material")
    row = build_once(config, ours, postbuild=True)
    if not row["ok"]:
        raise RuntimeError(f"our build failed: {row.get('error', '')[-500:]}")
    stock = build_stock_same_text(tmp, ours, site_name, nav)
    results["html_gzip"] = html_sizes(ours)
    phase("home page first visit in Chromium")
    results["page_weight"] = page_weight(ours, urls=["/"])
    status = 1 if "error" in results["page_weight"] else status
    phase("Lighthouse (mobile, median of runs), ours and stock Material in turn")
    results["lighthouse"] = lighthouse({"ours": ours, "stock": stock}, args.lighthouse_runs, RESULTS / "lighthouse")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="no 500-page builds and no Lighthouse; 3 build runs (for development)")
    parser.add_argument("--no-tests", action="store_true", help="do not time the test suite")
    parser.add_argument("--lighthouse-only", action="store_true",
                        help="one build of ours and of stock Material, the home page's first visit, then "
                             "Lighthouse on both (no build timing, no synthetic sites, no test suite)")
    parser.add_argument("--runs", type=int, help="timed runs of the real site's builds after the warm-up "
                                                   "(default 5, quick 3)")
    parser.add_argument("--synthetic-runs", type=int, default=3,
                        help="timed runs of the 100- and 500-page builds after the warm-up (default 3)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--out", type=Path, default=RESULTS / "bench.json", help="JSON results file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary build folders")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 5)
    synthetic_runs = args.synthetic_runs
    sizes = [100] if args.quick else [100, 500]

    versions = {}
    for pkg in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "playwright"):
        try:
            from importlib.metadata import version
            versions[pkg] = version(pkg)
        except Exception:  # noqa: BLE001
            versions[pkg] = None
    results: dict = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "args": {"quick": args.quick, "lighthouse_only": args.lighthouse_only, "no_tests": args.no_tests, "runs": runs, "synthetic_runs": synthetic_runs,
                 "lighthouse_runs": 0 if args.quick else args.lighthouse_runs},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(),
                    "loadavg_start": [round(x, 2) for x in os.getloadavg()]},
        "versions": versions,
        "targets": TARGETS,
    }
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    status = 0
    try:
        phase(f"snapshot of docs/ and first strict build in {tmp}")
        config, real_docs, config_text = build_snapshot(tmp)
        nav = real_nav(config_text)
        site_name = yaml.safe_load(re.search(r"^site_name:.*$", config_text, re.M).group(0))["site_name"]
        if args.lighthouse_only:
            results["lighthouse_only"] = True
            status = lighthouse_only(tmp, config, site_name, nav, args, results)
            raise _Done
        variants = {
            "ours-real": {"config": config, "out": tmp / "out-ours-real", "postbuild": True},
            "stock-real": {"config": stock_config(tmp / "stock-real", real_docs, site_name, nav),
                           "out": tmp / "out-stock-real", "postbuild": False, "fallback_non_strict": True},
        }
        synthetic = {}
        for n in sizes:
            syn = make_synthetic(tmp / f"syn-{n}", real_docs, n, config_text)
            synthetic[str(n)] = {k: v for k, v in syn.items() if k in ("pages", "augmented_pages", "source_pages")}
            variants[f"ours-{n}"] = {"config": syn["config"], "out": tmp / f"out-ours-{n}", "postbuild": True}
            variants[f"stock-{n}"] = {"config": stock_config(tmp / f"stock-{n}", syn["docs"], site_name, syn["nav"]),
                                      "out": tmp / f"out-stock-{n}", "postbuild": False,
                                      "fallback_non_strict": True}
        results["synthetic"] = synthetic
        results["real_pages"] = len(list(real_docs.rglob("*.md")))
        phase("builds: real site, ours and stock")
        builds = measure_builds({k: v for k, v in variants.items() if k.endswith("-real")}, runs)
        phase("builds: synthetic sites, ours and stock")
        builds.update(measure_builds({k: v for k, v in variants.items() if not k.endswith("-real")},
                                     synthetic_runs))
        ratios = {}
        for size in ["real"] + [str(n) for n in sizes]:
            ratios[f"ours/stock {size}"] = paired_ratio(builds, f"ours-{size}", f"stock-{size}")
            ratios[f"ours/stock {size} (mkdocs only)"] = paired_ratio(builds, f"ours-{size}", f"stock-{size}",
                                                                      "mkdocs_s")
        if 500 in sizes:
            ratios["500/100 ours"] = paired_ratio(builds, "ours-500", "ours-100")
            ratios["500/100 stock"] = paired_ratio(builds, "stock-500", "stock-100")
        builds["ratios"] = ratios
        results["builds"] = builds

        site = tmp / "out-ours-real"
        if not (site / "index.html").exists():
            raise RuntimeError("the real site's last build has no index.html")
        results["html_gzip"] = html_sizes(site)
        phase("page weight in Chromium")
        results["page_weight"] = page_weight(site)
        status = 1 if "error" in results["page_weight"] else status
        phase(f"symptom diary with {DIARY_ENTRIES:,} entries in Chromium")
        try:
            results["diary"] = measure_diary(site)
        except Exception as error:  # noqa: BLE001 - record and go on
            results["diary"] = {"error": repr(error)}
            log(f"diary timing failed: {error!r}")
        if not args.quick:
            phase("Lighthouse (mobile, median of runs)")
            stock = build_stock_same_text(tmp, site, site_name, nav)
            results["lighthouse"] = lighthouse({"ours": site, "stock": stock},
                                               args.lighthouse_runs, RESULTS / "lighthouse")
        if not args.no_tests:
            phase("test suite (pytest -q)")
            results["test_suite"] = test_suite()
    except _Done:
        pass
    except Exception as error:  # noqa: BLE001 - still write what was measured
        results["error"] = repr(error)
        log(f"benchmark stopped: {error!r}")
        status = 2
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            results["temp_dir"] = str(tmp)
    results["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    results["machine"]["loadavg_by_phase"] = LOAD
    rows = report(results)
    results["table"] = [dict(zip(("figure", "value", "target", "result"), row)) for row in rows]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print_table(rows, results)
    print(f"\nJSON: {args.out}")
    return status


if __name__ == "__main__":
    sys.exit(main())
