"""Every bad-input path raises a clear ValueError/TypeError naming parameter, value and range."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from ica_model import (
    Actor,
    Costs,
    Distribution,
    Intervention,
    InterventionEffects,
    NormalFormGame,
    Risks,
    Scenario,
    Terms,
    TokenCompliance,
    full_cooperation_margin,
    mixed_equilibria,
    pure_equilibria,
    scenario_game,
    symmetric_payoff,
    vertex_enumeration,
)
from ica_model.cases import g60, symmetric
from ica_model.engine.textbook import hawk_dove, prisoners_dilemma, threshold_public_goods
from ica_model.model.payoffs import MAX_PROFILES

BAD_FIELDS = [
    (Actor, "demand", 0.0, r"\(0, inf\]"),
    (Actor, "demand", -1.0, "demand"),
    (Actor, "capacity", 1.5, r"\(0, 1\]"),
    (Actor, "capacity", 0.0, "capacity"),
    (Actor, "preference", -0.1, r"\[0, 1\]"),
    (Actor, "selective_benefit", -0.5, "selective_benefit"),
    (Actor, "innovation_value", math.nan, "finite"),
    (Intervention, "authority", 1.2, r"Intervention.authority must lie in \[0, 1\], got 1.2"),
    (Intervention, "incentive", -0.1, "incentive"),
    (Intervention, "information", math.inf, "finite"),
    (Costs, "information", -0.1, "Costs.information"),
    (Costs, "negotiation", -1, "negotiation"),
    (Costs, "enforcement", math.nan, "finite"),
    (Costs, "autonomy", -2, "autonomy"),
    (Costs, "negotiation_exponent", 0.0, "negotiation_exponent"),
    (Costs, "autonomy_exponent", 0.5, r"\[1, inf\]"),
    (Risks, "coordination", 1.1, "coordination"),
    (Risks, "defection", -0.2, "defection"),
    (Risks, "spillover", 2.0, "spillover"),
    (InterventionEffects, "authority_on_coordination", 1.5, "authority_on_coordination"),
    (InterventionEffects, "incentive_subsidy", -1, "incentive_subsidy"),
    (InterventionEffects, "innovation_crowding", 0.0, "innovation_crowding"),
    (TokenCompliance, "participation_weight", 1.0, r"\[0, 1\)"),
    (TokenCompliance, "cost_share", 1.5, "cost_share"),
    (Distribution, "sharing", -0.1, "sharing"),
    (Distribution, "compensation", 1.01, "compensation"),
]


@pytest.mark.parametrize("kind,field,value,message", BAD_FIELDS,
                         ids=[f"{k.__name__}.{f}={v}" for k, f, v, _ in BAD_FIELDS])
def test_bad_parameter_values_raise_value_error(kind, field, value, message) -> None:
    with pytest.raises(ValueError, match=message):
        kind(**{field: value})


@pytest.mark.parametrize("kind,field,value", [
    (Actor, "demand", "1"), (Intervention, "authority", None), (Costs, "negotiation", [1]),
    (Actor, "capacity", True), (TokenCompliance, "enabled", 1), (Terms, "authority", "yes"),
    (Actor, "name", 3),
])
def test_wrong_types_raise_type_error(kind, field, value) -> None:
    with pytest.raises(TypeError, match=field):
        kind(**{field: value})


def test_replace_revalidates() -> None:
    with pytest.raises(ValueError, match=r"Risks\.defection"):
        dataclasses.replace(Risks(), defection=3.0)


def test_scenario_checks() -> None:
    actor = Actor()
    with pytest.raises(ValueError, match="at least 2 actors"):
        Scenario("one", (actor,))
    with pytest.raises(TypeError, match=r"actors\[1\]"):
        Scenario("bad", (actor, "city"))
    with pytest.raises(TypeError, match=r"Scenario\.costs"):
        Scenario("bad", (actor, actor), costs={"information": 1})
    with pytest.raises(ValueError, match="network_exponent"):
        Scenario("bad", (actor, actor), network_exponent=0)
    with pytest.raises(TypeError, match="network_exponent"):
        Scenario("bad", (actor, actor), network_exponent=1.5)
    with pytest.raises(ValueError, match="group_heterogeneity"):
        Scenario("bad", (actor, actor), group_heterogeneity=1.5)
    with pytest.raises(ValueError, match="agreement_hardness"):
        Scenario("bad", (actor, actor), agreement_hardness=-0.1)


def test_intervention_from_level_checks() -> None:
    with pytest.raises(ValueError, match="level"):
        Intervention.from_level(1.5)
    with pytest.raises(ValueError, match="mix"):
        Intervention.from_level(0.5, (1, 0))
    with pytest.raises(ValueError, match=r"mix\['information'\]"):
        Intervention.from_level(0.5, {"authority": 1, "information": 2})


def test_game_shape_and_value_checks() -> None:
    with pytest.raises(ValueError, match="shape"):
        NormalFormGame(np.zeros(3))
    with pytest.raises(ValueError, match="action axes"):
        NormalFormGame(np.zeros((2, 2, 2, 2)))
    with pytest.raises(ValueError, match="finite"):
        NormalFormGame([[[np.nan, 0], [0, 0]], [[0, 0], [0, 0]]])
    with pytest.raises(TypeError, match="numeric"):
        NormalFormGame([["a", "b"], ["c", "d"]])
    with pytest.raises(ValueError, match="one shape"):
        NormalFormGame.from_bimatrix(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="players"):
        NormalFormGame(np.zeros((2, 2, 2)), players=["only one"])
    with pytest.raises(ValueError, match="profile"):
        prisoners_dilemma().payoff((0, 2))


def test_sympy_game_needs_every_value() -> None:
    import sympy as sp

    t = sp.Symbol("T")
    with pytest.raises(ValueError, match="no value for"):
        NormalFormGame.from_sympy([[[t, 0], [0, 0]], [[0, 0], [0, 0]]], {})


def test_solver_input_checks() -> None:
    three = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(ValueError, match="2 players"):
        vertex_enumeration(three)
    with pytest.raises(ValueError, match="method"):
        mixed_equilibria(prisoners_dilemma(), method="lemke_howson_unbounded")
    with pytest.raises(TypeError, match="NormalFormGame"):
        pure_equilibria(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="tolerance"):
        pure_equilibria(prisoners_dilemma(), tolerance=-1.0)
    with pytest.raises(ValueError, match="2 players"):
        three.to_nashpy()


def test_textbook_parameter_checks() -> None:
    with pytest.raises(ValueError, match="temptation > reward"):
        prisoners_dilemma(1, 2, 3, 4)
    with pytest.raises(ValueError, match="cost"):
        hawk_dove(4, 2)
    with pytest.raises(ValueError, match="threshold"):
        threshold_public_goods(4, 5)


def test_model_input_checks() -> None:
    with pytest.raises(TypeError, match="Scenario"):
        scenario_game("g60")
    with pytest.raises(TypeError, match="Intervention"):
        scenario_game(g60(), {"authority": 0.3})
    big = dataclasses.replace(symmetric(), actors=(symmetric().actors[0],) * 23)
    with pytest.raises(ValueError, match="MAX_PROFILES"):
        scenario_game(big)
    assert 2**22 == MAX_PROFILES
    with pytest.raises(ValueError, match="homogeneous"):
        symmetric_payoff(g60(), "C", 3)
    with pytest.raises(ValueError, match="action"):
        symmetric_payoff(symmetric(token_compliance=False), "T", 3, 1)
    with pytest.raises(ValueError, match="counted"):
        symmetric_payoff(symmetric(), "C", 0)
    with pytest.raises(ValueError, match="at most n"):
        symmetric_payoff(symmetric(), "C", 10)
    with pytest.raises(ValueError, match=r"points\['authority'\] must lie in \[0, 1\], got 1.5"):
        full_cooperation_margin(symmetric(), {"authority": np.array([0.2, 1.5])})
    with pytest.raises(ValueError, match="unknown parameter 'mandate'"):
        full_cooperation_margin(symmetric(), {"mandate": 0.3})
    with pytest.raises(ValueError,
                       match=r"points\[.group_size.\] must be an integer in \{2, ..., 1e\+07\}, got 1.0"):
        full_cooperation_margin(symmetric(), {"group_size": np.array([1, 5])})


def test_entry_checks_found_by_the_fuzz_test() -> None:
    """Each case was a deep traceback, a hang or an error not naming the argument."""
    from ica_model._validation import check_real, check_real_array, check_size
    from ica_model.engine import repeated
    from ica_model.engine.evolutionary import dynamics, initial_grid
    from ica_model.engine.solvers import SymmetricGame, symmetric_equilibria
    from ica_model.engine.textbook import matching_pennies, stag_hunt

    with pytest.raises(ValueError, match="tolerance must be finite"):
        check_real("tolerance", 10**400)  # was OverflowError
    with pytest.raises(TypeError, match="row"):
        NormalFormGame.from_bimatrix([[1 + 1j, 0.5]], [[0.0, 1.0]])
    with pytest.raises(TypeError, match="x must be a real numeric array"):
        check_real_array("x", np.array([1j]))  # numpy would drop the imaginary part
    with pytest.raises(ValueError, match=r"points=1000000000 would need about .* GiB"):
        check_size("points", 10**9, 8)
    with pytest.raises(TypeError, match="players"):
        NormalFormGame(np.zeros((2, 2, 2)), players=3)
    with pytest.raises(ValueError, match="payoffs must give every player"):
        NormalFormGame([[]])
    with pytest.raises(ValueError, match="stag"):
        stag_hunt(math.inf)
    with pytest.raises(TypeError, match="payoff must be a function"):
        SymmetricGame(3, "g60")
    game = SymmetricGame(3, lambda a, c: c[:, 0] * 1.0)
    with pytest.raises(TypeError, match="tolerance"):
        symmetric_equilibria(game, tolerance="0.1")
    with pytest.raises(ValueError, match="method"):
        mixed_equilibria(prisoners_dilemma(), method=[1, 2])
    with pytest.raises(TypeError, match="punishment"):
        repeated.grim_trigger(prisoners_dilemma(), (0, 0), "g60")
    with pytest.raises(TypeError, match="tolerance"):
        repeated.grim_trigger(prisoners_dilemma(), (0, 0), (1, 1), tolerance=None)
    with pytest.raises(TypeError, match="temptation"):
        repeated.grim_thresholds([0.3, "a"], 3.0, 0.0)
    with pytest.raises(ValueError, match=r"t_max must lie in \(0, 10000\]"):
        dynamics.final_states(matching_pennies(), [[0.3, 0.7, 0.6, 0.4]], t_max=1e308)  # hung
    with pytest.raises(ValueError, match="points=1000000000 would need"):
        dynamics.trajectory(matching_pennies(), [0.5] * 4, points=10**9)
    with pytest.raises(TypeError, match="game must be a NormalFormGame or SymmetricGame"):
        dynamics.replicator_field("g60", [0.5, 0.5])
    with pytest.raises(TypeError, match="levels"):
        initial_grid(0.5)
    with pytest.raises(TypeError, match="kind"):
        initial_grid(kind=np.zeros(2))
    from ica_model.engine.coalitions import CoalitionalGame
    with pytest.raises(TypeError, match="players"):
        CoalitionalGame([0.0, 1.0, 1.0, 3.0], players=3)
    with pytest.raises(TypeError, match="token_compliance"):
        symmetric(token_compliance="g60")


def test_sizes_past_the_float_range_and_long_scans_are_refused_by_name() -> None:
    """Findings of the last fuzz: OverflowError, a silent sign '0', two hangs."""
    from ica_model import comparative_statics, critical_authority, critical_group_size
    from ica_model.analysis.leader import MAX_RESOLUTION, optimal_intervention
    from ica_model.cases import symmetric
    from ica_model.model.parameters import Intervention

    group = symmetric()
    with pytest.raises(ValueError, match=r"resolution=about 10\*\*400 would need"):
        critical_authority(group, resolution=10**400)
    with pytest.raises(ValueError, match=r"n_max=about 10\*\*400 would need"):
        critical_group_size(group, Intervention(authority=0.5), n_max=10**400)
    for draws in (0, -1):
        with pytest.raises(ValueError, match=r"draws must be an integer in \[1, inf\]"):
            comparative_statics(group, draws=draws)
    with pytest.raises(ValueError, match="draws=1000000000 would need about 477 GiB"):
        comparative_statics(group, draws=10**9)
    with pytest.raises(ValueError, match="n=1000000000 would need"):
        group.with_group_size(10**9)
    with pytest.raises(ValueError, match=rf"resolution must be an integer in \[3, {MAX_RESOLUTION}\]"):
        optimal_intervention(group, (1, 0, 0, 0), resolution=10**6)


def test_to_nashpy_without_nashpy_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """nashpy is optional: its absence gives an ImportError naming the extra to install."""
    import sys

    monkeypatch.setitem(sys.modules, "nashpy", None)
    with pytest.raises(ImportError, match=r"ica_model\[interop\]"):
        prisoners_dilemma().to_nashpy()


def test_strings_are_never_evaluated_as_payoffs_or_values() -> None:
    """Issue 25: sympify ran strings as Python code; every symbolic entry point refuses them."""
    import sympy as sp

    from ica_model.engine.evolutionary import PopulationGame
    from ica_model.engine.evolutionary.assumptions import condition_inequality
    from ica_model.engine.evolutionary.game import ReplicatorSystem
    from ica_model.engine.evolutionary.stability import eigenvalue_sign

    code = "__import__('os').getcwd()"
    x = sp.Symbol("x")
    with pytest.raises(TypeError, match=r"expressions\[0, 0, 0\].*not a string"):
        NormalFormGame.from_sympy([[[code, 0], [0, 0]], [[0, 0], [0, 0]]])
    with pytest.raises(TypeError, match=r"values\['T'\].*not a string"):
        NormalFormGame.from_sympy([[[sp.Symbol("T"), 0], [0, 0]], [[0, 0], [0, 0]]], {"T": code})
    with pytest.raises(TypeError, match=r"payoff .*not a string"):
        PopulationGame([[[code, 0], [0, 0]], [[0, 0], [0, 0]]])
    with pytest.raises(TypeError, match=r"equations\[0\].*not a string"):
        ReplicatorSystem([code], [x])
    for function in (eigenvalue_sign, condition_inequality):
        with pytest.raises(TypeError, match=r"expression.*not a string"):
            function(code)
    # numbers, numpy scalars and sympy expressions still pass
    game = NormalFormGame.from_sympy([[[x, np.int64(1)], [0.5, 0]], [[0, 0], [0, 0]]], {"x": 2})
    assert game.payoffs[0].tolist() == [[2.0, 1.0], [0.5, 0.0]]


def test_complex_and_malformed_payoffs_are_refused_by_name() -> None:
    """Issue 25: complex from_sympy values, string-returning and shape-ignoring payoffs."""
    import sympy as sp

    from ica_model.engine.solvers.symmetric import SymmetricGame

    with pytest.raises(ValueError, match=r"expressions\[0, 0, 0\] must be a real.*2\.0\*I"):
        NormalFormGame.from_sympy([[[1 + 2j, 0], [0, 0]], [[0, 0], [0, 0]]])
    with pytest.raises(ValueError, match=r"expressions\[0, 0, 1\] must be a real number, got I"):
        NormalFormGame.from_sympy([[[0, sp.I], [0, 0]], [[0, 0], [0, 0]]])
    with pytest.raises(TypeError, match="payoff of action 'C' must return real numbers"):
        SymmetricGame(3, lambda a, c: "x")
    with pytest.raises(ValueError, match=r"payoff of action 'C' must .*one value per row"):
        SymmetricGame(3, lambda a, c: np.ones(3))
    with pytest.raises(ValueError, match=r"must return a number or one value per row .*got shape \(4,\)"):
        SymmetricGame(3, lambda a, c: np.ones(4))
    # scalars and per-row payoffs still pass
    assert SymmetricGame(3, lambda a, c: 1.0).table.shape == (2, 3)
    assert SymmetricGame(3, lambda a, c: c[:, 0] - a).table[1].tolist() == [-1.0, 0.0, 1.0]


def test_nan_states_and_a_zero_radius_are_refused_by_name() -> None:
    """Issue 25: NaN states gave NaN fields, False core answers, LinAlgError; 2-D initial
    states reached scipy; a zero basin radius was accepted."""
    from ica_model.engine.coalitions import CoalitionalGame, in_core
    from ica_model.engine.evolutionary.dynamics import basins, classify, replicator_field, trajectory
    from ica_model.engine.solvers.symmetric import SymmetricGame

    game = SymmetricGame(2, lambda a, c: np.array([[4, 0], [3, 3]])[a] @ c.T)
    with pytest.raises(ValueError, match="state must be finite"):
        replicator_field(game, [math.nan, math.nan])
    with pytest.raises(ValueError, match="state must be finite"):
        classify(game, [math.nan, math.nan])
    with pytest.raises(ValueError, match=r"initial must be one state of shape \(2,\)"):
        trajectory(game, [[0.5, 0.5], [0.2, 0.8]])
    with pytest.raises(ValueError, match=r"radius must lie in \(0"):
        basins(game, [[0.5, 0.5]], radius=0.0)
    glove = CoalitionalGame.from_function(3, lambda s: float(0 in s and len(s) >= 2))
    assert in_core(glove, [1, 0, 0])
    with pytest.raises(ValueError, match="allocation must be finite"):
        in_core(glove, [math.nan, 0, 0])


def test_group_size_and_mix_weights_are_bounded_by_name() -> None:
    """Issue 25: group_size 1e308 gave -5.4e225; a 5e-324 mix weight said "high must be finite"."""
    from ica_model.analysis.leader import cooperation_intervals, optimal_intervention

    sym = symmetric()
    with pytest.raises(ValueError, match=r"group_size'\] must be an integer in \{2, \.\.\., 1e\+07\}"):
        full_cooperation_margin(sym, {"group_size": 1e308})
    assert np.isfinite(full_cooperation_margin(sym, {"group_size": 10**7})).all()
    with pytest.raises(ValueError, match="mix's largest weight must be at least 1e-300"):
        cooperation_intervals(sym, mix=(5e-324, 0, 0, 0))
    with pytest.raises(ValueError, match="mix's largest weight must be at least 1e-300"):
        optimal_intervention(sym, (5e-324, 0, 0, 0))
