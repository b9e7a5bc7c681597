"""The Wilson score interval's one home (:func:`ica_model.stats.wilson_interval`)."""

import numpy as np
import pytest
from scipy.stats import binomtest

from ica_model.stats import Z95_SIX_DECIMALS, Z95_TWO_DECIMALS, wilson_interval


def test_published_values() -> None:
    # Newcombe (1998), Statistics in Medicine 17, 857, Table I: 0/10 -> [0, 0.2775];
    # 5/10 -> [0.2366, 0.7634] (the score interval of Wilson 1927)
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.2775), abs=5e-5)
    assert wilson_interval(5, 10) == pytest.approx((0.2366, 0.7634), abs=5e-5)
    assert wilson_interval(5, 10, z=Z95_SIX_DECIMALS) == pytest.approx((0.2366, 0.7634), abs=5e-5)


@pytest.mark.parametrize("total", [1, 2, 7, 10, 27, 300, 3037, 20330])
@pytest.mark.parametrize("confidence", [0.5, 0.95, 0.999])
def test_equals_scipy_bit_for_bit(total: int, confidence: float) -> None:
    """The claim tables printed scipy's interval: the one home gives the same floats."""
    for k in np.unique(np.linspace(0, total, 23).astype(int)):
        expected = binomtest(int(k), total).proportion_ci(confidence, method="wilson")
        assert wilson_interval(int(k), total, confidence) == (expected.low, expected.high)


def test_rounded_quantiles_are_the_normal_quantile() -> None:
    from scipy.special import ndtri

    assert Z95_SIX_DECIMALS == round(float(ndtri(0.975)), 6)
    assert Z95_TWO_DECIMALS == round(float(ndtri(0.975)), 2)
    wide, narrow = wilson_interval(3, 9, z=2.0), wilson_interval(3, 9, z=1.0)
    assert wide[0] < narrow[0] < 1 / 3 < narrow[1] < wide[1]


def test_ends_zero_draws_and_the_share_inside() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)
    low, high = wilson_interval(0, 7)
    assert low == 0.0 and 0 < high < 1
    low, high = wilson_interval(7, 7)
    assert high == 1.0 and 0 < low < 1
    for total in (1, 3, 10**6, 10**12):
        for k in (1, total // 3, total - 1):
            low, high = wilson_interval(k, total)
            assert 0 <= low <= k / total <= high <= 1


@pytest.mark.parametrize(("args", "kwargs", "error", "match"), [
    ((3, 2), {}, ValueError, "successes"), ((-1, 2), {}, ValueError, "successes"),
    ((1, -2), {}, ValueError, "total"), ((0.5, 2), {}, TypeError, "successes"),
    ((1, 2, 1.0), {}, ValueError, "confidence"), ((1, 2), {"z": 0.0}, ValueError, "z"),
    ((1, 2), {"z": float("nan")}, ValueError, "z")])
def test_bad_input_named(args, kwargs, error, match) -> None:
    with pytest.raises(error, match=match):
        wilson_interval(*args, **kwargs)
