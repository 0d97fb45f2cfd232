# Build, check and test the site.  `make` (or `make help`) lists the targets.
#
# Everything Python runs from a virtualenv in .venv, created on demand and
# filled from the hash-pinned requirements.txt, then given the site's own
# package (pyproject.toml: `macros`, whose entry point is the MkDocs plugin
# `eis`); it is reinstalled only when either file changes.  Browser tests drive Debian's /usr/bin/chromium
# through Playwright: no browser is ever downloaded.

SHELL := /bin/sh
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
# The other engine, in a venv of its own (make engines).
ENGINES_VENV := .venv-engines
ENGINES_BIN := $(ENGINES_VENV)/bin
ENGINES_STAMP := $(ENGINES_VENV)/.installed
ENGINES_DIR ?= build/engines
ADDR ?= 127.0.0.1:8000
SITE_DIR ?= site
# The revision `make score-diff` and `make bench-against` compare with.
BASE ?= origin/main
PYTEST_ARGS ?=
# The preview rebuilds only the pages whose Markdown changed, and everything
# when data/, macros/, overrides/ or mkdocs.yml did (macros/site/plugin.py).
# Warnings are shown but do not stop it; `make build` and CI are strict.
SERVE_FLAGS ?= --dirty --no-strict
# e.g. BENCH_ARGS="--posts 100,1000 --runs 5"; LIGHTHOUSE_ARGS="--runs 3"
BENCH_ARGS ?=
# e.g. SIDEBYSIDE_ARGS="--posts 100 --runs 5 --warm"
SIDEBYSIDE_ARGS ?=
LIGHTHOUSE_ARGS ?=
MARKETS_ARGS ?=
# make markets-pr: the branch and pull request the Markets workflow keeps.
MARKETS_BRANCH ?= markets/refresh
MARKETS_BODY ?= score-changes.md
MARKETS_TITLE := Market prices from Manifold's API
MARKETS_BOT := github-actions[bot]
MARKETS_BOT_EMAIL := 41898282+github-actions[bot]@users.noreply.github.com
# The build keeps share images and page scans here between builds, keyed by
# their inputs and code (macros/site/cache.py); EIS_CACHE_DIR= builds without.
CACHE_DIR := .cache/eis
# Extra pip-compile flags, e.g. `make requirements PIP_COMPILE_ARGS=--upgrade`.
PIP_COMPILE_ARGS ?=

# Silences mkdocs-material's banner about MkDocs 2.
export NO_MKDOCS_2_WARNING := 1

.PHONY: help install venv serve build check lint browser pytest pytest-slow test test-links scores score-diff markets markets-pr bench bench-against lighthouse engines hooks requirements requirements-engines clean distclean

help: ## Show this help
	@echo "Usage: make <target> [PYTHON=python3] [ADDR=127.0.0.1:8000] [PYTEST_ARGS='...']"
	@echo "Builds keep their work between runs in $(CACHE_DIR)/ (EIS_CACHE_DIR=dir elsewhere, EIS_CACHE_DIR= none); make clean clears it."
	@echo
	@awk 'BEGIN { FS = ":.*## " } /^[a-zA-Z_-]+:.*## / { printf "  %-20s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# The venv itself.  Order-only below: bin/python is a symlink whose
# timestamp is the interpreter's, not the venv's.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { \
		echo "error: '$(PYTHON) -m venv' failed (on Debian: apt-get install python3-venv)" >&2; \
		rm -rf $(VENV); exit 1; }

# The site's package is installed editable (the preview sees each edit), in
# a second call: pip refuses -e beside --require-hashes.  It needs nothing
# from the network: no dependency of its own, and the pinned setuptools.
INSTALL_SITE = -m pip install --no-deps --no-build-isolation --no-index --quiet --editable .

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --require-hashes -r requirements.txt
	$(BIN)/python $(INSTALL_SITE)
	touch $@

venv: $(BIN)/python

install: $(STAMP) ## Create .venv, install requirements.txt and the site's package (only when either changed)

# A busy address is said in one line before anything is built; exec hands
# the terminal's signals straight to mkdocs, so stopping it leaves nothing.
serve: install ## Serve the site with live reload on http://$(ADDR) (ADDR=host:port, default 127.0.0.1:8000)
	@$(BIN)/python -c 'import socket, sys; host, _, port = sys.argv[1].rpartition(":"); socket.create_server((host, int(port))).close()' "$(ADDR)" 2>/dev/null || { \
		echo "error: cannot serve on $(ADDR): the address is in use or invalid; try make serve ADDR=127.0.0.1:8001" >&2; exit 1; }
	SITE_URL=http://$(ADDR)/ exec $(BIN)/mkdocs serve -a $(ADDR) $(SERVE_FLAGS)

