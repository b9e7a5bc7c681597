"""The follower response, the authority's objective and its optimal intervention."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import interventions, scenarios

from ica_model import Intervention, pure_equilibria
from ica_model.analysis.follower import follower_response
from ica_model.analysis.leader import (
    AuthorityPreferences,
    authority_welfare,
    cooperation_intervals,
    optimal_intervention,
)
from ica_model.cases import g60, symmetric, yangtze_river_delta
from ica_model.model.closed_form import critical_authority
from ica_model.model.parameters import KINDS
from ica_model.model.payoffs import scenario_game
from ica_model.model.points import as_points

LEVELS = [Intervention(authority=a, information=f, incentive=i)
          for a, f, i in [(0.0, 0.0, 0.0), (0.2, 0.0, 0.0), (0.4, 0.3, 0.0), (0.7, 0.0, 0.2),
                          (0.95, 0.3, 0.0), (1.0, 0.0, 0.0)]]


@pytest.mark.parametrize("case", [g60, yangtze_river_delta, lambda: symmetric(6)])
def test_response_matches_the_pure_equilibrium_solver(case) -> None:
    scenario = case()
    response = follower_response(scenario, LEVELS)
    for index, intervention in enumerate(LEVELS):
        result = pure_equilibria(scenario_game(scenario, intervention))
        profiles = [eq.profile for eq in result.equilibria]
        assert response.equilibrium_count[index] == len(profiles)
        assert response.full_cooperation[index] == ((0,) * scenario.n in profiles)
        counts = [sum(a == 0 for a in p) for p in profiles]
        assert response.most_cooperators[index] == max(counts, default=-1)
        assert response.fewest_cooperators[index] == min(counts, default=-1)
        if not profiles:
            assert not response.has_equilibrium[index]
            continue
        # selection rule: most cooperators, then largest total payoff
        best = max(result.equilibria, key=lambda eq: (sum(a == 0 for a in eq.profile),
                                                      sum(eq.payoffs)))
        assert tuple(response.profile[index]) == best.profile
        assert response.payoffs[index] == pytest.approx(best.payoffs)


def test_margin_matches_the_closed_form_for_identical_actors() -> None:
    from ica_model.model.closed_form import full_cooperation_margin

    scenario = symmetric(5)
    levels = np.linspace(0, 1, 11)
    response = follower_response(scenario, {"authority": levels, "information": 0.2})
    assert response.margin == pytest.approx(
        full_cooperation_margin(scenario, {"authority": levels, "information": 0.2}), abs=1e-12)


def test_welfare_is_the_sum_of_payoffs_plus_output_value_minus_effort_costs() -> None:
    scenario = g60()
    preferences = AuthorityPreferences(output_weight=3.0, authority_effort=0.7,
                                       information_effort=0.1)
    v = Intervention(authority=0.5, incentive=0.4, information=0.3)
    game = scenario_game(scenario, v)
    best = max(pure_equilibria(game).equilibria,
               key=lambda eq: (sum(a == 0 for a in eq.profile), sum(eq.payoffs)))
    m = sum(a == 0 for a in best.profile)
    m_t = sum(a == 2 for a in best.profile)
    coverage = (m + scenario.token.participation_weight * m_t) / scenario.n
    expected = (sum(best.payoffs) + 3.0 * coverage - 0.7 * 0.5**2 - 0.1 * 0.3**2
                - scenario.effects.incentive_subsidy * 0.4 * m)
    assert authority_welfare(scenario, v, preferences)[0] == pytest.approx(expected, abs=1e-12)


def test_intervals_match_the_closed_form_critical_authority() -> None:
    """The reference group without national integration: full cooperation holds up to an
    onset of over-intervention."""
    import dataclasses

    base = symmetric()
    scenario = base.with_values(national_integration=0.0)
    closed = critical_authority(scenario)
    result = cooperation_intervals(scenario, {"authority": 1.0})
    assert 0 < closed.highest < 1 and result.under == ()
    assert result.lowest == pytest.approx(closed.lowest, abs=1e-10)
    assert result.highest == pytest.approx(closed.highest, abs=1e-10)
    assert result.over == ((pytest.approx(closed.highest, abs=1e-10), 1.0),)
    # the same answers from the profile game (identical actors treated as if they differed)
    named = dataclasses.replace(scenario, actors=tuple(
        dataclasses.replace(a, innovation_value=a.innovation_value + 1e-15 * k)
        for k, a in enumerate(scenario.actors)))
    assert not named.is_homogeneous
    assert cooperation_intervals(named, {"authority": 1.0}).highest == pytest.approx(
        closed.highest, abs=1e-8)
    standards = cooperation_intervals(base, {"standards": 1.0})
    assert 0 < standards.lowest < 1
    named = dataclasses.replace(named, outside=base.outside)
    assert cooperation_intervals(named, {"standards": 1.0}).lowest == pytest.approx(
        standards.lowest, abs=1e-8)


@pytest.mark.parametrize("mix", [{"authority": 1.0}, {"information": 1.0},
                                 {"authority": 1.0, "incentive": 1.0, "information": 1.0}])
def test_optimal_level_beats_every_level_of_a_fine_grid(mix) -> None:
    scenario = g60()
    best = optimal_intervention(scenario, mix, resolution=101)
    fine = np.linspace(0, 1, 1001)
    values = authority_welfare(scenario, {k: fine * w for k, w in mix.items()})
    assert best.objective >= values.max() - 1e-12
    assert authority_welfare(scenario, best.intervention)[0] == pytest.approx(best.objective)
    assert best.levels is not None and len(best.objectives) == 101


def test_optimal_full_vector_beats_the_best_fixed_mix() -> None:
    scenario = g60()
    full = optimal_intervention(scenario, None, grid_points=6)
    assert full.level is None and full.levels is None
    for mix in [{"authority": 1.0}, {"incentive": 1.0}, {"information": 1.0},
                {"authority": 1.0, "incentive": 1.0, "information": 1.0}]:
        assert full.objective >= optimal_intervention(scenario, mix, resolution=51).objective - 1e-9
    assert full.cooperators == 9 and full.profile == ("C",) * 9


def test_costly_standards_lower_the_optimal_level() -> None:
    scenario = symmetric()
    cheap = optimal_intervention(scenario, {"standards": 1.0}, preferences=AuthorityPreferences(
        standards_effort=0.0))
    dear = optimal_intervention(scenario, {"standards": 1.0}, preferences=AuthorityPreferences(
        standards_effort=20.0))
    assert dear.level < cooperation_intervals(scenario, {"standards": 1.0}).lowest <= cheap.level
    # so dear authority gives up on full cooperation; cheap authority secures it
    assert dear.cooperators < 9 and cheap.cooperators == 9


def test_bad_input() -> None:
    with pytest.raises(ValueError, match=r"points\['authority'\] must lie in"):
        as_points(g60(), {"authority": [0.5, np.nan]})
    with pytest.raises(ValueError, match="unknown parameter 'mandate'"):
        as_points(g60(), {"mandate": 0.5})
    with pytest.raises(ValueError, match=rf"shape \(V, {len(KINDS)}\)"):
        as_points(g60(), np.zeros((4, 2)))
    with pytest.raises(TypeError, match="points must be"):
        as_points(g60(), "authority")
    with pytest.raises(ValueError, match="mix must map intervention kinds to weights or hold"):
        cooperation_intervals(g60(), (1.0, 0.0))
    with pytest.raises(ValueError, match=r"mix\['incentive'\] must"):
        cooperation_intervals(g60(), {"authority": 1.0, "incentive": -0.5})
    with pytest.raises(ValueError, match="at least one positive weight"):
        cooperation_intervals(g60(), {"authority": 0.0})
    with pytest.raises(ValueError, match="no room"):
        cooperation_intervals(g60(), {"authority": 1.0}, Intervention(authority=1.0))
    with pytest.raises(ValueError, match=r"authority_effort must lie in \[0, inf\]"):
        AuthorityPreferences(authority_effort=-1.0)
    with pytest.raises(TypeError, match="scenario must be a Scenario"):
        optimal_intervention("g60")
    with pytest.raises(ValueError, match="must have one length"):
        follower_response(g60(), {"authority": [0.1, 0.2], "demand": np.ones((3, 9))})


def _profile_oracle(scenario, intervention, tolerance=1e-9):
    """The response read off the profile game by the engine's pure-equilibrium solver."""
    from ica_model.engine.solvers.verify import payoff_tolerance

    game = scenario_game(scenario, intervention)
    result = pure_equilibria(game, tolerance)
    equilibria = result.equilibria
    slack = float(payoff_tolerance(game, tolerance).sum())

    def pick(count, sign):
        among = [eq for eq in equilibria if sum(a == 0 for a in eq.profile) == count]
        totals = [sign * sum(eq.payoffs) for eq in among]
        top = max(totals)
        tied = [eq for eq, total in zip(among, totals, strict=True) if total >= top - slack]
        return min(tied, key=lambda eq: np.ravel_multi_index(eq.profile, game.shape))

    counts = [sum(a == 0 for a in eq.profile) for eq in equilibria]
    return (equilibria, pick(max(counts), 1.0) if equilibria else None,
            pick(min(counts), -1.0) if equilibria else None)


