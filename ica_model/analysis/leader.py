r"""The authority's optimal intervention: a leader–follower (Stackelberg) analysis.

The higher authority moves first and chooses the intervention :math:`v`; the local
governments then play the follower game, and the authority expects the equilibrium
selected by the rule of :mod:`ica_model.analysis.follower` (most cooperators, then the largest
total payoff). Its objective is

.. math::

    W(v) = \sum_i U_i(a^*(v)) + \Gamma\, G(m_{eff}) - \sum_k \kappa_k v_k^2
        - \sigma v_{incent} m ,

built in sympy by :func:`ica_model.model.symbolic.authority_objective`. Because the follower
response jumps between equilibria, :math:`W` is piecewise smooth; the optimum is found
on a grid and refined with scipy inside the best cell.

Under- and over-intervention (介入不足, 介入过度; 刘露露, 《数字治理跨界行动中的困境及
优化策略——基于G60九城"跨省通办"的政务观测》) are read along a ray of
interventions :math:`v = v_0 + \lambda w`: the levels below the first level at which
full cooperation is an equilibrium are under-intervention, those above the last are
over-intervention (:func:`cooperation_intervals`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize, minimize_scalar

from .._validation import check_int, check_size
from ..engine.intervals import sign_intervals
from ..model.closed_form import full_cooperation_margin
from ..model.parameters import (
    KINDS,
    AuthorityPreferences,
    Intervention,
    Scenario,
    along_mix,
    check_scenario,
    mix_weights,
)
from ..model.points import as_points
from ..model.symbolic import authority_objective
from ..runtime.progress import progress_bar, show_progress
from .follower import FollowerResponse, follower_response

__all__ = [
    "FULL_VECTOR",
    "AuthorityPreferences",
    "CooperationIntervals",
    "OptimalIntervention",
    "authority_welfare",
    "cooperation_intervals",
    "optimal_intervention",
]


def authority_welfare(scenario: Scenario, points: Any = None,
                      preferences: AuthorityPreferences = AuthorityPreferences(),  # noqa: B008
                      response: FollowerResponse | None = None) -> np.ndarray:
    """:math:`W(v)` at the selected follower equilibrium, at many points at once.

    Parameters
    ----------
    scenario : Scenario
    points : Points or anything :func:`~ica_model.model.points.as_points` accepts
    preferences : AuthorityPreferences
    response : FollowerResponse, optional
        Reuse a response already computed at these points.

    Returns
    -------
    ndarray, shape (V,)
        :math:`-\\infty` where the follower game has no pure equilibrium (the authority
        cannot predict the response there, so it never chooses it).

    Examples
    --------
    The G60 cities at the bottleneck (national integration 0.947, the last epoch's at the
    representative point), along the mandate-led mix (mandated item lists at
    :math:`\\lambda`, the other kinds at :math:`\\lambda / 2`): at :math:`\\lambda = 0.25`
    all nine cooperate (eight without intervention), at 0.75 two comply on paper.

    >>> from ica_model.cases import g60
    >>> bottleneck = g60(epoch="more lists")
    >>> mix = {"authority": 1.0, "standards": 0.5, "information": 0.5, "incentive": 0.5}
    >>> w = authority_welfare(bottleneck, {k: [0.0, 0.25 * v, 0.75 * v] for k, v in mix.items()})
    >>> bool(w[1] > w[0])     # stabilising full cooperation pays for its cost
    True
    >>> bool(w[2] < w[1])     # over-intervention does not
    True
    """
    check_scenario(scenario)
    _check_preferences(preferences)
    points = as_points(scenario, points)
    if response is None:
        response = follower_response(scenario, points)
    _, arguments, function = authority_objective(scenario.terms, scenario.network_exponent)
    values: dict[str, Any] = points.values()
    values |= {name: getattr(preferences, name) for name in preferences.__dataclass_fields__}
    values |= {"cooperators": response.cooperators.astype(float),
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
        :math:`w`, one weight per intervention kind (in the order of
        :data:`~ica_model.model.parameters.KINDS`).
    max_level : float
        The largest :math:`\\lambda` with :math:`v_0 + \\lambda w` in the unit cube.
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
    mix: tuple[float, ...]
    max_level: float
    stable: tuple[tuple[float, float], ...]
    under: tuple[tuple[float, float], ...]
    over: tuple[tuple[float, float], ...]
    lowest: float | None
    highest: float | None

    def _summary(self) -> Any:
        from .._display import Summary

        def spans(intervals: tuple[tuple[float, float], ...]) -> str:
            return ", ".join(f"[{lo:.4g}, {hi:.4g}]" for lo, hi in intervals) or "none"

        mix = ", ".join(f"{k} {w:g}" for k, w in zip(KINDS, self.mix, strict=True) if w)
        rows = [("mix", mix), ("levels", f"0 to {self.max_level:.4g}"),
                ("stable", spans(self.stable)), ("under-intervention", spans(self.under)),
                ("over-intervention", spans(self.over))]
        note = "" if self.stable else (
            "empty: full cooperation is an equilibrium at no level along this mix (its margin "
            "is negative from 0 to the largest level); with token compliance on, the cheapest "
            "deviation is often to comply on paper, which can remove the window altogether")
        return Summary("CooperationIntervals", rows, note=note)

    def __repr__(self) -> str:
        """A few lines: the mix and the stable, under- and over-intervention levels; an
        empty result says why."""
        from .._display import text

        return text(self._summary())

    def _repr_html_(self) -> str:
        from .._display import html

        return html(self._summary())

    def plot(self, ax: Any = None) -> Any:
        """The levels along the mix as bands: stable (full cooperation an equilibrium),
        under- and over-intervention (hatched, so greyscale keeps them apart), with the
        critical level and the onset of over-intervention marked. Return the axes."""
        return _plot_bands(self, ax)


def _plot_bands(intervals: CooperationIntervals, ax: Any, label: bool = True) -> Any:
    """Shade ``intervals`` along the x axis of ``ax`` (a new figure's when None)."""
    if ax is None:
        from matplotlib.figure import Figure

        ax = Figure(figsize=(6.0, 2.2), layout="constrained").subplots()
        ax.set_yticks([])
    from ..experiments.style import region_style

    for k, (lo, hi) in enumerate(intervals.under):
        ax.axvspan(lo, hi, **region_style("under"), zorder=0,
                   label="under-intervention" if label and k == 0 else None)
    for k, (lo, hi) in enumerate(intervals.over):
        ax.axvspan(lo, hi, **region_style("over"), zorder=0,
                   label="over-intervention" if label and k == 0 else None)
    for k, (lo, hi) in enumerate(intervals.stable):
        ax.axvspan(lo, hi, facecolor="#009e73", alpha=0.25, lw=0, zorder=0,
                   label="full cooperation stable" if label and k == 0 else None)
    for level, style in ((intervals.lowest, "--"), (intervals.highest, ":")):
        if level is not None:
            ax.axvline(level, color="0.2", ls=style, lw=1)
    ax.set_xlim(0, intervals.max_level)
    ax.set_xlabel(r"intervention level $\lambda$ along the mix")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, borderaxespad=0)
    return ax


