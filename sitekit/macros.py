"""The mkdocs-macros entry points."""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from . import badges, bibliography, bodymap, changes, citations, feed, forest, glossary, iconarray, jsonld, preview, sitecheck
from .problems import build_error

log = logging.getLogger("mkdocs.plugins.sitekit")


def define_env(env) -> None:
    docs_dir = Path(env.conf["docs_dir"])
    project_dir = Path(env.conf["config_file_path"]).resolve().parent
    settings = (env.conf.get("extra") or {}).get("sitekit") or {}
    bib_path = project_dir / settings.get("bibliography", "data/bibliography.yml")
    preview.keep_fresh(project_dir, Path(env.conf["config_file_path"]), Path(env.conf["site_dir"]))
    pages, entries, problems, unused = sitecheck.run(docs_dir, bib_path, env.conf.get("nav"),
                                                     Path(env.conf["config_file_path"]))
    if problems:
        raise build_error(problems)
    if unused:
        # Not an error (a source may be waiting for its page), so not a
        # MkDocs warning either: --strict would turn it into one.
        log.info("sitekit: %d bibliography entries are not cited on any page: %s",
                 len(unused), ", ".join(unused))
    env.variables["sitekit_pages"] = pages
    env.variables["sitekit_entries"] = entries
    env.variables["sitekit_terms"] = glossary.load()   # for the page history (sitekit.changes.render)

    for name, macro in badges.MACROS.items():
        env.macro(macro, name)

    # The IL-6 meta-analyses figure and table: a malformed row fails the build (file, line, row).
    forest_source = settings.get("forest_data", "data/il6-meta-analyses.yml")
    forest_used = "forest_data" in settings or forest.used_in(docs_dir)  # sites without the figure skip it
    forest_rows, forest_problems = forest.load(project_dir / forest_source, set(entries)) if forest_used else ([], [])
    if forest_problems:
        raise build_error(forest_problems)
    env.macro(lambda: forest.figure(forest_rows, source=forest_source), "forest_figure")
    env.macro(lambda summary=None: forest.table(forest_rows, summary), "forest_table")

    # Icon arrays ("100 people" pictograms), same pattern: a malformed row fails the build.
    icons_source = settings.get("icon_arrays", "data/icon-arrays.yml")
    icons_used = "icon_arrays" in settings or iconarray.used_in(docs_dir)
    icon_rows, icon_problems = iconarray.load(project_dir / icons_source, set(entries)) if icons_used else ({}, [])
    if icon_problems:
        raise build_error(icon_problems)
    env.macro(lambda *keys: iconarray.figure(icon_rows, *keys, source=icons_source), "icon_array")

    @env.macro
    def body_map() -> str:
        """The criteria explainer's body map (data/body-map.yml); a malformed row fails the build."""
        areas, problems = bodymap.load(project_dir / settings.get("body_map", "data/body-map.yml"))
        if problems:
            raise build_error(problems)
        return bodymap.figure(areas)

    @env.macro
    def references() -> str:
        """Every bibliography entry grouped by type, with the pages that cite it."""
        here = posixpath.dirname(env.page.file.src_uri)
        cited_by: dict[str, list] = {}
        for page in pages:
            for key in page.cited:
                cited_by.setdefault(key, []).append(page)
        out = []
        for kind, heading in bibliography.TYPES.items():
            keys = sorted((k for k, e in entries.items() if e.get("type") == kind),
                          key=lambda k: (str(entries[k]["authors"]).lower(), str(entries[k]["year"])))
            if not keys:
                continue
            out.append(f"## {heading}\n")
            for key in keys:
                back = ", ".join(
                    f"[{p.meta['title']}]({posixpath.relpath(p.path, here or '.')})" for p in cited_by.get(key, []))
                where = f" Cited on: {back}." if back else " Not yet cited on a page."
                out.append(f'- <span id="ref-{key}"></span>{bibliography.format_html(entries[key])}{where}')
            out.append("")
        return "\n".join(out)

    @env.macro
    def glossary_list() -> str:
        return glossary.definition_list(glossary.load())

    @env.macro
    def recently_reviewed(count: int = 5) -> str:
        """Links to the pages reviewed most recently, newest first."""
        here = posixpath.dirname(env.page.file.src_uri)
        medical = [p for p in pages if p.meta.get("type") not in jsonld.NON_MEDICAL]
        medical.sort(key=lambda p: (str(p.meta["last_reviewed"]), p.path), reverse=True)
        return "\n".join(f"- [{p.meta['title']}]({posixpath.relpath(p.path, here or '.')}) "
                         f"(reviewed {p.meta['last_reviewed']})" for p in medical[:count])

    @env.macro
    def whats_new(count: int = 30) -> str:
        """The latest changes across the site (pages' changes: lists), newest first."""
        return feed.markdown_list(feed.collect(pages), posixpath.dirname(env.page.file.src_uri), count)


def on_post_build(env) -> None:
    """After the build: the Atom feed of the pages' changes (feed.xml)."""
    conf = env.conf
    feed.write(Path(conf["site_dir"]), feed.collect(env.variables["sitekit_pages"]),
               conf["site_name"], conf["site_url"] or "")


def on_post_page_macros(env) -> None:
    """After macros: number the citations, and attach structured data."""
    entries = env.variables["sitekit_entries"]
    env.markdown, _ = citations.render(env.markdown, entries)
    page, conf = env.page, env.conf
    meta = page.meta
    changes.render(meta, env.variables["sitekit_terms"])
    if meta.get("title") and meta.get("reviewed_by"):
        url = page.canonical_url or ""
        data = jsonld.build(meta, url, conf["site_name"], conf["site_url"] or "", entries, page.file.src_uri)
        meta["jsonld"] = jsonld.dumps(data)
