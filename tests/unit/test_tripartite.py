"""The authority + two groups game of a scenario against the scenario's numeric payoffs."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from ica_model.analysis.tripartite import default_groups, tripartite_game
from ica_model.cases import g60, symmetric, yangtze_river_delta
from ica_model.engine.evolutionary import stability_table
from ica_model.model.parameters import AuthorityPreferences, Intervention
from ica_model.model.payoffs import profile_payoffs
from ica_model.model.symbolic import authority_objective, scenario_values


def expected_payoffs(scenario, intervention, groups, actions, preferences) -> np.ndarray:
    """Oracle: ica_model.model.payoffs.profile_payoffs (vectorised numeric path) per profile,
    group means, and the authority's objective W = sum U + Gamma G - K(v)."""
    names = [a.name for a in scenario.actors]
    members = [[names.index(n) for n in g] for g in groups]
    out = np.empty((3, 2, len(actions), len(actions)))
    _, arguments, function = authority_objective(scenario.terms, scenario.network_exponent)
    for s, a, b in itertools.product(range(2), range(len(actions)), range(len(actions))):
        chosen = intervention if s == 0 else Intervention()
        profile = np.empty(scenario.n, dtype=np.int8)
        profile[members[0]] = scenario.actions.index(actions[a])
        profile[members[1]] = scenario.actions.index(actions[b])
        payoffs = profile_payoffs(scenario, chosen, profile[None, :])[0]
        values = scenario_values(scenario, chosen) | {
            name: getattr(preferences, name) for name in preferences.__dataclass_fields__} | {
            "cooperators": float((profile == 0).sum()),
            "token_compliers": float((profile == 2).sum())}
        out[0, s, a, b] = payoffs.sum() + float(function(*(values[k] for k in arguments)))
        out[1, s, a, b] = payoffs[members[0]].mean()
        out[2, s, a, b] = payoffs[members[1]].mean()
    return out


@pytest.mark.slow  # the lowest-versions job leaves it out (Makefile)
@pytest.mark.parametrize("scenario,token", [(g60(), False), (g60(), True),
                                            (yangtze_river_delta(), True),
                                            (symmetric(5, token_compliance=False), False)])
def test_builder_matches_the_scenario_payoffs(scenario, token) -> None:
    intervention = Intervention(authority=0.4, incentive=0.2, information=0.3)
    preferences = AuthorityPreferences(output_weight=1.5)
    model = tripartite_game(scenario, intervention, token=token, preferences=preferences)
    actions = model.game.strategies[1]
    numeric = model.game.to_normal_form(model.values).payoffs
    expected = expected_payoffs(scenario, intervention, model.groups, actions, preferences)
    np.testing.assert_allclose(numeric, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.slow  # the lowest-versions job leaves it out (Makefile)
def test_kept_symbols_and_values() -> None:
    intervention = Intervention(authority=0.4, information=0.3)
    model = tripartite_game(g60(), intervention, keep=["authority", "negotiation_cost"],
                            token=False)
    assert [str(s) for s in model.kept] == ["authority", "negotiation_cost"]
    assert model.values == {"authority": 0.4, "negotiation_cost": g60().costs.negotiation}
    assert {str(s) for s in model.game.parameters} == {"authority", "negotiation_cost"}
    numeric = tripartite_game(g60(), intervention, keep=[], token=False).game
    assert numeric.parameters == ()
    np.testing.assert_allclose(model.game.to_normal_form(model.values).payoffs,
                               numeric.to_normal_form({}).payoffs, rtol=1e-12)


def test_default_groups_split_by_demand() -> None:
    first, second = default_groups(g60())
    demand = {a.name: a.demand for a in g60().actors}
    assert len(first) == 5 and len(second) == 4
    assert min(demand[n] for n in first) >= max(demand[n] for n in second)


@pytest.mark.slow  # the lowest-versions job leaves it out (Makefile)
def test_table_of_the_g60_game() -> None:
    """At authority 0.4 and information 0.3, intervening with both groups cooperating is the
    ESS; without intervention (levels 0) the authority's gain of intervening at full
    defection is negative: lambda_1 at E1 is minus the effort cost."""
    model = tripartite_game(g60(), Intervention(authority=0.4, information=0.3), token=False)
    table = stability_table(model.game)
    assert table.ess(model.values) == ["E8"]
    assert table.ess({"authority": 0.0, "information": 0.0}) == []


def test_bad_input() -> None:
    scenario = g60()
    intervention = Intervention(authority=0.4)
    with pytest.raises(ValueError, match="exactly one group"):
        tripartite_game(scenario, intervention, groups=(["Songjiang"], ["Jiaxing"]))
    with pytest.raises(ValueError, match="not actors"):
        tripartite_game(scenario, intervention, groups=(["Paris"], ["Jiaxing"]))
    with pytest.raises(ValueError, match="not symbols"):
        tripartite_game(scenario, intervention, keep=["budget"])
    with pytest.raises(TypeError, match="Intervention"):
        tripartite_game(scenario, {"authority": 0.4})
    no_token = scenario.with_values(token_compliance=False)
    with pytest.raises(ValueError, match="token"):
        tripartite_game(no_token, intervention, token=True)
