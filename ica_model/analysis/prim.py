r"""Scenario discovery by PRIM: boxes of a few parameter ranges where an outcome holds.

The Patient Rule Induction Method (Friedman & Fisher 1999, "Bump hunting in
high-dimensional data", *Statistics and Computing* 9: 123-143), as used for scenario
discovery by Bryant & Lempert (2010, "Thinking inside the box", *Technological
Forecasting and Social Change* 77: 34-49). Given points :math:`x_1, \dots, x_N` (rows of
a table of parameter values) and a boolean outcome :math:`y_i`, a *box*
:math:`B = \prod_j [l_j, u_j]` is scored by

.. math::

    \text{coverage}(B) = \frac{\sum_i y_i [x_i \in B]}{\sum_i y_i}, \qquad
    \text{density}(B) = \frac{\sum_i y_i [x_i \in B]}{\sum_i [x_i \in B]}, \qquad
    \text{mass}(B) = \frac{\sum_i [x_i \in B]}{N}.

**Peeling.** Start from the box of all points. At each step, for every parameter
:math:`j` and each side, the candidate peel removes the points of the box below the
:math:`\alpha`-quantile (or above the :math:`1-\alpha`-quantile) of :math:`x_{\cdot j}`
inside the box (the quantile read at a data point, so every limit is a value of the
data); the peel whose remaining box has the highest density is taken. Peeling stops
when the next box's mass would fall below ``min_mass`` or no peel removes a point.
Each box along the way is recorded: the *peeling trajectory* of (coverage, density, box).

**Choosing a box.** Bryant & Lempert (2010) let the analyst pick a box on the trajectory's
coverage-density trade-off. Automated here: by default (``threshold=None``) the box that
maximises the harmonic mean of coverage and density,
:math:`2\,c\,d/(c + d)` (this module's choice, so the rule adapts to a claim's base
share); with a number, the box of highest coverage among those of density at least
``threshold`` (the EMA Workbench's ``threshold`` convention), or the densest box if none
reaches it.

**At most** ``max_dims`` **parameters.** If the chosen box restricts more parameters, the
``max_dims`` parameters it restricts most (largest share of their range in the data
removed) are kept and the peel is rerun on those alone (Bryant & Lempert 2010, sec. 3,
favour boxes of few parameters for interpretability).

**Pasting** (optional, Friedman & Fisher 1999, sec. 5). From the chosen box, each
restricted side is widened in turn by the :math:`\alpha` share of the box's points the
widening would add; the widening that raises density most is taken while density rises.

This is an implementation of the method, not of a library's variant: the EMA Workbench
(Kwakkel 2017) uses the same peel with a different default objective (its ``lenient1``
divides the density gain by the mass removed); the tests compare the two on a known box.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validation import check_bool, check_real
from ._table import as_matrix, as_outcome

__all__ = ["Box", "PrimResult", "prim"]


@dataclass(frozen=True)
class Box:
    """A box of parameter ranges and how well it describes where an outcome holds.

    Attributes
    ----------
    ranges : tuple of (str, float, float)
        The restricted parameters with their lower and upper limits (inclusive); every other
        parameter is unrestricted.
    coverage : float
        Share of the points where the outcome holds that lie in the box.
    density : float
        Share of the points in the box where the outcome holds.
    mass : float
        Share of all points that lie in the box.
    n : int
        Points in the box.
    """

    ranges: tuple[tuple[str, float, float], ...]
    coverage: float
    density: float
    mass: float
    n: int

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The restricted parameters."""
        return tuple(name for name, _, _ in self.ranges)

    def contains(self, table: Any) -> np.ndarray:
        """Whether each row of ``table`` (DataFrame or dict of arrays) lies in the box."""
        columns, matrix = as_matrix(table)
        inside = np.ones(matrix.shape[0], dtype=bool)
        for name, low, high in self.ranges:
            if name not in columns:
                raise ValueError(f"table has no column {name!r}; the box restricts it")
            values = matrix[:, columns.index(name)]
            inside &= (values >= low) & (values <= high)
        return inside