@settings(max_examples=40, deadline=None)
@given(scenario=scenarios(2, 5), levels=st.lists(interventions, min_size=1, max_size=4))
def test_states_give_the_profile_games_equilibria(scenario, levels) -> None:
    """Oracle: the engine's pure-equilibrium enumeration of each profile game, with the
    selection rule applied by hand (tolerance-ties to the lowest profile index)."""
    response = follower_response(scenario, levels)
    for index, intervention in enumerate(levels):
        equilibria, selected, harshest = _profile_oracle(scenario, intervention)
        assert response.equilibrium_count[index] == len(equilibria)
        assert response.has_equilibrium[index] == bool(equilibria)
        if not equilibria:
            continue
        assert tuple(response.profile[index]) == selected.profile
        assert tuple(response.harshest[index]) == harshest.profile
        assert response.payoffs[index] == pytest.approx(selected.payoffs, rel=1e-9, abs=1e-12)
        assert response.harshest_payoffs[index] == pytest.approx(harshest.payoffs, rel=1e-9,
                                                                 abs=1e-12)
        assert response.full_cooperation[index] == ((0,) * scenario.n in
                                                    {eq.profile for eq in equilibria})


def test_states_give_the_profile_games_equilibria_on_g60_at_random_points() -> None:
    rng = np.random.default_rng(7)
    levels = [Intervention(*rng.random(3)) for _ in range(12)]
    for case in (g60, lambda: symmetric(7)):
        scenario = case()
        response = follower_response(scenario, levels)
        for index, intervention in enumerate(levels):
            equilibria, selected, _ = _profile_oracle(scenario, intervention)
            assert response.equilibrium_count[index] == len(equilibria)
            assert tuple(response.profile[index]) == selected.profile
