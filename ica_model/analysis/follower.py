r"""The local governments' equilibrium response to an intervention, for many at once.

Everything the leader–follower analysis (:mod:`ica_model.analysis.leader`) and the
stability metrics (:mod:`ica_model.analysis.stability`) need about the follower game comes from
here: every pure Nash equilibrium of the profile game at each intervention (all
interventions in one array pass, :func:`ica_model.model.payoffs.batch_profile_payoffs`), the
margin of full cooperation, and the one equilibrium the authority expects to be played.

Equilibrium selection
---------------------
When the follower game has several pure equilibria, the selected one has

1. the **most cooperators** (the authority coordinates on the most cooperative outcome:
   it can convene, set the agenda and name the pilots, [S004]); among those,
2. the **largest total payoff** of the local governments (the Pareto-best among equally
   cooperative outcomes); among those,
3. the lowest profile index (C before D before T, first actor first): a fixed tie-break
   so that results are deterministic.

If the follower game has no pure equilibrium at some intervention, the response there
is marked ``has_equilibrium = False``; its selected profile is meaningless (all −1) and
callers exclude it.

[S004] 刘露露, 《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"的政务观测》.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model.closed_form import full_cooperation_margin
from ..model.parameters import Intervention, Scenario, check_scenario
from ..model.payoffs import MAX_PROFILES, batch_profile_payoffs

__all__ = [
    "KINDS",
    "LocalResponse",
    "as_interventions",
    "equilibrium_batches",
    "full_cooperation_margins",
    "local_response",
    "profile_grid",
]

#: The three intervention kinds, in the order of a mix ``(authority, incentive, information)``.
KINDS = ("authority", "incentive", "information")


def as_interventions(interventions: Any) -> dict[str, np.ndarray]:
    """Interventions as three equal-length arrays, validated.

    Parameters
    ----------
    interventions : Intervention, sequence of Intervention, mapping or array
        One :class:`Intervention`; a sequence of them; a mapping of kind names to scalars
        or arrays (missing kinds are 0; arrays broadcast); or an array of shape ``(V, 3)``
        in the order :data:`KINDS`.

    Returns
    -------
    dict
        ``{"authority": a, "incentive": i, "information": f}``, each of shape ``(V,)``.

    Raises
    ------
    TypeError, ValueError
        On another type, an unknown kind, a wrong shape, NaN, or a value outside [0, 1].

    Examples
    --------
    >>> as_interventions({"authority": [0.0, 0.5]})["information"].tolist()
    [0.0, 0.0]
    >>> as_interventions({"authority": 1.5})
    Traceback (most recent call last):
    ...
    ValueError: authority must lie in [0, 1], got 1.5
    """
    if isinstance(interventions, Intervention):
        interventions = [interventions]
    if isinstance(interventions, Mapping):
        unknown = sorted(set(interventions) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown intervention kind(s) {unknown}; allowed: {list(KINDS)}")
        try:
            arrays = np.broadcast_arrays(*(np.atleast_1d(np.asarray(interventions.get(k, 0.0),
                                                                     dtype=float))
                                           for k in KINDS))
        except ValueError as error:
            raise ValueError(f"intervention arrays must broadcast together: {error}") from None
        columns = dict(zip(KINDS, arrays, strict=True))
    elif isinstance(interventions, Sequence) and interventions and all(
            isinstance(v, Intervention) for v in interventions):
        columns = {k: np.array([getattr(v, k) for v in interventions]) for k in KINDS}
    elif isinstance(interventions, np.ndarray):
        if interventions.ndim != 2 or interventions.shape[1] != 3:
            raise ValueError(f"an intervention array must have shape (V, 3), got "
                             f"{interventions.shape}")
        columns = {k: interventions[:, j].astype(float) for j, k in enumerate(KINDS)}
    else:
        raise TypeError("interventions must be an Intervention, a sequence of them, a mapping "
                        f"of kinds to arrays or an array of shape (V, 3), got "
                        f"{type(interventions).__name__}")
    for kind, values in columns.items():
        if values.ndim != 1:
            raise ValueError(f"{kind} must be a scalar or a 1-d array, got shape {values.shape}")
        bad = ~((values >= 0) & (values <= 1))
        if bad.any():
            raise ValueError(f"{kind} must lie in [0, 1], got {float(values[bad][0])!r}")
    return {k: np.ascontiguousarray(v) for k, v in columns.items()}


def profile_grid(scenario: Scenario) -> np.ndarray:
    """Every pure profile of the scenario's game, shape ``(K**n, n)``, in C order: row 0 is
    full cooperation and each row's flat index is its index in a payoff array.

    Examples
    --------
    >>> from ica_model.model.cases import symmetric
    >>> profile_grid(symmetric(n=2, token_compliance=False)).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    n, k = scenario.n, len(scenario.actions)
    if k**n > MAX_PROFILES:
        raise ValueError(f"scenario {scenario.name!r} has {k}**{n} profiles, more than "
                         f"MAX_PROFILES={MAX_PROFILES}; use the homogeneous closed forms or the "
                         f"symmetric solver for large groups")
    return np.indices((k,) * n, dtype=np.int8).reshape(n, -1).T


