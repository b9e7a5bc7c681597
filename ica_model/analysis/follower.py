r"""The local governments' equilibrium response to many interventions (or parameter
points) at once.

Everything the leader–follower analysis (:mod:`ica_model.analysis.leader`), the stability
metrics (:mod:`ica_model.analysis.stability`) and the sweeps need about the follower game
comes from here: every pure Nash equilibrium at each point, the margin of full
cooperation, and the one equilibrium the authority expects to be played.

States, not profiles
--------------------
A payoff depends only on the actor's own action and the *state*: the set :math:`S` of
cooperators and the number :math:`t` of token compliers
(:func:`ica_model.model.payoffs.state_payoffs`). So the equilibrium condition is decided
state by state and deviator by deviator, never profile by profile. At a state
:math:`(S, t)` every cooperator must not gain by leaving (to :math:`(S \setminus i, t)`
as a defector or :math:`(S \setminus i, t + 1)` as a token complier); each outsider
:math:`j` is *content as a defector* if it gains nothing by joining or by complying on
paper, and *content as a token complier* likewise. If every outsider is content in at
least one role, the number of equilibrium profiles with that state is

.. math:: \binom{|A \cap B|}{t - |B \setminus A|},

with :math:`A` (:math:`B`) the outsiders content as defectors (token compliers): those
content only as token compliers must comply, those content only as defectors must defect,
and the rest fill the remaining places. A profile is an equilibrium exactly when every
player is content with its action: the same test as comparing each player's payoff with
its best deviation in the profile game, with the engine's tolerance (a share of each
actor's payoff range, :func:`~ica_model.engine.solvers.verify.payoff_tolerance`); totals
within the sum of the actors' tolerances count as tied.

Equilibrium selection
---------------------
When the follower game has several pure equilibria, the selected one has

1. the **most cooperators** (the authority coordinates on the most cooperative outcome:
   it can convene, set the agenda and name the pilots; 刘露露, 《数字治理跨界行动中的困境及
   优化策略——基于G60九城"跨省通办"的政务观测》); among those,
2. the **largest total payoff** of the local governments (the Pareto-best among equally
   cooperative outcomes); among those,
3. the lowest profile index (C before D before T, first actor first): a fixed tie-break
   so that results are deterministic.

The **harshest** equilibrium (the punishment of a grim trigger) has the fewest
cooperators, then the lowest total payoff, then the lowest profile index. Only the
profiles of the states that can hold the selected or the harshest equilibrium are ever
enumerated. If the follower game has no pure equilibrium at some point, the response
there is marked ``has_equilibrium = False``; its selected profile is meaningless (all −1).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
from scipy.special import comb

from ..engine.solvers.results import EquilibriumResult
from ..engine.solvers.verify import ROUNDING_FLOOR, check_tolerance
from ..model.parameters import Intervention, Scenario, check_scenario
from ..model.payoffs import (
    StateParts,
    StatePayoffs,
    _profile_grid,
    full_cooperation_payoffs,
    kernel_input,
    state_chunk,
    state_index,
    state_parts,
)
from ..model.points import Points, as_points
from ..runtime import accel as _accel

__all__ = ["FollowerResponse", "follower_response", "follower_response_from_equilibria"]


@dataclass(frozen=True, eq=False)
class FollowerResponse:
    """The follower game's pure equilibria and selected outcome at V points.

    Attributes
    ----------
    points : Points
        The parameter points (interventions and any other parameters).
    equilibrium_count : ndarray of int, shape (V,)
        Number of pure Nash equilibria.
    has_equilibrium : ndarray of bool, shape (V,)
    full_cooperation : ndarray of bool, shape (V,)
        Whether full cooperation is a pure Nash equilibrium.
    margin : ndarray, shape (V,)
        :math:`\\min_i [U_i(C, C_{-i}) - \\max_{a \\ne C} U_i(a, C_{-i})]`: the smallest
        incentive to stay when all cooperate (full cooperation is an equilibrium iff
        :math:`\\ge 0`; :func:`ica_model.model.closed_form.full_cooperation_margin`).
    most_cooperators, fewest_cooperators : ndarray of int, shape (V,)
        Over the pure equilibria (−1 where there is none).
    profile : ndarray of int, shape (V, n)
        The selected equilibrium (module docstring), action indices (−1 where there is
        no pure equilibrium: see ``has_equilibrium``).
    payoffs : ndarray, shape (V, n)
        Each actor's payoff there (NaN where there is no pure equilibrium).
    cooperators, token_compliers : ndarray of int, shape (V,)
        Counts in the selected equilibrium.
    harshest : ndarray of int, shape (V, n)
        The harshest equilibrium (module docstring), action indices (−1: none).
    harshest_payoffs : ndarray, shape (V, n)
        Payoffs there (NaN where there is no pure equilibrium).
    temptation : ndarray, shape (V, n)
        Each actor's best payoff from deviating when all others cooperate.
    reward : ndarray, shape (V, n)
        Each actor's payoff under full cooperation.
    """

    points: Points
    equilibrium_count: np.ndarray
    has_equilibrium: np.ndarray
    full_cooperation: np.ndarray
    margin: np.ndarray
    most_cooperators: np.ndarray
    fewest_cooperators: np.ndarray
    profile: np.ndarray
    payoffs: np.ndarray
    cooperators: np.ndarray
    token_compliers: np.ndarray
    harshest: np.ndarray
    harshest_payoffs: np.ndarray
    temptation: np.ndarray
    reward: np.ndarray

    @property
    def interventions(self) -> dict[str, np.ndarray]:
        """The intervention levels, one array ``(V,)`` per kind."""
        return self.points.interventions


@dataclass(frozen=True, eq=False)
class _Profiles:
    """Every profile of an n-actor game, grouped by state (shared by every point)."""

    actions: np.ndarray        # (K**n, n) every profile, C order
    coalition: np.ndarray      # (K**n,) its cooperator set
    tokens: np.ndarray         # (K**n,) its number of token compliers
    by_state: np.ndarray       # profile indices sorted by state (then profile index)
    start: np.ndarray          # (2**n * T + 1,) pointers into by_state, per state


@lru_cache(maxsize=8)
def _profiles(n: int, actions: int) -> _Profiles:
    profiles = np.indices((actions,) * n, dtype=np.int8).reshape(n, -1).T
    coalition = (profiles == 0).astype(np.int64) @ (1 << np.arange(n, dtype=np.int64))
    tokens = (profiles == 2).sum(axis=1)
    width = n + 1 if actions == 3 else 1
    key = coalition * width + tokens
    order = np.argsort(key, kind="stable")
    return _Profiles(profiles, coalition, tokens, order,
                     np.searchsorted(key[order], np.arange(2**n * width + 1)))


def _content(payoffs: StatePayoffs, slack: np.ndarray) -> list[np.ndarray]:
    """Who is content with its action at each state, laid out like the payoffs: a
    cooperator gains nothing by leaving, an outsider nothing by joining or by switching
    between defecting and complying on paper (within ``slack``)."""
    c, d, k = payoffs.cooperate, payoffs.defect, payoffs.token
    slack = slack[:, :, None, None]                    # (V, n): one tolerance per actor
    if k is None:
        return [c >= d - slack, d >= c - slack]
    stay, as_defector, as_token = (np.zeros(c.shape, dtype=bool) for _ in range(3))
    work = np.empty(c[:, :, 1:].shape)
    # the last token count leaves no room for a defector, so no deviation to T from there
    stay[:, :, -1:] = c[:, :, -1:] >= d[:, :, -1:] - slack
    as_defector[:, :, -1:] = d[:, :, -1:] >= c[:, :, -1:] - slack
    for own, first, other in ((c, d, stay), (d, c, as_defector)):
        np.maximum(first[:, :, :-1], k[:, :, 1:], out=work)
        work -= slack
        np.greater_equal(own[:, :, :-1], work, out=other[:, :, :-1])
    np.maximum(c[:, :, :-1], d[:, :, :-1], out=work)
    work -= slack
    np.greater_equal(k[:, :, 1:], work, out=as_token[:, :, 1:])
    return [stay, as_defector, as_token]


@lru_cache(maxsize=8)
def _binomials(n: int) -> np.ndarray:
    """``table[a, b + n]`` = C(a, b) for 0 <= a <= n and -n <= b <= n (0 outside 0..a)."""
    table = np.zeros((n + 1, 2 * n + 1), dtype=np.int64)
    for a in range(n + 1):
        for b in range(a + 1):
            table[a, b + n] = comb(a, b, exact=True)
    return table


def _counts(payoffs: StatePayoffs, content: list[np.ndarray]) -> np.ndarray:
    """The number of equilibrium profiles at each state, shape (V, T, 2**n).

    Each actor's flags, indexed by the others' cooperation, are spread over the states
    with its own bit fixed (a reshaped view), never gathered.
    """
    size, n, width, _ = payoffs.cooperate.shape
    valid = payoffs.valid()
    full = (size, width) + (2,) * n
    stays = np.ones(full, dtype=bool)
    both, only_token, neither = (np.zeros(full, dtype=np.int8) for _ in range(3))
    compact = (size, width) + (2,) * (n - 1)
    for i in range(n):
        inside = (slice(None),) * (n + 1 - i) + (1,)    # actor i's bit, most significant first
        outside = (*inside[:-1], 0)
        stays[inside] &= content[0][:, i].reshape(compact)
        defect_ok = (content[1][:, i] & valid[1]).reshape(compact)
        if len(content) == 2:
            neither[outside] += ~defect_ok
            continue
        token_ok = (content[2][:, i] & valid[2]).reshape(compact)
        both[outside] += defect_ok & token_ok
        only_token[outside] += token_ok & ~defect_ok
        neither[outside] += ~defect_ok & ~token_ok
    flat = (size, width, 2**n)
    stays = stays.reshape(flat) & (neither.reshape(flat) == 0)
    if len(content) == 2:
        return stays.astype(np.int64)
    t = np.arange(width)[None, :, None]
    places = t - only_token.reshape(flat)                  # token places left to fill
    ways = _binomials(n)[both.reshape(flat), places + n]
    room = (n - payoffs.index.members.sum(axis=1))[None, None, :]
    return np.where(stays & (t <= room), ways, 0)


#: Calls with at least this many points evaluate the payoff parts by fused compiled
#: kernels (:func:`~ica_model.model.payoffs.state_parts` ``fused=True``; numba): the same
#: numbers, with a compilation (about 3 s for G60's six parts, once per installation with
#: the code cache on) that the saving pays back over about this many points.
FUSED_POINTS = 2000

#: Points per call of ``full_cooperation_payoffs`` (about 1 MiB of payoffs each for nine
#: actors with token compliance).
_FULL_COOPERATION_CHUNK = 4096


#: The compiled kernels of :func:`_content_and_counts` (numba).
_KERNELS = "ica_model.analysis._follower_kernels"


class _Workspace:
    """The arrays of one batch, allocated once and reused by every batch: fresh arrays of
    these sizes would cost a page fault per 4 KiB each time (a third of the time). The
    arrays of each path are allocated on its first use."""

    def __init__(self, scenario: Scenario, batch: int) -> None:
        n = scenario.n
        self.shape = (batch, n, n + 1 if scenario.token.enabled else 1, 2 ** (n - 1))
        self.actions = len(scenario.actions)

    @cached_property
    def payoffs(self) -> list[np.ndarray]:
        return [np.empty(self.shape) for _ in range(self.actions)]

    @cached_property
    def content(self) -> list[np.ndarray]:
        return [np.empty(self.shape, dtype=bool) for _ in range(self.actions)]

    @cached_property
    def counts(self) -> np.ndarray:
        return np.empty((self.shape[0], self.shape[2], 2 * self.shape[3]), dtype=np.int64)

    @cached_property
    def summary(self) -> np.ndarray:
        return np.empty((self.shape[0], 3), dtype=np.int64)


def _summary(count: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Each point's number of equilibrium profiles and the most and the fewest cooperators
    in one (-1: none), shape (V, 3), from the counts ``(V, T, 2**n)`` and the states' sizes
    ``(2**n,)``."""
    held = count > 0
    has = held.any(axis=(1, 2))
    most = np.where(held, sizes, -1).max(axis=(1, 2))
    fewest = np.where(has, np.where(held, sizes, sizes.size).min(axis=(1, 2)), -1)
    return np.stack([count.sum(axis=(1, 2)), most, fewest], axis=1)


