"""Closed forms of the homogeneous game against brute-force equilibrium enumeration."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from ica_model import (
    Intervention,
    comparative_statics,
    cooperation_margins,
    critical_authority,
    critical_authority_roots,
    critical_group_size,
    full_cooperation_margin,
    pure_equilibria,
    pure_equilibria_by_counts,
    symmetric_game,
)
from ica_model.cases import symmetric
from ica_model.model.payoffs import scenario_game


def mandates_with_standards(token: bool = False, n: int = 9):
    """The reference group, but its mandates also unify standards (the authority of the
    reference model before the split), with a stiffer autonomy loss: under- and
    over-intervention both exist along the authority level (illustrative, for testing the
    closed forms against brute force)."""
    base = symmetric(n=n, token_compliance=token)
    return base.with_values(autonomy_cost=1.0, authority_on_coordination=0.8,
                            authority_on_negotiation=0.6, authority_on_enforcement=0.8,
                            token_credit=0.3)


def full_cooperation_is_equilibrium(scenario, intervention) -> bool:
    """Brute force: is the all-C profile among the pure equilibria of the profile game?"""
    result = pure_equilibria(scenario_game(scenario, intervention), tolerance=0.0)
    return (0,) * scenario.n in {eq.profile for eq in result.equilibria}


@pytest.mark.parametrize("token", [False, True])
def test_critical_authority_matches_brute_force(token: bool) -> None:
    scenario = mandates_with_standards(token)
    critical = critical_authority(scenario)
    for level in np.linspace(0, 1, 41):
        inside = any(lo <= level <= hi for lo, hi in critical.intervals)
        assert inside == full_cooperation_is_equilibrium(scenario, Intervention(authority=level))
    if token:   # paper compliance under the mandate undercuts full cooperation everywhere
        assert critical.intervals == ()
        return
    assert 0 < critical.lowest < critical.highest < 1  # under- and over-intervention exist
    # just either side of each edge, the brute force changes its answer
    for edge in (critical.lowest, critical.highest):
        below = full_cooperation_is_equilibrium(scenario, Intervention(authority=edge - 1e-6))
        above = full_cooperation_is_equilibrium(scenario, Intervention(authority=edge + 1e-6))
        assert below != above


def test_critical_authority_roots_are_exact_and_match_numeric() -> None:
    scenario = mandates_with_standards()
    roots = critical_authority_roots(scenario)
    critical = critical_authority(scenario)
    assert all(isinstance(r, sp.Expr) for r in roots)
    assert [float(r) for r in roots] == pytest.approx([critical.lowest, critical.highest],
                                                      abs=1e-12)
    margin = cooperation_margins(scenario.terms, 1, False)["D"]
    assert margin.free_symbols  # general, symbolic in every parameter


@pytest.mark.parametrize("authority", [0.0, 0.3, 0.5, 0.7])
def test_critical_group_size_matches_brute_force(authority: float) -> None:
    intervention = Intervention(authority=authority)
    n_star = critical_group_size(symmetric(), intervention, n_max=60)
    for n in range(2, 61):
        counts = pure_equilibria_by_counts(symmetric_game(symmetric(n), intervention),
                                           tolerance=0.0)
        stable = any(row[0] == n for row in counts)
        if n == n_star:
            assert stable
        if n_star is None or n > n_star:
            assert not stable, n
    # profile enumeration agrees with the count solver at small n
    for n in range(2, 8):
        counts = pure_equilibria_by_counts(symmetric_game(symmetric(n), intervention), 0.0)
        assert any(r[0] == n for r in counts) == full_cooperation_is_equilibrium(
            symmetric(n), intervention)


@settings(max_examples=25)
@given(level=st.floats(0, 1), incentive=st.floats(0, 1), information=st.floats(0, 1),
       n=st.integers(2, 7))
def test_margin_sign_is_the_equilibrium_condition(level, incentive, information, n) -> None:
    scenario = symmetric(n)
    intervention = Intervention(level, incentive, information)
    margin = float(full_cooperation_margin(scenario, intervention)[0])
    if abs(margin) > 1e-9:
        assert (margin >= 0) == full_cooperation_is_equilibrium(scenario, intervention)


def test_margin_is_vectorised_over_levels_and_sizes() -> None:
    levels, sizes = np.meshgrid(np.linspace(0, 1, 7), np.arange(2, 12), indexing="ij")
    grid = full_cooperation_margin(symmetric(), {"authority": levels.ravel(),
                                                 "group_size": sizes.ravel()}).reshape(7, 10)
    for i, level in enumerate(levels[:, 0]):
        for j, n in enumerate(sizes[0]):
            assert grid[i, j] == pytest.approx(float(full_cooperation_margin(
                symmetric(int(n)), Intervention(authority=float(level)))[0]), abs=1e-12)


def test_comparative_statics_signs() -> None:
    """Signs the model encodes by construction (MODEL.md section 4): every cost and risk
    makes full cooperation harder; incentives, information and hard agreements make it
    easier; authority is ambiguous (the inverted U)."""
    statics = comparative_statics(symmetric(token_compliance=False))
    for name in ("information_cost", "negotiation_cost", "enforcement_cost", "autonomy_cost",
                 "coordination_risk", "defection_risk", "spillover", "heterogeneity"):
        assert statics[name].sign == "-", name
        assert statics[name].critical_authority_sign == "+", name
        assert statics[name].critical_group_size_sign == "-", name
    for name in ("incentive", "information", "agreement_hardness", "incentive_subsidy",
                 "expected_penalty", "authority_on_enforcement"):
        assert statics[name].sign == "+", name
    assert statics["authority"].sign == "+/-"
    assert statics["incentive"].proved


def test_comparative_statics_sign_matches_finite_differences() -> None:
    scenario = symmetric(token_compliance=False)
    statics = comparative_statics(scenario, Intervention(0.4, 0.2, 0.3))
    base = float(full_cooperation_margin(scenario, Intervention(0.4, 0.2, 0.3))[0])
    bumped = scenario.with_values(negotiation_cost=scenario.costs.negotiation + 1e-6)
    difference = (float(full_cooperation_margin(bumped, Intervention(0.4, 0.2, 0.3))[0]) - base) / 1e-6
    assert statics["negotiation_cost"].at_scenario == pytest.approx(difference, rel=1e-5)


def test_critical_authority_of_a_heterogeneous_group_is_its_cooperation_window() -> None:
    from ica_model.analysis.leader import cooperation_intervals
    from ica_model.cases import g60

    window = cooperation_intervals(g60(), {"authority": 1.0}, Intervention(information=0.3))
    critical = critical_authority(g60(), Intervention(information=0.3), resolution=201)
    assert (critical.lowest, critical.highest) == pytest.approx((window.lowest, window.highest),
                                                                abs=1e-11)
    with pytest.raises(ValueError, match="homogeneous"):
        critical_group_size(g60())
