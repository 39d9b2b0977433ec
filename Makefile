# The README's two commands are `make run` and `make test`; everything else here serves them.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SITES  ?= .unspin/sites

.PHONY: run test lint typecheck unit install dev system-deps bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

## make run: set up and start the service (REST API + web form) on http://$(HOST):$(PORT); what it learns of
## each site is kept in $(SITES) (see README, site learning)
run: install
	UNSPIN_SITES_DIR="$${UNSPIN_SITES_DIR:-$(SITES)}" $(BIN)/unspin serve --host $(HOST) --port $(PORT)

## make test: set up everything the tests need (system packages too), then lint, type-check and test
test: dev system-deps lint typecheck unit

system-deps:
	bash scripts/install-system-deps.sh

lint: dev
	$(BIN)/ruff check app tests bench scripts
	$(BIN)/ruff format --check app tests bench scripts

typecheck: dev
	$(BIN)/mypy

unit: dev
	$(BIN)/python -m pytest -q tests

format: dev
	$(BIN)/ruff format app tests bench scripts
	$(BIN)/ruff check --fix app tests bench scripts

bench: dev
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/speed.py

eval: dev
	$(BIN)/unspin eval ../shared/eval/dev/news.jsonl ../shared/eval/dev/clean.jsonl

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