#: Smallest largest mix weight along which a level can reach the bound 1 (``1 / w`` finite).
MIN_MIX_WEIGHT = 1e-300


def _ray(base: Intervention | None, mix: Sequence[float] | Mapping[str, float]
         ) -> tuple[Intervention, tuple[float, ...], float]:
    base = Intervention() if base is None else base
    if not isinstance(base, Intervention):
        raise TypeError(f"base must be an Intervention, got {type(base).__name__}")
    weights = mix_weights(mix)
    if not any(weights):
        raise ValueError("mix must have at least one positive weight")
    start = [getattr(base, k) for k in KINDS]
    if max(weights) < MIN_MIX_WEIGHT:  # 1 / w would overflow: no finite level reaches 1
        raise ValueError(f"mix's largest weight must be at least {MIN_MIX_WEIGHT:g} so a level "
                         f"can reach the bound 1, got {weights}")
    max_level = min((1.0 - s) / w for s, w in zip(start, weights, strict=True) if w > 0)
    if max_level <= 0:
        raise ValueError(f"base {base} leaves no room to intervene along mix {weights}")
    return base, weights, float(max_level)


def _check_preferences(preferences: object) -> None:
    if not isinstance(preferences, AuthorityPreferences):
        raise TypeError(f"preferences must be AuthorityPreferences, got {type(preferences).__name__}")


#: Levels :func:`optimal_intervention` scans along a mix at most (each solves the game).
MAX_RESOLUTION = 20_001


def _check_levels(name: str, value: object, scenario: Scenario, low: int) -> int:
    """``value`` levels as an int, bounded by the memory one response per level needs."""
    return check_size(name, value, 8 * (8 * scenario.n + 8), low=low)


