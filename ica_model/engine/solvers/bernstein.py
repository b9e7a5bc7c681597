r"""Real roots of Bernstein polynomials of high degree, isolated without a grid.

A symmetric game's gain of one action over another, when every other player mixes
between them with probability :math:`p`, is a polynomial in Bernstein form

.. math::

    g(p) = \sum_{j=0}^{m} d_j\, B_{j,m}(p), \qquad
    B_{j,m}(p) = \binom{m}{j} p^j (1-p)^{m-j},

whose coefficients :math:`d_j` are the payoff differences when :math:`j` of the other
:math:`m = n - 1` players take the first action. :func:`isolate_roots` returns every
root of :math:`g` in :math:`[0, 1]`:

1. **Exact zeros.** Leading and trailing zero coefficients are roots at 0 and 1 of
   multiplicities :math:`r` and :math:`s`; :math:`h(p) = g(p) / (p^r (1-p)^s)` has the
   same roots inside and none at the ends. All coefficients zero: :math:`g \equiv 0`
   (a continuum).
2. **Descartes' rule of signs in Bernstein form** (the variation-diminishing property:
   Lane and Riesenfeld 1981, "Bounds on a polynomial", *BIT* 21; Mourrain, Rouillier and
   Roy 2005, "The Bernstein basis and real root isolation", *MSRI Publications* 52): the
   number of roots in :math:`(0, 1)` is at most the number :math:`V` of sign changes of
   the coefficients and has its parity. The signs are exact (the difference of two
   floating-point payoffs has the exact sign). :math:`V = 0`: no interior root;
   :math:`V = 1`: exactly one, found by bisection.
3. **Subdivision with certified enclosures** when :math:`V \ge 2`. Each basis
   polynomial is unimodal in :math:`p` (maximum at :math:`j/m`), so on an interval
   :math:`[a, b]` its range is known exactly, and

   .. math::

       h([a, b]) \subseteq \Big[\sum_j d_j^+ \min_{[a,b]} B_j - d_j^- \max_{[a,b]} B_j,\;
                                 \sum_j d_j^+ \max_{[a,b]} B_j - d_j^- \min_{[a,b]} B_j\Big].

   An interval whose enclosure excludes 0 holds no root; one where the enclosure of
   :math:`g'` (Bernstein coefficients :math:`m\,\Delta d_j`) excludes 0 holds exactly one
   root if :math:`h` changes sign between its ends, else none. Other intervals are
   split. Intervals narrower than the floating-point resolution are reported as
   *clusters* (a multiple root, or roots closer than 1e-13): their candidates are
   verified by the caller.

The basis values are computed in log space with Loader's saddle-point formula
(Loader 2000, "Fast and accurate computation of binomial probabilities"), accurate to
about 1e-14 relative in the bulk, where ``gammaln`` differences lose ``1e-16 m log m``
(1e-10 at :math:`m = 10^5`). Each term is summed only over a window of indices outside
which the basis values fall below :math:`e^{-W}` of the largest; the neglected tail is
bounded and added to the enclosure's error margin, together with an estimate of the
rounding error of every term (a conservative multiple of the float epsilon times the
magnitudes involved). With these margins the enclosures are valid, which makes the
isolation *complete* (no root missed) and *sound* (every isolating interval holds one
root), up to that error model. Cost: about :math:`\sqrt{m}` windows of
:math:`O(\sqrt{m})` terms for the exclusions, and :math:`O(\log m)` levels more near
each root.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..._validation import check_real_array

# log_binomial_pmf is the symmetric solver's kernel (unchecked, on its hot path): importable,
# not public
__all__ = ["RootIsolation", "isolate_roots"]

_EPS = float(np.finfo(float).eps)
_LOG_2PI = math.log(2 * math.pi)
#: Budget of intervals examined by one isolation; beyond it the rest become clusters.
MAX_INTERVALS = 200_000


def _stirling_table() -> np.ndarray:
    import mpmath

    with mpmath.workdps(40):
        return np.array([0.0] + [float(mpmath.loggamma(n + 1) - (n + mpmath.mpf(1) / 2)
                                       * mpmath.log(n) + n - mpmath.log(2 * mpmath.pi) / 2)
                                 for n in range(1, 16)])


_STIRLERR = _stirling_table()


def _stirlerr(n: np.ndarray) -> np.ndarray:
    """log(n!) - log(sqrt(2 pi n) (n/e)^n) for integers n >= 1 (Loader 2000); 0 at 0."""
    n = np.asarray(n, dtype=float)
    out = np.empty(n.shape)
    small = n <= 15
    out[small] = _STIRLERR[n[small].astype(int)]
    big = n[~small]
    nn = big * big
    out[~small] = (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * nn)) / nn) / nn) / nn) / big
    return out


def _bd0(x: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Deviance term x log(x / mean) + mean - x (x >= 1, mean > 0), accurate when x is
    close to mean (Loader 2000)."""
    out = x * (np.log(x) - np.log(mean)) + mean - x
    close = np.abs(x - mean) < 0.1 * (x + mean)
    if close.any():
        xc, mc = x[close], mean[close]
        v = (xc - mc) / (xc + mc)
        s = (xc - mc) * v
        ej = 2 * xc * v
        v2 = v * v
        for j in range(1, 11):  # |v| < 0.1: the terms fall by 100 each step
            ej *= v2
            s += ej / (2 * j + 1)
        out[close] = s
    return out


