"""Games built without copies (issue 20): a float64 C-contiguous array is held as a
read-only view; bounds found while validating; the pure solver uses no rescaled copy."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from ica_model import NormalFormGame, pure_equilibria
from ica_model.engine.solvers.verify import game_scale, normalise_payoffs


def test_float_array_is_viewed_not_copied() -> None:
    payoffs = np.random.default_rng(0).standard_normal((3, 2, 2, 2))
    game = NormalFormGame(payoffs)
    assert np.shares_memory(game.payoffs, payoffs)
    assert not game.payoffs.flags.writeable
    assert payoffs.flags.writeable   # the caller's array is left as it was


@pytest.mark.parametrize("payoffs", [
    np.arange(8).reshape(2, 2, 2),                                  # integers
    np.asfortranarray(np.arange(8.0).reshape(2, 2, 2)),             # not C-contiguous
    np.arange(8, dtype=np.float32).reshape(2, 2, 2),                # another float type
])
def test_other_inputs_are_converted(payoffs: np.ndarray) -> None:
    game = NormalFormGame(payoffs)
    assert not np.shares_memory(game.payoffs, payoffs)
    assert game.payoffs.dtype == np.float64 and game.payoffs.flags.c_contiguous
    assert np.array_equal(game.payoffs, payoffs)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_payoffs_refused(bad: float) -> None:
    payoffs = np.zeros((2, 2, 2))
    payoffs[1, 1, 0] = bad
    with pytest.raises(ValueError, match=r"payoffs must be finite.*\(1, 1, 0\)"):
        NormalFormGame(payoffs)


def test_bounds_and_scale_match_normalisation() -> None:
    payoffs = np.random.default_rng(1).standard_normal((3, 3, 2, 3)) * [[[[1e-300]]], [[[1]]],
                                                                        [[[1e300]]]]
    game = NormalFormGame(payoffs)
    low, high = game.payoff_bounds
    assert np.array_equal(low, payoffs.reshape(3, -1).min(axis=1))
    assert np.array_equal(high, payoffs.reshape(3, -1).max(axis=1))
    _, reference = normalise_payoffs(payoffs)
    scale = game_scale(game)
    for field in ("exponent", "low", "span", "constant"):
        assert np.array_equal(getattr(scale, field), getattr(reference, field))


def test_pure_solve_allocates_little() -> None:
    payoffs = np.random.default_rng(2).standard_normal((12, *[2] * 12))
    tracemalloc.start()
    try:
        pure_equilibria(NormalFormGame(payoffs))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 0.5 * payoffs.nbytes   # was 3 times the array: a copy and a rescaled copy
