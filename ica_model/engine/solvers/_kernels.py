r"""Compiled kernels of the two-player solvers (numba, an optional accelerator).

Internal to :mod:`ica_model.engine.solvers.two_player`, which imports this module only
through :func:`ica_model.runtime.accel.compiled` (so ``import ica_model`` never imports
numba, and everything works without it: the numpy code paths compute the same things).
Each kernel runs the *same* algorithm, with the same tolerances, as its numpy twin:

* :func:`vertex_masks`: every vertex of :math:`\{z \ge 0 : M z \le 1\}` by a depth-first
  search over the lexicographically feasible bases (the graph that
  :func:`ica_model.engine.solvers._polytope.pivot_search` walks breadth-first; Avis and
  Fukuda 1992, "A pivoting algorithm for convex hulls and vertex enumeration of
  arrangements and polyhedra", *Discrete & Computational Geometry* 8). Only bases are
  stored (one 64-bit key each, in a hash set, and the keys and moves of the current
  search path and of the edges still to try); a single tableau moves along the path by
  pivots, down to a new basis and back up by the reverse pivot, and is recomputed from
  its basis by Gauss-Jordan elimination on the original matrix every ``REFRESH`` pivots
  (which bounds the rounding a chain of pivots accumulates).
* :func:`solve_game`: both polytopes of a bimatrix game, the completely labelled vertex
  pairs, their points (re-solved from the stored basis) and the verification of each
  candidate on unit payoffs.
* :func:`batch_games`: all extreme equilibria of many small games (at most 4 actions per
  player), by the brute-force vertex enumeration over pairs of equal-size supports,
  unrolled per game.
* :func:`lemke_howson`: one complementary pivoting path (Lemke and Howson 1964,
  "Equilibrium points of bimatrix games", *SIAM Journal* 12) with the lexicographic ratio
  test, and the verification of its end.

Every function is compiled with ``cache=True`` (on disk, next to this file or in numba's
user cache), so the compilation is paid once per installation.
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: A pivot element must exceed this (entries of the tableau are of order 1).
PIVOT_TOLERANCE = 1e-11

#: Regularity test of the small systems of :func:`batch_games` (as the numpy twin).
SINGULAR = 1e-13

#: Pivots in a row before :func:`vertex_masks` recomputes its dictionary from the basis
#: (bounds the rounding a chain of pivots accumulates).
REFRESH = 64

_ONE = np.uint64(1)
_ZERO = np.uint64(0)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0x5555555555555555)
_M2 = np.uint64(0x3333333333333333)
_M4 = np.uint64(0x0F0F0F0F0F0F0F0F)
_H01 = np.uint64(0x0101010101010101)


@njit(cache=True, error_model="numpy", inline="always")
def _bit(v):
    return _ONE << np.uint64(v)


@njit(cache=True, error_model="numpy", inline="always")
def popcount(x):
    """Number of set bits of a uint64."""
    x = x - ((x >> _ONE) & _M1)
    x = (x & _M2) + ((x >> np.uint64(2)) & _M2)
    x = (x + (x >> np.uint64(4))) & _M4
    return np.int64((x * _H01) >> np.uint64(56))


# ------------------------------------------------------------------ open-addressing hash map
@njit(cache=True, error_model="numpy", inline="always")
def _slot(keys, key):
    """Slot of ``key`` in the table ``keys`` (0 marks an empty slot; keys are never 0)."""
    size_mask = np.uint64(keys.size - 1)
    h = key * _GOLDEN
    i = (h ^ (h >> np.uint64(31))) & size_mask
    while True:
        k = keys[i]
        if k == key or k == _ZERO:
            return np.int64(i)
        i = (i + _ONE) & size_mask


@njit(cache=True, error_model="numpy")
def _grown(keys):
    """The hash set ``keys`` rehashed into twice the room."""
    new_keys = np.zeros(2 * keys.size, np.uint64)
    for i in range(keys.size):
        if keys[i] != _ZERO:
            new_keys[_slot(new_keys, keys[i])] = keys[i]
    return new_keys


@njit(cache=True, error_model="numpy")
def _grow_u64(array):
    out = np.empty(2 * array.size, np.uint64)
    out[:array.size] = array
    return out


@njit(cache=True, error_model="numpy")
def _grow_i8(array):
    out = np.empty(2 * array.size, np.int8)
    out[:array.size] = array
    return out


@njit(cache=True, error_model="numpy")
def _grow_i64(array):
    out = np.empty(2 * array.size, np.int64)
    out[:array.size] = array
    return out


# ------------------------------------------------------------------ dictionaries of a polytope
@njit(cache=True, error_model="numpy")
def _recompute(full, key, d, dic, rhs, basic, nonbasic, work, inverse):
    """Dictionary (``dic`` = B^-1 N, ``rhs`` = B^-1 1) of the basis ``key`` (bits of the
    basic variables) from the constraint matrix ``full = [M | I]``; basic and nonbasic
    variables in increasing order. Returns False if the basis matrix is singular."""
    c = full.shape[0]
    total = full.shape[1]
    nb = 0
    bb = 0
    for v in range(total):
        if (key >> np.uint64(v)) & _ONE:
            basic[bb] = v
            bb += 1
        else:
            nonbasic[nb] = v
            nb += 1
    for r in range(c):
        for k in range(c):
            work[r, k] = full[r, basic[k]]
            inverse[r, k] = 1.0 if r == k else 0.0
    # Gauss-Jordan with partial pivoting
    for col in range(c):
        best = col
        size = abs(work[col, col])
        for r in range(col + 1, c):
            if abs(work[r, col]) > size:
                size = abs(work[r, col])
                best = r
        if size <= PIVOT_TOLERANCE:
            return False
        if best != col:
            for k in range(c):
                work[col, k], work[best, k] = work[best, k], work[col, k]
                inverse[col, k], inverse[best, k] = inverse[best, k], inverse[col, k]
        pivot = work[col, col]
        for k in range(c):
            work[col, k] /= pivot
            inverse[col, k] /= pivot
        for r in range(c):
            if r != col:
                factor = work[r, col]
                if factor != 0.0:
                    for k in range(c):
                        work[r, k] -= factor * work[col, k]
                        inverse[r, k] -= factor * inverse[col, k]
    for r in range(c):
        total_r = 0.0
        for k in range(c):
            total_r += inverse[r, k]
        rhs[r] = total_r if total_r > 0.0 else 0.0
    for q in range(d):
        v = nonbasic[q]
        if v >= d:
            for r in range(c):
                dic[r, q] = inverse[r, v - d]
        else:
            for r in range(c):
                value = 0.0
                for k in range(c):
                    value += inverse[r, k] * full[k, v]
                dic[r, q] = value
    return True


@njit(cache=True, error_model="numpy", inline="always")
def _pivot(dic, rhs, basic, nonbasic, r, q, column, row):
    """Pivot the dictionary: nonbasic ``q`` enters, basic row ``r`` leaves (``column`` and
    ``row`` are work space; a copy of the pivot row lets the update loop vectorise)."""
    c, d = dic.shape
    for i in range(c):
        column[i] = dic[i, q]
    pivot = column[r]
    for k in range(d):
        value = dic[r, k] / pivot
        row[k] = value
        dic[r, k] = value
    pivot_rhs = rhs[r] / pivot
    rhs[r] = pivot_rhs
    for i in range(c):
        if i != r:
            factor = column[i]
            if factor != 0.0:
                for k in range(d):
                    dic[i, k] -= factor * row[k]
                rhs[i] -= factor * pivot_rhs
    for i in range(c):
        if rhs[i] < 0.0:
            rhs[i] = 0.0
        dic[i, q] = -column[i] / pivot
    dic[r, q] = 1.0 / pivot
    entering = nonbasic[q]
    nonbasic[q] = basic[r]
    basic[r] = entering


@njit(cache=True, error_model="numpy", inline="always")
def _leaving(dic, rhs, basic, nonbasic, q, tol, ratio):
    """Leaving row for entering column ``q`` by the lexicographic minimum ratio test (rows
    of ``[rhs, B^-1]`` divided by the column entry), or -1 if no entry is positive.
    ``ratio`` is work space (``c`` floats)."""
    c, d = dic.shape
    chosen = -1
    best_e = 1.0
    best_rhs = 0.0
    for r in range(c):   # smallest rhs / e, compared without dividing
        e = dic[r, q]
        if e > PIVOT_TOLERANCE and (chosen < 0 or rhs[r] * best_e < best_rhs * e):
            chosen = r
            best_e = e
            best_rhs = rhs[r]
    if chosen < 0:
        return -1
    bound = best_rhs / best_e + tol
    count = 0
    for r in range(c):   # rows tied within tol: alive rows get ratio[r] = 0, others inf
        e = dic[r, q]
        if e > PIVOT_TOLERANCE and rhs[r] <= bound * e:
            ratio[r] = 0.0
            count += 1
        else:
            ratio[r] = np.inf
    if count == 1:
        return chosen
    for k in range(c):
        # column of slack k (variable d + k) in the full tableau
        position = -1
        for p in range(d):
            if nonbasic[p] == d + k:
                position = p
        low = np.inf
        for r in range(c):
            if ratio[r] == 0.0:
                if position >= 0:
                    value = dic[r, position] / dic[r, q]
                else:
                    value = (1.0 if basic[r] == d + k else 0.0) / dic[r, q]
                if value < low:
                    low = value
        count = 0
        for r in range(c):
            if ratio[r] == 0.0:
                if position >= 0:
                    value = dic[r, position] / dic[r, q]
                else:
                    value = (1.0 if basic[r] == d + k else 0.0) / dic[r, q]
                if value > low + tol:
                    ratio[r] = np.inf
                else:
                    count += 1
        if count <= 1:
            break
    for r in range(c):
        if ratio[r] == 0.0:
            return r
    return -1


@njit(cache=True, error_model="numpy")
def _all_leaving(dic, rhs, basic, nonbasic, tol, rows, best, count, ratio):
    """:func:`_leaving` for every column at once (``rows``, -1 where none): the minimum
    ratios and the ties are found in two passes over the dictionary, row by row (which
    vectorises), and only columns with a tie go through the lexicographic test."""
    c, d = dic.shape
    for q in range(d):
        best[q] = np.inf
        count[q] = 0
        rows[q] = -1
    for r in range(c):
        h = rhs[r]
        for q in range(d):
            e = dic[r, q]
            value = h / e if e > PIVOT_TOLERANCE else np.inf
            best[q] = min(best[q], value)
    for q in range(d):
        best[q] += tol
    for r in range(c):
        h = rhs[r]
        for q in range(d):
            e = dic[r, q]
            if e > PIVOT_TOLERANCE and h / e <= best[q]:
                count[q] += 1
                if rows[q] < 0:
                    rows[q] = r
    for q in range(d):
        if count[q] > 1:
            rows[q] = _leaving(dic, rhs, basic, nonbasic, q, tol, ratio)


@njit(cache=True, error_model="numpy")
def _full_matrix(matrix):
    c, d = matrix.shape
    full = np.zeros((c, c + d))
    for r in range(c):
        for k in range(d):
            full[r, k] = matrix[r, k]
        full[r, d + r] = 1.0
    return full


@njit(cache=True, error_model="numpy")
def _set_positions(basic, nonbasic, position):
    for r in range(basic.size):
        position[basic[r]] = r
    for q in range(nonbasic.size):
        position[nonbasic[q]] = q


@njit(cache=True, error_model="numpy")
def vertex_masks(matrix, tol, max_bases):
    """Label masks of every vertex of ``{z >= 0 : matrix @ z <= 1}`` (bit ``v``: variable
    ``z_v`` for ``v < d``, slack ``v - d`` otherwise, zero within ``tol``).

    Depth-first search along a path of bases. When a basis is first reached, the leaving
    row of every entering column is found at once, and the edges to neighbours not seen
    yet (child key, entering and leaving variable) go on an edge stack; the search then
    takes the edges off the stack in turn, skips children seen in the meantime, and
    descends to the others. One tableau moves along the path: one pivot down to a new
    basis, the reverse pivot back up when a basis has no edge left, and every ``REFRESH``
    pivots it is recomputed from its basis instead. Only keys and moves are stored. (The
    arrays grow outside the inner loop, which leaves it when one is nearly full: arrays
    reassigned inside a loop cost numba reference counting at every turn.)

    Returns ``(masks, keys, degenerate, status)``: distinct masks, one basis key (bits of
    its basic variables) per mask, whether some vertex has more than ``d`` labels, and 0,
    or 1 if more than ``max_bases`` bases were reached, or 2 if a basis was singular.

    Why one long function: it is one compiled loop nest (numba) over a dozen work arrays
    (tableau, basis, inverse, the edge and path stacks) that grow and are reassigned as the
    search goes; split into functions, every call would pass them all and return the
    regrown ones, and the growth logic above would have to be repeated at each boundary.
    Its state variables are commented where they are created.
    """
    c, d = matrix.shape
    total = c + d
    full = _full_matrix(matrix)
    dic = np.empty((c, d))
    rhs = np.empty(c)
    basic = np.empty(c, np.int64)
    nonbasic = np.empty(d, np.int64)
    position = np.empty(total, np.int64)
    work = np.empty((c, c))
    inverse = np.empty((c, c))
    column = np.empty(c)
    pivot_row = np.empty(d)
    ratio = np.empty(c)
    rows = np.empty(d, np.int64)
    best = np.empty(d)
    count = np.empty(d, np.int64)

    seen_keys = np.zeros(1024, np.uint64)    # hash set of the bases reached
    mask_keys = np.zeros(1024, np.uint64)    # hash set of the vertices (label masks)
    mask_count = 0
    out_masks = np.empty(256, np.uint64)
    out_keys = np.empty(256, np.uint64)
    path_key = np.empty(256, np.uint64)
    path_base = np.empty(256, np.int64)     # edge-stack height when the level was reached
    path_enter = np.empty(256, np.int8)     # the move from the level above
    path_leave = np.empty(256, np.int8)
    edge_key = np.empty(256, np.uint64)
    edge_enter = np.empty(256, np.int8)
    edge_leave = np.empty(256, np.int8)
    edges = 0

    key = _ZERO
    for v in range(d, total):
        key |= _bit(v)
    seen_keys[_slot(seen_keys, key)] = key
    seen_count = 1
    path_key[0] = key
    path_base[0] = 0
    depth = 0
    if not _recompute(full, key, d, dic, rhs, basic, nonbasic, work, inverse):
        return out_masks[:0].copy(), out_keys[:0].copy(), False, 2
    _set_positions(basic, nonbasic, position)
    age = 0
    fresh = True    # the top of the path is a basis reached for the first time
    degenerate = False
    status = -1     # -1: searching, 0: done, 1: too many bases, 2: singular basis
    while status < 0:
        # room for one more turn of the inner loop
        if edges + d > edge_key.size:
            edge_key = _grow_u64(edge_key)
            edge_enter = _grow_i8(edge_enter)
            edge_leave = _grow_i8(edge_leave)
        if depth + 2 > path_key.size:
            path_key = _grow_u64(path_key)
            path_base = _grow_i64(path_base)
            path_enter = _grow_i8(path_enter)
            path_leave = _grow_i8(path_leave)
        if 2 * (seen_count + 1) > seen_keys.size:
            seen_keys = _grown(seen_keys)
        if mask_count + 1 > out_masks.size:
            out_masks = _grow_u64(out_masks)
            out_keys = _grow_u64(out_keys)
        if 2 * (mask_count + 1) > mask_keys.size:
            mask_keys = _grown(mask_keys)
        while True:
            if (edges + d > edge_key.size or depth + 2 > path_key.size
                    or 2 * (seen_count + 1) > seen_keys.size or mask_count + 1 > out_masks.size
                    or 2 * (mask_count + 1) > mask_keys.size):
                break   # to the growth above
            if fresh:
                fresh = False
                key = path_key[depth]
                mask = _ZERO
                for q in range(d):
                    mask |= _bit(nonbasic[q])
                for r in range(c):
                    if rhs[r] <= tol:
                        mask |= _bit(basic[r])
                        degenerate = True
                s = _slot(mask_keys, mask)
                if mask_keys[s] == _ZERO:
                    mask_keys[s] = mask
                    out_masks[mask_count] = mask
                    out_keys[mask_count] = key
                    mask_count += 1
                _all_leaving(dic, rhs, basic, nonbasic, tol, rows, best, count, ratio)
                for q in range(d):
                    r = rows[q]
                    if r < 0:
                        continue
                    child = (key ^ _bit(basic[r])) | _bit(nonbasic[q])
                    if seen_keys[_slot(seen_keys, child)] != _ZERO:
                        continue
                    edge_key[edges] = child
                    edge_enter[edges] = nonbasic[q]
                    edge_leave[edges] = basic[r]
                    edges += 1
            if edges == path_base[depth]:   # no edge left: back to the level above
                if depth == 0:
                    status = 0
                    break
                depth -= 1
                if age >= REFRESH:
                    if not _recompute(full, path_key[depth], d, dic, rhs, basic, nonbasic, work,
                                      inverse):
                        status = 2
                        break
                    _set_positions(basic, nonbasic, position)
                    age = 0
                else:
                    entering = np.int64(path_leave[depth + 1])
                    leaving = np.int64(path_enter[depth + 1])
                    r = position[leaving]
                    q = position[entering]
                    _pivot(dic, rhs, basic, nonbasic, r, q, column, pivot_row)
                    position[entering] = r
                    position[leaving] = q
                    age += 1
                continue
            edges -= 1
            child = edge_key[edges]
            s = _slot(seen_keys, child)
            if seen_keys[s] != _ZERO:
                continue
            seen_keys[s] = child
            seen_count += 1
            if seen_count > max_bases:
                status = 1
                break
            entering = np.int64(edge_enter[edges])
            leaving = np.int64(edge_leave[edges])
            depth += 1
            path_key[depth] = child
            path_base[depth] = edges
            path_enter[depth] = entering
            path_leave[depth] = leaving
            fresh = True
            if age >= REFRESH:
                if not _recompute(full, child, d, dic, rhs, basic, nonbasic, work, inverse):
                    status = 2
                    break
                _set_positions(basic, nonbasic, position)
                age = 0
            else:
                r = position[leaving]
                q = position[entering]
                _pivot(dic, rhs, basic, nonbasic, r, q, column, pivot_row)
                position[entering] = r
                position[leaving] = q
                age += 1
    if status == 2:
        return out_masks[:0].copy(), out_keys[:0].copy(), degenerate, 2
    masks = out_masks[:mask_count].copy()
    keys = out_keys[:mask_count].copy()
    for i in range(mask_count):
        if popcount(masks[i]) > d:
            degenerate = True
    return masks, keys, degenerate, status


@njit(cache=True, error_model="numpy")
def _basis_point(full, key, d, point):
    """The vertex (``d`` coordinates) of the basis ``key``; False if singular."""
    c = full.shape[0]
    dic = np.empty((c, d))
    rhs = np.empty(c)
    basic = np.empty(c, np.int64)
    nonbasic = np.empty(d, np.int64)
    work = np.empty((c, c))
    inverse = np.empty((c, c))
    if not _recompute(full, key, d, dic, rhs, basic, nonbasic, work, inverse):
        return False
    for k in range(d):
        point[k] = 0.0
    for r in range(c):
        if basic[r] < d:
            point[basic[r]] = rhs[r]
    return True


# ------------------------------------------------------------------ one game
@njit(cache=True, error_model="numpy")
def _q_labels(mask, m, n):
    """Q's variable bits (y then row slacks) as game labels (rows 0..m-1, columns m..)."""
    low = (_ONE << np.uint64(n)) - _ONE
    return ((mask & low) << np.uint64(m)) | (mask >> np.uint64(n))


