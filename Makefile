# Set-up and run targets. Everything is installed from PyPI into .venv by pip:
# the pinned packages of pyproject.toml, the French spaCy model among them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ARTICLES ?= ../shared/seeds
DB ?= recoupe.db
OUT ?= out

.PHONY: install sysdeps pgdeps run test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Debian packages for the browser test of the HTML report (headless Chromium). Needs root or
# sudo; without them the browser test is skipped with a message, the rest runs.
sysdeps:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  ($$SUDO apt-get update -qq && $$SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "warning: could not install Debian chromium; the browser test will be skipped"; }

# Debian's PostgreSQL server, for the store tests on PostgreSQL (.ci/run starts a throwaway
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

lint: install
	$(BIN)/ruff check recoupe tests bench scripts
	$(BIN)/mypy

test: lint sysdeps
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(OUT) $(DB) .pytest_cache .mypy_cache .ruff_cache
