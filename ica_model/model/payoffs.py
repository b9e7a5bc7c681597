"""Numeric payoffs of a scenario, derived from the symbolic model.

Two evaluations of the same lambdified expressions (:func:`ica_model.model.symbolic.payoff_model`):

* :func:`scenario_game` fills the payoff array of every pure profile of the
  heterogeneous n-player game, vectorised over profiles and players;
* :func:`symmetric_payoff` evaluates the homogeneous game by counts of actions, for
  any group size and broadcast over arrays of intervention levels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..engine.game import NormalFormGame
from ..engine.solvers.symmetric import SymmetricGame
from .parameters import Intervention, Scenario, check_scenario
from .symbolic import ATTRIBUTES, payoff_model, scenario_values

__all__ = [
    "ATTRIBUTES",
    "MAX_PROFILES",
    "batch_profile_payoffs",
    "profile_payoffs",
    "scenario_game",
    "symmetric_game",
    "symmetric_payoff",
]

#: Largest number of pure profiles :func:`scenario_game` will fill (2**22: 22 players with
#: two actions, 13 with three). Beyond it use the symmetric, count-based evaluation.
MAX_PROFILES = 2**22

_INTERVENTION_FIELDS = ("authority", "incentive", "information")


def intervention_values(intervention: Intervention | Mapping[str, Any] | None
                        ) -> dict[str, Any]:
    """The three intervention levels by kind, from an Intervention or a mapping of arrays
    (each checked to lie in [0, 1])."""
    if intervention is None:
        intervention = Intervention()
    if isinstance(intervention, Intervention):
        return {name: getattr(intervention, name) for name in _INTERVENTION_FIELDS}
    if not isinstance(intervention, Mapping):
        raise TypeError(f"intervention must be an Intervention or a mapping of arrays, got "
                        f"{type(intervention).__name__}")
    unknown = set(intervention) - set(_INTERVENTION_FIELDS)
    if unknown:
        raise ValueError(f"intervention has unknown kinds {sorted(unknown)}; allowed: "
                         f"{list(_INTERVENTION_FIELDS)}")
    values: dict[str, Any] = {}
    for name in _INTERVENTION_FIELDS:
        array = np.asarray(intervention.get(name, 0.0), dtype=float)
        if not np.all(np.isfinite(array)) or np.any((array < 0) | (array > 1)):
            bad = array[~(np.isfinite(array) & (array >= 0) & (array <= 1))].ravel()[0]
            raise ValueError(f"intervention {name} must lie in [0, 1], got {bad}")
        values[name] = array
    return values


def _actor_arrays(scenario: Scenario) -> dict[str, np.ndarray]:
    actors = scenario.actors
    return {
        "demand": np.array([a.demand for a in actors]),
        "capacity": np.array([a.capacity for a in actors]),
        "selective_benefit": np.array([a.selective_benefit for a in actors]),
        "innovation_value": np.array([a.innovation_value for a in actors]),
        "preference": np.array([a.preference for a in actors]),
    }


def scenario_game(scenario: Scenario, intervention: Intervention | None = None) -> NormalFormGame:
    """The heterogeneous n-player game of ``scenario`` at ``intervention``.

    Every pure profile's aggregates (cooperators, token compliers, heterogeneity
    :math:`H(S)`, the cooperators' mean attributes) are computed at once, and the
    lambdified payoff of each action is evaluated over all profiles and players.

    Parameters
    ----------
    scenario : Scenario
    intervention : Intervention, optional
        Defaults to no intervention.

    Returns
    -------
    NormalFormGame
        Players named after the actors; actions ``C``, ``D`` (and ``T``).

    Raises
    ------
    ValueError
        If the game has more than :data:`MAX_PROFILES` pure profiles.

    Examples
    --------
    >>> from ica_model.model.cases import g60
    >>> game = scenario_game(g60(), Intervention(authority=0.4))
    >>> game.shape      # C, D and token compliance T for each city
    (3, 3, 3, 3, 3, 3, 3, 3, 3)
    """
    check_scenario(scenario)
    if intervention is not None and not isinstance(intervention, Intervention):
        raise TypeError(f"intervention must be an Intervention, got {type(intervention).__name__}")
    n, n_actions = scenario.n, len(scenario.actions)
    if n_actions**n > MAX_PROFILES:
        raise ValueError(f"scenario {scenario.name!r} has {n_actions}**{n} pure profiles, more than "
                         f"MAX_PROFILES={MAX_PROFILES}; use the symmetric solver for large "
                         f"homogeneous groups")
    profiles = np.indices((n_actions,) * n, dtype=np.int8).reshape(n, -1).T  # (P, n), C order
    payoffs = profile_payoffs(scenario, intervention, profiles)
    array = payoffs.T.reshape((n,) + (n_actions,) * n)
    return NormalFormGame(array, players=[a.name for a in scenario.actors],
                          actions=[scenario.actions] * n, title=scenario.name)


def profile_payoffs(scenario: Scenario, intervention: Intervention | None,
                    profiles: np.ndarray) -> np.ndarray:
    """Payoffs of every player at each of the given pure profiles.

    Parameters
    ----------
    scenario : Scenario
    intervention : Intervention or None
    profiles : ndarray of int, shape (P, n)
        Action indices (0 = C, 1 = D, 2 = T).

    Returns
    -------
    ndarray, shape (P, n)
    """
    return batch_profile_payoffs(scenario, profiles, intervention_values(intervention))[0]


def batch_profile_payoffs(scenario: Scenario, profiles: np.ndarray,
                          parameters: Mapping[str, Any] | None = None,
                          players_first: bool = False) -> np.ndarray:
    """Payoffs at the given profiles for a batch of V parameter points at once.

    Parameters
    ----------
    scenario : Scenario
        Supplies every value not in ``parameters``.
    profiles : ndarray of int, shape (P, n)
    parameters : mapping, optional
        Scenario-level symbol names (:func:`ica_model.model.symbolic.scenario_values`, including
        ``authority``, ``incentive``, ``information``) to arrays of shape ``(V,)``, and
        actor attributes (``demand``, ``capacity``, ``selective_benefit``,
        ``innovation_value``, ``preference``) to arrays of shape ``(V, n)``. Values are
        not validated here (see :mod:`ica_model.analysis.sweeps`).
    players_first : bool
        Return shape ``(V, n, P)`` instead (the layout of a payoff array), without a copy.

    Returns
    -------
    ndarray, shape (V, P, n) or (V, n, P)
    """
    profiles = np.asarray(profiles)
    n = scenario.n
    if profiles.ndim != 2 or profiles.shape[1] != n:
        raise ValueError(f"profiles must have shape (P, {n}), got {profiles.shape}")
    if profiles.size and (profiles.min() < 0 or profiles.max() >= len(scenario.actions)):
        raise ValueError(f"profiles must hold action indices in [0, {len(scenario.actions) - 1}]")
    parameters = dict(parameters or {})
    sizes = {np.shape(v)[0] for v in parameters.values() if np.ndim(v) >= 1}
    if len(sizes) > 1:
        raise ValueError(f"parameters must all have the same number of points, got {sorted(sizes)}")
    points = sizes.pop() if sizes else 1
    model = payoff_model(scenario.terms, scenario.network_exponent)
    actors = _actor_arrays(scenario)
    values: dict[str, Any] = scenario_values(scenario, Intervention())
    for name, value in parameters.items():
        array = np.asarray(value, dtype=float)
        if name in actors:
            actors[name] = np.broadcast_to(array.reshape(-1, n) if array.ndim else array, (points, n))
        else:
            values[name] = array.reshape(-1, 1, 1) if array.ndim else array
    actors = {name: np.broadcast_to(array, (points, n)) for name, array in actors.items()}
    # A payoff depends only on the player's own action and the state: the set of
    # cooperators and the number of token compliers. Evaluate each state once.
    state = (profiles == 0).astype(np.int64) @ (2 ** np.arange(n, dtype=np.int64))
    state = state * (n + 1) + (profiles == 2).sum(axis=1)
    _, first, inverse = np.unique(state, return_index=True, return_inverse=True)
    full_profiles, profiles = profiles, profiles[first]
    cooperates = profiles == 0
    cooperators = cooperates.sum(axis=1)
    divisor = np.maximum(cooperators, 1)
    for name in ATTRIBUTES:
        mean = (actors[name] @ cooperates.T) / divisor
        if name == "demand":
            # The mean demand of an empty coalition never enters a payoff (nobody
            # cooperates); keep it positive so that it is a valid value of its symbol.
            mean = np.where(cooperators > 0, mean, 1.0)
        values[f"mean_{name}"] = mean[..., None]
        values[name] = actors[name][:, None, :]
    if scenario.group_heterogeneity is not None:
        values.setdefault("heterogeneity", scenario.group_heterogeneity)
    else:
        preference = actors["preference"]
        centre = (preference @ cooperates.T) / divisor
        spread = (np.abs(preference[:, None, :] - centre[..., None]) * cooperates).sum(axis=2)
        values["heterogeneity"] = np.where(cooperators > 1, 2.0 * spread / divisor, 0.0)[..., None]
    values["cooperators"] = cooperators[None, :, None].astype(float)
    values["token_compliers"] = (profiles == 2).sum(axis=1)[None, :, None].astype(float)
    # Evaluate each action on the states, then gather every (profile, player) entry from
    # the action it takes, in one indexing pass.
    stacked = np.empty((points, len(scenario.actions), *profiles.shape))
    for index, action in enumerate(scenario.actions):
        if (full_profiles == index).any():
            # An action's payoff may be undefined at states where nobody could take it
            # (a cooperator's (m - 1)**beta at m = 0); those entries are never gathered, so
            # the warnings are silenced. NormalFormGame rejects any NaN that is kept.
            with np.errstate(invalid="ignore", divide="ignore"):
                stacked[:, index] = model.evaluate(action, values)
        else:
            stacked[:, index] = 0.0
    states, players = profiles.shape
    gather = (full_profiles.astype(np.int64) * states + inverse[:, None]) * players \
        + np.arange(players)
    if players_first:
        return stacked.reshape(points, -1)[:, gather.T.ravel()].reshape(points, players, -1)
    result = stacked.reshape(points, -1)[:, gather.ravel()].reshape(points, *full_profiles.shape)
    return result


def symmetric_payoff(scenario: Scenario, action: str, cooperators: Any, token_compliers: Any = 0,
                     intervention: Intervention | Mapping[str, Any] | None = None) -> np.ndarray:
    """Payoff of one actor of a homogeneous scenario, by counts of actions.

    Parameters
    ----------
    scenario : Scenario
        Must be homogeneous (:attr:`Scenario.is_homogeneous`).
    action : {"C", "D", "T"}
        The actor's own action.
    cooperators, token_compliers : array_like
        :math:`m` and :math:`m_T` in the profile, *including* the actor itself.
    intervention : Intervention or mapping of arrays, optional
        ``{"authority": ..., "incentive": ..., "information": ...}`` may hold arrays in
        [0, 1]; everything broadcasts together.

    Returns
    -------
    ndarray

    Examples
    --------
    >>> from ica_model.model.cases import symmetric
    >>> scenario = symmetric()
    >>> margin = (symmetric_payoff(scenario, "C", 9)
    ...           - symmetric_payoff(scenario, "D", 8))   # deviation gain from full cooperation
    >>> bool(margin < 0)    # no intervention: full cooperation is not an equilibrium
    True
    """
    check_scenario(scenario)
    if not scenario.is_homogeneous:
        raise ValueError(f"symmetric_payoff needs a homogeneous scenario; {scenario.name!r} has "
                         f"actors that differ")
    if action not in scenario.actions:
        raise ValueError(f"action must be one of {scenario.actions}, got {action!r}")
    m = np.asarray(cooperators, dtype=float)
    m_t = np.asarray(token_compliers, dtype=float)
    n = scenario.n
    if np.any(m < 0) or np.any(m_t < 0) or np.any(m + m_t > n):
        raise ValueError(f"cooperators and token_compliers must be counts with sum at most n={n}")
    if (action == "C" and np.any(m < 1)) or (action == "T" and np.any(m_t < 1)):
        raise ValueError(f"the actor's own action {action!r} must be counted in the profile")
    actor = scenario.actors[0]
    values: dict[str, Any] = scenario_values(scenario, Intervention())
    values |= intervention_values(intervention)
    attributes = {"demand": actor.demand, "capacity": actor.capacity,
                  "selective_benefit": actor.selective_benefit,
                  "innovation_value": actor.innovation_value}
    values |= attributes
    values |= {f"mean_{name}": value for name, value in attributes.items()}
    values["cooperators"], values["token_compliers"] = m, m_t
    values["heterogeneity"] = (scenario.group_heterogeneity
                               if scenario.group_heterogeneity is not None else 0.0)
    return payoff_model(scenario.terms, scenario.network_exponent).evaluate(action, values)


def symmetric_game(scenario: Scenario, intervention: Intervention | None = None) -> SymmetricGame:
    """The homogeneous scenario as a :class:`SymmetricGame` over counts of actions.

    Works for any group size (thousands of actors), where the profile array of
    :func:`scenario_game` would not fit.

    Examples
    --------
    >>> from ica_model.model.cases import symmetric
    >>> symmetric_game(symmetric(n=500)).n_players
    500
    """
    if intervention is not None and not isinstance(intervention, Intervention):
        raise TypeError(f"intervention must be an Intervention, got {type(intervention).__name__}")

    def payoff(action: int, counts: np.ndarray) -> np.ndarray:
        cooperators, token = counts[:, 0], (counts[:, 2] if counts.shape[1] > 2 else 0)
        label = scenario.actions[action]
        own_c, own_t = int(label == "C"), int(label == "T")
        return symmetric_payoff(scenario, label, cooperators + own_c, token + own_t, intervention)

    if not scenario.is_homogeneous:
        raise ValueError(f"symmetric_game needs a homogeneous scenario; {scenario.name!r} has "
                         f"actors that differ")
    return SymmetricGame(scenario.n, payoff, scenario.actions, title=scenario.name)
