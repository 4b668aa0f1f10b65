"""Main-thread profile of built pages in Chromium, as Lighthouse's mobile run
slows the CPU (4x): where does the time go on page load?

Usage (from the project root, after a build into DIR):

    .venv/bin/python tools/profile.py DIR [/page/ ...] [--runs 3] [--json out.json]

For each page: a fresh browser context at 412x823 (Lighthouse's phone), CPU
throttled 4x, a DevTools trace of the load (plus 1.5 s after it). Prints, as
medians over the runs, main-thread milliseconds by kind (script evaluation and
compilation, style, layout, paint, HTML parsing, garbage collection), the
blocking time (sum over main-thread tasks of the part beyond 50 ms, like
Lighthouse's TBT but measured, not simulated), and self time of script by
source file of Material's bundle (through its source map) or by script URL.
Run our build and a stock Material build in the same call to compare them
under the same load: `tools/profile.py ours/ --compare stock/`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from collections import defaultdict
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
PAGES = ["/", "/fibromyalgia/causes/", "/il-6/blood-tests/", "/il-6/research/", "/fibromyalgia/treatment/"]
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "v8"]

KIND = {
    "script": {"EvaluateScript", "v8.compile", "v8.compileModule", "v8.evaluateModule", "FunctionCall",
               "v8.callFunction", "RunMicrotasks", "TimerFire", "EventDispatch", "FireAnimationFrame",
               "FireIdleCallback", "v8.run", "V8.Execute", "v8.produceCache", "v8.produceModuleCache",
               "CompileScript", "CompileCode", "ParseOnBackground", "XHRReadyStateChange", "XHRLoad",
               "ResizeObserverObserve", "IntersectionObserverController::computeIntersections",
               "v8.parseOnBackground", "V8.ParseFunction", "V8.CompileLazy", "V8.CompileCode"},
    "style": {"UpdateLayoutTree", "RecalculateStyles", "ParseAuthorStyleSheet", "ScheduleStyleRecalculation",
              "InvalidateLayout", "StyleInvalidatorInvalidationTracking"},
    "layout": {"Layout", "UpdateLayer", "UpdateLayerTree", "HitTest", "LayoutShift", "IntersectionObserverController"},
    "paint": {"Paint", "PaintImage", "PrePaint", "Layerize", "CompositeLayers", "Commit", "RasterTask"},
    "parse HTML": {"ParseHTML"},
    "gc": {"MinorGC", "MajorGC", "V8.GCScavenger", "V8.GCFinalizeMC", "V8.GCIncrementalMarking",
           "BlinkGC.AtomicPhase", "ThreadState::performIdleLazySweep", "V8.GC_MC_BACKGROUND_MARKING",
           "V8.GCCompactor", "GCEvent"},
}
KIND_OF = {name: kind for kind, names in KIND.items() for name in names}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


# --- source maps: which source file of the bundle a profile node is in -------

B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def _vlq(segment: str) -> list[int]:
    values, shift, value = [], 0, 0
    for char in segment:
        digit = B64[char]
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            values.append(-(value >> 1) if value & 1 else value >> 1)
            shift, value = 0, 0
    return values


def source_lookup(map_path: Path):
    """(line, column) of the minified file -> source file name (0-based)."""
    data = json.loads(map_path.read_text(encoding="utf-8"))
    sources = data["sources"]
    lines: list[list[tuple[int, int]]] = []
    src = 0
    for line in data["mappings"].split(";"):
        col, row = 0, []
        for seg in filter(None, line.split(",")):
            v = _vlq(seg)
            col += v[0]
            if len(v) > 1:
                src += v[1]
                row.append((col, src))
        lines.append(row)

    def find(line: int, column: int) -> str:
        row = lines[line] if 0 <= line < len(lines) else []
        best = None
        for col, s in row:
            if col > column:
                break
            best = s
        if best is None:
            return "?"
        return sources[best].replace("src/templates/assets/javascripts/", "").replace("node_modules/", "npm:")
    return find


# --- trace analysis -----------------------------------------------------------

def main_thread(events: list[dict], url: str | None = None) -> tuple[int, int]:
    """The renderer main thread that parsed `url` (else the busiest one)."""
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    if url:
        for e in events:
            if e.get("name") == "ParseHTML" and ((e.get("args") or {}).get("beginData") or {}).get("url") == url:
                return e["pid"], e["tid"]
    counts: dict = defaultdict(int)
    for e in events:
        if e.get("ph") == "X" and names.get((e["pid"], e["tid"])) == "CrRendererMain":
            counts[(e["pid"], e["tid"])] += e.get("dur", 0)
    return max(counts, key=counts.get)


def analyse(events: list[dict], url: str | None = None) -> dict:
    """Main-thread self time by event name, both wall time (dur) and the
    thread's CPU time (tdur): on a loaded machine wall time includes waiting
    for a core, CPU time does not, so CPU time is the figure to compare
    between runs. Also load-independent counts: elements styled, layout
    objects laid out."""
    pid, tid = main_thread(events, url)
    spans = sorted((e for e in events if e.get("pid") == pid and e.get("tid") == tid and e.get("ph") == "X"
                    and "dur" in e), key=lambda e: (e["ts"], -e["dur"]))
    self_wall: dict[str, float] = defaultdict(float)
    self_cpu: dict[str, float] = defaultdict(float)
    stack: list[list] = []  # [end, name, child wall, wall, child cpu, cpu]
    tasks, task_cpu = [], []
    styled = laid_out = 0

    def close(until: float) -> None:
        while stack and stack[-1][0] <= until:
            end, name, child, dur, child_cpu, cpu = stack.pop()
            self_wall[name] += dur - child
            self_cpu[name] += max(0.0, cpu - child_cpu)
            if stack:
                stack[-1][2] += dur
                stack[-1][4] += cpu

    for e in spans:
        close(e["ts"])
        cpu = e.get("tdur", e["dur"])
        if not stack and e["name"] in ("RunTask", "ThreadControllerImpl::RunTask"):
            tasks.append(e["dur"] / 1000)
            task_cpu.append(cpu / 1000)
        if e["name"] == "UpdateLayoutTree":
            styled += (e.get("args") or {}).get("elementCount", 0) or 0
        if e["name"] == "Layout":
            laid_out += ((e.get("args") or {}).get("beginData") or {}).get("dirtyObjects", 0) or 0
        stack.append([e["ts"] + e["dur"], e["name"], 0.0, e["dur"], 0.0, cpu])
    close(float("inf"))

    def by_kind(table: dict[str, float]) -> dict[str, float]:
        kinds: dict[str, float] = defaultdict(float)
        for name, us in table.items():
            if name in ("RunTask", "ThreadControllerImpl::RunTask"):
                kind = "other"
            else:
                kind = KIND_OF.get(name, "script" if name.startswith(("V8.", "v8.")) else "other")
            kinds[kind] += us / 1000
        return dict(kinds)
    return {"kinds_ms": by_kind(self_wall), "cpu_kinds_ms": by_kind(self_cpu),
            "busy_ms": sum(tasks), "cpu_busy_ms": sum(task_cpu),
            "blocking_ms": sum(max(0, t - 50) for t in tasks),
            "long_tasks": len([t for t in tasks if t > 50]),
            "elements_styled": styled, "objects_laid_out": laid_out,
            "top": sorted(((n, us / 1000) for n, us in self_cpu.items()), key=lambda x: -x[1])[:12]}


def profile_by_source(profile: dict, lookups: dict) -> dict[str, float]:
    """Self time (ms) of sampled script by bundle source file or script URL."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    deltas = profile.get("timeDeltas", [])
    samples = profile.get("samples", [])
    out: dict[str, float] = defaultdict(float)
    for node_id, delta in zip(samples[1:], deltas[1:]):
        frame = nodes[node_id]["callFrame"]
        url = frame.get("url", "")
        name = frame.get("functionName") or "(anonymous)"
        if not url:
            key = name if name.startswith("(") else f"(native) {name}"
            if key in ("(idle)", "(program)"):
                continue
        else:
            short = url.rsplit("/", 1)[-1]
            lookup = next((f for k, f in lookups.items() if short.startswith(k)), None)
            key = f"bundle:{lookup(frame['lineNumber'], frame['columnNumber'])}" if lookup else short
        out[key] += delta / 1000
    return dict(out)


