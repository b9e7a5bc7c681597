r"""Vertex enumeration of best-response polytopes :math:`\{z \ge 0 : M z \le 1\}`.

Internal to :mod:`ica_model.engine.solvers.two_player`. ``M`` has shape ``(c, d)`` and
entries in :math:`[1, 2]` (unit payoffs plus one), so the polytope is bounded, contains a
neighbourhood of 0 in the orthant, and its coordinates are of order :math:`1/d`: nothing
depends on the payoff unit.

Variables are numbered :math:`z_0, \dots, z_{d-1}` and slacks
:math:`s_k = 1 - (Mz)_k` as :math:`d + k`. A vertex is described by the set of variables
that are zero at it (its *labels*, as a bit mask over the :math:`d + c` variables). Two
enumerators:

* :func:`brute_force`: every choice of :math:`d` of the :math:`d + c` constraints as
  tight, solved in one batch. Finds every vertex, degenerate or not (each vertex has a
  regular choice of tight constraints). Used while :math:`\binom{d+c}{d}` is small.
* :func:`pivot_search`: breadth-first search over the lexicographically feasible bases,
  one numpy batch per layer. With the lexicographic rule every vertex of a degenerate
  polytope is reached too, since the bases of the lexicographically perturbed polytope
  (which is simple) map onto all vertices of the original one (Avis and Fukuda 1992, "A
  pivoting algorithm for convex hulls and vertex enumeration of arrangements and
  polyhedra", *Discrete & Computational Geometry* 8; Avis 2000, "lrs: a revised
  implementation of the reverse search vertex enumeration algorithm"). Memory: one 64-bit
  key per basis (the tableaux are recomputed from the bases, a chunk at a time). The
  compiled twin (:func:`ica_model.engine.solvers._kernels.vertex_masks`) walks the same
  graph depth-first.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations
from math import comb

import numpy as np

#: A pivot element must exceed this (entries of the tableau are of order 1).
PIVOT_TOLERANCE = 1e-11

#: Bases per numpy batch in the pivoting search (work memory: about ``(c + d) * c * 8``
#: bytes each).
CHUNK = 4096


def bits(indices: np.ndarray) -> np.ndarray:
    """Bit masks (uint64) of boolean rows ``(k, L)``, L <= 64."""
    weights = np.left_shift(np.uint64(1), np.arange(indices.shape[-1], dtype=np.uint64))
    return (indices.astype(np.uint64) * weights).sum(axis=-1, dtype=np.uint64)


def popcount(masks: np.ndarray) -> np.ndarray:
    """Number of set bits of uint64 masks."""
    as_bytes = np.ascontiguousarray(masks, dtype=np.uint64).view(np.uint8).reshape(-1, 8)
    return _BYTE_COUNTS[as_bytes].sum(axis=1).reshape(np.shape(masks))


_BYTE_COUNTS = np.array([bin(k).count("1") for k in range(256)], dtype=np.int64)


@lru_cache(maxsize=64)
def _choices(d: int, c: int) -> np.ndarray:
    """All d-subsets of the d + c constraints, shape (K, d)."""
    return np.array(list(combinations(range(d + c), d)), dtype=np.intp).reshape(-1, d)


#: A choice of tight constraints is singular when the determinant of its system is below
#: this share of the product of its rows' norms (Hadamard's bound on the determinant).
SINGULAR = 1e-13


def _regular(systems: np.ndarray) -> np.ndarray:
    """Which square systems ``(K, d, d)`` are regular: determinant above :data:`SINGULAR`
    times the product of the rows' norms.

    A singular choice of tight constraints (tied payoffs) has no unique solution. After
    rounding, LAPACK often solves it anyway and returns some point of a face: tight on
    the chosen constraints, feasible, but not a vertex (seen on 2x6 and 3x4 integer
    games). Every vertex has a regular choice among its tight constraints, so dropping the
    singular ones loses none.
    """
    scale = np.prod(np.linalg.norm(systems, axis=2), axis=1)
    return np.abs(np.linalg.det(systems)) > SINGULAR * scale


def _solve(systems: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Solutions ``(K, d)`` of the square systems, with rows of -1 (infeasible) where
    LAPACK finds a system singular."""
    try:
        return np.linalg.solve(systems, rhs)[..., 0]
    except np.linalg.LinAlgError:
        regular = _regular(systems)
        points = np.full(rhs.shape[:-1], -1.0)
        if regular.any():
            points[regular] = np.linalg.solve(systems[regular], rhs[regular])[..., 0]
        return points


