r"""Mixed Nash equilibria of two-player (bimatrix) games, exact at any payoff scale.

Each player's payoffs are first mapped to :math:`[0, 1]`
(:func:`~ica_model.engine.solvers.verify.normalise_payoffs`) and shifted by 1, giving
matrices :math:`A, B` with entries in :math:`[1, 2]`; the best-response polytopes

.. math::

    P = \{x \ge 0 : B^\top x \le 1\}, \qquad Q = \{y \ge 0 : A y \le 1\}

then have coordinates of order :math:`1/m` and :math:`1/n` whatever the payoff unit, so
every zero test and every tolerance means the same thing for a game and for
:math:`a_i u_i + b_i`. Label ``i`` marks :math:`x_i = 0` or :math:`(Ay)_i = 1`; label
``m + j`` marks :math:`(B^\top x)_j = 1` or :math:`y_j = 0`. A vertex pair other than
:math:`(0, 0)` carrying all :math:`m + n` labels, normalised, is an equilibrium, and every
*extreme* equilibrium arises so (von Stengel 2002, "Computing equilibria for two-person
games", *Handbook of Game Theory* 3, ch. 45; Avis, Rosenberg, Savani and von Stengel 2010,
"Enumeration of Nash equilibria for two-player games", *Economic Theory* 42). The game is
nondegenerate exactly when no vertex carries more labels than its dimension.

Solvers:

* :func:`vertex_enumeration` (default): every vertex of both polytopes, matched by labels.
  Complete, also for degenerate games (the extreme equilibria, i.e. the vertices of the
  equilibrium components, are returned). A 2 x 2 game takes a scalar path (the polygon
  vertices in closed form: pure strategies by comparisons, the mixed one by the
  indifference condition). Larger games take a compiled depth-first search over the
  lexicographically feasible bases when numba is installed; otherwise numpy: a batch of
  linear solves for small games, qhull up to dimension 9, beyond that a breadth-first
  pivoting search that keeps only the bases. ``exact=True`` does the same in rational
  arithmetic and certifies each equilibrium exactly (:class:`fractions.Fraction`).
* :func:`support_enumeration`: equal-size supports, the independent cross-check (Nisan et
  al. 2007, *Algorithmic Game Theory*, ch. 3); complete for nondegenerate games only.
* :func:`lemke_howson`: one equilibrium by complementary pivoting (Lemke and Howson
  1964, "Equilibrium points of bimatrix games", *SIAM Journal* 12), with a lexicographic
  rule and an iteration cap, for games too large to enumerate.
* :func:`batch_equilibria`: all extreme equilibria of many small games at once (arrays
  in, arrays out), degenerate games included.

Every equilibrium is verified before it is returned: no player gains more than the
tolerance (a fraction of its own payoff range) by deviating.

Speed: the optional ``fast`` extra (``pip install ica_model[fast]``) installs numba; the
vertex search, the Lemke-Howson path and the batch loop then run compiled (cached on
disk after the first call, which compiles them in some seconds). The
compiled and the numpy code apply the same tests with the same tolerances and return the
same equilibria; set ``ICA_MODEL_NUMBA=0`` to use numpy only.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from math import comb
from types import ModuleType
from typing import cast

import numpy as np

from ..._validation import check_bool, check_int
from ...runtime import accel as _accel
from ..game import NormalFormGame
from . import _polytope
from .results import BatchEquilibria, Equilibrium, EquilibriumResult
from .verify import check_tolerance, unit_payoffs, unit_tolerance

__all__ = [
    "batch_equilibria",
    "lemke_howson",
    "mixed_equilibria",
    "support_enumeration",
    "vertex_enumeration",
]

_DEGENERATE_NOTE = ("degenerate game: equilibria may form connected components; the extreme "
                    "equilibria (vertices of the components) are returned")

#: Most labels (actions of both players together) the vertex enumeration handles.
MAX_LABELS = 63

#: Largest polytope dimension given to qhull (beyond it the pivoting search is faster).
QHULL_MAX_DIMENSION = 9

#: 2 x 2 games take the scalar path (:func:`_two_by_two`); tests switch it off to send
#: them through the general code.
_SCALAR_2X2 = True

#: Bases of one best-response polytope the vertex search may visit (memory: some tens of
#: bytes each, keys only: about 1.5 GB at the cap).
MAX_BASES = 50_000_000


def _kernels() -> ModuleType | None:
    """The compiled kernels (:mod:`ica_model.engine.solvers._kernels`), or None."""
    return _accel.compiled("ica_model.engine.solvers._kernels")


def _check_two_player(game: NormalFormGame) -> None:
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"game must be a NormalFormGame, got {type(game).__name__}")
    if game.n_players != 2:
        raise ValueError(f"two-player solvers need 2 players, the game has {game.n_players}")


class _Bimatrix:
    """Unit payoffs (``unit_a``, ``unit_b`` in [0, 1]), the polytope matrices (plus 1),
    the scale back to the game's units and the tolerances."""

    def __init__(self, game: NormalFormGame, tolerance: float | None) -> None:
        self.game = game
        self.limit = unit_tolerance(tolerance)       # on unit payoffs
        self.label_tol = 0.5 * self.limit            # on polytope coordinates (stricter)
        unit, self.scale = unit_payoffs(game)
        self.unit_a, self.unit_b = unit[0], unit[1]
        self.m, self.n = game.shape
        scale = self.scale
        # plain float arithmetic for the records when no power-of-two scaling is involved
        self._plain = not scale.exponent.any()
        self._low, self._span = scale.low.tolist(), scale.span.tolist()
        self._constant = scale.constant.tolist()

    def to_payoff(self, unit: list[float]) -> tuple[float, float]:
        """Both players' payoffs in the game's units from unit payoffs."""
        if self._plain:
            return (self._low[0] + self._span[0] * unit[0], self._low[1] + self._span[1] * unit[1])
        return tuple(self.scale.to_payoff(unit).tolist())

    def to_gain(self, unit: list[float]) -> tuple[float, float]:
        """Both players' payoff differences in the game's units from unit differences."""
        if self._plain:
            return (0.0 if self._constant[0] else self._span[0] * unit[0],
                    0.0 if self._constant[1] else self._span[1] * unit[1])
        return tuple(self.scale.to_gain(unit).tolist())


def _vertex_masks(matrix: np.ndarray, tol: float) -> tuple[np.ndarray, bool]:
    """Label masks (bits over the polytope's variables then slacks) of every vertex of
    ``{z >= 0 : matrix @ z <= 1}``, and whether some vertex is degenerate."""
    c, d = matrix.shape
    masks: np.ndarray | None
    if _polytope.brute_force_size(d, c) * d**3 <= 300_000:
        _, masks = _polytope.brute_force(matrix, tol)
    else:
        masks = _polytope.qhull(matrix, tol) if 2 <= d <= QHULL_MAX_DIMENSION else None
        if masks is None:
            return _polytope.pivot_search(matrix, tol, MAX_BASES)
    return masks, bool((_polytope.popcount(masks) > d).any())


def _q_to_labels(masks: np.ndarray, m: int, n: int) -> np.ndarray:
    """Q's variable bits (y then row slacks) as game labels (rows 0..m-1, columns m..)."""
    low = np.uint64((1 << n) - 1)
    return ((masks & low) << np.uint64(m)) | (masks >> np.uint64(n))


