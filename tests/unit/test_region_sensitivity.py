"""Shapley effects from given data (ica_model.analysis.region_sensitivity) against the
closed form of a linear model with correlated Gaussian inputs."""

from __future__ import annotations

from itertools import combinations
from math import comb

import numpy as np
import pytest

from ica_model.analysis.region_sensitivity import MAX_INPUTS, shapley_effects


def exact_linear_gaussian(b: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Shapley effects of Y = b·X, X ~ N(0, sigma) (Owen & Prieur 2017; Iooss & Prieur 2019):
    c(u) = b_u' (sigma_uu - sigma_u,-u sigma_-u,-u^{-1} sigma_-u,u) b_u."""
    d = len(b)
    variance = b @ sigma @ b
    cost: dict[frozenset[int], float] = {}
    for size in range(d + 1):
        for subset in combinations(range(d), size):
            u = list(subset)
            rest = [k for k in range(d) if k not in u]
            if not u or not rest:
                cost[frozenset(u)] = 0.0 if not u else float(variance)
                continue
            conditional = sigma[np.ix_(u, u)] - sigma[np.ix_(u, rest)] @ np.linalg.solve(
                sigma[np.ix_(rest, rest)], sigma[np.ix_(rest, u)])
            cost[frozenset(u)] = float(b[u] @ conditional @ b[u])
    return np.array([sum((cost[u | {i}] - cost[u]) / comb(d - 1, len(u))
                         for u in cost if i not in u) / (d * variance) for i in range(d)])


def test_two_correlated_inputs_closed_form() -> None:
    # Sh_1 = (b1^2 (1 - rho^2/2) + b1 b2 rho + b2^2 rho^2/2) / Var Y (Iooss & Prieur 2019).
    b1, b2, rho = 1.0, 2.0, 0.6
    variance = b1**2 + b2**2 + 2 * b1 * b2 * rho
    closed = (b1**2 * (1 - rho**2 / 2) + b1 * b2 * rho + b2**2 * rho**2 / 2) / variance
    sigma = np.array([[1.0, rho], [rho, 1.0]])
    assert closed == pytest.approx(exact_linear_gaussian(np.array([b1, b2]), sigma)[0])
    x = np.random.default_rng(7).multivariate_normal([0.0, 0.0], sigma, size=5000)
    effects = shapley_effects({"x1": x[:, 0], "x2": x[:, 1]}, x @ [b1, b2], rng=1)
    # Over 20 replicates the estimate's standard deviation was 0.004 and its bias < 0.001;
    # ignoring the correlation would give b1^2 / (b1^2 + b2^2) = 0.2 instead of 0.37.
    assert effects.effects[0] == pytest.approx(closed, abs=0.02)
    assert sum(effects.effects) == pytest.approx(1.0)
    assert effects.variance == pytest.approx(np.var(x @ [b1, b2]))
    assert (effects.n, effects.queries, effects.neighbours) == (5000, 2000, 3)


def test_three_correlated_inputs() -> None:
    b = np.array([1.0, -1.0, 0.5])
    sigma = np.array([[1.0, 0.5, 0.2], [0.5, 1.0, -0.3], [0.2, -0.3, 2.0]])
    exact = exact_linear_gaussian(b, sigma)
    x = np.random.default_rng(8).multivariate_normal(np.zeros(3), sigma, size=5000)
    effects = shapley_effects({"a": x[:, 0], "b": x[:, 1], "c": x[:, 2]}, x @ b, rng=2)
    # Replicate standard deviation about 0.009 per effect.
    np.testing.assert_allclose(effects.effects, exact, atol=0.04)
    assert sum(effects.effects) == pytest.approx(1.0)


def test_groups_and_inert_input() -> None:
    rng = np.random.default_rng(9)
    x = rng.uniform(size=(3000, 3))
    output = x[:, 0] + x[:, 1] > 1.0          # a claim-like indicator; x2 is inert
    table = {"p.1": x[:, 0], "p.2": x[:, 1], "q": x[:, 2]}
    grouped = shapley_effects(table, output, groups={"p": ["p.1", "p.2"], "q": ["q"]}, rng=3)
    assert grouped.names == ("p", "q")
    assert grouped.as_dict()["p"] > 0.97
    single = shapley_effects(table, output, rng=3).as_dict()
    assert abs(single["q"]) < 0.03
    assert single["p.1"] == pytest.approx(single["p.2"], abs=0.06)


def test_seeded() -> None:
    x = np.random.default_rng(10).normal(size=(3000, 2))
    table = {"a": x[:, 0], "b": x[:, 1]}
    first = shapley_effects(table, x[:, 0] * x[:, 1], queries=500, rng=4)
    assert first == shapley_effects(table, x[:, 0] * x[:, 1], queries=500,
                                    rng=np.random.default_rng(4))
    assert first != shapley_effects(table, x[:, 0] * x[:, 1], queries=500, rng=5)


def test_errors_named() -> None:
    x = np.random.default_rng(11).normal(size=(50, 2))
    table = {"a": x[:, 0], "b": x[:, 1]}
    with pytest.raises(ValueError, match="does not vary"):
        shapley_effects(table, np.ones(50))
    with pytest.raises(ValueError, match="output"):
        shapley_effects(table, np.ones(49))
    with pytest.raises(ValueError, match="output"):
        shapley_effects(table, np.full(50, np.nan))
    with pytest.raises(ValueError, match="neighbours"):
        shapley_effects(table, x[:, 0], neighbours=1)
    with pytest.raises(ValueError, match="queries"):
        shapley_effects(table, x[:, 0], queries=0)
    with pytest.raises(ValueError, match="groups"):
        shapley_effects(table, x[:, 0], groups={"g": ["a", "zz"]})
    with pytest.raises(ValueError, match="groups"):
        shapley_effects(table, x[:, 0], groups={"g": ["a"], "h": ["a", "b"]})
    wide = {f"c{j}": x[:, 0] for j in range(MAX_INPUTS + 1)}
    with pytest.raises(ValueError, match="MAX_INPUTS"):
        shapley_effects(wide, x[:, 0])


def test_unexplained_share() -> None:
    # Y = X1 + X2 + X3 (independent, unit variance) with X3 not listed: X3 leaves 1/3 of
    # Var Y unexplained and X1, X2 take 1/3 each.
    x = np.random.default_rng(12).normal(size=(5000, 3))
    effects = shapley_effects({"x1": x[:, 0], "x2": x[:, 1]}, x.sum(axis=1), neighbours=4,
                              unexplained=True, rng=6)
    assert effects.unexplained == pytest.approx(1 / 3, abs=0.05)
    np.testing.assert_allclose(effects.effects, [1 / 3, 1 / 3], atol=0.05)
    assert sum(effects.effects) + effects.unexplained == pytest.approx(1.0)
    # Without it, the left-out variance is shared out equally: each gets about 1/2.
    forced = shapley_effects({"x1": x[:, 0], "x2": x[:, 1]}, x.sum(axis=1), rng=6)
    np.testing.assert_allclose(forced.effects, [0.5, 0.5], atol=0.05)