@njit(cache=True, error_model="numpy", inline="always")
def _verify(unit_a, unit_b, x, y, label_tol, limit, out_x, out_y, out_pay, out_reg):
    """Snap coordinates within ``label_tol`` of 0, normalise, and verify the pair on unit
    payoffs; fill the outputs and return True if no player gains more than ``limit``."""
    m, n = unit_a.shape
    sx = 0.0
    for i in range(m):
        value = x[i] if x[i] > label_tol else 0.0
        out_x[i] = value
        sx += value
    sy = 0.0
    for j in range(n):
        value = y[j] if y[j] > label_tol else 0.0
        out_y[j] = value
        sy += value
    if sx <= 0.0 or sy <= 0.0:
        return False
    for i in range(m):
        out_x[i] /= sx
    for j in range(n):
        out_y[j] /= sy
    best_row = -np.inf
    pay_row = 0.0
    for i in range(m):
        value = 0.0
        for j in range(n):
            value += unit_a[i, j] * out_y[j]
        pay_row += out_x[i] * value
        if value > best_row:
            best_row = value
    best_col = -np.inf
    pay_col = 0.0
    for j in range(n):
        value = 0.0
        for i in range(m):
            value += unit_b[i, j] * out_x[i]
        pay_col += out_y[j] * value
        if value > best_col:
            best_col = value
    out_pay[0] = pay_row
    out_pay[1] = pay_col
    out_reg[0] = max(best_row - pay_row, 0.0)
    out_reg[1] = max(best_col - pay_col, 0.0)
    return max(out_reg[0], out_reg[1]) <= limit