def _match(masks_p: np.ndarray, masks_q: np.ndarray, m: int, n: int
           ) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs of completely labelled vertex pairs (label masks in game labels),
    without the artificial pair (0, 0)."""
    full = np.uint64((1 << (m + n)) - 1)
    origin_p = np.uint64((1 << m) - 1)
    count_p, count_q = _polytope.popcount(masks_p), _polytope.popcount(masks_q)
    simple_p = np.flatnonzero((count_p == m) & (masks_p != origin_p))
    simple_q = np.flatnonzero(count_q == n)
    _, at_p, at_q = np.intersect1d(full ^ masks_p[simple_p], masks_q[simple_q],
                                   assume_unique=True, return_indices=True)
    pairs_p, pairs_q = [simple_p[at_p]], [simple_q[at_q]]
    # degenerate vertices: the partner's labels must contain the missing ones
    extra_p = np.flatnonzero(count_p > m)
    extra_q = np.flatnonzero(count_q > n)
    for rows_p, rows_q in ((extra_p, np.arange(len(masks_q))), (simple_p, extra_q)):
        if len(rows_p) == 0 or len(rows_q) == 0:
            continue
        step = max(1, 2**22 // len(rows_q))
        for start in range(0, len(rows_p), step):
            block = rows_p[start:start + step]
            need = (full ^ masks_p[block])[:, None]
            hit = (masks_q[rows_q][None, :] & need) == need
            hit &= ~((masks_p[block] == origin_p)[:, None] & (masks_q[rows_q] == full ^ origin_p))
            i, j = np.nonzero(hit)
            pairs_p.append(block[i])
            pairs_q.append(rows_q[j])
    return np.concatenate(pairs_p), np.concatenate(pairs_q)


def _points(matrix: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """The vertex of ``{z >= 0 : matrix @ z <= 1}`` with each label mask (variable bits),
    re-solved from its tight constraints (exactly ``d`` of them in one batch; surplus
    ones by least squares)."""
    c, d = matrix.shape
    rows = np.vstack([np.eye(d), matrix])
    rhs = np.concatenate([np.zeros(d), np.ones(c)])
    tight = ((masks[:, None] >> np.arange(d + c, dtype=np.uint64)) & np.uint64(1)).astype(bool)
    points = np.empty((len(masks), d))
    simple = tight.sum(axis=1) == d
    if simple.any():
        index = np.nonzero(tight[simple])[1].reshape(-1, d)
        systems, targets = rows[index], rhs[index]
        try:
            points[simple] = np.linalg.solve(systems, targets[..., None])[..., 0]
        except np.linalg.LinAlgError:
            simple[:] = False
    for k in np.flatnonzero(~simple):
        points[k] = np.linalg.lstsq(rows[tight[k]], rhs[tight[k]], rcond=None)[0]
    points[tight[:, :d]] = 0.0
    return np.clip(points, 0.0, None)


def _verified(data: _Bimatrix, xs: np.ndarray, ys: np.ndarray) -> list[Equilibrium]:
    """Verify candidate pairs on unit payoffs; return the distinct equilibria, sorted."""
    if len(xs) == 0:
        return []
    # coordinates within the label tolerance of 0 carry the zero label: snap them
    xs = np.where(xs <= data.label_tol, 0.0, xs)
    ys = np.where(ys <= data.label_tol, 0.0, ys)
    xs = xs / xs.sum(axis=1, keepdims=True)   # candidates are never 0 (pair (0, 0) excluded)
    ys = ys / ys.sum(axis=1, keepdims=True)
    row_values = ys @ data.unit_a.T
    col_values = xs @ data.unit_b
    payoffs = np.empty((len(xs), 2))
    payoffs[:, 0] = np.einsum("ki,ki->k", xs, row_values)
    payoffs[:, 1] = np.einsum("kj,kj->k", ys, col_values)
    regrets = np.empty((len(xs), 2))
    regrets[:, 0] = row_values.max(axis=1)
    regrets[:, 1] = col_values.max(axis=1)
    regrets -= payoffs
    np.maximum(regrets, 0.0, out=regrets)
    ok = regrets.max(axis=1) <= data.limit
    return _records(data, xs[ok], ys[ok], payoffs[ok], regrets[ok])


def _records(data: _Bimatrix, xs: np.ndarray, ys: np.ndarray, payoffs: np.ndarray,
             regrets: np.ndarray) -> list[Equilibrium]:
    """Equilibrium records of verified pairs (strategies, unit payoffs and unit regrets):
    distinct profiles (to 9 digits), by decreasing probabilities."""
    if len(xs) == 0:
        return []
    profiles = np.concatenate([xs, ys], axis=1)
    if len(profiles) == 1:
        order = [0]
    else:
        rounded = np.round(profiles, 9).tolist()
        first: dict[tuple[float, ...], int] = {}
        for k, key in enumerate(rounded):
            first.setdefault(tuple(key), k)
        order = sorted(first.values(), key=lambda k: [-p for p in rounded[k]])
    chosen = profiles.tolist()
    unit_payoffs_, unit_regrets = payoffs.tolist(), regrets.tolist()
    m = data.m
    records = []
    for k in order:
        p, pay, reg = chosen[k], unit_payoffs_[k], unit_regrets[k]
        records.append(Equilibrium((tuple(p[:m]), tuple(p[m:])), data.to_payoff(pay), max(reg),
                                   data.to_gain(reg)))
    return records


def _result(data: _Bimatrix, equilibria: list[Equilibrium], method: str, complete: bool,
            degenerate: bool | None, notes: list[str]) -> EquilibriumResult:
    if degenerate and _DEGENERATE_NOTE not in notes:
        notes.append(_DEGENERATE_NOTE)
    return EquilibriumResult(data.game, method, tuple(equilibria), data.limit, complete,
                             degenerate, tuple(notes), data.to_gain([data.limit, data.limit]))


def _line(data: _Bimatrix, method: str) -> EquilibriumResult:
    """Games where one player has a single action: the other best-responds."""
    if data.m == 1:
        values = data.unit_b[0]
        best = np.flatnonzero(values >= values.max() - data.limit)
        xs, ys = np.ones((len(best), 1)), np.eye(data.n)[best]
    else:
        values = data.unit_a[:, 0]
        best = np.flatnonzero(values >= values.max() - data.limit)
        xs, ys = np.eye(data.m)[best], np.ones((len(best), 1))
    return _result(data, _verified(data, xs, ys), method, True, len(best) > 1, [])


# ---------------------------------------------------------------------- 2 x 2 games
def _polygon(m00: float, m01: float, m10: float, m11: float, tol: float
             ) -> list[tuple[float, float, int]]:
    """Vertices other than 0 of ``{z in R^2 : z >= 0, M z <= 1}`` (M in [1, 2]) with their
    label masks (bit 0, 1: ``z_0``, ``z_1`` zero; bit 2, 3: constraint 0, 1 tight), one per
    feasible choice of two tight constraints, as :func:`_polytope.brute_force_labels`:
    on an axis, the constraint with the larger coefficient is tight; inside, both are
    (Cramer's rule, i.e. the indifference condition)."""
    out = []
    for z_index, (first, second) in enumerate(((m00, m10), (m01, m11))):
        zero_bit = 2 if z_index == 0 else 1          # the other coordinate is 0
        for tight_bit, other_bit, coefficient, other in ((4, 8, first, second),
                                                         (8, 4, second, first)):
            value = 1.0 / coefficient
            slack = 1.0 - other * value
            if slack >= -tol:
                mask = zero_bit | tight_bit | (other_bit if slack <= tol else 0)
                out.append((value, 0.0, mask) if z_index == 0 else (0.0, value, mask))
    det = m00 * m11 - m01 * m10
    if abs(det) > 1e-13:
        z0 = (m11 - m01) / det
        z1 = (m00 - m10) / det
        if z0 >= -tol and z1 >= -tol:
            out.append((z0, z1, 12 | (1 if z0 <= tol else 0) | (2 if z1 <= tol else 0)))
    return out


def _two_by_two(game: NormalFormGame, tolerance: float | None) -> EquilibriumResult:
    """:func:`vertex_enumeration` of a 2 x 2 game in scalar Python: the same vertices,
    labels, matching and verification as the general path, without numpy's per-call cost.

    The vertices of each polygon are the pure strategies (the larger of two payoffs, a
    comparison) and the mixed strategy that makes the opponent indifferent (if it lies
    between them); ties show up as surplus labels (a degenerate game), and every
    completely labelled pair is an extreme equilibrium.
    """
    limit = unit_tolerance(tolerance)
    label_tol = 0.5 * limit
    flat = game.payoffs.reshape(2, 4).tolist()
    largest = [max(abs(v) for v in values) for values in flat]
    if max(largest) < 2.0**1000 and min(largest) > 2.0**-900:
        lows = [min(values) for values in flat]
        spans = [max(values) - low for values, low in zip(flat, lows, strict=True)]
        constant = [span == 0.0 for span in spans]
        spans = [1.0 if c else span for span, c in zip(spans, constant, strict=True)]
        ua, ub = ([(v - low) / span for v in values]
                  for values, low, span in zip(flat, lows, spans, strict=True))
        scale = None
    else:   # payoffs near the float limits: scaled by a power of two first
        unit, scale = unit_payoffs(game)
        ua, ub = unit[0].reshape(4).tolist(), unit[1].reshape(4).tolist()
    a00, a01, a10, a11 = (1.0 + v for v in ua)
    b00, b01, b10, b11 = (1.0 + v for v in ub)
    vertices_p = _polygon(b00, b10, b01, b11, label_tol)   # constraint j: sum_i b_ij x_i <= 1
    vertices_q = _polygon(a00, a01, a10, a11, label_tol)   # constraint i: sum_j a_ij y_j <= 1
    degenerate = any(bin(mask).count("1") > 2 for *_, mask in vertices_p + vertices_q)
    found: dict[tuple[float, ...], tuple[tuple[float, float], tuple[float, float], float,
                                         float, float, float]] = {}
    for x0, x1, mask_p in vertices_p:
        for y0, y1, mask_q in vertices_q:
            if mask_p | ((mask_q & 3) << 2) | (mask_q >> 2) != 15:
                continue
            x0s, x1s = (x0 if x0 > label_tol else 0.0), (x1 if x1 > label_tol else 0.0)
            y0s, y1s = (y0 if y0 > label_tol else 0.0), (y1 if y1 > label_tol else 0.0)
            sx, sy = x0s + x1s, y0s + y1s
            x = (x0s / sx, x1s / sx)
            y = (y0s / sy, y1s / sy)
            row_0 = ua[0] * y[0] + ua[1] * y[1]
            row_1 = ua[2] * y[0] + ua[3] * y[1]
            col_0 = ub[0] * x[0] + ub[2] * x[1]
            col_1 = ub[1] * x[0] + ub[3] * x[1]
            pay_row = x[0] * row_0 + x[1] * row_1
            pay_col = y[0] * col_0 + y[1] * col_1
            regret_row = max(max(row_0, row_1) - pay_row, 0.0)
            regret_col = max(max(col_0, col_1) - pay_col, 0.0)
            if max(regret_row, regret_col) > limit:
                continue
            key = tuple(round(p, 9) for p in (*x, *y))
            found.setdefault(key, (x, y, pay_row, pay_col, regret_row, regret_col))
    equilibria = []
    if scale is None:
        tolerances = tuple(0.0 if c else span * limit
                           for span, c in zip(spans, constant, strict=True))
    else:
        tolerances = tuple(float(t) for t in scale.to_gain(limit))
    for key in sorted(found, key=lambda k: tuple(-p for p in k)):
        x, y, pay_row, pay_col, regret_row, regret_col = found[key]
        if scale is None:
            payoffs = (lows[0] + spans[0] * pay_row, lows[1] + spans[1] * pay_col)
            gains = (0.0 if constant[0] else spans[0] * regret_row,
                     0.0 if constant[1] else spans[1] * regret_col)
        else:
            payoffs = tuple(scale.to_payoff([pay_row, pay_col]).tolist())
            gains = tuple(scale.to_gain([regret_row, regret_col]).tolist())
        equilibria.append(Equilibrium((x, y), payoffs, max(regret_row, regret_col), gains))
    notes = (_DEGENERATE_NOTE,) if degenerate else ()
    return EquilibriumResult(game, "vertex_enumeration", tuple(equilibria), limit, True,
                             degenerate, notes, tolerances)


#: Games with at most this many bases per polytope take the one-batch path.
_SMALL = 70


def _small_game(data: _Bimatrix, a: np.ndarray, b: np.ndarray) -> EquilibriumResult:
    """Every vertex of both polytopes by one batch of solves each, matched pairwise (the
    label test covers degenerate vertices); the vertices are exact solutions already."""
    m, n = data.m, data.n
    tol = data.label_tol
    if m == n:
        (x, labels_p), (y, labels_q) = _polytope.brute_force_labels(np.stack([b.T, a]), tol)
    else:
        ((x, labels_p),) = _polytope.brute_force_labels(b.T[None], tol)
        ((y, labels_q),) = _polytope.brute_force_labels(a[None], tol)
    # game labels: P's are rows then columns already; Q's are columns then rows
    labels_q = np.concatenate([labels_q[:, n:], labels_q[:, :n]], axis=1)
    hit = (labels_p[:, None, :] | labels_q[None, :, :]).all(axis=2)
    hit[:, ~y.any(axis=1)] = False  # the artificial pair (0, 0)
    i, j = np.nonzero(hit)
    degenerate = labels_p.sum(axis=1).max() > m or labels_q.sum(axis=1).max() > n
    return _result(data, _verified(data, x[i], y[j]), "vertex_enumeration", True,
                   bool(degenerate), [])


def vertex_enumeration(game: NormalFormGame, tolerance: float | None = None, *,
                       exact: bool = False) -> EquilibriumResult:
    """Every extreme Nash equilibrium of a two-player game, by vertex enumeration.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game (at most 63 actions in all).
    tolerance : float, optional
        Relative tolerance: a fraction of each player's payoff range (default ``1e-9``;
        see :mod:`ica_model.engine.solvers.verify`). Checked but unused when ``exact``.
    exact : bool
        Solve in rational arithmetic (the payoffs as stored: integers and binary
        fractions are exact) and certify every equilibrium exactly; strategies and payoffs
        are :class:`fractions.Fraction`. Pure Python: for games up to about 8x8.

    Returns
    -------
    EquilibriumResult
        ``complete=True``; ``degenerate`` says whether some polytope vertex carries surplus
        labels (then the vertices of the equilibrium components are returned).

    Raises
    ------
    MemoryError
        If a best-response polytope has more than ``MAX_BASES`` (50 million) bases: the
        vertex count grows exponentially with the game (about 2 million at 20x20); use
        :func:`lemke_howson` then.

    Examples
    --------
    >>> from ica_model.engine.textbook import battle_of_the_sexes
    >>> result = vertex_enumeration(battle_of_the_sexes())
    >>> [[tuple(round(p, 4) for p in s) for s in eq.strategies] for eq in result.equilibria]
    [[(1.0, 0.0), (1.0, 0.0)], [(0.6667, 0.3333), (0.3333, 0.6667)], [(0.0, 1.0), (0.0, 1.0)]]
    >>> [eq.strategies for eq in vertex_enumeration(battle_of_the_sexes(), exact=True).equilibria][1]
    ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3)))
    """
    _check_two_player(game)
    if check_bool("exact", exact):
        check_tolerance(tolerance)   # unused, but a NaN or 2.0 is refused, not ignored
        return _exact_vertex_enumeration(game)
    if game.shape == (2, 2) and _SCALAR_2X2:
        return _two_by_two(game, tolerance)
    data = _Bimatrix(game, tolerance)
    m, n = data.m, data.n
    if min(m, n) == 1:
        return _line(data, "vertex_enumeration")
    if m + n > MAX_LABELS:
        raise ValueError(f"vertex_enumeration handles games with at most {MAX_LABELS} actions in "
                         f"all, got {m} + {n}; use lemke_howson for one equilibrium")
    kernels = _kernels()
    if kernels is not None:
        xs, ys, payoffs, regrets, degenerate, status = kernels.solve_game(
            data.unit_a, data.unit_b, data.label_tol, data.limit, MAX_BASES)
        if status == 1:
            raise MemoryError(f"vertex_enumeration: a best-response polytope has more than "
                              f"{MAX_BASES} bases; use lemke_howson for one equilibrium")
        if status == 0:
            return _result(data, _records(data, xs, ys, payoffs, regrets),
                           "vertex_enumeration", True, bool(degenerate), [])
        # status 2 (a singular basis, not expected): the numpy path below
    a, b = 1.0 + data.unit_a, 1.0 + data.unit_b
    if comb(m + n, m) <= _SMALL:
        return _small_game(data, a, b)
    masks_p, degenerate_p = _vertex_masks(b.T, data.label_tol)
    masks_q, degenerate_q = _vertex_masks(a, data.label_tol)
    labels_q = _q_to_labels(masks_q, m, n)
    at_p, at_q = _match(masks_p, labels_q, m, n)
    xs = _points(b.T, masks_p[at_p])
    ys = _points(a, masks_q[at_q])
    equilibria = _verified(data, xs, ys)
    return _result(data, equilibria, "vertex_enumeration", True,
                   degenerate_p or degenerate_q, [])


# ---------------------------------------------------------------------- support enumeration
def _solve_batch(matrices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``[[M, -1], [1^T, 0]] [z; u] = [0; 1]`` for a batch of square blocks ``M``.

    Returns the solutions and a mask of the non-singular systems.
    """
    count, k, _ = matrices.shape
    system = np.zeros((count, k + 1, k + 1))
    system[:, :k, :k] = matrices
    system[:, :k, k] = -1.0
    system[:, k, :k] = 1.0
    rhs = np.zeros((count, k + 1))
    rhs[:, k] = 1.0
    regular = np.abs(np.linalg.det(system)) > 1e-12
    solutions = np.zeros((count, k + 1))
    if regular.any():
        solutions[regular] = np.linalg.solve(system[regular], rhs[regular][..., None])[..., 0]
    return solutions, regular


def support_enumeration(game: NormalFormGame, tolerance: float | None = None
                        ) -> EquilibriumResult:
    """Mixed equilibria of a two-player game by enumeration of equal-size supports.

    Each support pair is solved for indifference on unit payoffs, in numpy batches per
    support size; probabilities within the tolerance of 0 are accepted (snapped to 0), the
    fix for the misses measured in nashpy. Complete for nondegenerate games, which it cannot
    certify, so ``complete`` is False; ``degenerate`` is True when an equilibrium found has
    surplus best responses (a certificate), None otherwise.

    Examples
    --------
    >>> from ica_model.engine.textbook import matching_pennies
    >>> support_enumeration(matching_pennies()).equilibria[0].strategies
    ((0.5, 0.5), (0.5, 0.5))
    """
    _check_two_player(game)
    data = _Bimatrix(game, tolerance)
    a, b = data.unit_a, data.unit_b
    m, n = data.m, data.n
    xs_all, ys_all = [], []
    for k in range(1, min(m, n) + 1):
        rows = np.array(list(combinations(range(m), k)))
        cols = np.array(list(combinations(range(n), k)))
        pairs = np.array(np.meshgrid(np.arange(len(rows)), np.arange(len(cols)),
                                     indexing="ij")).reshape(2, -1).T
        for chunk in np.array_split(pairs, max(1, len(pairs) // 20000)):
            row_sets, col_sets = rows[chunk[:, 0]], cols[chunk[:, 1]]
            # y on the columns makes the row player indifferent over its support, and
            # x on the rows makes the column player indifferent over its support.
            sub_a = a[row_sets[:, :, None], col_sets[:, None, :]]
            sub_b = b[row_sets[:, :, None], col_sets[:, None, :]]
            y_sol, y_ok = _solve_batch(sub_a)
            x_sol, x_ok = _solve_batch(np.transpose(sub_b, (0, 2, 1)))
            ok = y_ok & x_ok
            ok &= (y_sol[:, :k] >= -data.limit).all(axis=1)
            ok &= (x_sol[:, :k] >= -data.limit).all(axis=1)
            index = np.flatnonzero(ok)
            x = np.zeros((len(index), m))
            y = np.zeros((len(index), n))
            np.put_along_axis(x, row_sets[index], np.clip(x_sol[index, :k], 0.0, None), axis=1)
            np.put_along_axis(y, col_sets[index], np.clip(y_sol[index, :k], 0.0, None), axis=1)
            xs_all.append(x)
            ys_all.append(y)
    equilibria = _verified(data, np.vstack(xs_all), np.vstack(ys_all))
    notes = ["complete only for nondegenerate games, which this method cannot certify; "
             "vertex_enumeration certifies completeness"]
    degenerate = True if _has_surplus_best_responses(data, equilibria) else None
    if degenerate:
        notes.append("degenerate game (an equilibrium has surplus best responses): equal-size "
                     "supports may miss equilibria; use vertex_enumeration")
    result = _result(data, equilibria, "support_enumeration", False, None, notes)
    return EquilibriumResult(game, result.method, result.equilibria, result.tolerance, False,
                             degenerate, result.notes, result.player_tolerances)


def _has_surplus_best_responses(data: _Bimatrix, equilibria: list[Equilibrium]) -> bool:
    """True if some equilibrium has a player with more pure best responses than the
    opponent's support size (a certificate of degeneracy)."""
    for eq in equilibria:
        x, y = (np.array(s) for s in eq.strategies)
        row_values, col_values = data.unit_a @ y, x @ data.unit_b
        best_rows = (row_values >= row_values.max() - data.limit).sum()
        best_cols = (col_values >= col_values.max() - data.limit).sum()
        if best_rows > (y > 0).sum() or best_cols > (x > 0).sum():
            return True
    return False


def mixed_equilibria(game: NormalFormGame, method: str = "vertex_enumeration",
                     tolerance: float | None = None) -> EquilibriumResult:
    """All (extreme) mixed equilibria of a two-player game.

    Parameters
    ----------
    game : NormalFormGame
    method : {"vertex_enumeration", "support_enumeration"}
    tolerance : float, optional

    Returns
    -------
    EquilibriumResult
    """
    solvers = {"vertex_enumeration": vertex_enumeration,
               "support_enumeration": support_enumeration}
    if not isinstance(method, str) or method not in solvers:
        raise ValueError(f"method must be one of {sorted(solvers)}, got {method!r}")
    return solvers[method](game, tolerance)


# ---------------------------------------------------------------------- exact arithmetic
def _exact_vertices(matrix: list[list[Fraction]], d: int, c: int) -> set[int]:
    """Label masks of every vertex of ``{z >= 0 : matrix z <= 1}`` in rational arithmetic:
    breadth-first search over the lexicographically feasible bases (see
    :mod:`ica_model.engine.solvers._polytope`)."""
    zero = Fraction(0)
    start_basic = tuple(range(d, d + c))
    start = (start_basic, tuple(range(d)), [list(row) for row in matrix], [Fraction(1)] * c)
    seen = {frozenset(start_basic)}
    masks: set[int] = set()
    frontier = [start]
    while frontier:
        following = []
        for basic, nonbasic, dic, rhs in frontier:
            mask = sum(1 << v for v in nonbasic)
            mask |= sum(1 << v for v, value in zip(basic, rhs, strict=True) if value == zero)
            masks.add(mask)
            binv = [[zero] * c for _ in range(c)]
            for q, v in enumerate(nonbasic):
                if v >= d:
                    for r in range(c):
                        binv[r][v - d] = dic[r][q]
            for r, v in enumerate(basic):
                if v >= d:
                    binv[r][v - d] = Fraction(1)
            for q in range(d):
                rows = [r for r in range(c) if dic[r][q] > 0]
                if not rows:
                    continue
                leave = min(rows, key=lambda r: [rhs[r] / dic[r][q]]
                            + [binv[r][k] / dic[r][q] for k in range(c)])
                new_basic = (*basic[:leave], nonbasic[q], *basic[leave + 1:])
                key = frozenset(new_basic)
                if key in seen:
                    continue
                seen.add(key)
                pivot = dic[leave][q]
                column = [dic[r][q] for r in range(c)]
                pivot_row = [value / pivot for value in dic[leave]]
                new_dic = [[dic[r][k] - column[r] * pivot_row[k] for k in range(d)]
                           for r in range(c)]
                new_dic[leave] = pivot_row
                for r in range(c):
                    new_dic[r][q] = -column[r] / pivot
                new_dic[leave][q] = 1 / pivot
                pivot_rhs = rhs[leave] / pivot
                new_rhs = [rhs[r] - column[r] * pivot_rhs for r in range(c)]
                new_rhs[leave] = pivot_rhs
                new_nonbasic = (*nonbasic[:q], basic[leave], *nonbasic[q + 1:])
                following.append((new_basic, new_nonbasic, new_dic, new_rhs))
        frontier = following
    return masks


def _exact_point(matrix: list[list[Fraction]], mask: int, d: int, c: int) -> list[Fraction]:
    """The vertex with this label mask, by exact Gaussian elimination on its tight rows."""
    rows = []
    for v in range(d + c):
        if mask >> v & 1:
            if v < d:
                rows.append([Fraction(int(k == v)) for k in range(d)] + [Fraction(0)])
            else:
                rows.append([*list(matrix[v - d]), Fraction(1)])
    solution = [Fraction(0)] * d
    pivots = []
    row_index = 0
    for col in range(d):
        pivot = next((r for r in range(row_index, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[row_index], rows[pivot] = rows[pivot], rows[row_index]
        lead = rows[row_index][col]
        rows[row_index] = [value / lead for value in rows[row_index]]
        for r in range(len(rows)):
            if r != row_index and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[row_index], strict=True)]
        pivots.append(col)
        row_index += 1
    for r, col in enumerate(pivots):
        solution[col] = rows[r][d]
    return solution


def _exact_vertex_enumeration(game: NormalFormGame) -> EquilibriumResult:
    m, n = game.shape
    if m + n > MAX_LABELS:
        raise ValueError(f"vertex_enumeration handles games with at most {MAX_LABELS} actions in "
                         f"all, got {m} + {n}")
    raw_a = [[Fraction(float(v)) for v in row] for row in game.payoffs[0]]
    raw_b = [[Fraction(float(v)) for v in row] for row in game.payoffs[1]]
    low_a = min(min(row) for row in raw_a)
    low_b = min(min(row) for row in raw_b)
    a = [[v - low_a + 1 for v in row] for row in raw_a]
    b_t = [[raw_b[i][j] - low_b + 1 for i in range(m)] for j in range(n)]
    masks_p = _exact_vertices(b_t, m, n)
    masks_q = _exact_vertices(a, n, m)
    degenerate = any(bin(k).count("1") > m for k in masks_p) or any(
        bin(k).count("1") > n for k in masks_q)
    array_p = np.array(sorted(masks_p), dtype=np.uint64)
    array_q = np.array(sorted(masks_q), dtype=np.uint64)
    at_p, at_q = _match(array_p, _q_to_labels(array_q, m, n), m, n)
    found = set()
    equilibria = []
    for i, j in zip(at_p, at_q, strict=True):
        point_x = _exact_point(b_t, int(array_p[i]), m, n)
        point_y = _exact_point(a, int(array_q[j]), n, m)
        sx, sy = sum(point_x), sum(point_y)
        x, y = tuple(v / sx for v in point_x), tuple(v / sy for v in point_y)
        if (x, y) in found:
            continue
        row_values = [sum(raw_a[i][j] * y[j] for j in range(n)) for i in range(m)]
        col_values = [sum(raw_b[i][j] * x[i] for i in range(m)) for j in range(n)]
        row_payoff = sum(p * v for p, v in zip(x, row_values, strict=True))
        col_payoff = sum(p * v for p, v in zip(y, col_values, strict=True))
        if max(row_values) != row_payoff or max(col_values) != col_payoff:
            continue  # the exact certificate: no pure deviation gains anything
        found.add((x, y))
        equilibria.append(Equilibrium((x, y), (row_payoff, col_payoff), 0.0, (0.0, 0.0)))
    equilibria.sort(key=lambda eq: tuple(-p for s in eq.strategies for p in s))
    notes = [_DEGENERATE_NOTE] if degenerate else []
    return EquilibriumResult(game, "vertex_enumeration", tuple(equilibria), 0.0, True,
                             degenerate, tuple(notes), (0.0, 0.0), exact=True)


# ---------------------------------------------------------------------- many small games
def _solve_small(systems: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``S z = 1`` for a stack of k x k systems (k <= 4): closed forms (Cramer's
    rule) for k <= 3, the same formulas as the compiled kernel; numpy's solver for k = 4.
    Returns the solutions and the mask of regular systems (``|det| > 1e-13``)."""
    k = systems.shape[-1]
    s = systems
    if k == 1:
        det = s[..., 0, 0]
        regular = np.abs(det) > _SINGULAR
        return (1.0 / np.where(regular, det, 1.0))[..., None], regular
    if k == 2:
        det = s[..., 0, 0] * s[..., 1, 1] - s[..., 0, 1] * s[..., 1, 0]
        regular = np.abs(det) > _SINGULAR
        safe = np.where(regular, det, 1.0)
        z = np.stack([(s[..., 1, 1] - s[..., 0, 1]) / safe, (s[..., 0, 0] - s[..., 1, 0]) / safe],
                     axis=-1)
        return z, regular
    if k == 3:
        c00 = s[..., 1, 1] * s[..., 2, 2] - s[..., 1, 2] * s[..., 2, 1]
        c01 = s[..., 1, 2] * s[..., 2, 0] - s[..., 1, 0] * s[..., 2, 2]
        c02 = s[..., 1, 0] * s[..., 2, 1] - s[..., 1, 1] * s[..., 2, 0]
        det = s[..., 0, 0] * c00 + s[..., 0, 1] * c01 + s[..., 0, 2] * c02
        regular = np.abs(det) > _SINGULAR
        safe = np.where(regular, det, 1.0)
        c10 = s[..., 0, 2] * s[..., 2, 1] - s[..., 0, 1] * s[..., 2, 2]
        c11 = s[..., 0, 0] * s[..., 2, 2] - s[..., 0, 2] * s[..., 2, 0]
        c12 = s[..., 0, 1] * s[..., 2, 0] - s[..., 0, 0] * s[..., 2, 1]
        c20 = s[..., 0, 1] * s[..., 1, 2] - s[..., 0, 2] * s[..., 1, 1]
        c21 = s[..., 0, 2] * s[..., 1, 0] - s[..., 0, 0] * s[..., 1, 2]
        c22 = s[..., 0, 0] * s[..., 1, 1] - s[..., 0, 1] * s[..., 1, 0]
        z = np.stack([(c00 + c10 + c20) / safe, (c01 + c11 + c21) / safe,
                      (c02 + c12 + c22) / safe], axis=-1)
        return z, regular
    det = np.linalg.det(systems)
    regular = np.abs(det) > _SINGULAR
    z = np.zeros(systems.shape[:-1])
    if regular.any():
        z[regular] = np.linalg.solve(systems[regular], np.ones((*systems[regular].shape[:-1], 1)))[..., 0]
    return z, regular


#: Regularity threshold of the small systems of batch_equilibria (its compiled twin too).
_SINGULAR = 1e-13

_POPCOUNT_8 = np.array([bin(k).count("1") for k in range(256)], dtype=np.int64)


@lru_cache(maxsize=32)
def _support_pairs(m: int, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of supports ``(I, J)`` with ``|I| = |J| = k >= 1``, by increasing k:
    rows (padded with 0 to 4 columns), columns, and k."""
    rows, cols, sizes = [], [], []
    for k in range(1, min(m, n) + 1):
        for i in combinations(range(m), k):
            for j in combinations(range(n), k):
                rows.append(i + (0,) * (4 - k))
                cols.append(j + (0,) * (4 - k))
                sizes.append(k)
    return (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64),
            np.array(sizes, dtype=np.int64))


@lru_cache(maxsize=32)
def _free_labels(m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For each support pair: the game labels of the zero coordinates outside the supports
    (rows not in I for P's vertex; columns not in J, as m + j, for Q's vertex)."""
    rows, cols, sizes = _support_pairs(m, n)
    free_x = np.zeros(len(sizes), dtype=np.uint64)
    free_y = np.zeros(len(sizes), dtype=np.uint64)
    for p, k in enumerate(sizes):
        free_x[p] = sum(1 << i for i in range(m) if i not in rows[p, :k])
        free_y[p] = sum(1 << (m + j) for j in range(n) if j not in cols[p, :k])
    return free_x, free_y


def _batch_vertices(a: np.ndarray, b: np.ndarray, tol: float
                    ) -> tuple[np.ndarray, ...]:
    """For each game of the chunk (``a``, ``b``: unit payoffs plus one, shape (v, m, n))
    and each support pair p: the vertex of P with support I_p and tight columns J_p, the
    vertex of Q with support J_p and tight rows I_p, their feasibility and game labels."""
    v, m, n = a.shape
    rows, cols, sizes = _support_pairs(m, n)
    pairs = len(sizes)
    xs = np.zeros((v, pairs, m))
    ys = np.zeros((v, pairs, n))
    ok_x = np.zeros((v, pairs), dtype=bool)
    ok_y = np.zeros((v, pairs), dtype=bool)
    for k in range(1, min(m, n) + 1):
        block = np.flatnonzero(sizes == k)
        rows_k, cols_k = rows[block, :k], cols[block, :k]
        # x on rows I making columns J tight: B[I, J]^T x_I = 1
        x_sub, ok = _solve_small(b[:, rows_k[:, None, :], cols_k[:, :, None]])
        at = block[:, None]
        xs[:, at, rows_k] = np.where(ok[..., None], x_sub, 0.0)
        ok_x[:, block] = ok
        # y on columns J making rows I tight: A[I, J] y_J = 1
        y_sub, ok = _solve_small(a[:, rows_k[:, :, None], cols_k[:, None, :]])
        ys[:, at, cols_k] = np.where(ok[..., None], y_sub, 0.0)
        ok_y[:, block] = ok
    # labels and feasibility, one (at most 4) action at a time: elementwise operations
    # are faster than reductions over tiny axes; slacks are 1 - (sum over the support)
    labels_x = np.zeros((v, pairs), dtype=np.int64)
    labels_y = np.zeros((v, pairs), dtype=np.int64)
    for i in range(m):
        column = xs[:, :, i]
        ok_x &= column >= -tol
        labels_x |= (column <= tol).astype(np.int64) << i
        # sum of a non-empty generator of arrays: an array (the stubs allow int 0)
        slack = 1.0 - cast(np.ndarray, sum(a[:, None, i, j] * ys[:, :, j] for j in range(n)))
        ok_y &= slack >= -tol
        labels_y |= (slack <= tol).astype(np.int64) << i
    for j in range(n):
        column = ys[:, :, j]
        ok_y &= column >= -tol
        labels_y |= (column <= tol).astype(np.int64) << (m + j)
        slack = 1.0 - sum(xs[:, :, i] * b[:, None, i, j] for i in range(m))
        ok_x &= slack >= -tol
        labels_x |= (slack <= tol).astype(np.int64) << (m + j)
    return xs, ys, ok_x, ok_y, labels_x, labels_y


def _batch_numpy(unit: np.ndarray, label_tol: float, limit: float, max_entries: int
                 ) -> tuple[np.ndarray, ...]:
    """The numpy twin of :func:`_kernels.batch_games`: the same vertices, labels, matching
    and verification, vectorised over chunks of games."""
    count_games, _, m, n = unit.shape
    full = (1 << (m + n)) - 1
    pairs = len(_support_pairs(m, n)[2])
    step = max(1, max_entries // (pairs * max(m, n, pairs)))
    out_game, out_x, out_y = [], [], []
    degenerate = np.zeros(count_games, dtype=bool)
    for start in range(0, count_games, step):
        part = unit[start:start + step]
        xs, ys, ok_x, ok_y, labels_x, labels_y = _batch_vertices(1.0 + part[:, 0],
                                                                 1.0 + part[:, 1], label_tol)
        surplus = ((ok_x & (_POPCOUNT_8[labels_x] > m)) | (ok_y & (_POPCOUNT_8[labels_y] > n)))
        chunk_degenerate = surplus.any(axis=1)
        degenerate[start:start + len(part)] = chunk_degenerate
        # nondegenerate games: the two vertices of one support pair
        g, p = np.nonzero(ok_x & ok_y & ~chunk_degenerate[:, None])
        out_game.append(start + g)
        out_x.append(xs[g, p])
        out_y.append(ys[g, p])
        # degenerate games: every completely labelled pair of vertices
        for game in np.flatnonzero(chunk_degenerate):
            hit = ok_x[game][:, None] & ok_y[game][None, :] & (
                (labels_x[game][:, None] | labels_y[game][None, :]) == full)
            p, t = np.nonzero(hit)
            out_game.append(np.full(len(p), start + game))
            out_x.append(xs[game, p])
            out_y.append(ys[game, t])
    games = np.concatenate(out_game)
    xs, ys = np.concatenate(out_x), np.concatenate(out_y)
    # the verification (as _verified): snap, normalise, no gain above the limit
    xs = np.where(xs <= label_tol, 0.0, xs)
    ys = np.where(ys <= label_tol, 0.0, ys)
    nonzero = (xs.sum(axis=1) > 0) & (ys.sum(axis=1) > 0)
    games, xs, ys = games[nonzero], xs[nonzero], ys[nonzero]
    xs /= xs.sum(axis=1, keepdims=True)
    ys /= ys.sum(axis=1, keepdims=True)
    ua, ub = unit[games, 0], unit[games, 1]
    row_values = np.einsum("eij,ej->ei", ua, ys)
    col_values = np.einsum("eij,ei->ej", ub, xs)
    payoffs = np.stack([np.einsum("ei,ei->e", xs, row_values),
                        np.einsum("ej,ej->e", ys, col_values)], axis=1)
    regrets = np.maximum(np.stack([row_values.max(axis=1), col_values.max(axis=1)], axis=1)
                         - payoffs, 0.0).max(axis=1)
    ok = regrets <= limit
    games, xs, ys, payoffs, regrets = games[ok], xs[ok], ys[ok], payoffs[ok], regrets[ok]
    # a vertex of a degenerate game can come from several supports: keep it once
    in_degenerate = degenerate[games]
    if in_degenerate.any():
        keys = np.concatenate([games[:, None], np.round(np.concatenate([xs, ys], axis=1), 9)],
                              axis=1)
        keep = ~in_degenerate
        _, first = np.unique(keys[in_degenerate], axis=0, return_index=True)
        keep[np.flatnonzero(in_degenerate)[first]] = True
        games, xs, ys, payoffs, regrets = games[keep], xs[keep], ys[keep], payoffs[keep], regrets[keep]
    # by game, then by decreasing probabilities to 9 digits (as vertex_enumeration)
    strategies = np.round(np.concatenate([xs, ys], axis=1), 9)
    order = np.lexsort((*tuple(-strategies[:, k] for k in reversed(range(m + n))), games))
    return games[order], xs[order], ys[order], payoffs[order], regrets[order], degenerate


def batch_equilibria(row: np.ndarray, column: np.ndarray, tolerance: float | None = None,
                     max_entries: int = 2_000_000) -> BatchEquilibria:
    r"""All extreme equilibria of many small two-player games at once.

    The vertex enumeration of :func:`vertex_enumeration`, by brute force, for each game:
    for each support size :math:`k` and each pair of supports :math:`(I, J)` with
    :math:`|I| = |J| = k`, the vertex of :math:`P` with support :math:`I` and best
    responses :math:`J` and the vertex of :math:`Q` with support :math:`J` and best
    responses :math:`I` are solved (Cramer's rule for :math:`k \le 3`); every vertex of
    the polytopes arises so, with its labels. A game is degenerate when a feasible vertex
    carries surplus labels. In a nondegenerate game the equilibria are the pairs where
    both vertices of one support pair are feasible; in a degenerate game, every pair of
    vertices whose labels cover all actions (its extreme equilibria, as
    :func:`vertex_enumeration` returns them). Every equilibrium is verified on unit
    payoffs.

    With numba installed (``pip install ica_model[fast]``) a compiled loop over the games
    does this; otherwise numpy, vectorised over chunks of games. Both give the same
    equilibria.

    Parameters
    ----------
    row, column : array_like, shape (V, m, n)
        The two players' payoffs of V games (m, n at most 4).
    tolerance : float, optional
        Relative tolerance (fraction of each player's payoff range).
    max_entries : int
        Work-array entries per chunk of games (memory bound of the numpy path).

    Returns
    -------
    BatchEquilibria

    Examples
    --------
    >>> from ica_model.engine.textbook import battle_of_the_sexes, matching_pennies
    >>> games = [battle_of_the_sexes(), matching_pennies()]
    >>> result = batch_equilibria([g.payoffs[0] for g in games], [g.payoffs[1] for g in games])
    >>> result.count.tolist()
    [3, 1]
    >>> np.round(result.of(0)[0], 4).tolist()
    [[1.0, 0.0], [0.6667, 0.3333], [0.0, 1.0]]
    """
    from .verify import normalise_payoffs

    check_tolerance(tolerance)
    limit = unit_tolerance(tolerance)
    label_tol = 0.5 * limit
    try:
        a_raw = np.asarray(row, dtype=float)
        b_raw = np.asarray(column, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"row and column must be numeric arrays: {error}") from error
    if a_raw.ndim != 3 or a_raw.shape != b_raw.shape:
        raise ValueError(f"row and column must both have shape (V, m, n), got {a_raw.shape} and "
                         f"{b_raw.shape}")
    count_games, m, n = a_raw.shape
    if not 1 <= m <= 4 or not 1 <= n <= 4:
        raise ValueError(f"batch_equilibria handles games of 1 to 4 actions per player, got "
                         f"{m} x {n}; use vertex_enumeration")
    max_entries = check_int("max_entries", max_entries, 1000)
    if count_games == 0:
        return BatchEquilibria(game=np.zeros(0, dtype=np.int64), row=np.zeros((0, m)),
                               column=np.zeros((0, n)), payoffs=np.zeros((0, 2)),
                               regret=np.zeros(0), count=np.zeros(0, dtype=np.int64),
                               degenerate=np.zeros(0, dtype=bool), tolerance=limit)
    for name, array in (("row", a_raw), ("column", b_raw)):
        if not np.isfinite(array).all():
            bad = tuple(int(k) for k in np.argwhere(~np.isfinite(array))[0])
            raise ValueError(f"{name} payoffs must be finite, got {array[bad]} at index {bad}")
    kernels = _kernels()
    if kernels is not None:
        rows, cols, sizes = _support_pairs(m, n)
        free_x, free_y = _free_labels(m, n)
        # the kernel normalises each game itself (status 1: a game needs the power-of-two
        # scaling of normalise_payoffs; then it gets unit payoffs)
        *found, status = kernels.batch_games(np.ascontiguousarray(a_raw),
                                             np.ascontiguousarray(b_raw), False, rows, cols,
                                             sizes, free_x, free_y, label_tol, limit)
        if status == 0:
            games, xs, ys, payoffs, regrets, degenerate = found
            return BatchEquilibria(game=games, row=xs, column=ys, payoffs=payoffs,
                                   regret=regrets, count=np.bincount(games, minlength=count_games),
                                   degenerate=degenerate, tolerance=limit)
    unit, scale = normalise_payoffs(np.stack([a_raw, b_raw], axis=1), batch_ndim=1)
    if kernels is not None:
        *found, _ = kernels.batch_games(np.ascontiguousarray(unit[:, 0]),
                                        np.ascontiguousarray(unit[:, 1]), True, rows, cols,
                                        sizes, free_x, free_y, label_tol, limit)
        games, xs, ys, unit_pay, regrets, degenerate = found
    else:
        games, xs, ys, unit_pay, regrets, degenerate = _batch_numpy(unit, label_tol, limit,
                                                                    max_entries)
    exponent = scale.exponent[games]
    payoffs = scale.low[games] + scale.span[games] * unit_pay
    if exponent.any():
        payoffs = np.ldexp(payoffs, exponent)
    return BatchEquilibria(game=games, row=xs, column=ys, payoffs=payoffs, regret=regrets,
                           count=np.bincount(games, minlength=count_games),
                           degenerate=degenerate, tolerance=limit)


# ---------------------------------------------------------------------- Lemke-Howson
def _lex_leaving(tableau: np.ndarray, column: int, slack_start: int, tol: float) -> int | None:
    """Leaving row of a pivot on ``column`` by the lexicographic minimum ratio test
    (rows of [rhs, slack columns] divided by the column entry)."""
    entries = tableau[:, column]
    rows = np.flatnonzero(entries > _polytope.PIVOT_TOLERANCE)
    if len(rows) == 0:
        return None
    keys = np.concatenate([tableau[rows, -1:], tableau[rows, slack_start:-1]], axis=1)
    keys = keys / entries[rows, None]
    alive = np.ones(len(rows), dtype=bool)
    for k in range(keys.shape[1]):
        values = np.where(alive, keys[:, k], np.inf)
        alive &= values <= values.min() + tol
        if alive.sum() == 1:
            break
    return int(rows[np.argmax(alive)])


def lemke_howson(game: NormalFormGame, initial_label: int | None = None,
                 tolerance: float | None = None, max_pivots: int | None = None
                 ) -> EquilibriumResult:
    """One Nash equilibrium of a two-player game by the Lemke–Howson algorithm.

    Complementary pivoting on the tableaux of :math:`P` and :math:`Q` (unit payoffs plus
    one), dropping ``initial_label`` and following the path of almost completely labelled
    vertex pairs to its other end (Lemke and Howson 1964; von Stengel 2002, sec. 3). Ties
    in the ratio test are broken lexicographically, so the path cannot cycle; a cap on the
    pivots (``max_pivots``) bounds the work all the same, since paths can be exponentially
    long (Savani and von Stengel 2006, "Hard-to-solve bimatrix games", *Econometrica* 74).
    With numba installed the pivoting loop runs compiled (the same rule and tolerances).

    Parameters
    ----------
    game : NormalFormGame
    initial_label : int, optional
        The label dropped first, ``0 <= k < m + n``. By default labels are tried in turn
        until a path ends within the cap.
    tolerance : float, optional
        Relative tolerance of the verification.
    max_pivots : int, optional
        Pivots allowed per path (default ``50 * (m + n)**2``).

    Returns
    -------
    EquilibriumResult
        One verified equilibrium, ``complete=False``.

    Raises
    ------
    RuntimeError
        If no tried path ends within ``max_pivots`` pivots.

    Examples
    --------
    >>> from ica_model.engine.textbook import battle_of_the_sexes
    >>> lemke_howson(battle_of_the_sexes(), initial_label=0).equilibria[0].strategies
    ((1.0, 0.0), (1.0, 0.0))
    """
    _check_two_player(game)
    data = _Bimatrix(game, tolerance)
    m, n = data.m, data.n
    labels = m + n
    cap = 50 * labels**2 if max_pivots is None else check_int("max_pivots", max_pivots, 1)
    if initial_label is None:
        order = list(range(labels))
    else:
        order = [check_int("initial_label", initial_label, 0, labels - 1)]
    if min(m, n) == 1:
        result = _line(data, "lemke_howson")
        return EquilibriumResult(game, "lemke_howson", result.equilibria[:1], result.tolerance,
                                 False, None, (), result.player_tolerances)
    kernels = _kernels()
    if kernels is None:
        a, b = 1.0 + data.unit_a, 1.0 + data.unit_b
    for label in order:
        if kernels is not None:
            x, y, payoffs, regrets, status = kernels.lemke_howson(
                data.unit_a, data.unit_b, label, cap, data.label_tol, data.limit)
            if status != 0:
                continue
            equilibria = _records(data, x[None], y[None], payoffs[None], regrets[None])
        else:
            found = _lemke_howson_path(a, b, label, cap, data.label_tol)
            if found is None:
                continue
            equilibria = _verified(data, found[0][None], found[1][None])
        if equilibria:
            return _result(data, equilibria, "lemke_howson", False, None,
                           [f"one equilibrium, from the path that drops label {label}"])
    raise RuntimeError(f"lemke_howson: no path ended within max_pivots={cap} pivots (labels "
                       f"tried: {order}); raise max_pivots or use vertex_enumeration")


def _lemke_howson_path(a: np.ndarray, b: np.ndarray, label: int, cap: int, tol: float
                       ) -> tuple[np.ndarray, np.ndarray] | None:
    m, n = a.shape
    # tableau of P: columns x_0..x_{m-1}, r_0..r_{n-1} (slack of B^T x <= 1), rhs
    t_p = np.hstack([b.T, np.eye(n), np.ones((n, 1))])
    basis_p = list(range(m, m + n))          # variables named by label: x_i -> i, r_j -> m + j
    # tableau of Q: columns s_0..s_{m-1} (slack of A y <= 1), y_0..y_{n-1}, rhs
    t_q = np.hstack([np.eye(m), a, np.ones((m, 1))])
    basis_q = list(range(m))                 # s_i -> i, y_j -> m + j
    entering = label
    in_p = label < m   # x_i (label i) enters P first, or y_j (label m + j) enters Q first
    for _ in range(cap):
        tableau, basis, start = (t_p, basis_p, m) if in_p else (t_q, basis_q, 0)
        row = _lex_leaving(tableau, entering, start, tol)
        if row is None:
            return None
        pivot = tableau[row, entering]
        tableau[row] /= pivot
        others = np.arange(len(tableau)) != row
        tableau[others] -= np.outer(tableau[others, entering], tableau[row])
        leaving = basis[row]
        basis[row] = entering
        if leaving == label:
            x = np.zeros(m)
            y = np.zeros(n)
            for r, v in enumerate(basis_p):
                if v < m:
                    x[v] = max(t_p[r, -1], 0.0)
            for r, v in enumerate(basis_q):
                if v >= m:
                    y[v - m] = max(t_q[r, -1], 0.0)
            if x.sum() <= 0 or y.sum() <= 0:
                return None
            return x, y
        entering = leaving   # the variable of the same label enters the other tableau
        in_p = not in_p
    return None
