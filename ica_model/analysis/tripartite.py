r"""The tripartite evolutionary game of a scenario: the higher authority and two groups of
local governments, with payoffs from the library's own symbolic model.

This is the game the applied literature writes by hand for every paper (a central
authority, two groups of local governments, each a population with a few strategies),
built from a :class:`~ica_model.model.parameters.Scenario` so that the ICA model's costs,
risks and intervention kinds produce the stability table and the simulations of
:mod:`ica_model.engine.evolutionary`.

Modelling choices
-----------------
*Populations.* The authority chooses ``"intervene"`` (the given
:class:`~ica_model.model.parameters.Intervention`, every kind it uses at its level) or
``"no intervention"`` (every level 0). Each group of cities chooses ``"C"`` (cooperate)
or ``"D"`` (defect), and ``"T"`` (token compliance) when the scenario has it and
``token`` is not switched off.

*Groups.* Every actor of the scenario belongs to exactly one group. By default
(:func:`default_groups`) the actors are ranked by demand :math:`b_i` and the larger half
(rounded up) forms group A, the rest group B: in the G60 corridor, the large cities
(Suzhou, Hangzhou, Hefei, Jinhua, Jiaxing) and the smaller ones. Pass ``groups`` to choose
otherwise (e.g. by province).

*Group payoffs.* At a profile (authority's choice, group A's action, group B's action)
every member of a group takes its group's action. A group's payoff is the mean payoff of
its members, each from the symbolic payoff model
(:func:`ica_model.model.symbolic.payoff_model`) with the aggregates of that profile: the
number of cooperators :math:`m` and token compliers :math:`m_T`, the cooperators' mean
attributes, and the heterogeneity :math:`H(S)` of the cooperators' preferences (twice
their mean absolute deviation; or the scenario's constant ``group_heterogeneity``).

*Authority's payoff.* The leader's objective of :mod:`ica_model.analysis.leader`,

.. math::

    W = \sum_i U_i + \Gamma\, G(m_{eff}) - \sum_k \kappa_k v_k^2 - \sigma v_{incent} m

(:func:`ica_model.model.symbolic.authority_objective`): the local payoffs, the value of
the integrated service's coverage, minus the effort costs of the kinds it uses (one weight
:math:`\kappa_k` per kind: authority, incentive (0 by default: it costs the subsidy it
pays), information and standards) and the subsidies it pays. With no intervention the
effort costs vanish. The game is the library's own construction from its symbolic model;
it transcribes no published tripartite game (for those, see :mod:`ica_model.engine.gallery`).

*Parameters.* Every parameter takes the scenario's value (as an exact rational) except
those named in ``keep``, which stay sympy symbols of the model
(:func:`ica_model.model.symbolic.symbols`). By default the levels of the intervention kinds
the authority uses stay symbolic, so the ESS conditions read as conditions on the
intervention; :attr:`TripartiteModel.values` holds the scenario's values of the kept
symbols, for :meth:`~ica_model.engine.evolutionary.StabilityTable.at` and the
simulations.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from .._validation import check_bool
from ..engine.evolutionary import PopulationGame
from ..model.parameters import (
    AuthorityPreferences,
    Intervention,
    Scenario,
    check_intervention,
    check_scenario,
)
from ..model.points import ACTOR_ATTRIBUTES
from ..model.symbolic import (
    ATTRIBUTES,
    AUTHORITY_SYMBOLS,
    authority_objective,
    coalition_aggregates,
    payoff_model,
    scenario_values,
    symbols,
)

__all__ = ["AUTHORITY_STRATEGIES", "TripartiteModel", "default_groups", "tripartite_game"]

#: The authority's two strategies.
AUTHORITY_STRATEGIES = ("intervene", "no intervention")

#: The actor attributes the payoffs read, each with its mean over the cooperators.
_ATTRIBUTES = tuple(name for name in ACTOR_ATTRIBUTES if f"mean_{name}" in symbols())


@dataclass(frozen=True, eq=False)
class TripartiteModel:
    """The tripartite game of a scenario and how it was built.

    Attributes
    ----------
    game : PopulationGame
        Populations ``("authority", "group A", "group B")``.
    groups : tuple of tuple of str
        The actors of group A and of group B.
    intervention : Intervention
        What ``"intervene"`` means.
    kept : tuple of sympy.Symbol
        The parameters left symbolic.
    values : dict
        The scenario's value of each kept symbol, by name (for ``table.at(values)``).
    preferences : AuthorityPreferences
    """

    game: PopulationGame
    groups: tuple[tuple[str, ...], tuple[str, ...]]
    intervention: Intervention
    kept: tuple[sp.Symbol, ...]
    values: dict[str, float]
    preferences: AuthorityPreferences


def default_groups(scenario: Scenario) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Actors ranked by demand; the larger half (rounded up) is group A, the rest group B
    (ties keep the scenario's order).

    Examples
    --------
    >>> from ica_model.cases import yangtze_river_delta
    >>> default_groups(yangtze_river_delta())
    (('Shanghai', 'Jiangsu'), ('Zhejiang', 'Anhui'))
    """
    check_scenario(scenario)
    ranked = sorted(range(scenario.n), key=lambda i: (-scenario.actors[i].demand, i))
    cut = (scenario.n + 1) // 2
    first = sorted(ranked[:cut])
    second = sorted(ranked[cut:])
    return (tuple(scenario.actors[i].name for i in first),
            tuple(scenario.actors[i].name for i in second))