@njit(cache=True, error_model="numpy")
def _match(masks_p, labels_q, table, where, m, n, pairs_p, pairs_q, fill):
    """Completely labelled pairs (P's mask, Q's labels, both as game labels), without the
    artificial pair: simple vertices of P by a hash look-up of the complement among Q's
    simple vertices (``table``, ``where``), degenerate ones by a scan. Returns their number
    and, if ``fill``, writes them to ``pairs_p``, ``pairs_q``."""
    full = (_ONE << np.uint64(m + n)) - _ONE
    origin_p = (_ONE << np.uint64(m)) - _ONE
    origin_q = full ^ origin_p
    count = 0
    for k in range(masks_p.size):
        mask = masks_p[k]
        if mask == origin_p:
            continue
        if popcount(mask) == m:
            s = _slot(table, full ^ mask)
            if table[s] != _ZERO:
                if fill:
                    pairs_p[count] = k
                    pairs_q[count] = where[s]
                count += 1
        else:   # degenerate vertex: the partner's labels must contain the missing ones
            for t in range(labels_q.size):
                if labels_q[t] != origin_q and (mask | labels_q[t]) == full:
                    if fill:
                        pairs_p[count] = k
                        pairs_q[count] = t
                    count += 1
    for t in range(labels_q.size):
        if popcount(labels_q[t]) > n and labels_q[t] != origin_q:
            for k in range(masks_p.size):
                mask = masks_p[k]
                if mask != origin_p and popcount(mask) == m and (mask | labels_q[t]) == full:
                    if fill:
                        pairs_p[count] = k
                        pairs_q[count] = t
                    count += 1
    return count


