"""Root isolation of Bernstein polynomials against exact and independent oracles."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq
from scipy.stats import binom

from ica_model.engine.solvers.bernstein import isolate_roots, log_binomial_pmf

P = sp.Symbol("p")


def exact_roots(coefficients: list[int]) -> list[sp.Expr]:
    """Distinct real roots in (0, 1) of sum_j d_j C(m, j) p^j (1-p)^(m-j), by sympy's exact
    real-root isolation of the expanded integer polynomial."""
    m = len(coefficients) - 1
    poly = sp.Poly(sp.expand(sum(sp.Integer(d) * sp.binomial(m, j) * P**j * (1 - P)**(m - j)
                                 for j, d in enumerate(coefficients))), P)
    if poly.is_zero or poly.degree() == 0:
        return []
    return sorted({r for r in sp.real_roots(poly) if 0 < r < 1})


def bernstein_from_monomial(expression: sp.Expr, m: int) -> list[float]:
    """Bernstein coefficients of degree m of a polynomial: d_j = sum_i C(j,i)/C(m,i) a_i."""
    poly = sp.Poly(sp.expand(expression), P)
    a = [poly.coeff_monomial(P**i) for i in range(m + 1)]
    return [float(sum(sp.binomial(j, i) / sp.binomial(m, i) * a[i] for i in range(j + 1)))
            for j in range(m + 1)]


@pytest.mark.parametrize("n", [1, 2, 7, 50, 1_000, 100_000, 10**7])
def test_log_binomial_pmf_matches_mpmath(n: int) -> None:
    rng = np.random.default_rng(n)
    for _ in range(25):
        j = int(rng.integers(0, n + 1))
        p = float(rng.choice([rng.random(), 1e-3 * rng.random(), 10 ** -rng.uniform(0, 200)]))
        with mpmath.workdps(60):
            exact = (mpmath.loggamma(n + 1) - mpmath.loggamma(j + 1) - mpmath.loggamma(n - j + 1)
                     + j * mpmath.log(p)
                     + (n - j) * mpmath.log1p(-mpmath.mpf(p)))
        got = float(log_binomial_pmf(j, n, p))
        assert got == pytest.approx(float(exact), rel=1e-13, abs=1e-13)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=2, max_size=13), st.integers(0, 2), st.integers(0, 2))
def test_isolated_roots_are_the_exact_roots(coefficients, zeros_left, zeros_right) -> None:
    """Random integer coefficients (ties and zeros common), with exact zeros at the ends:
    every root in (0, 1) is found once, none is invented (sympy's exact isolation)."""
    d = [0] * zeros_left + coefficients + [0] * zeros_right
    exact = exact_roots(d)
    result = isolate_roots(np.array(d, dtype=float))
    if not any(d):
        assert result.identically_zero
        return
    found = [p for p, _ in result.roots]
    # simple roots are isolated; roots of even multiplicity may come as clusters
    clustered = [r for r in exact if any(lo - 1e-6 <= float(r) <= hi + 1e-6
                                         for lo, hi in result.clusters)]
    simple = [r for r in exact if r not in clustered]
    assert len(found) == len(simple)
    assert found == pytest.approx([float(r) for r in simple], abs=1e-12)
    for (lo, hi), p in zip(result.intervals, found, strict=True):
        assert lo <= p <= hi
    nonzero = np.flatnonzero(d)
    assert result.at_zero == nonzero[0] and result.at_one == len(d) - 1 - nonzero[-1]


@pytest.mark.parametrize("expression,degree,roots", [
    ((P - sp.Rational(1, 2))**2, 2, [0.5]),
    ((P - sp.Rational(1, 3))**2 * (P - sp.Rational(7, 10)), 5, [1 / 3, 0.7]),
    ((P - sp.Rational(1, 4))**3, 6, [0.25]),
    (P * (1 - P)**2 * (P - sp.Rational(3, 5)), 7, [0.6]),
    ((P - sp.Rational(1, 1000)) * (P - sp.Rational(999, 1000)), 4, [0.001, 0.999]),
])
def test_multiple_roots_are_found_as_roots_or_clusters(expression, degree, roots) -> None:
    """Float coefficients fix a root of multiplicity k only to about eps^(1/k) (1e-8 for
    a double root, 6e-6 for a triple one): the root must be within 2e-5."""
    result = isolate_roots(bernstein_from_monomial(expression, degree))
    points = [p for p, _ in result.roots] + [p for p, _ in result.candidates]
    for r in roots:
        assert min(abs(p - r) for p in points) < 2e-5
    # nothing far from a true root
    assert all(min(abs(p - r) for r in roots) < 2e-5 for p in points)


@pytest.mark.parametrize("m,k", [(999, 249), (9_999, 2_499), (99_999, 24_999)])
def test_two_close_roots_at_large_degree(m: int, k: int) -> None:
    """b B_{k,m}(p) - c: two roots around the mode k/m, found by subdivision (V = 2);
    oracle: brentq on scipy's binomial pmf on each side of the mode."""
    b = 10.0
    c = 0.5 * b * binom.pmf(k, m, k / m)  # half the peak: two roots about 1.2 sd apart
    d = np.full(m + 1, -c)
    d[k] = b - c
    result = isolate_roots(d)

    def gain(p: float) -> float:
        return b * binom.pmf(k, m, p) - c

    mode = k / m
    expected = [brentq(gain, 1e-9, mode, xtol=1e-15), brentq(gain, mode, 1 - 1e-9, xtol=1e-15)]
    assert [p for p, _ in result.roots] == pytest.approx(expected, rel=1e-9)
    assert result.complete and not result.clusters


def test_identically_zero_and_constant_sign() -> None:
    assert isolate_roots(np.zeros(10)).identically_zero
    result = isolate_roots(np.r_[0.0, 0.0, np.ones(5), 0.0])
    assert result.roots == () and (result.at_zero, result.at_one) == (2, 1)
    with pytest.raises(ValueError, match="finite"):
        isolate_roots([1.0, np.nan])
    with pytest.raises(ValueError, match="1-d"):
        isolate_roots(np.ones((2, 2)))
