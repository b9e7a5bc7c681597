"""Textbook games with exact expected equilibria, each with its source."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import comb

import numpy as np
import pytest

from ica_model import pure_equilibria, support_enumeration, vertex_enumeration
from ica_model.engine.solvers import SymmetricGame, pure_equilibria_by_counts, symmetric_equilibria
from ica_model.engine.textbook import (
    battle_of_the_sexes,
    hawk_dove,
    linear_public_goods,
    matching_pennies,
    prisoners_dilemma,
    stag_hunt,
    threshold_public_goods,
)

F = Fraction


@dataclass(frozen=True)
class Case:
    name: str
    game: object
    expected: list  # each: ((row strategy), (column strategy)) as exact fractions
    source: str


TWO_PLAYER = [
    Case("prisoners_dilemma", prisoners_dilemma(), [((0, 1), (0, 1))],
         "Osborne 2004, sec. 2.2: (D, D) unique"),
    Case("stag_hunt", stag_hunt(), [((1, 0), (1, 0)), ((F(3, 4), F(1, 4)), (F(3, 4), F(1, 4))),
                                    ((0, 1), (0, 1))],
         "Osborne 2004, sec. 2.7 and 4.9: mixed Stag prob (hare - alone)/(stag - alone) = 3/4"),
    Case("hawk_dove", hawk_dove(2, 4), [((1, 0), (0, 1)), ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2))),
                                        ((0, 1), (1, 0))],
         "Maynard Smith 1982, ch. 2: Hawk with prob V/C = 1/2"),
    Case("battle_of_the_sexes", battle_of_the_sexes(),
         [((1, 0), (1, 0)), ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))), ((0, 1), (0, 1))],
         "Osborne 2004, sec. 4.7"),
    Case("matching_pennies", matching_pennies(), [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))],
         "Osborne 2004, sec. 4.1: unique, both 1/2"),
]


def as_sorted(equilibria) -> list:
    return sorted(tuple(round(p, 12) for s in eq.strategies for p in s) for eq in equilibria)


def expected_sorted(case: Case) -> list:
    return sorted(tuple(round(float(p), 12) for s in eq for p in s) for eq in case.expected)


@pytest.mark.parametrize("case", TWO_PLAYER, ids=lambda c: c.name)
@pytest.mark.parametrize("solver", [vertex_enumeration, support_enumeration])
def test_two_player_equilibria_exact(case: Case, solver) -> None:
    result = solver(case.game)
    assert as_sorted(result.equilibria) == expected_sorted(case), case.source
    assert not result.degenerate


@pytest.mark.parametrize("case", TWO_PLAYER, ids=lambda c: c.name)
def test_pure_equilibria_are_the_pure_subset(case: Case) -> None:
    expected = [e for e in expected_sorted(case) if set(e) <= {0.0, 1.0}]
    assert as_sorted(pure_equilibria(case.game).equilibria) == expected


def test_prisoners_dilemma_equilibrium_payoff() -> None:
    eq = pure_equilibria(prisoners_dilemma(5, 3, 1, 0)).equilibria[0]
    assert eq.profile == (1, 1) and eq.payoffs == (1.0, 1.0)  # mutual punishment P = 1


@pytest.mark.parametrize("n,multiplier,expected", [(4, 2.0, (1, 1, 1, 1)), (3, 4.5, (0, 0, 0))])
def test_linear_public_goods(n: int, multiplier: float, expected: tuple) -> None:
    """Ledyard 1995: with r < n defecting dominates; with r > n contributing dominates."""
    result = pure_equilibria(linear_public_goods(n, multiplier, 1.0))
    assert [eq.profile for eq in result.equilibria] == [expected]


@pytest.mark.parametrize("n,threshold", [(4, 2), (5, 3), (6, 1)])
def test_threshold_public_goods(n: int, threshold: int) -> None:
    """Palfrey and Rosenthal 1984: nobody (if threshold > 1) or exactly `threshold` contribute."""
    result = pure_equilibria(threshold_public_goods(n, threshold, 2.0, 1.0))
    contributors = sorted(int((np.array(eq.profile) == 0).sum()) for eq in result.equilibria)
    expected = [threshold] * comb(n, threshold) + ([0] if threshold > 1 else [])
    assert contributors == sorted(expected)


def test_threshold_public_goods_by_counts_at_large_n() -> None:
    """The count-based solver gives the same classes at n = 200 (threshold 50)."""
    game = SymmetricGame(200, lambda a, c: 2.0 * (c[:, 0] + (a == 0) >= 50) - (a == 0))
    assert pure_equilibria_by_counts(game).tolist() == [[0, 200], [50, 150]]


def test_symmetric_hawk_dove_mixed_ess() -> None:
    """Maynard Smith 1982: the symmetric equilibrium plays Hawk with probability V/C."""
    v, c = 3.0, 8.0
    row = hawk_dove(v, c).payoffs[0]
    game = SymmetricGame(2, lambda a, counts: row[a] @ counts.T, ("Hawk", "Dove"))
    result = symmetric_equilibria(game)
    assert [eq.strategy for eq in result.equilibria] == [pytest.approx((v / c, 1 - v / c),
                                                                        abs=1e-14)]
    assert result.complete


def test_symmetric_stag_hunt_three_equilibria() -> None:
    row = stag_hunt().payoffs[0]
    result = symmetric_equilibria(SymmetricGame(2, lambda a, c: row[a] @ c.T))
    assert [eq.strategy[0] for eq in result.equilibria] == pytest.approx([1.0, 0.75, 0.0],
                                                                         abs=1e-14)


@pytest.mark.parametrize("n", [10, 100, 1000])
def test_symmetric_volunteer_dilemma_closed_form(n: int) -> None:
    """Diekmann 1985, "Volunteer's dilemma": benefit b if anyone volunteers, cost c to the
    volunteer; the symmetric equilibrium does not volunteer with prob (c/b)^(1/(n-1))."""
    b, c = 2.0, 1.0
    game = SymmetricGame(n, lambda a, counts: np.where(a == 0, b - c,
                                                       b * (counts[:, 0] > 0)))
    result = symmetric_equilibria(game)
    mixed = [eq for eq in result.equilibria if 0 < eq.strategy[0] < 1]
    assert len(mixed) == 1
    assert mixed[0].strategy[1] == pytest.approx((c / b) ** (1 / (n - 1)), abs=1e-12)
