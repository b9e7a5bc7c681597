# Two commands do all the set-up: `make run` (every experiment and the docs figures) and
# `make test` (ruff, mypy, the test suite with doctests, the strict docs build, the installed
# wheel and the lowest declared dependency versions).
# Each creates or reuses the local virtual environment .venv and installs the package into it:
# `make run` only what the run needs (the package and its compiled fast path, the `fast`
# extra); `make test` and `make docs` add the developer tools (the `test` and `docs`
# dependency groups of pyproject.toml).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
STAMP := $(VENV)/.installed-stamp
RUN_STAMP := $(VENV)/.run-stamp
# The lowest Python that requires-python admits, for the lowest-versions job; found on PATH
# or through pyenv (.ci/find-python). Without it the job runs on $(PYTHON) and says so.
FLOOR := $(shell sed -n 's/^requires-python = ">=\([0-9.]*\)"/\1/p' pyproject.toml)
FLOOR_PYTHON ?= $(shell .ci/find-python $(FLOOR))
# The test suites run on every core (pytest-xdist): whole files to a worker, files that
# depend on each other together (tests/conftest.py). PARALLEL= runs them on one core.
PARALLEL ?= -n auto --dist loadscope

.PHONY: run test test-wheel test-lowest docs bench crosscheck fuzz clean

