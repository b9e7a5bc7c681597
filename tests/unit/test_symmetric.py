"""The count-based symmetric solver against the profile game and at large n."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq
from scipy.stats import binom

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
from ica_model.cases import symmetric


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
    # each one checked here: the multinomial expectation of every action over the others'
    # 999 choices, summed in log space (not the solver's regret)
    from scipy.special import gammaln

    others = game.n_players - 1
    log_weight = gammaln(others + 1) - gammaln(game.counts + 1).sum(axis=1)
    for eq in result.equilibria:
        x = np.array(eq.strategy, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            log_x = np.where(game.counts > 0, game.counts * np.log(x), 0.0).sum(axis=1)
        values = game.table @ np.exp(log_weight + log_x)
        spread = game.table.max() - game.table.min()
        assert values.max() - values @ x <= 1e-7 * spread
    # independent of the solver's own regret filter: the gain changes sign at each interior
    # equilibrium
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


# ---------------------------------------------------------------- certified equilibria

P = sp.Symbol("p")


def table_game(table: np.ndarray, n: int) -> SymmetricGame:
    """Symmetric game whose payoff is ``table[a][j]``, j = others playing action 0."""
    return SymmetricGame(n, lambda a, c: table[a][c[:, 0]], tuple("ABCD"[:len(table)]))


def profile_game(table: np.ndarray, n: int) -> NormalFormGame:
    """The same game over all k^n profiles, built without counts tables."""
    k = len(table)
    payoffs = np.empty((n,) + (k,) * n)
    for profile in itertools.product(range(k), repeat=n):
        for i in range(n):
            others = sum(1 for q in range(n) if q != i and profile[q] == 0)
            payoffs[(i, *profile)] = table[profile[i]][others]
    return NormalFormGame(payoffs)


def exact_symmetric_equilibria(game: NormalFormGame) -> tuple[list[float], bool]:
    """Symmetric equilibria (probability of action 0) of a symmetric 2-action profile game:
    player 0's exact gain of action 0 over 1 when the others mix, summed over the others'
    profiles with sympy, its real roots in (0, 1), and the pure ends where they are
    best responses. Also whether the gain vanishes identically."""
    n = game.n_players
    gain = sp.Integer(0)
    for others in itertools.product(range(2), repeat=n - 1):
        weight = sp.Mul(*(P if a == 0 else 1 - P for a in others))
        difference = game.payoffs[(0, 0, *others)] - game.payoffs[(0, 1, *others)]
        gain += weight * sp.nsimplify(difference, rational=True)
    poly = sp.Poly(sp.expand(gain), P)
    if poly.is_zero:
        return [], True
    found = [float(r) for r in sorted(set(sp.real_roots(poly))) if 0 < r < 1]
    if gain.subs(P, 1) >= 0:
        found.append(1.0)
    if gain.subs(P, 0) <= 0:
        found.append(0.0)
    return sorted(found, reverse=True), False


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 7), st.integers(0, 2**32 - 1))
def test_two_action_equilibria_match_the_exact_profile_game(n: int, seed: int) -> None:
    """Random integer payoffs (ties, zero gains and tangencies common) against the exact
    roots of the gain computed from the n-player profile game."""
    table = np.random.default_rng(seed).integers(-2, 3, size=(2, n)).astype(float)
    expected, continuum = exact_symmetric_equilibria(profile_game(table, n))
    result = symmetric_equilibria(table_game(table, n))
    found = [eq.strategy[0] for eq in result.equilibria]
    if continuum:
        assert any("continuum" in note for note in result.notes)
        return
    assert result.complete
    assert len(found) == len(expected)
    assert found == pytest.approx(expected, abs=1e-6)  # multiple roots: ~sqrt(eps)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 5), st.integers(2, 3), st.integers(0, 2**32 - 1))
def test_pure_equilibria_by_counts_match_the_profile_game(n: int, k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    table = rng.integers(-2, 3, size=(k, n, n)).astype(float)  # by (own, #0, #1) of others

    def payoff(a: int, c: np.ndarray) -> np.ndarray:
        return table[a][c[:, 0], c[:, 1] if k > 2 else 0]

    game = SymmetricGame(n, payoff, tuple("ABC"[:k]))
    profiles = np.empty((n,) + (k,) * n)
    for profile in itertools.product(range(k), repeat=n):
        for i in range(n):
            others = [profile[q] for q in range(n) if q != i]
            profiles[(i, *profile)] = table[profile[i]][others.count(0),
                                                        others.count(1) if k > 2 else 0]
    by_profiles = {tuple(np.bincount(eq.profile, minlength=k))
                   for eq in pure_equilibria(NormalFormGame(profiles), 0.0).equilibria}
    result = pure_equilibria_by_counts(game, 0.0)
    assert {tuple(row) for row in result.counts} == by_profiles
    assert len(result) == len(by_profiles) and np.all(result.regrets == 0.0)


@pytest.mark.parametrize("n", [2, 10, 1_000, 100_000])
def test_volunteers_dilemma_closed_form(n: int) -> None:
    """Diekmann 1985, "Volunteer's dilemma" (Journal of Conflict Resolution 29): benefit b
    if anyone volunteers, cost c to a volunteer; the symmetric equilibrium volunteers with
    probability p* = 1 - (c/b)^(1/(n-1)) (the gain b (1-p)^(n-1) - c vanishes)."""
    b, c = 2.0, 1.0
    game = SymmetricGame(n, lambda a, counts: np.where(a == 0, b - c, b * (counts[:, 0] > 0)))
    result = symmetric_equilibria(game)
    assert result.complete and len(result.equilibria) == 1
    p, q = result.equilibria[0].strategy
    assert p == pytest.approx(-np.expm1(np.log(c / b) / (n - 1)), rel=1e-10)
    assert q == pytest.approx((c / b) ** (1 / (n - 1)), rel=1e-12)


@pytest.mark.parametrize("n", [10_000, 100_000])
def test_reference_group_at_large_n_has_its_equilibrium(n: int) -> None:
    """The grid-based solver returned nothing here. Oracle: the gain's coefficients (payoff
    differences by count) change sign exactly once, from + to - (Descartes: exactly one
    interior root, and neither pure profile is an equilibrium), and scipy's binomial
    weights give a gain of opposite signs just below and above the reported root."""
    game = symmetric_game(symmetric(n, token_compliance=False))
    order = np.argsort(game.counts[:, 0])
    d = (game.table[0] - game.table[1])[order]
    signs = np.sign(d[d != 0])
    assert np.count_nonzero(signs[1:] != signs[:-1]) == 1 and signs[0] > 0 > signs[-1]
    result = symmetric_equilibria(game)
    assert result.complete and len(result.equilibria) == 1
    p = result.equilibria[0].strategy[0]
    j = game.counts[order, 0]
    below, above = (float(binom.pmf(j, n - 1, q) @ d) for q in (p * (1 - 1e-6), p * (1 + 1e-6)))
    assert below > 0 > above


@pytest.mark.parametrize("n,threshold,benefit,cost,expected", [
    # cost 0: contributing is weakly dominant; the gain b B(p) is > 0 inside, 0 at the ends
    (16, 8, 2.0, 0.0, [1.0, 0.0]),
    (200, 50, 2.0, 0.0, [1.0, 0.0]),
    (2000, 1000, 2.0, 0.0, [1.0, 0.0]),
    (5, 5, 2.0, 0.0, [1.0, 0.0]),
    # b max B = c: a tangency at the mode (k-1)/(n-1), an equilibrium of multiplicity 2
    (3, 2, 2.0, 1.0, [0.5, 0.0]),        # 2 * 2p(1-p) = 1 at p = 1/2
    (5, 3, 8.0, 3.0, [0.5, 0.0]),        # 8 * 6 p^2 (1-p)^2 = 3 at p = 1/2
    # generic: no interior root (b max B < c), or the all-contribute profile (k = n)
    (8, 4, 2.0, 1.0, [0.0]),
    (8, 8, 2.0, 1.0, [1.0, 0.5 ** (1 / 7), 0.0]),
])
def test_threshold_public_good_closed_forms(n, threshold, benefit, cost, expected) -> None:
    """Palfrey and Rosenthal 1984, "Participation and the provision of discrete public
    goods" (Journal of Public Economics 24): when the others contribute with probability
    p, contributing gains b C(n-1, k-1) p^(k-1) (1-p)^(n-k) - c (it matters only when
    exactly k - 1 others contribute). Symmetric equilibria: nobody (k > 1, the gain at 0 is
    -c <= 0), everybody if k = n, and the interior roots of that polynomial. The knife-edge
    rows once gave grid points with an exactly-zero float gain as equilibria."""
    game = SymmetricGame(n, lambda a, c: benefit * (c[:, 0] + (a == 0) >= threshold)
                         - cost * (a == 0))
    result = symmetric_equilibria(game)
    assert [eq.strategy[0] for eq in result.equilibria] == pytest.approx(expected, abs=1e-7)


def test_two_interior_roots_of_a_threshold_good_at_large_n() -> None:
    n, k, b = 20_000, 5_000, 10.0
    c = 0.5 * b * binom.pmf(k - 1, n - 1, (k - 1) / (n - 1))
    game = SymmetricGame(n, lambda a, counts: b * (counts[:, 0] + (a == 0) >= k) - c * (a == 0))
    result = symmetric_equilibria(game)

    def gain(p: float) -> float:
        return b * binom.pmf(k - 1, n - 1, p) - c

    mode = (k - 1) / (n - 1)
    expected = [brentq(gain, mode, 1 - 1e-12, xtol=1e-15), brentq(gain, 1e-12, mode, xtol=1e-15), 0.0]
    assert [eq.strategy[0] for eq in result.equilibria] == pytest.approx(expected, rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 40), st.integers(2, 3), st.integers(0, 2**32 - 1))
def test_equilibria_invariant_under_positive_affine_changes(n: int, k: int, seed: int) -> None:
    """u -> a u + b with a a power of 2 and b an integer is exact in floating point: the
    equilibria and their count classes must not move."""
    if k == 3:
        n = min(n, 12)
    rng = np.random.default_rng(seed)
    # exact in floating point: |offset| < 2**30 and scale >= 2**-20 keep every value in 53 bits
    scale, offset = 2.0 ** int(rng.integers(-20, 21)), float(rng.integers(-2**30, 2**30))
    raw = rng.integers(-3, 4, size=(k, n, n)).astype(float)

    def make(table: np.ndarray) -> SymmetricGame:
        return SymmetricGame(n, lambda a, c: table[a][c[:, 0], c[:, 1] if k > 2 else 0],
                             tuple("ABC"[:k]))

    before, after = make(raw), make(raw * scale + offset)
    first, second = symmetric_equilibria(before), symmetric_equilibria(after)
    assert first.tolerance * scale == pytest.approx(second.tolerance, rel=1e-12)
    if first.complete and second.complete:
        assert len(first.equilibria) == len(second.equilibria)
        for x, y in zip(first.equilibria, second.equilibria, strict=True):
            assert x.strategy == pytest.approx(y.strategy, abs=1e-9)
    else:  # a face searched by multistart: what one finds is an equilibrium of the other
        for found, game, other in ((first, after, second), (second, before, first)):
            for eq in found.equilibria:
                assert game.regret(np.array(eq.strategy)) <= 2 * other.tolerance
    assert np.array_equal(pure_equilibria_by_counts(before).counts,
                          pure_equilibria_by_counts(after).counts)


@pytest.mark.parametrize("seed", range(8))
def test_three_and_four_action_two_player_games_match_vertex_enumeration(seed: int) -> None:
    """n = 2: the symmetric equilibria are the symmetric ones among all equilibria of the
    bimatrix game (random payoffs: nondegenerate, every equilibrium extreme)."""
    rng = np.random.default_rng(seed)
    k = 3 + seed % 2
    matrix = rng.normal(size=(k, k))
    game = SymmetricGame(2, lambda a, c: matrix[a] @ c.T, tuple("ABCD"[:k]))
    full = vertex_enumeration(NormalFormGame.from_bimatrix(matrix, matrix.T))
    expected = sorted(eq.strategies[0] for eq in full.equilibria
                      if np.allclose(eq.strategies[0], eq.strategies[1], atol=1e-9))
    result = symmetric_equilibria(game)
    found = sorted(eq.strategy for eq in result.equilibria)
    if result.complete:
        assert np.allclose(found, expected, atol=1e-9)
    else:
        assert all(any(np.allclose(f, e, atol=1e-9) for e in expected) for f in found)


def test_three_action_reference_group_is_certified_at_n_1000() -> None:
    """The token-compliance group at n = 1,000: every face of three actions is certified
    empty and the edges are isolated, so the result is complete."""
    game = symmetric_game(symmetric(1000), Intervention(authority=0.3, incentive=0.3))
    result = symmetric_equilibria(game)
    assert result.complete and result.equilibria


def test_count_record_and_internal_error(monkeypatch) -> None:
    game = SymmetricGame(4, lambda a, c: 2.0 * (c[:, 0] + (a == 0) >= 2) - (a == 0))
    record = pure_equilibria_by_counts(game)
    assert len(record) == 2 and record.tolist() == [[0, 4], [2, 2]]
    assert [row.tolist() for row in record] == record.tolist() and record[1, 0] == 2
    assert np.asarray(record).shape == (2, 2) and record.complete
    from ica_model.engine.solvers import symmetric as module

    monkeypatch.setattr(module, "_search", lambda *args: module._Search([], (), True))
    with pytest.raises(RuntimeError, match="Nash"):
        symmetric_equilibria(game)
