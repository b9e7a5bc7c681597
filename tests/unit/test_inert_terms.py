"""Half-range gaps and the equivalence verdicts of inert_terms (issue 22, deliverable 5)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from ica_model.analysis.calibration import calibrate
from ica_model.analysis.claims import CLAIMS
from ica_model.analysis.inert_terms import MARGIN, _verdict, gap_table, inert_table


@pytest.mark.parametrize(("gap", "low", "high", "verdict"), [
    (0.0, -0.01, 0.01, "inert"), (0.0, -MARGIN, 0.01, "undecided"),
    (0.2, 0.1, 0.3, "influential"), (-0.2, -0.3, -0.1, "influential"),
    (0.03, 0.01, 0.06, "undecided"), (0.2, -0.01, 0.4, "undecided"),
])
def test_verdicts(gap, low, high, verdict) -> None:
    assert _verdict(gap, low, high) == verdict


@pytest.fixture(scope="module")
def region():
    return calibrate("yangtze_river_delta", draws=100_000, rng=2, progress=False)


def test_a_claim_made_of_one_parameter_is_decided_by_it_alone(region) -> None:
    """A claim that holds where the information cost is above its prior's middle: that
    parameter's gap is about 1 (influential); a claim that always holds has every
    parameter inert where both halves keep draws."""
    def above(r):
        return r.calibration.accepted["information_cost"].to_numpy() > 0.5

    claims = (dataclasses.replace(CLAIMS[0], name="above", holds=above),
              dataclasses.replace(CLAIMS[0], name="always",
                                  holds=lambda r: np.ones(len(r.calibration.accepted), bool)))
    gaps = gap_table(region, claims)
    row = gaps[(gaps["parameter"] == "information_cost") & (gaps["claim"] == "above")].iloc[0]
    assert row["gap"] == pytest.approx(1.0) and row["verdict"] == "influential"
    always = gaps[gaps["claim"] == "always"]
    read = (always["n_lower"] >= 50) & (always["n_upper"] >= 50)
    assert read.sum() > 20 and (always["verdict"][read] == "inert").all()
    # an actor attribute restricted for all four provinces at once keeps few draws
    empty = (always["n_lower"] == 0) | (always["n_upper"] == 0)
    assert (always["verdict"][empty] == "undecided").all()
    n = len(region.accepted)
    assert ((gaps["n_lower"] + gaps["n_upper"]) <= n).all()
    table = inert_table(gaps)
    assert table.iloc[0]["parameter"] == "information_cost"
    assert table.iloc[0]["on_claim"] == "above"
    assert (table["low"] <= table["largest_gap"]).all()
    assert (table["largest_gap"] <= table["high"]).all()
    assert table["largest_gap"].is_monotonic_decreasing
