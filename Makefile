# Set-up and run targets. Everything is installed from PyPI into .venv by pip:
# the pinned packages of pyproject.toml, the French spaCy model among them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ARTICLES ?= ../shared/seeds
DB ?= recoupe.db
OUT ?= out

.PHONY: install run test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# The main job: analyse a folder of articles into an SQLite file, show and export the events.
run: install
	@mkdir -p $(OUT)
	$(BIN)/recoupe analyze $(ARTICLES) --db $(DB) || test $$? -eq 1
	$(BIN)/recoupe events --db $(DB) --limit 40
	$(BIN)/recoupe export events --db $(DB) --format jsonl > $(OUT)/events.jsonl
	$(BIN)/recoupe export stories --db $(DB) --format jsonl > $(OUT)/stories.jsonl
	@echo "wrote $(DB), $(OUT)/events.jsonl and $(OUT)/stories.jsonl"

lint: install
	$(BIN)/ruff check recoupe tests bench scripts
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(OUT) $(DB) .pytest_cache .mypy_cache .ruff_cache
