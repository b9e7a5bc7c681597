"""`ica-model solve` solves once: the follower's record read off the engine's complete list of
pure equilibria (:func:`follower_response_from_equilibria`) is the record the sweeps compute state by
state (:func:`follower_response`). Two independent computations of the same equilibria: the
profile game enumerated by the engine, the states and the counting formula in the follower."""

import numpy as np
import pytest

from ica_model.analysis.follower import follower_response, follower_response_from_equilibria
from ica_model.cases import CASES, SCENARIOS
from ica_model.engine.solvers import pure_equilibria
from ica_model.model.parameters import KINDS, Intervention
from ica_model.model.payoffs import scenario_game

EXACT = ("equilibrium_count", "has_equilibrium", "full_cooperation", "most_cooperators",
         "fewest_cooperators", "profile", "cooperators", "token_compliers", "harshest")
CLOSE = ("margin", "payoffs", "harshest_payoffs", "temptation", "reward")


def _at(name, levels):
    scenario = SCENARIOS[name]()
    if "national_integration" in levels:
        scenario = scenario.with_values(national_integration=levels["national_integration"])
    return scenario, Intervention(**{k: levels.get(k, 0.0) for k in KINDS})


CASES_AT = [(name, epoch, levels) for name in ("g60", "yangtze_river_delta")
            for epoch, levels in ((e.name, e.representative) for e in CASES[name].epochs)]
# points that are not epochs: no intervention, mandates alone (token compliance), the lot
CASES_AT += [("g60", label, levels) for label, levels in (
    ("none", {}), ("authority 0.6", {"authority": 0.6, "information": 0.3}),
    ("authority 1", {"authority": 1.0}),
    ("no pure equilibrium", {"authority": 0.5}), ("all 0.75", dict.fromkeys(KINDS, 0.75)))]


@pytest.mark.parametrize(("name", "epoch", "levels"), CASES_AT,
                         ids=[f"{n}-{e}" for n, e, _ in CASES_AT])
def test_follower_and_engine_agree(name, epoch, levels):
    scenario, intervention = _at(name, levels)
    result = pure_equilibria(scenario_game(scenario, intervention))
    from_engine = follower_response_from_equilibria(scenario, intervention, result)
    follower = follower_response(scenario, intervention)
    for field in EXACT:
        np.testing.assert_array_equal(getattr(from_engine, field), getattr(follower, field),
                                      err_msg=field)
    for field in CLOSE:
        np.testing.assert_allclose(getattr(from_engine, field), getattr(follower, field),
                                   rtol=1e-12, atol=1e-12, err_msg=field)


def test_g60_epochs_are_not_trivial():
    """The comparison above covers outcomes that differ (not one outcome at every epoch)."""
    outcomes = {tuple(follower_response(*_at("g60", levels)).profile[0])
                for levels in (e.representative for e in CASES["g60"].epochs)}
    assert len(outcomes) >= 2


def test_incomplete_result_refused():
    scenario, intervention = _at("g60", {})
    result = pure_equilibria(scenario_game(scenario, intervention))
    from dataclasses import replace
    with pytest.raises(ValueError, match="complete"):
        follower_response_from_equilibria(scenario, intervention, replace(result, complete=False))


@pytest.mark.parametrize("argv", [["g60"], ["g60", "--epoch", "lists", "--authority", "0.5"],
                                  ["symmetric", "--national-integration", "0.5"]],
                         ids=["g60", "g60-epoch", "symmetric"])
def test_solve_checks_the_scenario_once_at_its_entry(monkeypatch, capsys, argv):
    """`ica-model solve` checks the scenario and its values once, where the command makes its
    point (was 9 checks, then 2: every room it entered checked again, then the case's scenario
    builder and the command each checked), and passes the checked point down to the printed
    table. The robustness metric's design checks the perturbed points it draws, as every
    design does (one check per chunk of draws, here one: ``derive`` in ``_survivals``); with
    ``--draws 0`` there is none."""
    import sys
    import traceback

    import ica_model.cli as cli
    from ica_model.model import parameters, points

    checks = {"check_scenario": parameters.check_scenario, "_points": points._points}
    callers = []

    def counting(name):
        def counted(*args, **kwargs):
            stack = traceback.extract_stack()
            callers.append((name, stack[-2].name, stack[-3].name))
            return checks[name](*args, **kwargs)
        return counted

    argv = ["solve", *argv, "--draws", "2"]
    cli.main(argv)                                  # every module it needs is imported
    capsys.readouterr()
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("ica_model"):
            continue
        for name, original in checks.items():
            if getattr(module, name, None) is original:
                monkeypatch.setattr(module, name, counting(name))
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "stability metrics" in out and "cooperators" in out          # the table
    entry = "_solve" if argv[1] == "symmetric" else "point"      # the cli, or Case.point
    expected = [("_points", "as_points", entry), ("_points", "derive", "_survivals"),
                ("check_scenario", "as_points", entry)]
    if argv[1] == "symmetric":      # its builder starts from the G60 case's scenario, checked
        expected += [("_points", "as_points", "point"), ("check_scenario", "as_points", "point")]
    assert sorted(callers) == sorted(expected), callers
