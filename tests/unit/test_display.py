"""Records that read well in a notebook: a short ``__repr__``, an HTML ``_repr_html_``, a
table where one is natural, ``plot(ax=None)`` returning the axes, and empty results that
say why (issue 24)."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest

from ica_model._display import WIDTH, Summary, html, text
from ica_model.analysis.leader import (
    CooperationIntervals,
    OptimalIntervention,
    cooperation_intervals,
    optimal_intervention,
)
from ica_model.cases import g60
from ica_model.model.points import as_points

#: The plain reprs the issue measured: G60 Scenario 3,067 characters, OptimalIntervention
#: 4,847, Calibration 15,151. A short repr is a screenful at most.
SHORT = 800
MIX = {"authority": 1.0, "standards": 0.5, "information": 0.5, "incentive": 0.5}


@cache
def bottleneck():
    return as_points(g60(), {"national_integration": [0.947]}).scenario_at(0)


@cache
def calibrated():
    from ica_model.analysis.calibration import calibrate

    return calibrate("g60", draws=3_000, rng=0, progress=False)


def check_short(record: object, *expected: str) -> str:
    shown = repr(record)
    assert len(shown) < SHORT, shown
    assert all(len(line) <= WIDTH + 30 for line in shown.splitlines()), shown
    for part in expected:
        assert part in shown, (part, shown)
    page = record._repr_html_()
    assert page.startswith("<div") and page.endswith("</div>") and "<table>" in page
    return shown


def test_summary_forms_escape_and_wrap() -> None:
    summary = Summary("A <b> & c", [("x", "1" * 200)], note="why " * 40)
    plain = text(summary)
    assert max(len(line) for line in plain.splitlines()) <= WIDTH + len("  x  ")
    assert plain.splitlines()[1].endswith("…")             # a long value is cut
    assert "why why" in plain.splitlines()[-1]             # a note is wrapped, not cut
    assert "&lt;b&gt; &amp; c" in html(summary)


def test_scenario_is_a_few_lines() -> None:
    shown = check_short(g60(), "Scenario 'g60'", "9: Songjiang", "national integration")
    assert shown.count("\n") < 10


def test_equilibria_carry_action_labels() -> None:
    from ica_model.engine.solvers import pure_equilibria
    from ica_model.model.parameters import Intervention
    from ica_model.model.payoffs import scenario_game

    scenario = g60()
    result = pure_equilibria(scenario_game(scenario, Intervention(authority=0.8)))
    names = [a.name for a in scenario.actors]
    profiles = result.action_profiles()
    assert profiles and all(list(p) == names for p in profiles)
    assert profiles[0] == {name: scenario.actions[a]
                           for name, a in zip(names, result.equilibria[0].profile, strict=True)}
    frame = result.to_frame()
    assert list(frame.columns[:9]) == names and len(frame) == len(result)
    assert set(frame.iloc[0, :9]) <= set(scenario.actions)
    check_short(result, "pure_enumeration", "the full set", f"Songjiang:{profiles[0]['Songjiang']}")


def test_an_empty_equilibrium_result_says_why() -> None:
    import numpy as np

    from ica_model.engine.game import NormalFormGame
    from ica_model.engine.solvers import pure_equilibria

    pennies = NormalFormGame(np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]),
                             actions=[["H", "T"], ["H", "T"]])
    result = pure_equilibria(pennies)
    assert len(result) == 0
    assert "a finite game always has a mixed one" in " ".join(repr(result).split())
    from ica_model.engine.solvers import support_enumeration

    mixed = support_enumeration(pennies)
    assert mixed.to_frame().iloc[0, 0] == "H:0.5 T:0.5"


def test_cooperation_intervals_explain_an_empty_window() -> None:
    found = cooperation_intervals(bottleneck(), MIX)
    check_short(found, "stable", "[0.03694, 0.5001]")
    empty = cooperation_intervals(bottleneck(), {"authority": 1.0})
    assert not empty.stable
    assert "empty: full cooperation is an equilibrium at no level" in " ".join(
        repr(empty).split())
    ax = empty.plot()
    assert ax.get_xlim() == (0.0, empty.max_level)
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"under-intervention"}


def test_optimal_intervention_reads_well_and_plots_its_curve() -> None:
    best = optimal_intervention(bottleneck(), MIX)
    check_short(best, "λ* = 0.3141", "9 cooperate")
    ax = best.plot()
    assert ax.lines[0].get_xdata().size == best.levels.size
    labels = {t.get_text() for t in ax.get_legend().get_texts()}
    assert {"objective W", "full cooperation stable", "under-intervention",
            "over-intervention"} <= labels
    assert isinstance(best.intervals, CooperationIntervals) and isinstance(best,
                                                                          OptimalIntervention)


def test_full_vector_has_a_name() -> None:
    from ica_model.analysis.leader import FULL_VECTOR

    assert FULL_VECTOR == "full vector"
    with pytest.raises(ValueError, match="'full vector', got 'all'"):
        optimal_intervention(bottleneck(), "all")


def test_calibration_is_short_has_its_facts_and_plots() -> None:
    result = calibrated()
    check_short(result, "Calibration of 'g60'", "3,000", "facts_frame()")
    facts = result.facts_frame()
    assert list(facts["fact"]) == list(result.passed)
    assert (facts["passed"] <= facts["reached"]).all()
    ax = result.plot(shown=5)
    assert len(ax.get_yticklabels()) == 5


def test_an_empty_calibration_says_why() -> None:
    result = calibrated()
    empty = dataclasses.replace(result, accepted=result.accepted.iloc[:0])
    assert "no draw was accepted" in repr(empty)


def test_claims_show_what_they_state() -> None:
    from ica_model.analysis.claims import CLAIMS

    for claim in CLAIMS:
        shown = check_short(claim, claim.name)
        assert ("a finding" in shown) == claim.is_finding


@pytest.mark.slow  # the lowest-versions job leaves it out (Makefile)
def test_stability_tables_are_a_few_lines() -> None:
    import sympy as sp

    from ica_model.analysis.tripartite import tripartite_game
    from ica_model.engine.evolutionary import PopulationGame, stability_table
    from ica_model.model.parameters import Intervention

    model = tripartite_game(g60(), Intervention(authority=0.4, information=0.3), token=False)
    table = stability_table(model.game)
    assert len(table.rows) == 8 and len(table.to_markdown()) > 2 * SHORT   # a long table
    shown = check_short(table, "StabilityTable", "rest points  8", "E5 (ESS if (1))",
                        "table        8 rows")
    assert "\n  E4 " in shown and "\n  E5 " not in shown            # the first 4 rows
    assert "<td>" in table._repr_html_()                              # with the whole table
    # an empty result says why
    c, f, g = sp.symbols("c f g", positive=True)
    game = PopulationGame.from_table(
        {("inspect", "cheat"): (f - c, g - f), ("inspect", "comply"): (-c, 0),
         ("trust", "cheat"): (-g, g), ("trust", "comply"): (0, 0)})
    assert "no rest point is an ESS" in check_short(
        stability_table(game, assumptions=[f > g, g > c]), "ESS          none")