def _content_and_counts(parts: StateParts, slack: np.ndarray, workspace: _Workspace
                        ) -> tuple[list[np.ndarray], np.ndarray, np.ndarray,
                                   tuple[np.ndarray, ...], Callable[..., np.ndarray]]:
    """:func:`_content` and :func:`_counts`, their :func:`_summary`, the (point, token
    count, cooperator set) of the states holding equilibria in C order (at least those
    with the most or the fewest cooperators of their point: what :func:`_choose` looks
    at), and a function giving single payoffs ``(action, point, actor, tokens, others)``.

    With numba installed the compiled kernels (:mod:`ica_model.analysis._follower_kernels`)
    compare the payoffs where they form them from their parts, without assembling the
    payoff arrays, and write into the workspace; without it numpy assembles the arrays
    (into the workspace) and compares them. The same numbers, so the same results.
    """
    kernels = _accel.compiled(_KERNELS)
    size, n = parts.shape[:2]
    if kernels is None:
        payoffs = parts.assemble(workspace.payoffs)
        content = _content(payoffs, slack)
        arrays = [a for a in (payoffs.cooperate, payoffs.defect, payoffs.token) if a is not None]
        count = _counts(payoffs, content)
        return content, count, _summary(count, parts.index.members.sum(axis=1)), \
            np.nonzero(count), lambda action, *index: arrays[action][index]
    content = [array[:size] for array in workspace.content]
    with_token = len(parts.coefficient) == 3
    flags = content if with_token else \
        [*content, np.empty((size, n, 0, parts.shape[3]), dtype=bool)]
    # C-order read-only arrays, one type: a broadcast view (layout "A") in the tuples makes
    # numba compile a strided loop four times slower than the copy costs, and mixed write
    # flags would compile one specialisation per combination
    coefficient, output, remainder = (tuple(kernel_input(a) for a in arrays) for arrays
                                      in (parts.coefficient, parts.output, parts.remainder))
    kernels.content_from_parts(coefficient, output, remainder, kernel_input(slack), *flags)
    valid = StatePayoffs.valid_states(n, parts.shape[2])
    summary = workspace.summary[:size]
    count = kernels.counts(*flags, valid[1], valid[2], _binomials(n), workspace.counts[:size],
                           summary)
    held = kernels.extreme_states(count, summary, parts.index.members.sum(axis=1))
    return content, count, summary, tuple(held), parts.at


