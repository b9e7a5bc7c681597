r"""Cooperative games: the surplus of coalitions and its division.

* :class:`CoalitionalGame`: a transferable-utility game :math:`v : 2^N \to \mathbb R`,
  stored by bitmask (bit :math:`i` set when player :math:`i` is in the coalition).
* :func:`shapley_values` (exact, :math:`n \cdot 2^{n-1}` terms, vectorised) and
  :func:`shapley_sample` (seeded random permutations with standard errors; Castro, Gómez
  and Tejada 2009, *Comput. Oper. Res.* 36).
* :func:`core` and :func:`in_core`: :math:`\{x : \sum_N x = v(N),\ \sum_S x \ge v(S)\}`;
  non-emptiness by the linear programme :math:`\min \sum_i x_i` s.t. the coalition
  constraints (Bondareva 1963, Shapley 1967), solved with ``scipy.optimize.linprog``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from math import factorial
from typing import Any

import numpy as np
from scipy.optimize import linprog

from .._validation import check_int

__all__ = [
    "CoalitionalGame",
    "CoreResult",
    "core",
    "in_core",
    "shapley_sample",
    "shapley_values",
]

_MAX_EXACT = 22


def _popcount(masks: np.ndarray) -> np.ndarray:
    counts = np.zeros(masks.shape, dtype=np.int64)
    work = masks.copy()
    while work.any():
        counts += work & 1
        work >>= 1
    return counts


class CoalitionalGame:
    """A transferable-utility game in characteristic-function form.

    Parameters
    ----------
    values : array_like
        ``values[mask]`` is :math:`v(S)` for the coalition whose bitmask is ``mask``;
        length :math:`2^n`, with ``values[0] == 0``.
    players : sequence of str, optional

    Examples
    --------
    The glove game: player 0 holds a left glove, players 1 and 2 right gloves.

    >>> glove = CoalitionalGame.from_function(3, lambda s: float(0 in s and len(s) >= 2))
    >>> [round(float(x), 6) for x in shapley_values(glove)]
    [0.666667, 0.166667, 0.166667]
    """

    def __init__(self, values: Any, players: Sequence[str] | None = None) -> None:
        array = np.asarray(values, dtype=float)
        n = int(np.log2(max(array.size, 1)))
        if array.ndim != 1 or array.size != 2**n or n < 1:
            raise ValueError(f"values must have length 2**n for n >= 1 players, got shape "
                             f"{array.shape}")
        if not np.all(np.isfinite(array)):
            raise ValueError("values must be finite")
        if array[0] != 0:
            raise ValueError(f"the empty coalition must have value 0, got {array[0]}")
        array.setflags(write=False)
        self.values = array
        self.n = n
        self.players = tuple(players) if players is not None else tuple(str(i) for i in range(n))
        if len(self.players) != n:
            raise ValueError(f"players names {len(self.players)} players, values hold {n}")

    @classmethod
    def from_function(cls, n: int, function: Callable[[frozenset[int]], float],
                      players: Sequence[str] | None = None) -> CoalitionalGame:
        """Build from ``function(coalition)`` on frozensets of player indices."""
        n = check_int("n", n, 1, _MAX_EXACT)
        values = [0.0 if mask == 0 else float(function(frozenset(
            i for i in range(n) if mask >> i & 1))) for mask in range(2**n)]
        return cls(values, players)

    def value(self, coalition: Iterable[int]) -> float:
        """:math:`v(S)` for a coalition given by player indices."""
        mask = 0
        for i in coalition:
            if not 0 <= int(i) < self.n:
                raise ValueError(f"player index must be in 0..{self.n - 1}, got {i}")
            mask |= 1 << int(i)
        return float(self.values[mask])


def shapley_values(game: CoalitionalGame) -> np.ndarray:
    """Exact Shapley values (Shapley 1953), vectorised over coalitions.

    :math:`\\phi_i = \\sum_{S \\not\\ni i} \\frac{|S|!(n-|S|-1)!}{n!}(v(S \\cup i) - v(S))`.
    """
    if not isinstance(game, CoalitionalGame):
        raise TypeError(f"game must be a CoalitionalGame, got {type(game).__name__}")
    n = game.n
    masks = np.arange(2**n, dtype=np.int64)
    sizes = _popcount(masks)
    weights = np.array([factorial(s) * factorial(n - s - 1) / factorial(n) if s < n else 0.0
                        for s in range(n + 1)])
    phi = np.empty(n)
    for i in range(n):
        without = masks[(masks >> i & 1) == 0]
        phi[i] = np.sum(weights[sizes[without]] * (game.values[without | (1 << i)]
                                                   - game.values[without]))
    return phi


def shapley_sample(value: Callable[[np.ndarray], np.ndarray], n: int, permutations: int = 1000,
                   rng: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """Shapley values estimated from random permutations, with standard errors.

    Parameters
    ----------
    value : callable
        ``value(members)`` takes a boolean array ``(k, n)`` of coalitions and returns
        their values ``(k,)``: so games too large to tabulate can be sampled.
    n : int
    permutations : int
    rng : int or numpy.random.Generator
        Seed or generator; the same seed gives the same estimate.

    Returns
    -------
    (estimate, standard_error) : tuple of ndarray

    Examples
    --------
    >>> glove = lambda members: (members[:, 0] & (members[:, 1:].sum(axis=1) >= 1)).astype(float)
    >>> estimate, error = shapley_sample(glove, 3, permutations=4000, rng=1)
    >>> bool(abs(estimate[0] - 2 / 3) < 4 * error[0])
    True
    """
    n = check_int("n", n, 1)
    permutations = check_int("permutations", permutations, 2)
    generator = np.random.default_rng(rng)
    orders = np.argsort(generator.random((permutations, n)), axis=1)
    members = np.zeros((permutations, n + 1, n), dtype=bool)
    for step in range(n):
        members[:, step + 1] = members[:, step]
        members[np.arange(permutations), step + 1, orders[:, step]] = True
    values = np.asarray(value(members.reshape(-1, n)), dtype=float).reshape(permutations, n + 1)
    marginal = np.empty((permutations, n))
    marginal[np.arange(permutations)[:, None], orders] = np.diff(values, axis=1)
    return marginal.mean(axis=0), marginal.std(axis=0, ddof=1) / np.sqrt(permutations)


def _coalition_matrix(n: int) -> np.ndarray:
    masks = np.arange(1, 2**n, dtype=np.int64)
    return ((masks[:, None] >> np.arange(n)) & 1).astype(float)


def in_core(game: CoalitionalGame, allocation: Sequence[float], tolerance: float = 1e-9) -> bool:
    """Whether ``allocation`` is efficient and no coalition can do better on its own."""
    x = np.asarray(allocation, dtype=float)
    if x.shape != (game.n,):
        raise ValueError(f"allocation must have {game.n} entries, got shape {x.shape}")
    if abs(x.sum() - game.values[-1]) > tolerance:
        return False
    return bool(np.all(_coalition_matrix(game.n) @ x >= game.values[1:] - tolerance))


@dataclass(frozen=True)
class CoreResult:
    """Whether the core is non-empty, and a point of it.

    Attributes
    ----------
    nonempty : bool
    allocation : tuple of float or None
        A core allocation (None if the core is empty).
    deficit : float
        :math:`\\min \\sum_i x_i - v(N)` over allocations no coalition blocks: positive
        exactly when the core is empty (the subsidy it would take to make it non-empty).
    """

    nonempty: bool
    allocation: tuple[float, ...] | None
    deficit: float


def core(game: CoalitionalGame, tolerance: float = 1e-9) -> CoreResult:
    """Non-emptiness of the core and a core allocation, by linear programming.

    Examples
    --------
    >>> majority = CoalitionalGame.from_function(3, lambda s: float(len(s) >= 2))
    >>> core(majority).nonempty, round(core(majority).deficit, 6)
    (False, 0.5)
    """
    if not isinstance(game, CoalitionalGame):
        raise TypeError(f"game must be a CoalitionalGame, got {type(game).__name__}")
    matrix = _coalition_matrix(game.n)
    solution = linprog(np.ones(game.n), A_ub=-matrix, b_ub=-game.values[1:],
                       bounds=[(None, None)] * game.n, method="highs")
    if not solution.success:  # pragma: no cover - the LP is always feasible and bounded
        raise RuntimeError(f"linprog failed: {solution.message}")
    deficit = float(solution.fun - game.values[-1])
    if deficit > tolerance:
        return CoreResult(False, None, deficit)
    x = solution.x + (game.values[-1] - solution.x.sum()) / game.n  # raise to efficiency
    return CoreResult(True, tuple(float(v) for v in x), deficit)
