r"""Symmetric n-player games by counts of actions, for groups of any size.

In a symmetric game a player's payoff depends on its own action and on how many of
the other :math:`n-1` players take each action, so the game is held as a table over
counts, :math:`(k) \times n^{k-1}` entries instead of :math:`n k^n`.

When every other player mixes with :math:`x`, the others' counts are multinomial and
the value of action :math:`a` is

.. math::

    E_a(x) = \sum_{c} \binom{n-1}{c_1, \dots, c_k} \prod_b x_b^{c_b}\; u(a, c).

A symmetric equilibrium :math:`x` makes the actions in its support indifferent and
none outside better (Nash 1951 proved one exists). :func:`symmetric_equilibria` enumerates
supports: single actions are checked directly, two-action supports by bracketing every
sign change of :math:`E_a - E_b` on a fine grid and refining with Brent's method (plus
tangent roots found as near-zero minima), larger supports by multistart root finding.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
from scipy.optimize import brentq, minimize_scalar, root
from scipy.special import gammaln

from ..._validation import check_int
from .results import EquilibriumResult, SymmetricEquilibrium

__all__ = [
    "SymmetricGame",
    "indifference_points",
    "pure_equilibria_by_counts",
    "symmetric_equilibria",
]


class SymmetricGame:
    """A symmetric n-player game stored by counts of the other players' actions.

    Parameters
    ----------
    n_players : int
        At least 2.
    payoff : callable
        ``payoff(action, counts)`` returns the payoffs of a player taking ``action``
        (an index) when the other players' action counts are the rows of ``counts``
        (integer array of shape ``(C, k)``, rows summing to ``n_players - 1``).
    actions : sequence of str
        Action names; ``k = len(actions)`` in 2..4.
    title : str

    Examples
    --------
    Linear public goods with multiplier 3 and 4 players: defection dominates.

    >>> game = SymmetricGame(4, lambda a, c: 3 * (c[:, 0] + (a == 0)) / 4 - (a == 0), ("C", "D"))
    >>> [eq.strategy for eq in symmetric_equilibria(game).equilibria]
    [(0.0, 1.0)]
    """

    def __init__(self, n_players: int, payoff: Callable[[int, np.ndarray], np.ndarray],
                 actions: Sequence[str] = ("C", "D"), title: str = "symmetric game") -> None:
        self.n_players = check_int("n_players", n_players, 2)
        self.actions = tuple(str(a) for a in actions)
        k = len(self.actions)
        if not 2 <= k <= 4:
            raise ValueError(f"actions must name 2 to 4 actions, got {k}")
        if (self.n_players) ** (k - 1) > 5_000_000:
            raise ValueError(f"n_players={self.n_players} with {k} actions needs "
                             f"{self.n_players ** (k - 1)} count cells; at most 5,000,000")
        self.title = title
        others = self.n_players - 1
        grid = np.indices((others + 1,) * (k - 1)).reshape(k - 1, -1).T
        grid = grid[grid.sum(axis=1) <= others]
        self.counts = np.hstack([grid, others - grid.sum(axis=1, keepdims=True)])
        table = np.empty((k, len(self.counts)))
        for action in range(k):
            values = np.asarray(payoff(action, self.counts), dtype=float)
            values = np.broadcast_to(values, (len(self.counts),))
            if not np.all(np.isfinite(values)):
                raise ValueError(f"payoff of action {self.actions[action]!r} is not finite for "
                                 f"some counts")
            table[action] = values
        self.table = table
        self.table.setflags(write=False)
        self._log_coefficients = gammaln(others + 1) - gammaln(self.counts + 1).sum(axis=1)
        self._cache: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def __repr__(self) -> str:
        return f"SymmetricGame({self.title!r}, n_players={self.n_players}, actions={self.actions})"

    @property
    def scale(self) -> float:
        """Payoff scale ``max(1, max |u|)`` for tolerances."""
        return max(1.0, float(np.abs(self.table).max()))

    def action_values(self, strategy: np.ndarray, support: Sequence[int] | None = None
                      ) -> np.ndarray:
        """:math:`E_a(x)` for each action, for one strategy ``(k,)`` or a batch ``(G, k)``.

        ``support`` (optional) promises that ``x`` is zero outside those actions, so only
        the counts with nobody outside the support are summed.
        """
        x = np.atleast_2d(np.asarray(strategy, dtype=float))
        x = np.clip(x, 0.0, 1.0)
        x = x / x.sum(axis=1, keepdims=True)
        counts, table, log_coefficients = self._restricted(support)
        logs = np.log(np.clip(x, 1e-300, None))
        values = np.empty((len(x), table.shape[0]))
        step = max(1, 20_000_000 // max(1, len(counts)))
        for start in range(0, len(x), step):
            chunk = slice(start, start + step)
            weights = np.exp(log_coefficients[None, :] + logs[chunk] @ counts.T)
            values[chunk] = weights @ table.T
        return values[0] if np.ndim(strategy) == 1 else values

    def _restricted(self, support: Sequence[int] | None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if support is None:
            return self.counts, self.table, self._log_coefficients
        key = tuple(sorted(support))
        if key not in self._cache:
            outside = [a for a in range(len(self.actions)) if a not in key]
            rows = (self.counts[:, outside] == 0).all(axis=1)
            self._cache[key] = (self.counts[rows], self.table[:, rows],
                                self._log_coefficients[rows])
        return self._cache[key]

    def regret(self, strategy: np.ndarray) -> float:
        """Largest gain from switching to a pure action when all play ``strategy``."""
        values = self.action_values(strategy)
        return float(values.max() - values @ np.asarray(strategy, dtype=float))


def _edge_roots(game: SymmetricGame, a: int, b: int, absolute: float, grid: int) -> list[float]:
    """Probabilities p of action a (1 - p on b) in (0, 1) where E_a = E_b."""
    k = len(game.actions)

    def point(p: np.ndarray | float) -> np.ndarray:
        x = np.zeros((np.size(p), k))
        x[:, a], x[:, b] = p, 1 - np.asarray(p)
        return x

    def gap(p: float) -> float:
        values = game.action_values(point(p), (a, b))[0]
        return float(values[a] - values[b])

    ps = np.linspace(0.0, 1.0, grid + 1)[1:-1]
    values = game.action_values(point(ps), (a, b))
    gaps = values[:, a] - values[:, b]
    roots = [float(p) for p, g in zip(ps, gaps, strict=True) if g == 0.0]
    for i in np.flatnonzero(np.sign(gaps[:-1]) * np.sign(gaps[1:]) < 0):
        roots.append(brentq(gap, ps[i], ps[i + 1], xtol=1e-15, rtol=1e-15))
    magnitude = np.abs(gaps)
    for i in range(1, len(ps) - 1):  # tangent roots: local minima of |gap| close to zero
        if magnitude[i] <= magnitude[i - 1] and magnitude[i] <= magnitude[i + 1] and \
                gaps[i - 1] * gaps[i + 1] > 0 and magnitude[i] < 1e-3 * game.scale:
            best = minimize_scalar(lambda p: abs(gap(p)), bounds=(ps[i - 1], ps[i + 1]),
                                   method="bounded", options={"xatol": 1e-14})
            if abs(gap(best.x)) <= absolute:
                roots.append(float(best.x))
    return roots


def _interior_roots(game: SymmetricGame, support: tuple[int, ...], starts: int,
                    absolute: float) -> list[np.ndarray]:
    """Strategies with full support ``support`` that make its actions indifferent."""
    k = len(game.actions)
    size = len(support)

    def embed(z: np.ndarray) -> np.ndarray:
        x = np.zeros(k)
        x[list(support)] = np.append(z, 1 - z.sum())
        return x

    def equations(z: np.ndarray) -> np.ndarray:
        x = embed(z)
        if x.min() < 0:  # outside the simplex: push back towards it
            return np.full(size - 1, 10.0 * game.scale * (1.0 - x.min()))
        values = game.action_values(x, support)
        return values[list(support[:-1])] - values[support[-1]]

    found = []
    levels = np.linspace(0.05, 0.95, starts)
    for start in itertools.product(levels, repeat=size - 1):
        z0 = np.array(start)
        if z0.sum() >= 1:
            continue
        solution = root(equations, z0, method="hybr", tol=1e-14)
        x = embed(solution.x)
        if solution.success and x.min() > 1e-12 and np.abs(equations(solution.x)).max() <= absolute:
            found.append(x)
    return found


def indifference_points(game: SymmetricGame, tolerance: float | None = None, grid: int = 2000,
                        starts: int = 5) -> list[np.ndarray]:
    """Every strategy whose supported actions all earn the same payoff: the pure
    strategies, the roots on each two-action edge and the roots inside larger supports.

    These are the candidates for symmetric equilibria and, exactly, the rest points of the
    single-population replicator dynamics (:mod:`ica_model.engine.dynamics`).
    """
    relative = 1e-9 if tolerance is None else float(tolerance)
    absolute = relative * game.scale
    k = len(game.actions)
    grid = check_int("grid", grid, 10)
    candidates: list[np.ndarray] = [np.eye(k)[a] for a in range(k)]
    for a, b in itertools.combinations(range(k), 2):
        for p in _edge_roots(game, a, b, absolute, grid):
            x = np.zeros(k)
            x[a], x[b] = p, 1 - p
            candidates.append(x)
    for size in range(3, k + 1):
        for support in itertools.combinations(range(k), size):
            candidates.extend(_interior_roots(game, support, starts, absolute))
    unique: list[np.ndarray] = []
    for x in candidates:
        if not any(np.abs(u - x).max() < 1e-9 for u in unique):
            unique.append(x)
    return unique


def symmetric_equilibria(game: SymmetricGame, tolerance: float | None = None,
                         grid: int = 2000, starts: int = 5) -> EquilibriumResult:
    """Symmetric Nash equilibria (pure and mixed) of a symmetric n-player game.

    Parameters
    ----------
    game : SymmetricGame
    tolerance : float, optional
        Relative payoff tolerance (default ``1e-9``), times the payoff scale.
    grid : int
        Grid intervals used to bracket roots on each two-action edge.
    starts : int
        Starting points per dimension for supports of three or more actions.

    Returns
    -------
    EquilibriumResult
        Of :class:`SymmetricEquilibrium`; ``complete`` is True for two-action games
        (every sign change and tangency on the grid is found), False when supports of
        three or more actions were searched by multistart root finding.

    Examples
    --------
    Hawk–dove with V = 2, C = 4 (Maynard Smith 1982): Hawk with probability V/C = 1/2.

    >>> hawk_dove = SymmetricGame(2, lambda a, c: [[-1, 2], [0, 1]][a][0] * c[:, 0]
    ...                           + [[-1, 2], [0, 1]][a][1] * c[:, 1], ("Hawk", "Dove"))
    >>> result = symmetric_equilibria(hawk_dove)
    >>> [tuple(round(p, 12) for p in eq.strategy) for eq in result.equilibria]
    [(0.5, 0.5)]
    """
    if not isinstance(game, SymmetricGame):
        raise TypeError(f"game must be a SymmetricGame, got {type(game).__name__}")
    relative = 1e-9 if tolerance is None else float(tolerance)
    absolute = relative * game.scale
    k = len(game.actions)
    equilibria: list[SymmetricEquilibrium] = []
    for x in indifference_points(game, tolerance, grid, starts):
        regret = game.regret(x)
        if regret <= absolute and not any(
                np.abs(np.array(eq.strategy) - x).max() < 1e-9 for eq in equilibria):
            payoff = float(game.action_values(x) @ x)
            equilibria.append(SymmetricEquilibrium(tuple(float(p) for p in x), payoff,
                                                   max(regret, 0.0)))
    equilibria.sort(key=lambda eq: tuple(-p for p in eq.strategy))
    complete = k == 2
    notes = () if complete else ("supports of three or more actions were searched by multistart "
                                 "root finding, which may miss equilibria",)
    return EquilibriumResult(game, "symmetric_support_search", tuple(equilibria), absolute,
                             complete, None, notes)


def pure_equilibria_by_counts(game: SymmetricGame, tolerance: float | None = None
                              ) -> np.ndarray:
    """Every pure equilibrium of a symmetric game, as counts of each action.

    A profile with counts :math:`c` is an equilibrium when no player of an action with
    :math:`c_a > 0` gains by switching, given the other :math:`n - 1` players' counts.

    Returns
    -------
    ndarray of int, shape (E, k)
        One row of action counts per equilibrium class (every permutation of the players
        within a class is an equilibrium too).

    Examples
    --------
    >>> game = SymmetricGame(4, lambda a, c: 2.0 * (c[:, 0] + (a == 0) >= 2) - (a == 0))
    >>> pure_equilibria_by_counts(game).tolist()     # threshold 2 of 4, benefit 2, cost 1
    [[0, 4], [2, 2]]
    """
    relative = 1e-9 if tolerance is None else float(tolerance)
    absolute = relative * game.scale
    k, n = len(game.actions), game.n_players
    index = {tuple(c): i for i, c in enumerate(game.counts)}
    totals = np.indices((n + 1,) * (k - 1)).reshape(k - 1, -1).T
    totals = totals[totals.sum(axis=1) <= n]
    totals = np.hstack([totals, n - totals.sum(axis=1, keepdims=True)])
    found = []
    for total in totals:
        stable = True
        for a in np.flatnonzero(total):
            others = total.copy()
            others[a] -= 1
            values = game.table[:, index[tuple(others)]]
            if values.max() > values[a] + absolute:
                stable = False
                break
        if stable:
            found.append(total)
    return np.array(found, dtype=int).reshape(len(found), k)
