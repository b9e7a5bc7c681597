"""ICA over time: state terms, the stage game given the state, paths, exact small cases."""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

from ica_model.cases import HISTORIES as CASES
from ica_model.cli import main
from ica_model.history import TERMS, exact, path, simulate_history
from ica_model.history.calibration import calibrate_histories
from ica_model.history.stage import LIE_FLAT, select_equilibria
from ica_model.history.terms import GOVERNMENT_STATE, PARAMETERS, REGION_STATE, check_terms, step

#: The source papers: ``../shared/seeds`` beside the clone, or ``$ICA_MODEL_SOURCES``.
SOURCES = Path(os.environ.get("ICA_MODEL_SOURCES",
                              Path(__file__).resolve().parents[3] / "shared" / "seeds"))


def _normalised(text: str) -> str:
    """The text without ruby pinyin, spaces, and with one kind of comma and quote."""
    text = re.sub(r"\([^()\s]{1,8}\)", "", text)
    text = re.sub(r"\s+", "", text)
    for a, b in (("，", ","), ("“", "\""), ("”", "\""), ("‘", "'"), ("’", "'")):
        text = text.replace(a, b)
    return text


def _quotes() -> list[tuple[str, str]]:
    quotes = [(f"term {t.name}", t.quote) for t in TERMS.values() if t.quote]
    for case in CASES.values():
        quotes += [(f"{case.name} event {e.year}", e.citation.quote) for e in case.events]
        quotes += [(f"{case.name} fact {f.name}", f.citation.quote) for f in case.facts]
    return quotes


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source papers are not beside the clone")
@pytest.mark.parametrize(("where", "quote"), _quotes())
def test_every_quote_is_in_a_source(where: str, quote: str) -> None:
    texts = [_normalised(p.read_text(encoding="utf-8")) for p in sorted(SOURCES.glob("*.txt"))]
    assert any(_normalised(quote) in text for text in texts), where


def _state(n: int = 2) -> dict[str, np.ndarray]:
    state = {k: np.full((1, n), v) for k, v in GOVERNMENT_STATE.items()}
    return state | {k: np.full((1, 1), v) for k, v in REGION_STATE.items()}


def _inputs(**given: object) -> dict[str, object]:
    return {"cooperated": np.array([[1.0, 0.0]]), "share": 0.5, "mandate": 0.0, "event": 0.0,
            "rival": 0.0, "turnover": 0.0, "cadre_mean": 0.0} | given


MID = {name: (low + high) / 2 for name, (low, high) in PARAMETERS.items()}


def test_sunk_investment_is_built_once_and_depreciates_without_use() -> None:
    after = step(_state(), _inputs(), MID, {"sunk"})
    assert after["sunk"].tolist() == [[1.0, 0.0]]
    later = step(after, _inputs(cooperated=np.array([[0.0, 0.0]])), MID, {"sunk"})
    assert later["sunk"][0, 0] == pytest.approx(1 - MID["sunk_depreciation"])


def test_momentum_rises_with_events_and_decays_without() -> None:
    raised = step(_state(), _inputs(event=1.0), MID, {"potential"})["potential"]
    assert raised.item() == 1.0
    state = _state() | {"potential": raised}
    decayed = step(state, _inputs(), MID, {"potential"})["potential"]
    assert decayed.item() == pytest.approx(1 - MID["momentum_decay"])


def test_attention_moves_only_past_the_friction_threshold() -> None:
    parameters = MID | {"attention_friction": 0.3, "cadre_visibility": 0.0}
    small = step(_state(), _inputs(share=1.0, rival=0.2), parameters, {"attention"})
    assert small["attention"].item() == 1.0          # contest share 1/1.2: gap 0.17 < 0.3
    big = step(_state(), _inputs(share=1.0, rival=1.0), parameters, {"attention"})
    assert big["attention"].item() == pytest.approx(0.5)


def test_institutionalisation_is_absorbing() -> None:
    parameters = MID | {"institution_threshold": 1.0}
    state = _state() | {"potential": np.array([[2.0]])}
    once = step(state, _inputs(share=1.0), parameters, {"institution"})
    assert once["institution"].item() == 1.0
    after = step(once | {"potential": np.array([[0.0]])}, _inputs(share=0.0), parameters,
                 {"institution"})
    assert after["institution"].item() == 1.0


def test_resources_reinforce_themselves() -> None:
    parameters = MID | {"resource_gain": 0.2, "resource_decay": 0.0}
    state = _state() | {"resources": np.array([[0.0, 1.0]])}
    after = step(state, _inputs(cooperated=np.array([[1.0, 1.0]])), parameters, {"resources"})
    gain = after["resources"] - state["resources"]
    assert gain[0, 1] == pytest.approx(2 * gain[0, 0])   # more resources, larger grant


