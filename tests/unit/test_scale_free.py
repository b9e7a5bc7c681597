"""Scale-free solvers: per-player affine changes a_i * u_i + b_i leave equilibria unchanged.

Oracle: the solver on the untransformed game (and, for the exact mode, exact rational
arithmetic), plus hand-derived cases from the issue that measured the old failures.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import flat_profiles, random_games, same_sets

from ica_model import NormalFormGame, pure_equilibria, support_enumeration, vertex_enumeration
from ica_model.engine.solvers import as_equilibrium, batch_equilibria, lemke_howson, payoff_tolerance
from ica_model.engine.solvers.verify import normalise_payoffs
from ica_model.engine.textbook import matching_pennies, prisoners_dilemma

scales = st.sampled_from([1e-9, 1e-6, 1e-3, 1.0, 7.0, 1e3, 1e6, 1e9])
offsets = st.sampled_from([0.0, -3.0, 1.0, 1e3])


def transformed(game: NormalFormGame, a, b) -> NormalFormGame:
    """Player i's payoffs become a[i] * u_i + a[i] * b[i] (offset relative to the scale)."""
    factors = np.array(a).reshape((-1,) + (1,) * game.n_players)
    shifts = np.array(b).reshape((-1,) + (1,) * game.n_players)
    return NormalFormGame(factors * (game.payoffs + shifts))


def profiles(result) -> list[tuple]:
    return sorted(tuple(np.round([p for s in eq.strategies for p in s], 7)) for eq in result.equilibria)


def supports(result) -> list[tuple]:
    return sorted(tuple(p > 0 for s in eq.strategies for p in s) for eq in result.equilibria)


@given(random_games(max_players=3, max_actions=3), st.data())
def test_pure_equilibria_invariant(game, data) -> None:
    a = [data.draw(scales) for _ in range(game.n_players)]
    b = [data.draw(offsets) for _ in range(game.n_players)]
    base = pure_equilibria(game)
    moved = pure_equilibria(transformed(game, a, b))
    assert [eq.profile for eq in moved.equilibria] == [eq.profile for eq in base.equilibria]


@given(random_games(max_players=2, max_actions=4), scales, scales, offsets, offsets,
       st.sampled_from(["vertex", "support"]))
def test_two_player_equilibria_invariant(game, a0, a1, b0, b1, method) -> None:
    solver = vertex_enumeration if method == "vertex" else support_enumeration
    base = solver(game)
    moved = solver(transformed(game, [a0, a1], [b0, b1]))
    assert same_sets(flat_profiles(moved), flat_profiles(base))
    assert supports(moved) == supports(base)
    assert moved.degenerate == base.degenerate


@given(random_games(max_players=2, max_actions=3), scales, scales)
def test_exact_mode_invariant_under_powers_of_two(game, a0, a1) -> None:
    """Scaling by powers of two is exact in binary floats, so the exact mode must return
    the very same fractions; and they agree with the float solver."""
    p0, p1 = 2.0 ** round(np.log2(a0)), 2.0 ** round(np.log2(a1))
    exact = vertex_enumeration(game, exact=True)
    moved = vertex_enumeration(transformed(game, [p0, p1], [0.0, 0.0]), exact=True)
    assert [eq.strategies for eq in moved.equilibria] == [eq.strategies for eq in exact.equilibria]
    assert all(isinstance(p, Fraction) for eq in exact.equilibria for s in eq.strategies for p in s)
    assert profiles(vertex_enumeration(game)) == sorted(
        tuple(np.round([float(p) for s in eq.strategies for p in s], 7)) for eq in exact.equilibria)


