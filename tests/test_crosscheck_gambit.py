"""Independent cross-checks against pygambit (GPL, a test-only dependency) and nashpy."""

from __future__ import annotations

import numpy as np
import pytest

from ica_model import NormalFormGame, pure_equilibria, support_enumeration, vertex_enumeration
from ica_model.model.payoffs import scenario_game

gbt = pytest.importorskip("pygambit")


def gambit_profiles(result) -> list[np.ndarray]:
    """gambit's equilibria as flat profiles, without repeats: on degenerate games
    ``enummixed_solve`` lists one extreme equilibrium several times (seen with 16.7)."""
    unique: list[np.ndarray] = []
    for eq in result.equilibria:
        profile = np.array([float(eq[s]) for p in eq.game.players for s in p.strategies])
        if not any(np.abs(profile - u).max() <= 1e-12 for u in unique):
            unique.append(profile)
    return unique


def ours(result) -> list[np.ndarray]:
    return [np.array([p for s in eq.strategies for p in s]) for eq in result.equilibria]


def same_sets(a: list[np.ndarray], b: list[np.ndarray], tol: float = 1e-8) -> bool:
    """Equal as sets of profiles, each matched within ``tol``."""
    if len(a) != len(b):
        return False
    unmatched = list(range(len(b)))
    for x in a:
        hit = next((j for j in unmatched if np.abs(x - b[j]).max() <= tol), None)
        if hit is None:
            return False
        unmatched.remove(hit)
    return True


def random_game(rng: np.random.Generator, n_players: int, max_actions: int) -> NormalFormGame:
    shape = tuple(int(k) for k in rng.integers(2, max_actions + 1, n_players))
    if rng.random() < 0.5:  # integer payoffs: exact ties and degenerate games are common
        return NormalFormGame(rng.integers(-4, 5, size=(n_players, *shape)).astype(float))
    return NormalFormGame(rng.normal(size=(n_players, *shape)))


@pytest.mark.parametrize("n_players", [2, 3, 4, 5])
def test_pure_equilibria_match_enumpure(n_players: int) -> None:
    rng = np.random.default_rng(1000 + n_players)
    for _ in range(50):  # 4 x 50 = 200 games of 2-5 players
        game = random_game(rng, n_players, 4 if n_players < 4 else 3)
        expected = gambit_profiles(gbt.nash.enumpure_solve(game.to_pygambit()))
        assert same_sets(ours(pure_equilibria(game)), expected), game.payoffs.tolist()


@pytest.mark.parametrize("size", [2, 3, 4, 5, 6])
def test_mixed_equilibria_match_enummixed(size: int) -> None:
    """gambit's enummixed returns the extreme equilibria, also of degenerate games."""
    rng = np.random.default_rng(2000 + size)
    for trial in range(40):  # 5 x 40 = 200 two-player games
        if trial % 2:
            payoffs = rng.integers(-3, 4, size=(2, size, size)).astype(float)
        else:
            payoffs = rng.normal(size=(2, size, size))
        game = NormalFormGame(payoffs)
        expected = gambit_profiles(gbt.nash.enummixed_solve(game.to_pygambit(), rational=True))
        vertex = vertex_enumeration(game)
        assert same_sets(ours(vertex), expected), payoffs.tolist()
        if not vertex.degenerate:  # exact test: no polytope vertex has surplus labels
            support = support_enumeration(game)
            assert support.degenerate is None
            assert same_sets(ours(support), expected), payoffs.tolist()


def test_rectangular_games_match_enummixed() -> None:
    rng = np.random.default_rng(7)
    for m, n in [(2, 5), (5, 2), (3, 7), (1, 4), (4, 1)]:
        game = NormalFormGame(rng.normal(size=(2, m, n)))
        expected = gambit_profiles(gbt.nash.enummixed_solve(game.to_pygambit(), rational=True))
        assert same_sets(ours(vertex_enumeration(game)), expected)


def test_vertex_enumeration_agrees_with_nashpy_vertex_enumeration() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        game = NormalFormGame(rng.normal(size=(2, 4, 4)))
        theirs = [np.concatenate(eq) for eq in game.to_nashpy().vertex_enumeration()]
        assert same_sets(ours(vertex_enumeration(game)), theirs, tol=1e-7)


def test_degenerate_game_reports_extreme_equilibria() -> None:
    """A game with a continuum: the column player is indifferent, so every row mix
    (x, 1-x) with x >= 1/2 against Left is an equilibrium. The extreme ones are returned."""
    game = NormalFormGame.from_bimatrix([[1, 0], [1, 2]], [[1, 1], [0, 0]])
    result = vertex_enumeration(game)
    expected = gambit_profiles(gbt.nash.enummixed_solve(game.to_pygambit(), rational=True))
    assert result.degenerate and result.notes
    assert same_sets(ours(result), expected)
    assert support_enumeration(game).degenerate


def test_ica_game_exports_to_gambit_with_names() -> None:
    from ica_model import Intervention
    from ica_model.model.cases import yangtze_river_delta

    game = scenario_game(yangtze_river_delta(), Intervention(authority=0.5))
    exported = game.to_pygambit()
    assert [p.label for p in exported.players] == ["Shanghai", "Jiangsu", "Zhejiang", "Anhui"]
    expected = gambit_profiles(gbt.nash.enumpure_solve(exported))
    assert same_sets(ours(pure_equilibria(game)), expected)