def run_page(browser, url: str, throttle: float, lookups: dict) -> dict:
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    browser.start_tracing(page=page, categories=CATEGORIES)
    cdp.send("Profiler.start")
    page.goto(url, wait_until="load")
    time.sleep(1.5)
    profile = cdp.send("Profiler.stop")["profile"]
    trace = json.loads(browser.stop_tracing())
    counts = page.evaluate("""() => ({abbr: document.querySelectorAll('article abbr').length,
        titled: document.querySelectorAll('article [title]').length,
        links: document.querySelectorAll('article a').length,
        elements: document.querySelectorAll('*').length})""")
    context.close()
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    result = analyse(events, url)
    result["by_source_ms"] = profile_by_source(profile, lookups)
    result["counts"] = counts
    return result


def summarise(runs: list[dict]) -> dict:
    kinds = sorted({k for r in runs for k in r["kinds_ms"]})
    sources = {k for r in runs for k in r["by_source_ms"]}
    return {
        "kinds_ms": {k: round(statistics.median(r["kinds_ms"].get(k, 0) for r in runs), 1) for k in kinds},
        "cpu_kinds_ms": {k: round(statistics.median(r["cpu_kinds_ms"].get(k, 0) for r in runs), 1) for k in kinds},
        "busy_ms": round(statistics.median(r["busy_ms"] for r in runs), 1),
        "cpu_busy_ms": round(statistics.median(r["cpu_busy_ms"] for r in runs), 1),
        "elements_styled": statistics.median(r["elements_styled"] for r in runs),
        "objects_laid_out": statistics.median(r["objects_laid_out"] for r in runs),
        "blocking_ms": round(statistics.median(r["blocking_ms"] for r in runs), 1),
        "long_tasks": statistics.median(r["long_tasks"] for r in runs),
        "by_source_ms": dict(sorted(((k, round(statistics.median(r["by_source_ms"].get(k, 0) for r in runs), 1))
                                     for k in sources), key=lambda kv: -kv[1])[:15]),
        "counts": runs[0]["counts"],
        "top_events_ms": [(n, round(ms, 1)) for n, ms in runs[len(runs) // 2]["top"]],
    }


def bundle_lookups(site: Path) -> dict:
    out = {}
    for js in (site / "assets" / "javascripts").glob("bundle.*.min.js"):
        sm = js.with_name(js.name + ".map")
        if sm.exists():
            out["bundle."] = source_lookup(sm)
    return out


def profile_sites(sites: dict[str, Path], pages: list[str], runs: int, throttle: float) -> dict:
    from playwright.sync_api import sync_playwright
    out: dict = {}
    servers = {name: serve(path) for name, path in sites.items()}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for url in pages:
                collected: dict[str, list] = {name: [] for name in sites}
                for _ in range(runs):  # alternate builds so load changes hit both alike
                    for name, path in sites.items():
                        if not (path / url.lstrip("/") / "index.html").exists():
                            continue
                        collected[name].append(run_page(browser, servers[name][1] + url, throttle,
                                                        bundle_lookups(path)))
                for name, results in collected.items():
                    if results:
                        out.setdefault(name, {})[url] = summarise(results)
            browser.close()
    finally:
        for httpd, _ in servers.values():
            httpd.shutdown()
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="*", default=PAGES)
    parser.add_argument("--compare", type=Path, help="a second built site (e.g. stock Material) to profile alongside")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--throttle", type=float, default=4.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    sites = {"ours": args.site}
    if args.compare:
        sites["compare"] = args.compare
    result = profile_sites(sites, args.pages, args.runs, args.throttle)
    for name, pages in result.items():
        for url, r in pages.items():
            k = r["kinds_ms"]
            print(f"\n{name} {url}  (median of {args.runs}, CPU {args.throttle:g}x slower)  counts {r['counts']}")
            print(f"  busy {r['busy_ms']:.0f} ms, blocking (tasks beyond 50 ms) {r['blocking_ms']:.0f} ms, "
                  f"long tasks {r['long_tasks']}")
            c = r["cpu_kinds_ms"]
            print(f"  main-thread CPU {r['cpu_busy_ms']:.0f} ms: " + ", ".join(
                f"{kind} {ms:.0f}" for kind, ms in sorted(c.items(), key=lambda kv: -kv[1])))
            print(f"  wall clock (includes waiting for a core): " + ", ".join(
                f"{kind} {ms:.0f}" for kind, ms in sorted(k.items(), key=lambda kv: -kv[1])))
            print(f"  elements styled {r['elements_styled']:.0f}, layout objects laid out {r['objects_laid_out']:.0f}")
            print("  top events (self CPU ms, middle run): " + ", ".join(f"{n} {ms:.0f}" for n, ms in r["top_events_ms"]))
            print("  script self time by source: " + ", ".join(f"{s} {ms:.0f}" for s, ms in r["by_source_ms"].items()))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
