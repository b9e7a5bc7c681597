"""The symbolic payoff model and the numeric games derived from it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import actors, interventions, scenarios

from ica_model import (
    Costs,
    Intervention,
    Risks,
    Scenario,
    Terms,
    TokenCompliance,
    pure_equilibria,
    scenario_game,
    symmetric_payoff,
)
from ica_model.cases import SCENARIOS, g60, symmetric
from ica_model.engine.textbook import linear_public_goods
from ica_model.model.payoffs import profile_payoffs
from ica_model.model.symbolic import expected_output, payoff_model, scenario_values, symbols


def sympy_payoff(scenario: Scenario, intervention: Intervention, profile: tuple[int, ...],
                 player: int) -> float:
    """Player's payoff by direct substitution into the sympy expression (no lambdify)."""
    x = symbols()
    actor = scenario.actors[player]
    cooperators = [a for a, act in zip(scenario.actors, profile, strict=True) if act == 0]
    m = len(cooperators)
    if scenario.group_heterogeneity is not None:
        heterogeneity = scenario.group_heterogeneity
    elif m > 1:
        prefs = [sp.Float(a.preference, 30) for a in cooperators]
        centre = sum(prefs) / m
        heterogeneity = 2 * sum(abs(p - centre) for p in prefs) / m
    else:
        heterogeneity = 0
    values = dict(scenario_values(scenario, intervention))
    for name in ("demand", "capacity", "selective_benefit", "innovation_value"):
        values[name] = getattr(actor, name)
        values[f"mean_{name}"] = (sum(getattr(a, name) for a in cooperators) / m if m
                                  else (1.0 if name == "demand" else 0.0))
    values.update(cooperators=m, token_compliers=sum(1 for a in profile if a == 2),
                  heterogeneity=heterogeneity)
    expr = payoff_model(scenario.terms, scenario.network_exponent).expressions[
        scenario.actions[profile[player]]]
    return float(expr.subs({x[k]: sp.Float(v, 30) for k, v in values.items()}).evalf(30))


@given(scenarios(max_n=4), interventions, st.data())
def test_symbolic_and_numeric_payoffs_agree(scenario, intervention, data) -> None:
    game = scenario_game(scenario, intervention)
    profile = tuple(data.draw(st.integers(0, k - 1)) for k in game.shape)
    player = data.draw(st.integers(0, scenario.n - 1))
    numeric = game.payoff(profile)[player]
    assert numeric == pytest.approx(sympy_payoff(scenario, intervention, profile, player),
                                    rel=1e-9, abs=1e-9)


@given(scenarios(max_n=4, token=True), interventions)
def test_disabling_token_compliance_gives_exactly_the_cd_game(scenario, intervention) -> None:
    with_t = scenario_game(scenario, intervention)
    without = scenario_game(scenario.with_values(token_compliance=False), intervention)
    sub = with_t.payoffs[(slice(None),) + (slice(0, 2),) * scenario.n]
    np.testing.assert_array_equal(sub, without.payoffs)
    assert without.actions[0] == ("C", "D")


@given(n=st.integers(2, 5), demand=st.floats(0.1, 3), capacity=st.floats(0.05, 1),
       information=st.floats(0.5, 2), enforcement=st.floats(0, 1), selective=st.floats(0, 0.2),
       innovation=st.floats(0, 0.2), intervention_kind=st.sampled_from(["none", "switched_off"]))
def test_no_intervention_zero_risks_is_a_linear_public_goods_game(
        n, demand, capacity, information, enforcement, selective, innovation,
        intervention_kind) -> None:
    """With no intervention, zero risks, full spillover and no negotiation cost, a
    cooperator pays c = info + enf - s - g and everyone gets b m / n: Ledyard's linear
    public goods game with multiplier r = b / c."""
    from ica_model import Actor

    actor = Actor("a", demand, capacity, selective, innovation, 0.5)
    scenario = Scenario("lpg", (actor,) * n,
                        costs=Costs(information, 0.0, enforcement, 5.0),
                        risks=Risks(0.0, 0.0, 1.0))
    intervention = Intervention()
    if intervention_kind == "switched_off":  # intervention present but its terms switched off
        scenario = dataclasses.replace(scenario, terms=Terms(authority=False, incentive=False,
                                                             information=False))
        intervention = Intervention(0.7, 0.7, 0.7)
    cost = information * (1 - capacity / 2) + enforcement - selective - innovation
    assume(cost > 1e-6)
    expected = linear_public_goods(n, demand / cost, cost)
    np.testing.assert_allclose(scenario_game(scenario, intervention).payoffs, expected.payoffs,
                               rtol=1e-12, atol=1e-12)


