r"""Coalitions of cooperating local governments: their surplus, their stability, and the
compensation that keeps them together.

* :func:`characteristic_function`: the cooperative surplus of a scenario,
  :math:`v(S) = \sum_{i \in S} [U_i(S \text{ cooperate, others defect}) - U_i(\text{nobody cooperates})]`,
  a :class:`~ica_model.engine.coalitions.CoalitionalGame` (Shapley values and the core
  come from :mod:`ica_model.engine.coalitions`).
* :func:`scenario_coalition_stability`: internal stability (no member gains by leaving) and
  external stability (no outsider gains by joining) of a set of cooperators when the
  others defect (d'Aspremont, Jacquemin, Gabszewicz and Weymark 1983, *Can. J. Econ.*
  16): the scenario's payoffs (:func:`coalition_payoff`) judged by the engine's
  :func:`ica_model.engine.coalitions.coalition_stability`.
* :func:`equilibrium_coalitions` (n up to 12) and :func:`equilibrium_coalition_sizes`
  (homogeneous, any n): the cooperator sets of the pure equilibria, the same notion with
  outsiders free to defect or comply on paper.
* :func:`minimal_compensation`: the smallest transfers among members (plus outside
  funding, e.g. from incentive intervention, when members' surplus does not suffice)
  that make a coalition internally stable — the compensation mechanism (补偿机制) of
  刘露露, 《数字治理跨界行动中的困境及优化策略》.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from .._validation import check_int, check_names
from ..engine.coalitions import CoalitionalGame, CoalitionStability
from ..engine.coalitions import coalition_stability as engine_coalition_stability
from ..engine.solvers.verify import check_tolerance
from ..model.parameters import Intervention, Scenario, check_intervention, check_scenario
from ..model.payoffs import profile_payoffs, scenario_game

__all__ = [
    "Compensation",
    "characteristic_function",
    "coalition_payoff",
    "equilibrium_coalition_sizes",
    "equilibrium_coalitions",
    "minimal_compensation",
    "scenario_coalition_stability",
]

_MAX_EXACT = 22


def _coalition_profiles(scenario: Scenario, masks: np.ndarray) -> np.ndarray:
    n = scenario.n
    members = (masks[:, None] >> np.arange(n)) & 1
    return np.where(members == 1, 0, 1).astype(np.int8)


def characteristic_function(scenario: Scenario, intervention: Intervention | None = None
                            ) -> CoalitionalGame:
    """The cooperative surplus of each coalition of a scenario's actors.

    :math:`v(S)` is the gain of :math:`S`'s members, summed, when exactly they cooperate
    and everyone else defects, over the status quo where nobody cooperates. Budget-balanced
    compensation inside :math:`S` does not change it.

    Examples
    --------
    >>> from ica_model.cases import yangtze_river_delta
    >>> game = characteristic_function(yangtze_river_delta(), Intervention(authority=0.5))
    >>> game.players
    ('Shanghai', 'Jiangsu', 'Zhejiang', 'Anhui')
    """
    n = check_int("number of actors", check_scenario(scenario).n, 1, _MAX_EXACT)
    check_intervention(intervention)
    masks = np.arange(2**n, dtype=np.int64)
    profiles = _coalition_profiles(scenario, masks)
    payoffs = profile_payoffs(scenario, intervention, profiles)
    status_quo = payoffs[0]  # mask 0: nobody cooperates
    members = profiles == 0
    values = ((payoffs - status_quo) * members).sum(axis=1)
    return CoalitionalGame(values, [a.name for a in scenario.actors])


def _stay_out_payoffs(scenario: Scenario, intervention: Intervention | None,
                      masks: np.ndarray) -> np.ndarray:
    """Each actor's payoff when exactly the coalition ``masks[k]`` cooperates and the
    others defect, shape ``(len(masks), n)``; an outsider's is that of its best way of
    staying out (defect or, if enabled, comply on paper, the others defecting)."""
    base = _coalition_profiles(scenario, masks)
    payoffs = profile_payoffs(scenario, intervention, base)
    if scenario.token.enabled:
        for i in range(scenario.n):
            outside = base[:, i] != 0
            moved = base[outside].copy()
            moved[:, i] = 2
            payoffs[outside, i] = np.maximum(payoffs[outside, i],
                                             profile_payoffs(scenario, intervention, moved)[:, i])
    return payoffs


def coalition_payoff(scenario: Scenario, intervention: Intervention | None,
                     coalitions: Iterable[int]) -> Callable[[frozenset[int], int], float]:
    """The payoff callable of :func:`ica_model.engine.coalitions.coalition_stability` for a
    scenario: ``payoff(coalition, actor)`` when exactly ``coalition`` (actor indices)
    cooperates and the others defect, an outsider taking its best way of staying out
    (defect or, if enabled, comply on paper).

    ``coalitions`` are the bitmasks (bit ``i``: actor ``i`` cooperates) the callable will
    be asked about, evaluated at once; others raise ``KeyError``.
    """
    scenario = check_scenario(scenario)
    intervention = check_intervention(intervention)
    if isinstance(coalitions, str | dict) or not isinstance(coalitions, Iterable):
        raise TypeError(f"coalitions must be an iterable of bitmasks (ints), got {coalitions!r}")
    masks = np.array([check_int("coalitions[]", mask, 0, 2**scenario.n - 1) for mask in coalitions],
                     dtype=np.int64)
    table = dict(zip(masks.tolist(), _stay_out_payoffs(scenario, intervention, masks),
                     strict=True))

    def payoff(coalition: frozenset[int], actor: int) -> float:
        return float(table[sum(1 << i for i in coalition)][actor])

    return payoff


def _unique_names(scenario: Scenario) -> list[str]:
    names = [a.name for a in scenario.actors]
    if len(set(names)) != len(names):
        raise ValueError(f"coalitions are named by actor; scenario {scenario.name!r} repeats actor "
                         f"names {sorted({x for x in names if names.count(x) > 1})}")
    return names


def scenario_coalition_stability(scenario: Scenario, members: Iterable[str],
                                 intervention: Intervention | None = None,
                                 tolerance: float = 1e-9) -> CoalitionStability:
    """Internal and external stability of one coalition of cooperators (by actor name) when
    the others defect (d'Aspremont, Jacquemin, Gabszewicz and Weymark 1983).

    The scenario's payoffs (:func:`coalition_payoff`: a member may leave to defect or, if
    enabled, to comply on paper) judged by
    :func:`ica_model.engine.coalitions.coalition_stability` under its weak convention:
    a member leaves, an outsider joins, only for a gain above ``tolerance`` (relative to
    the largest payoff involved, at least 1).

    Returns
    -------
    CoalitionStability
        The engine's record, its members and gains keyed by actor name.

    Examples
    --------
    Under authority 0.5, Songjiang and Huzhou would leave the nine G60 cities:

    >>> from ica_model.cases import g60
    >>> result = scenario_coalition_stability(g60(), [a.name for a in g60().actors],
    ...                                       Intervention(authority=0.5))
    >>> result.internal, sorted(k for k, gain in result.leaving_gains.items() if gain > 0)
    (False, ['Huzhou', 'Songjiang'])
    """
    names = _unique_names(check_scenario(scenario))
    check_intervention(intervention)
    tolerance = check_tolerance(tolerance)
    members = frozenset(check_names("members", members, names, unique=True))
    mask = sum(1 << names.index(m) for m in members)
    neighbours = [mask] + [mask ^ (1 << i) for i in range(scenario.n)]
    result = engine_coalition_stability(
        scenario.n, (names.index(m) for m in members),
        coalition_payoff(scenario, intervention, neighbours), "weak", tolerance)
    return CoalitionStability(members, result.internal, result.external,
                              {names[i]: g for i, g in result.leaving_gains.items()},
                              {names[j]: g for j, g in result.joining_gains.items()},
                              result.convention)


def equilibrium_coalitions(scenario: Scenario, intervention: Intervention | None = None,
                           tolerance: float = 1e-9) -> list[frozenset[str]]:
    """The cooperator sets of the pure Nash equilibria (n up to 12).

    Named apart from the engine's :func:`~ica_model.engine.coalitions.stable_coalitions`
    (internal and external stability with the others staying out), which it equals in the
    {C, D} game. Such a coalition is stable in that it is the set of cooperators of some
    pure Nash equilibrium: no member gains by leaving and no outsider by joining, with outsiders
    free to defect or, if enabled, comply on paper. In the {C, D} game this is exactly
    d'Aspremont et al.'s internal plus external stability (a test checks it against
    :func:`scenario_coalition_stability`).

    Examples
    --------
    The outsiders of each stable coalition of the G60 cities under authority 0.6 and
    information support 0.3: the only one is the other eight without Huzhou.

    >>> from ica_model.cases import g60
    >>> [sorted(set(a.name for a in g60().actors) - s)
    ...  for s in equilibrium_coalitions(g60(), Intervention(authority=0.6, information=0.3))]
    [['Huzhou']]
    """
    from ..engine.solvers.pure import pure_equilibria

    check_int("number of actors", check_scenario(scenario).n, 1, 12)
    names = _unique_names(scenario)
    found: list[frozenset[str]] = []
    result = pure_equilibria(scenario_game(scenario, intervention), tolerance)
    for eq in result.equilibria:
        members = frozenset(names[i] for i, a in enumerate(eq.profile) if a == 0)
        if members not in found:
            found.append(members)
    return found


def equilibrium_coalition_sizes(scenario: Scenario, intervention: Intervention | None = None,
                                tolerance: float = 1e-9) -> np.ndarray:
    """Sizes of the stable coalitions of a homogeneous group of any size: the numbers of
    cooperators at its pure equilibria (by counts, so n may be in the thousands).

    Examples
    --------
    200 identical governments: without intervention only coalitions of 2 are stable;
    unified standards at 1 sustain coalitions of 11 and of 22; authority 0.5 alone leaves
    nobody cooperating (every government complies on paper).

    >>> from ica_model.cases import symmetric
    >>> group = symmetric(n=200)
    >>> [equilibrium_coalition_sizes(group, v).tolist()
    ...  for v in (Intervention(), Intervention(standards=1.0), Intervention(authority=0.5))]
    [[2], [11, 22], [0]]
    """
    from ..engine.solvers.symmetric import pure_equilibria_by_counts
    from ..model.payoffs import symmetric_game

    counts = pure_equilibria_by_counts(symmetric_game(check_scenario(scenario), intervention),
                                       tolerance)
    return np.unique(counts[:, 0])


@dataclass(frozen=True)
class Compensation:
    """Smallest transfers that make a coalition internally stable.

    Attributes
    ----------
    transfers : dict
        Member name to transfer received (negative: paid).
    external_funding : float
        What the members cannot fund themselves: :math:`\\max(0, \\sum_i d_i)` for
        leaving gains :math:`d_i`; 0 means the compensation is budget-balanced.
    volume : float
        :math:`\\sum_i |t_i|`, the smallest possible.
    """

    transfers: dict[str, float]
    external_funding: float
    volume: float

    @property
    def budget_balanced(self) -> bool:
        return self.external_funding <= 1e-12


def minimal_compensation(scenario: Scenario, members: Iterable[str],
                         intervention: Intervention | None = None) -> Compensation:
    """Transfers :math:`t` with :math:`t_i \\ge d_i` (each member's gain from leaving),
    :math:`\\sum t_i = \\max(0, \\sum d_i)` and the smallest :math:`\\sum |t_i|`
    (a linear programme).

    Examples
    --------
    Under authority 0.5, Songjiang and Huzhou would leave the nine G60 cities; the others
    can pay them enough to stay:

    >>> from ica_model.cases import g60
    >>> everyone = [a.name for a in g60().actors]
    >>> plan = minimal_compensation(g60(), everyone, Intervention(authority=0.5))
    >>> plan.budget_balanced, sorted(k for k, v in plan.transfers.items() if v > 1e-9)
    (True, ['Huzhou', 'Songjiang'])
    """
    stability = scenario_coalition_stability(scenario, members, intervention)
    names = sorted(stability.leaving_gains, key=[a.name for a in scenario.actors].index)
    gains = np.array([stability.leaving_gains[k] for k in names])
    k = len(names)
    if k == 0:
        return Compensation({}, 0.0, 0.0)
    funding = max(0.0, float(gains.sum()))
    # variables: received r >= 0 and paid p >= 0, t = r - p
    objective = np.ones(2 * k)
    equality = np.concatenate([np.ones(k), -np.ones(k)])[None, :]
    inequality = np.hstack([-np.eye(k), np.eye(k)])  # -(r - p) <= -d
    solution = linprog(objective, A_ub=inequality, b_ub=-gains, A_eq=equality, b_eq=[funding],
                       bounds=[(0, None)] * (2 * k), method="highs")
    if not solution.success:  # pragma: no cover - feasible by construction
        raise RuntimeError(f"linprog failed: {solution.message}")
    assert solution.x is not None  # set whenever success is
    transfers = solution.x[:k] - solution.x[k:]
    return Compensation({name: float(t) for name, t in zip(names, transfers, strict=True)},
                        funding, float(np.abs(transfers).sum()))
