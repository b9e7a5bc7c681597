r"""Shapley effects on the fact-consistent region: sensitivity valid for correlated inputs.

The accepted draws of a calibration (:mod:`ica_model.analysis.calibration`) are not
independent: the facts tie parameters together, so Sobol indices, which assume independent
inputs, do not apportion the variance of an output over them. Shapley effects do (Owen
2014, "Sobol' indices and Shapley value", *SIAM/ASA JUQ* 2: 245-251; Song, Nelson & Staum
2016, "Shapley effects for global sensitivity analysis: theory and computation", *SIAM/ASA
JUQ* 4: 1060-1083): with inputs (or groups of inputs) :math:`D = \{1, \dots, d\}` and the
cost of a set :math:`u \subseteq D`

.. math::

    c(u) = \mathbb{E}\,[\operatorname{Var}(Y \mid X_{D \setminus u})], \qquad
    c(\varnothing) = 0, \quad c(D) = \operatorname{Var} Y,

the Shapley effect of input :math:`i` is its Shapley value in the game :math:`c`,
normalised by the variance,

.. math::

    \mathrm{Sh}_i = \frac{1}{d\,\operatorname{Var} Y} \sum_{u \subseteq D \setminus \{i\}}
    \binom{d - 1}{|u|}^{-1} \bigl(c(u \cup \{i\}) - c(u)\bigr),

so :math:`\mathrm{Sh}_i \ge 0` and :math:`\sum_i \mathrm{Sh}_i = 1` whatever the
dependence (Song, Nelson & Staum 2016, thm. 1; Iooss & Prieur 2019, "Shapley effects for
sensitivity analysis with correlated inputs", *IJUQ* 9: 493-514).

**Given-data estimate** (Broto, Bachoc & Depecker 2020, "Variance reduction for estimation
of Shapley effects and adaptation to unknown input distribution", *SIAM/ASA JUQ* 8:
693-716, sec. 6). No model run is needed: for each set :math:`u`, the conditional variance
given :math:`X_{D \setminus u}` at a point is estimated by the sample variance of the
output over its ``neighbours`` nearest points in the coordinates :math:`D \setminus u`
(each coordinate scaled by its standard deviation; the point itself included), and
:math:`c(u)` by the mean over ``queries`` points drawn without replacement by ``rng``.
Every set is evaluated (:math:`2^d - 2` nearest-neighbour searches with
:class:`scipy.spatial.cKDTree`), so :math:`d` is bounded by :data:`MAX_INPUTS`; groups of
columns (an actor attribute's columns) count as one input. The estimate converges as the
number of points grows with ``neighbours`` fixed (Broto et al. 2020, thm. 6.6); its bias
comes from the neighbours' spread in the conditioning coordinates and shrinks with more
points.

**Inputs left out.** With ``unexplained=True`` the cost of the empty set is estimated too,
:math:`c(\varnothing) = \mathbb{E}[\operatorname{Var}(Y \mid X_D)]`, the variance that the
listed inputs leave unexplained (by inputs not listed, or noise). The effects are then those
of :math:`\mathbb{E}[Y \mid X_D]` (costs :math:`c(u) - c(\varnothing)`), still divided by
:math:`\operatorname{Var} Y`, and sum to :math:`1 - c(\varnothing) / \operatorname{Var} Y`;
with ``unexplained=False`` :math:`c(\varnothing) = 0` (the output is a function of the
listed inputs).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from math import comb
from typing import Any

import numpy as np
from scipy.spatial import cKDTree

from .._validation import check_bool, generator_of
from ._table import as_matrix, as_outcome

__all__ = ["MAX_INPUTS", "ShapleyEffects", "shapley_effects"]

#: Most inputs (or groups) whose every subset is evaluated (2^12 - 2 = 4094 searches).
MAX_INPUTS = 12


@dataclass(frozen=True)
class ShapleyEffects:
    """Shapley effects of the inputs on an output's variance.

    Attributes
    ----------
    names : tuple of str
        The inputs (or groups of columns).
    effects : tuple of float
        Each input's share of :math:`\\operatorname{Var} Y` (they sum to 1).
    variance : float
        :math:`\\operatorname{Var} Y` (population variance over the points).
    n : int
        Points the effects were estimated from.
    neighbours, queries : int
        Nearest neighbours per conditional variance and points averaged per set.
    unexplained : float
        :math:`\\mathbb{E}[\\operatorname{Var}(Y \\mid X_D)] / \\operatorname{Var} Y`, the share
        the inputs leave unexplained (0 unless estimated).
    """

    names: tuple[str, ...]
    effects: tuple[float, ...]
    variance: float
    n: int
    neighbours: int
    queries: int
    unexplained: float = 0.0

    def as_dict(self) -> dict[str, float]:
        """Input name to its effect."""
        return dict(zip(self.names, self.effects, strict=True))


def _groups(columns: tuple[str, ...], groups: Mapping[str, Sequence[str]] | None
            ) -> tuple[tuple[str, ...], list[np.ndarray]]:
    if groups is None:
        return columns, [np.array([j]) for j in range(len(columns))]
    if not isinstance(groups, Mapping) or not groups:
        raise ValueError("groups must be a non-empty mapping of name to column names")
    members: list[np.ndarray] = []
    seen: set[str] = set()
    for name, group in groups.items():
        if isinstance(group, str) or not group:
            raise ValueError(f"groups[{name!r}] must be a non-empty list of column names")
        missing = [column for column in group if column not in columns]
        if missing:
            raise ValueError(f"groups[{name!r}] names columns {missing} the table lacks")
        if seen & set(group):
            raise ValueError(f"groups[{name!r}] repeats columns of another group")
        seen |= set(group)
        members.append(np.array([columns.index(column) for column in group]))
    return tuple(str(name) for name in groups), members


def _check(inputs: int, neighbours: int, queries: int | None, rows: int) -> None:
    if inputs > MAX_INPUTS:
        raise ValueError(f"{inputs} inputs: at most MAX_INPUTS = {MAX_INPUTS} (every subset is "
                         "evaluated); group columns with groups=")
    if isinstance(neighbours, bool) or not isinstance(neighbours, int | np.integer) \
            or not 2 <= neighbours <= rows:
        raise ValueError(f"neighbours must be an integer in [2, {rows}] (the number of "
                         f"points), got {neighbours!r}")
    if queries is not None and (isinstance(queries, bool)
                                or not isinstance(queries, int | np.integer) or queries < 1):
        raise ValueError(f"queries must be a positive integer or None, got {queries!r}")


def _cost(scaled: np.ndarray, y: np.ndarray, conditioning: np.ndarray, rows: np.ndarray,
          neighbours: int) -> float:
    """:math:`\\mathbb{E}[\\operatorname{Var}(Y \\mid X_{conditioning})]` by nearest neighbours."""
    points = scaled[:, conditioning]
    _, index = cKDTree(points).query(points[rows], k=neighbours)
    return float(np.var(y[index], axis=1, ddof=1).mean())


def shapley_effects(table: Any, output: Any, groups: Mapping[str, Sequence[str]] | None = None,
                    neighbours: int = 3, queries: int | None = 2000,
                    rng: int | np.random.Generator = 0, unexplained: bool = False
                    ) -> ShapleyEffects:
    r"""Shapley effects of the table's columns (or groups) on ``output``, from given data.

    Parameters
    ----------
    table : pandas.DataFrame or dict of str to array
        One row per point (e.g. the accepted draws of a calibration), one column per input.
    output : array
        The output at each row: a number, or a claim's indicator (booleans count as 0/1).
    groups : mapping of str to list of str, optional
        Inputs made of several columns (each column in at most one group; columns in no
        group are left out). Default: each column is an input.
    neighbours : int
        Nearest neighbours per conditional variance, in [2, number of points].
    queries : int or None
        Points averaged per set (drawn by ``rng``); None or more than the points: all.
    rng : int or numpy.random.Generator
    unexplained : bool
        Estimate the variance the inputs leave unexplained (see the module's notes) instead
        of taking it as 0.

    Returns
    -------
    ShapleyEffects

    Raises
    ------
    TypeError, ValueError
        Naming the argument that is malformed or out of range; a ValueError if the output
        does not vary (no variance to apportion).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).normal(size=(4000, 2))
    >>> effects = shapley_effects({"a": x[:, 0], "b": x[:, 1]}, 2 * x[:, 0] + x[:, 1])
    >>> [round(e, 1) for e in effects.effects]
    [0.8, 0.2]
    """
    columns, x = as_matrix(table)
    names, members = _groups(columns, groups)
    # booleans count as 0/1 (as_outcome reads them as numbers); a ragged nesting is named there
    y = as_outcome(output, x.shape[0], "output", boolean=False)
    _check(len(names), neighbours, queries, x.shape[0])
    unexplained = check_bool("unexplained", unexplained)
    generator = generator_of(rng)
    variance = float(np.var(y))
    if not variance > 0.0:
        raise ValueError("output does not vary over the points: no variance to apportion")
    spread = x.std(axis=0)
    scaled = x / np.where(spread > 0, spread, 1.0)
    n = x.shape[0]
    rows = (np.arange(n) if queries is None or queries >= n
            else np.sort(generator.choice(n, size=queries, replace=False)))
    d = len(names)
    everything = np.concatenate(members)
    residual = (min(_cost(scaled, y, everything, rows, int(neighbours)), variance)
                if unexplained else 0.0)
    cost: dict[frozenset[int], float] = {frozenset(): 0.0, frozenset(range(d)): variance - residual}
    for size in range(1, d):
        for subset in combinations(range(d), size):
            others = np.concatenate([members[k] for k in range(d) if k not in subset])
            cost[frozenset(subset)] = max(
                _cost(scaled, y, others, rows, int(neighbours)) - residual, 0.0)
    effects = []
    for i in range(d):
        total = 0.0
        for u, value in cost.items():
            if i not in u:
                total += (cost[u | {i}] - value) / comb(d - 1, len(u))
        effects.append(total / (d * variance))
    return ShapleyEffects(names, tuple(effects), variance, n, int(neighbours), len(rows),
                          residual / variance)
