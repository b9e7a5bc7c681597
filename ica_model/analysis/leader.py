r"""The authority's optimal intervention: a leader–follower (Stackelberg) analysis.

The higher authority moves first and chooses the intervention :math:`v`; the local
governments then play the follower game, and the authority expects the equilibrium
selected by the rule of :mod:`ica_model.analysis.follower` (most cooperators, then the largest
total payoff). Its objective (MODEL.md §4) is

.. math::

    W(v) = \sum_i U_i(a^*(v)) + \Gamma\, G(m_{eff}) - \kappa_a v_{auth}^2
        - \kappa_i v_{info}^2 - \sigma v_{incent} m ,

built in sympy by :func:`ica_model.model.symbolic.authority_objective`. Because the follower
response jumps between equilibria, :math:`W` is piecewise smooth; the optimum is found
on a grid and refined with scipy inside the best cell.

Under- and over-intervention (介入不足, 介入过度 [S004]) are read along a ray of
interventions :math:`v = v_0 + \lambda w`: the levels below the first level at which
full cooperation is an equilibrium are under-intervention, those above the last are
over-intervention (:func:`cooperation_intervals`).

[S004] 刘露露, 《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"的政务观测》.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import brentq, minimize, minimize_scalar

from .._validation import check_int, check_real
from ..model.parameters import Intervention, Scenario, check_scenario
from ..model.symbolic import authority_objective, scenario_values
from .follower import (
    KINDS,
    LocalResponse,
    as_interventions,
    full_cooperation_margins,
    local_response,
)

__all__ = [
    "AuthorityPreferences",
    "CooperationIntervals",
    "OptimalIntervention",
    "authority_welfare",
    "cooperation_intervals",
    "optimal_intervention",
]


@dataclass(frozen=True)
class AuthorityPreferences:
    """The authority's weights in :math:`W(v)` (illustrative defaults).

    The incentive kind costs the subsidy it pays, :math:`\\sigma v_{incent} m`, so it has
    no weight of its own.

    Parameters
    ----------
    output_weight : float
        :math:`\\Gamma \\ge 0`: value of the integrated service's coverage to the
        authority, beyond the local payoffs (the national "one network" goal).
    authority_effort : float
        :math:`\\kappa_a \\ge 0`: cost scale of authoritative effort (mandates,
        inspections, unified standards).
    information_effort : float
        :math:`\\kappa_i \\ge 0`: cost scale of informational effort (guidance, platforms).
    """

    output_weight: float = 2.0
    authority_effort: float = 0.5
    information_effort: float = 0.2

    def __post_init__(self) -> None:
        for name in ("output_weight", "authority_effort", "information_effort"):
            check_real(name, getattr(self, name), 0.0)


def authority_welfare(scenario: Scenario, interventions: Any,
                      preferences: AuthorityPreferences = AuthorityPreferences(),
                      response: LocalResponse | None = None) -> np.ndarray:
    """:math:`W(v)` at the selected follower equilibrium, for many interventions at once.

    Parameters
    ----------
    scenario : Scenario
    interventions : Intervention, sequence, mapping or array
        See :func:`ica_model.analysis.follower.as_interventions`.
    preferences : AuthorityPreferences
    response : LocalResponse, optional
        Reuse a response already computed at these interventions.

    Returns
    -------
    ndarray, shape (V,)
        :math:`-\\infty` where the follower game has no pure equilibrium (the authority
        cannot predict the response there, so it never chooses it).

    Examples
    --------
    >>> from ica_model.model.cases import g60
    >>> w = authority_welfare(g60(), {"authority": [0.0, 0.4], "information": 0.3})
    >>> bool(w[1] > w[0])     # stabilising full cooperation pays for its cost
    True
    """
    check_scenario(scenario)
    if not isinstance(preferences, AuthorityPreferences):
        raise TypeError(f"preferences must be AuthorityPreferences, got {type(preferences).__name__}")
    columns = as_interventions(interventions)
    if response is None:
        response = local_response(scenario, columns)
    _, arguments, function = authority_objective(scenario.terms, scenario.network_exponent)
    values: dict[str, Any] = scenario_values(scenario, Intervention()) | columns
    values |= {"output_weight": preferences.output_weight,
               "authority_effort": preferences.authority_effort,
               "information_effort": preferences.information_effort,
               "cooperators": response.cooperators.astype(float),
               "token_compliers": response.token_compliers.astype(float)}
    extra = np.asarray(function(*(values[name] for name in arguments)), dtype=float)
    welfare = response.payoffs.sum(axis=1) + extra
    return np.where(response.has_equilibrium, welfare, -np.inf)


@dataclass(frozen=True)
class CooperationIntervals:
    """Where, along :math:`v = v_0 + \\lambda w`, full cooperation is an equilibrium.

    Attributes
    ----------
    base : Intervention
        :math:`v_0`.
    mix : tuple of float
        :math:`w` (authority, incentive, information).
    max_level : float
        The largest :math:`\\lambda` with :math:`v_0 + \\lambda w \\in [0, 1]^3`.
    stable : tuple of (float, float)
        Intervals of :math:`\\lambda` where full cooperation is an equilibrium.
    under : tuple of (float, float)
        Under-intervention: failing levels below the first stable level (all levels
        if none is stable).
    over : tuple of (float, float)
        Over-intervention: failing levels above the last stable level.
    lowest, highest : float or None
        First and last stable level (the critical level and the onset of
        over-intervention).
    """

    base: Intervention
    mix: tuple[float, float, float]
    max_level: float
    stable: tuple[tuple[float, float], ...]
    under: tuple[tuple[float, float], ...]
    over: tuple[tuple[float, float], ...]
    lowest: float | None
    highest: float | None


def _ray(base: Intervention | None, mix: Sequence[float]
         ) -> tuple[Intervention, tuple[float, float, float], float]:
    base = Intervention() if base is None else base
    if not isinstance(base, Intervention):
        raise TypeError(f"base must be an Intervention, got {type(base).__name__}")
    if isinstance(mix, str) or not isinstance(mix, Sequence) or len(mix) != 3:
        raise ValueError(f"mix must be 3 weights (authority, incentive, information), got {mix!r}")
    weights = tuple(check_real(f"mix[{k}]", w, 0.0, 1.0) for k, w in enumerate(mix))
    if not any(weights):
        raise ValueError("mix must have at least one positive weight")
    start = [getattr(base, k) for k in KINDS]
    max_level = min((1.0 - s) / w for s, w in zip(start, weights, strict=True) if w > 0)
    if max_level <= 0:
        raise ValueError(f"base {base} leaves no room to intervene along mix {weights}")
    return base, weights, float(max_level)


def _along(base: Intervention, mix: tuple[float, ...], levels: np.ndarray) -> dict[str, np.ndarray]:
    levels = np.asarray(levels, dtype=float)
    return {k: np.clip(getattr(base, k) + levels * w, 0.0, 1.0) for k, w in zip(KINDS, mix, strict=True)}


def _intervals(points: np.ndarray, feasible: Callable[[float], bool]) -> list[tuple[float, float]]:
    intervals = []
    for lo, hi in itertools.pairwise(points):
        if feasible((lo + hi) / 2):
            intervals.append((float(lo), float(hi)))
    merged: list[tuple[float, float]] = []
    for lo, hi in intervals:
        if merged and merged[-1][1] == lo:
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def cooperation_intervals(scenario: Scenario, mix: Sequence[float] = (1.0, 0.0, 0.0),
                          base: Intervention | None = None, resolution: int = 201
                          ) -> CooperationIntervals:
    """Stable, under- and over-intervention levels along :math:`v = v_0 + \\lambda w`.

    The full-cooperation margin (closed form for a homogeneous scenario, the profile
    game otherwise) is evaluated on ``resolution`` levels; every sign change is refined
    with Brent's method.

    Parameters
    ----------
    scenario : Scenario
    mix : sequence of 3 floats in [0, 1]
        :math:`w`; e.g. ``(1, 0, 0)`` raises authority alone.
    base : Intervention, optional
        :math:`v_0`, the kinds held fixed (default none).
    resolution : int
        Grid levels (at least 3).

    Returns
    -------
    CooperationIntervals

    Examples
    --------
    G60 with information support 0.3: authority between about 0.04 and 0.84 keeps all
    nine cities cooperating; below is under-intervention, above over-intervention.

    >>> from ica_model.model.cases import g60
    >>> result = cooperation_intervals(g60(), (1, 0, 0), Intervention(information=0.3))
    >>> round(result.lowest, 3), round(result.highest, 3)
    (0.043, 0.844)
    >>> [tuple(round(x, 3) for x in i) for i in result.under + result.over]
    [(0.0, 0.043), (0.844, 1.0)]
    """
    check_scenario(scenario)
    base, weights, max_level = _ray(base, mix)

    def at(level: Any) -> np.ndarray:
        return full_cooperation_margins(scenario, _along(base, weights, np.atleast_1d(level)))

    grid = np.linspace(0.0, max_level, check_int("resolution", resolution, 3))
    values = at(grid)
    ok = values >= 0
    edges = [brentq(lambda x: float(at(x)[0]), grid[i], grid[i + 1], xtol=1e-12)
             for i in np.flatnonzero(ok[1:] != ok[:-1])]
    points = np.concatenate([[0.0], edges, [max_level]])
    stable = _intervals(points, lambda x: bool(at(x)[0] >= 0))
    failing = _intervals(points, lambda x: bool(at(x)[0] < 0))
    if not stable:
        return CooperationIntervals(base, weights, max_level, (), tuple(failing), (), None, None)
    lowest, highest = stable[0][0], stable[-1][1]
    return CooperationIntervals(
        base, weights, max_level, tuple(stable),
        tuple(i for i in failing if i[1] <= lowest), tuple(i for i in failing if i[0] >= highest),
        lowest, highest)


@dataclass(frozen=True)
class OptimalIntervention:
    """The authority's best intervention and the follower outcome there.

    Attributes
    ----------
    intervention : Intervention
        :math:`v^*`.
    level : float or None
        :math:`\\lambda^*` when the authority chose a level along a fixed mix.
    objective : float
        :math:`W(v^*)`.
    profile : tuple of str
        The selected follower equilibrium at :math:`v^*` (one action per actor).
    cooperators, token_compliers : int
    intervals : CooperationIntervals
        Stable, under- and over-intervention levels along the mix (for the full vector:
        along the ray from 0 through :math:`v^*`).
    levels, objectives : ndarray or None
        The level grid and :math:`W` on it (fixed mix only), for plotting.
    """

    intervention: Intervention
    level: float | None
    objective: float
    profile: tuple[str, ...]
    cooperators: int
    token_compliers: int
    intervals: CooperationIntervals
    levels: np.ndarray | None = None
    objectives: np.ndarray | None = None


def optimal_intervention(scenario: Scenario, mix: Sequence[float] | None = (1.0, 1.0, 1.0),
                         base: Intervention | None = None,
                         preferences: AuthorityPreferences = AuthorityPreferences(),
                         resolution: int = 201, grid_points: int = 11) -> OptimalIntervention:
    """The intervention that maximises the authority's objective given the followers'
    selected equilibrium.

    Parameters
    ----------
    scenario : Scenario
    mix : sequence of 3 floats, or None
        With a mix ``w``, the authority chooses a level :math:`\\lambda` along
        :math:`v_0 + \\lambda w`: ``resolution`` levels are evaluated, the best cell is
        refined with bounded scalar minimisation, and the edges of the levels where full
        cooperation is an equilibrium (where the objective jumps) are tried too. With
        ``None``, it chooses the full vector: a ``grid_points``:sup:`3` grid over
        :math:`[0, 1]^3`, then Powell's method with bounds from the best grid point.
    base : Intervention, optional
        :math:`v_0` for a fixed mix.
    preferences : AuthorityPreferences
    resolution, grid_points : int

    Returns
    -------
    OptimalIntervention

    Raises
    ------
    ValueError
        If the follower game has no pure equilibrium anywhere searched.

    Examples
    --------
    >>> from ica_model.model.cases import g60
    >>> best = optimal_intervention(g60(), (1.0, 0.0, 1.0))
    >>> round(best.level, 3), best.cooperators
    (0.481, 9)
    >>> best.intervals.lowest < best.level < (best.intervals.highest or 1.0)
    True
    """
    check_scenario(scenario)

    def welfare(columns: dict[str, np.ndarray]) -> np.ndarray:
        return authority_welfare(scenario, columns, preferences)

    if mix is not None:
        base, weights, max_level = _ray(base, mix)
        levels = np.linspace(0.0, max_level, check_int("resolution", resolution, 3))
        values = welfare(_along(base, weights, levels))
        if not np.isfinite(values).any():
            raise ValueError(f"scenario {scenario.name!r} has no pure equilibrium along mix {weights}")
        i = int(np.argmax(values))
        best_level, best_value = float(levels[i]), float(values[i])
        lo, hi = levels[max(i - 1, 0)], levels[min(i + 1, len(levels) - 1)]
        refined = minimize_scalar(lambda x: -float(welfare(_along(base, weights, [x]))[0]),
                                  bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
        candidates = [best_level, float(refined.x)]
        # the objective jumps where full cooperation starts or stops being an
        # equilibrium, so its supremum may sit exactly on an interval edge
        intervals = cooperation_intervals(scenario, weights, base, resolution)
        candidates += [edge for interval in intervals.stable for edge in interval]
        scores = welfare(_along(base, weights, candidates))
        best_level, best_value = candidates[int(np.argmax(scores))], float(scores.max())
        vector = _along(base, weights, [best_level])
    else:
        axis = np.linspace(0.0, 1.0, check_int("grid_points", grid_points, 2))
        grid = np.array(list(itertools.product(axis, repeat=3)))
        values = welfare(as_interventions(grid))
        if not np.isfinite(values).any():
            raise ValueError(f"scenario {scenario.name!r} has no pure equilibrium on the grid")
        start = grid[int(np.argmax(values))]
        best_value = float(values.max())
        refined = minimize(lambda z: -float(welfare(as_interventions(np.clip(z, 0, 1)[None]))[0]),
                           start, method="Powell", bounds=[(0.0, 1.0)] * 3,
                           options={"xtol": 1e-8, "ftol": 1e-12})
        point = start
        if np.isfinite(refined.fun) and -refined.fun > best_value:
            point, best_value = np.clip(refined.x, 0.0, 1.0), float(-refined.fun)
        vector = as_interventions(point[None])
        top = float(point.max())
        direction = tuple(float(x) for x in point / top) if top > 0 else (1.0, 1.0, 1.0)
        intervals = cooperation_intervals(scenario, direction, None, resolution)
        best_level, levels, values = None, None, None
    response = local_response(scenario, vector)
    intervention = Intervention(*(float(vector[k][0]) for k in KINDS))
    profile = tuple(scenario.actions[a] for a in response.profile[0])
    return OptimalIntervention(intervention, best_level, best_value, profile,
                               int(response.cooperators[0]), int(response.token_compliers[0]),
                               intervals, levels, values)