@njit(cache=True, error_model="numpy")
def solve_game(unit_a, unit_b, label_tol, limit, max_bases):
    """All extreme equilibria of one bimatrix game given by its unit payoffs.

    Returns ``(xs, ys, payoffs, regrets, degenerate, status)``: verified candidates
    (strategies, unit payoffs and unit regrets per player, not yet deduplicated or
    sorted), and a status: 0 complete, 1 too many bases, 2 a singular basis (then the
    caller uses the numpy code).
    """
    m, n = unit_a.shape
    matrix_p = np.empty((n, m))
    for i in range(m):
        for j in range(n):
            matrix_p[j, i] = 1.0 + unit_b[i, j]
    matrix_q = 1.0 + unit_a
    masks_p, keys_p, degenerate_p, status = vertex_masks(matrix_p, label_tol, max_bases)
    empty = np.empty((0, 2))
    if status != 0:
        return np.empty((0, m)), np.empty((0, n)), empty, empty, degenerate_p, status
    masks_q, keys_q, degenerate_q, status = vertex_masks(matrix_q, label_tol, max_bases)
    if status != 0:
        return np.empty((0, m)), np.empty((0, n)), empty, empty, degenerate_p, status
    count_q = masks_q.size
    labels_q = np.empty(count_q, np.uint64)
    for k in range(count_q):
        labels_q[k] = _q_labels(masks_q[k], m, n)
    full = (_ONE << np.uint64(m + n)) - _ONE
    origin_p = (_ONE << np.uint64(m)) - _ONE
    origin_q = full ^ origin_p
    # simple vertices of Q by label mask
    size = 16
    while size < 4 * count_q:
        size *= 2
    table = np.zeros(size, np.uint64)
    where = np.zeros(size, np.int64)
    for k in range(count_q):
        if popcount(labels_q[k]) == n and labels_q[k] != origin_q:
            s = _slot(table, labels_q[k])
            table[s] = labels_q[k]
            where[s] = k
    pairs_p_none = np.empty(0, np.int64)
    count = _match(masks_p, labels_q, table, where, m, n, pairs_p_none, pairs_p_none, False)
    pairs_p = np.empty(count, np.int64)
    pairs_q = np.empty(count, np.int64)
    _match(masks_p, labels_q, table, where, m, n, pairs_p, pairs_q, True)
    full_p = _full_matrix(matrix_p)
    full_q = _full_matrix(matrix_q)
    x = np.empty(m)
    y = np.empty(n)
    xs = np.empty((count, m))
    ys = np.empty((count, n))
    payoffs = np.empty((count, 2))
    regrets = np.empty((count, 2))
    found = 0
    for k in range(count):
        if not (_basis_point(full_p, keys_p[pairs_p[k]], m, x)
                and _basis_point(full_q, keys_q[pairs_q[k]], n, y)):
            # a singular basis (not expected): never drop a candidate silently
            return np.empty((0, m)), np.empty((0, n)), empty, empty, degenerate_p, 2
        if _verify(unit_a, unit_b, x, y, label_tol, limit, xs[found], ys[found],
                   payoffs[found], regrets[found]):
            found += 1
    return (xs[:found].copy(), ys[:found].copy(), payoffs[:found].copy(),
            regrets[:found].copy(), degenerate_p or degenerate_q, 0)


