"""Build-time logic for the site, run by mkdocs-macros (which both MkDocs and
Zensical run): front-matter checks, citations, evidence labels, references,
glossary and structured data. Each part is a small module with its own tests."""

from .macros import define_env, on_post_build, on_post_page_macros  # noqa: F401
