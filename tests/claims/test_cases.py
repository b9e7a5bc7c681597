"""Each named case's representative draw is what its recorded calibration call gives.

The stored values are the representative row of ``calibrate(case, draws, rng)`` rounded
to the stored digits; the call is rerun here in full (about 20 s for the G60 corridor and
a few for the Yangtze River Delta on one core), so a change to the facts, the prior, the
sampler or the model that moves the region shows up as a changed representative point.
"""

from __future__ import annotations

import pytest

from ica_model.analysis.calibration import reproduce_representative
from ica_model.cases import CASES


@pytest.mark.slow
@pytest.mark.timeout(900)    # the full G60 calibration: about 40 s on a quiet core
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_representative_draw_is_reproduced_by_its_calibration_call(name: str) -> None:
    case = CASES[name]
    row, values = reproduce_representative(case)
    assert row == case.representative.row
    assert values == case.representative_draw()
