r"""Cooperation stability metrics, each a function of a scenario and of V parameter points
(interventions, alone or with any other parameters).

=============================  =====================================================
metric                         meaning
=============================  =====================================================
``full_cooperation``           full cooperation is a pure Nash equilibrium
``cooperators``                cooperators in the selected equilibrium
                               (:mod:`ica_model.analysis.follower`); also the most and fewest
                               over all pure equilibria
``token_compliers``            token compliers (躺平) in the selected equilibrium
``margin``                     :math:`\min_i [U_i(C) - \max_{a \ne C} U_i(a)]` at full
                               cooperation
                               (:func:`~ica_model.model.closed_form.full_cooperation_margin`)
``repeated_stability``         :math:`1 - \delta^*` under grim trigger
                               (:func:`discount_slack`)
``basin_share``                share of random initial states from which replicator
                               dynamics reaches full cooperation (:func:`basin_share`)
``robust_share``               share of random parameter draws around the scenario
                               that keep full cooperation an equilibrium
                               (:func:`robust_share`)
=============================  =====================================================

Points are given as for :func:`ica_model.model.points.as_points` (an intervention, a
sequence of them, a mapping of parameters to arrays, or a validated
:class:`~ica_model.model.points.Points`); every metric returns an array of shape ``(V,)``.
Random metrics take ``rng`` and use common random numbers across points, so curves are
smooth and reproducible.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import numpy as np

from .._validation import check_int, check_real, check_size, generator_of
from ..engine.evolutionary.dynamics import final_states
from ..engine.repeated import DiscountThreshold, grim_thresholds, summarise_thresholds
from ..model.closed_form import full_cooperation_margin
from ..model.parameters import (
    Intervention,
    Role,
    Scenario,
    check_intervention,
    parameters_with_role,
    schema_entry,
)
from ..model.payoffs import scenario_game, symmetric_game
from ..model.points import Points, as_points
from ..runtime.designs import stream_start, stream_uniform
from ..runtime.runner import run
from .follower import FollowerResponse, follower_response

__all__ = [
    "UNCERTAIN_PARAMETERS",
    "basin_share",
    "critical_discount_factor",
    "discount_slack",
    "robust_share",
    "stability_metrics",
]

#: The parameters :func:`robust_share` perturbs: the environment (every cost, risk and
#: intervention effect), not the functional forms, the institutional design, the token
#: compliance behaviour or the intervention (the policy); plus every actor attribute, per
#: actor, and a homogeneous group's heterogeneity.
UNCERTAIN_PARAMETERS = tuple(entry.symbol for entry in
                             parameters_with_role(Role.COST, Role.RISK, Role.EFFECT))


def discount_slack(scenario: Scenario, points: Any = None,
                   response: FollowerResponse | None = None) -> np.ndarray:
    r""":math:`1 - \delta^*`: how far below 1 the discount factor may fall while grim
    trigger still sustains full cooperation, at each point (the ``repeated_stability``
    column of :func:`stability_metrics` and the experiments' tables).

    :math:`\delta^* = \max_i (T_i - R_i)/(T_i - P_i)` with :math:`R_i` the payoff under
    full cooperation, :math:`T_i` the best deviation payoff and :math:`P_i` the payoff in
    the harshest pure stage equilibrium (:mod:`ica_model.analysis.follower`), as in
    :func:`critical_discount_factor`. The value is 1 where nobody is tempted and 0 where
    reversion cannot deter some actor (:math:`P_i \ge R_i`) or there is no pure stage
    equilibrium to revert to.

    Examples
    --------
    Under authority 0.75 every G60 city but Suzhou complies on paper in the stage game;
    grim trigger sustains full cooperation once unified standards reach 0.75, with more
    room for impatience at 1:

    >>> from ica_model.cases import g60
    >>> discount_slack(g60(), {"authority": 0.75, "standards": [0.0, 0.5, 0.75, 1.0]}
    ...                    ).round(3).tolist()
    [0.0, 0.0, 0.241, 0.765]
    """
    points = as_points(scenario, points)
    if response is None:
        response = follower_response(scenario, points)
    reward = response.reward
    thresholds = grim_thresholds(response.temptation, reward, response.harshest_payoffs,
                                 1e-12 * np.maximum(1.0, np.abs(reward)))
    sustainable = response.has_equilibrium & ~np.isnan(thresholds).any(axis=1)
    return np.where(sustainable, 1.0 - np.nan_to_num(thresholds, nan=1.0).max(axis=1), 0.0)


def critical_discount_factor(scenario: Scenario, intervention: Intervention | None = None
                             ) -> DiscountThreshold:
    """Grim-trigger threshold for full cooperation of a scenario's cities.

    Deviations may be to D or (if enabled) T. The punishment is the harshest pure stage
    equilibrium (fewest cooperators, then the lowest total payoff:
    :mod:`ica_model.analysis.follower`). The binding actor is the most tempted city. A
    city that does at least as well in the punishment equilibrium as under full
    cooperation cannot be deterred by reversion (``critical`` is None); deviator-specific
    punishments (Abreu's optimal penal codes) are not modelled.

    Examples
    --------
    The G60 cities under authority 0.75 and unified standards 0.75 (in the stage game all
    but Suzhou comply on paper): Songjiang is the most tempted. Without the standards,
    Songjiang does at least as well complying on paper in the punishment equilibrium.

    >>> from ica_model.cases import g60
    >>> result = critical_discount_factor(g60(), Intervention(authority=0.75, standards=0.75))
    >>> g60().actors[result.binding_player].name, round(result.critical, 3)
    ('Songjiang', 0.759)
    >>> critical_discount_factor(g60(), Intervention(authority=0.75)).critical is None
    True
    """
    response = follower_response(scenario, check_intervention(intervention))
    if not response.has_equilibrium[0]:
        raise ValueError(f"scenario {scenario.name!r} has no pure stage equilibrium to revert to")
    thresholds = grim_thresholds(response.temptation[0], response.reward[0],
                                 response.harshest_payoffs[0])
    return summarise_thresholds(thresholds, "grim_trigger",
                                tuple(int(a) for a in response.harshest[0]))


def basin_share(scenario: Scenario, points: Any = None, samples: int = 64, t_max: float = 1000.0,
                radius: float = 1e-2, rng: Any = 0) -> np.ndarray:
    """Share of random initial states from which replicator dynamics reaches full
    cooperation.

    A homogeneous scenario is read as one population of local governments playing the
    symmetric n-player game (single-population replicator dynamics on the simplex of
    actions); a heterogeneous one as one population per actor (multi-population
    dynamics; slower: each step evaluates the whole profile game). Initial states are
    drawn uniformly on each simplex (Dirichlet(1)) with the seed ``rng``, the same states
    at every intervention. A state counts if every population's share of C ends within
    ``radius`` of 1 by ``t_max`` (near a weakly attracting full cooperation the approach
    is slow, hence the long default horizon).

    Examples
    --------
    The symmetric group: without intervention no initial state reaches full cooperation;
    with unified standards at 0.5 every one does.

    >>> from ica_model.cases import symmetric
    >>> basin_share(symmetric(), {"standards": [0.0, 0.5]}, samples=32).tolist()
    [0.0, 1.0]
    """
    points = as_points(scenario, points)
    # per sample: a start and an end state of every population, and the solver's work arrays
    samples = check_size("samples", samples, 64 * 8 * scenario.n * len(scenario.actions))
    check_real("radius", radius, 0.0, 1.0, low_open=True)
    generator = generator_of(rng)
    k = len(scenario.actions)
    populations = 1 if scenario.is_homogeneous else scenario.n
    initial = generator.dirichlet(np.ones(k), size=(samples, populations)).reshape(samples, -1)
    shares = np.empty(points.size)
    for index in range(points.size):
        at, intervention = points.scenario_at(index), points.intervention(index)
        game = (symmetric_game(at, intervention) if scenario.is_homogeneous
                else scenario_game(at, intervention))
        final = final_states(game, initial, t_max).reshape(samples, populations, k)
        shares[index] = np.mean((final[:, :, 0] >= 1.0 - radius).all(axis=1))
    return shares


class Perturbation:
    """The design of :func:`robust_share`: ``draws`` parameter sets around ``scenario``.

    Every parameter in :data:`UNCERTAIN_PARAMETERS` (and a homogeneous group's
    heterogeneity) and every actor attribute (per actor; one common draw for identical
    actors) is multiplied by an independent :math:`U(1 - s, 1 + s)` factor, ``s = spread``,
    and clipped into its domain (an open end kept 1e-9 inside). The factors are read from
    one stream of ``rng``, parameter by parameter (all draws of the first, then of the
    next), so a chunk of draws holds the same values whatever the chunking.

    Examples
    --------
    >>> from ica_model.cases import g60
    >>> design = Perturbation(g60(), draws=10, spread=0.2, rng=0)
    >>> bool(np.array_equal(design.chunk(0, 10)["demand"][4:], design.chunk(4, 10)["demand"]))
    True
    """

    def __init__(self, scenario: Scenario, draws: int, spread: float, rng: Any = 0) -> None:
        self.scenario, self.size, self.spread = scenario, draws, spread
        names = list(UNCERTAIN_PARAMETERS)
        if scenario.is_homogeneous and scenario.group_heterogeneity is not None:
            names.append("heterogeneity")
        actors = [entry.symbol for entry in parameters_with_role(Role.ACTOR)]
        self.names = (*names, *actors)
        self._layout = []
        for name in self.names:
            entry = schema_entry(name)
            if entry.role is Role.ACTOR:
                base = np.array([getattr(a, name) for a in scenario.actors])
                width = 1 if scenario.is_homogeneous else scenario.n
            else:
                base, width = scenario.value(name), 0
            self._layout.append((name, base, width, entry))
        used = draws * sum(max(width, 1) for _, _, width, _ in self._layout)
        self._state = stream_start(rng, used)

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        stop = min(stop, self.size)
        count, offset, out = stop - start, 0, {}
        for name, base, width, entry in self._layout:
            step = max(width, 1)
            uniform = stream_uniform(self._state, offset + start * step, count * step)
            factor = -1.0 + 2.0 * (uniform.reshape(count, width) if width else uniform)
            value = base * (1.0 + self.spread * factor)
            domain = entry.domain
            if domain.high is not None:
                low = -np.inf if domain.low is None else \
                    domain.low + (1e-9 if domain.low_open else 0.0)
                value = np.clip(value, low, domain.high - (1e-9 if domain.high_open else 0.0))
            out[name] = np.broadcast_to(value, (count, self.scenario.n)) if width else value
            offset += self.size * step
        return out


def _survivals(scenario: Scenario, points: Points, draws: Mapping[str, np.ndarray],
               start: int, stop: int) -> tuple[Any, dict[str, np.ndarray]]:
    """:func:`robust_share`'s metric: at each point, how many of the draws keep full
    cooperation an equilibrium (every (point, draw) pair; points vary slowest)."""
    import pandas as pd

    size, count = points.size, stop - start
    repeated = {k: np.repeat(v, count, axis=0) for k, v in points.columns.items()}
    tiled = {k: np.tile(v, (size,) + (1,) * (v.ndim - 1)) for k, v in draws.items()}
    margin = full_cooperation_margin(scenario, points.derive(repeated | tiled))
    kept = (margin >= 0).reshape(size, count).sum(axis=1)
    return pd.DataFrame(index=pd.RangeIndex(start, stop)), {"kept": kept}


def robust_share(scenario: Scenario, points: Any = None, draws: int = 200, spread: float = 0.2,
                 rng: Any = 0) -> np.ndarray:
    """Share of random parameter draws around the scenario that keep full cooperation an
    equilibrium, at each point (Monte Carlo).

    Every parameter in :data:`UNCERTAIN_PARAMETERS` and every actor attribute (per actor;
    one common draw for identical actors) is multiplied by an independent
    :math:`U(1 - s, 1 + s)` factor, ``s = spread``, and clipped to its domain
    (:class:`Perturbation`). The same ``draws`` parameter sets (seed ``rng``) are used at
    every point.

    Examples
    --------
    With information support 0.3, full cooperation of the G60 cities survives all 50 draws
    of ±20 %; authority 0.4 on top leaves it in 86 % of them:

    >>> from ica_model.cases import g60
    >>> robust_share(g60(), {"authority": [0.0, 0.4], "information": 0.3}, draws=50).tolist()
    [1.0, 0.86]
    """
    points = as_points(scenario, points)
    # per (point, draw) pair: every drawn parameter and the margin's temporaries
    draws = check_size("draws", draws, points.size * 8 * (64 * scenario.n + 64))
    spread = check_real("spread", spread, 0.0, 1.0, high_open=True)
    design = Perturbation(scenario, draws, spread, rng)
    # one chunk per 100,000 (point, draw) pairs at most: the margin's memory stays bounded
    chunk = max(1, 100_000 // points.size)
    result = run(functools.partial(_survivals, scenario, points), design, chunk_size=chunk,
                 progress=False)
    kept: np.ndarray = result.totals["kept"]
    return kept / draws


def stability_metrics(scenario: Scenario, points: Any = None, *, basin_samples: int = 0,
                      draws: int = 200, spread: float = 0.2, rng: Any = 0,
                      response: FollowerResponse | None = None) -> Any:
    """Every stability metric at each intervention, as a tidy table.

    Parameters
    ----------
    scenario : Scenario
        Up to :data:`ica_model.model.payoffs.MAX_PROFILES` profiles.
    points : Points or anything :func:`~ica_model.model.points.as_points` accepts
    basin_samples : int
        Initial states for :func:`basin_share` (0: skip it, the column is absent).
    draws : int
        Parameter draws for :func:`robust_share` (0: skip it).
    spread : float
        Relative spread of the draws.
    rng : seed
        Seeds both random metrics.
    response : FollowerResponse, optional
        The follower's record at ``points`` if already computed (e.g. by
        :func:`~ica_model.analysis.follower.follower_response_from_equilibria`); computed by
        :func:`~ica_model.analysis.follower.follower_response` otherwise.

    Returns
    -------
    pandas.DataFrame
        One row per intervention: one column per kind, ``full_cooperation``, ``equilibria``,
        ``cooperators``, ``token_compliers``, ``most_cooperators``,
        ``fewest_cooperators``, ``outcome`` (the selected profile as a string of C, D,
        T), ``margin``, ``repeated_stability`` and, if asked, ``basin_share`` and
        ``robust_share``.

    Examples
    --------
    The G60 cities with information support 0.3: mandates first make Huzhou, then every
    city comply on paper (T).

    >>> from ica_model.cases import g60
    >>> table = stability_metrics(g60(), {"authority": [0.0, 0.6, 1.0], "information": 0.3},
    ...                           draws=0)
    >>> print(table[["authority", "outcome", "margin", "repeated_stability"]].round(3)
    ...       .to_string(index=False))
     authority   outcome  margin  repeated_stability
           0.0 CCCCCCCCC   0.376                 1.0
           0.6 CCCCCTCCC  -0.018                 0.0
           1.0 TTTTTTTTT  -0.570                 0.0
    """
    import pandas as pd

    points = as_points(scenario, points)
    if response is None:
        response = follower_response(scenario, points)
    elif response.points.size != points.size:
        raise ValueError(f"response has {response.points.size} points, points has {points.size}")
    letters = np.array(scenario.actions)
    table = pd.DataFrame(points.interventions | {
        "full_cooperation": response.full_cooperation,
        "equilibria": response.equilibrium_count,
        "cooperators": response.cooperators,
        "token_compliers": response.token_compliers,
        "most_cooperators": response.most_cooperators,
        "fewest_cooperators": response.fewest_cooperators,
        "outcome": ["".join(letters[p]) if p[0] >= 0 else "" for p in response.profile],
        "margin": response.margin,
        "repeated_stability": discount_slack(scenario, points, response),
    })
    if check_size("basin_samples", basin_samples, 64 * 8 * scenario.n * len(scenario.actions), low=0):
        table["basin_share"] = basin_share(scenario, points, basin_samples, rng=rng)
    if check_int("draws", draws, 0):
        table["robust_share"] = robust_share(scenario, points, draws, spread, rng)
    return table
