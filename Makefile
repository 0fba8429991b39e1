# Everything a new machine needs: python3 (>= 3.11), git and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The runtime alone (`make demo`, validate, sandbox): the first result without the dev
# toolchain (mypy, ruff, hypothesis, pre-commit, actionlint...), which only `make test` needs.
RUNTIME := $(VENV)/.runtime

.PHONY: demo validate sandbox test lint typecheck schemas bench bench-report bench-check clean locale

# The main job: a demo plan repository made from plan286/ with a seeded history of weekly
# reports up to today (through the same code path as `r57 update`), and this week's report.
DEMO := .demo
demo: $(RUNTIME)
	rm -rf $(DEMO)
	$(BIN)/r57 demo $(DEMO)
	cd $(DEMO) && ../$(BIN)/r57 report --week

validate: $(RUNTIME)
	$(BIN)/r57 validate --plan plan286

# A throw-away git repository holding a copy of plan286, in .sandbox/, where a staff report
# can be recorded for real: one `r57 update`, then the commit it made, `r57 show`, `r57 log`.
SANDBOX := .sandbox
sandbox: $(RUNTIME)
	rm -rf $(SANDBOX) && mkdir -p $(SANDBOX) && cp -R plan286 $(SANDBOX)/
	cd $(SANDBOX) && git init -q -b main && git add . \
	  && git -c user.name=r57 -c user.email=r57@example.gov.vn commit -q -m "Plan 286" \
	  && git config user.name "Đỗ Minh Châu" && git config user.email chau.dm@mic.example.gov.vn
	cd $(SANDBOX) && ../$(BIN)/r57 update T-012 --pct 92 --note "Báo cáo tháng 11 đã gửi Bộ trưởng"
	cd $(SANDBOX) && git log -1 --stat --format='%an <%ae>%n%B'
	cd $(SANDBOX) && ../$(BIN)/r57 show T-012
	cd $(SANDBOX) && ../$(BIN)/r57 log

# The whole test suite, with lint and strict typing.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/deptry src
	$(BIN)/pytest -q

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("r57 needs Python >= 3.11, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $(RUNTIME)

# The dev install holds the runtime too: after `make test`, `make demo` installs nothing.
$(RUNTIME): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("r57 needs Python >= 3.11, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

schemas: $(STAMP)
	$(BIN)/r57 schema --out schemas

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_update.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_check.py

bench-report: $(STAMP)
	$(BIN)/python benchmarks/bench_report.py

bench-check: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py

clean:
	rm -rf $(VENV) $(SANDBOX) $(DEMO) .pytest_cache .mypy_cache .ruff_cache

# Collect r57's --help texts into r57-help.pot/.po (new ones come in untranslated), then
# compile the PO catalogues under src/r57cli/locale/ into the .mo files that ship in the wheel.
locale: $(STAMP)
	$(BIN)/python tools/extract_help.py
	$(BIN)/python tools/compile_locale.py