def brute_force_size(d: int, c: int) -> int:
    """Number of linear systems :func:`brute_force` solves."""
    return comb(d + c, d)


def brute_force_labels(matrices: np.ndarray, tol: float
                       ) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each matrix of a stack ``(G, c, d)``: the feasible solutions of every choice of
    tight constraints (the vertices, each possibly several times when degenerate) and their
    labels (boolean, variables then slacks)."""
    count, c, d = matrices.shape
    cached = _SYSTEMS.get((c, d))
    if cached is None:
        choice = _choices(d, c)
        targets = (choice >= d).astype(float)[..., None]
        flat = (np.arange(len(choice))[:, None] * (d + c) + choice).reshape(-1)
        cached = (choice, targets, flat, np.eye(d))
        _SYSTEMS[(c, d)] = cached
    choice, targets, flat, identity = cached
    size = len(choice)
    systems = np.concatenate([np.broadcast_to(identity, (count, d, d)), matrices], axis=1)
    systems = systems[:, choice].reshape(count * size, d, d)
    rhs = np.broadcast_to(targets, (count, size, d, 1)).reshape(count * size, d, 1)
    points = _solve(systems, rhs).reshape(count, size, d)
    labels = np.concatenate([points, 1.0 - points @ np.transpose(matrices, (0, 2, 1))], axis=2)
    feasible = labels.min(axis=2) >= -tol
    labels = labels <= tol
    # the chosen constraints must be tight (a nearly singular system's rounding may not be)
    feasible &= labels.reshape(count, -1)[:, flat].reshape(count, size, d).all(axis=2)
    candidates = np.flatnonzero(feasible)        # a singular choice solved anyway: no vertex
    feasible.flat[candidates] = _regular(systems[candidates])
    return [(np.maximum(points[g][feasible[g]], 0.0), labels[g][feasible[g]])
            for g in range(count)]


_SYSTEMS: dict[tuple[int, int], tuple[np.ndarray, ...]] = {}


def brute_force(matrix: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Every vertex of ``{z >= 0 : matrix @ z <= 1}`` with its label mask.

    Returns
    -------
    points : ndarray, shape (V, d)
    masks : ndarray of uint64, shape (V,)
        Bit ``v`` set when variable ``v`` (``z_v``, or slack ``v - d``) is zero within
        ``tol``. Distinct vertices have distinct masks; each vertex is returned once.
    """
    c, d = matrix.shape
    rows = np.vstack([np.eye(d), matrix])
    rhs = np.concatenate([np.zeros(d), np.ones(c)])
    choice = _choices(d, c)
    # (the one-shot version of brute_force_labels, returning distinct vertices)
    systems = rows[choice]
    targets = rhs[choice]
    points = _solve(systems, targets[..., None])
    values = points @ matrix.T
    feasible = (points >= -tol).all(axis=1) & (values <= 1.0 + tol).all(axis=1)
    # the chosen rows must be tight (a nearly singular system's rounding may not be)
    residual = np.abs(np.einsum("kij,kj->ki", systems, points) - targets).max(axis=1)
    feasible &= residual <= tol
    candidates = np.flatnonzero(feasible)        # a singular choice solved anyway: no vertex
    feasible[candidates] = _regular(systems[candidates])
    points, values = points[feasible], values[feasible]
    labels = np.hstack([points <= tol, values >= 1.0 - tol])
    masks = bits(labels)
    masks, first = np.unique(masks, return_index=True)
    return np.clip(points[first], 0.0, None), masks


