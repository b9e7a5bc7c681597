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

* :func:`vertex_enumeration` (default): every vertex of both polytopes (by a batch of
  linear solves for small games, by qhull up to dimension 9, beyond that by a
  lexicographic pivoting search that needs no qhull and little memory), matched by labels.
  Complete, also for degenerate games (the extreme equilibria, i.e. the vertices of the
  equilibrium components, are returned). ``exact=True`` does the same in rational
  arithmetic and certifies each equilibrium exactly (:class:`fractions.Fraction`).
* :func:`support_enumeration`: equal-size supports, the independent cross-check (Nisan et
  al. 2007, *Algorithmic Game Theory*, ch. 3); complete for nondegenerate games only.
* :func:`lemke_howson`: one equilibrium by complementary pivoting (Lemke and Howson
  1964, "Equilibrium points of bimatrix games", *SIAM Journal* 12), with a lexicographic
  rule and an iteration cap, for games too large to enumerate.
* :func:`batch_equilibria`: all equilibria of many small games at once (arrays in, arrays
  out).

Every equilibrium is verified before it is returned: no player gains more than the
tolerance (a fraction of its own payoff range) by deviating.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import comb

import numpy as np

from ..._validation import check_bool, check_int
from ..game import NormalFormGame
from . import _polytope
from .results import BatchEquilibria, Equilibrium, EquilibriumResult
from .verify import unit_payoffs, unit_tolerance

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


def _vertex_masks(matrix: np.ndarray, tol: float) -> tuple[np.ndarray, bool]:
    """Label masks (bits over the polytope's variables then slacks) of every vertex of
    ``{z >= 0 : matrix @ z <= 1}``, and whether some vertex is degenerate."""
    c, d = matrix.shape
    if _polytope.brute_force_size(d, c) * d**3 <= 300_000:
        _, masks = _polytope.brute_force(matrix, tol)
    else:
        masks = _polytope.qhull(matrix, tol) if 2 <= d <= QHULL_MAX_DIMENSION else None
        if masks is None:
            return _polytope.pivot_search(matrix, tol)
    return masks, bool((_polytope.popcount(masks) > d).any())


def _q_to_labels(masks: np.ndarray, m: int, n: int) -> np.ndarray:
    """Q's variable bits (y then row slacks) as game labels (rows 0..m-1, columns m..)."""
    low = np.uint64((1 << n) - 1)
    return ((masks & low) << np.uint64(m)) | (masks >> np.uint64(n))


def _labels_to_q(masks: np.ndarray, m: int, n: int) -> np.ndarray:
    low = np.uint64((1 << m) - 1)
    return ((masks & low) << np.uint64(n)) | (masks >> np.uint64(m))


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
    if not ok.any():
        return []
    profiles = np.concatenate([xs, ys], axis=1)[ok]
    payoffs, regrets = payoffs[ok], regrets[ok]
    rounded = np.round(profiles, 9).tolist()
    first = {}
    for k, key in enumerate(rounded):
        first.setdefault(tuple(key), k)
    order = sorted(first.values(), key=lambda k: tuple(-p for p in rounded[k]))
    raw_payoffs = data.scale.to_payoff(payoffs[order]).tolist()
    raw_regrets = data.scale.to_gain(regrets[order]).tolist()
    worst = regrets[order].max(axis=1).tolist()
    chosen = profiles[order].tolist()
    m = data.m
    return [Equilibrium((tuple(p[:m]), tuple(p[m:])), tuple(raw_payoffs[k]), worst[k],
                        tuple(raw_regrets[k]))
            for k, p in enumerate(chosen)]