def test_a_switched_off_term_keeps_its_variable() -> None:
    after = step(_state(), _inputs(event=1.0), MID, set())
    for name, value in _state().items():
        np.testing.assert_array_equal(after[name], value)


def test_unknown_terms_and_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        check_terms({"momentum"})
    with pytest.raises(ValueError, match=r"parameters\['discount'\] must lie in"):
        simulate_history("a_district", parameters={"discount": 2.0})
    with pytest.raises(ValueError, match="case must be one of"):
        simulate_history("g61")


def _brute_force_equilibria(payoffs: np.ndarray, actions: int) -> list[int]:
    """Profiles from which no player gains by a unilateral change (exact comparison)."""
    n = payoffs.shape[1]
    profiles = list(itertools.product(range(actions), repeat=n))
    found = []
    for index, profile in enumerate(profiles):
        if not np.isfinite(payoffs[index]).all():
            continue
        stable = True
        for i in range(n):
            for other in range(actions):
                changed = list(profile)
                changed[i] = other
                if payoffs[profiles.index(tuple(changed)), i] > payoffs[index, i] + 1e-12:
                    stable = False
        if stable:
            found.append(index)
    return found


def test_stage_equilibria_match_brute_force_on_random_games() -> None:
    rng = np.random.default_rng(4)
    for n, actions in ((2, 2), (2, 3), (3, 3), (3, 2)):
        games = rng.integers(-3, 4, size=(30, actions**n, n)).astype(float)
        chosen = select_equilibria(games, actions, tolerance=0.0)
        for game, count, index in zip(games, chosen.count, chosen.index, strict=True):
            expected = _brute_force_equilibria(game, actions)
            assert count == len(expected)
            assert (index in expected) if expected else index == -1


def test_lying_flat_never_appears_before_the_first_mandate() -> None:
    history = simulate_history("g60", draws=3, rng=2)
    launch = history.years.index(2018)
    assert (history.actions[:, launch] != LIE_FLAT).all()     # by construction: no lists


def test_the_pilots_pay_their_set_up_once() -> None:
    history = simulate_history("g60", terms={"sunk"})
    sunk = history.state["sunk"][0]
    cooperated = history.actions[0] == 0
    assert (sunk[1:][cooperated] == 1).all()    # built in the first year of cooperation


def test_myopic_path_equals_backward_induction_without_discount() -> None:
    rng = np.random.default_rng(7)
    case = exact.small_case(2, 3)
    for _ in range(3):
        ctx = exact.small_context(case, 1, check_terms(None), rng)
        actions = path._run(ctx, None, None)[0]
        np.testing.assert_array_equal(actions[0], exact.subgame_perfect_path(ctx, 0.0))


def test_subgame_perfect_path_is_checked_by_its_own_stage_games() -> None:
    # one government, one year: the subgame-perfect choice is the better of two payoffs
    case = dataclasses.replace(CASES["a_district"], years=(2020,))
    ctx = path._context(case, 1, check_terms(None), np.random.default_rng(1), None)
    payoffs = path._stage(ctx, 2020, path._initial_state(1, 1), None)[0][0, :, 0]
    assert exact.subgame_perfect_path(ctx, 0.9)[0, 0] == int(np.argmax(payoffs))


def test_district_stalls_without_reinjection_and_survives_a_later_fall() -> None:
    # momentum and institutionalisation alone, at values inside their ranges
    values = {"reform_credit": 0.45, "change_cost": 1.0, "momentum_credit": 1.0,
              "rank_step": 0.9, "institution_threshold": 1.5, "institution_relief": 0.8}
    terms = {"potential", "institution"}
    long = dataclasses.replace(CASES["a_district"], years=tuple(range(2019, 2027)))
    observed = simulate_history(long, parameters=values, terms=terms)
    assert observed.actions[0, :, 0].tolist() == [1, 1, 0, 0, 0, 0, 0, 0]
    momentum = observed.state["potential"][0, :, 0]
    assert momentum[-1] < momentum[3] / 5                     # momentum falls after 2021 ...
    assert observed.state["institution"][0, -1, 0] == 1       # ... the routine survives it
    no_visit = dataclasses.replace(long, events=long.events[:1])
    assert (simulate_history(no_visit, parameters=values, terms=terms).actions[0, :, 0] == 1).all()
    no_institution = simulate_history(long, parameters=values, terms={"potential"})
    assert no_institution.actions[0, :, 0].tolist() == [1, 1, 0, 1, 1, 1, 1, 1]


def test_calibration_over_histories_reports_each_fact() -> None:
    result = calibrate_histories("j_district", draws=50, rng=0)
    table = result.fact_table()
    assert list(table["fact"]) == [f.name for f in CASES["j_district"].facts]
    assert ((table["low"] <= table["share"]) & (table["share"] <= table["high"])).all()
    assert result.accepted.sum() == np.logical_and(*result.holds.values()).sum()