def _lexicographic_rows(dictionary: np.ndarray, rhs: np.ndarray, basic: np.ndarray,
                        nonbasic: np.ndarray, column: np.ndarray, tied: np.ndarray, d: int,
                        tol: float) -> np.ndarray:
    """Leaving rows by the lexicographic ratio test, for the entries with ties.

    ``dictionary`` (T, c, d), ``rhs`` (T, c), ``basic`` (T, c), ``nonbasic`` (T, d),
    ``column`` (T, c): the entering column; ``tied`` (T, c): rows with the minimal ratio.
    The lexicographic vector of row r is ``(rhs_r, Binv_r) / column_r`` where ``Binv`` is
    the part of the full tableau under the slack columns.
    """
    count, c, _ = dictionary.shape
    # full-tableau columns of the slacks: a nonbasic slack's column is in the dictionary,
    # a basic slack's column is a unit vector at its row
    binv = np.zeros((count, c, c))
    slack_nonbasic = nonbasic >= d
    t_index, q_index = np.nonzero(slack_nonbasic)
    binv[t_index, :, nonbasic[t_index, q_index] - d] = dictionary[t_index, :, q_index]
    t_index, r_index = np.nonzero(basic >= d)
    binv[t_index, r_index, basic[t_index, r_index] - d] = 1.0
    safe = np.where(tied, column, 1.0)
    keys = np.concatenate([rhs[:, :, None], binv], axis=2) / safe[:, :, None]
    alive = tied.copy()
    for k in range(c + 1):
        if (alive.sum(axis=1) <= 1).all():
            break
        values = np.where(alive, keys[:, :, k], np.inf)
        low = values.min(axis=1, keepdims=True)
        alive &= values <= low + tol
    return np.argmax(alive, axis=1)


