# Two commands do all the set-up: `make demo` and `make test`.
# Each creates (or reuses) a project-local virtual environment in .venv.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-dev

.PHONY: demo test lint typecheck imports pytest bench dist clean

# ajv (tests/test_schemas_ajv.py) from the npm registry into tests/node; skipped, with a
# message, where npm is not installed (.ci/run installs Debian's nodejs and npm).
NODE_STAMP = tests/node/node_modules/.installed

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

$(NODE_STAMP): tests/node/package.json tests/node/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/node && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else \
		echo "npm not found: the ajv schema tests will be skipped"; \
	fi

pytest: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest -q

test: lint typecheck imports pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_calendar.py
	$(BIN)/python benchmarks/bench_engine.py

# An sdist and a wheel in dist/ (pip install dist/adoption_rules-*.whl, or '...whl[server]').
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache tests/node/node_modules