def cooperation_intervals(scenario: Scenario,
                          mix: Sequence[float] | Mapping[str, float] | None = None,
                          base: Intervention | None = None, resolution: int = 201
                          ) -> CooperationIntervals:
    """Stable, under- and over-intervention levels along :math:`v = v_0 + \\lambda w`.

    The full-cooperation margin (:func:`~ica_model.model.closed_form.full_cooperation_margin`)
    is scanned on ``resolution`` levels and every sign change refined with Brent's method
    (:func:`~ica_model.engine.intervals.sign_intervals`).

    Parameters
    ----------
    scenario : Scenario
    mix : mapping or sequence of weights in [0, 1], optional
        :math:`w`: kinds to weights (missing kinds weigh 0), or one weight per kind in the
        order of :data:`~ica_model.model.parameters.KINDS`; e.g. ``{"authority": 1}``
        (the default) raises authority alone.
    base : Intervention, optional
        :math:`v_0`, the kinds held fixed (default none).
    resolution : int
        Grid levels (at least 3).

    Returns
    -------
    CooperationIntervals

    Examples
    --------
    The G60 cities at the bottleneck (national integration 0.947, the last epoch's at the
    representative point), along the mandate-led mix (mandated item lists at
    :math:`\\lambda`, unified standards, information and incentives at
    :math:`\\lambda / 2`): levels between about 0.04 and 0.5 keep all nine cities
    cooperating; below is under-intervention, above over-intervention.

    >>> from ica_model.cases import g60
    >>> bottleneck = g60(epoch="more lists")
    >>> mix = {"authority": 1.0, "standards": 0.5, "information": 0.5, "incentive": 0.5}
    >>> result = cooperation_intervals(bottleneck, mix)
    >>> round(result.lowest, 3), round(result.highest, 3)
    (0.037, 0.5)
    >>> [tuple(round(x, 3) for x in i) for i in result.under + result.over]
    [(0.0, 0.037), (0.5, 1.0)]
    """
    check_scenario(scenario)
    resolution = _check_levels("resolution", resolution, scenario, low=3)
    base, weights, max_level = _ray(base, {"authority": 1.0} if mix is None else mix)
    found = sign_intervals(lambda levels: full_cooperation_margin(
        scenario, along_mix(weights, levels, base)), 0.0, max_level, resolution, xtol=1e-12)
    if not found.nonnegative:
        return CooperationIntervals(base, weights, max_level, (), found.negative, (), None, None)
    lowest, highest = found.lowest, found.highest
    assert lowest is not None and highest is not None  # set when nonnegative is not empty
    return CooperationIntervals(
        base, weights, max_level, found.nonnegative,
        tuple(i for i in found.negative if i[1] <= lowest),
        tuple(i for i in found.negative if i[0] >= highest), lowest, highest)


@dataclass(frozen=True, eq=False)
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

    def _summary(self) -> Any:
        from .._display import Summary, listing

        chosen = ", ".join(f"{k} {getattr(self.intervention, k):.4g}" for k in KINDS)
        rows: list[tuple[str, Any]] = [
            ("search", f"level along a mix, λ* = {self.level:.4g}" if self.level is not None
             else "the full vector (every kind chosen freely)"),
            ("intervention", chosen), ("objective W", self.objective),
            ("followers", f"{self.cooperators} cooperate, {self.token_compliers} comply on "
                          f"paper, {len(self.profile) - self.cooperators - self.token_compliers}"
                          " stay out"),
            ("profile", listing(self.profile, 8)),
            ("stable levels", ", ".join(f"[{lo:.4g}, {hi:.4g}]" for lo, hi in
                                        self.intervals.stable) or "none")]
        return Summary("OptimalIntervention", rows)

    def __repr__(self) -> str:
        """A few lines: the intervention chosen, the objective and the followers' outcome
        (the objective along the levels is in ``levels`` and ``objectives``)."""
        from .._display import text

        return text(self._summary())

    def _repr_html_(self) -> str:
        from .._display import html

        return html(self._summary())

    def plot(self, ax: Any = None) -> Any:
        """The authority's objective along the mix (fixed mix: the levels searched), the
        chosen level, and the stable, under- and over-intervention bands; for the full
        vector only the bands along the ray through :math:`v^*`. Levels where the
        followers have no pure equilibrium are left blank. Return the axes."""
        if ax is None:
            from matplotlib.figure import Figure

            ax = Figure(figsize=(6.0, 3.0), layout="constrained").subplots()
        if self.levels is not None and self.objectives is not None:
            shown = np.where(np.isfinite(self.objectives), self.objectives, np.nan)
            ax.plot(self.levels, shown, color="black", lw=1.3, label="objective W")
            ax.set_ylabel("authority's objective W")
        if self.level is not None:
            ax.plot([self.level], [self.objective], ls="none", marker="D", color="black",
                    label=f"chosen level {self.level:.3g}")
        return _plot_bands(self.intervals, ax)


