"""Hypothesis properties of the solvers on random games that hold by theorem (the
verification, completeness and invariance of every solver: tests/unit/test_conformance.py)."""

from __future__ import annotations

from hypothesis import given
from strategies import random_games

from ica_model import mixed_equilibria


@given(random_games(max_players=2, max_actions=5))
def test_nondegenerate_games_have_an_odd_number_of_equilibria(game) -> None:
    """Shapley 1974 / Lemke–Howson: a nondegenerate bimatrix game has an odd number."""
    result = mixed_equilibria(game)
    if result.degenerate is False:
        assert len(result.equilibria) % 2 == 1