def equilibrium_batches(scenario: Scenario, parameters: Mapping[str, np.ndarray],
                        tolerance: float = 1e-9, max_entries: int = 4_000_000
                        ) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
    """Payoff arrays and pure-equilibrium masks of the profile game at many points.

    Parameters
    ----------
    scenario : Scenario
    parameters : mapping
        As for :func:`ica_model.model.payoffs.batch_profile_payoffs`: arrays of shape ``(V,)``
        (scenario level) or ``(V, n)`` (actor attributes).
    tolerance : float
        Relative tolerance of the best-response check (times the largest absolute
        payoff at the point, at least 1).
    max_entries : int
        Payoff entries evaluated per batch (memory bound).

    Yields
    ------
    part : slice
        The points of this batch.
    payoffs : ndarray, shape (B, n, K**n)
        Each player's payoff at each profile of :func:`profile_grid`.
    equilibrium : ndarray of bool, shape (B, K**n)
        Whether each profile is a pure Nash equilibrium (no player gains more than the
        tolerance by a unilateral deviation: the verification itself).
    """
    n, k = scenario.n, len(scenario.actions)
    profiles = profile_grid(scenario)
    sizes = {np.shape(v)[0] for v in parameters.values() if np.ndim(v) >= 1}
    size = sizes.pop() if sizes else 1
    batch = max(1, max_entries // (len(profiles) * n))
    for start in range(0, size, batch):
        part = slice(start, min(size, start + batch))
        chunk = {name: (v[part] if np.ndim(v) >= 1 else v) for name, v in parameters.items()}
        payoffs = batch_profile_payoffs(scenario, profiles, chunk, players_first=True)
        points = payoffs.shape[0]
        tables = payoffs.reshape((points, n) + (k,) * n)
        scale = np.maximum(1.0, np.abs(tables).reshape(points, -1).max(axis=1))
        slack = (tolerance * scale).reshape((-1,) + (1,) * n)
        best = np.ones((points,) + (k,) * n, dtype=bool)
        for player in range(n):
            table = tables[:, player]
            best &= table >= table.max(axis=1 + player, keepdims=True) - slack
        yield part, payoffs, best.reshape(points, -1)


@dataclass(frozen=True)
class LocalResponse:
    """The follower game's pure equilibria and selected outcome at V interventions.

    Attributes
    ----------
    interventions : dict of ndarray
        The interventions, ``(V,)`` per kind.
    equilibria : ndarray of int, shape (V,)
        Number of pure Nash equilibria.
    has_equilibrium : ndarray of bool, shape (V,)
    full_cooperation : ndarray of bool, shape (V,)
        Whether full cooperation is a pure Nash equilibrium.
    margin : ndarray, shape (V,)
        :math:`\\min_i [U_i(C, C_{-i}) - \\max_{a \\ne C} U_i(a, C_{-i})]`: the smallest
        incentive to stay when all cooperate (full cooperation is an equilibrium iff
        :math:`\\ge 0`).
    most_cooperators, fewest_cooperators : ndarray of int, shape (V,)
        Over the pure equilibria (−1 where there is none).
    profile : ndarray of int, shape (V, n)
        The selected equilibrium (module docstring), action indices.
    payoffs : ndarray, shape (V, n)
        Each actor's payoff there.
    cooperators, token_compliers : ndarray of int, shape (V,)
        Counts in the selected equilibrium.
    harshest_payoffs : ndarray, shape (V, n)
        Payoffs in the equilibrium with the fewest cooperators (ties: the lowest total),
        the harshest credible reversion of a grim trigger.
    temptation : ndarray, shape (V, n)
        Each actor's best payoff from deviating when all others cooperate.
    reward : ndarray, shape (V, n)
        Each actor's payoff under full cooperation.
    """

    interventions: dict[str, np.ndarray]
    equilibria: np.ndarray
    has_equilibrium: np.ndarray
    full_cooperation: np.ndarray
    margin: np.ndarray
    most_cooperators: np.ndarray
    fewest_cooperators: np.ndarray
    profile: np.ndarray
    payoffs: np.ndarray
    cooperators: np.ndarray
    token_compliers: np.ndarray
    harshest_payoffs: np.ndarray
    temptation: np.ndarray
    reward: np.ndarray


def local_response(scenario: Scenario, interventions: Any, tolerance: float = 1e-9,
                   parameters: Mapping[str, np.ndarray] | None = None) -> LocalResponse:
    """Pure equilibria, the selected equilibrium and full-cooperation incentives at each
    intervention.

    Parameters
    ----------
    scenario : Scenario
        Up to :data:`ica_model.model.payoffs.MAX_PROFILES` profiles (e.g. 13 actors with token
        compliance, 22 without).
    interventions : Intervention, sequence, mapping or array
        See :func:`as_interventions`.
    tolerance : float
        Relative best-response tolerance.
    parameters : mapping, optional
        Further parameter arrays of shape ``(V,)`` or ``(V, n)`` (as for
        :func:`ica_model.model.payoffs.batch_profile_payoffs`), e.g. Monte Carlo draws.

    Returns
    -------
    LocalResponse

    Examples
    --------
    >>> from ica_model.model.cases import g60
    >>> response = local_response(g60(), {"authority": [0.0, 0.4], "information": 0.3})
    >>> response.cooperators.tolist(), response.full_cooperation.tolist()
    ([8, 9], [False, True])
    """
    check_scenario(scenario)
    columns = as_interventions(interventions)
    extra = dict(parameters or {})
    size = len(columns["authority"])
    for name, values in extra.items():
        if np.ndim(values) >= 1 and np.shape(values)[0] != size:
            raise ValueError(f"parameter {name!r} has {np.shape(values)[0]} points, but there are "
                             f"{size} interventions")
    n = scenario.n
    profiles = profile_grid(scenario)
    counts = (profiles == 0).sum(axis=1)
    out = {
        "equilibria": np.zeros(size, dtype=np.int64),
        "full_cooperation": np.zeros(size, dtype=bool),
        "most_cooperators": np.full(size, -1, dtype=np.int64),
        "fewest_cooperators": np.full(size, -1, dtype=np.int64),
        "margin": np.zeros(size),
        "profile": np.full((size, n), -1, dtype=np.int64),
        "payoffs": np.full((size, n), np.nan),
        "harshest_payoffs": np.full((size, n), np.nan),
        "temptation": np.zeros((size, n)),
        "reward": np.zeros((size, n)),
    }
    k = len(scenario.actions)
    # flat index of "player i deviates to action a, the others cooperate": a * k**(n-1-i)
    deviations = [np.arange(1, k) * k ** (n - 1 - i) for i in range(n)]
    for part, payoffs, equilibrium in equilibrium_batches(scenario, columns | extra, tolerance):
        rows = np.arange(payoffs.shape[0])
        out["equilibria"][part] = equilibrium.sum(axis=1)
        out["full_cooperation"][part] = equilibrium[:, 0]
        counted = np.where(equilibrium, counts, -1)
        most = counted.max(axis=1)
        out["most_cooperators"][part] = most
        out["fewest_cooperators"][part] = np.where(
            equilibrium.any(axis=1), np.where(equilibrium, counts, n + 1).min(axis=1), -1)
        total = payoffs.sum(axis=1)
        selected = np.where(equilibrium & (counted == most[:, None]), total, -np.inf).argmax(axis=1)
        fewest = out["fewest_cooperators"][part]
        harshest = np.where(equilibrium & (counts == fewest[:, None]), -total, -np.inf).argmax(axis=1)
        reward = payoffs[:, :, 0]
        temptation = np.stack([payoffs[:, i, deviations[i]].max(axis=1) for i in range(n)], axis=1)
        out["reward"][part], out["temptation"][part] = reward, temptation
        out["margin"][part] = (reward - temptation).min(axis=1)
        found = most >= 0
        out["profile"][part] = np.where(found[:, None], profiles[selected], -1)
        out["payoffs"][part] = np.where(found[:, None], payoffs[rows, :, selected], np.nan)
        out["harshest_payoffs"][part] = np.where(found[:, None], payoffs[rows, :, harshest], np.nan)
    has = out["most_cooperators"] >= 0
    return LocalResponse(
        interventions=columns,
        has_equilibrium=has,
        cooperators=np.where(has, (out["profile"] == 0).sum(axis=1), -1),
        token_compliers=np.where(has, (out["profile"] == 2).sum(axis=1), -1),
        **out,
    )


def full_cooperation_margins(scenario: Scenario, interventions: Any) -> np.ndarray:
    """The smallest incentive of any actor to stay when all cooperate, at each intervention.

    :math:`\\min_i [U_i(C, C_{-i}) - \\max_{a \\ne C} U_i(a, C_{-i})]`: from the closed form
    for a homogeneous scenario (any group size), from the profile game otherwise.

    Examples
    --------
    >>> from ica_model.model.cases import symmetric
    >>> (full_cooperation_margins(symmetric(), {"authority": [0.0, 0.5]}) >= 0).tolist()
    [False, True]
    """
    check_scenario(scenario)
    columns = as_interventions(interventions)
    if scenario.is_homogeneous:
        size = len(columns["authority"])
        return np.broadcast_to(full_cooperation_margin(scenario, columns), (size,)).copy()
    return local_response(scenario, columns).margin
