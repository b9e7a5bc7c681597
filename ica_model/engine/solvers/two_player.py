r"""All mixed Nash equilibria of two-player (bimatrix) games.

Two algorithms, both written here so that neither inherits the measured misses of
``nashpy.support_enumeration`` (an exact ``>= 0`` test that rejects ``-1e-17``):

* :func:`vertex_enumeration` (default): enumerate the vertices of the best-response
  polytopes with qhull and match complementary labels (Avis, Rosenberg, Savani and
  von Stengel 2010, "Enumeration of Nash equilibria for two-player games", *Economic
  Theory* 42). It returns every *extreme* equilibrium, also for degenerate games, whose
  equilibria can form connected components (the components' vertices are returned).
* :func:`support_enumeration`: equal-size supports, solved in batches with a
  tolerance (Nisan et al. 2007, *Algorithmic Game Theory*, ch. 3). Complete for
  nondegenerate games only; it is the independent cross-check.

Both verify every equilibrium before returning it and report degeneracy.

With payoffs shifted to be positive, the polytopes are

.. math::

    P = \{x \ge 0 : B^\top x \le 1\}, \qquad Q = \{y \ge 0 : A y \le 1\},

with labels ``i`` for :math:`x_i = 0` or :math:`(Ay)_i = 1` and ``m + j`` for
:math:`(B^\top x)_j = 1` or :math:`y_j = 0`. A vertex pair other than :math:`(0, 0)`
carrying all :math:`m + n` labels, normalised, is an equilibrium. The game is
nondegenerate exactly when no vertex carries more labels than its dimension
(von Stengel 2002, *Handbook of Game Theory* 3, ch. 45).
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.spatial import HalfspaceIntersection, QhullError

from ..game import NormalFormGame
from .results import Equilibrium, EquilibriumResult
from .verify import as_equilibrium, payoff_tolerance

__all__ = ["mixed_equilibria", "support_enumeration", "vertex_enumeration"]

_DEGENERATE_NOTE = ("degenerate game: equilibria may form connected components; the extreme "
                    "equilibria (vertices of the components) are returned")


def _check_two_player(game: NormalFormGame) -> None:
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"game must be a NormalFormGame, got {type(game).__name__}")
    if game.n_players != 2:
        raise ValueError(f"two-player solvers need 2 players, the game has {game.n_players}")


def _positive(matrix: np.ndarray) -> np.ndarray:
    """Shift payoffs so that the smallest is 1 (equilibria do not change)."""
    return matrix - matrix.min() + 1.0


def _polytope_vertices(constraint: np.ndarray) -> np.ndarray:
    """Vertices of ``{z >= 0 : constraint @ z <= 1}`` (bounded: ``constraint > 0``)."""
    dim = constraint.shape[1]
    halfspaces = np.vstack([
        np.hstack([-np.eye(dim), np.zeros((dim, 1))]),
        np.hstack([constraint, -np.ones((constraint.shape[0], 1))]),
    ])
    interior = np.full(dim, 0.5 / constraint.sum(axis=1).max())
    try:
        vertices = HalfspaceIntersection(halfspaces, interior).intersections
    except QhullError:  # pragma: no cover - qhull precision trouble: joggle the input
        vertices = HalfspaceIntersection(halfspaces, interior, qhull_options="QJ").intersections
    vertices = np.clip(vertices, 0.0, None)
    scale = max(1.0, float(np.abs(vertices).max()))
    _, first = np.unique(np.round(vertices / scale, 9), axis=0, return_index=True)
    return vertices[np.sort(first)]


def _labels(vertices: np.ndarray, constraint: np.ndarray, zero_first: bool, tol: float
            ) -> np.ndarray:
    """Boolean label matrix ``(vertices, m + n)``."""
    zeros = vertices <= tol
    tight = np.abs(vertices @ constraint.T - 1.0) <= tol
    return np.hstack([zeros, tight]) if zero_first else np.hstack([tight, zeros])


def _polish(constraint: np.ndarray, zero: np.ndarray, tight: np.ndarray) -> np.ndarray:
    """Re-solve the tight constraints of a vertex exactly (least squares)."""
    dim = constraint.shape[1]
    rows = np.vstack([np.eye(dim)[zero], constraint[tight]])
    rhs = np.concatenate([np.zeros(int(zero.sum())), np.ones(int(tight.sum()))])
    solution, *_ = np.linalg.lstsq(rows, rhs, rcond=None)
    return np.clip(solution, 0.0, None)


def _finish(game: NormalFormGame, candidates: list[tuple[np.ndarray, np.ndarray]],
            absolute: float, method: str, complete: bool, degenerate: bool,
            notes: list[str]) -> EquilibriumResult:
    equilibria: list[Equilibrium] = []
    seen: set[tuple] = set()
    for x, y in candidates:
        if x.sum() <= 0 or y.sum() <= 0:
            continue
        x, y = x / x.sum(), y / y.sum()
        x[x < 1e-13] = 0.0
        y[y < 1e-13] = 0.0
        x, y = x / x.sum(), y / y.sum()
        key = tuple(np.round(np.concatenate([x, y]), 9))
        if key in seen:
            continue
        equilibrium = as_equilibrium(game, [x, y], absolute)
        if equilibrium is not None:
            seen.add(key)
            equilibria.append(equilibrium)
    equilibria.sort(key=lambda eq: tuple(-p for s in eq.strategies for p in s))
    if degenerate and _DEGENERATE_NOTE not in notes:
        notes.append(_DEGENERATE_NOTE)
    return EquilibriumResult(game, method, tuple(equilibria), absolute, complete, degenerate,
                             tuple(notes))


def _degenerate_line(game: NormalFormGame, absolute: float) -> EquilibriumResult:
    """Games where one player has a single action: the other best-responds."""
    a, b = game.payoffs
    if a.shape[0] == 1:
        best = np.flatnonzero(b[0] >= b[0].max() - absolute)
        pairs = [(np.ones(1), np.eye(a.shape[1])[j]) for j in best]
        degenerate = len(best) > 1
    else:
        best = np.flatnonzero(a[:, 0] >= a[:, 0].max() - absolute)
        pairs = [(np.eye(a.shape[0])[i], np.ones(1)) for i in best]
        degenerate = len(best) > 1
    return _finish(game, pairs, absolute, "vertex_enumeration", True, degenerate, [])


def vertex_enumeration(game: NormalFormGame, tolerance: float | None = None) -> EquilibriumResult:
    """Every extreme Nash equilibrium of a two-player game, by vertex enumeration.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    tolerance : float, optional
        Relative tolerance for labels and best responses (see
        :func:`ica_model.engine.solvers.verify.payoff_tolerance`).

    Returns
    -------
    EquilibriumResult
        ``complete=True``; ``degenerate`` says whether a vertex carried surplus labels.

    Examples
    --------
    >>> from ica_model.engine.textbook import battle_of_the_sexes
    >>> result = vertex_enumeration(battle_of_the_sexes())
    >>> [[tuple(round(p, 4) for p in s) for s in eq.strategies] for eq in result.equilibria]
    [[(1.0, 0.0), (1.0, 0.0)], [(0.6667, 0.3333), (0.3333, 0.6667)], [(0.0, 1.0), (0.0, 1.0)]]
    """
    _check_two_player(game)
    absolute = payoff_tolerance(game, tolerance)
    if min(game.shape) == 1:
        return _degenerate_line(game, absolute)
    m, n = game.shape
    a, b = _positive(game.payoffs[0]), _positive(game.payoffs[1])
    label_tol = max(1e-9, 1e3 * absolute / max(1.0, float(np.abs(game.payoffs).max())))
    vertices_p = _polytope_vertices(b.T)         # x, labels: x_i = 0 -> i, (B^T x)_j = 1 -> m + j
    vertices_q = _polytope_vertices(a)           # y, labels: (A y)_i = 1 -> i, y_j = 0 -> m + j
    labels_p = _labels(vertices_p, b.T, zero_first=True, tol=label_tol)
    labels_q = _labels(vertices_q, a, zero_first=False, tol=label_tol)
    degenerate = bool((labels_p.sum(axis=1) > m).any() or (labels_q.sum(axis=1) > n).any())
    missing = (~labels_p).astype(np.int32) @ (~labels_q).astype(np.int32).T
    candidates = []
    for i, j in np.argwhere(missing == 0):
        x = _polish(b.T, labels_p[i, :m], labels_p[i, m:])
        y = _polish(a, labels_q[j, m:], labels_q[j, :m])
        candidates.append((x, y))
    return _finish(game, candidates, absolute, "vertex_enumeration", True, degenerate, [])


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
    scale = np.maximum(1.0, np.abs(matrices).max(axis=(1, 2)))
    regular = np.abs(np.linalg.det(system / scale[:, None, None])) > 1e-12
    solutions = np.zeros((count, k + 1))
    if regular.any():
        solutions[regular] = np.linalg.solve(system[regular], rhs[regular][..., None])[..., 0]
    return solutions, regular


def support_enumeration(game: NormalFormGame, tolerance: float | None = None
                        ) -> EquilibriumResult:
    """Mixed equilibria of a two-player game by enumeration of equal-size supports.

    Each support pair is solved for indifference, in numpy batches per support size;
    near-zero probabilities within the tolerance are accepted (snapped to 0), the fix
    for the misses measured in nashpy. Complete for nondegenerate games, which it cannot
    certify, so ``complete`` is False; ``degenerate`` is True when an equilibrium found has
    surplus best responses (a certificate), None otherwise.

    Examples
    --------
    >>> from ica_model.engine.textbook import matching_pennies
    >>> support_enumeration(matching_pennies()).equilibria[0].strategies
    ((0.5, 0.5), (0.5, 0.5))
    """
    _check_two_player(game)
    absolute = payoff_tolerance(game, tolerance)
    a, b = (np.array(p) for p in game.payoffs)
    m, n = game.shape
    candidates = []
    for k in range(1, min(m, n) + 1):
        rows = np.array(list(itertools.combinations(range(m), k)))
        cols = np.array(list(itertools.combinations(range(n), k)))
        pairs = np.array(list(itertools.product(range(len(rows)), range(len(cols)))))
        for chunk in np.array_split(pairs, max(1, len(pairs) // 20000)):
            row_sets, col_sets = rows[chunk[:, 0]], cols[chunk[:, 1]]
            # y on the columns makes the row player indifferent over its support, and
            # x on the rows makes the column player indifferent over its support.
            sub_a = a[row_sets[:, :, None], col_sets[:, None, :]]
            sub_b = b[row_sets[:, :, None], col_sets[:, None, :]]
            y_sol, y_ok = _solve_batch(sub_a)
            x_sol, x_ok = _solve_batch(np.transpose(sub_b, (0, 2, 1)))
            ok = y_ok & x_ok
            ok &= (y_sol[:, :k] >= -absolute).all(axis=1) & (x_sol[:, :k] >= -absolute).all(axis=1)
            for index in np.flatnonzero(ok):
                x = np.zeros(m)
                y = np.zeros(n)
                x[row_sets[index]] = np.clip(x_sol[index, :k], 0.0, None)
                y[col_sets[index]] = np.clip(y_sol[index, :k], 0.0, None)
                candidates.append((x, y))
    result = _finish(game, candidates, absolute, "support_enumeration", False, None, [])
    notes = ["complete only for nondegenerate games, which this method cannot certify; "
             "vertex_enumeration certifies completeness"]
    degenerate = True if _has_surplus_best_responses(game, result) else None
    if degenerate:
        notes.append("degenerate game (an equilibrium has surplus best responses): equal-size "
                     "supports may miss equilibria; use vertex_enumeration")
    return EquilibriumResult(game, "support_enumeration", result.equilibria, absolute, False,
                             degenerate, tuple(notes))


def _has_surplus_best_responses(game: NormalFormGame, result: EquilibriumResult) -> bool:
    """True if some equilibrium has a player with more pure best responses than the
    opponent's support size (a certificate of degeneracy)."""
    a, b = game.payoffs
    for eq in result.equilibria:
        x, y = (np.array(s) for s in eq.strategies)
        row_values, col_values = a @ y, x @ b
        best_rows = (row_values >= row_values.max() - result.tolerance).sum()
        best_cols = (col_values >= col_values.max() - result.tolerance).sum()
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