@given(scenarios(max_n=5), interventions)
def test_compensation_transfers_are_budget_balanced(scenario, intervention) -> None:
    """Sum over cooperators of the payoffs is unchanged by the compensation rate."""
    n = scenario.n
    profiles = np.indices((len(scenario.actions),) * n).reshape(n, -1).T
    base = scenario.with_values(compensation=0.0)
    cooperate = profiles == 0
    with_transfers = (profile_payoffs(scenario, intervention, profiles) * cooperate).sum(axis=1)
    without = (profile_payoffs(base, intervention, profiles) * cooperate).sum(axis=1)
    np.testing.assert_allclose(with_transfers, without, rtol=1e-10, atol=1e-10)


def test_full_compensation_equalises_cooperators() -> None:
    scenario = g60().with_values(compensation=1.0)
    everyone = scenario_game(g60(), Intervention(authority=0.4)).payoff((0,) * 9)
    payoffs = scenario_game(scenario, Intervention(authority=0.4)).payoff((0,) * 9)
    np.testing.assert_allclose(payoffs, everyone.mean())
    assert everyone.std() > 0.05  # without transfers the cities differ


@pytest.mark.parametrize("term,parameter", [
    ("information_cost", "information_cost"), ("negotiation_cost", "negotiation_cost"),
    ("enforcement_cost", "enforcement_cost"), ("autonomy_cost", "autonomy_cost"),
    ("coordination_risk", "coordination_risk"), ("defection_risk", "defection_risk"),
    ("distribution_risk", "spillover"), ("authority", "authority"),
    ("incentive", "incentive"), ("information", "information"),
])
def test_each_term_switches_off_symbolically(term: str, parameter: str) -> None:
    on = payoff_model(Terms(), 1).expressions
    off = payoff_model(dataclasses.replace(Terms(), **{term: False}), 1).expressions
    symbol = symbols()[parameter]
    assert any(symbol in e.free_symbols for e in on.values())
    assert all(symbol not in e.free_symbols for e in off.values())


def test_expected_output_matches_binomial_sum() -> None:
    """Exact E[((a + J)/n)^alpha] for J ~ Binomial(N, d), against the direct sum."""
    from math import comb

    a, N, d, n = 1.2, 6, 0.7, 9
    for alpha in (1, 2, 3):
        direct = sum(comb(N, j) * d**j * (1 - d) ** (N - j) * ((a + j) / n) ** alpha
                     for j in range(N + 1))
        assert float(expected_output(sp.Float(a), N, sp.Float(d), n, alpha)) == pytest.approx(
            direct, rel=1e-13)


def test_symmetric_payoff_matches_the_profile_game() -> None:
    scenario = symmetric(n=5)
    intervention = Intervention(0.3, 0.2, 0.6)
    game = scenario_game(scenario, intervention)
    profile = (0, 0, 1, 2, 0)  # 3 cooperators, 1 defector, 1 token complier
    payoffs = game.payoff(profile)
    assert payoffs[0] == pytest.approx(float(symmetric_payoff(scenario, "C", 3, 1, intervention)))
    assert payoffs[2] == pytest.approx(float(symmetric_payoff(scenario, "D", 3, 1, intervention)))
    assert payoffs[3] == pytest.approx(float(symmetric_payoff(scenario, "T", 3, 1, intervention)))


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_named_cases_build_with_sources(name: str) -> None:
    scenario = SCENARIOS[name]()
    assert scenario.sources, "every case documents its sources"
    game = scenario_game(scenario, Intervention(0.4, 0.1, 0.3))
    assert game.shape == (len(scenario.actions),) * scenario.n


@pytest.mark.slow  # the lowest-versions job leaves it out (Makefile)
def test_twenty_players_two_actions_is_feasible() -> None:
    actor_list = tuple(dataclasses.replace(a, name=f"{a.name}{k}") for k in range(3)
                       for a in g60().actors)[:20]
    scenario = dataclasses.replace(g60(), actors=actor_list,
                                   token=TokenCompliance(enabled=False))
    game = scenario_game(scenario, Intervention(authority=0.5))
    assert game.shape == (2,) * 20
    found = pure_equilibria(game).equilibria
    assert found
    for eq in found[:3]:     # oracle: every unilateral switch, read off the payoff array
        for player in range(20):
            switched = list(eq.profile)
            switched[player] = 1 - switched[player]
            assert game.payoff(switched)[player] <= game.payoff(eq.profile)[player] + 1e-12


@given(actors())
def test_actor_roundtrip_is_valid(actor) -> None:
    assert dataclasses.replace(actor) == actor
