# Two commands do all the set-up: `make run` (every experiment and the docs figures) and
# `make test` (ruff, the test suite with doctests, and the strict docs build).
# Each creates or reuses the local virtual environment .venv and installs the package into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test docs bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,docs]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/ica-model run all --out results
	$(VENV)/bin/ica-model figures --from results --docs docs/figures

test: $(STAMP)
	$(PY) -m ruff check ica_model experiments benchmarks tests docs
	$(PY) -m pytest
	$(PY) -m sphinx -W --keep-going -q -b html docs build/docs

docs: $(STAMP)
	$(PY) -m sphinx -W --keep-going -b html docs build/docs

bench: $(STAMP)
	$(PY) benchmarks/bench_solvers.py
	$(PY) benchmarks/bench_sweeps.py
	$(PY) benchmarks/bench_stability.py
	$(PY) benchmarks/bench_engine.py

clean:
	rm -rf $(VENV) results build .pytest_cache