def _choose(shape: tuple[int, ...], lookup: Callable[..., np.ndarray],
            content: list[np.ndarray], held: tuple[np.ndarray, ...], target: np.ndarray,
            slack: np.ndarray, best: str) -> tuple[np.ndarray, np.ndarray]:
    """The selected (``best="most"``) or harshest (``"fewest"``) equilibrium of each point
    among those with ``target`` cooperators (−1: none): its profile index and payoffs.
    ``held``: the (point, token count, cooperator set) of every state holding an
    equilibrium, in C order (``np.nonzero`` of the counts).

    Only the profiles of the states that can hold it are enumerated. Totals within
    ``slack`` of the best count as tied; ties go to the lowest profile index.
    """
    size, n, width, _ = shape
    table = _profiles(n, len(content))
    index = state_index(n)
    sizes = index.members.sum(axis=1)
    keep = sizes[held[2]] == target[held[0]]
    point, tokens, state = (axis[keep] for axis in held)
    flat = state * width + tokens
    lengths = table.start[flat + 1] - table.start[flat]
    owner = np.repeat(point, lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    chosen = table.by_state[np.repeat(table.start[flat], lengths) + offsets]
    actions, coalition = table.actions[chosen], table.coalition[chosen]
    token_count = table.tokens[chosen] if width > 1 else np.zeros(len(chosen), dtype=np.int64)
    # every (profile, actor) pair at once, one gather per action
    actor = np.tile(np.arange(n), len(chosen))
    others = index.compact[actor, np.repeat(coalition, n)]
    owners, pair_tokens = np.repeat(owner, n), np.repeat(token_count, n)
    flat_actions = actions.ravel()
    flat_gained = np.empty(len(chosen) * n)
    content_ok = np.empty(len(chosen) * n, dtype=bool)
    for a, content_with in enumerate(content):
        take = flat_actions == a
        at = (owners[take], actor[take], pair_tokens[take], others[take])
        flat_gained[take] = lookup(a, *at)
        content_ok[take] = content_with[at]
    gained = flat_gained.reshape(len(chosen), n)
    equilibrium = content_ok.reshape(len(chosen), n).all(axis=1)
    owner, chosen, gained = owner[equilibrium], chosen[equilibrium], gained[equilibrium]
    total = gained.sum(axis=1)
    extreme = np.full(size, -np.inf if best == "most" else np.inf)
    (np.maximum if best == "most" else np.minimum).at(extreme, owner, total)
    near = (total >= extreme[owner] - slack[owner]) if best == "most" else \
        (total <= extreme[owner] + slack[owner])
    unset = np.iinfo(np.int64).max
    profile = np.full(size, unset)
    np.minimum.at(profile, owner[near], chosen[near])
    picked = near & (chosen == profile[owner])
    values = np.full((size, n), np.nan)
    values[owner[picked]] = gained[picked]
    if ((target >= 0) & (profile == unset)).any():  # pragma: no cover - a counted state holds one
        raise RuntimeError("no equilibrium profile found in a state counted as holding one")
    return np.where(target >= 0, profile, -1), values


def _batches(scenario: Scenario, size: int) -> Iterator[tuple[slice, _Workspace]]:
    """The batches of ``size`` points, each with the workspace they share: as few as
    :func:`~ica_model.model.payoffs.state_chunk` allows, all of one size but the last, which
    holds a single point only where every batch does (else it joins the batch before: one
    point more than the budget).

    One size for all: batches alternating between two sizes (an even split, 71 and 72 points
    for 2,000) made glibc's adaptive thresholds map fresh pages for every batch, 21,000 page
    faults a call against 2,500, 12 % slower. No batch of one point: it would take the fused
    kernels' specialisation for scalar values, about 50 ms to load in each worker of a sweep
    (a worker's first G60 chunk of 1,242 = 17 x 73 + 1 points had taken 219 ms instead of
    143).
    """
    batch = state_chunk(scenario, assembled=_accel.compiled(_KERNELS) is None)
    batch = max(1, -(-size // max(1, -(-size // batch))))     # the ceiling size
    starts = list(range(0, size, batch))
    if batch > 1 and len(starts) > 1 and size - starts[-1] == 1:
        starts.pop()                                # the last point joins the batch before
    bounds = [*starts, size]
    workspace = _Workspace(scenario, max((b - a for a, b in itertools.pairwise(bounds)), default=0))
    for start, stop in itertools.pairwise(bounds):
        yield slice(start, stop), workspace


def _respond(points: Points, tolerance: float, out: dict[str, np.ndarray], part: slice,
             workspace: _Workspace, fused: bool) -> None:
    parts = state_parts(points, fused=fused)
    n = points.scenario.n
    # the engine's tolerance rule, per actor: a share of its payoff range plus a rounding floor
    slack = (tolerance * (parts.high - parts.low)
             + ROUNDING_FLOOR * np.maximum(np.abs(parts.low), np.abs(parts.high)))
    content, count, summary, states, lookup = _content_and_counts(parts, slack, workspace)
    most, fewest = summary[:, 1], summary[:, 2]
    has = most >= 0
    profiles = _profiles(n, len(content)).actions
    total_slack = slack.sum(axis=1)
    selected, out["payoffs"][part] = _choose(parts.shape, lookup, content, states, most,
                                             total_slack, "most")
    harshest, out["harshest_payoffs"][part] = _choose(parts.shape, lookup, content, states,
                                                      fewest, total_slack, "fewest")
    out["profile"][part] = np.where(has[:, None], profiles[np.maximum(selected, 0)], -1)
    out["harshest"][part] = np.where(has[:, None], profiles[np.maximum(harshest, 0)], -1)
    out["equilibrium_count"][part] = summary[:, 0]
    out["full_cooperation"][part] = count[:, 0, -1] > 0
    out["most_cooperators"][part] = most
    out["fewest_cooperators"][part] = fewest


def follower_response(scenario: Scenario, points: Any = None, tolerance: float | None = None
                      ) -> FollowerResponse:
    """Pure equilibria, the selected equilibrium and full-cooperation incentives at each
    point.

    Parameters
    ----------
    scenario : Scenario
        Up to :data:`ica_model.model.payoffs.MAX_PROFILES` profiles (e.g. 13 actors with
        token compliance, 22 without).
    points : Points or anything :func:`~ica_model.model.points.as_points` accepts
        Interventions, alone or with any other parameters (e.g. Monte Carlo draws).
    tolerance : float, optional
        Relative best-response tolerance: a share of each actor's payoff range over the game
        (the engine's rule, :func:`~ica_model.engine.solvers.verify.payoff_tolerance`).

    Returns
    -------
    FollowerResponse

    Examples
    --------
    The G60 cities with information support 0.3: all nine cooperate without authority;
    mandates push first Huzhou, then every city into complying on paper:

    >>> from ica_model.cases import g60
    >>> response = follower_response(g60(), {"authority": [0.0, 0.6, 1.0], "information": 0.3})
    >>> response.cooperators.tolist(), response.token_compliers.tolist()
    ([9, 8, 0], [0, 1, 9])
    >>> response.full_cooperation.tolist()
    [True, False, False]
    """
    return _follower_response(scenario, points, tolerance)


def _follower_response(scenario: Scenario, points: Any = None, tolerance: float | None = None,
                       fused: bool | None = None) -> FollowerResponse:
    """:func:`follower_response`; ``fused``: whether the payoff parts are evaluated by the
    fused kernels (the same numbers; default: from :data:`FUSED_POINTS` points). A caller
    that splits a large run into small calls (the runner's chunks) passes ``True``, so each
    call takes the path the whole run pays the kernels' loading for."""
    check_scenario(scenario)
    points = as_points(scenario, points)
    tolerance = check_tolerance(tolerance)
    _profile_grid(scenario)   # raises beyond MAX_PROFILES
    size, n = points.size, scenario.n
    if fused is None:
        fused = size >= FUSED_POINTS
    out = {
        "equilibrium_count": np.zeros(size, dtype=np.int64),
        "full_cooperation": np.zeros(size, dtype=bool),
        "most_cooperators": np.full(size, -1, dtype=np.int64),
        "fewest_cooperators": np.full(size, -1, dtype=np.int64),
        "margin": np.zeros(size),
        "profile": np.full((size, n), -1, dtype=np.int64),
        "payoffs": np.full((size, n), np.nan),
        "harshest": np.full((size, n), -1, dtype=np.int64),
        "harshest_payoffs": np.full((size, n), np.nan),
        "temptation": np.zeros((size, n)),
        "reward": np.zeros((size, n)),
    }
    for part, workspace in _batches(scenario, size):
        _respond(points.take(part), tolerance, out, part, workspace, fused=fused)
    # the 2n + 1 full-cooperation profiles, for many points per call (per batch of the
    # state payoffs, the calls' overhead was a tenth of a G60 sweep)
    for start in range(0, size, _FULL_COOPERATION_CHUNK):
        part = slice(start, min(size, start + _FULL_COOPERATION_CHUNK))
        reward, temptation = full_cooperation_payoffs(points.take(part))
        out["margin"][part] = (reward - temptation).min(axis=1)
        out["reward"][part], out["temptation"][part] = reward, temptation
    has = out["most_cooperators"] >= 0
    return FollowerResponse(
        points=points,
        has_equilibrium=has,
        cooperators=np.where(has, (out["profile"] == 0).sum(axis=1), -1),
        token_compliers=np.where(has, (out["profile"] == 2).sum(axis=1), -1),
        **out,
    )


def follower_response_from_equilibria(scenario: Scenario, intervention: Any,
                                      result: EquilibriumResult) -> FollowerResponse:
    """The follower's record at one intervention, read off a complete list of the profile
    game's pure equilibria (:func:`~ica_model.engine.solvers.pure_equilibria` of
    :func:`~ica_model.model.payoffs.scenario_game`).

    The same selection rules as :func:`follower_response` (module docstring) applied to the
    equilibria the engine found and verified: so one solve gives both the list of
    equilibria and the stability record (``ica-model solve`` does this). Totals within the
    sum of the players' tolerances (``result.player_tolerances``) count as tied.

    Parameters
    ----------
    scenario : Scenario
    intervention : Intervention or mapping
        One point.
    result : EquilibriumResult
        Every pure equilibrium of ``scenario_game(scenario, intervention)``
        (``complete=True``).

    Returns
    -------
    FollowerResponse
        With one point.

    Examples
    --------
    >>> from ica_model.engine.solvers import pure_equilibria
    >>> from ica_model.cases import g60
    >>> from ica_model.model.parameters import Intervention
    >>> from ica_model.model.payoffs import scenario_game
    >>> level = Intervention(authority=0.6, information=0.3)
    >>> result = pure_equilibria(scenario_game(g60(), level))
    >>> response = follower_response_from_equilibria(g60(), level, result)
    >>> response.cooperators.tolist(), response.token_compliers.tolist()
    ([8], [1])
    """
    if not isinstance(result, EquilibriumResult):
        raise TypeError(f"result must be the EquilibriumResult of pure_equilibria, got "
                        f"{type(result).__name__}")
    if intervention is not None and not isinstance(intervention, Intervention | Mapping | Points):
        raise TypeError(f"intervention must be an Intervention, a mapping of kinds to levels or "
                        f"one point of as_points, got {type(intervention).__name__}")
    if not result.complete:
        raise ValueError(f"result must hold every pure equilibrium (complete=True), got a "
                         f"{result.method!r} result with complete=False")
    points = as_points(scenario, intervention)
    if points.size != 1:
        raise ValueError(f"intervention must be one point, got {points.size}")
    game = result.game
    n, shape = game.n_players, game.shape
    if n != scenario.n:
        raise ValueError(f"result is a game of {n} players, the scenario has {scenario.n} actors")
    u = game.payoffs
    profiles = np.array([eq.profile for eq in result.equilibria],
                        dtype=np.int64).reshape(-1, n)          # (k, n)
    every_player = (slice(None), *profiles.T)
    gained = u[every_player].T                                   # (k, n)
    cooperators = (profiles == 0).sum(axis=1)
    total, order = gained.sum(axis=1), np.ravel_multi_index(tuple(profiles.T), shape)
    slack = float(sum(result.player_tolerances))

    def pick(best: str) -> int:
        """Row of the selected (``"most"``) or harshest (``"fewest"``) equilibrium."""
        extreme = cooperators.max() if best == "most" else cooperators.min()
        rows = np.flatnonzero(cooperators == extreme)
        near = (total[rows] >= total[rows].max() - slack if best == "most"
                else total[rows] <= total[rows].min() + slack)
        rows = rows[near]
        return int(rows[np.argmin(order[rows])])

    everyone_cooperates = (slice(None), *(0,) * n)
    reward = u[everyone_cooperates]
    temptation = np.array([max(u[tuple([i] + [a if j == i else 0 for j in range(n)])]
                               for a in range(1, shape[i])) for i in range(n)])
    has = len(profiles) > 0
    none_int, none_float = np.full(n, -1, dtype=np.int64), np.full(n, np.nan)
    selected = pick("most") if has else None
    harshest = pick("fewest") if has else None
    profile = profiles[selected].astype(np.int64) if has else none_int
    return FollowerResponse(
        points=points,
        equilibrium_count=np.array([len(profiles)], dtype=np.int64),
        has_equilibrium=np.array([has]),
        full_cooperation=np.array([bool((profiles == 0).all(axis=1).any())]),
        margin=np.array([(reward - temptation).min()]),
        most_cooperators=np.array([cooperators.max() if has else -1], dtype=np.int64),
        fewest_cooperators=np.array([cooperators.min() if has else -1], dtype=np.int64),
        profile=profile[None],
        payoffs=(gained[selected] if has else none_float)[None],
        cooperators=np.array([(profile == 0).sum() if has else -1], dtype=np.int64),
        token_compliers=np.array([(profile == 2).sum() if has else -1], dtype=np.int64),
        harshest=(profiles[harshest].astype(np.int64) if has else none_int)[None],
        harshest_payoffs=(gained[harshest] if has else none_float)[None],
        temptation=temptation[None],
        reward=np.asarray(reward, dtype=float)[None],
    )