def _log_pmf(j: np.ndarray, n: int, p: np.ndarray, q: np.ndarray, log_p: np.ndarray,
             log_q: np.ndarray, stirling: np.ndarray | None = None) -> np.ndarray:
    """Loader's log binomial probability for integer arrays j in [0, n] and 0 < p < 1
    (q = 1 - p, log_p, log_q given), with ``stirling`` the table of _stirlerr(0..n) (or
    None: computed for the j at hand)."""
    out = np.empty(j.shape)
    first, last = j == 0, j == n
    out[first] = n * log_q[first]
    out[last] = n * log_p[last]
    inner = ~(first | last)
    ji = j[inner]
    jf = ji.astype(float)
    pi, qi = p[inner], q[inner]
    if stirling is None:
        corrections = float(_stirlerr(np.array([n]))[0]) - _stirlerr(ji) - _stirlerr(n - ji)
    else:
        corrections = stirling[n] - stirling[ji] - stirling[n - ji]
    out[inner] = (corrections - _bd0(jf, n * pi)
                  - _bd0(n - jf, n * qi)
                  - 0.5 * (_LOG_2PI + np.log(jf) + np.log1p(-jf / n)))
    return out


def log_binomial_pmf(j: np.ndarray, n: int, p: np.ndarray) -> np.ndarray:
    r""":math:`\log \binom{n}{j} p^j (1-p)^{n-j}`, accurate to about 1e-15 relative.

    Loader's saddle-point expansion (Loader 2000, "Fast and accurate computation of
    binomial probabilities"), the algorithm of R's ``dbinom``; no underflow (``-inf``
    only where the probability is exactly 0).

    Examples
    --------
    >>> float(np.exp(log_binomial_pmf(2, 4, 0.5)))   # 6 / 16
    0.375
    """
    j, p = np.broadcast_arrays(np.asarray(j, dtype=np.int64), np.asarray(p, dtype=float))
    n = int(n)
    out = np.full(j.shape, -np.inf)
    out[(p == 0) & (j == 0)] = 0.0
    out[(p == 1) & (j == n)] = 0.0
    inner = (p > 0) & (p < 1)
    pi = p[inner]
    out[inner] = _log_pmf(j[inner], n, pi, 1.0 - pi, np.log(pi), np.log1p(-pi))
    return out