# ------------------------------------------------------------------ many small games
@njit(cache=True, error_model="numpy", inline="always")
def _solve_small(system, k, solution):
    """Solve ``system[:k, :k] z = 1`` (closed forms for k <= 3, as the numpy twin; Gaussian
    elimination for k = 4). Returns False if the system is (numerically) singular."""
    if k == 1:
        det = system[0, 0]
        if abs(det) <= SINGULAR:
            return False
        solution[0] = 1.0 / det
        return True
    if k == 2:
        det = system[0, 0] * system[1, 1] - system[0, 1] * system[1, 0]
        if abs(det) <= SINGULAR:
            return False
        solution[0] = (system[1, 1] - system[0, 1]) / det
        solution[1] = (system[0, 0] - system[1, 0]) / det
        return True
    if k == 3:
        s = system
        c00 = s[1, 1] * s[2, 2] - s[1, 2] * s[2, 1]
        c01 = s[1, 2] * s[2, 0] - s[1, 0] * s[2, 2]
        c02 = s[1, 0] * s[2, 1] - s[1, 1] * s[2, 0]
        det = s[0, 0] * c00 + s[0, 1] * c01 + s[0, 2] * c02
        if abs(det) <= SINGULAR:
            return False
        c10 = s[0, 2] * s[2, 1] - s[0, 1] * s[2, 2]
        c11 = s[0, 0] * s[2, 2] - s[0, 2] * s[2, 0]
        c12 = s[0, 1] * s[2, 0] - s[0, 0] * s[2, 1]
        c20 = s[0, 1] * s[1, 2] - s[0, 2] * s[1, 1]
        c21 = s[0, 2] * s[1, 0] - s[0, 0] * s[1, 2]
        c22 = s[0, 0] * s[1, 1] - s[0, 1] * s[1, 0]
        solution[0] = (c00 + c10 + c20) / det
        solution[1] = (c01 + c11 + c21) / det
        solution[2] = (c02 + c12 + c22) / det
        return True
    work = np.empty((k, k + 1))
    for r in range(k):
        for q in range(k):
            work[r, q] = system[r, q]
        work[r, k] = 1.0
    det = 1.0
    for col in range(k):
        best = col
        for r in range(col + 1, k):
            if abs(work[r, col]) > abs(work[best, col]):
                best = r
        if best != col:
            det = -det
            for q in range(k + 1):
                work[col, q], work[best, q] = work[best, q], work[col, q]
        det *= work[col, col]
        if work[col, col] == 0.0:
            return False
        for r in range(col + 1, k):
            factor = work[r, col] / work[col, col]
            for q in range(col, k + 1):
                work[r, q] -= factor * work[col, q]
    if abs(det) <= SINGULAR:
        return False
    for r in range(k - 1, -1, -1):
        value = work[r, k]
        for q in range(r + 1, k):
            value -= work[r, q] * solution[q]
        solution[r] = value / work[r, r]
    return True