@dataclass(frozen=True)
class PrimResult:
    """The chosen box and the peeling trajectory it was chosen from.

    Attributes
    ----------
    box : Box
    trajectory : tuple of Box
        Every box of the (final) peel, from the box of all points to the last peel.
    """

    box: Box
    trajectory: tuple[Box, ...]


def _box(columns: tuple[str, ...], x: np.ndarray, y: np.ndarray, low: np.ndarray,
         high: np.ndarray, full_low: np.ndarray, full_high: np.ndarray) -> Box:
    inside = np.all((x >= low) & (x <= high), axis=1)
    n = int(inside.sum())
    hits = int(y[inside].sum())
    restricted = (low > full_low) | (high < full_high)
    ranges = tuple((columns[j], float(low[j]), float(high[j]))
                   for j in np.flatnonzero(restricted))
    return Box(ranges, hits / max(int(y.sum()), 1), hits / max(n, 1), n / len(y), n)


def _peel(x: np.ndarray, y: np.ndarray, dims: np.ndarray, alpha: float, min_mass: float
          ) -> list[tuple[np.ndarray, np.ndarray]]:
    """The peeling trajectory as (low, high) limits, restricted to ``dims``."""
    low, high = x.min(axis=0), x.max(axis=0)
    inside = np.ones(len(y), dtype=bool)
    trajectory = [(low.copy(), high.copy())]
    min_points = max(int(np.ceil(min_mass * len(y))), 1)
    while True:
        best: tuple[float, int, int, float] | None = None   # density, dim, side, limit
        for j in dims:
            values = x[inside, j]
            for side, limit in ((0, np.quantile(values, alpha, method="higher")),
                                (1, np.quantile(values, 1.0 - alpha, method="lower"))):
                keep = values >= limit if side == 0 else values <= limit
                kept = int(keep.sum())
                if kept == len(values) or kept < min_points:
                    continue
                density = float(y[inside][keep].mean())
                if best is None or density > best[0]:
                    best = (density, int(j), side, float(limit))
        if best is None:
            return trajectory
        _, j, side, limit = best
        if side == 0:
            low[j] = limit
        else:
            high[j] = limit
        inside &= (x[:, j] >= low[j]) & (x[:, j] <= high[j])
        trajectory.append((low.copy(), high.copy()))