def _result(data: _Bimatrix, equilibria: list[Equilibrium], method: str, complete: bool,
            degenerate: bool | None, notes: list[str]) -> EquilibriumResult:
    if degenerate and _DEGENERATE_NOTE not in notes:
        notes.append(_DEGENERATE_NOTE)
    return EquilibriumResult(data.game, method, tuple(equilibria), data.limit, complete,
                             degenerate, tuple(notes),
                             tuple(float(t) for t in data.scale.to_gain(data.limit)))


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
        see :mod:`ica_model.engine.solvers.verify`). Ignored when ``exact``.
    exact : bool
        Solve in rational arithmetic (the payoffs as stored: integers and binary
        fractions are exact) and certify every equilibrium exactly; strategies and payoffs
        are :class:`fractions.Fraction`. Pure Python: for games up to about 8x8.

    Returns
    -------
    EquilibriumResult
        ``complete=True``; ``degenerate`` says whether some polytope vertex carries surplus
        labels (then the vertices of the equilibrium components are returned).

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
        return _exact_vertex_enumeration(game)
    data = _Bimatrix(game, tolerance)
    m, n = data.m, data.n
    if min(m, n) == 1:
        return _line(data, "vertex_enumeration")
    if m + n > MAX_LABELS:
        raise ValueError(f"vertex_enumeration handles games with at most {MAX_LABELS} actions in "
                         f"all, got {m} + {n}; use lemke_howson for one equilibrium")
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
    if method not in solvers:
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
                leave = min(rows, key=lambda r, q=q: [rhs[r] / dic[r][q]]
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
        x = _exact_point(b_t, int(array_p[i]), m, n)
        y = _exact_point(a, int(array_q[j]), n, m)
        sx, sy = sum(x), sum(y)
        x, y = tuple(v / sx for v in x), tuple(v / sy for v in y)
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
    """Solve ``S z = 1`` for a stack of k x k systems; closed forms for k <= 2."""
    k = systems.shape[-1]
    if k == 1:
        det = systems[..., 0, 0]
        regular = np.abs(det) > 1e-13
        return (1.0 / np.where(regular, det, 1.0))[..., None], regular
    if k == 2:
        s = systems
        det = s[..., 0, 0] * s[..., 1, 1] - s[..., 0, 1] * s[..., 1, 0]
        regular = np.abs(det) > 1e-13
        safe = np.where(regular, det, 1.0)
        z = np.stack([(s[..., 1, 1] - s[..., 0, 1]) / safe, (s[..., 0, 0] - s[..., 1, 0]) / safe],
                     axis=-1)
        return z, regular
    det = np.linalg.det(systems)
    regular = np.abs(det) > 1e-13
    z = np.zeros(systems.shape[:-1])
    if regular.any():
        z[regular] = np.linalg.solve(systems[regular], np.ones((*systems[regular].shape[:-1], 1)))[..., 0]
    return z, regular


def batch_equilibria(row: np.ndarray, column: np.ndarray, tolerance: float | None = None,
                     max_entries: int = 2_000_000) -> BatchEquilibria:
    r"""All equilibria of many small two-player games at once.

    Vectorised over the games: for each support size :math:`k` and each pair of supports
    :math:`(I, J)` with :math:`|I| = |J| = k`, the vertex of :math:`P` with support
    :math:`I` and best responses :math:`J` and the vertex of :math:`Q` with support
    :math:`J` and best responses :math:`I` are solved for every game in one numpy batch
    (closed forms for :math:`k \le 2`). Since every vertex of the polytopes arises so, the
    same batch decides degeneracy (a vertex with surplus labels). In a nondegenerate game
    the equilibria are exactly the pairs where both are feasible; degenerate games are
    handed to :func:`vertex_enumeration` one by one (their extreme equilibria). Every
    equilibrium is verified on unit payoffs.

    Parameters
    ----------
    row, column : array_like, shape (V, m, n)
        The two players' payoffs of V games (m, n at most 4).
    tolerance : float, optional
        Relative tolerance (fraction of each player's payoff range).
    max_entries : int
        Work-array entries per chunk of games (memory bound).

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
    from .verify import check_tolerance, normalise_payoffs

    check_tolerance(tolerance)
    limit = unit_tolerance(tolerance)
    tol = 0.5 * limit
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
    unit, scale = normalise_payoffs(np.stack([a_raw, b_raw], axis=1), batch_ndim=1)
    supports = []
    for k in range(1, min(m, n) + 1):
        rows_k = np.array(list(combinations(range(m), k)))
        cols_k = np.array(list(combinations(range(n), k)))
        pair_i = np.repeat(rows_k, len(cols_k), axis=0)
        pair_j = np.tile(cols_k, (len(rows_k), 1))
        supports.append((k, pair_i, pair_j))
    widest = max(len(i) for _, i, _ in supports) * max(m, n) * max(m, n)
    step = max(1, max_entries // widest)
    found_game, found_x, found_y = [], [], []
    degenerate = np.zeros(count_games, dtype=bool)
    for start in range(0, count_games, step):
        part = slice(start, min(count_games, start + step))
        ua, ub = unit[part, 0], unit[part, 1]
        a, b = 1.0 + ua, 1.0 + ub
        v = len(ua)
        for k, pair_i, pair_j in supports:
            sub_a = a[:, pair_i[:, :, None], pair_j[:, None, :]]        # (v, P, k, k)
            sub_b = b[:, pair_i[:, :, None], pair_j[:, None, :]]
            x_sub, ok_x = _solve_small(np.swapaxes(sub_b, -1, -2))      # B[I,J]^T x_I = 1
            y_sub, ok_y = _solve_small(sub_a)                           # A[I,J] y_J = 1
            pairs = len(pair_i)
            x = np.zeros((v, pairs, m))
            y = np.zeros((v, pairs, n))
            at = np.arange(pairs)[:, None]
            x[:, at, pair_i] = x_sub
            y[:, at, pair_j] = y_sub
            # tiny products as broadcast sums (a batched matmul loops per matrix)
            col_slack = 1.0 - (x[:, :, :, None] * b[:, None, :, :]).sum(axis=2)  # (v, P, n)
            row_slack = 1.0 - (y[:, :, None, :] * a[:, None, :, :]).sum(axis=3)  # (v, P, m)
            feasible_p = ok_x & (x_sub >= -tol).all(axis=2) & (col_slack >= -tol).all(axis=2)
            feasible_q = ok_y & (y_sub >= -tol).all(axis=2) & (row_slack >= -tol).all(axis=2)
            surplus_p = feasible_p & (((x_sub <= tol).any(axis=2))
                                      | ((col_slack <= tol).sum(axis=2) > k))
            surplus_q = feasible_q & (((y_sub <= tol).any(axis=2))
                                      | ((row_slack <= tol).sum(axis=2) > k))
            degenerate[part] |= (surplus_p | surplus_q).any(axis=1)
            g_index, p_index = np.nonzero(feasible_p & feasible_q)
            found_game.append(start + g_index)
            found_x.append(np.maximum(x[g_index, p_index], 0.0))
            found_y.append(np.maximum(y[g_index, p_index], 0.0))
    games = np.concatenate(found_game)
    xs, ys = np.concatenate(found_x), np.concatenate(found_y)
    keep = ~degenerate[games]
    games, xs, ys = games[keep], xs[keep], ys[keep]
    xs /= xs.sum(axis=1, keepdims=True)
    ys /= ys.sum(axis=1, keepdims=True)
    ua, ub = unit[games, 0], unit[games, 1]
    row_values = np.einsum("eij,ej->ei", ua, ys)
    col_values = np.einsum("eij,ei->ej", ub, xs)
    unit_pay = np.stack([np.einsum("ei,ei->e", xs, row_values),
                         np.einsum("ej,ej->e", ys, col_values)], axis=1)
    regrets = np.maximum(np.stack([row_values.max(axis=1), col_values.max(axis=1)], axis=1)
                         - unit_pay, 0.0)
    ok = regrets.max(axis=1) <= limit
    games, xs, ys, unit_pay, regrets = games[ok], xs[ok], ys[ok], unit_pay[ok], regrets[ok]
    payoffs = np.ldexp(scale.low[games] + scale.span[games] * unit_pay, scale.exponent[games])
    # degenerate games: their extreme equilibria one by one
    extra = [(games, xs, ys, payoffs, regrets.max(axis=1))]
    for index in np.flatnonzero(degenerate):
        game = NormalFormGame(np.stack([a_raw[index], b_raw[index]]))
        result = vertex_enumeration(game, tolerance)
        if result.equilibria:
            extra.append((np.full(len(result.equilibria), index),
                          np.array([eq.strategies[0] for eq in result.equilibria]),
                          np.array([eq.strategies[1] for eq in result.equilibria]),
                          np.array([eq.payoffs for eq in result.equilibria]),
                          np.array([eq.regret for eq in result.equilibria])))
    games = np.concatenate([e[0] for e in extra])
    strategies = np.concatenate([np.concatenate([e[1].reshape(-1, m), e[2].reshape(-1, n)], axis=1)
                                 for e in extra])
    # by game, then by decreasing probabilities (the order of vertex_enumeration)
    order = np.lexsort((*tuple(-strategies[:, k] for k in reversed(range(m + n))), games))
    return BatchEquilibria(
        game=games[order],
        row=np.concatenate([e[1].reshape(-1, m) for e in extra])[order],
        column=np.concatenate([e[2].reshape(-1, n) for e in extra])[order],
        payoffs=np.concatenate([e[3].reshape(-1, 2) for e in extra])[order],
        regret=np.concatenate([e[4] for e in extra])[order],
        count=np.bincount(games, minlength=count_games),
        degenerate=degenerate,
        tolerance=limit,
    )


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
    a, b = 1.0 + data.unit_a, 1.0 + data.unit_b
    for label in order:
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