@njit(cache=True, error_model="numpy")
def _block_vertices(a, b, count, rows, cols, sizes, free_x, free_y, tol, zx, zy, ok_x, ok_y,
                    labels_x, labels_y, sums):
    """For a block of games (``a``, ``b``: polytope matrices, unit payoffs plus one, shape
    ``(m, n, BLOCK)``, the game index last) and each support pair ``p``: the vertex of P
    (support ``rows[p]``, tight columns ``cols[p]``) and of Q (support ``cols[p]``, tight
    rows ``rows[p]``): support coordinates ``zx[p, q, g]``, ``zy``, feasibility and game
    labels (``free_x``, ``free_y``: labels of the coordinates outside the supports). The
    loops run over the games innermost, without branches, so that they vectorise; the
    formulas are those of the numpy twin (Cramer's rule for k <= 3)."""
    m, n, _ = a.shape
    ones = np.ones(count)
    for p in range(sizes.size):
        k = sizes[p]
        for side in range(2):
            # side 0: B[I, J]^T x_I = 1 (x on rows I, columns J tight)
            # side 1: A[I, J] y_J = 1 (y on columns J, rows I tight)
            z = zx[p] if side == 0 else zy[p]
            ok = ok_x[p] if side == 0 else ok_y[p]
            labels = labels_x[p] if side == 0 else labels_y[p]
            free = free_x[p] if side == 0 else free_y[p]
            if k <= 3:
                _cramer_block(a, b, side, rows[p], cols[p], k, count, z, ok)
            else:
                system = np.empty((4, 4))
                solution = np.empty(4)
                for g in range(count):
                    for r in range(4):
                        for q in range(4):
                            if side == 0:
                                system[r, q] = b[rows[p, q], cols[p, r], g]
                            else:
                                system[r, q] = a[rows[p, r], cols[p, q], g]
                    ok[g] = _solve_small(system, 4, solution)
                    for q in range(4):
                        z[q, g] = solution[q] if ok[g] else 0.0
            for g in range(count):
                labels[g] = free
            for q in range(k):
                shift = np.uint64(rows[p, q] if side == 0 else m + cols[p, q])
                for g in range(count):
                    ok[g] = ok[g] & (z[q, g] >= -tol)
                    labels[g] |= np.uint64(z[q, g] <= tol) << shift
            # slacks of the other player's constraints: 1 - (sum over the support)
            others = n if side == 0 else m
            for t in range(others):
                sums[:count] = 0.0
                for q in range(k):
                    for g in range(count):
                        if side == 0:
                            sums[g] += z[q, g] * b[rows[p, q], t, g]
                        else:
                            sums[g] += a[t, cols[p, q], g] * z[q, g]
                shift = np.uint64(m + t if side == 0 else t)
                for g in range(count):
                    slack = ones[g] - sums[g]
                    ok[g] = ok[g] & (slack >= -tol)
                    labels[g] |= np.uint64(slack <= tol) << shift


@njit(cache=True, error_model="numpy")
def _cramer_block(a, b, side, rows, cols, k, count, z, ok):
    """Solve the k x k systems (k <= 3) of one support pair for a block of games."""
    for g in range(count):
        if side == 0:
            s00 = b[rows[0], cols[0], g]
        else:
            s00 = a[rows[0], cols[0], g]
        if k == 1:
            det = s00
            regular = abs(det) > SINGULAR
            safe = det if regular else 1.0
            z[0, g] = 1.0 / safe if regular else 0.0
            ok[g] = regular
            continue
        if side == 0:
            s01, s10, s11 = b[rows[1], cols[0], g], b[rows[0], cols[1], g], b[rows[1], cols[1], g]
        else:
            s01, s10, s11 = a[rows[0], cols[1], g], a[rows[1], cols[0], g], a[rows[1], cols[1], g]
        if k == 2:
            det = s00 * s11 - s01 * s10
            regular = abs(det) > SINGULAR
            safe = det if regular else 1.0
            z[0, g] = (s11 - s01) / safe if regular else 0.0
            z[1, g] = (s00 - s10) / safe if regular else 0.0
            ok[g] = regular
            continue
        if side == 0:
            s02, s12 = b[rows[2], cols[0], g], b[rows[2], cols[1], g]
            s20, s21, s22 = b[rows[0], cols[2], g], b[rows[1], cols[2], g], b[rows[2], cols[2], g]
        else:
            s02, s12 = a[rows[0], cols[2], g], a[rows[1], cols[2], g]
            s20, s21, s22 = a[rows[2], cols[0], g], a[rows[2], cols[1], g], a[rows[2], cols[2], g]
        c00 = s11 * s22 - s12 * s21
        c01 = s12 * s20 - s10 * s22
        c02 = s10 * s21 - s11 * s20
        det = s00 * c00 + s01 * c01 + s02 * c02
        regular = abs(det) > SINGULAR
        safe = det if regular else 1.0
        c10 = s02 * s21 - s01 * s22
        c11 = s00 * s22 - s02 * s20
        c12 = s01 * s20 - s00 * s21
        c20 = s01 * s12 - s02 * s11
        c21 = s02 * s10 - s00 * s12
        c22 = s00 * s11 - s01 * s10
        z[0, g] = (c00 + c10 + c20) / safe if regular else 0.0
        z[1, g] = (c01 + c11 + c21) / safe if regular else 0.0
        z[2, g] = (c02 + c12 + c22) / safe if regular else 0.0
        ok[g] = regular


@njit(cache=True, error_model="numpy", inline="always")
def _before(x, y, other_x, other_y):
    """True if profile (x, y) sorts before (other_x, other_y): decreasing probabilities,
    rounded to 9 digits (the order of vertex_enumeration)."""
    for i in range(x.size):
        first = np.round(x[i], 9)
        second = np.round(other_x[i], 9)
        if first != second:
            return first > second
    for j in range(y.size):
        first = np.round(y[j], 9)
        second = np.round(other_y[j], 9)
        if first != second:
            return first > second
    return False


#: Games per block of :func:`batch_games`.
BLOCK = 256


@njit(cache=True, error_model="numpy")
def _unit_block(row, column, start, count, unit_given, ua, ub, low, span):
    """Unit payoffs of games ``start .. start + count`` into ``ua``, ``ub`` (shape
    ``(m, n, BLOCK)``), with the arithmetic of ``verify.normalise_payoffs`` without its
    power-of-two scaling; False if a game needs that scaling (payoffs beyond 2**1000, or
    nonzero payoffs all below 2**-900 in size)."""
    _, m, n = row.shape
    for player in range(2):
        values = row if player == 0 else column
        out = ua if player == 0 else ub
        for g in range(count):
            if unit_given:
                low[player, g] = 0.0
                span[player, g] = 1.0
                for i in range(m):
                    for j in range(n):
                        out[i, j, g] = values[start + g, i, j]
                continue
            small = np.inf
            large = -np.inf
            largest = 0.0
            for i in range(m):
                for j in range(n):
                    value = values[start + g, i, j]
                    small = min(small, value)
                    large = max(large, value)
                    largest = max(largest, abs(value))
            if largest >= 2.0**1000 or (largest <= 2.0**-900 and largest != 0.0):
                return False
            width = large - small
            if width == 0.0:
                width = 1.0
            low[player, g] = small
            span[player, g] = width
            for i in range(m):
                for j in range(n):
                    out[i, j, g] = (values[start + g, i, j] - small) / width
    return True


