"""Hypothesis properties of the solvers on random games."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import random_games, scenarios

from ica_model import (
    Intervention,
    mixed_equilibria,
    pure_equilibria,
    symmetric_equilibria,
    symmetric_game,
)
from ica_model.engine.solvers.verify import action_values


def assert_best_responses(game, equilibrium, tolerance) -> None:
    strategies = [np.array(s) for s in equilibrium.strategies]
    for player, (values, strategy) in enumerate(zip(action_values(game, strategies), strategies,
                                                    strict=True)):
        assert strategy.sum() == pytest.approx(1.0, abs=1e-12)
        assert strategy.min() >= 0
        assert values.max() <= values @ strategy + tolerance, player
        assert equilibrium.payoffs[player] == pytest.approx(values @ strategy, abs=1e-9)


@given(random_games(max_players=4, max_actions=3))
def test_every_pure_equilibrium_is_a_best_response(game) -> None:
    result = pure_equilibria(game)
    for eq in result.equilibria:
        assert_best_responses(game, eq, result.tolerance)
    # and every profile that is not returned has a profitable deviation
    returned = {eq.profile for eq in result.equilibria}
    for profile in np.ndindex(*game.shape):
        if profile in returned:
            continue
        gains = []
        for player in range(game.n_players):
            index = list(profile)
            index[player] = slice(None)
            gains.append(game.payoffs[(player, *index)].max() - game.payoffs[(player, *profile)])
        assert max(gains) > result.tolerance


@given(random_games(max_players=2, max_actions=5), st.sampled_from(
    ["vertex_enumeration", "support_enumeration"]))
def test_every_mixed_equilibrium_is_a_best_response(game, method) -> None:
    result = mixed_equilibria(game, method)
    assert len(result.equilibria) >= 1  # Nash 1951: at least one exists
    for eq in result.equilibria:
        assert_best_responses(game, eq, result.tolerance)


@given(random_games(max_players=2, max_actions=5))
def test_nondegenerate_games_have_an_odd_number_of_equilibria(game) -> None:
    """Shapley 1974 / Lemke–Howson: a nondegenerate bimatrix game has an odd number."""
    result = mixed_equilibria(game)
    if result.degenerate is False:
        assert len(result.equilibria) % 2 == 1


@given(scenarios(min_n=2, max_n=6), st.floats(0, 1))
def test_symmetric_equilibria_are_best_responses(scenario, level) -> None:
    import dataclasses

    homogeneous = dataclasses.replace(scenario, actors=(scenario.actors[0],) * scenario.n,
                                      group_heterogeneity=0.3)
    game = symmetric_game(homogeneous, Intervention(authority=level))
    result = symmetric_equilibria(game)
    assert result.equilibria
    for eq in result.equilibria:
        x = np.array(eq.strategy)
        assert x.sum() == pytest.approx(1.0, abs=1e-12) and x.min() >= 0
        values = game.action_values(x)
        assert values.max() <= values @ x + result.tolerance
