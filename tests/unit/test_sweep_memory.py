"""The memory a sweep that returns its table needs is measured, not guessed: the estimate
the size check uses (:func:`ica_model.analysis.sweeps.table_bytes`, the chunks joined at
the end) against the peak tracemalloc sees, the table made for the run where the chunks go
into one, and 10**7 closed-form points are no longer refused."""

from __future__ import annotations

import tracemalloc

import pytest

from ica_model.analysis.sweeps import sweep, table_bytes
from ica_model.cases import symmetric
from ica_model.runtime import RandomSample, runner


def _traced_peak(function):
    tracemalloc.start()
    try:
        result = function()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _no_shared_table(*args, **kwargs):
    raise OSError("no shared table")      # what a full /dev/shm gives: the chunks are joined


@pytest.mark.parametrize("axes", [
    {"authority": (0, 1), "incentive": (0, 1)},
    {"authority": (0, 1), "incentive": (0, 1), "information": (0, 1), "standards": (0, 1),
     "negotiation_cost": (0, 0.5)}], ids=["two names", "five names"])
def test_the_estimate_is_the_measured_peak(axes, monkeypatch) -> None:
    size = 300_000
    sample = RandomSample(axes, size=size, rng=1)
    sweep(symmetric(), RandomSample(axes, size=10, rng=1))        # imports and caches first
    estimate = table_bytes(len(axes), "closed_form")
    # the chunks joined at the end (a remote Dask cluster's, or no room for a shared table):
    # the chunks and their join alive together, the estimate
    with monkeypatch.context() as patch:
        patch.setattr(runner, "SharedColumns", _no_shared_table)
        table, peak = _traced_peak(lambda: sweep(symmetric(), sample))
    assert 0.9 * estimate <= peak / size <= 1.1 * estimate, (peak / size, estimate)
    assert table.memory_usage(deep=True).sum() / size == pytest.approx(estimate / 2, rel=0.02)
    # here the chunks go into one table made for the run (anonymous memory, which
    # tracemalloc does not see): the peak is that table and one chunk's work, whatever the size
    larger = RandomSample(axes, size=1_000_000, rng=1)
    table, peak = _traced_peak(lambda: sweep(symmetric(), larger))
    assert table.memory_usage(deep=True).sum() / larger.size == \
        pytest.approx(estimate / 2, rel=0.02)
    assert peak < 0.3 * estimate * larger.size, (peak / larger.size, estimate)


def test_ten_million_closed_form_points_fit_the_budget() -> None:
    from ica_model._validation import MEMORY_BUDGET

    assert 10**7 * table_bytes(2, "closed_form") < MEMORY_BUDGET
    assert 10**8 * table_bytes(2, "closed_form") > MEMORY_BUDGET     # and the check still bites
    with pytest.raises(ValueError, match="without out="):
        sweep(symmetric(), RandomSample({"authority": (0, 1)}, size=10**9, rng=1))
