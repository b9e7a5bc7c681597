r"""Cooperation stability metrics (MODEL.md §5), each a function of a scenario and of an
array of interventions.

=============================  =====================================================
metric                         meaning
=============================  =====================================================
``full_cooperation``           full cooperation is a pure Nash equilibrium
``cooperators``                cooperators in the selected equilibrium
                               (:mod:`ica_model.analysis.follower`); also the most and fewest
                               over all pure equilibria
``token_compliers``            token compliers (躺平) in the selected equilibrium
``margin``                     :math:`\min_i [U_i(C) - \max_{a \ne C} U_i(a)]` at full
                               cooperation (:func:`incentive_margin`)
``repeated_stability``         :math:`1 - \delta^*` under grim trigger
                               (:func:`repeated_stability`)
``basin_share``                share of random initial states from which replicator
                               dynamics reaches full cooperation (:func:`basin_share`)
``robust_share``               share of random parameter draws around the scenario
                               that keep full cooperation an equilibrium
                               (:func:`robust_share`)
=============================  =====================================================

Interventions are given as for :func:`ica_model.analysis.follower.as_interventions` (one, a
sequence, a mapping of kinds to arrays, or a ``(V, 3)`` array); every metric returns an
array of shape ``(V,)``. Random metrics take ``rng`` and use common random numbers across
interventions, so curves are smooth and reproducible.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_int, check_real
from ..engine.dynamics import final_states
from ..engine.repeated import DiscountThreshold, grim_trigger
from ..engine.solvers.pure import pure_equilibria
from ..model.closed_form import UNIT_PARAMETERS, homogeneous_margins
from ..model.parameters import Intervention, Scenario, check_scenario
from ..model.payoffs import scenario_game, symmetric_game
from ..model.symbolic import scenario_values
from .follower import (
    KINDS,
    LocalResponse,
    as_interventions,
    full_cooperation_margins,
    local_response,
)

__all__ = [
    "UNCERTAIN_PARAMETERS",
    "basin_share",
    "critical_discount_factor",
    "incentive_margin",
    "repeated_stability",
    "robust_share",
    "stability_metrics",
]

#: Scenario-level parameters perturbed by :func:`robust_share`: the costs, risks and
#: intervention effects (the environment), not the exponents, the token-compliance and
#: distribution design, agreement hardness or the intervention (the policy).
UNCERTAIN_PARAMETERS = (
    "information_cost", "negotiation_cost", "enforcement_cost", "autonomy_cost",
    "coordination_risk", "defection_risk", "spillover",
    "authority_on_coordination", "information_on_coordination", "authority_on_defection",
    "information_on_information_cost", "authority_on_negotiation", "authority_on_enforcement",
    "signal_boost", "incentive_subsidy", "expected_penalty",
)
#: Actor attributes perturbed (per actor) by :func:`robust_share`.
_UNCERTAIN_ATTRIBUTES = ("demand", "capacity", "selective_benefit", "innovation_value", "preference")


def incentive_margin(scenario: Scenario, interventions: Any) -> np.ndarray:
    r""":math:`\min_i [U_i(C, C_{-i}) - \max_{a \ne C} U_i(a, C_{-i})]` at each intervention.

    Full cooperation is an equilibrium exactly where it is :math:`\ge 0`; its size says
    how far a shock to any one actor's payoff may go before someone leaves.

    Examples
    --------
    >>> from ica_model.model.cases import g60
    >>> incentive_margin(g60(), {"authority": [0.0, 0.4], "information": 0.3}).round(3).tolist()
    [-0.03, 0.049]
    """
    return full_cooperation_margins(check_scenario(scenario), interventions)


def repeated_stability(scenario: Scenario, interventions: Any,
                       response: LocalResponse | None = None) -> np.ndarray:
    r""":math:`1 - \delta^*`: the room for impatience under grim trigger.

    :math:`\delta^* = \max_i (T_i - R_i)/(T_i - P_i)` with :math:`R_i` the payoff under
    full cooperation, :math:`T_i` the best deviation payoff and :math:`P_i` the payoff in
    the harshest pure stage equilibrium (fewest cooperators, then lowest total), as in
    :func:`ica_model.analysis.stability.critical_discount_factor`. The value is 1 where nobody is
    tempted and 0 where reversion cannot deter some actor (:math:`P_i \ge R_i`) or there
    is no pure stage equilibrium to revert to.

    Examples
    --------
    >>> from ica_model.model.cases import g60
    >>> repeated_stability(g60(), {"authority": [0.0, 1.0]}).round(3).tolist()
    [0.0, 0.228]
    """
    check_scenario(scenario)
    if response is None:
        response = local_response(scenario, interventions)
    reward, temptation, punishment = response.reward, response.temptation, response.harshest_payoffs
    tolerance = 1e-12 * np.maximum(1.0, np.abs(reward))
    tempted = temptation > reward + tolerance
    with np.errstate(invalid="ignore", divide="ignore"):
        threshold = np.where(tempted, (temptation - reward) / (temptation - punishment), 0.0)
    deterred = ~tempted | (punishment < reward - tolerance)
    sustainable = response.has_equilibrium & deterred.all(axis=1)
    return np.where(sustainable, 1.0 - np.where(deterred, threshold, 1.0).max(axis=1), 0.0)


def critical_discount_factor(scenario: Scenario, intervention: Intervention | None = None
                             ) -> DiscountThreshold:
    """Grim-trigger threshold for full cooperation of a scenario's cities.

    Deviations may be to D or (if enabled) T. The punishment is the stage pure
    equilibrium with the fewest cooperators (ties: the lowest total payoff), the
    harshest credible reversion. The binding actor is the most tempted city. A city that
    does at least as well in the punishment equilibrium as under full cooperation cannot be
    deterred by reversion (``critical`` is None); deviator-specific punishments (Abreu's
    optimal penal codes) are not modelled.

    Examples
    --------
    >>> from ica_model.model.cases import g60
    >>> result = critical_discount_factor(g60(), Intervention(authority=1.0))
    >>> g60().actors[result.binding_player].name, round(result.critical, 3)
    ('Xuancheng', 0.772)
    >>> critical_discount_factor(g60()).critical is None   # reversion does not deter Jiaxing
    True
    """
    game = scenario_game(scenario, intervention)
    equilibria = pure_equilibria(game).equilibria
    if not equilibria:
        raise ValueError(f"scenario {scenario.name!r} has no pure stage equilibrium to revert to")
    harshest = min(equilibria, key=lambda eq: (sum(a == 0 for a in eq.profile), sum(eq.payoffs)))
    return grim_trigger(game, (0,) * scenario.n, harshest.profile)


def basin_share(scenario: Scenario, interventions: Any, samples: int = 64, t_max: float = 1000.0,
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
    >>> from ica_model.model.cases import symmetric
    >>> basin_share(symmetric(), {"authority": [0.0, 0.5]}, samples=32).tolist()
    [0.0, 1.0]
    """
    check_scenario(scenario)
    columns = as_interventions(interventions)
    samples = check_int("samples", samples, 1)
    check_real("radius", radius, 0.0, 1.0, low_open=True)
    generator = np.random.default_rng(rng)
    k = len(scenario.actions)
    populations = 1 if scenario.is_homogeneous else scenario.n
    initial = generator.dirichlet(np.ones(k), size=(samples, populations)).reshape(samples, -1)
    shares = np.empty(len(columns["authority"]))
    for index in range(len(shares)):
        intervention = Intervention(*(float(columns[kind][index]) for kind in KINDS))
        game = (symmetric_game(scenario, intervention) if scenario.is_homogeneous
                else scenario_game(scenario, intervention))
        final = final_states(game, initial, t_max).reshape(samples, populations, k)
        shares[index] = np.mean((final[:, :, 0] >= 1.0 - radius).all(axis=1))
    return shares