@njit(cache=True, error_model="numpy")
def batch_games(row, column, unit_given, rows, cols, sizes, free_x, free_y, label_tol, limit):
    """All extreme equilibria of each game (``row``, ``column``: shape ``(V, m, n)``, raw
    payoffs, or unit payoffs if ``unit_given``) by the brute-force vertex enumeration over
    support pairs, in blocks of ``BLOCK`` games (:func:`_block_vertices`), then the
    matching and verification game by game.

    Returns ``(game, xs, ys, payoffs, regret, degenerate, status)``: one row per verified
    equilibrium, in game order and by decreasing probabilities within a game; payoffs in
    the games' units (unit payoffs if ``unit_given``); status 1 (nothing computed) if a
    game needs the power-of-two scaling of ``normalise_payoffs``.

    Why one long function: as :func:`vertex_masks`, one compiled loop nest (numba) over
    the block's work arrays and five output arrays that grow as equilibria are found; the
    per-block steps that pass few arrays are already apart (:func:`_unit_block`,
    :func:`_block_vertices`, :func:`_verify`, :func:`_before`), and splitting the matching
    loop would pass and return every output array at each call and repeat their growth.
    """
    count_games, m, n = row.shape
    pairs = sizes.size
    full = (_ONE << np.uint64(m + n)) - _ONE
    ua = np.empty((m, n, BLOCK))
    ub = np.empty((m, n, BLOCK))
    a = np.empty((m, n, BLOCK))
    b = np.empty((m, n, BLOCK))
    low = np.empty((2, BLOCK))
    span = np.empty((2, BLOCK))
    zx = np.zeros((pairs, 4, BLOCK))
    zy = np.zeros((pairs, 4, BLOCK))
    labels_x = np.empty((pairs, BLOCK), np.uint64)
    labels_y = np.empty((pairs, BLOCK), np.uint64)
    ok_x = np.empty((pairs, BLOCK), np.bool_)
    ok_y = np.empty((pairs, BLOCK), np.bool_)
    sums = np.empty(BLOCK)
    game_a = np.empty((m, n))
    game_b = np.empty((m, n))
    x = np.empty(m)
    y = np.empty(n)
    capacity = count_games + count_games // 2 + pairs * pairs
    out_game = np.empty(capacity, np.int64)
    out_x = np.empty((capacity, m))
    out_y = np.empty((capacity, n))
    out_pay = np.empty((capacity, 2))
    out_reg = np.empty(capacity)
    degenerate = np.zeros(count_games, np.bool_)
    reg = np.empty(2)
    total = 0
    start = 0       # first game of the current block
    done = 0        # games of the current block already matched
    count = 0
    while start < count_games:
        if done == 0:   # a new block: unit payoffs and vertices
            count = min(BLOCK, count_games - start)
            if not _unit_block(row, column, start, count, unit_given, ua, ub, low, span):
                return (out_game[:0].copy(), out_x[:0].copy(), out_y[:0].copy(),
                        out_pay[:0].copy(), out_reg[:0].copy(), degenerate, 1)
            for i in range(m):
                for j in range(n):
                    for g in range(count):
                        a[i, j, g] = 1.0 + ua[i, j, g]
                        b[i, j, g] = 1.0 + ub[i, j, g]
            _block_vertices(a, b, count, rows, cols, sizes, free_x, free_y, label_tol, zx, zy,
                            ok_x, ok_y, labels_x, labels_y, sums)
        if total + pairs * pairs > out_game.size:   # room for any game (outside the loop below)
            grown = 2 * out_game.size + pairs * pairs
            new_game = np.empty(grown, np.int64)
            new_game[:total] = out_game[:total]
            out_game = new_game
            new_x = np.empty((grown, m))
            new_x[:total] = out_x[:total]
            out_x = new_x
            new_y = np.empty((grown, n))
            new_y[:total] = out_y[:total]
            out_y = new_y
            new_pay = np.empty((grown, 2))
            new_pay[:total] = out_pay[:total]
            out_pay = new_pay
            new_reg = np.empty(grown)
            new_reg[:total] = out_reg[:total]
            out_reg = new_reg
        for g in range(done, count):
            if total + pairs * pairs > out_game.size:
                break
            done = g + 1
            surplus = False
            for p in range(pairs):
                if (ok_x[p, g] and popcount(labels_x[p, g]) > m) or (
                        ok_y[p, g] and popcount(labels_y[p, g]) > n):
                    surplus = True
                    break
            degenerate[start + g] = surplus
            first = total
            loaded = False
            for p in range(pairs):
                if not ok_x[p, g]:
                    continue
                t_start = 0 if surplus else p
                t_stop = pairs if surplus else p + 1
                for t in range(t_start, t_stop):
                    if not ok_y[t, g]:
                        continue
                    if surplus and (labels_x[p, g] | labels_y[t, g]) != full:
                        continue
                    if not loaded:
                        for i in range(m):
                            for j in range(n):
                                game_a[i, j] = ua[i, j, g]
                                game_b[i, j] = ub[i, j, g]
                        loaded = True
                    for i in range(m):
                        x[i] = 0.0
                    for q in range(sizes[p]):
                        x[rows[p, q]] = zx[p, q, g]
                    for j in range(n):
                        y[j] = 0.0
                    for q in range(sizes[t]):
                        y[cols[t, q]] = zy[t, q, g]
                    if not _verify(game_a, game_b, x, y, label_tol, limit, out_x[total],
                                   out_y[total], out_pay[total], reg):
                        continue
                    if surplus:   # the same vertex from several supports: keep it once
                        repeated = False
                        for e in range(first, total):
                            same = True
                            for i in range(m):
                                if np.round(out_x[e, i], 9) != np.round(out_x[total, i], 9):
                                    same = False
                            for j in range(n):
                                if np.round(out_y[e, j], 9) != np.round(out_y[total, j], 9):
                                    same = False
                            if same:
                                repeated = True
                                break
                        if repeated:
                            continue
                    out_game[total] = start + g
                    out_reg[total] = max(reg[0], reg[1])
                    out_pay[total, 0] = low[0, g] + span[0, g] * out_pay[total, 0]
                    out_pay[total, 1] = low[1, g] + span[1, g] * out_pay[total, 1]
                    # insertion into the game's sorted run
                    e = total
                    while e > first and _before(out_x[e], out_y[e], out_x[e - 1], out_y[e - 1]):
                        for i in range(m):
                            out_x[e, i], out_x[e - 1, i] = out_x[e - 1, i], out_x[e, i]
                        for j in range(n):
                            out_y[e, j], out_y[e - 1, j] = out_y[e - 1, j], out_y[e, j]
                        for k in range(2):
                            out_pay[e, k], out_pay[e - 1, k] = out_pay[e - 1, k], out_pay[e, k]
                        out_reg[e], out_reg[e - 1] = out_reg[e - 1], out_reg[e]
                        e -= 1
                    total += 1
        if done == count:
            start += count
            done = 0
    return (out_game[:total].copy(), out_x[:total].copy(), out_y[:total].copy(),
            out_pay[:total].copy(), out_reg[:total].copy(), degenerate, 0)