def _check_groups(scenario: Scenario, groups: Any) -> tuple[list[int], list[int]]:
    names = [a.name for a in scenario.actors]
    if len(set(names)) != len(names):
        raise ValueError(f"groups are given by actor name; scenario {scenario.name!r} repeats "
                         f"names")
    if isinstance(groups, str) or not isinstance(groups, Sequence) or len(groups) != 2:
        raise ValueError(f"groups must be two sequences of actor names, got {groups!r}")
    indices = []
    for label, group in zip("AB", groups, strict=True):
        if isinstance(group, str) or not isinstance(group, Sequence) or not group:
            raise ValueError(f"group {label} must be a non-empty sequence of actor names, got "
                             f"{group!r}")
        unknown = [g for g in group if g not in names]
        if unknown:
            raise ValueError(f"group {label} names {unknown}, not actors of {scenario.name!r}: "
                             f"{names}")
        indices.append(sorted(names.index(g) for g in group))
    overlap = set(indices[0]) & set(indices[1])
    missing = set(range(scenario.n)) - set(indices[0]) - set(indices[1])
    if overlap or missing:
        raise ValueError(f"every actor must be in exactly one group; in both: "
                         f"{[names[i] for i in sorted(overlap)]}, in none: "
                         f"{[names[i] for i in sorted(missing)]}")
    return indices[0], indices[1]


def _rational(value: float) -> sp.Rational:
    return sp.nsimplify(float(value), rational=True)


def _aggregates(scenario: Scenario, cooperators: Sequence[int]) -> dict[str, sp.Expr]:
    """The coalition's means and :math:`H(S)` in exact arithmetic
    (:func:`~ica_model.model.symbolic.coalition_aggregates`, the numeric payoffs' own
    definition); the scenario's ``group_heterogeneity`` where it sets one."""
    own = {name: [_rational(getattr(scenario.actors[i], name)) for i in cooperators]
           for name in ATTRIBUTES}
    preferences = [_rational(scenario.actors[i].preference) for i in cooperators]
    values = coalition_aggregates(
        {name: sum(x, sp.Integer(0)) for name, x in own.items()}, len(cooperators),
        sum(preferences, sp.Integer(0)),
        lambda centre: sum((abs(p - centre) for p in preferences), sp.Integer(0)),
        lambda condition, a, b: a if condition else b, max)
    if scenario.group_heterogeneity is not None:
        values["heterogeneity"] = _rational(scenario.group_heterogeneity)
    return {name: sp.sympify(value) for name, value in values.items()}


def _substitution(scenario: Scenario, table: dict[str, sp.Symbol], fixed: dict[str, float],
                  cooperators: Sequence[int], compliers: int) -> dict[sp.Symbol, sp.Expr]:
    """The exact values of one profile's symbols: the ``fixed`` numbers, the counts and the
    coalition's aggregates (:func:`_aggregates`)."""
    common: dict[sp.Symbol, sp.Expr] = {table[name]: _rational(value) if value else sp.Integer(0)
                                        for name, value in fixed.items()}
    common[table["cooperators"]] = sp.Integer(len(cooperators))
    common[table["token_compliers"]] = sp.Integer(compliers)
    for name, value in _aggregates(scenario, cooperators).items():
        if name in table:
            common[table[name]] = value
    return common


def _member_payoff(scenario: Scenario, table: dict[str, sp.Symbol], expression: sp.Expr,
                   common: dict[sp.Symbol, sp.Expr], actor: int) -> sp.Expr:
    """One member's payoff: ``expression`` at the profile's values and its own attributes."""
    own = {table[name]: _rational(getattr(scenario.actors[actor], name)) for name in _ATTRIBUTES}
    return expression.xreplace(common | own)