@dataclass(frozen=True, eq=False)
class _Family:
    """Terms c_j B_{j,M}(t) / (t^r (1-t)^s) for j in [lo, hi] (the nonzero c), for t in
    [0, 1/2] (the roots near 1 are found on the reflected polynomial)."""

    degree: int
    log_coefficients: np.ndarray  # log |c_j|, -inf where c_j = 0; length degree + 1
    signs: np.ndarray  # -1, 0, 1
    lo: int
    hi: int
    r: int
    s: int
    drop: float  # window: basis values below exp(-drop) of the largest are a bounded tail
    stirling: np.ndarray
    log_peak_basis: np.ndarray  # max_t log basis_j(t)
    log_peaks: np.ndarray  # log |c_j| + max_t log basis_j(t)

    @classmethod
    def of(cls, coefficients: np.ndarray, r: int = 0, s: int = 0) -> _Family:
        c = np.asarray(coefficients, dtype=float)
        nonzero = np.flatnonzero(c)
        with np.errstate(divide="ignore"):
            logs = np.log(np.abs(c))
        spread = float(logs[nonzero].max() - logs[nonzero].min())
        degree = len(c) - 1
        family = cls(degree, logs, np.sign(c), int(nonzero[0]), int(nonzero[-1]), r, s,
                     45.0 + math.log(degree + 2) + spread, _stirlerr(np.arange(degree + 1)),
                     np.empty(0), np.empty(0))
        j = np.arange(family.lo, family.hi + 1)
        peaks = np.full(degree + 1, -np.inf)
        peaks[j] = family.log_basis(j, np.clip(family.mode(j), 0.0, 1.0))
        object.__setattr__(family, "log_peak_basis", peaks)
        object.__setattr__(family, "log_peaks", logs + peaks)
        return family

    @property
    def log_max(self) -> float:
        return float(self.log_coefficients[self.lo:self.hi + 1].max())

    def mode(self, j: np.ndarray) -> np.ndarray:
        free = self.degree - self.r - self.s
        return (j - self.r) / free if free > 0 else np.zeros(np.shape(j))

    def log_basis(self, j: np.ndarray, t: np.ndarray) -> np.ndarray:
        """log(B_{j,M}(t) / (t^r (1-t)^s)) for j in [lo, hi], with its limits at 0 and 1."""
        j, t = np.broadcast_arrays(np.asarray(j, dtype=np.int64), np.asarray(t, dtype=float))
        out = np.full(j.shape, -np.inf)
        inner = (t > 0) & (t < 1)
        ti, ji = t[inner], j[inner]
        log_t, log_q = np.log(ti), np.log1p(-ti)
        value = _log_pmf(ji, self.degree, ti, 1.0 - ti, log_t, log_q, self.stirling)
        if self.r:
            value -= self.r * log_t
        if self.s:
            value -= self.s * log_q
        out[inner] = value
        # limits: at 0 only j = r survives (C(M, r)); at 1 only j = M - s
        out[(t == 0) & (j == self.r)] = _log_choose(self.degree, self.r)
        out[(t == 1) & (j == self.degree - self.s)] = _log_choose(self.degree, self.s)
        return out

    def error(self, t: np.ndarray) -> np.ndarray:
        """Bound on the absolute error of any log |c_j| + log_basis(j, t) (rounding in
        Loader's terms, in the shifts and in log |c_j|), per point."""
        with np.errstate(divide="ignore"):
            lt = np.abs(np.log(np.maximum(t, 1e-320)))
        lq = np.abs(np.log1p(-np.minimum(t, 1.0 - 2 * _EPS)))
        magnitude = ((self.degree + 1) * (lt + lq + 2) + self.r * lt + self.s * lq
                     + abs(self.log_max) + 50)
        return 32 * _EPS * magnitude

    def windows(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each point: the index window [lo, hi] outside which every basis value is
        below exp(-drop) times the largest, and that largest log basis value."""
        t = np.asarray(t, dtype=float)
        centre = np.clip(np.floor((self.degree + 1) * t), self.lo, self.hi).astype(np.int64)
        other = np.clip(centre - 1, self.lo, self.hi)
        at_centre, at_other = self.log_basis(centre, t), self.log_basis(other, t)
        top = np.maximum(at_centre, at_other)
        floor_value = top - self.drop
        # log basis is concave in j with curvature about 1 / (M t (1 - t)): start from the
        # Gaussian width and widen until the value at the edge is below the floor
        width = np.ceil(1.25 * np.sqrt(2 * self.drop * (self.degree * t * (1 - t) + 1))) + 2
        edges = []
        for direction in (-1, 1):
            step = width.copy()
            edge = np.clip(centre + direction * step, self.lo, self.hi).astype(np.int64)
            for _ in range(64):
                bound = self.lo if direction < 0 else self.hi
                open_ = (edge != bound) & (self.log_basis(edge, t) >= floor_value)
                if not open_.any():
                    break
                step = np.where(open_, 2 * step, step)
                edge = np.clip(centre + direction * step, self.lo, self.hi).astype(np.int64)
            edges.append(edge)
        return edges[0], edges[1], top

    def tail(self, top: np.ndarray) -> np.ndarray:
        """Log of a bound on the sum of the terms outside a point's window."""
        return math.log(self.degree + 1) + self.log_max + top - self.drop


def _log_choose(n: int, k: int) -> float:
    if k in (0, n):
        return 0.0
    import mpmath

    return float(mpmath.log(mpmath.binomial(n, k)))


def _ragged(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat indices lo[i]..hi[i] for every i, their owner and the segment lengths."""
    lengths = np.maximum(hi - lo + 1, 0)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    owner = np.repeat(np.arange(len(lo)), lengths)
    j = np.arange(int(lengths.sum())) - np.repeat(starts, lengths) + np.repeat(lo, lengths)
    return j, owner, lengths


def _segment_sum(values: np.ndarray, owner: np.ndarray, count: int) -> np.ndarray:
    return np.bincount(owner, weights=values, minlength=count)


def _evaluate(family: _Family, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Value of the family's sum at each point, scaled by a positive factor, and a
    bound on its error in the same scale. The sign is certain where |value| > error."""
    t = np.asarray(t, dtype=float)
    lo, hi, top = family.windows(t)
    j, owner, lengths = _ragged(lo, hi)
    logs = family.log_coefficients[j] + family.log_basis(j, t[owner])
    scale = top + family.log_max
    magnitude = np.exp(logs - scale[owner])
    value = _segment_sum(family.signs[j] * magnitude, owner, len(t))
    total = _segment_sum(magnitude, owner, len(t))
    error = total * (np.expm1(family.error(t)) + (lengths + 1) * _EPS)
    error += np.exp(family.tail(top) - scale)
    return value, error


def _enclose(family: _Family, a: np.ndarray, b: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lower and upper bounds of the family's sum on each [a, b], and the error margin
    (all in a common positive scale per interval).

    Terms in the windows at a and b are bounded exactly (min at an end, max at the
    mode clipped to [a, b]); the other terms whose mode lies in [a, b] by their global
    maximum (and 0 below); all further terms by the tails at a and b."""
    count = len(a)
    lo_a, hi_a, top_a = family.windows(a)
    lo_b, hi_b, top_b = family.windows(b)
    free = family.degree - family.r - family.s
    lo = np.clip(np.minimum(lo_a, np.ceil(family.r + a * free)), family.lo, family.hi)
    hi = np.clip(np.maximum(hi_b, np.floor(family.r + b * free)), family.lo, family.hi)
    lo, hi = lo.astype(np.int64), np.maximum(hi.astype(np.int64), lo.astype(np.int64))
    # exact part: the union of the two windows, split in two when they do not overlap
    overlap = hi_a + 1 >= lo_b
    first_hi = np.where(overlap, np.maximum(hi_a, hi_b), hi_a)
    parts = [(lo_a, first_hi), (np.where(overlap, hi_b + 1, lo_b), np.where(overlap, hi_b, hi_b))]
    exact_lo = np.concatenate([p[0] for p in parts])
    exact_hi = np.concatenate([p[1] for p in parts])
    owner_of_part = np.concatenate([np.arange(count), np.arange(count)])
    j, part, _ = _ragged(exact_lo, exact_hi)
    owner = owner_of_part[part]
    ta, tb = a[owner], b[owner]
    log_c = family.log_coefficients[j]
    # where the windows are apart, a window-a term is negligible at b (and vice versa):
    # its minimum on [a, b] is bounded below by 0 and only its value at a is needed
    joint = overlap[owner]
    need_a = joint | (part < count)
    need_b = joint | (part >= count)
    at_a = np.full(len(j), -np.inf)
    at_b = np.full(len(j), -np.inf)
    at_a[need_a] = family.log_basis(j[need_a], ta[need_a])
    at_b[need_b] = family.log_basis(j[need_b], tb[need_b])
    mode = family.mode(j)
    at_peak = np.where(mode < ta, at_a, np.where(mode > tb, at_b, family.log_peak_basis[j]))
    at_peak = np.maximum(at_peak, np.maximum(at_a, at_b))
    high_log = log_c + at_peak
    low_log = log_c + np.minimum(at_a, at_b)
    # peak part: every index of [lo, hi] (exact ones are counted twice in the peak sum:
    # subtract them below)
    k, owner_k, lengths = _ragged(lo, hi)
    peak_log = family.log_peaks[k]
    scale = np.full(count, -np.inf)
    filled = lengths > 0
    if len(k):
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        scale[filled] = np.maximum.reduceat(peak_log, starts[filled])
    exact_scale = np.full(count, -np.inf)
    np.maximum.at(exact_scale, owner, np.where(np.isfinite(high_log), high_log, -np.inf))
    scale = np.maximum(scale, exact_scale)
    scale = np.where(np.isfinite(scale), scale, 0.0)
    error = np.maximum(family.error(a), family.error(b))
    grow, shrink = np.exp(error), np.exp(-error)
    inside = (j >= lo[owner]) & (j <= hi[owner])
    high = np.exp(high_log - scale[owner]) * grow[owner]
    low = np.exp(low_log - scale[owner]) * shrink[owner]
    peak = np.exp(peak_log - scale[owner_k]) * grow[owner_k]
    signs_k, signs_j = family.signs[k], family.signs[j]
    # the peak bound for every index in [lo, hi], then the exact windows replace theirs
    peak_exact = np.where(inside, np.exp(family.log_peaks[j] - scale[owner]) * grow[owner], 0.0)
    upper = (_segment_sum(np.where(signs_k > 0, peak, 0.0), owner_k, count)
             - _segment_sum(np.where(signs_j > 0, peak_exact, 0.0), owner, count)
             + _segment_sum(np.where(signs_j > 0, high, 0.0) - np.where(signs_j < 0, low, 0.0),
                            owner, count))
    lower = (-_segment_sum(np.where(signs_k < 0, peak, 0.0), owner_k, count)
             + _segment_sum(np.where(signs_j < 0, peak_exact, 0.0), owner, count)
             + _segment_sum(np.where(signs_j > 0, low, 0.0) - np.where(signs_j < 0, high, 0.0),
                            owner, count))
    total = _segment_sum(peak, owner_k, count) + _segment_sum(high, owner, count)
    margin = (lengths + 2 * np.bincount(owner, minlength=count) + 4) * 4 * _EPS * total
    margin += np.exp(family.tail(top_a) - scale) + np.exp(family.tail(top_b) - scale)
    return lower, upper, margin


@dataclass(frozen=True)
class RootIsolation:
    """The roots of a Bernstein polynomial in [0, 1].

    Attributes
    ----------
    roots : tuple of (float, float)
        Each isolated interior root as ``(p, 1 - p)`` (both computed to full relative
        precision, so roots near 1 keep their distance to 1).
    intervals : tuple of (float, float)
        An interval ``[lo, hi]`` around each root in ``roots`` holding exactly that root
        (a sign change of a strictly monotone polynomial).
    clusters : tuple of (float, float)
        Intervals narrower than floating-point resolution (or left when the budget ran
        out) where the roots could not be separated: a root of even multiplicity or a
        cluster. Callers check candidates inside them.
    candidates : tuple of (float, float)
        Points ``(p, 1 - p)`` in the clusters: every sign change found on a fine sample
        (refined by bisection), or the sampled point of smallest ``|g|``.
    at_zero, at_one : int
        Multiplicity of the root at 0 and at 1 (leading and trailing zero coefficients).
    identically_zero : bool
        All coefficients are 0: every point is a root.
    complete : bool
        False only when the interval budget :data:`MAX_INTERVALS` ran out.
    """

    roots: tuple[tuple[float, float], ...]
    intervals: tuple[tuple[float, float], ...]
    clusters: tuple[tuple[float, float], ...]
    candidates: tuple[tuple[float, float], ...]
    at_zero: int
    at_one: int
    identically_zero: bool
    complete: bool = True


def _sign_changes(coefficients: np.ndarray) -> int:
    signs = np.sign(coefficients[coefficients != 0])
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


class _Half:
    """The polynomial on [0, 1/2] in t = p (left) or t = 1 - p (right, reflected)."""

    def __init__(self, coefficients: np.ndarray, r: int, s: int) -> None:
        self.values = _Family.of(coefficients, r, s)
        m = len(coefficients) - 1
        derivative = m * np.diff(coefficients) if m >= 1 else np.zeros(1)
        self.slope = _Family.of(derivative) if np.any(derivative) else None

    def signs(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sign of h at each t (0 where uncertain) and the computed value."""
        value, error = _evaluate(self.values, t)
        return np.where(np.abs(value) > error, np.sign(value), 0.0), value


def _bisect(half: _Half, a: np.ndarray, b: np.ndarray, sign_a: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Shrink [a, b] around the sign change of h (computed signs) to adjacent floats."""
    a, b = a.copy(), b.copy()
    for _ in range(200):
        geometric = (a > 0) & (b > 4 * a)
        middle = np.where(geometric, np.sqrt(a * b), a + (b - a) / 2)
        active = (middle > a) & (middle < b)
        if not active.any():
            break
        _, value = half.signs(middle[active])
        same = np.sign(value) == sign_a[active]
        index = np.flatnonzero(active)
        a[index[same]] = middle[active][same]
        b[index[~same]] = middle[active][~same]
    return a, b


def _split_points(half: _Half, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A point inside each (a, b) where the sign of h is certain (NaN if none found)."""
    chosen = np.full(len(a), np.nan)
    signs = np.zeros(len(a))
    for fraction in (0.5, 0.3125, 0.6875, 0.125, 0.875):
        todo = np.isnan(chosen)
        if not todo.any():
            break
        aa, bb = a[todo], b[todo]
        geometric = (aa > 0) & (bb > 4 * aa)
        candidate = np.where(aa == 0, bb / 16.0 if fraction == 0.5 else bb * fraction / 8,
                             np.where(geometric, aa * (bb / np.where(aa > 0, aa, 1.0)) ** fraction,
                                      aa + (bb - aa) * fraction))
        valid = (candidate > aa) & (candidate < bb)
        sign, _ = half.signs(np.where(valid, candidate, bb))
        good = valid & (sign != 0)
        index = np.flatnonzero(todo)[good]
        chosen[index] = candidate[good]
        signs[index] = sign[good]
    return chosen, signs


def _isolate_half(half: _Half, end: float, end_sign: float, budget: list[int]
                  ) -> tuple[list[tuple[float, float]], list[tuple[float, float]], bool]:
    """Isolating intervals and clusters of the roots of h in (0, end]."""
    zero_sign = float(half.values.signs[half.values.lo])
    a = np.array([0.0])
    b = np.array([end])
    sa, sb = np.array([zero_sign]), np.array([end_sign])
    isolated: list[tuple[float, float]] = []
    clusters: list[tuple[float, float]] = []
    complete = True
    while len(a):
        budget[0] += len(a)
        if budget[0] > MAX_INTERVALS:
            clusters.extend(zip(a.tolist(), b.tolist(), strict=True))
            complete = False
            break
        lower, upper, margin = _enclose(half.values, a, b)
        keep = ~((lower > margin) | (upper < -margin))
        a, b, sa, sb = a[keep], b[keep], sa[keep], sb[keep]
        if not len(a):
            break
        monotone = np.zeros(len(a), dtype=bool)
        if half.slope is not None:
            inner = a > 0
            if inner.any():
                low_d, up_d, margin_d = _enclose(half.slope, a[inner], b[inner])
                monotone[inner] = (low_d > margin_d) | (up_d < -margin_d)
        else:
            monotone[:] = True  # constant h: no root unless identically zero (excluded)
        resolved = monotone & (sa != 0) & (sb != 0)
        for lo, hi in zip(a[resolved & (sa != sb)], b[resolved & (sa != sb)], strict=True):
            isolated.append((float(lo), float(hi)))
        a, b, sa, sb = a[~resolved], b[~resolved], sa[~resolved], sb[~resolved]
        narrow = (b - a) <= 64 * _EPS * np.maximum(b, 1e-300)
        clusters.extend(zip(a[narrow].tolist(), b[narrow].tolist(), strict=True))
        a, b, sa, sb = a[~narrow], b[~narrow], sa[~narrow], sb[~narrow]
        if not len(a):
            break
        middle, sm = _split_points(half, a, b)
        stuck = np.isnan(middle)
        clusters.extend(zip(a[stuck].tolist(), b[stuck].tolist(), strict=True))
        a, b, sa, sb, middle, sm = (x[~stuck] for x in (a, b, sa, sb, middle, sm))
        a, b = np.concatenate([a, middle]), np.concatenate([middle, b])
        sa, sb = np.concatenate([sa, sm]), np.concatenate([sm, sb])
    return isolated, clusters, complete


def _merge(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _cluster_candidates(half: _Half, lo: float, hi: float) -> list[float]:
    """Points in a cluster where h changes sign (refined by bisection), or, if it does
    not, the sampled point of smallest |h| (a root of even multiplicity)."""
    points = np.unique(np.clip(np.linspace(lo, hi, 257), 0.0, None))
    _, value = half.signs(points)
    changes = np.flatnonzero(np.sign(value[:-1]) * np.sign(value[1:]) < 0)
    exact = np.flatnonzero(value == 0)
    found = [float(points[i]) for i in exact]
    if len(changes):
        a, b = _bisect(half, points[changes], points[changes + 1], np.sign(value[changes]))
        found.extend(float(x) for x in (a + b) / 2)
    if not found:
        found.append(float(points[int(np.argmin(np.abs(value)))]))
    return sorted(set(found))


def isolate_roots(coefficients: np.ndarray) -> RootIsolation:
    r"""Every root in :math:`[0, 1]` of :math:`\sum_j d_j B_{j,m}(p)`.

    Parameters
    ----------
    coefficients : array_like, shape (m + 1,)
        The Bernstein coefficients :math:`d_0, \dots, d_m` (finite).

    Returns
    -------
    RootIsolation

    Examples
    --------
    :math:`(p - 1/4)(p - 3/4)` has Bernstein coefficients :math:`3/16, -5/16, 3/16`:

    >>> result = isolate_roots([3 / 16, -5 / 16, 3 / 16])
    >>> [round(p, 12) for p, _ in result.roots]
    [0.25, 0.75]

    A threshold public good of 200 players (threshold 50, benefit 2, cost 1): the gain of
    contributing is :math:`2 B_{49,199}(p) - 1 < 0` everywhere, so no interior root:

    >>> d = np.full(200, -1.0); d[49] = 1.0
    >>> isolate_roots(d).roots
    ()
    """
    d = coefficients if isinstance(coefficients, np.ndarray) and coefficients.dtype == float \
        else check_real_array("coefficients", coefficients, booleans=False)   # the solver's: as is
    if d.ndim != 1 or len(d) < 1:
        raise ValueError(f"coefficients must be a 1-d array with at least one entry, got shape "
                         f"{d.shape}")
    if not np.all(np.isfinite(d)):
        raise ValueError("coefficients must be finite")
    nonzero = np.flatnonzero(d)
    if len(nonzero) == 0:
        return RootIsolation((), (), (), (), 0, 0, True)
    m = len(d) - 1
    r, s = int(nonzero[0]), int(m - nonzero[-1])
    if _sign_changes(d) == 0:
        return RootIsolation((), (), (), (), r, s, False)
    left, right = _Half(d, r, s), _Half(d[::-1].copy(), s, r)
    # split point near 1/2 where the sign is certain
    middle = np.nan
    for candidate in (0.5, 0.5 - 2.0**-7, 0.5 + 2.0**-7, 0.5 - 2.0**-5, 0.5 + 2.0**-5,
                      0.5 - 2.0**-3, 0.5 + 2.0**-3):
        sign, _ = left.signs(np.array([candidate]))
        if sign[0] != 0:
            middle, middle_sign = candidate, float(sign[0])
            break
    if np.isnan(middle):
        middle, middle_sign = 0.5, 0.0
    if _sign_changes(d) == 1 and middle_sign != 0:
        # exactly one simple root (Descartes): bisect in the half where the sign changes
        zero_sign = float(np.sign(d[r]))
        half, reflected = (left, False) if zero_sign != middle_sign else (right, True)
        start = float(half.values.signs[half.values.lo])
        a, b = _bisect(half, np.array([0.0]), np.array([middle if not reflected else 1 - middle]),
                       np.array([start]))
        t = float((a[0] + b[0]) / 2)
        root = (1.0 - t, t) if reflected else (t, 1.0 - t)
        interval = (0.0, float(middle)) if not reflected else (float(middle), 1.0)
        return RootIsolation((root,), (interval,), (), (), r, s, False)
    budget = [0]
    roots: list[tuple[float, float]] = []
    intervals: list[tuple[float, float]] = []
    clusters: list[tuple[float, float]] = []
    candidates: list[tuple[float, float]] = []
    complete = True
    for half, end, reflected in ((left, middle, False), (right, 1.0 - middle, True)):
        if middle_sign == 0:
            end_sign = 0.0
        else:
            end_sign = middle_sign
        found, stuck, done = _isolate_half(half, end, end_sign, budget)
        complete &= done
        if found:
            lo = np.array([f[0] for f in found])
            hi = np.array([f[1] for f in found])
            sign_lo, _ = half.signs(lo)
            sign_lo = np.where(lo == 0, float(half.values.signs[half.values.lo]), sign_lo)
            a, b = _bisect(half, lo, hi, sign_lo)
            for t, lo_t, hi_t in zip(((a + b) / 2).tolist(), lo.tolist(), hi.tolist(), strict=True):
                roots.append((1.0 - t, t) if reflected else (t, 1.0 - t))
                intervals.append((1.0 - hi_t, 1.0 - lo_t) if reflected else (lo_t, hi_t))
        for lo_t, hi_t in _merge(stuck):
            clusters.append((1.0 - hi_t, 1.0 - lo_t) if reflected else (lo_t, hi_t))
            for t in _cluster_candidates(half, lo_t, hi_t):
                candidates.append((1.0 - t, t) if reflected else (t, 1.0 - t))
    order = np.argsort([p for p, _ in roots])
    return RootIsolation(tuple(roots[i] for i in order), tuple(intervals[i] for i in order),
                         tuple(clusters), tuple(candidates), r, s, False, complete)
