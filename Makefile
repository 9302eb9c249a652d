# Mobilize: `make demo` serves the demo programme; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MOBILIZE := $(BIN)/mobilize
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo setup test ci lint format schema bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base-installed: requirements/base.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements/dev.lock $(VENV)/.base-installed
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	touch $@

## setup: virtual environment, locked install, migrate, reference data (all that demo needs short of serving)
setup: $(VENV)/.base-installed
	$(MOBILIZE) migrate --noinput
	$(MOBILIZE) load_reference

## demo: setup, the demo programme, the demo logins, then serve on http://127.0.0.1:8000
demo: setup
	$(MOBILIZE) seed_demo
	@echo "Demo logins (password for each is shown):"
	@$(MOBILIZE) demo_users
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(MOBILIZE) runserver $(HOST):$(PORT) --noreload

## test: install what tests need and run the whole suite (DATABASE_URL picks PostgreSQL)
test: $(VENV)/.dev-installed
	$(BIN)/pytest -q -n 2 $(PYTEST_ARGS)

## lint: ruff, formatting, mypy, import-linter
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src config
	$(BIN)/lint-imports

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## schema: write the OpenAPI schema to docs/openapi.json (CI diffs against the committed copy)
schema: $(VENV)/.base-installed
	$(MOBILIZE) openapi_schema --output docs/openapi.json

$(VENV)/.bench-installed: requirements/bench.lock $(VENV)/.dev-installed
	$(BIN)/pip install --quiet --require-hashes -r requirements/bench.lock
	touch $@

## bench: time and peak memory of generation and statistics (scales 1 and 10), against DuckDB
bench: $(VENV)/.bench-installed
	$(BIN)/python bench/run.py

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var
