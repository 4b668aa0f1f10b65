# One entry point for readers, editors and CI. Every target is safe to re-run.
# Run MkDocs through these targets, not directly.
#   make check   install the Python tools, then check everything a browser is not needed for (seconds)
#   make serve   install the Python tools, then preview the site on http://127.0.0.1:8000
#   make test    install everything (Python and npm), then run the full test suite
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(BIN)/python
export NO_MKDOCS_2_WARNING := 1
# Byte-compile the tools once at install time: builds then start faster,
# even where PYTHONDONTWRITEBYTECODE is set.
export UV_COMPILE_BYTECODE := 1

.PHONY: help install install-python system-deps check serve build test review-due bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv itself comes from a hash-locked requirements file; everything else from uv.lock.
# The .pth line silences Material's end-of-life banner even when .venv/bin/mkdocs is run directly.
$(VENV)/.installed-python: $(BIN)/python uv.lock pyproject.toml tools/requirements-uv.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r tools/requirements-uv.txt
	$(UV) sync --locked --quiet
	echo 'import os; os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")' \
	  > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/sitekit-quiet-mkdocs.pth"
	touch $@

# npm tools (axe-core, the HTML checker, Lighthouse) are needed by the tests only.
$(VENV)/.installed: $(VENV)/.installed-python package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install-python: $(VENV)/.installed-python ## Install the Python tools only (enough for check, serve, build)

install: $(VENV)/.installed ## Install the Python and npm tools (from lock files)

system-deps: ## Install Chromium and Java from Debian packages (needs root; skipped if present)
	@bash tools/system-deps.sh

check: install-python ## Check pages, citations, links, spelling and reading level (PAGE=docs/x.md for one page)
	@$(BIN)/python tools/check.py $(PAGE)

# --dirty: a save re-renders only that page (sitekit/preview.py re-renders all after a shared input changes).
serve: install-python ## Preview with live reload on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict --dirty --dev-addr 127.0.0.1:8000

build: install-python ## Build the site into site/ exactly as it is published
	$(BIN)/mkdocs build --strict --clean
	$(BIN)/python -m sitekit.postbuild site

test: install system-deps ## Run the whole test suite (builds the site once)
	$(BIN)/python -m pytest

review-due: install-python ## List pages whose review is due within 60 days
	@$(BIN)/python -m sitekit.review_due docs

bench: install system-deps ## Measure build time, page weight and Lighthouse scores
	$(BIN)/python tools/bench.py

clean: ## Remove build output and caches (keeps the installed tools)
	rm -rf site .pytest_cache .cache bench-results
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -not -path './node_modules/*' -exec rm -rf {} +
