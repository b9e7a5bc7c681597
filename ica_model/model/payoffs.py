"""Numeric payoffs of a scenario, derived from the symbolic model.

A local government's payoff depends on its own action and attributes and on the *state*
of the group: the set :math:`S` of cooperators and the number :math:`m_T` of token
compliers. Every numeric payoff comes from the expressions that
:func:`ica_model.model.symbolic.payoff_model` lambdifies, evaluated state by state:

* :func:`state_payoffs`: each actor's payoff for each action at every state, for a batch
  of parameter points (the follower response decides equilibria state by state);
* :func:`batch_profile_payoffs` and :func:`scenario_game`: the payoffs of pure profiles
  (each distinct state evaluated once, then gathered);
* :func:`symmetric_payoff` and :func:`symmetric_game`: the homogeneous game by counts of
  actions, for any group size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .._validation import check_bool, check_instance, check_int, check_real_array
from ..engine.game import NormalFormGame
from ..engine.solvers.symmetric import SymmetricGame
from ..runtime import accel as _accel
from . import _fused
from .parameters import KINDS, UNIT, Intervention, Scenario, check_intervention, check_scenario
from .points import Points, as_points
from .symbolic import (
    ATTRIBUTES,
    OUTPUT_OF,
    _scenario_values,
    coalition_heterogeneity,
    coalition_means,
    payoff_model,
)

__all__ = [
    "MAX_PROFILES",
    "StateIndex",
    "StateParts",
    "StatePayoffs",
    "batch_profile_payoffs",
    "full_cooperation_payoffs",
    "homogeneous_values",
    "profile_grid",
    "profile_payoffs",
    "scenario_game",
    "state_chunk",
    "state_index",
    "state_parts",
    "state_payoffs",
    "symmetric_game",
    "symmetric_payoff",
]

#: Largest number of pure profiles of a heterogeneous game the library enumerates
#: (2**22: 22 players with two actions, 13 with three). Beyond it use the symmetric,
#: count-based evaluation.
MAX_PROFILES = 2**22


def profile_grid(scenario: Scenario) -> np.ndarray:
    """Every pure profile of the scenario's game, shape ``(K**n, n)``, in C order: row 0 is
    full cooperation and each row's flat index is its index in a payoff array.

    Examples
    --------
    >>> from ica_model.cases import symmetric
    >>> profile_grid(symmetric(n=2, token_compliance=False)).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    check_scenario(scenario)
    return _profile_grid(scenario)


def _profile_grid(scenario: Scenario) -> np.ndarray:
    """:func:`profile_grid` of a scenario already checked."""
    n, k = scenario.n, len(scenario.actions)
    if k**n > MAX_PROFILES:
        raise ValueError(f"scenario {scenario.name!r} has {k}**{n} pure profiles, more than "
                         f"MAX_PROFILES={MAX_PROFILES}; use the homogeneous closed forms or the "
                         f"symmetric solver for large groups")
    return np.indices((k,) * n, dtype=np.int8).reshape(n, -1).T


def _ndim(value: Any) -> int:
    """``np.ndim(value)`` without converting a Python number to an array (a hundred values
    per batch: a fifth of the batch's own time)."""
    if isinstance(value, np.ndarray):
        return value.ndim
    return 0 if isinstance(value, int | float) else np.ndim(value)


def _state_values(points: Points, members: np.ndarray) -> dict:
    """The values of every payoff symbol but the token count, at the given coalitions of
    each point.

    ``members`` is a boolean array ``(*states, n)`` (who cooperates). Scenario-level values
    get shape ``(V, 1, ..., 1)``, coalition aggregates ``(V, *states, 1)`` and actor
    attributes ``(V, 1, ..., 1, n)``, so that the lambdified payoffs broadcast to
    ``(V, *states, n)`` without evaluating a coalition-only term once per actor.
    """
    if points.varies("heterogeneity") and points.scenario.group_heterogeneity is None:
        raise ValueError(f"heterogeneity is computed from the actors' preferences in scenario "
                         f"{points.scenario.name!r}; vary 'preference' instead")
    values = points.values()
    state_axes = members.ndim - 1
    n = points.scenario.n
    scalar_shape = (-1,) + (1,) * (state_axes + 1)
    for name, value in list(values.items()):
        if _ndim(value) == 1:
            values[name] = value.reshape(scalar_shape)
    cooperators = members.sum(axis=-1)
    weights = members.reshape(-1, n).T.astype(float)          # (n, states)

    def total(own: np.ndarray) -> np.ndarray:
        """:math:`\\sum_{i \\in S} x_i` at every coalition: ``(V | 1, *states)``."""
        return (own @ weights).reshape((own.shape[0], *members.shape[:-1]))

    # the means and H(S) as the symbolic model defines them (coalition_means,
    # coalition_heterogeneity: the same definition the exact tripartite game uses)
    for name in ATTRIBUTES:
        # an attribute the points do not set is the same at every point: its aggregates
        # are computed once (leading axis 1) and broadcast, the same numbers
        own = values[name] if points.varies(name) else values[name][:1]    # (V | 1, n)
        mean = coalition_means({name: total(own)}, cooperators, np.where, np.maximum)
        values[f"mean_{name}"] = mean[f"mean_{name}"][..., None]
        values[name] = own.reshape((own.shape[0],) + (1,) * state_axes + (n,))
    if not points.varies("heterogeneity") and points.scenario.group_heterogeneity is None:
        preference = values["preference"].reshape(-1, n)
        laid_out = preference.reshape((preference.shape[0],) + (1,) * state_axes + (n,))
        values["heterogeneity"] = coalition_heterogeneity(
            cooperators, total(preference),
            lambda centre: (np.abs(laid_out - centre[..., None]) * members).sum(axis=-1),
            np.where, np.maximum)[..., None]
    values["cooperators"] = cooperators[None, ..., None].astype(float)
    return values