# pip >= 25.1 installs dependency groups (--group)
$(RUN_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade 'pip>=25.1'
	$(PY) -m pip install --quiet -e '.[fast]'
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(PY) -m pip install --quiet -e '.[fast]' --group test --group docs
	touch $(STAMP)

run: $(RUN_STAMP)
	$(VENV)/bin/ica-model run all --out results
	$(VENV)/bin/ica-model figures --from results --docs docs/figures

test: $(STAMP)
	$(PY) -m ruff check ica_model experiments benchmarks tests docs
	@if $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then $(PY) -m mypy; \
	else echo "mypy skipped: the pandas and scipy stubs need Python 3.11"; fi
	$(PY) -m pytest $(PARALLEL)
	$(MAKE) --no-print-directory test-wheel
	$(MAKE) --no-print-directory test-lowest

# A fresh fuzz of every public entry point (tests/unit/test_fuzz.py), longer than the one in
# `make test`, which draws the same examples each run: new examples each time, the seed
# printed so that a failure can be replayed with FUZZ_SEED=N make fuzz.
fuzz: $(STAMP)
	@seed=$${FUZZ_SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "fuzz seed $$seed (replay: FUZZ_SEED=$$seed make fuzz)"; \
	ICA_MODEL_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(PY) -m pytest tests/unit/test_fuzz.py tests/unit/test_fuzz_api.py \
		-p no:cacheprovider -q --hypothesis-seed=$$seed

# The package as users get it: build the wheel, install it into a clean venv (no extras,
# no developer tools) and, from a folder outside the repository, check that every file of
# ica_model/ is installed, the command works and every docstring example of the installed
# modules runs, plus the command-line tests. The numerics are the same code the main suite
# has just tested; what this job adds is the packaging, so it runs that subset (~40 s per
# Python). It runs on $(PYTHON) and on each newer Python of WHEEL_PYTHONS found on PATH or
# through pyenv (.ci/find-python; one not found is skipped with a line saying so), the
# versions the classifiers list. The wheel is installed without extras (networkx alone is
# added: a diffusion example uses it), so the compiled kernels' module (numba, the `fast`
# extra; no examples) cannot be imported: --doctest-ignore-import-errors skips it.
# The venvs are made and filled by uv (the wheel and its dependencies as pip would install
# them, from the same index; about ten times faster than pip on a machine without a cache).
WHEEL_PYTHONS ?= 3.12 3.13
test-wheel: $(STAMP)
	rm -rf build/wheel build/wheel-venv*
	$(PY) -m pip wheel --quiet --no-deps -w build/wheel .
	@for version in default $(WHEEL_PYTHONS); do \
		if [ $$version = default ]; then python=$(PYTHON); else python=$$(.ci/find-python $$version); fi; \
		if [ -z "$$python" ]; then echo "test-wheel: no Python $$version found; skipped"; continue; fi; \
		echo "test-wheel: $$($$python --version)"; \
		$(UV) venv --quiet --python $$python build/wheel-venv-$$version && \
		$(UV) pip install --quiet --python build/wheel-venv-$$version/bin/python build/wheel/ica_model-*.whl \
			$$($(PY) .ci/requirement.py test pytest pytest-timeout pytest-xdist hypothesis networkx) && \
		(cd $$(mktemp -d) && ICA_MODEL_SOURCE=$(CURDIR) $(CURDIR)/build/wheel-venv-$$version/bin/python \
			-m pytest -p no:cacheprovider -c $(CURDIR)/pyproject.toml --rootdir=$(CURDIR) \
			--doctest-ignore-import-errors $(CURDIR)/tests/smoke/test_installed_package.py \
			$(CURDIR)/tests/smoke/test_cli.py --pyargs ica_model $(PARALLEL)) || exit 1; \
	done

# The lowest versions of every declared dependency (uv's lowest-direct resolution) on the
# lowest declared Python, then the unit tests and the docs examples. The smoke tests (the
# experiments end to end, the command line, the docs site, the notebooks, the browser) and
# the claims' full calibrations run in the main job only: they call the same library code
# at larger sizes, and running them twice would double CI's time. The cross-check
# libraries listed in .ci/lowest-excludes.txt are left out (the file says why): their
# tests skip, and the pygambit how-to page is deselected. The docstring examples of
# ica_model/ are not run here: their printed outputs follow numpy 2's repr
# (``np.float64(1.0)``), which numpy 1.x prints as ``1.0``. The fuzz test is left out too
# (it runs in the main job): it bounds each call at 5 s, which numba 0.58's first
# compilation of a kernel exceeds, and its examples change with the Hypothesis version.
test-lowest: $(STAMP)
	rm -rf build/lowest-venv
	@test -n "$(FLOOR_PYTHON)" || echo "test-lowest: no Python $(FLOOR) found; using $(PYTHON)"
	$(UV) pip compile --quiet pyproject.toml --all-extras --group test --group docs \
		--excludes .ci/lowest-excludes.txt \
		--resolution lowest-direct --python $(or $(FLOOR_PYTHON),$(PYTHON)) \
		-o build/lowest-requirements.txt
	$(UV) venv --quiet --python $(or $(FLOOR_PYTHON),$(PYTHON)) build/lowest-venv
	$(UV) pip install --quiet --python build/lowest-venv/bin/python -r build/lowest-requirements.txt
	$(UV) pip install --quiet --python build/lowest-venv/bin/python --no-deps -e .
	build/lowest-venv/bin/python -m pytest -p no:cacheprovider -W ignore::DeprecationWarning \
		tests/unit docs --deselect docs/how-to/export-a-game.md::export-a-game.md \
		--ignore tests/unit/test_fuzz.py --ignore tests/unit/test_fuzz_api.py -m "not slow" $(PARALLEL)

docs: $(STAMP)
	$(PY) -m sphinx -W --keep-going -b html docs build/docs

bench: $(STAMP)
	$(PY) benchmarks/bench_solvers.py
	$(PY) benchmarks/bench_two_player.py
	$(PY) benchmarks/bench_sweeps.py
	$(PY) benchmarks/bench_parallel.py
	$(PY) benchmarks/bench_diffusion.py
	$(PY) benchmarks/bench_stability.py
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_pure_build.py
	$(PY) benchmarks/bench_startup.py
	$(PY) benchmarks/bench_evolutionary_simulation.py
	$(PY) benchmarks/bench_workbench.py
	$(PY) benchmarks/bench_regions.py
	$(PY) benchmarks/bench_smc_abc.py
	$(PY) benchmarks/bench_generated.py
	$(PY) benchmarks/bench_replicator.py

# The large randomised cross-check against pygambit (85,000 seeded games, ~12 min on one
# core; not part of `make test`): every mismatch is printed with a reproducer, the full
# report goes to build/crosscheck.json. `$(PY) tests/crosscheck/large_run.py --help` for
# the options (categories, --count, --seed, --numpy for the code without compiled kernels).
crosscheck: $(STAMP)
	$(PY) tests/crosscheck/large_run.py --out build/crosscheck.json

clean:
	rm -rf $(VENV) results build .pytest_cache docs/reference/api
