"""The count-based symmetric solver against the profile game and at large n."""

from __future__ import annotations

import numpy as np
import pytest

from ica_model import (
    Intervention,
    NormalFormGame,
    SymmetricGame,
    pure_equilibria,
    pure_equilibria_by_counts,
    scenario_game,
    symmetric_equilibria,
    symmetric_game,
    vertex_enumeration,
)
from ica_model.model.cases import symmetric


@pytest.mark.parametrize("level", [0.0, 0.2, 0.5, 0.9])
def test_two_player_symmetric_equilibria_are_the_symmetric_subset_of_vertex_enumeration(level):
    scenario = symmetric(n=2)
    intervention = Intervention(authority=level, incentive=0.3)
    counts = symmetric_game(scenario, intervention)
    full = vertex_enumeration(scenario_game(scenario, intervention))
    symmetric_profiles = sorted(eq.strategies[0] for eq in full.equilibria
                                if np.allclose(eq.strategies[0], eq.strategies[1]))
    found = sorted(eq.strategy for eq in symmetric_equilibria(counts).equilibria)
    assert np.allclose(found, symmetric_profiles, atol=1e-9)


@pytest.mark.parametrize("n", [3, 5, 8])
def test_pure_equilibria_by_counts_match_profile_enumeration(n: int) -> None:
    scenario = symmetric(n)
    intervention = Intervention(authority=0.6)
    by_counts = {tuple(row) for row in pure_equilibria_by_counts(
        symmetric_game(scenario, intervention))}
    by_profiles = {tuple(np.bincount(eq.profile, minlength=3)) for eq in pure_equilibria(
        scenario_game(scenario, intervention)).equilibria}
    assert by_counts == by_profiles


@pytest.mark.parametrize("n", [10, 100, 1000])
def test_symmetric_mixed_equilibrium_at_large_n_is_verified(n: int) -> None:
    game = symmetric_game(symmetric(n, token_compliance=False), Intervention(authority=0.5))
    result = symmetric_equilibria(game)
    assert result.complete and result.equilibria
    for eq in result.equilibria:
        assert eq.regret <= result.tolerance
    # the gain function changes sign at each interior equilibrium
    for eq in result.equilibria:
        p = eq.strategy[0]
        if 0 < p < 1:
            below, above = (game.action_values(np.array([q, 1 - q])) for q in (p - 1e-4, p + 1e-4))
            assert np.sign(below[0] - below[1]) != np.sign(above[0] - above[1])


def test_symmetric_game_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="n_players"):
        SymmetricGame(1, lambda a, c: c[:, 0])
    with pytest.raises(ValueError, match="2 to 4"):
        SymmetricGame(3, lambda a, c: c[:, 0], actions=("A",))
    with pytest.raises(ValueError, match="not finite"):
        SymmetricGame(3, lambda a, c: np.full(len(c), np.nan))
    with pytest.raises(TypeError, match="SymmetricGame"):
        symmetric_equilibria(NormalFormGame(np.zeros((2, 2, 2))))