def _draws(scenario: Scenario, draws: int, spread: float, generator: np.random.Generator
           ) -> dict[str, np.ndarray]:
    base = scenario_values(scenario, Intervention())
    if scenario.is_homogeneous and scenario.group_heterogeneity is not None:
        base["heterogeneity"] = scenario.group_heterogeneity
    names = [*UNCERTAIN_PARAMETERS, *(["heterogeneity"] if "heterogeneity" in base else [])]
    out = {}
    for name in names:
        value = base[name] * (1.0 + spread * generator.uniform(-1.0, 1.0, draws))
        out[name] = np.clip(value, 0.0, 1.0) if name in UNIT_PARAMETERS else value
    for name in _UNCERTAIN_ATTRIBUTES:
        own = np.array([getattr(a, name) for a in scenario.actors])
        shape = (draws, 1) if scenario.is_homogeneous else (draws, scenario.n)
        value = own * (1.0 + spread * generator.uniform(-1.0, 1.0, shape))
        out[name] = np.clip(value, 1e-9 if name == "capacity" else 0.0, 1.0) \
            if name in ("capacity", "preference") else value
    return out


def robust_share(scenario: Scenario, interventions: Any, draws: int = 200, spread: float = 0.2,
                 rng: Any = 0) -> np.ndarray:
    """Share of random parameter draws around the scenario that keep full cooperation an
    equilibrium (Monte Carlo).

    Every parameter in :data:`UNCERTAIN_PARAMETERS` and every actor attribute (per actor;
    one common draw for identical actors) is multiplied by an independent
    :math:`U(1 - s, 1 + s)` factor, ``s = spread``, and clipped to its range. The same
    ``draws`` parameter sets (seed ``rng``) are used at every intervention.

    Examples
    --------
    >>> from ica_model.model.cases import g60
    >>> robust_share(g60(), {"authority": [0.0, 0.4], "information": 0.3}, draws=50).tolist()
    [0.12, 0.34]
    """
    check_scenario(scenario)
    columns = as_interventions(interventions)
    draws = check_int("draws", draws, 1)
    spread = check_real("spread", spread, 0.0, 1.0, high_open=True)
    parameters = _draws(scenario, draws, spread, np.random.default_rng(rng))
    size = len(columns["authority"])
    # every (intervention, draw) pair: interventions vary slowest
    repeated = {k: np.repeat(v, draws) for k, v in columns.items()}
    tiled = {k: np.tile(v, (size,) + (1,) * (v.ndim - 1)) for k, v in parameters.items()}
    if scenario.is_homogeneous:
        values = {k: (v[:, 0] if v.ndim == 2 else v) for k, v in tiled.items()} | repeated
        margin = homogeneous_margins(scenario, values)["full_cooperation"]
    else:
        margin = local_response(scenario, repeated, parameters=tiled).margin
    return (np.broadcast_to(margin, (size * draws,)) >= 0).reshape(size, draws).mean(axis=1)