def _evaluate(points: Points, action: str, values: Mapping[str, Any]) -> np.ndarray:
    model = payoff_model(points.scenario.terms, points.scenario.network_exponent)
    # An action's payoff may be undefined at states where nobody could take it (a
    # cooperator's (m - 1)**beta at m = 0); such entries are never used, so the warnings
    # are silenced. NormalFormGame rejects any NaN that is kept.
    with np.errstate(invalid="ignore", divide="ignore"):
        return model.evaluate(action, values)


def _distinct_states(profiles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct states (cooperators and number of token compliers) of the profiles
    ``(P, n)``: the first profile of each, in the order of their codes, and each profile's
    state (``np.unique``'s ``return_index`` and ``return_inverse``)."""
    n = profiles.shape[1]
    state = (profiles == 0).astype(np.int64) @ (2 ** np.arange(n, dtype=np.int64))
    state = state * (n + 1) + (profiles == 2).sum(axis=1)
    _, first, inverse = np.unique(state, return_index=True, return_inverse=True)
    return first, inverse


def _profile_state_values(points: Points, profiles: np.ndarray) -> dict:
    """:func:`_state_values` at the states of ``profiles`` (one profile per state), with the
    number of token compliers."""
    values = _state_values(points, profiles == 0)
    values["token_compliers"] = (profiles == 2).sum(axis=1)[None, :, None].astype(float)
    return values


def _own_state_payoffs(points: Points, values: Mapping[str, Any], action: str,
                       states: np.ndarray, levels: Points | None = None) -> np.ndarray:
    """Each actor ``i``'s payoff from ``action`` at state ``states[i]`` of the states
    ``values`` lays out (:func:`_profile_state_values`), shape ``(V, n)``, or ``(V, L, n)``
    at each of the intervention levels of the L points ``levels``: the one entry a caller
    needs of each state's ``(V, n)`` payoffs, the same numbers (every state value is picked
    per actor, each point's values repeated per level, then the payoff evaluated element by
    element, as at the points crossed with the levels).

    With ``levels``, an array whose leading axis has V entries (V > 1) holds one value per
    point; a leading axis of 1, a value shared by every point."""
    count = values["cooperators"].shape[1]
    picked = {name: np.take(value[:, :, 0], states, axis=1)[:, None, :]
              if count > 1 and _ndim(value) == 3 and value.shape[1] == count else value
              for name, value in values.items()}
    size = points.size
    if levels is not None:
        for name, value in picked.items():
            if name in KINDS:
                picked[name] = np.tile(levels.columns[name], size).reshape(-1, 1, 1)
            elif _ndim(value) and value.shape[0] == size:
                picked[name] = np.repeat(value, levels.size, axis=0)
        size *= levels.size
    payoffs = np.array(np.broadcast_to(_evaluate(points, action, picked),
                                       (size, 1, len(states)))[:, 0])
    return payoffs if levels is None else payoffs.reshape(points.size, levels.size, -1)


def batch_profile_payoffs(points: Points, profiles: np.ndarray, players_first: bool = False
                          ) -> np.ndarray:
    """Payoffs at the given profiles for a batch of V parameter points at once.

    Each distinct state of the profiles (cooperators and number of token compliers) is
    evaluated once; every (profile, player) entry is then gathered from the action the
    player takes.

    Parameters
    ----------
    points : Points
    profiles : ndarray of int, shape (P, n)
        Action indices (0 = C, 1 = D, 2 = T).
    players_first : bool
        Return shape ``(V, n, P)`` instead (the layout of a payoff array), without a copy.

    Returns
    -------
    ndarray, shape (V, P, n) or (V, n, P)
    """
    check_instance("points", points, Points, "Points (from ica_model.model.points.as_points)")
    scenario = points.scenario
    # a nested list goes through check_real_array, which names profiles if it is ragged
    profiles = profiles if isinstance(profiles, np.ndarray) else check_real_array(
        "profiles", profiles)
    if profiles.dtype.kind not in "iu":
        numbers = check_real_array("profiles", profiles)
        if not (np.isfinite(numbers) & (numbers == np.round(numbers))).all():
            raise ValueError("profiles must hold action indices (whole numbers)")
        if numbers.size and (numbers.min() < 0 or numbers.max() >= len(scenario.actions)):
            raise ValueError(f"profiles must hold action indices in "
                             f"[0, {len(scenario.actions) - 1}]")   # before a cast could warn
        profiles = numbers.astype(np.int64)
    n = scenario.n
    if profiles.ndim != 2 or profiles.shape[1] != n:
        raise ValueError(f"profiles must have shape (P, {n}), got {profiles.shape}")
    if profiles.size and (profiles.min() < 0 or profiles.max() >= len(scenario.actions)):
        raise ValueError(f"profiles must hold action indices in [0, {len(scenario.actions) - 1}]")
    first, inverse = _distinct_states(profiles)
    full_profiles, profiles = profiles, profiles[first]
    values = _profile_state_values(points, profiles)
    stacked = np.empty((points.size, len(scenario.actions), *profiles.shape))
    for index, action in enumerate(scenario.actions):
        stacked[:, index] = _evaluate(points, action, values) if (full_profiles == index).any() \
            else 0.0
    states, players = profiles.shape
    gather = (full_profiles.astype(np.int64) * states + inverse.reshape(-1, 1)) * players \
        + np.arange(players)
    if players_first:
        return stacked.reshape(points.size, -1)[:, gather.T.ravel()].reshape(points.size,
                                                                               players, -1)
    return stacked.reshape(points.size, -1)[:, gather.ravel()].reshape(points.size,
                                                                       *full_profiles.shape)


def profile_payoffs(scenario: Scenario, intervention: Intervention | None,
                    profiles: np.ndarray) -> np.ndarray:
    """Payoffs of every player at each of the given pure profiles, at one intervention.

    Returns
    -------
    ndarray, shape (P, n)
    """
    return batch_profile_payoffs(as_points(scenario, check_intervention(intervention)),
                                 profiles)[0]


def full_cooperation_payoffs(points: Points, levels: Points | None = None
                             ) -> tuple[np.ndarray, np.ndarray]:
    """Each actor's payoff when all cooperate (the reward) and its best payoff from leaving
    while the others cooperate (the temptation), at each point: :math:`2n + 1` profiles.

    Parameters
    ----------
    points : Points
    levels : Points, optional
        L points of the same scenario: the payoffs of each point at each of their
        intervention levels (their kinds replace the points' own; nothing else of them is
        read), the same numbers as at the points crossed with the levels, with the values
        of the coalitions computed once per point rather than once per level.

    Returns
    -------
    reward, temptation : ndarray, shape (V, n), or (V, L, n) with ``levels``
    """
    check_instance("points", points, Points, "Points (from ica_model.model.points.as_points)")
    if levels is not None:
        check_instance("levels", levels, Points, "Points (from ica_model.model.points.as_points)")
    if levels is not None and levels.scenario is not points.scenario:
        raise ValueError("levels must be points of the scenario of points")
    if levels is not None and points.size == 1:     # a leading axis of 1 would be ambiguous
        crossed = {name: np.repeat(column, levels.size, axis=0)
                   for name, column in points.columns.items()}
        crossed |= {kind: levels.columns[kind] for kind in KINDS}
        return tuple(payoffs[None] for payoffs in full_cooperation_payoffs(
            Points(points.scenario, crossed, levels.size)))  # type: ignore[return-value]
    n, k = points.scenario.n, len(points.scenario.actions)
    deviations = np.zeros((1 + n * (k - 1), n), dtype=np.int8)
    for i in range(n):
        deviations[1 + i * (k - 1): 1 + (i + 1) * (k - 1), i] = np.arange(1, k)
    # each actor's own entry of each state only (of the n entries batch_profile_payoffs
    # evaluates per state and action): the same numbers, a (2n + 1)-th of the work
    first, inverse = _distinct_states(deviations)
    values = _profile_state_values(points, deviations[first])
    actions = points.scenario.actions
    reward = _own_state_payoffs(points, values, actions[0], np.full(n, inverse[0]), levels)
    rows = 1 + np.arange(n) * (k - 1)
    temptation = _own_state_payoffs(points, values, actions[1], inverse[rows], levels)
    for a in range(2, k):
        temptation = np.maximum(temptation, _own_state_payoffs(
            points, values, actions[a], inverse[rows + a - 1], levels))
    return reward, temptation


def scenario_game(scenario: Scenario, intervention: Intervention | Points | None = None
                  ) -> NormalFormGame:
    """The heterogeneous n-player game of ``scenario`` at ``intervention``.

    Parameters
    ----------
    scenario : Scenario
    intervention : Intervention or Points, optional
        Defaults to no intervention; one point of ``scenario`` (:class:`Points`, checked
        when it was made: neither is checked again).

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
    >>> from ica_model.cases import g60
    >>> game = scenario_game(g60(), Intervention(authority=0.4))
    >>> game.shape      # C, D and token compliance T for each city
    (3, 3, 3, 3, 3, 3, 3, 3, 3)
    """
    if not (isinstance(intervention, Points) and intervention.scenario is scenario):
        check_scenario(scenario)
        intervention = as_points(scenario, check_intervention(intervention))
    if intervention.size != 1:
        raise ValueError(f"intervention must be one point, got {intervention.size}")
    n, n_actions = scenario.n, len(scenario.actions)
    payoffs = batch_profile_payoffs(intervention, _profile_grid(scenario))[0]
    array = payoffs.T.reshape((n,) + (n_actions,) * n)
    return NormalFormGame(array, players=[a.name for a in scenario.actors],
                          actions=[scenario.actions] * n, title=scenario.name)


@dataclass(frozen=True, eq=False)
class StateIndex:
    """How the states of an n-actor group are numbered.

    A cooperator set :math:`S` is a bitmask (bit :math:`i` set when actor :math:`i`
    cooperates). From actor :math:`i`'s point of view, the others' cooperation is a
    bitmask :math:`j` of :math:`n - 1` bits over the other actors in increasing order
    (``others(i)``): its *compact* index.

    Attributes
    ----------
    members : ndarray of bool, shape (2**n, n)
        Who cooperates in each cooperator set.
    inside, outside : ndarray of int, shape (n, 2**(n - 1))
        The cooperator set when actor ``i`` joins (``others(i)[j]`` plus ``i``) or stays
        out (``others(i)[j]``).
    compact : ndarray of int, shape (n, 2**n)
        The compact index of a cooperator set from actor ``i``'s view (its own bit dropped).
    others_cooperating : ndarray of int, shape (2**(n - 1),)
        Number of other cooperators of each compact index.
    """

    members: np.ndarray
    inside: np.ndarray
    outside: np.ndarray
    compact: np.ndarray
    others_cooperating: np.ndarray


def state_index(n: int) -> StateIndex:
    """The numbering of the states of an ``n``-actor group (cached)."""
    # the index holds about 2**n * (n + 4) eight-byte numbers: n <= 24 is about 3.8 GiB
    return _state_index(check_int("n", n, 1, 24))


@lru_cache(maxsize=16)
def _state_index(n: int) -> StateIndex:
    full = np.arange(2**n, dtype=np.int64)
    half = np.arange(2 ** (n - 1), dtype=np.int64)
    actor = np.arange(n, dtype=np.int64)[:, None]
    low = (1 << actor) - 1
    outside = (half[None, :] & low) | ((half[None, :] & ~low) << 1)
    compact = (full[None, :] & low) | ((full[None, :] >> (actor + 1)) << actor)
    members = ((full[:, None] >> np.arange(n)) & 1) == 1
    counts = ((half[:, None] >> np.arange(max(n - 1, 1))) & 1).sum(axis=1)
    return StateIndex(members, outside | (1 << actor), outside, compact, counts)


@dataclass(frozen=True, eq=False)
class StatePayoffs:
    """Each actor's payoff for each action at every state of the group, at V points.

    A state is the set :math:`S` of cooperators and the number :math:`t` of token
    compliers. Arrays are indexed ``[v, i, t, j]``: point, actor, the number of token
    compliers and the others' cooperation as a compact index (:class:`StateIndex`), so that
    an actor's own change of action never needs a gather.

    Attributes
    ----------
    cooperate : ndarray, shape (V, n, T, 2**(n-1))
        :math:`U_i(C)` when the others in ``j`` and ``i`` cooperate and ``t`` comply on
        paper; meaningful where :math:`t \\le n - 1 - |j|`. ``T`` is :math:`n + 1` with token
        compliance, 1 without.
    defect : ndarray, shape (V, n, T, 2**(n-1))
        :math:`U_i(D)` when the others in ``j`` cooperate; meaningful where
        :math:`t \\le n - 1 - |j|`.
    token : ndarray or None, shape (V, n, T, 2**(n-1))
        :math:`U_i(T)`, ``i`` counted in ``t``; meaningful where
        :math:`1 \\le t \\le n - |j|`. None without token compliance.
    index : StateIndex
    low, high : ndarray, shape (V, n)
        Each actor's smallest and largest meaningful payoff over every action and state.
    """

    cooperate: np.ndarray
    defect: np.ndarray
    token: np.ndarray | None
    index: StateIndex
    low: np.ndarray
    high: np.ndarray

    def valid(self) -> tuple[np.ndarray, ...]:
        """Where each action's payoff is meaningful, shape ``(T, 2**(n-1))`` each (elsewhere
        the arrays hold values of impossible states: never use them)."""
        return self.valid_states(self.cooperate.shape[1], self.cooperate.shape[2])

    @staticmethod
    @lru_cache(maxsize=16)
    def valid_states(n: int, width: int) -> tuple[np.ndarray, ...]:
        """:meth:`valid` for ``n`` actors and ``width`` token counts."""
        others = state_index(n).others_cooperating[None, :]
        t = np.arange(width)[:, None]
        room = n - 1 - others                  # outsiders besides the actor
        return t <= room, t <= room, (t >= 1) & (t <= room + 1)


#: Bytes of state payoffs and work arrays one batch of points may hold (32 MiB); larger
#: batches are the caller's to split (see :func:`state_chunk`). Small enough that a batch
#: stays in a processor's last-level cache and the allocator reuses freed memory: for the
#: nine G60 cities, 15 points per batch ran 1.3 to 1.9 times faster than 60 (numpy path),
#: and 59 points 1.25 times faster than 15 and 3 times faster than 120 (compiled kernels).
STATE_MEMORY = 2**25


def state_chunk(scenario: Scenario, assembled: bool = True) -> int:
    """How many points :func:`state_payoffs` handles within :data:`STATE_MEMORY`.

    ``assembled``: whether the batch's payoffs are assembled into arrays and compared by
    numpy (each action's ``(V, n, T, 2**(n-1))`` payoffs and work arrays of that size), or
    compared by compiled kernels where they are formed from their parts (a flag per payoff,
    the counts per state and the parts themselves, twice for the parts' work arrays).
    """
    check_scenario(scenario)
    n, actions = scenario.n, len(scenario.actions)
    tokens = n + 1 if scenario.token.enabled else 1
    half = 2 ** (n - 1)
    if check_bool("assembled", assembled):
        per_point = 8 * actions * half * tokens * n * 4
    else:
        flags, counts = actions * n * tokens * half, 8 * tokens * 2 * half
        parts = 8 * actions * half * (2 * n + tokens)
        per_point = flags + counts + 2 * parts
    return max(1, STATE_MEMORY // per_point)


def _assemble(coefficient: np.ndarray, output: np.ndarray, remainder: np.ndarray,
              out: np.ndarray) -> np.ndarray:
    """``out[v, i, t, j] = coefficient[v, i, j] * output[v, t, j] + remainder[v, i, j]``:
    by the compiled kernel when numba is installed (one pass), else by numpy (two)."""
    kernels = _accel.compiled("ica_model.model._state_kernels")
    if kernels is not None:
        return kernels.assemble(coefficient, output, remainder, out)
    np.multiply(coefficient[:, :, None], output[:, None], out=out)
    out += remainder[:, :, None]
    return out


@dataclass(frozen=True, eq=False)
class StateParts:
    """The state payoffs before assembly: each action's payoff as its affine parts,

    .. math:: U_a[v, i, t, j] = c_a[v, i, j] \\cdot E[G_a][v, t, j] + r_a[v, i, j],

    the coefficient and remainder per coalition and actor, the expected output per count
    of cooperators and token compliers (already laid out by the compact index ``j``).
    :meth:`assemble` gives the :class:`StatePayoffs`; :meth:`at` gives single entries,
    the same numbers (the same product and sum). Arrays may be broadcast views.

    Attributes
    ----------
    coefficient, remainder : tuple of ndarray, shape (V, n, 2**(n-1)) each
        One per action, in the scenario's order.
    output : tuple of ndarray, shape (V, T, 2**(n-1)) each
    index : StateIndex
    low, high : ndarray, shape (V, n)
        As in :class:`StatePayoffs`.
    """

    coefficient: tuple[np.ndarray, ...]
    output: tuple[np.ndarray, ...]
    remainder: tuple[np.ndarray, ...]
    index: StateIndex
    low: np.ndarray
    high: np.ndarray

    @property
    def shape(self) -> tuple[int, int, int, int]:
        """``(V, n, T, 2**(n-1))``: the shape of each action's assembled payoffs."""
        size, n, half = self.coefficient[0].shape
        return size, n, self.output[0].shape[1], half

    def at(self, action: int, point: np.ndarray, actor: np.ndarray, tokens: np.ndarray,
           others: np.ndarray) -> np.ndarray:
        """The payoffs ``U_action[point, actor, tokens, others]`` (index arrays)."""
        return (self.coefficient[action][point, actor, others]
                * self.output[action][point, tokens, others]
                + self.remainder[action][point, actor, others])

    def assemble(self, out: Sequence[np.ndarray] | None = None) -> StatePayoffs:
        """The assembled :class:`StatePayoffs` (into ``out``: see :func:`state_payoffs`)."""
        shape = self.shape
        actions = len(self.coefficient)
        if out is not None and (isinstance(out, str) or not isinstance(out, Sequence | np.ndarray)
                                or not all(isinstance(a, np.ndarray) and a.flags.writeable
                                           for a in out)):
            raise TypeError(f"out must be a sequence of {actions} writable float arrays, got "
                            f"{type(out).__name__}")
        if out is not None and (len(out) != actions or any(
                a.shape[1:] != shape[1:] or a.shape[0] < shape[0] or a.dtype != float
                for a in out)):
            raise ValueError(f"out must hold {actions} float arrays of shape "
                             f"(>= {shape[0]}, {shape[1]}, {shape[2]}, {shape[3]})")
        payoffs = [_assemble(coefficient, output, remainder,
                             np.empty(shape) if out is None else out[a][:shape[0]])
                   for a, (coefficient, output, remainder) in enumerate(zip(
                       self.coefficient, self.output, self.remainder, strict=True))]
        return StatePayoffs(payoffs[0], payoffs[1], payoffs[2] if actions == 3 else None,
                            self.index, self.low, self.high)


def kernel_input(array: np.ndarray) -> np.ndarray:
    """``array`` as a C-ordered read-only view (a copy only where it is not C-ordered): every
    argument of a compiled kernel then has one numba type, so each kernel is compiled once,
    not once per combination of layouts and write flags."""
    array = np.ascontiguousarray(array)
    if array.flags.writeable:
        array = array.view()
        array.setflags(write=False)
    return array


def _bounds(coefficient: np.ndarray, output: np.ndarray, remainder: np.ndarray,
            meaningful: np.ndarray, low: np.ndarray, high: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """``low`` and ``high`` widened to one action's meaningful payoffs: by the compiled
    kernel when numba is installed (one pass), else by numpy; the same numbers."""
    kernels = _accel.compiled("ica_model.model._state_kernels")
    if kernels is not None:
        coefficient, output, remainder, meaningful = (kernel_input(a) for a in
                                                      (coefficient, output, remainder, meaningful))
        return kernels.bounds(coefficient, output, remainder, meaningful, low, high)
    coefficient, remainder = coefficient[:, :, None], remainder[:, :, None]
    # a payoff is affine in the output, so over the meaningful token counts of a state it
    # is extreme where the output is
    lowest = np.where(meaningful, output, np.inf).min(axis=1)[:, None, None]
    highest = np.where(meaningful, output, -np.inf).max(axis=1)[:, None, None]
    for end in (lowest, highest):
        at = coefficient * end + remainder                        # (V, n, 1, H)
        low = np.minimum(low, at.min(axis=(2, 3)))
        high = np.maximum(high, at.max(axis=(2, 3)))
    return low, high


def state_payoffs(points: Points, out: Sequence[np.ndarray] | None = None) -> StatePayoffs:
    """Every actor's payoff for every action at every state, at each point.

    Each payoff is assembled as :math:`c_a(i, S) \\cdot E[G_a](|S|, t) + r_a(i, S)`
    (:class:`~ica_model.model.symbolic.PayoffModel`): the parts that depend on the
    coalition are evaluated once per coalition and actor, the expected outputs once per
    count of cooperators and token compliers (:func:`state_parts`).

    ``out``, one float array per action of shape ``(V', n, T, 2**(n-1))`` with
    :math:`V' \\ge V`, receives the payoffs in its first V rows: a caller that handles many
    batches reuses the same memory (fresh arrays of this size cost page faults).

    Examples
    --------
    >>> from ica_model.cases import g60
    >>> payoffs = state_payoffs(as_points(g60(), Intervention(authority=0.4)))
    >>> payoffs.cooperate.shape         # points, actors, token counts, the others' cooperation
    (1, 9, 10, 256)
    """
    check_instance("points", points, Points, "Points (from ica_model.model.points.as_points)")
    return state_parts(points).assemble(out)


def _gathered(points: Points, model: Any, index: StateIndex) -> dict[str, dict]:
    """The coalition aggregates and own attributes each side's coefficients and remainders
    need, laid out ``(V | 1, n, H)``: ``inside`` (the actor joins the others in ``j``) for
    C, ``outside`` for D and T."""
    scenario = points.scenario
    n = scenario.n
    coalition = _state_values(points, index.members)           # aggregates (V | 1, 2**n, 1)
    halves = {}
    for side, sets in (("inside", index.inside), ("outside", index.outside)):
        actions = [a for a in scenario.actions if (a == "C") == (side == "inside")]
        needed = {name for action in actions for part in ("coefficient", "remainder")
                  for name in model.part_functions[(part, action)][0]}
        values = {}
        for name in needed:
            value = coalition[name]
            if _ndim(value) == 3 and value.shape[2] == n:           # own attribute (V, 1, n)
                values[name] = value.reshape(-1, n, 1)
            elif _ndim(value) == 3 and value.shape[1] == 2**n:     # aggregate (V|1, 2**n, 1)
                # np.take lays the result out in C order (an index array in the middle
                # would make the point axis the fastest, and every later pass strided)
                values[name] = np.take(value[:, :, 0], sets, axis=1)
        halves[side] = values
    return halves


@lru_cache(maxsize=8)
def _scenario_gathered(scenario: Scenario) -> dict[str, dict]:
    """:func:`_gathered` of points that set no actor attribute: the scenario's own, the same
    for every batch of a sweep (read-only arrays)."""
    model = payoff_model(scenario.terms, scenario.network_exponent)
    halves = _gathered(Points(scenario, {}, 1), model, state_index(scenario.n))
    for values in halves.values():
        for array in values.values():
            array.setflags(write=False)
    return halves


def _coalition_halves(points: Points, model: Any, index: StateIndex) -> dict[str, dict]:
    """Every value each side's coefficients and remainders need (:func:`_gathered`, and the
    scenario-level values as scalars or ``(V, 1, 1)``)."""
    scenario = points.scenario
    if any(points.varies(name) for name in (*ATTRIBUTES, "heterogeneity")):
        gathered = _gathered(points, model, index)
    else:
        try:
            gathered = _scenario_gathered(scenario)
        except TypeError:          # a scenario holding something unhashable: not cached
            gathered = _scenario_gathered.__wrapped__(scenario)
    point_values = points.values()
    halves = {}
    for side, values in gathered.items():
        actions = [a for a in scenario.actions if (a == "C") == (side == "inside")]
        needed = {name for action in actions for part in ("coefficient", "remainder")
                  for name in model.part_functions[(part, action)][0]}
        halves[side] = dict(values)
        for name in needed - set(values):
            value = point_values[name]
            halves[side][name] = value.reshape(-1, 1, 1) if _ndim(value) == 1 else value
    return halves


def _part(model: Any, part: str, action: str, values: Mapping[str, Any],
          shape: tuple[int, int, int], compiled: bool) -> np.ndarray:
    """A coefficient or remainder laid out ``shape`` ``(V, n, H)``: by a fused kernel
    generated from the lambdified part when numba is installed
    (:mod:`ica_model.model._fused`), else by the lambdified numpy function (broadcast)."""
    if compiled:
        names, function = model.part_functions[(part, action)]
        missing = [name for name in names if name not in values]
        if missing:
            raise ValueError(f"values is missing {missing}")
        fused = _fused.evaluate(function, names, values, shape)
        if fused is not None:
            return fused
    return np.broadcast_to(np.ascontiguousarray(model.evaluate_part(part, action, values)),
                           shape)


def state_parts(points: Points, fused: bool = False) -> StateParts:
    """The state payoffs' parts at each point (:class:`StateParts`), unassembled: what
    :func:`state_payoffs` assembles, and what a compiled equilibrium test reads directly.

    ``fused``: evaluate the coefficients and remainders by kernels generated from the
    lambdified parts and compiled by numba (:mod:`ica_model.model._fused`; when numba is
    installed), the same numbers as numpy's in a third of the time, after a compilation of
    about half a second per part and broadcast pattern (once per installation with the
    code cache on): for sweeps of thousands of points.

    Examples
    --------
    >>> from ica_model.cases import g60
    >>> parts = state_parts(as_points(g60(), Intervention(authority=0.4)))
    >>> parts.shape, len(parts.coefficient)
    ((1, 9, 10, 256), 3)
    """
    check_instance("points", points, Points, "Points (from ica_model.model.points.as_points)")
    fused = check_bool("fused", fused)
    scenario = points.scenario
    n = scenario.n
    if len(scenario.actions) ** n > MAX_PROFILES:
        raise ValueError(f"scenario {scenario.name!r} has {len(scenario.actions)}**{n} profiles, "
                         f"more than MAX_PROFILES={MAX_PROFILES}")
    model = payoff_model(scenario.terms, scenario.network_exponent)
    index = state_index(n)
    tokens = np.arange(n + 1) if scenario.token.enabled else np.zeros(1, dtype=int)
    halves = _coalition_halves(points, model, index)
    counts = {name: (value.reshape(-1, 1, 1) if _ndim(value) == 1 else value)
              for name, value in points.values().items()}
    counts["token_compliers"] = tokens.astype(float)[None, :, None]
    counts["cooperators"] = np.arange(n + 1, dtype=float)[None, None, :]
    half = 2 ** (n - 1)
    shape = (points.size, n, len(tokens), half)
    parts: dict[str, list[np.ndarray]] = {"coefficient": [], "output": [], "remainder": []}
    valid = StatePayoffs.valid_states(n, len(tokens))
    low, high = np.full(shape[:2], np.inf), np.full(shape[:2], -np.inf)
    compiled = _accel.compiled("ica_model.model._state_kernels") is not None
    with np.errstate(invalid="ignore", divide="ignore"):
        for action, meaningful in zip(scenario.actions, valid, strict=False):
            side = "inside" if action == "C" else "outside"
            output = model.evaluate_part("output", OUTPUT_OF[action], counts)   # (V, T, n + 1)
            cooperators = index.others_cooperating + (action == "C")
            output = np.take(np.broadcast_to(output, (points.size, len(tokens), n + 1)),
                             cooperators, axis=2)                       # (V, T, H), C order
            coefficient, remainder = (_part(model, part, action, halves[side],
                                            (points.size, n, half), compiled and fused)
                                      for part in ("coefficient", "remainder"))
            if compiled:    # once here rather than by each kernel
                coefficient, output, remainder = map(kernel_input,
                                                     (coefficient, output, remainder))
            parts["coefficient"].append(coefficient)
            parts["output"].append(output)
            parts["remainder"].append(remainder)
            low, high = _bounds(coefficient, output, remainder, meaningful, low, high)
    return StateParts(tuple(parts["coefficient"]), tuple(parts["output"]),
                      tuple(parts["remainder"]), index, low, high)


def symmetric_payoff(scenario: Scenario, action: str, cooperators: Any, token_compliers: Any = 0,
                     intervention: Intervention | Mapping[str, Any] | None = None) -> np.ndarray:
    """Payoff of one actor of a homogeneous scenario, by counts of actions.

    Parameters
    ----------
    scenario : Scenario
        Must be homogeneous (:attr:`Scenario.is_homogeneous`).
    action : {"C", "D", "T"}
        The actor's own action.
    cooperators, token_compliers : array_like of int
        :math:`m` and :math:`m_T` in the profile, *including* the actor itself: whole
        numbers (integer-valued floats are accepted), :math:`m_T = 0` without token
        compliance.
    intervention : Intervention or mapping of arrays, optional
        Intervention levels by kind; arrays in [0, 1] broadcast with the counts.

    Returns
    -------
    ndarray

    Examples
    --------
    >>> from ica_model.cases import symmetric
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
    if not isinstance(action, str) or action not in scenario.actions:
        raise ValueError(f"action must be one of {scenario.actions}, got {action!r}")
    values = homogeneous_values(scenario, intervention)
    m = check_real_array("cooperators", cooperators, booleans=False)
    m_t = check_real_array("token_compliers", token_compliers, booleans=False)
    for name, counts in [("cooperators", m), ("token_compliers", m_t)]:
        if not np.all(np.isfinite(counts) & (counts == np.round(counts))):  # a share is no count
            bad = counts[~(np.isfinite(counts) & (counts == np.round(counts)))].ravel()[0]
            raise ValueError(f"{name} must be whole numbers of actors, got {bad}")
    if "T" not in scenario.actions and np.any(m_t != 0):
        raise ValueError(f"token_compliers must be 0: scenario {scenario.name!r} has no token "
                         f"compliance (actions {scenario.actions})")
    n = scenario.n
    if np.any(m < 0) or np.any(m_t < 0) or np.any(m + m_t > n):
        raise ValueError(f"cooperators and token_compliers must be counts with sum at most n={n}")
    if (action == "C" and np.any(m < 1)) or (action == "T" and np.any(m_t < 1)):
        counted = "cooperators" if action == "C" else "token_compliers"
        raise ValueError(f"{counted}: the actor's own action {action!r} must be counted in the "
                         f"profile (at least 1), got {m if action == 'C' else m_t}")
    values["cooperators"], values["token_compliers"] = m, m_t
    return payoff_model(scenario.terms, scenario.network_exponent).evaluate(action, values)


def homogeneous_values(scenario: Scenario,
                       intervention: Intervention | Mapping[str, Any] | None = None
                       ) -> dict[str, Any]:
    """The value of every payoff symbol but the action counts, for identical actors: the
    actor's own attributes stand for the cooperators' means, the group's heterogeneity
    is its constant (0 if it sets none). Intervention levels may be arrays (any shape, in
    [0, 1]; they broadcast)."""
    return _unchecked_homogeneous_values(check_scenario(scenario), intervention)


def _unchecked_homogeneous_values(scenario: Scenario,
                                  intervention: Intervention | Mapping[str, Any] | None = None
                                  ) -> dict[str, Any]:
    """:func:`homogeneous_values` of a checked scenario (its intervention still checked)."""
    values: dict[str, Any] = _scenario_values(scenario, Intervention())
    if isinstance(intervention, Intervention):
        values |= {kind: getattr(intervention, kind) for kind in KINDS}
    elif intervention is not None:
        if not isinstance(intervention, Mapping):
            raise TypeError(f"intervention must be an Intervention or a mapping of kinds to "
                            f"arrays, got {type(intervention).__name__}")
        unknown = sorted(set(intervention) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown intervention kind(s) {unknown}; allowed: {list(KINDS)}")
        values |= {kind: UNIT.check_array(kind, level) for kind, level in intervention.items()}
    actor = scenario.actors[0]
    attributes = {name: getattr(actor, name) for name in ATTRIBUTES}
    values |= attributes | {f"mean_{name}": value for name, value in attributes.items()}
    values["heterogeneity"] = (scenario.group_heterogeneity
                               if scenario.group_heterogeneity is not None else 0.0)
    return values


def symmetric_game(scenario: Scenario, intervention: Intervention | None = None) -> SymmetricGame:
    """The homogeneous scenario as a :class:`SymmetricGame` over counts of actions.

    Works for any group size (thousands of actors), where the profile array of
    :func:`scenario_game` would not fit.

    Examples
    --------
    >>> from ica_model.cases import symmetric
    >>> symmetric_game(symmetric(n=500)).n_players
    500
    """
    check_scenario(scenario)
    check_intervention(intervention)

    def payoff(action: int, counts: np.ndarray) -> np.ndarray:
        cooperators, token = counts[:, 0], (counts[:, 2] if counts.shape[1] > 2 else 0)
        label = scenario.actions[action]
        own_c, own_t = int(label == "C"), int(label == "T")
        return symmetric_payoff(scenario, label, cooperators + own_c, token + own_t, intervention)

    if not scenario.is_homogeneous:
        raise ValueError(f"symmetric_game needs a homogeneous scenario; {scenario.name!r} has "
                         f"actors that differ")
    return SymmetricGame(scenario.n, payoff, scenario.actions, title=scenario.name)