# SOURCE_DATE_EPOCH (the last commit's time, unless already set) makes the
# build reproducible: MkDocs would write today's date into the sitemap.  An
# empty SITE_URL (an unset repository variable in CI) means mkdocs.yml's.
REPRODUCIBLY := if [ -z "$${SOURCE_DATE_EPOCH:-}" ] && epoch=$$(git log -1 --format=%ct 2>/dev/null) && [ -n "$$epoch" ]; then \
		SOURCE_DATE_EPOCH=$$epoch; export SOURCE_DATE_EPOCH; \
	fi; \
	if [ -z "$${SITE_URL:-}" ]; then unset SITE_URL; fi
build: install ## Build the site into site/ (strict; SITE_DIR=... elsewhere)
	@$(REPRODUCIBLY); \
	echo "SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-<unset>}"; \
	echo "$(BIN)/mkdocs build --strict --site-dir $(SITE_DIR)"; \
	$(BIN)/mkdocs build --strict --site-dir "$(SITE_DIR)"

check: install ## Validate data/ and docs/ (python -m macros check)
	$(BIN)/python -m macros check

lint: install ## Run ruff (lint + format check), mypy and zizmor (workflows)
	$(BIN)/ruff check macros tests bench
	$(BIN)/ruff format --check macros tests bench
	$(BIN)/mypy macros bench
	$(BIN)/zizmor --offline --quiet .github/workflows

browser: ## Install Debian's chromium if /usr/bin/chromium is missing (needs root)
	@if [ -x $(CHROMIUM) ]; then \
		echo "chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "chromium: $(CHROMIUM) missing, installing Debian's chromium"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium && \
		[ -x $(CHROMIUM) ] || { echo "error: $(CHROMIUM) still missing after apt-get install chromium" >&2; exit 1; }; \
	else \
		echo "error: $(CHROMIUM) is missing and this is not root." >&2; \
		echo "       Install Debian's chromium first: sudo apt-get update && sudo apt-get install -y chromium" >&2; \
		exit 1; \
	fi

# Every core, each worker taking the next test as it frees up.
pytest: install browser ## Run the test suite on every core, the slow measurements apart (PYTEST_ARGS=...)
	$(BIN)/python -m pytest -n auto --dist worksteal -m "not slow" $(PYTEST_ARGS)

pytest-slow: install browser ## Run the slow measurements: Lighthouse, the benchmark end to end
	$(BIN)/python -m pytest -n auto --dist worksteal -m slow $(PYTEST_ARGS)

# CI runs these same targets as separate steps; a test checks they match.
test: lint check pytest pytest-slow ## Lint, check the data, then run every test

# CI also runs these on every Python the site supports, each in a venv of its
# own: e.g. `make test-links PYTHON=python3.13 VENV=/tmp/venv313`.
test-links: install ## Run the link check's tests only (PYTHON=..., VENV=... for another Python)
	$(BIN)/python -m pytest tests/site/test_linkcheck.py $(PYTEST_ARGS)

scores: install ## Print every score as JSON (python -m macros scores --json)
	$(BIN)/python -m macros scores --json

score-diff: install ## Markdown table of score changes from BASE (default origin/main) to the working tree
	@$(BIN)/python -m macros diff "$(BASE)"

# The weekly Markets workflow runs this; MARKETS_ARGS="--on 2025-01-06" or "--api BASE".
markets: install ## Append each Manifold market's price (or its resolution) to data/markets.yaml (MARKETS_ARGS=...)
	$(BIN)/python -m macros markets refresh $(MARKETS_ARGS)

