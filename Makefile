# Everything a new machine needs: python3 (>= 3.11), git and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo validate test lint typecheck schemas bench clean

# The main job on the bundled plan.
demo: $(STAMP)
	$(BIN)/r57 validate --plan plan286

validate: demo

# The whole test suite, with lint and strict typing.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -q

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("r57 needs Python >= 3.11, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

schemas: $(STAMP)
	$(BIN)/r57 schema --out schemas

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_validate.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
