"""Coalitions: textbook TU games with their sources, properties, and the ICA scenario."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ica_model import Intervention, TokenCompliance, pure_equilibria
from ica_model.analysis.coalitions import (
    characteristic_function,
    equilibrium_coalition_sizes,
    equilibrium_coalitions,
    minimal_compensation,
    scenario_coalition_stability,
)
from ica_model.cases import g60, symmetric, yangtze_river_delta
from ica_model.engine.coalitions import CoalitionalGame, core, in_core, shapley_sample, shapley_values
from ica_model.model.payoffs import scenario_game


def glove_game() -> CoalitionalGame:
    """Player 0 owns a left glove, 1 and 2 right gloves; a pair is worth 1."""
    return CoalitionalGame.from_function(3, lambda s: float(0 in s and len(s) >= 2))


def test_glove_game_shapley_and_core() -> None:
    """Shapley 1953 / e.g. Maschler, Solan and Zamir 2013, Game Theory, ex. 17.x:
    Shapley (2/3, 1/6, 1/6); the core is the single point (1, 0, 0)."""
    game = glove_game()
    np.testing.assert_allclose(shapley_values(game), [2 / 3, 1 / 6, 1 / 6], atol=1e-15)
    result = core(game)
    assert result.nonempty
    np.testing.assert_allclose(result.allocation, [1, 0, 0], atol=1e-9)
    assert in_core(game, [1, 0, 0]) and not in_core(game, shapley_values(game))


def test_majority_game_has_an_empty_core() -> None:
    """Three-player majority game: every pair is worth 1, so the core is empty
    (Bondareva–Shapley; the balanced collection of pairs needs 3/2 > 1)."""
    game = CoalitionalGame.from_function(3, lambda s: float(len(s) >= 2))
    result = core(game)
    assert not result.nonempty and result.allocation is None
    assert result.deficit == pytest.approx(0.5)
    np.testing.assert_allclose(shapley_values(game), [1 / 3] * 3)


def test_airport_game_shapley_is_the_sequential_split() -> None:
    """Littlechild and Owen 1973: with runway costs c1 <= c2 <= c3, the Shapley value
    splits each segment equally among those who need it."""
    costs = [1.0, 3.0, 6.0]
    game = CoalitionalGame.from_function(3, lambda s: -max(costs[i] for i in s))
    expected = [-(1 / 3), -(1 / 3 + 2 / 2), -(1 / 3 + 2 / 2 + 3)]
    np.testing.assert_allclose(shapley_values(game), expected, atol=1e-12)


@st.composite
def tu_games(draw):
    n = draw(st.integers(1, 6))
    values = np.array(draw(st.lists(st.floats(-5, 5), min_size=2**n, max_size=2**n)))
    values[0] = 0.0
    return CoalitionalGame(values)


@given(tu_games())
def test_shapley_is_efficient(game) -> None:
    assert shapley_values(game).sum() == pytest.approx(game.values[-1], abs=1e-9)


@given(st.integers(2, 6), st.data())
def test_shapley_is_symmetric_for_symmetric_games(n, data) -> None:
    by_size = data.draw(st.lists(st.floats(-5, 5), min_size=n, max_size=n))
    game = CoalitionalGame.from_function(n, lambda s: by_size[len(s) - 1])
    phi = shapley_values(game)
    np.testing.assert_allclose(phi, phi[0], atol=1e-9)


@given(tu_games())
def test_core_point_is_in_the_core(game) -> None:
    result = core(game)
    if result.nonempty:
        assert in_core(game, result.allocation, tolerance=1e-7)


def test_sampled_shapley_converges_and_is_seeded() -> None:
    game = characteristic_function(g60(), Intervention(authority=0.4))
    exact = shapley_values(game)

    def value(members: np.ndarray) -> np.ndarray:
        masks = (members.astype(np.int64) << np.arange(game.n)).sum(axis=1)
        return game.values[masks]

    estimate, error = shapley_sample(value, game.n, permutations=3000, rng=7)
    assert np.all(np.abs(estimate - exact) <= 4.5 * error + 1e-12)
    again, _ = shapley_sample(value, game.n, permutations=3000, rng=7)
    np.testing.assert_array_equal(estimate, again)


def test_characteristic_function_is_the_summed_gain_over_the_status_quo() -> None:
    scenario, intervention = yangtze_river_delta(), Intervention(authority=0.5)
    game = characteristic_function(scenario, intervention)
    full = scenario_game(scenario, intervention)
    for members in itertools.chain.from_iterable(
            itertools.combinations(range(4), k) for k in range(1, 5)):
        profile = tuple(0 if i in members else 1 for i in range(4))
        expected = sum(full.payoff(profile)[i] - full.payoff((1,) * 4)[i] for i in members)
        assert game.value(members) == pytest.approx(expected)


def test_stable_coalitions_match_internal_and_external_stability_in_the_cd_game() -> None:
    scenario = dataclasses.replace(g60(), token=TokenCompliance(enabled=False))
    names = [a.name for a in scenario.actors]
    for level in (0.0, 0.2, 0.5, 0.9):
        intervention = Intervention(authority=level)
        stable = set(equilibrium_coalitions(scenario, intervention))
        for size in range(0, 10):
            for members in itertools.combinations(names, size):
                check = scenario_coalition_stability(scenario, members, intervention)
                assert check.stable == (frozenset(members) in stable), (level, members)


def test_stable_sizes_match_profile_equilibria() -> None:
    for level in (0.0, 0.5, 0.95):
        scenario = symmetric(7)
        intervention = Intervention(authority=level)
        sizes = {int((np.array(eq.profile) == 0).sum())
                 for eq in pure_equilibria(scenario_game(scenario, intervention)).equilibria}
        assert set(equilibrium_coalition_sizes(scenario, intervention).tolist()) == sizes


def test_minimal_compensation_makes_the_grand_coalition_internally_stable() -> None:
    """The compensation mechanism of Liu Lulu's G60 study: with the computed transfers, no
    city gains by leaving full cooperation, and the transfers are the smallest such."""
    scenario, intervention = g60(), Intervention(authority=0.5)
    everyone = [a.name for a in scenario.actors]
    plan = minimal_compensation(scenario, everyone, intervention)
    gains = scenario_coalition_stability(scenario, everyone, intervention).leaving_gains
    assert not scenario_coalition_stability(scenario, everyone, intervention).internal
    for name, gain in gains.items():
        assert plan.transfers[name] >= gain - 1e-9
    assert sum(plan.transfers.values()) == pytest.approx(plan.external_funding)
    deficits = sum(max(g, 0.0) for g in gains.values())
    assert plan.volume == pytest.approx(2 * deficits)  # received = paid = the deficits
    assert plan.budget_balanced


def test_compensation_needs_outside_funding_when_members_cannot_pay() -> None:
    """With no intervention every member of the symmetric group of 9 gains by leaving full
    cooperation, so nobody can pay: outside funding equals the summed deficits."""
    scenario = symmetric(9, token_compliance=False)
    pair = [a.name for a in scenario.actors]
    gains = scenario_coalition_stability(scenario, pair).leaving_gains
    assert all(g > 0 for g in gains.values())
    plan = minimal_compensation(scenario, pair)
    assert not plan.budget_balanced
    assert plan.external_funding == pytest.approx(sum(gains.values()))
    assert plan.transfers == pytest.approx(gains)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="length 2\\*\\*n"):
        CoalitionalGame([0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="empty coalition"):
        CoalitionalGame([1.0, 1.0])
    with pytest.raises(ValueError, match=r"members \[.Atlantis.\] are not among"):
        scenario_coalition_stability(g60(), ["Atlantis"])
    with pytest.raises(ValueError, match="allocation"):
        in_core(glove_game(), [1.0, 0.0])
    with pytest.raises(TypeError, match="CoalitionalGame"):
        shapley_values([0, 1])
    twins = dataclasses.replace(g60(), actors=(g60().actors[0],) * 2)
    with pytest.raises(ValueError, match="repeats actor names"):
        equilibrium_coalitions(twins)
