"""Where a function of one variable is non-negative: a grid scan refined by Brent's method.

Used for every "where does this equilibrium exist along a ray of parameters" question
(the critical authority of the closed forms, the stable, under- and over-intervention
intervals of the leader–follower analysis).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from .._validation import check_callable, check_real, check_size

__all__ = ["SignIntervals", "sign_intervals"]


@dataclass(frozen=True)
class SignIntervals:
    """The closed intervals of ``[low, high]`` where a function is non-negative, and
    those where it is negative.

    Attributes
    ----------
    nonnegative, negative : tuple of (float, float)
        Consecutive intervals; their ends are the refined sign changes.
    """

    nonnegative: tuple[tuple[float, float], ...]
    negative: tuple[tuple[float, float], ...]

    @property
    def lowest(self) -> float | None:
        """The smallest point where the function is non-negative (None if nowhere)."""
        return self.nonnegative[0][0] if self.nonnegative else None

    @property
    def highest(self) -> float | None:
        """The largest point where the function is non-negative (None if nowhere)."""
        return self.nonnegative[-1][1] if self.nonnegative else None


def _merged(points: np.ndarray, keep: Callable[[float], bool]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for lo, hi in itertools.pairwise(points):
        if not keep((lo + hi) / 2):
            continue
        if merged and merged[-1][1] == lo:
            merged[-1] = (merged[-1][0], float(hi))
        else:
            merged.append((float(lo), float(hi)))
    return merged


def sign_intervals(function: Callable[[np.ndarray], np.ndarray], low: float, high: float,
                   resolution: int = 201, xtol: float = 1e-12) -> SignIntervals:
    """Intervals of ``[low, high]`` where ``function >= 0`` and where it is ``< 0``.

    The function is evaluated once on ``resolution`` evenly spaced points (it must accept
    an array and return one value per point); every sign change between neighbours is
    refined with Brent's method to ``xtol``; each piece between consecutive changes is
    classified at its midpoint. Sign changes closer together than the grid spacing can be
    missed: raise ``resolution`` where that matters.

    Examples
    --------
    >>> result = sign_intervals(lambda x: (x - 0.25) * (0.75 - x), 0.0, 1.0)
    >>> [tuple(round(v, 12) for v in i) for i in result.nonnegative], result.lowest
    ([(0.25, 0.75)], 0.25)
    """
    # the grid, the function's values and a few temporaries of the same size per point
    check_callable("function", function, "function(x) -> values, x an array")
    resolution = check_size("resolution", resolution, 1024, low=3)
    low, high = check_real("low", low), check_real("high", high)
    xtol = check_real("xtol", xtol, 0.0, low_open=True)
    if not low < high:
        raise ValueError(f"low must be below high, got [{low}, {high}]")

    def at(x: float) -> float:
        return float(np.asarray(function(np.atleast_1d(x)), dtype=float).ravel()[0])

    grid = np.linspace(low, high, resolution)
    feasible = np.asarray(function(grid), dtype=float) >= 0
    edges = [brentq(at, grid[i], grid[i + 1], xtol=xtol)
             for i in np.flatnonzero(feasible[1:] != feasible[:-1])]
    points = np.concatenate([[low], edges, [high]])
    nonnegative = _merged(points, lambda x: at(x) >= 0)
    negative = _merged(points, lambda x: at(x) < 0)
    if not nonnegative and at(low) >= 0:        # a single touching point at the start
        nonnegative = [(low, low)]
    return SignIntervals(tuple(nonnegative), tuple(negative))