# The Markets workflow's second job, which runs no Python: the refreshed
# data/markets.yaml committed on MARKETS_BRANCH (made afresh from this
# commit), pushed, and its pull request opened or updated with the score
# table in MARKETS_BODY.  Needs gh and GH_TOKEN; nothing happens when the
# file is unchanged.
markets-pr: ## (CI) Open or update the pull request with the refreshed data/markets.yaml (gh, GH_TOKEN)
	@if git diff --quiet -- data/markets.yaml; then echo "data/markets.yaml is unchanged: no pull request"; exit 0; fi; \
	set -e; \
	git switch --quiet --force-create "$(MARKETS_BRANCH)"; \
	git add data/markets.yaml; \
	git -c user.name="$(MARKETS_BOT)" -c user.email="$(MARKETS_BOT_EMAIL)" commit --quiet -m "$(MARKETS_TITLE)"; \
	gh auth setup-git; \
	git push --quiet --force origin "$(MARKETS_BRANCH)"; \
	if [ "$$(gh pr view "$(MARKETS_BRANCH)" --json state --jq .state 2>/dev/null)" = OPEN ]; then \
		gh pr edit "$(MARKETS_BRANCH)" --body-file "$(MARKETS_BODY)"; \
	else \
		gh pr create --head "$(MARKETS_BRANCH)" --title "$(MARKETS_TITLE)" --body-file "$(MARKETS_BODY)"; \
	fi

# Not part of `make test`: several minutes of builds at 1,000 posts.
bench: install browser ## Benchmark: builds at 100 and 1,000 posts, command line, preview, bytes, Lighthouse (BENCH_ARGS=...)
	$(BIN)/python -m bench --serve-flags="$(SERVE_FLAGS)" $(BENCH_ARGS)

bench-against: install ## Cold builds of BASE and the working tree side by side at 1,000 posts (BASE=rev, SIDEBYSIDE_ARGS=...)
	$(BIN)/python -m bench.sidebyside "$(BASE)" $(SIDEBYSIDE_ARGS)

lighthouse: build browser ## Lighthouse (mobile) on Part XIV, the ledger and the tiers page of the built site
	$(BIN)/python -m bench.lighthouse "$(SITE_DIR)" $(LIGHTHOUSE_ARGS)

$(ENGINES_BIN)/python:
	$(PYTHON) -m venv $(ENGINES_VENV) || { \
		echo "error: '$(PYTHON) -m venv' failed (on Debian: apt-get install python3-venv)" >&2; \
		rm -rf $(ENGINES_VENV); exit 1; }

$(ENGINES_STAMP): requirements-engines.txt pyproject.toml | $(ENGINES_BIN)/python
	$(ENGINES_BIN)/python -m pip install --require-hashes -r requirements-engines.txt
	$(ENGINES_BIN)/python $(INSTALL_SITE)
	touch $@

# Not part of `make test`: CI runs it as a job of its own.
engines: install $(ENGINES_STAMP) ## Build with MkDocs and with ProperDocs (.venv-engines); same pages and figures, which bytes differ and why
	@$(REPRODUCIBLY); \
	set -e; \
	echo "$(BIN)/mkdocs build --strict --site-dir $(ENGINES_DIR)/mkdocs"; \
	$(BIN)/mkdocs build --strict --quiet --site-dir "$(ENGINES_DIR)/mkdocs"; \
	echo "$(ENGINES_BIN)/properdocs build --strict -f mkdocs.yml --site-dir $(ENGINES_DIR)/properdocs"; \
	$(ENGINES_BIN)/properdocs build --strict --quiet -f mkdocs.yml --site-dir "$(ENGINES_DIR)/properdocs"
	$(BIN)/python -m bench.enginediff --names MkDocs,ProperDocs "$(ENGINES_DIR)/mkdocs" "$(ENGINES_DIR)/properdocs"

hooks: install ## Install the git pre-commit hooks (ruff, and the data check when data/ changes)
	$(BIN)/pre-commit install

PIP_COMPILE := $(BIN)/pip-compile --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(PIP_COMPILE_ARGS)

requirements: venv ## Regenerate requirements.txt from requirements.in (pip-compile)
	test -x $(BIN)/pip-compile || $(BIN)/python -m pip install pip-tools
	CUSTOM_COMPILE_COMMAND="make requirements" $(PIP_COMPILE) -o requirements.txt requirements.in

# Constrained by requirements.txt: only the engine differs between the two.
requirements-engines: venv ## Regenerate requirements-engines.txt (ProperDocs) from requirements-engines.in
	test -x $(BIN)/pip-compile || $(BIN)/python -m pip install pip-tools
	CUSTOM_COMPILE_COMMAND="make requirements-engines" $(PIP_COMPILE) -o requirements-engines.txt requirements-engines.in

clean: ## Remove site/, the build's cache ($(CACHE_DIR)) and tool caches
	rm -rf site $(CACHE_DIR) .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

distclean: clean ## Also remove .venv, .venv-engines, build/ and the package's metadata
	rm -rf $(VENV) $(ENGINES_VENV) build *.egg-info
