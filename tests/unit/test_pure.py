"""Pure equilibria and the batched best-response mask against a brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ica_model import NormalFormGame, pure_equilibria
from ica_model.engine.solvers.pure import best_response_mask


def brute_force(payoffs: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """Every profile, every player, every deviation, in plain Python."""
    n = payoffs.shape[0]
    shape = payoffs.shape[1:]
    mask = np.zeros(shape, dtype=bool)
    for profile in itertools.product(*(range(k) for k in shape)):
        stable = True
        for player in range(n):
            for action in range(shape[player]):
                deviation = list(profile)
                deviation[player] = action
                if payoffs[(player, *deviation)] - payoffs[(player, *profile)] > tolerance[player]:
                    stable = False
        mask[profile] = stable
    return mask


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 4), st.booleans())
def test_mask_matches_brute_force_with_per_player_tolerances(seed: int, n: int, ties: bool) -> None:
    rng = np.random.default_rng(seed)
    shape = tuple(int(k) for k in rng.integers(1, 4, size=n))
    payoffs = (rng.integers(-2, 3, size=(n, *shape)).astype(float) if ties
               else rng.normal(size=(n, *shape)))
    tolerance = rng.choice([0.0, 0.5, 1.0], size=n)
    assert np.array_equal(best_response_mask(payoffs, tolerance, n_players=n),
                          brute_force(payoffs, tolerance))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_batched_mask_equals_the_mask_of_each_game(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 5))
    shape = tuple(int(k) for k in rng.integers(2, 4, size=n))
    batch = rng.integers(-2, 3, size=(3, 2, n, *shape)).astype(float)
    tolerance = rng.choice([0.0, 1.0], size=(3, 2, n))
    mask = best_response_mask(batch, tolerance, n_players=n)
    assert mask.shape == (3, 2, *shape)
    for i, j in itertools.product(range(3), range(2)):
        assert np.array_equal(mask[i, j], brute_force(batch[i, j], tolerance[i, j]))


@pytest.mark.parametrize("n,k", [(12, 2), (7, 3)])
def test_dense_and_sparse_phases_on_large_generic_games(n: int, k: int) -> None:
    """Large enough that the sparse phase runs; oracle: the dense comparison with the
    array rolled along each player's axis."""
    rng = np.random.default_rng(n)
    payoffs = rng.normal(size=(n,) + (k,) * n)
    expected = np.ones(payoffs.shape[1:], dtype=bool)
    for player in range(n):
        for shift in range(1, k):
            expected &= payoffs[player] >= np.roll(payoffs[player], shift, axis=player)
    assert np.array_equal(best_response_mask(payoffs, 0.0), expected)
    game = NormalFormGame(payoffs)
    assert {eq.profile for eq in pure_equilibria(game, 0.0).equilibria} == \
        {tuple(int(a) for a in p) for p in np.argwhere(expected)}


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_equilibria_invariant_under_per_player_affine_changes(seed: int) -> None:
    """a_i u_i + b_i with a_i a power of 2 and b_i an integer is exact in floating point,
    so with exact comparisons (tolerance 0) the equilibria must be exactly the same, ties
    included."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 5))
    shape = tuple(int(k) for k in rng.integers(2, 4, size=n))
    payoffs = rng.integers(-3, 4, size=(n, *shape)).astype(float)
    scale = 2.0 ** rng.integers(-30, 30, size=n)
    offset = rng.integers(-10**6, 10**6, size=n).astype(float)
    changed = payoffs * scale.reshape((n,) + (1,) * n) + offset.reshape((n,) + (1,) * n)
    before = pure_equilibria(NormalFormGame(payoffs), 0.0)
    after = pure_equilibria(NormalFormGame(changed), 0.0)
    assert [eq.profile for eq in before.equilibria] == [eq.profile for eq in after.equilibria]
    assert np.array_equal(best_response_mask(payoffs, 0.0), best_response_mask(changed, 0.0))


def test_regrets_are_recorded() -> None:
    # at (0, 0) player 0 could gain 0.5 by deviating: within a tolerance of 0.5 only
    payoffs = np.array([[[1.0, 0.0], [1.5, 2.0]], [[1.0, 0.0], [0.0, 2.0]]])
    mask = best_response_mask(payoffs, [0.5, 0.0])
    assert mask.tolist() == [[True, False], [False, True]]
    result = pure_equilibria(NormalFormGame(payoffs), 0.25)  # 0.25 * range 2 = 0.5
    regrets = {eq.profile: eq.regret for eq in result.equilibria}
    assert set(regrets) <= {(0, 0), (1, 1)} and regrets[(1, 1)] == 0.0


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="shape"):
        best_response_mask(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="finite"):
        best_response_mask(np.full((2, 2, 2), np.nan))
    with pytest.raises(ValueError, match=">= 0"):
        best_response_mask(np.zeros((2, 2, 2)), -1.0)
    with pytest.raises(ValueError, match="broadcast"):
        best_response_mask(np.zeros((2, 2, 2)), [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="n_players"):
        best_response_mask(np.zeros((2, 2, 2)), n_players=3)
    assert best_response_mask(np.zeros((0, 2, 2, 2)), n_players=2).shape == (0, 2, 2)