def test_simulate_command_prints_the_documented_json(capsys: pytest.CaptureFixture) -> None:
    assert main(["simulate", "a_district", "--from", "2020", "--to", "2021", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["case"] == "a_district"
    assert [p["year"] for p in record["periods"]] == [2020, 2021]
    period = record["periods"][0]
    assert set(period) == {"year", "actions", "state"}
    assert set(period["actions"].values()) <= {"C", "D", "T"}
    assert set(period["state"]) == set(GOVERNMENT_STATE) | set(REGION_STATE)


def test_simulate_command_refuses_years_outside_the_case(capsys: pytest.CaptureFixture) -> None:
    assert main(["simulate", "g60", "--from", "2030"]) == 2
    assert "(--from, --to) must be years of g60" in capsys.readouterr().err


def test_rows_give_the_same_draws_as_the_full_run() -> None:
    full = simulate_history("a_district", draws=6, rng=3)
    some = simulate_history("a_district", draws=6, rows=[4, 1], rng=3)
    np.testing.assert_array_equal(some.actions, full.actions[[4, 1]])
    for name, values in some.parameters.items():
        np.testing.assert_array_equal(values, full.parameters[name][[4, 1]])
    with pytest.raises(ValueError, match="rows must be indices"):
        simulate_history("a_district", draws=6, rows=[6])


def test_first_mover_credit_follows_the_source() -> None:
    assert simulate_history("yangtze_river_delta").state["first_credit"][0, 0].tolist() == [0.0] * 4
    assert simulate_history("a_district").state["first_credit"][0, 0].tolist() == [1.0]


def test_forward_looking_paths_reach_a_fixed_point() -> None:
    history = simulate_history("a_district", draws=40, forward=True, rng=5)
    assert history.converged.all()
    assert history.forward and not simulate_history("a_district").forward


def test_a_built_connection_is_not_charged_again() -> None:
    from ica_model.cases import symmetric
    from ica_model.history.stage import lying_flat_scenario, stage_payoffs
    from ica_model.model.payoffs import batch_profile_payoffs, profile_grid
    from ica_model.model.points import as_points

    scenario = lying_flat_scenario(symmetric(n=3))
    points = as_points(scenario, {"authority": [0.0, 0.5], "setup_cost": [0.4, 0.7]})
    zero = np.zeros((2, 3, 3))
    built, setup = stage_payoffs(points, np.ones((2, 3)), zero, np.array([0.0, 0.5]))
    free = batch_profile_payoffs(as_points(scenario, {"authority": [0.0, 0.5],
                                                      "setup_cost": [0.0, 0.0]}),
                                 profile_grid(scenario))
    finite = np.isfinite(built)
    np.testing.assert_allclose(built[finite], free[finite], rtol=1e-12)
    unbuilt, _ = stage_payoffs(points, np.zeros((2, 3)), zero, np.array([0.0, 0.5]))
    assert (setup[finite] >= 0).all() and (unbuilt[finite] <= built[finite]).all()
    assert np.isinf(built[0][profile_grid(scenario) == LIE_FLAT]).all()   # no lists: no T


@pytest.mark.parametrize("name", ["g60", "yangtze_river_delta"])
def test_the_representative_path_reproduces_every_history_fact(name: str) -> None:
    history = simulate_history(name)                # a row of calibrate_histories(name, draws, rng)
    assert history.draws == 1
    for fact in CASES[name].facts:
        assert fact.holds(history).all(), fact.name


def test_the_representative_g60_path() -> None:
    history = simulate_history("g60")
    launch = history.years.index(2018)
    assert (history.actions[0, launch] == 0).all()             # all nine, no mandate
    assert (history.actions[0] != 1).all()                     # no exit in any year


def test_calibration_over_histories_is_the_same_for_any_chunking_and_backend() -> None:
    one = calibrate_histories("a_district", 30, rng=3)
    chunked = calibrate_histories("a_district", 30, rng=3, chunk_size=7)
    processes = calibrate_histories("a_district", 30, rng=3, chunk_size=11,
                                    backend="processes", workers=2)
    for other in (chunked, processes):
        np.testing.assert_array_equal(other.history.actions, one.history.actions)
        np.testing.assert_array_equal(other.accepted, one.accepted)
        for name, values in one.history.state.items():
            np.testing.assert_array_equal(other.history.state[name], values)


def test_stochastic_paths_do_not_depend_on_the_draws_run_with_them() -> None:
    full = simulate_history("a_district", draws=8, stochastic=True, rng=4)
    some = simulate_history("a_district", draws=8, rows=[5, 2], stochastic=True, rng=4)
    np.testing.assert_array_equal(some.state["cadre"], full.state["cadre"][[5, 2]])
