"""The memory a sweep that returns its table needs is measured, not guessed: the estimate
the size check uses (:func:`ica_model.analysis.sweeps.table_bytes`) against the peak
tracemalloc sees, and 10**7 closed-form points are no longer refused."""

from __future__ import annotations

import tracemalloc

import pytest

from ica_model.analysis.sweeps import sweep, table_bytes
from ica_model.cases import symmetric
from ica_model.runtime import RandomSample


@pytest.mark.parametrize("axes", [
    {"authority": (0, 1), "incentive": (0, 1)},
    {"authority": (0, 1), "incentive": (0, 1), "information": (0, 1), "standards": (0, 1),
     "negotiation_cost": (0, 0.5)}], ids=["two names", "five names"])
def test_the_estimate_is_the_measured_peak(axes) -> None:
    size = 300_000
    sample = RandomSample(axes, size=size, rng=1)
    sweep(symmetric(), RandomSample(axes, size=10, rng=1))        # imports and caches first
    tracemalloc.start()
    try:
        table = sweep(symmetric(), sample)
        peak = tracemalloc.get_traced_memory()[1] / size
    finally:
        tracemalloc.stop()
    estimate = table_bytes(len(axes), "closed_form")
    assert 0.9 * estimate <= peak <= 1.1 * estimate, (peak, estimate)
    assert table.memory_usage(deep=True).sum() / size == pytest.approx(estimate / 2, rel=0.02)


def test_ten_million_closed_form_points_fit_the_budget() -> None:
    from ica_model._validation import MEMORY_BUDGET

    assert 10**7 * table_bytes(2, "closed_form") < MEMORY_BUDGET
    assert 10**8 * table_bytes(2, "closed_form") > MEMORY_BUDGET     # and the check still bites
    with pytest.raises(ValueError, match="without out="):
        sweep(symmetric(), RandomSample({"authority": (0, 1)}, size=10**9, rng=1))
