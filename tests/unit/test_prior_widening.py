"""Wider and shifted priors from the old accepted draws and new draws beyond the old range
(issue 22, deliverable 2): the pooled sample is a sample of the new prior's region."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binomtest, ks_2samp

from ica_model.analysis.calibration import calibrate
from ica_model.analysis.prior_widening import widened, widened_range, wider_variant_rows


@pytest.fixture(scope="module")
def region():
    return calibrate("yangtze_river_delta", draws=200_000, rng=4, progress=False)


def test_ranges_are_widened_shifted_and_clipped(region) -> None:
    assert widened_range(region, "negotiation_cost", "wider") == pytest.approx((0.0, 0.425))
    assert widened_range(region, "negotiation_cost", "shifted up") == pytest.approx((0.175, 0.425))
    assert widened_range(region, "information_cost", "shifted down") == pytest.approx((0.0, 0.5))


@pytest.mark.parametrize(("parameter", "variant", "message"), [
    ("capacity", "wider", "actor attribute"), ("demand", "wider", "not drawn"),
    ("information_cost", "twice", "variant must be one of"),
])
def test_bad_requests_are_refused(region, parameter, variant, message) -> None:
    with pytest.raises(ValueError, match=message):
        widened(region, parameter, variant)


@pytest.mark.parametrize("variant", ["wider", "shifted up"])
def test_pooled_sample_matches_a_fresh_calibration_of_the_new_prior(region, variant) -> None:
    """Against rejection on the new prior itself: the acceptance rate agrees within its
    binomial interval and the widened parameter's accepted law within KS sampling error."""
    pooled = widened(region, "information_cost", variant, fraction=0.5, rng=1)
    low, high = pooled.facts.prior.ranges["information_cost"]
    assert (low, high) == widened_range(region, "information_cost", variant)
    facts = pooled.facts
    fresh = calibrate(facts, draws=pooled.draws, rng=9, progress=False)
    rate = binomtest(len(fresh.accepted), fresh.draws).proportion_ci(0.999)
    assert rate.low <= len(pooled.accepted) / pooled.draws <= rate.high
    values = pooled.accepted["information_cost"].to_numpy()
    assert values.min() >= low and values.max() <= high
    assert ks_2samp(values, fresh.accepted["information_cost"].to_numpy()).pvalue > 0.001
    # the test can fail: the old region alone is not a sample of the new prior
    if variant == "shifted up":
        old = region.accepted["information_cost"].to_numpy()
        assert ks_2samp(old, fresh.accepted["information_cost"].to_numpy()).pvalue < 1e-6


def test_rows_skip_actor_attributes_and_name_the_range(region) -> None:
    from ica_model.analysis.claims import CLAIMS

    table = wider_variant_rows(region, ["capacity", "information_cost"], CLAIMS[:2],
                               fraction=0.2, rng=3)
    assert set(table["parameter"]) == {"information_cost"}
    assert len(table) == 3 * 2
    assert list(table.columns[:7]) == ["claim", "prior", "n", "share", "low", "high",
                                       "by_construction"]
    span = widened_range(region, "information_cost", "wider")
    assert f"information_cost: wider [{span[0]:.3g}–{span[1]:.3g}]" in set(table["prior"])
    assert (table["low"] <= table["share"]).all() and (table["share"] <= table["high"]).all()
    assert np.isfinite(table[["range_low", "range_high"]].to_numpy()).all()