def stability_metrics(scenario: Scenario, interventions: Any, *, basin_samples: int = 0,
                      draws: int = 200, spread: float = 0.2, rng: Any = 0) -> Any:
    """Every stability metric at each intervention, as a tidy table.

    Parameters
    ----------
    scenario : Scenario
        Up to :data:`ica_model.model.payoffs.MAX_PROFILES` profiles.
    interventions : Intervention, sequence, mapping or array
    basin_samples : int
        Initial states for :func:`basin_share` (0: skip it, the column is absent).
    draws : int
        Parameter draws for :func:`robust_share` (0: skip it).
    spread : float
        Relative spread of the draws.
    rng : seed
        Seeds both random metrics.

    Returns
    -------
    pandas.DataFrame
        One row per intervention: the three kinds, ``full_cooperation``, ``equilibria``,
        ``cooperators``, ``token_compliers``, ``most_cooperators``,
        ``fewest_cooperators``, ``outcome`` (the selected profile as a string of C, D,
        T), ``margin``, ``repeated_stability`` and, if asked, ``basin_share`` and
        ``robust_share``.

    Examples
    --------
    >>> from ica_model.model.cases import g60
    >>> table = stability_metrics(g60(), {"authority": [0.0, 0.4, 1.0], "information": 0.3},
    ...                           draws=0)
    >>> print(table[["authority", "outcome", "margin", "repeated_stability"]].round(3)
    ...       .to_string(index=False))
     authority   outcome  margin  repeated_stability
           0.0 CCCCCCDCC  -0.030               0.000
           0.4 CCCCCCCCC   0.049               1.000
           1.0 CDDDDDDDD  -0.127               0.594
    """
    import pandas as pd

    check_scenario(scenario)
    columns = as_interventions(interventions)
    response = local_response(scenario, columns)
    letters = np.array(scenario.actions)
    table = pd.DataFrame(columns | {
        "full_cooperation": response.full_cooperation,
        "equilibria": response.equilibria,
        "cooperators": response.cooperators,
        "token_compliers": response.token_compliers,
        "most_cooperators": response.most_cooperators,
        "fewest_cooperators": response.fewest_cooperators,
        "outcome": ["".join(letters[p]) if p[0] >= 0 else "" for p in response.profile],
        "margin": response.margin,
        "repeated_stability": repeated_stability(scenario, columns, response),
    })
    if check_int("basin_samples", basin_samples, 0):
        table["basin_share"] = basin_share(scenario, columns, basin_samples, rng=rng)
    if check_int("draws", draws, 0):
        table["robust_share"] = robust_share(scenario, columns, draws, spread, rng)
    return table
