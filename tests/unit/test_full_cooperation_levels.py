"""The full-cooperation payoffs from each actor's own entries, and the margin at a grid of
levels (``levels=``): the same numbers, bit for bit, as the payoffs of every profile
(:func:`~ica_model.model.payoffs.batch_profile_payoffs`) and as the points crossed with
the levels. The claims' critical levels compare margins with 0, so a last-bit difference
could change an indicator: equality, not closeness, is asserted."""

from __future__ import annotations

import numpy as np
import pytest

from ica_model.cases import g60, symmetric
from ica_model.model.closed_form import full_cooperation_margin
from ica_model.model.parameters import KINDS
from ica_model.model.payoffs import batch_profile_payoffs, full_cooperation_payoffs
from ica_model.model.points import as_points


def _draws(scenario, size: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Heterogeneous draws: scenario-level parameters (two with non-integer exponents) and
    actor attributes, each point its own."""
    rng = np.random.default_rng(seed)
    n = scenario.n
    return {"negotiation_cost": rng.uniform(0.01, 0.1, size),
            "autonomy_exponent": rng.uniform(1.0, 2.5, size),
            "negotiation_exponent": rng.uniform(1.0, 2.0, size),
            "innovation_crowding": rng.uniform(0.5, 2.0, size),
            "national_integration": rng.uniform(0.0, 1.0, size),
            "capacity": rng.uniform(0.4, 1.0, (size, n)),
            "preference": rng.uniform(0.3, 0.6, (size, n)),
            "demand": rng.uniform(0.5, 2.0, (size, n)),
            "selective_benefit": rng.uniform(0.0, 0.3, (size, n)),
            "authority": rng.uniform(0.0, 1.0, size), "standards": rng.uniform(0.0, 1.0, size)}


def _by_profiles(points):
    """The reward and temptation read from the payoffs of all 2n + 1 profiles."""
    n, k = points.scenario.n, len(points.scenario.actions)
    deviations = np.zeros((1 + n * (k - 1), n), dtype=np.int8)
    for i in range(n):
        deviations[1 + i * (k - 1): 1 + (i + 1) * (k - 1), i] = np.arange(1, k)
    payoffs = batch_profile_payoffs(points, deviations)
    temptation = np.stack([payoffs[:, 1 + i * (k - 1): 1 + (i + 1) * (k - 1), i].max(axis=1)
                           for i in range(n)], axis=1)
    return payoffs[:, 0, :], temptation


@pytest.mark.parametrize("scenario", [g60(), symmetric(n=5, token_compliance=False)],
                         ids=["g60", "two actions"])
def test_own_entries_equal_the_profile_payoffs(scenario) -> None:
    points = as_points(scenario, _draws(scenario, 300))
    reward, temptation = full_cooperation_payoffs(points)
    expected_reward, expected_temptation = _by_profiles(points)
    assert np.array_equal(reward, expected_reward)
    assert np.array_equal(temptation, expected_temptation)
    reward[0, 0] = 1.0                       # a fresh array, the caller's to change


@pytest.mark.parametrize("size", [1, 40])
@pytest.mark.parametrize("scenario", [g60(), symmetric()], ids=["g60", "homogeneous"])
def test_margin_at_levels_equals_the_crossed_points(scenario, size: int) -> None:
    levels = np.linspace(0.0, 1.0, 21)
    draws = {"authority": np.linspace(0, 1, size), "standards": np.full(size, 0.3)} \
        if scenario.is_homogeneous else _draws(scenario, size, seed=size)
    grid = full_cooperation_margin(scenario, draws, levels=dict.fromkeys(KINDS, levels))
    crossed = {name: np.repeat(value, len(levels), axis=0) for name, value in draws.items()}
    crossed |= dict.fromkeys(KINDS, np.tile(levels, size))
    expected = full_cooperation_margin(scenario, crossed).reshape(size, len(levels))
    assert grid.shape == (size, len(levels))
    assert np.array_equal(grid, expected)
    # the kinds of the levels replace the points' own; others keep the scenario's
    one = full_cooperation_margin(scenario, draws, levels={"incentive": [0.0, 0.5]})
    assert np.array_equal(one[:, 1], full_cooperation_margin(
        scenario, {name: value for name, value in draws.items() if name not in KINDS}
        | {"incentive": np.full(size, 0.5)}))


def test_levels_set_intervention_kinds_only() -> None:
    with pytest.raises(ValueError, match="levels may set intervention kinds"):
        full_cooperation_margin(g60(), {"authority": [0.0]}, levels={"demand": [1.0]})
    with pytest.raises(ValueError, match=r"levels\['authority'\] must lie in \[0, 1\]"):
        full_cooperation_margin(g60(), {"authority": [0.0]}, levels={"authority": [2.0]})