def _best_vector(scenario: Scenario, welfare: Callable[[Any], np.ndarray], grid_points: int,
                 resolution: int, bar: Any) -> tuple[np.ndarray, float, Any]:
    """The full-vector search of :func:`optimal_intervention`: the best point of the grid,
    polished with Powell's method; its value; the cooperation intervals along its
    direction. ``bar`` (a tqdm bar of three stages) advances stage by stage."""
    bar.set_description("optimal_intervention: grid")
    axis = np.linspace(0.0, 1.0, grid_points)
    grid = np.array(list(itertools.product(axis, repeat=len(KINDS))))
    values = welfare(grid)
    if not np.isfinite(values).any():
        raise ValueError(f"scenario {scenario.name!r} has no pure equilibrium on the grid")
    start = grid[int(np.argmax(values))]
    best_value = float(values.max())
    bar.update()
    bar.set_description("optimal_intervention: Powell")
    evaluations = 0

    def loss(z: np.ndarray) -> float:
        nonlocal evaluations
        evaluations += 1
        bar.set_postfix(evaluations=evaluations)
        return -float(welfare(np.clip(z, 0, 1)[None])[0])

    polished = minimize(loss, start, method="Powell", bounds=[(0.0, 1.0)] * len(KINDS),
                        options={"xtol": 1e-8, "ftol": 1e-12})
    point = start
    if np.isfinite(polished.fun) and -polished.fun > best_value:
        point, best_value = np.clip(polished.x, 0.0, 1.0), float(-polished.fun)
    bar.update()
    bar.set_description("optimal_intervention: intervals")
    top = float(point.max())
    direction = tuple(float(x) for x in point / top) if top > 0 else (1.0,) * len(KINDS)
    intervals = cooperation_intervals(scenario, direction, None, resolution)
    bar.update()
    return point, best_value, intervals


#: ``mix=FULL_VECTOR`` in :func:`optimal_intervention`: the authority chooses every kind's
#: level freely (a search over the unit cube) instead of one level along a fixed mix.
FULL_VECTOR = "full vector"


