# One entry point for readers, editors and CI. Every target is safe to re-run.
#   make serve   install everything, then preview the site on http://127.0.0.1:8000
#   make test    install everything, then run the full test suite
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

.PHONY: help install system-deps serve build test review-due bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv itself comes from a hash-locked requirements file; everything else from uv.lock.
$(VENV)/.installed: $(BIN)/python uv.lock pyproject.toml tools/requirements-uv.txt package-lock.json
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r tools/requirements-uv.txt
	$(UV) sync --locked --quiet
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed ## Install the Python and npm tools (from lock files)

system-deps: ## Install Chromium and Java from Debian packages (needs root; skipped if present)
	@bash tools/system-deps.sh

serve: install ## Preview with live reload on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: install ## Build the site into site/ exactly as it is published
	$(BIN)/mkdocs build --strict --clean
	$(BIN)/python -m sitekit.postbuild site

test: install system-deps ## Run the whole test suite (builds the site once)
	$(BIN)/python -m pytest

review-due: install ## List pages whose review is due within 60 days
	@$(BIN)/python -m sitekit.review_due docs

bench: install system-deps ## Measure build time, page weight and Lighthouse scores
	$(BIN)/python tools/bench.py

clean: ## Remove build output and caches (keeps the installed tools)
	rm -rf site .pytest_cache .cache bench-results
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -not -path './node_modules/*' -exec rm -rf {} +
