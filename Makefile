# Two commands do all the set-up: `make run` (every experiment) and `make test` (the test suite).
# Each creates or reuses the local virtual environment .venv and installs the package into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) experiments/intervention_sweep.py

test: $(STAMP)
	$(PY) -m ruff check ica_model experiments benchmarks tests
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/bench_solvers.py
	$(PY) benchmarks/bench_sweeps.py

clean:
	rm -rf $(VENV) results .pytest_cache
