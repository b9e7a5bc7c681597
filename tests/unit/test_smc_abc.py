"""Sequential Monte Carlo ABC (issue 22, deliverable 6) on targets whose law is known in
closed form; seeded, bounded, and refusing bad distances by name."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import kstest, norm, truncnorm

from ica_model.analysis.smc_abc import UniformBox, marginal_agreement, smc_abc


class Normal:
    """Standard normal prior in p dimensions."""

    def __init__(self, p: int) -> None:
        self.p = p

    def sample(self, generator, size):
        return generator.standard_normal((size, self.p))

    def log_density(self, theta):
        return -0.5 * (theta**2).sum(axis=1)


def _tail(theta, bound):
    return np.maximum(2.5 - theta[:, 0], 0.0)


def test_truncated_normal_tail_of_half_a_percent() -> None:
    """N(0, I_2) restricted to theta_0 >= 2.5 (prior mass 0.62 %): theta_0 is a truncated
    normal (mean 2.876), theta_1 stays standard normal."""
    result = smc_abc(Normal(2), _tail, particles=3000, rng=3)
    first, second = result.particles[:, 0], result.particles[:, 1]
    assert result.tolerances[-1] == 0.0 and (first >= 2.5).all()
    assert list(result.tolerances) == sorted(result.tolerances, reverse=True)
    exact = truncnorm(2.5, np.inf)
    assert first.mean() == pytest.approx(exact.mean(), abs=0.03)
    assert first.std() == pytest.approx(exact.std(), abs=0.03)
    assert second.mean() == pytest.approx(0.0, abs=0.08)
    assert second.std() == pytest.approx(1.0, abs=0.06)
    # correlated particles: a KS statistic of 0.05 is far from what a wrong law gives
    # (the untruncated tail beyond 2.4 gives 0.27 against this law)
    assert kstest(first, exact.cdf).statistic < 0.05
    assert kstest(second, norm.cdf).statistic < 0.05
    # cheaper than rejection, which needs 1 / 0.0062 = 161 draws per accepted one
    assert result.evaluations < 3000 * 161 / 2   # 172,689 at this seed


def _two_boxes(theta, bound):
    """L-infinity distance to the union of [0.1, 0.2]^3 and [0.6, 0.75] x [0.6, 0.75] x
    [0.5, 0.9] (volumes 0.001 and 0.009)."""
    boxes = (((0.1, 0.1, 0.1), (0.2, 0.2, 0.2)), ((0.6, 0.6, 0.5), (0.75, 0.75, 0.9)))
    gaps = [np.maximum(np.maximum(np.array(lo) - theta, theta - np.array(hi)), 0).max(axis=1)
            for lo, hi in boxes]
    return np.minimum(*gaps)


def test_uniform_box_region_of_two_parts_keeps_their_volume_ratio() -> None:
    """The uniform prior on [0, 1]^3 restricted to two disjoint boxes (1 % of the prior):
    the particles split 1 : 9 by volume and are uniform inside each part."""
    prior = UniformBox(np.zeros(3), np.ones(3))
    result = smc_abc(prior, _two_boxes, particles=4000, rng=11)
    theta = result.particles
    assert (_two_boxes(theta, 0.0) == 0).all()
    small = (theta <= 0.2).all(axis=1)
    assert small.mean() == pytest.approx(0.1, abs=0.03)
    large = theta[~small]
    assert kstest((large[:, 2] - 0.5) / 0.4, "uniform").statistic < 0.06
    assert kstest((large[:, 0] - 0.6) / 0.15, "uniform").statistic < 0.06


def test_constraint_and_box_are_respected() -> None:
    prior = UniformBox(np.zeros(2), np.ones(2), lambda t: t[:, 0] >= t[:, 1])
    result = smc_abc(prior, lambda t, b: np.maximum(0.5 - t[:, 0], 0.0), particles=1000,
                     rng=2)
    theta = result.particles
    assert (theta[:, 0] >= theta[:, 1]).all() and (theta[:, 0] >= 0.5).all()
    assert ((theta >= 0) & (theta <= 1)).all()
    # exact: uniform on {x >= 0.5, y <= x}, so E[x] = (1/3 - 1/24) / (1/2 - 1/8) = 7/9
    assert theta[:, 0].mean() == pytest.approx(7 / 9, abs=0.02)


def test_same_seed_same_particles_and_early_exit_bound() -> None:
    bounds = []

    def distance(theta, bound):
        bounds.append(bound)
        return np.maximum(2.5 - theta[:, 0], 0.0)

    one = smc_abc(Normal(2), distance, particles=300, rng=5)
    two = smc_abc(Normal(2), _tail, particles=300, rng=np.random.default_rng(5))
    assert np.array_equal(one.particles, two.particles)
    assert bounds[0] == np.inf and set(bounds[1:]) <= set(one.tolerances)
    assert one.unique > 250 and len(one.survivors) == len(one.tolerances)


@pytest.mark.parametrize(("distance", "message"), [
    (lambda t, b: np.zeros(len(t) + 1), "one value per row"),
    (lambda t, b: np.full(len(t), np.nan), "NaN or a negative"),
    (lambda t, b: -np.ones(len(t)), "NaN or a negative"),
])
def test_bad_distances_are_refused(distance, message) -> None:
    with pytest.raises(ValueError, match=message):
        smc_abc(Normal(1), distance, particles=10)


@pytest.mark.parametrize(("options", "message"), [
    ({"particles": 1}, "particles"), ({"keep": 1.0}, "keep"), ({"tolerance": -1.0}, "tolerance"),
    ({"move_probability": 0.0}, "move_probability"), ({"max_moves": 0}, "max_moves"),
])
def test_bad_options_are_refused(options, message) -> None:
    with pytest.raises(ValueError, match=message):
        smc_abc(Normal(1), _tail, **options)


def test_unreachable_tolerance_stops_after_max_generations() -> None:
    with pytest.raises(RuntimeError, match="max_generations=3"):
        smc_abc(Normal(1), lambda t, b: 1.0 + np.abs(t[:, 0]), particles=50,
                max_generations=3)


def test_prior_with_no_support_is_refused() -> None:
    prior = UniformBox(np.zeros(1), np.ones(1), lambda t: np.zeros(len(t), dtype=bool))
    with pytest.raises(RuntimeError, match="positive prior density"):
        smc_abc(prior, _tail, particles=10)


# A fact-like region of the uniform prior on [0, 1]^6 (1.1 % of it, as the Yangtze River
# Delta's): x0 + x1 + x2 >= 2.2, x3 x4 >= 0.5 and x5 <= x0. Rejection is cheap here, so
# SMC can be held to rejection's law within sampling error.
def _graded(theta, bound):
    return (np.maximum(2.2 - theta[:, :3].sum(axis=1), 0.0)
            + np.maximum(0.5 - theta[:, 3] * theta[:, 4], 0.0)
            + np.maximum(theta[:, 5] - theta[:, 0], 0.0))


def _counted(theta, bound):
    return ((theta[:, :3].sum(axis=1) < 2.2).astype(float)
            + (theta[:, 3] * theta[:, 4] < 0.5) + (theta[:, 5] > theta[:, 0]))


def _rejection(size, seed):
    draws = np.random.default_rng(seed).random((size * 120, 6))
    accepted = draws[_graded(draws, 0.0) == 0]
    assert len(accepted) >= size
    return accepted[:size]


PRIOR6 = UniformBox(np.zeros(6), np.ones(6))


def test_smc_and_rejection_agree_within_sampling_error() -> None:
    """Per-parameter two-sample KS with a Bonferroni threshold: SMC against rejection
    passes as two rejection samples do, and a biased sampler at the same sizes fails."""
    result = smc_abc(PRIOR6, _graded, particles=1500, rng=4)
    reference = _rejection(1500, 1)
    assert (_graded(result.particles, 0.0) == 0).all()
    assert result.ancestor_correlation <= 0.1      # decorrelated: not stopped by the bound
    assert result.effective_size > 0.8 * 1500
    assert marginal_agreement(result.particles, reference)[1] > 0.01
    assert marginal_agreement(_rejection(1500, 2), reference)[1] > 0.01
    # the same check fails on a sampler that misses a slice of the region:
    shifted = _rejection(3000, 3)
    shifted = shifted[shifted[:, 5] < 0.85 * shifted[:, 0]][:1500]  # 15 % of the region cut
    assert marginal_agreement(shifted, reference)[1] < 0.01
    # SMC whose last generation keeps its copies (the previous scheme: counted facts,
    # no decorrelating moves) is caught as well
    with pytest.warns(RuntimeWarning, match="effective size"):
        copies = smc_abc(PRIOR6, _counted, particles=1500, rng=4, max_moves=1,
                         decorrelation=1.0)
    assert copies.unique < 1000
    assert marginal_agreement(copies.particles, reference)[1] < 0.01


def test_a_last_generation_left_correlated_is_reported() -> None:
    with pytest.warns(RuntimeWarning, match="correlate with their ancestors"):
        result = smc_abc(PRIOR6, _graded, particles=400, rng=0, max_final_moves=1)
    assert result.ancestor_correlation > 0.1 and result.effective_size < 400