@pytest.mark.parametrize("factor", [1e-10, 1e-6, 1.0, 1e7, 1e12, 1e300])
def test_prisoners_dilemma_at_any_scale(factor: float) -> None:
    """The issue's measurement: x1e7 lost the equilibrium, x1e-10 gained three false ones.
    Osborne 2004, sec. 2.2: (D, D) is the unique equilibrium."""
    game = NormalFormGame(prisoners_dilemma().payoffs * factor)
    for result in (vertex_enumeration(game), support_enumeration(game), pure_equilibria(game),
                   lemke_howson(game)):
        assert [eq.strategies for eq in result.equilibria] == [((0.0, 1.0), (0.0, 1.0))]
    assert vertex_enumeration(game, exact=True).equilibria[0].strategies == ((0, 1), (0, 1))


def test_players_judged_on_their_own_scale() -> None:
    """Row payoffs 0/1, column payoffs up to 1e9: a profile where the row player loses 1.0
    is not an equilibrium (the old global tolerance 1e-9 * 1e9 accepted regret 1.0)."""
    game = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1e9, 0], [0, 1e9]])
    assert as_equilibrium(game, [[0, 1], [1, 0]]) is None
    assert [eq.profile for eq in pure_equilibria(game).equilibria] == [(0, 0), (1, 1)]
    tolerances = payoff_tolerance(game)
    assert tolerances[0] < 1e-8 and 0.5 < tolerances[1] < 2


def test_payoffs_near_the_largest_float() -> None:
    """Payoffs near +-1e308 crashed qhull; matching pennies there has the 1/2 mix."""
    game = NormalFormGame(matching_pennies().payoffs * 1.7e308)
    for result in (vertex_enumeration(game), support_enumeration(game)):
        assert profiles(result) == [(0.5, 0.5, 0.5, 0.5)]
    unit, _ = normalise_payoffs(game)
    assert np.isfinite(unit).all() and unit.min() == 0.0 and unit.max() == 1.0


def test_offsets_do_not_blur_payoff_differences() -> None:
    """u + 1e9: differences of 1 are kept exactly (Sterbenz), and equilibria are unchanged."""
    base = NormalFormGame(np.random.default_rng(5).integers(0, 4, size=(2, 4, 4)).astype(float))
    shifted = NormalFormGame(base.payoffs + 1e9)
    assert profiles(vertex_enumeration(shifted)) == profiles(vertex_enumeration(base))
    tolerance = payoff_tolerance(shifted)
    assert (tolerance < 1e-3).all()  # far below the payoff differences (>= 1)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1e-3, True, "1e-9", 1.0])
@pytest.mark.parametrize("solver", [pure_equilibria, vertex_enumeration, support_enumeration,
                                    lemke_howson])
def test_tolerance_is_validated(solver, bad) -> None:
    game = prisoners_dilemma()
    with pytest.raises((TypeError, ValueError), match="tolerance"):
        solver(game, tolerance=bad)


@pytest.mark.parametrize("bad", [float("nan"), -1.0, "x", False])
def test_tolerance_validated_in_helpers(bad) -> None:
    game = prisoners_dilemma()
    with pytest.raises((TypeError, ValueError), match="tolerance"):
        payoff_tolerance(game, bad)
    with pytest.raises((TypeError, ValueError), match="tolerance"):
        as_equilibrium(game, [[0, 1], [0, 1]], bad)
    with pytest.raises((TypeError, ValueError), match="tolerance"):
        batch_equilibria(game.payoffs[0][None], game.payoffs[1][None], bad)


def test_payoff_tolerance_batches_and_formula() -> None:
    """t_i = tau * range_i + rho * max|u_i| (module docstring), per player and per point."""
    payoffs = np.array([[[0.0, 2.0], [1e6, 1e6 + 4.0]], [[5.0, 5.0], [-1.0, 3.0]]])
    from ica_model.engine.solvers.verify import ROUNDING_FLOOR

    tolerance = payoff_tolerance(payoffs, 1e-6, batch_ndim=1)
    expected = np.array([[2e-6, 4e-6 + ROUNDING_FLOOR * (1e6 + 4)],
                         [0.0 + ROUNDING_FLOOR * 5, 4e-6 + ROUNDING_FLOOR * 3]])
    assert tolerance == pytest.approx(expected, rel=1e-12)
