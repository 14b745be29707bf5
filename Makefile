# Two commands do all the set-up: `make demo` and `make test`.
# Each creates (or reuses) a project-local virtual environment in .venv.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-dev

.PHONY: demo test lint typecheck imports pytest bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "adoption-rules needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

DEMO_DATE = 2026-11-23

demo: $(STAMP)
	$(BIN)/adoption-rules demo
	@echo
	$(BIN)/adoption-rules evaluate examples/caseload.jsonl --as-of $(DEMO_DATE) --format table

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy --strict

# The layers of docs/architecture.md, as import-linter contracts (pyproject.toml).
imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck imports pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_calendar.py
	$(BIN)/python benchmarks/bench_engine.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