def _dictionaries(full: np.ndarray, keys: np.ndarray, d: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Dictionaries of the bases ``keys`` (bits of the basic variables), recomputed from the
    constraint matrix ``full = [M | I]``: ``B^-1 N``, ``B^-1 1`` (clipped at 0), the basic
    and nonbasic variables (increasing), and a mask of the regular bases."""
    c, total = full.shape
    bits_ = ((keys[:, None] >> np.arange(total, dtype=np.uint64)) & np.uint64(1)).astype(bool)
    basic = np.nonzero(bits_)[1].reshape(len(keys), c)
    nonbasic = np.nonzero(~bits_)[1].reshape(len(keys), d)
    columns = full.T
    matrices = np.transpose(columns[basic], (0, 2, 1))              # (F, c, c)
    regular = np.abs(np.linalg.det(matrices)) > PIVOT_TOLERANCE
    inverse = np.zeros_like(matrices)
    inverse[regular] = np.linalg.inv(matrices[regular])
    dictionary = inverse @ np.transpose(columns[nonbasic], (0, 2, 1))   # (F, c, d)
    rhs = np.maximum(inverse.sum(axis=2), 0.0)
    return dictionary, rhs, basic, nonbasic, regular


def pivot_search(matrix: np.ndarray, tol: float, max_bases: int = 50_000_000
                 ) -> tuple[np.ndarray, bool]:
    """Label masks of every vertex of ``{z >= 0 : matrix @ z <= 1}`` by a breadth-first
    search over the lexicographically feasible bases (module docstring).

    Only the bases are kept (one 64-bit key each: the current layer and every basis seen);
    the dictionaries of a layer are recomputed from the original matrix, ``CHUNK`` bases at
    a time, which also keeps rounding from accumulating along pivots.

    Returns
    -------
    masks : ndarray of uint64
        Distinct label masks (one per vertex).
    degenerate : bool
        Whether some vertex has more than ``d`` labels.

    Raises
    ------
    MemoryError
        If more than ``max_bases`` bases are reached.
    ArithmeticError
        If a basis matrix is singular (not expected: pivots are bounded away from 0).
    """
    c, d = matrix.shape
    total = c + d
    one = np.uint64(1)
    weights = np.left_shift(one, np.arange(total, dtype=np.uint64))
    full = np.hstack([matrix.astype(float), np.eye(c)])
    keys = np.array([weights[d:].sum(dtype=np.uint64)])   # layer 0: the origin, slacks basic
    known = keys.copy()  # every basis reached so far, sorted
    masks_found: list[np.ndarray] = []
    degenerate = False
    seen = 0
    while len(keys):
        seen += len(keys)
        if seen > max_bases:
            raise MemoryError(f"more than {max_bases} bases: the polytope is too large to "
                              f"enumerate; use lemke_howson for one equilibrium")
        children = []
        for start in range(0, len(keys), CHUNK):
            part = keys[start:start + CHUNK]
            dic, r_hs, b, nb, regular = _dictionaries(full, part, d)
            if not regular.all():
                raise ArithmeticError("pivot_search reached a singular basis")
            zero_basic = r_hs <= tol
            degenerate = degenerate or bool(zero_basic.any())
            nonbasic_mask = weights[nb].sum(axis=1, dtype=np.uint64)
            extra = np.where(zero_basic, weights[b], np.uint64(0)).sum(axis=1, dtype=np.uint64)
            masks_found.append(nonbasic_mask | extra)
            count = len(part)
            positive = dic > PIVOT_TOLERANCE                          # (F, c, d)
            ratio = np.divide(r_hs[:, :, None], dic, out=np.full(dic.shape, np.inf),
                              where=positive)
            best = ratio.min(axis=1)                                   # (F, d)
            tied = ratio <= best[:, None, :] + tol
            leave = np.argmax(tied, axis=1)                            # (F, d)
            blocked = best < np.inf  # always, for a bounded polytope (guards rounding)
            multiple = tied.sum(axis=1) > 1
            if multiple.any():
                f_index, q_index = np.nonzero(multiple)
                leave[f_index, q_index] = _lexicographic_rows(
                    dic[f_index], r_hs[f_index], b[f_index], nb[f_index],
                    dic[f_index, :, q_index], tied[f_index, :, q_index], d, tol)
            parent = np.repeat(np.arange(count), d)
            q = np.tile(np.arange(d), count)
            r = leave.reshape(-1)
            valid = blocked.reshape(-1)
            parent, q, r = parent[valid], q[valid], r[valid]
            new = part[parent] - weights[b[parent, r]] + weights[nb[parent, q]]
            new = np.unique(new)
            position = np.searchsorted(known, new)
            fresh = known[np.minimum(position, len(known) - 1)] != new
            children.append(new[fresh])
        keys = np.unique(np.concatenate(children))
        known = np.union1d(known, keys)
    masks = np.unique(np.concatenate(masks_found))
    return masks, degenerate or bool((popcount(masks) > d).any())


def qhull(matrix: np.ndarray, tol: float) -> np.ndarray | None:
    """Label masks of the vertices by facet enumeration of the polar polytope with qhull
    (Barber, Dobkin and Huhdanpaa 1996, "The quickhull algorithm for convex hulls", *ACM
    TOMS* 22). Fast for dimensions up to about 9. Labels are recomputed from the vertex
    coordinates (so degenerate vertices, which qhull triangulates, get all their labels).
    Returns None when qhull fails or its output does not pass the sanity checks (every
    vertex feasible, at least ``d`` labels); the caller then uses :func:`pivot_search`.
    """
    from scipy.spatial import ConvexHull, QhullError

    c, d = matrix.shape
    rows = np.vstack([-np.eye(d), matrix])
    rhs = np.concatenate([np.zeros(d), np.ones(c)])
    centre = np.full(d, 0.5 / matrix.sum(axis=1).max())
    slack = rhs - rows @ centre
    try:
        hull = ConvexHull(rows / slack[:, None])
    except (QhullError, ValueError):
        return None
    offset = hull.equations[:, -1]
    if (offset >= 0).any():
        return None
    points = centre + hull.equations[:, :-1] / -offset[:, None]
    values = points @ matrix.T
    if (points < -tol).any() or (values > 1 + tol).any():
        return None
    masks = np.unique(bits(np.hstack([points <= tol, values >= 1.0 - tol])))
    if (popcount(masks) < d).any():
        return None
    return masks