def _best_along_mix(scenario: Scenario, welfare: Callable[[Any], np.ndarray],
                    mix: Sequence[float] | Mapping[str, float], base: Intervention | None,
                    resolution: int) -> tuple[Any, float, float, CooperationIntervals,
                                              np.ndarray, np.ndarray]:
    """:func:`optimal_intervention` along a fixed mix: ``resolution`` levels, the best cell
    refined by bounded scalar minimisation, and the edges of the stable intervals (where the
    objective jumps) tried too. Returns the vector, the level, the objective, the intervals,
    the levels and their objective values."""
    base, weights, max_level = _ray(base, mix)
    resolution = _check_levels("resolution", resolution, scenario, 3)
    if resolution > MAX_RESOLUTION:
        # each level solves the scenario's game (about 0.6 ms a level, measured on the nine
        # G60 cities and the symmetric group): 10**6 levels would run for minutes, and
        # the refinement between cells makes them needless
        raise ValueError(f"resolution must be an integer in [3, {MAX_RESOLUTION}], got "
                         f"{resolution} (the best cell is refined to 1e-10 anyway)")
    levels = np.linspace(0.0, max_level, resolution)
    values = welfare(along_mix(weights, levels, base))
    if not np.isfinite(values).any():
        raise ValueError(f"scenario {scenario.name!r} has no pure equilibrium along mix {weights}")
    i = int(np.argmax(values))
    best_level = float(levels[i])
    lo, hi = levels[max(i - 1, 0)], levels[min(i + 1, len(levels) - 1)]
    refined = minimize_scalar(lambda x: -float(welfare(along_mix(weights, [x], base))[0]),
                              bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
    candidates = [best_level, float(refined.x)]
    # the objective jumps where full cooperation starts or stops being an
    # equilibrium, so its supremum may sit exactly on an interval edge
    intervals = cooperation_intervals(scenario, weights, base, resolution)
    candidates += [edge for interval in intervals.stable for edge in interval]
    scores = welfare(along_mix(weights, candidates, base))
    best_level, best_value = candidates[int(np.argmax(scores))], float(scores.max())
    return (along_mix(weights, [best_level], base), best_level, best_value, intervals, levels,
            values)


def optimal_intervention(scenario: Scenario,
                         mix: Sequence[float] | Mapping[str, float] | str | None = (1.0,) * len(KINDS),
                         base: Intervention | None = None,
                         preferences: AuthorityPreferences = AuthorityPreferences(),  # noqa: B008
                         resolution: int = 201, grid_points: int = 11,
                         progress: bool | None = None) -> OptimalIntervention:
    """The intervention that maximises the authority's objective given the followers'
    selected equilibrium.

    Parameters
    ----------
    scenario : Scenario
    mix : mapping or sequence of weights, or ``"full vector"``
        With a mix ``w`` (as for :func:`cooperation_intervals`; by default every kind at
        weight 1), the authority chooses a level :math:`\\lambda` along
        :math:`v_0 + \\lambda w`: ``resolution`` levels are evaluated, the best cell is
        refined with bounded scalar minimisation, and the edges of the levels where full
        cooperation is an equilibrium (where the objective jumps) are tried too. With
        :data:`FULL_VECTOR` (``"full vector"``; ``None`` means the same, the older
        spelling), it chooses every kind's level freely: a grid of ``grid_points`` levels per kind
        over the unit cube, then Powell's method with bounds from the best grid point.
    base : Intervention, optional
        :math:`v_0` for a fixed mix.
    preferences : AuthorityPreferences
    resolution, grid_points : int
        ``resolution`` at most :data:`MAX_RESOLUTION` (each level solves the game).
    progress : bool, optional
        Progress bar on standard error for the full-vector search (``mix="full vector"``, tens of
        seconds), stage by stage: the grid, Powell's method (with its count of
        evaluations), the cooperation intervals. By default shown when standard error is
        a terminal and in Jupyter; a fixed mix takes well under a second and shows none.

    Returns
    -------
    OptimalIntervention

    Raises
    ------
    ValueError
        If the follower game has no pure equilibrium anywhere searched.

    Examples
    --------
    The G60 cities at the bottleneck along the mandate-led mix (as for
    :func:`cooperation_intervals`): the authority chooses a level inside the stable
    interval, where all nine cooperate.

    >>> from ica_model.cases import g60
    >>> bottleneck = g60(epoch="more lists")
    >>> mix = {"authority": 1.0, "standards": 0.5, "information": 0.5, "incentive": 0.5}
    >>> best = optimal_intervention(bottleneck, mix)
    >>> round(best.level, 3), best.cooperators
    (0.314, 9)
    >>> best.intervals.lowest < best.level < (best.intervals.highest or 1.0)
    True
    """
    check_scenario(scenario)
    _check_preferences(preferences)
    show_progress(progress)     # a TypeError for a non-bool, before any work
    grid_points = check_int("grid_points", grid_points, 2)   # checked even where a mix is given

    def welfare(points: Any) -> np.ndarray:
        return authority_welfare(scenario, as_points(scenario, points), preferences)

    if isinstance(mix, str):
        if mix != FULL_VECTOR:
            raise ValueError(f"mix must be weights per kind or {FULL_VECTOR!r}, got {mix!r}")
        mix = None
    if mix is None and base is not None:   # it was ignored silently
        raise ValueError(f"base applies to a fixed mix only (the full-vector search chooses every "
                         f"kind's level), got base={base!r} with mix={FULL_VECTOR!r}")
    if mix is not None:
        vector, best_level, best_value, intervals, levels, values = _best_along_mix(
            scenario, welfare, mix, base, resolution)
    else:
        _check_levels(f"grid_points ** {len(KINDS)}", grid_points ** len(KINDS), scenario, 2)
        with progress_bar(progress, total=3, unit="stage") as bar:
            point, best_value, intervals = _best_vector(scenario, welfare, grid_points,
                                                        resolution, bar)
        vector = point[None]
        best_level, levels, values = None, None, None
    response = follower_response(scenario, vector)
    intervention = response.points.intervention(0)
    profile = tuple(scenario.actions[a] for a in response.profile[0])
    return OptimalIntervention(intervention, best_level, best_value, profile,
                               int(response.cooperators[0]), int(response.token_compliers[0]),
                               intervals, levels, values)
