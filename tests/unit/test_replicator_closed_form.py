"""The one-population replicator of a symmetric game in closed form: the binomial weights
as products of powers (``binomial_weights``) give Loader's within rounding, and the field
of a two-action game is :math:`p (1 - p) g(p)` with the gain polynomial in Bernstein form,
as the log-space weights gave it and as EGTtools computes it."""

from __future__ import annotations

import numpy as np
import pytest
from strategies import egttools_payoff_matrix

from ica_model import SymmetricGame
from ica_model.engine.evolutionary.dynamics import replicator_field
from ica_model.engine.solvers.bernstein import log_binomial_pmf
from ica_model.engine.solvers.symmetric import DIRECT_DEGREE, binomial_weights


def _loader(p: np.ndarray, m: int) -> np.ndarray:
    return np.exp(log_binomial_pmf(np.arange(m + 1)[None, :], m, p[:, None]))


@pytest.mark.parametrize("m", [1, 2, 14, 99, DIRECT_DEGREE, DIRECT_DEGREE + 1, 999])
def test_binomial_weights_are_loaders(m: int) -> None:
    rng = np.random.default_rng(m)
    p = np.concatenate([rng.random(200), [0.0, 1.0, 1e-300, 1 - 1e-16, 0.5]])
    weights = binomial_weights(p, m)
    assert weights.shape == (len(p), m + 1)
    assert np.abs(weights - _loader(p, m)).max() <= 1e-14
    assert np.abs(weights.sum(axis=1) - 1).max() <= 1e-13


def _public_goods(n: int) -> SymmetricGame:
    return SymmetricGame(n, lambda a, c: 3 * (c[:, 0] + (a == 0)) / n - (a == 0) + 100.0,
                         ("C", "D"))


@pytest.mark.parametrize("n", [2, 15, 120])
def test_two_action_field_is_p_one_minus_p_times_the_gain(n: int) -> None:
    game = _public_goods(n)
    p = np.linspace(0, 1, 101)
    field = replicator_field(game, np.column_stack([p, 1 - p]))
    _, gains = game.edge(0, 1)                        # d_j, j others cooperating
    expected = p * (1 - p) * (_loader(p, n - 1) @ gains)
    assert np.abs(field[:, 0] - expected).max() <= 1e-12 * game.scale
    assert np.abs(field.sum(axis=1)).max() <= 1e-12 * game.scale


def test_two_action_field_matches_egttools() -> None:
    egt = pytest.importorskip("egttools")
    from egttools.analytical import replicator_equation_n_player

    n, k = 15, 2
    game = _public_goods(n)
    matrix = egttools_payoff_matrix(game, egt)
    states = np.random.default_rng(5).dirichlet(np.ones(k), size=20)
    ours = replicator_field(game, states)
    theirs = np.array([replicator_equation_n_player(x, matrix, n) for x in states])
    assert np.abs(ours - theirs).max() <= 1e-10
