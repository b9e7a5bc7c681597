r"""Symmetric n-player games by counts of actions, for groups of any size.

In a symmetric game a player's payoff depends on its own action and on how many of
the other :math:`m = n-1` players take each action, so the game is held as a table over
counts, :math:`k \binom{m + k - 1}{k - 1}` entries instead of :math:`n k^n`.

When every other player mixes with :math:`x`, the others' counts are multinomial and
the value of action :math:`a` is

.. math::

    E_a(x) = \sum_{c} \binom{m}{c_1, \dots, c_k} \prod_b x_b^{c_b}\; u(a, c).

A symmetric equilibrium :math:`x` makes the actions in its support indifferent and
none outside better (Nash 1951 proved one exists). :func:`symmetric_equilibria`
enumerates supports:

* **single actions**: checked directly;
* **two actions** :math:`\{a, b\}`: on the edge :math:`x_a = p, x_b = 1 - p` the gain
  :math:`E_a - E_b` is a polynomial of degree :math:`m` in Bernstein form whose
  coefficients are the payoff differences by count; its roots are *isolated* by
  :func:`~ica_model.engine.solvers.bernstein.isolate_roots` (Descartes' rule of signs in
  Bernstein form, then subdivision with certified enclosures): no grid, so no root is
  missed between grid points and no exact-zero float is taken for a root. A gain that
  vanishes identically is a continuum of rest points, reported in the notes;
* **three or more actions**: the support's indifference equations have coefficients by
  count too. If some combination :math:`\lambda \cdot (E_{a} - E_{last})_{a}` has all
  its coefficients of one sign, it is nonzero inside the face (each multinomial weight
  is positive there) and the face holds no equilibrium: a certificate, found exactly
  for three actions (the coefficient vectors lie in an open half-plane) and by trying
  directions for four. Faces without a certificate are searched by multistart root
  finding, and the result says it may be incomplete.

Every equilibrium is verified (regret at most the tolerance, relative to the payoff
range, so results are invariant under :math:`u \mapsto \alpha u + \beta`,
:math:`\alpha > 0`); an empty result would contradict Nash's theorem and raises.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from scipy.optimize import root
from scipy.special import gammaln

from ..._validation import check_instance, check_int, check_sequence
from .bernstein import isolate_roots, log_binomial_pmf
from .results import EquilibriumResult, SymmetricEquilibrium
from .verify import check_tolerance

# binomial_weights is the solver's kernel (unchecked, on its hot path): importable, not public
__all__ = [
    "DIRECT_DEGREE",
    "CountEquilibria",
    "SymmetricGame",
    "indifference_points",
    "pure_equilibria_by_counts",
    "symmetric_equilibria",
]

#: Default relative tolerance: regrets up to ``DEFAULT_TOLERANCE`` times the payoff range.
DEFAULT_TOLERANCE = 1e-9


#: Largest number of other players whose binomial weights are formed as products of
#: powers (:func:`binomial_weights`); above it they come from Loader's formula.
DIRECT_DEGREE = 200


@lru_cache(maxsize=64)
def _binomials(m: int) -> np.ndarray:
    """The binomial coefficients C(m, j), j = 0..m, each correctly rounded."""
    table = np.array([float(math.comb(m, j)) for j in range(m + 1)])
    table.setflags(write=False)
    return table


def binomial_weights(p: np.ndarray, m: int) -> np.ndarray:
    r"""The Bernstein basis :math:`\binom{m}{j} p^j (1-p)^{m-j}`, :math:`j = 0..m`, at each
    ``p`` (shape ``(G,)``): shape ``(G, m + 1)``.

    Up to :data:`DIRECT_DEGREE` the powers are running products (one pass each way), so a
    polynomial in Bernstein form is one matrix product away (relative error about
    :math:`m \cdot 10^{-16}`); above it, Loader's formula
    (:func:`~ica_model.engine.solvers.bernstein.log_binomial_pmf`), which neither
    overflows nor underflows.

    Examples
    --------
    >>> binomial_weights(np.array([0.5]), 2).tolist()
    [[0.25, 0.5, 0.25]]
    """
    p = np.asarray(p, dtype=float)
    if m > DIRECT_DEGREE:
        return np.exp(log_binomial_pmf(np.arange(m + 1)[None, :], m, p[:, None]))
    powers = np.empty((len(p), m + 1))
    rests = np.empty((len(p), m + 1))
    powers[:, 0] = rests[:, 0] = 1.0
    powers[:, 1:] = p[:, None]
    rests[:, 1:] = (1.0 - p)[:, None]
    np.cumprod(powers, axis=1, out=powers)
    np.cumprod(rests, axis=1, out=rests)
    powers *= rests[:, ::-1]
    powers *= _binomials(m)
    return powers


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
        if not callable(payoff):
            raise TypeError(f"payoff must be a function (action, counts) -> payoffs, got "
                            f"{type(payoff).__name__}")
        self.actions = tuple(str(a) for a in check_sequence("actions", actions,
                                                            "a sequence of action names"))
        k = len(self.actions)
        if not 2 <= k <= 4:
            raise ValueError(f"actions must name 2 to 4 actions, got {k}")
        if len(set(self.actions)) != k:
            raise ValueError(f"actions must be distinct names, got {self.actions!r}")
        cells = math.comb(self.n_players - 1 + k - 1, k - 1)
        if cells > 5_000_000:
            raise ValueError(f"n_players={self.n_players} with {k} actions needs {cells} count "
                             f"cells; at most 5,000,000")
        self.title = check_instance("title", title, str, "a string")
        others = self.n_players - 1
        grid = np.indices((others + 1,) * (k - 1)).reshape(k - 1, -1).T if k > 2 else \
            np.arange(others + 1)[:, None]
        grid = grid[grid.sum(axis=1) <= others]
        self.counts = np.hstack([grid, others - grid.sum(axis=1, keepdims=True)])
        table = np.empty((k, len(self.counts)))
        for action in range(k):
            values = self._payoff_values(payoff, action, self.counts)
            if not np.all(np.isfinite(values)):
                raise ValueError(f"payoff of action {self.actions[action]!r} is not finite for "
                                 f"some counts")
            # one row alone must give that row's value: a payoff ignoring the shape of
            # ``counts`` (a fixed-length array) is caught here
            alone = self._payoff_values(payoff, action, self.counts[:1])[0]
            if not np.isclose(alone, values[0], rtol=1e-9, atol=0.0):
                raise ValueError(f"payoff of action {self.actions[action]!r} must give one "
                                 f"value per row of counts, whatever the number of rows: it "
                                 f"differs for the first row alone")
            table[action] = values
        self.table = table
        self.table.setflags(write=False)
        self._log_coefficients = gammaln(others + 1) - gammaln(self.counts + 1).sum(axis=1)
        self._centre = (float(table.max()) + float(table.min())) / 2
        self._centred = table - self._centre
        self._cache: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._edges: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    def _payoff_values(self, payoff: Callable[[int, np.ndarray], np.ndarray], action: int,
                       counts: np.ndarray) -> np.ndarray:
        """``payoff(action, counts)`` as floats of shape ``(len(counts),)``, checked."""
        name = f"payoff of action {self.actions[action]!r}"
        raw = np.asarray(payoff(action, counts.copy()))
        if raw.dtype.kind not in "biuf":
            raise TypeError(f"{name} must return real numbers, got {raw.ravel()[:3]!r} of dtype "
                            f"{raw.dtype}")
        if raw.shape not in ((), (len(counts),)):
            raise ValueError(f"{name} must return a number or one value per row of counts "
                             f"(shape ({len(counts)},)), got shape {raw.shape}")
        return np.broadcast_to(raw.astype(float), (len(counts),))

    def __repr__(self) -> str:
        return f"SymmetricGame({self.title!r}, n_players={self.n_players}, actions={self.actions})"

    @property
    def scale(self) -> float:
        """Payoff range ``max u - min u``: tolerances are relative to it, so they do not
        change under :math:`u \\mapsto \\alpha u + \\beta`."""
        return float(np.ptp(self.table))

    def edge(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Columns of ``table`` where the others play only ``a`` and ``b``, ordered by the
        number ``j = 0..n-1`` playing ``a``, and the gain coefficients
        :math:`d_j = u(a, j) - u(b, j)` (the Bernstein coefficients of :math:`E_a - E_b`
        on that edge; each correctly rounded, so its sign is exact)."""
        if (a, b) not in self._edges:
            outside = [c for c in range(len(self.actions)) if c not in (a, b)]
            rows = np.flatnonzero((self.counts[:, outside] == 0).all(axis=1))
            rows = rows[np.argsort(self.counts[rows, a])]
            self._edges[(a, b)] = (rows, self.table[a, rows] - self.table[b, rows])
        return self._edges[(a, b)]

    def action_values(self, strategy: Any, support: Sequence[int] | None = None
                      ) -> np.ndarray:
        r""":math:`E_a(x)` for each action, for one strategy ``(k,)`` or a batch ``(G, k)``.

        ``support`` (optional) promises that ``x`` is zero outside those actions. On at
        most two actions the values are the Bernstein form of degree :math:`m = n - 1`,
        :math:`E_a(p) = \sum_j u(a, j) \binom{m}{j} p^j (1-p)^{m-j}`, evaluated directly
        with the weights as products of powers (:func:`binomial_weights`: relative error
        about :math:`m \cdot 10^{-16}`) up to :data:`DIRECT_DEGREE`, and from Loader's
        formula above it (accurate to 1e-15 at any ``n``, several times slower); otherwise
        from log multinomial coefficients (relative error about
        :math:`10^{-16} n \log n`). Sums are taken over payoffs centred on the
        middle of their range, so a large common offset costs no accuracy.
        """
        return self._centred_values(strategy, support) + self._centre

    def _centred_values(self, strategy: Any, support: Sequence[int] | None = None
                        ) -> np.ndarray:
        x = np.atleast_2d(np.asarray(strategy, dtype=float))
        x = np.clip(x, 0.0, 1.0)
        x = x / x.sum(axis=1, keepdims=True)
        k = len(self.actions)
        used = sorted(support) if support is not None else \
            [a for a in range(k) if np.any(x[:, a] > 0)]
        if len(used) <= 2:
            pair = (used + [c for c in range(k) if c not in used])[:2]
            a, b = min(pair), max(pair)
            rows, _ = self.edge(a, b)
            values = binomial_weights(x[:, a], self.n_players - 1) @ self._centred[:, rows].T
        else:
            counts, table, log_coefficients = self._restricted(used)
            logs = np.log(np.clip(x, 1e-300, None))
            values = np.empty((len(x), table.shape[0]))
            step = max(1, 20_000_000 // max(1, len(counts)))
            for start in range(0, len(x), step):
                chunk = slice(start, start + step)
                weights = np.exp(log_coefficients[None, :] + logs[chunk] @ counts.T)
                values[chunk] = weights @ table.T
        return values[0] if np.ndim(strategy) == 1 else values

    def _restricted(self, support: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        key = tuple(sorted(support))
        if key not in self._cache:
            outside = [a for a in range(len(self.actions)) if a not in support]
            rows = (self.counts[:, outside] == 0).all(axis=1)
            self._cache[key] = (self.counts[rows], self._centred[:, rows],
                                self._log_coefficients[rows])
        return self._cache[key]

    def regret(self, strategy: Any) -> float:
        """Largest gain from switching to a pure action when all play ``strategy``."""
        x = np.asarray(strategy, dtype=float)
        values = self._centred_values(x)
        return float(values.max() - values @ (x / x.sum()))


def _relative(tolerance: float | None) -> float:
    return check_tolerance(tolerance)


def _check_game(game: Any) -> SymmetricGame:
    if not isinstance(game, SymmetricGame):
        raise TypeError(f"game must be a SymmetricGame, got {type(game).__name__}")
    return game


@dataclass(frozen=True, eq=False)
class _Candidate:
    """A rest point candidate: a strategy and how it was found."""

    strategy: np.ndarray
    certified: bool  # isolated (True) or a cluster / multistart candidate (False)


@dataclass(frozen=True, eq=False)
class _Search:
    candidates: list[_Candidate]
    notes: tuple[str, ...]
    complete: bool


def _certify_empty_face(game: SymmetricGame, support: tuple[int, ...]) -> bool:
    """True if some combination of the support's indifference conditions has all its
    count coefficients of one sign (not all zero): then no strategy in the face's interior
    makes the support indifferent."""
    outside = [a for a in range(len(game.actions)) if a not in support]
    table = game.table[:, (game.counts[:, outside] == 0).all(axis=1)]
    # correctly rounded differences of the raw payoffs: their signs are exact
    differences = table[list(support[:-1])] - table[support[-1]]  # (s - 1, C)
    nonzero = np.any(differences != 0, axis=0)
    if not nonzero.any():
        return False
    vectors = differences[:, nonzero]
    eps = np.finfo(float).eps

    def certifies(direction: np.ndarray) -> bool:
        combined = direction @ vectors
        slack = 4 * len(vectors) * eps * (np.abs(direction) @ np.abs(vectors))
        return bool(np.all(combined > slack) or np.all(-combined > slack))

    # one condition of one sign, not all zero (exact: the differences' signs are exact)
    for row in differences:
        if (np.all(row >= 0) or np.all(row <= 0)) and np.any(row != 0):
            return True
    if len(vectors) == 2:
        # the vectors lie in an open half-plane iff the largest circular gap between
        # their angles exceeds pi; the bisector of the complementary arc then works
        angles = np.sort(np.arctan2(vectors[1], vectors[0]))
        gaps = np.diff(np.concatenate([angles, [angles[0] + 2 * np.pi]]))
        widest = int(np.argmax(gaps))
        if gaps[widest] <= np.pi:
            return False
        middle = angles[(widest + 1) % len(angles)] + (2 * np.pi - gaps[widest]) / 2
        return certifies(np.array([np.cos(middle), np.sin(middle)]))
    mean = (vectors / np.linalg.norm(vectors, axis=0)).mean(axis=1)
    if np.linalg.norm(mean) > 0 and certifies(mean / np.linalg.norm(mean)):
        return True
    return False


def _lattice(size: int, side: int) -> np.ndarray:
    """Barycentric lattice points of a simplex with ``size`` vertices, ``side`` steps."""
    grid = np.indices((side + 1,) * (size - 1)).reshape(size - 1, -1).T
    grid = grid[grid.sum(axis=1) <= side]
    return np.hstack([grid, side - grid.sum(axis=1, keepdims=True)]) / side


def _interior_roots(game: SymmetricGame, support: tuple[int, ...], starts: int,
                    absolute: float) -> list[np.ndarray]:
    """Strategies with full support ``support`` that make its actions indifferent.

    Starts: the cells of a lattice on the face where every indifference condition changes
    sign (three actions), the lattice points where the conditions are smallest, and a
    ``starts``-per-dimension grid; each is polished by Powell's hybrid method in softmax
    coordinates (always inside the face). Not guaranteed to find all.
    """
    k = len(game.actions)
    size = len(support)
    scale = max(game.scale, 1e-300)
    columns = len(game._restricted(support)[0])
    side = int(max(8, min(60, (2e7 / columns) ** (1 / (size - 1)))))
    points = _lattice(size, side)
    inner = points.min(axis=1) > 0
    strategies = np.zeros((len(points), k))
    strategies[:, list(support)] = points
    values = game._centred_values(strategies, support)
    conditions = (values[:, list(support[:-1])] - values[:, [support[-1]]]) / scale
    seeds: list[np.ndarray] = []
    if size == 3:
        index = {tuple(np.rint(p[:2] * side).astype(int)): i for i, p in enumerate(points)}
        for i, j in index:
            for cell in (((i, j), (i + 1, j), (i, j + 1)), ((i + 1, j), (i, j + 1), (i + 1, j + 1))):
                if not all(c in index for c in cell):
                    continue
                corners = [index[c] for c in cell]
                block = conditions[corners]
                if np.all(block.min(axis=0) <= 0) and np.all(block.max(axis=0) >= 0):
                    seeds.append(points[corners].mean(axis=0))
    norms = np.where(inner, np.abs(conditions).max(axis=1), np.inf)
    seeds.extend(points[np.argsort(norms)[:10]])
    for start in itertools.product(np.linspace(0.05, 0.95, starts), repeat=size - 1):
        if sum(start) < 1:
            seeds.append(np.append(start, 1 - sum(start)))

    def embed(z: np.ndarray) -> np.ndarray:
        w = np.exp(np.append(z, 0.0) - max(0.0, float(np.max(z))))
        x = np.zeros(k)
        x[list(support)] = w / w.sum()
        return x

    def equations(z: np.ndarray) -> np.ndarray:
        v = game._centred_values(embed(z), support)
        return (v[list(support[:-1])] - v[support[-1]]) / scale

    found: list[np.ndarray] = []
    for seed in seeds:
        seed = np.clip(seed, 1e-6, None)
        z0 = np.log(seed[:-1] / seed[-1])
        solution = root(equations, z0, method="hybr", tol=1e-14)
        if not np.all(np.isfinite(solution.x)):
            continue
        x = embed(solution.x)
        if x[list(support)].min() > 0 and np.abs(equations(solution.x)).max() * scale <= absolute \
                and not any(np.abs(x - f).max() < 1e-9 for f in found):
            found.append(x)
    return found


def _search(game: SymmetricGame, absolute: float, starts: int) -> _Search:
    """Every rest point of the support-enumeration kind: vertices, the isolated roots on
    each edge, and roots inside larger faces."""
    k = len(game.actions)
    candidates = [_Candidate(np.eye(k)[a], True) for a in range(k)]
    notes: list[str] = []
    complete = True
    names = game.actions
    for a, b in itertools.combinations(range(k), 2):
        _, gains = game.edge(a, b)
        isolation = isolate_roots(gains)
        if isolation.identically_zero:
            notes.append(f"{names[a]} and {names[b]} earn the same against every mixture of "
                         f"the two: every point of that edge is a rest point (a continuum); "
                         f"only its ends are listed")
            continue
        complete &= isolation.complete
        for p, q in isolation.roots:
            x = np.zeros(k)
            x[a], x[b] = p, q
            candidates.append(_Candidate(x, True))
        for lo, hi in isolation.clusters:
            notes.append(f"on the edge {names[a]}-{names[b]}, roots of the gain in "
                         f"[{lo:.15g}, {hi:.15g}] could not be separated (a multiple root or "
                         f"roots closer than the floating-point resolution); the best "
                         f"point found there is listed if it verifies")
        for p, q in isolation.candidates:
            x = np.zeros(k)
            x[a], x[b] = p, q
            candidates.append(_Candidate(x, False))
    for size in range(3, k + 1):
        for support in itertools.combinations(range(k), size):
            if _certify_empty_face(game, support):
                continue
            complete = False
            notes.append(f"the face {{{', '.join(names[a] for a in support)}}} was searched by "
                         f"multistart root finding, which may miss equilibria")
            candidates.extend(_Candidate(x, False)
                              for x in _interior_roots(game, support, starts, absolute))
    return _Search(candidates, tuple(notes), complete)


def _unique(points: list[np.ndarray], distance: float = 1e-9) -> list[np.ndarray]:
    unique: list[np.ndarray] = []
    for x in points:
        if not any(np.abs(u - x).max() <= distance for u in unique):
            unique.append(x)
    return unique


#: Most grid starts polished per support (each a root search of a few milliseconds).
MAX_STARTS = 10_000


def _check_starts(game: SymmetricGame, starts: Any) -> int:
    """``starts`` per dimension, bounded: a support of k actions takes ``starts ** (k - 1)``
    grid starts, each polished by a root search."""
    starts = check_int("starts", starts, 1)
    dimensions = len(game.actions) - 1
    if dimensions > 1 and starts > MAX_STARTS ** (1 / dimensions):
        raise ValueError(f"starts={starts} gives about {float(starts) ** dimensions:.3g} grid starts "
                         f"on the support of all {len(game.actions)} actions, each polished by a "
                         f"root search; the limit is {MAX_STARTS:,} "
                         f"(starts <= {int(MAX_STARTS ** (1 / dimensions))})")
    return starts


def indifference_points(game: SymmetricGame, tolerance: float | None = None,
                        starts: int = 5) -> list[np.ndarray]:
    """Every strategy whose supported actions all earn the same payoff: the pure
    strategies, the isolated roots on each two-action edge and the roots inside larger
    supports (and the best point of any cluster of roots that could not be separated).

    These are the candidates for symmetric equilibria and, exactly, the rest points of the
    single-population replicator dynamics (:mod:`ica_model.engine.evolutionary.dynamics`).
    """
    _check_game(game)
    absolute = _relative(tolerance) * game.scale
    starts = _check_starts(game, starts)
    search = _search(game, absolute, starts)
    points = []
    for candidate in search.candidates:
        if candidate.certified:
            points.append(candidate.strategy)
            continue
        values = game._centred_values(candidate.strategy)
        support = candidate.strategy > 0
        if np.ptp(values[support]) <= absolute:
            points.append(candidate.strategy)
    return _unique(points)


def symmetric_equilibria(game: SymmetricGame, tolerance: float | None = None,
                         starts: int = 5) -> EquilibriumResult:
    """Symmetric Nash equilibria (pure and mixed) of a symmetric n-player game.

    Parameters
    ----------
    game : SymmetricGame
    tolerance : float, optional
        Relative payoff tolerance (default ``1e-9``), times the payoff range
        :attr:`SymmetricGame.scale`.
    starts : int
        Starting points per dimension for faces of three or more actions that have no
        certificate of holding no equilibrium.

    Returns
    -------
    EquilibriumResult
        Of :class:`SymmetricEquilibrium`, sorted by decreasing probability of the first
        action. ``complete`` is True when every edge was isolated within budget and every
        face of three or more actions was certified empty (always for two actions);
        ``notes`` list continua of rest points, unseparated root clusters and searched
        faces.

    Raises
    ------
    RuntimeError
        If no equilibrium verifies: Nash's theorem guarantees one, so this is an internal
        error, never an empty answer.

    Examples
    --------
    Hawk–dove with V = 2, C = 4 (Maynard Smith 1982): Hawk with probability V/C = 1/2.

    >>> hawk_dove = SymmetricGame(2, lambda a, c: [[-1, 2], [0, 1]][a][0] * c[:, 0]
    ...                           + [[-1, 2], [0, 1]][a][1] * c[:, 1], ("Hawk", "Dove"))
    >>> result = symmetric_equilibria(hawk_dove)
    >>> [tuple(round(p, 12) for p in eq.strategy) for eq in result.equilibria]
    [(0.5, 0.5)]
    """
    _check_game(game)
    absolute = _relative(tolerance) * game.scale
    starts = _check_starts(game, starts)
    search = _search(game, absolute, starts)
    verified: list[tuple[np.ndarray, float, float, bool]] = []
    for candidate in search.candidates:
        x = candidate.strategy
        values = game._centred_values(x)
        regret = float(values.max() - values @ x)
        if regret <= absolute:
            verified.append((x, float(values @ x) + game._centre, max(regret, 0.0),
                             candidate.certified))
    # one equilibrium per location: certified points first, then the smallest regret
    verified.sort(key=lambda item: (not item[3], item[2]))
    equilibria: list[SymmetricEquilibrium] = []
    kept: list[np.ndarray] = []
    for x, payoff, regret, certified in verified:
        distance = 0.0 if certified else 1e-6
        if any(np.abs(u - x).max() <= distance for u in kept):
            continue
        kept.append(x)
        equilibria.append(SymmetricEquilibrium(tuple(float(p) for p in x), payoff, regret))
    if not equilibria:
        raise RuntimeError(f"internal error: no symmetric equilibrium of {game!r} verified, but "
                           f"Nash's theorem guarantees one; please report this game")
    equilibria.sort(key=lambda eq: tuple(-p for p in eq.strategy))
    return EquilibriumResult(game, "symmetric_support_isolation", tuple(equilibria), absolute,
                             search.complete, None, search.notes)


@dataclass(frozen=True, eq=False)
class CountEquilibria:
    """Pure equilibria of a symmetric game, as classes of action counts.

    Iterating, indexing, ``len`` and ``numpy.asarray`` act on :attr:`counts`, so the
    record can be used where the array of counts was used before.

    Attributes
    ----------
    game : SymmetricGame
    counts : ndarray of int, shape (E, k)
        One row of action counts per equilibrium class (every permutation of the players
        within a class is an equilibrium too), in increasing lexicographic order.
    regrets : ndarray, shape (E,)
        Largest gain of any player from a unilateral deviation at each.
    tolerance : float
        Absolute tolerance used (relative tolerance times the payoff range).
    complete : bool
        Always True: every count vector is checked.
    """

    game: SymmetricGame
    counts: np.ndarray
    regrets: np.ndarray
    tolerance: float
    complete: bool = True

    def __len__(self) -> int:
        return len(self.counts)

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter(self.counts)

    def __getitem__(self, index: Any) -> Any:
        return self.counts[index]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.counts if dtype is None else self.counts.astype(dtype)

    def tolist(self) -> list[list[int]]:
        """The counts as nested lists."""
        return self.counts.tolist()


def pure_equilibria_by_counts(game: SymmetricGame, tolerance: float | None = None
                              ) -> CountEquilibria:
    """Every pure equilibrium of a symmetric game, as counts of each action.

    A profile with counts :math:`c` is an equilibrium when no player of an action with
    :math:`c_a > 0` gains by switching, given the other :math:`n - 1` players' counts
    :math:`c - e_a`. Each column of the count table is tested once per action (is
    action :math:`a` a best response there?), and each count vector :math:`c` gathers
    the answers for its columns :math:`c - e_a`: :math:`O(k \\cdot` table size), all in
    array operations.

    Returns
    -------
    CountEquilibria

    Examples
    --------
    >>> game = SymmetricGame(4, lambda a, c: 2.0 * (c[:, 0] + (a == 0) >= 2) - (a == 0))
    >>> pure_equilibria_by_counts(game).tolist()     # threshold 2 of 4, benefit 2, cost 1
    [[0, 4], [2, 2]]
    """
    _check_game(game)
    absolute = _relative(tolerance) * game.scale
    k, n = len(game.actions), game.n_players
    table = game.table
    best = table.max(axis=0)
    gain = best[None, :] - table  # (k, C): what a player of each action could gain
    # positions on a dense grid of the first k - 1 counts (totals: side n + 1)
    side = n + 1
    weights = side ** np.arange(k - 2, -1, -1)
    columns = game.counts[:, :k - 1] @ weights
    # a count vector t is valid when its first k - 1 entries sum to at most n
    ok = (np.indices((side,) * (k - 1)).sum(axis=0) <= n).reshape(-1)
    worst = np.zeros(side ** (k - 1))
    for action in range(k):
        # the columns c = t - e_action, as positions of t (each t at most once)
        target = columns + (weights[action] if action < k - 1 else 0)
        ok[target] &= gain[action] <= absolute
        worst[target] = np.maximum(worst[target], gain[action])
    found = np.flatnonzero(ok)
    first = np.stack(np.unravel_index(found, (side,) * (k - 1)), axis=1) if k > 2 else \
        found[:, None]
    counts = np.hstack([first, n - first.sum(axis=1, keepdims=True)]).astype(int)
    return CountEquilibria(game, counts, np.maximum(worst[found], 0.0), absolute)