def tripartite_game(scenario: Scenario, intervention: Intervention,
                    groups: Sequence[Sequence[str]] | None = None,
                    keep: Sequence[str] | None = None,
                    preferences: AuthorityPreferences | None = None,
                    token: bool | None = None) -> TripartiteModel:
    """The authority + two groups evolutionary game of ``scenario``.

    Parameters
    ----------
    scenario : Scenario
    intervention : Intervention
        The authority's intervention when it intervenes.
    groups : pair of sequences of actor names, optional
        Default :func:`default_groups`.
    keep : sequence of str, optional
        Names of model symbols to leave symbolic (:func:`ica_model.model.symbolic.symbols`
        and the authority's weights, :class:`~ica_model.model.parameters.AuthorityPreferences`).
        Default: the intervention kinds used (non-zero levels).
    preferences : AuthorityPreferences, optional
        The authority's weights (default :class:`~ica_model.model.parameters.AuthorityPreferences`).
    token : bool, optional
        Give the groups the token-compliance strategy ``"T"``; default: when the
        scenario has it.

    Returns
    -------
    TripartiteModel

    Examples
    --------
    >>> from ica_model.cases import g60
    >>> from ica_model.engine.evolutionary import stability_table
    >>> model = tripartite_game(g60(), Intervention(authority=0.4, information=0.3),
    ...                         token=False)
    >>> model.game.strategies
    (('intervene', 'no intervention'), ('C', 'D'), ('C', 'D'))
    >>> [str(s) for s in model.kept], model.values
    (['authority', 'information'], {'authority': 0.4, 'information': 0.3})
    >>> stability_table(model.game).ess(model.values)       # intervene, both groups cooperate
    ['E8']
    """
    check_scenario(scenario)
    check_intervention(intervention)
    preferences = preferences if preferences is not None else AuthorityPreferences()
    if not isinstance(preferences, AuthorityPreferences):
        raise TypeError(f"preferences must be AuthorityPreferences, got "
                        f"{type(preferences).__name__}")
    with_token = scenario.token.enabled if token is None else check_bool("token", token)
    if with_token and not scenario.token.enabled:
        raise ValueError(f"token=True needs a scenario with token compliance enabled; "
                         f"{scenario.name!r} has it off")
    group_a, group_b = _check_groups(scenario, groups if groups is not None
                                     else default_groups(scenario))
    kinds = [field.name for field in dataclasses.fields(intervention)]
    levels = {kind: float(getattr(intervention, kind)) for kind in kinds}
    table = symbols() | AUTHORITY_SYMBOLS
    if keep is None:
        keep = [kind for kind in kinds if levels[kind] > 0]
    unknown = [k for k in keep if k not in table]
    if unknown:
        raise ValueError(f"keep names {unknown}, not symbols of the model: {sorted(table)}")
    kept = tuple(table[k] for k in keep)

    # numeric values of every scenario-level symbol and of the authority's weights
    numbers: dict[str, float] = dict(scenario_values(scenario, Intervention()))
    numbers |= {name: getattr(preferences, name) for name in preferences.__dataclass_fields__}
    values_of_kept = {str(s): float(levels.get(str(s), numbers.get(str(s), np.nan)))
                      for s in kept}
    actions = scenario.actions if with_token else ("C", "D")
    model = payoff_model(scenario.terms, scenario.network_exponent)
    objective, _, _ = authority_objective(scenario.terms, scenario.network_exponent)
    members = (group_a, group_b)
    payoffs = np.empty((3, 2, len(actions), len(actions)), dtype=object)
    for s, a, b in itertools.product(range(2), range(len(actions)), range(len(actions))):
        action_of = {i: actions[a] for i in group_a} | {i: actions[b] for i in group_b}
        cooperators = sorted(i for i, act in action_of.items() if act == "C")
        fixed = {name: value for name, value in numbers.items() if table[name] not in kept}
        # without intervention (s == 1) every level is 0; with it, the levels not kept
        fixed |= {kind: 0.0 if s == 1 else levels[kind] for kind in kinds
                  if s == 1 or table[kind] not in kept}
        common = _substitution(scenario, table, fixed, cooperators,
                               sum(act == "T" for act in action_of.values()))
        totals = [sum((_member_payoff(scenario, table, model.expressions[action], common, i)
                       for i in group), sp.Integer(0))
                  for group, action in zip(members, (actions[a], actions[b]), strict=True)]
        payoffs[1, s, a, b] = sp.expand(totals[0] / len(group_a))
        payoffs[2, s, a, b] = sp.expand(totals[1] / len(group_b))
        payoffs[0, s, a, b] = sp.expand(totals[0] + totals[1] + objective.xreplace(common))
    game = PopulationGame(payoffs, ("authority", "group A", "group B"),
                          (AUTHORITY_STRATEGIES, actions, actions),
                          title=f"{scenario.name}: authority and two groups")
    names = [x.name for x in scenario.actors]
    return TripartiteModel(game, (tuple(names[i] for i in group_a), tuple(names[i] for i in group_b)),
                           intervention, kept, values_of_kept, preferences)