def _paste(x: np.ndarray, y: np.ndarray, low: np.ndarray, high: np.ndarray,
           dims: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Widen restricted sides while the box's density rises (Friedman & Fisher 1999, sec. 5)."""
    full_low, full_high = x.min(axis=0), x.max(axis=0)
    while True:
        inside = np.all((x >= low) & (x <= high), axis=1)
        density = y[inside].mean()
        step = max(int(np.ceil(alpha * inside.sum())), 1)
        best: tuple[float, int, int, float] | None = None
        for j in dims:
            others = np.all(np.delete((x >= low) & (x <= high), j, axis=1), axis=1)
            for side in (0, 1):
                if (low[j] <= full_low[j]) if side == 0 else (high[j] >= full_high[j]):
                    continue
                outside = x[others & ((x[:, j] < low[j]) if side == 0 else (x[:, j] > high[j])), j]
                if outside.size == 0:
                    continue
                ordered = np.sort(outside)[::-1] if side == 0 else np.sort(outside)
                limit = float(ordered[min(step, ordered.size) - 1])
                widened = others & ((x[:, j] >= limit) & (x[:, j] <= high[j]) if side == 0
                                    else (x[:, j] >= low[j]) & (x[:, j] <= limit))
                gain = float(y[widened].mean())
                if gain > density and (best is None or gain > best[0]):
                    best = (gain, int(j), side, limit)
        if best is None:
            return low, high
        _, j, side, limit = best
        low, high = low.copy(), high.copy()
        if side == 0:
            low[j] = limit
        else:
            high[j] = limit


def _choose(boxes: list[Box], threshold: float | None) -> int:
    if threshold is None:
        return max(range(len(boxes)), key=lambda k: (
            2 * boxes[k].coverage * boxes[k].density
            / max(boxes[k].coverage + boxes[k].density, 1e-300), boxes[k].density))
    dense = [k for k, box in enumerate(boxes) if box.density >= threshold]
    if dense:
        return max(dense, key=lambda k: (boxes[k].coverage, boxes[k].density))
    return max(range(len(boxes)), key=lambda k: (boxes[k].density, boxes[k].coverage))


def _check(alpha: float, max_dims: int, min_mass: float, threshold: float | None) -> None:
    check_real("alpha", alpha)
    check_real("min_mass", min_mass)
    if threshold is not None:
        check_real("threshold", threshold)
    if not 0.0 < alpha < 0.5:
        raise ValueError(f"alpha must be in (0, 0.5), got {alpha!r}")
    if isinstance(max_dims, bool) or not isinstance(max_dims, int | np.integer) or max_dims < 1:
        raise ValueError(f"max_dims must be an integer >= 1, got {max_dims!r}")
    if not 0.0 < min_mass < 1.0:
        raise ValueError(f"min_mass must be in (0, 1), got {min_mass!r}")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be in [0, 1], got {threshold!r}")


def prim(table: Any, outcome: Any, alpha: float = 0.05, max_dims: int = 3,
         min_mass: float = 0.05, threshold: float | None = None, paste: bool = False) -> PrimResult:
    r"""The PRIM box of at most ``max_dims`` parameters where ``outcome`` holds.

    Parameters
    ----------
    table : pandas.DataFrame or dict of str to array
        One row per point, one column per parameter (finite numbers).
    outcome : array of bool
        Whether the outcome holds at each row.
    alpha : float
        Share of the box's points removed by one peel, in (0, 0.5).
    max_dims : int
        Most parameters the box may restrict (>= 1).
    min_mass : float
        Smallest share of all points a box may hold, in (0, 1).
    threshold : float or None
        None: the box of the trajectory maximising the harmonic mean of coverage and
        density. A number in [0, 1]: the box of highest coverage among those of at least
        this density (else the densest box).
    paste : bool
        Whether to paste after peeling.

    Returns
    -------
    PrimResult
        The chosen box and the trajectory of the final peel.

    Raises
    ------
    TypeError, ValueError
        Naming the argument that is malformed or out of range.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).uniform(size=(2000, 3))
    >>> result = prim({"a": x[:, 0], "b": x[:, 1], "c": x[:, 2]}, x[:, 0] > 0.7)
    >>> result.box.dimensions, round(result.box.density, 2)
    (('a',), 1.0)
    """
    _check(alpha, max_dims, min_mass, threshold)
    paste = check_bool("paste", paste)
    columns, x = as_matrix(table)
    y = as_outcome(outcome, x.shape[0], "outcome", boolean=True).astype(float)
    full_low, full_high = x.min(axis=0), x.max(axis=0)

    def run(dims: np.ndarray) -> tuple[list[Box], int, list[tuple[np.ndarray, np.ndarray]]]:
        limits = _peel(x, y, dims, alpha, min_mass)
        boxes = [_box(columns, x, y, low, high, full_low, full_high) for low, high in limits]
        return boxes, _choose(boxes, threshold), limits

    boxes, chosen, limits = run(np.arange(x.shape[1]))
    low, high = limits[chosen]
    span = np.where(full_high > full_low, full_high - full_low, 1.0)
    removed = ((low - full_low) + (full_high - high)) / span
    if np.count_nonzero(removed) > max_dims:
        dims = np.sort(np.argsort(-removed, kind="stable")[:max_dims])
        boxes, chosen, limits = run(dims)
        low, high = limits[chosen]
    else:
        dims = np.flatnonzero(removed)
    if paste and dims.size:
        low, high = _paste(x, y, low, high, dims, alpha)
        return PrimResult(_box(columns, x, y, low, high, full_low, full_high), tuple(boxes))
    return PrimResult(boxes[chosen], tuple(boxes))
