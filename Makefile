# Set-up and run targets. Everything is installed from PyPI into .venv by pip:
# the pinned packages of pyproject.toml, the French spaCy model among them; the web pages'
# JavaScript libraries come from npm (package-lock.json, exact versions) and are copied
# into recoupe/web/static/vendor/, from where `recoupe serve` serves them (no CDN).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ARTICLES ?= ../shared/seeds
DB ?= recoupe.db
OUT ?= out
VENDOR := recoupe/web/static/vendor

.PHONY: install sysdeps pgdeps run serve test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/
	touch $@

install: $(BIN)/.installed $(VENDOR)/.installed

# Debian packages for the browser tests of the report and the web pages (headless Chromium).
# Needs root or sudo; without them the browser tests are skipped with a message, the rest runs.
# `env` carries DEBIAN_FRONTEND through sudo and works when SUDO is empty (as root).
sysdeps:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  ($$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
	   && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "warning: could not install Debian chromium; the browser tests will be skipped"; }

# Debian's PostgreSQL server, for the store and web tests on PostgreSQL (.ci/run starts a throwaway
# cluster with scripts/pg_cluster.sh and sets RECOUPE_TEST_PG). `env` carries the variable
# whether or not sudo is there (a bare VAR=value after an empty $$SUDO is no assignment).
pgdeps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# The main job: analyse a folder of articles into an SQLite file, show and export the events.
run: install
	@mkdir -p $(OUT)
	$(BIN)/recoupe analyze $(ARTICLES) --db $(DB) || test $$? -eq 1
	$(BIN)/recoupe events --db $(DB) --limit 40
	$(BIN)/recoupe stories --db $(DB) --limit 20
	$(BIN)/recoupe export events --db $(DB) --format jsonl > $(OUT)/events.jsonl
	$(BIN)/recoupe export stories --db $(DB) --format jsonl > $(OUT)/stories.jsonl
	$(BIN)/recoupe export claims --db $(DB) --format jsonl > $(OUT)/claims.jsonl
	$(BIN)/recoupe report --db $(DB) --out $(OUT)/report.html
	@echo "wrote $(DB) and $(OUT)/: events.jsonl, stories.jsonl, claims.jsonl, report.html"
	@echo "browse it: $(BIN)/recoupe serve --db $(DB)   then open http://127.0.0.1:8000/"

# The web interface on the database `run` wrote (read-only; Ctrl-C stops it).
serve: install
	$(BIN)/recoupe serve --db $(DB)

lint: install
	$(BIN)/ruff check recoupe tests bench scripts
	$(BIN)/mypy

test: lint sysdeps
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(OUT) $(DB) .pytest_cache .mypy_cache .ruff_cache node_modules $(VENDOR)
