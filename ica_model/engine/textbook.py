"""Textbook games with known equilibria, shared by tests, docs and benchmarks.

Sources: Osborne (2004), *An Introduction to Game Theory*, Oxford UP, chapters 2–4
(prisoner's dilemma, stag hunt, hawk–dove, battle of the sexes, matching pennies);
Maynard Smith (1982), *Evolution and the Theory of Games* (hawk–dove); Ledyard (1995),
"Public goods: a survey of experimental research" (linear public goods); Palfrey and
Rosenthal (1984), "Participation and the provision of discrete public goods", *J. Public
Econ.* 24 (threshold public goods).
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import check_int, check_real
from .game import NormalFormGame

__all__ = [
    "battle_of_the_sexes",
    "hawk_dove",
    "linear_public_goods",
    "matching_pennies",
    "prisoners_dilemma",
    "stag_hunt",
    "threshold_public_goods",
]

_CD = {"actions": [("C", "D"), ("C", "D")]}


def prisoners_dilemma(temptation: float = 5, reward: float = 3, punishment: float = 1,
                      sucker: float = 0) -> NormalFormGame:
    """Prisoner's dilemma with T > R > P > S (actions C, D). Unique equilibrium (D, D).

    Examples
    --------
    >>> prisoners_dilemma().payoffs[0].tolist()
    [[3.0, 0.0], [5.0, 1.0]]
    """
    t, r, p, s = (check_real(name, v) for name, v in [("temptation", temptation),
                  ("reward", reward), ("punishment", punishment), ("sucker", sucker)])
    if not t > r > p > s:
        raise ValueError(f"a prisoner's dilemma needs temptation > reward > punishment > sucker, "
                         f"got {t}, {r}, {p}, {s}")
    row = [[r, s], [t, p]]
    return NormalFormGame.from_bimatrix(row, np.transpose(row), title="prisoner's dilemma", **_CD)


def stag_hunt(stag: float = 4, hare: float = 3, alone: float = 0) -> NormalFormGame:
    """Stag hunt (actions Stag, Hare), row payoffs ``[[stag, alone], [hare, hare]]`` with
    stag > hare > alone. Pure equilibria (Stag, Stag) and (Hare, Hare); the mixed one plays
    Stag with probability ``(hare - alone) / (stag - alone)`` (3/4 by default)."""
    stag, hare, alone = (check_real(name, v) for name, v in [("stag", stag), ("hare", hare),
                                                               ("alone", alone)])
    row = [[stag, alone], [hare, hare]]
    if not stag > hare > alone:
        raise ValueError(f"a stag hunt needs stag > hare > alone, got {stag}, {hare}, {alone}")
    return NormalFormGame.from_bimatrix(row, np.transpose(row), title="stag hunt",
                                        actions=[("Stag", "Hare")] * 2)


def hawk_dove(value: float = 2, cost: float = 4) -> NormalFormGame:
    """Hawk–dove (Maynard Smith) with resource ``value`` V < ``cost`` C; actions Hawk, Dove.
    The mixed equilibrium plays Hawk with probability V/C."""
    v = check_real("value", value, 0, None, low_open=True)
    c = check_real("cost", cost)
    if not c > v:
        raise ValueError(f"cost must exceed value (cost={c!r}, value={v!r}): otherwise fighting "
                         f"pays and the game is not a hawk-dove game")
    row = [[(v - c) / 2, v], [0.0, v / 2]]
    return NormalFormGame.from_bimatrix(row, np.transpose(row), title="hawk-dove",
                                        actions=[("Hawk", "Dove")] * 2)


def battle_of_the_sexes() -> NormalFormGame:
    """Battle of the sexes (Osborne 2004, fig. 19.1): payoffs (2,1), (0,0), (0,0), (1,2).
    Equilibria: both pure coordinations and the mixed ((2/3, 1/3), (1/3, 2/3))."""
    return NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                        title="battle of the sexes",
                                        actions=[("Bach", "Stravinsky")] * 2)


def matching_pennies() -> NormalFormGame:
    """Matching pennies: the unique equilibrium mixes 1/2–1/2 for both players."""
    row = np.array([[1, -1], [-1, 1]])
    return NormalFormGame.from_bimatrix(row, -row, title="matching pennies",
                                        actions=[("Heads", "Tails")] * 2)


def _symmetric_binary(n: int, payoff_by_count, title: str) -> NormalFormGame:
    """n-player game with actions (C, D) whose payoff depends on own action and the
    number of cooperators ``m`` in the profile: ``payoff_by_count(cooperates, m)``."""
    profiles = np.indices((2,) * n).reshape(n, -1).T
    cooperates = profiles == 0
    m = cooperates.sum(axis=1, keepdims=True)
    payoffs = np.where(cooperates, payoff_by_count(True, m), payoff_by_count(False, m))
    return NormalFormGame(payoffs.T.reshape((n,) + (2,) * n), actions=[("C", "D")] * n,
                          title=title)


def linear_public_goods(n: int = 4, multiplier: float = 2.0, contribution: float = 1.0
                        ) -> NormalFormGame:
    """Linear public goods game: each cooperator pays ``contribution`` c; the pot is
    multiplied by r and shared by all n. With r < n, defection strictly dominates, and
    all-defect is the unique equilibrium; with r > n, all-cooperate is."""
    n = check_int("n", n, 2, 16)
    r = check_real("multiplier", multiplier, 0, None, low_open=True)
    c = check_real("contribution", contribution, 0, None, low_open=True)
    if not math.isfinite(r * c * n):
        raise ValueError(f"multiplier * contribution * n = {r} * {c} * {n} exceeds the float "
                         f"range")
    return _symmetric_binary(
        n, lambda cooperates, m: r * c * m / n - (c if cooperates else 0.0),
        "linear public goods")


def threshold_public_goods(n: int = 4, threshold: int = 2, benefit: float = 2.0,
                           cost: float = 1.0) -> NormalFormGame:
    """Threshold (step-level) public good: everybody receives ``benefit`` when at least
    ``threshold`` players contribute; contributors pay ``cost`` < benefit.
    Pure equilibria: nobody contributes (when threshold > 1), and every profile with
    exactly ``threshold`` contributors (Palfrey and Rosenthal 1984)."""
    n = check_int("n", n, 2, 16)
    k = check_int("threshold", threshold, 1, n)
    b = check_real("benefit", benefit, 0, None, low_open=True)
    c = check_real("cost", cost, 0, b, low_open=True, high_open=True)
    return _symmetric_binary(
        n, lambda cooperates, m: b * (m >= k) - (c if cooperates else 0.0),
        "threshold public goods")