# ------------------------------------------------------------------ Lemke-Howson
@njit(cache=True, error_model="numpy")
def _lex_leaving_row(tableau, column, slack_start, tol, alive):
    rows = tableau.shape[0]
    last = tableau.shape[1] - 1
    best = np.inf
    for r in range(rows):
        e = tableau[r, column]
        if e > PIVOT_TOLERANCE:
            ratio = tableau[r, last] / e
            if ratio < best:
                best = ratio
    if best == np.inf:
        return -1
    count = 0
    chosen = -1
    for r in range(rows):
        e = tableau[r, column]
        alive[r] = e > PIVOT_TOLERANCE and tableau[r, last] / e <= best + tol
        if alive[r]:
            count += 1
            if chosen < 0:
                chosen = r
    k = slack_start
    while count > 1 and k < last:
        low = np.inf
        for r in range(rows):
            if alive[r]:
                value = tableau[r, k] / tableau[r, column]
                if value < low:
                    low = value
        count = 0
        chosen = -1
        for r in range(rows):
            if alive[r]:
                if tableau[r, k] / tableau[r, column] > low + tol:
                    alive[r] = False
                else:
                    count += 1
                    if chosen < 0:
                        chosen = r
        k += 1
    return chosen


@njit(cache=True, error_model="numpy")
def _tableau_pivot(tableau, row, column, buffer):
    rows, cols = tableau.shape
    pivot = tableau[row, column]
    for k in range(cols):
        value = tableau[row, k] / pivot
        buffer[k] = value
        tableau[row, k] = value
    for r in range(rows):
        if r != row:
            factor = tableau[r, column]
            if factor != 0.0:
                for k in range(cols):
                    tableau[r, k] -= factor * buffer[k]


@njit(cache=True, error_model="numpy")
def lemke_howson_path(a, b, label, cap, tol):
    """One Lemke-Howson path on the polytope matrices ``a``, ``b`` (unit payoffs plus one),
    dropping ``label``. Returns ``(x, y, status)``: status 0 if the path ended (x, y
    unnormalised), 1 if a ratio test found no row or the end is the artificial pair, 2 if
    the cap was reached."""
    m, n = a.shape
    width = m + n + 1
    t_p = np.zeros((n, width))   # x_0..x_{m-1}, r_0..r_{n-1} (slacks of B^T x <= 1), rhs
    for j in range(n):
        for i in range(m):
            t_p[j, i] = b[i, j]
        t_p[j, m + j] = 1.0
        t_p[j, width - 1] = 1.0
    t_q = np.zeros((m, width))   # s_0..s_{m-1} (slacks of A y <= 1), y_0..y_{n-1}, rhs
    for i in range(m):
        t_q[i, i] = 1.0
        for j in range(n):
            t_q[i, m + j] = a[i, j]
        t_q[i, width - 1] = 1.0
    basis_p = np.empty(n, np.int64)
    for j in range(n):
        basis_p[j] = m + j
    basis_q = np.empty(m, np.int64)
    for i in range(m):
        basis_q[i] = i
    alive = np.zeros(max(m, n), np.bool_)
    buffer = np.empty(width)
    x = np.zeros(m)
    y = np.zeros(n)
    entering = label
    in_p = label < m
    for _ in range(cap):
        if in_p:
            row = _lex_leaving_row(t_p, entering, m, tol, alive)
            if row < 0:
                return x, y, 1
            _tableau_pivot(t_p, row, entering, buffer)
            leaving = basis_p[row]
            basis_p[row] = entering
        else:
            row = _lex_leaving_row(t_q, entering, 0, tol, alive)
            if row < 0:
                return x, y, 1
            _tableau_pivot(t_q, row, entering, buffer)
            leaving = basis_q[row]
            basis_q[row] = entering
        if leaving == label:
            for r in range(n):
                if basis_p[r] < m:
                    x[basis_p[r]] = max(t_p[r, width - 1], 0.0)
            for r in range(m):
                if basis_q[r] >= m:
                    y[basis_q[r] - m] = max(t_q[r, width - 1], 0.0)
            if x.sum() <= 0.0 or y.sum() <= 0.0:
                return x, y, 1
            return x, y, 0
        entering = leaving
        in_p = not in_p
    return x, y, 2


@njit(cache=True, error_model="numpy")
def lemke_howson(unit_a, unit_b, label, cap, label_tol, limit):
    """:func:`lemke_howson_path` on the unit payoffs, and the verification of its end.
    Returns ``(x, y, payoffs, regrets, status)``: status 0 (verified), 1 (no end), 2 (cap
    reached) or 3 (the end failed the verification)."""
    m, n = unit_a.shape
    a = 1.0 + unit_a
    b = 1.0 + unit_b
    x, y, status = lemke_howson_path(a, b, label, cap, label_tol)
    out_x = np.empty(m)
    out_y = np.empty(n)
    payoffs = np.empty(2)
    regrets = np.empty(2)
    if status == 0 and not _verify(unit_a, unit_b, x, y, label_tol, limit, out_x, out_y,
                                   payoffs, regrets):
        status = 3
    return out_x, out_y, payoffs, regrets, status
