"""Agreement with QuantEcon (MIT) and EGTtools (GPL) where they overlap; both are
test-only dependencies. Per PITFALLS.md, EGTtools is trusted for replicator gradients
only, never for its stability labels."""

from __future__ import annotations

import numpy as np
import pytest
from strategies import egttools_payoff_matrix

from ica_model import Intervention, NormalFormGame, pure_equilibria, symmetric_game, vertex_enumeration
from ica_model.cases import symmetric
from ica_model.engine.evolutionary.dynamics import replicator_field
from ica_model.model.payoffs import scenario_game

qe = pytest.importorskip("quantecon")
egt = pytest.importorskip("egttools")
from egttools.analytical import replicator_equation, replicator_equation_n_player  # noqa: E402


def to_quantecon(game: NormalFormGame):
    return qe.game_theory.NormalFormGame(np.moveaxis(game.payoffs, 0, -1))


@pytest.mark.parametrize("seed", range(20))
def test_vertex_enumeration_matches_quantecon_on_random_games(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = tuple(rng.integers(2, 6, 2))
    game = NormalFormGame.from_bimatrix(rng.normal(size=shape), rng.normal(size=shape))
    theirs = qe.game_theory.vertex_enumeration(to_quantecon(game))
    ours = vertex_enumeration(game).equilibria
    assert len(ours) == len(theirs)
    for x, y in theirs:
        assert any(np.allclose(eq.strategies[0], x, atol=1e-9)
                   and np.allclose(eq.strategies[1], y, atol=1e-9) for eq in ours)


@pytest.mark.parametrize("seed", range(10))
def test_pure_equilibria_match_quantecon_in_n_player_games(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    shape = (2, 3, 2, 2)
    # integer payoffs make ties (and so several equilibria) common
    game = NormalFormGame(rng.integers(0, 3, size=(len(shape), *shape)).astype(float))
    theirs = {tuple(int(a) for a in p) for p in qe.game_theory.pure_nash_brute(to_quantecon(game))}
    assert {eq.profile for eq in pure_equilibria(game).equilibria} == theirs


def test_pure_equilibria_of_the_ica_game_match_quantecon() -> None:
    game = scenario_game(symmetric(n=5), Intervention(authority=0.3, information=0.2))
    theirs = {tuple(int(a) for a in p) for p in qe.game_theory.pure_nash_brute(to_quantecon(game))}
    assert {eq.profile for eq in pure_equilibria(game).equilibria} == theirs


@pytest.mark.parametrize("seed", range(10))
def test_two_player_replicator_gradient_matches_egttools(seed: int) -> None:
    rng = np.random.default_rng(seed)
    matrix = rng.normal(size=(3, 3))
    game = NormalFormGame.from_bimatrix(matrix, matrix.T)
    from ica_model import SymmetricGame

    single = SymmetricGame(2, lambda a, c: matrix[a] @ c.T, ("R", "P", "S"))
    x = rng.dirichlet(np.ones(3))
    expected = replicator_equation(x, matrix)
    assert replicator_field(single, x) == pytest.approx(expected, abs=1e-12)
    # the two-population field at a symmetric state has the same gradient in each population
    assert replicator_field(game, np.concatenate([x, x])) == pytest.approx(
        np.concatenate([expected, expected]), abs=1e-12)


@pytest.mark.parametrize("level", [0.0, 0.3, 0.6])
def test_n_player_replicator_gradient_of_the_ica_game_matches_egttools(level: float) -> None:
    """EGTtools' payoff matrix has one column per group composition (counts of each
    strategy in the whole group, focal player included, in ``sample_simplex`` order)."""
    n = 5
    game = symmetric_game(symmetric(n), Intervention(authority=level, information=0.2))
    k = len(game.actions)
    matrix = egttools_payoff_matrix(game, egt)
    rng = np.random.default_rng(int(level * 10))
    for x in rng.dirichlet(np.ones(k), size=5):
        assert replicator_field(game, x) == pytest.approx(
            replicator_equation_n_player(x, matrix, n), abs=1e-10)
