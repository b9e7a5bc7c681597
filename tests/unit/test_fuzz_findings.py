"""The findings of the fuzz of 2026-12 (seed 4277678455), one reproducer each: every input
is refused at the entry point by an error naming the argument (before: a hang, an error from
deep inside sympy, numpy, networkx or the os, or a silent run on the wrong case)."""

from __future__ import annotations

import math
import signal

import networkx as nx
import numpy as np
import pytest

import ica_model as ica
from ica_model import cases
from ica_model.analysis.calibration import calibrate
from ica_model.analysis.coalitions import coalition_payoff
from ica_model.diffusion import DiffusionParameters, complete_network, ensemble, from_networkx, mean_field
from ica_model.engine import coalitions, repeated, textbook
from ica_model.engine.evolutionary import (
    ReplicatorSystem,
    default_variables,
    sensitivity,
    simulate_stochastic,
    stability_table,
)
from ica_model.engine.evolutionary import (
    simulate_replicator as evolutionary_simulate,
)
from ica_model.engine.game import NormalFormGame
from ica_model.engine.solvers import vertex_enumeration
from ica_model.experiments import experiment
from ica_model.model.symbolic import authority_objective, payoff_model, scenario_values
from ica_model.runtime import Indices, UniformStream, chunk_size_for, read_parts, run


def system():
    import sympy as sp

    x, y, a = sp.symbols("x y a")
    return ReplicatorSystem([x * (1 - x) * (a - y), y * (1 - y) * (x - a)], [x, y])


def metric(sample, start, stop):
    return [stop - start], {}


CASES = [
    # a network exponent of 10**9 built x**(10**9) in sympy for minutes, beyond SIGALRM's reach
    (ica.cooperation_margins, {"network_exponent": 10**9}, "network_exponent"),
    (payoff_model, {"network_exponent": -1}, "network_exponent"),
    (authority_objective, {"terms": object()}, "terms"),
    (ica.cooperation_margins, {"token_compliance": [1]}, "token_compliance"),  # was: unhashable
    (ica.comparative_statics, {"scenario": cases.symmetric(), "deviation": [1, 2]}, "deviation"),
    (ica.critical_authority_roots, {"scenario": cases.symmetric(), "deviation": {}}, "deviation"),
    (cases.g60().with_values, {"national_integration": -math.inf}, "national_integration"),
    (scenario_values, {"scenario": (0.1, 0.2), "intervention": ica.Intervention()}, "scenario"),
    (coalitions.shapley_sample, {"value": lambda m: m.sum(axis=1) * 1.0, "n": 10**400}, "n="),
    (calibrate, {"case": "g60", "scenario": cases.yangtze_river_delta(), "draws": 2}, "scenario"),
    (cases.g60, {"epoch": np.zeros((2, 2))}, "epoch"),
    (cases.case, {"name": {"authority": 0.3}}, "case"),
    (experiment, {"name": ["calibration"]}, "experiment"),
    (NormalFormGame.from_sympy, {"expressions": [[[0, 0], [0, 0]]] * 2, "values": "g60"}, "values"),
    (default_variables, {"sizes": None}, "sizes"),
    (NormalFormGame.from_sympy, {"expressions": [True, False]}, "expressions"),  # AttributeError
    (default_variables, {"sizes": [1e308, 2]}, "sizes"),
    (simulate_stochastic, {"model": system(), "values": {"a": 0.5}, "initial": [0.3, 0.6],
                           "sigma": 10**400}, "sigma"),
    (simulate_stochastic, {"model": system(), "values": {"a": 1j}, "initial": [0.3, 0.6],
                           "sigma": 0.1}, "values"),
    (simulate_stochastic, {"model": system(), "values": {"a": 0.5}, "initial": [0.3, 0.6],
                           "sigma": 0.1, "scheme": np.zeros((2, 2))}, "scheme"),
    (from_networkx, {"graph": 3}, "graph"),
    (from_networkx, {"graph": nx.Graph()}, "graph"),
    (mean_field, {"parameters": object(), "periods": 3}, "parameters"),
    (mean_field, {"parameters": DiffusionParameters(learning_rate=0.0), "periods": 2.5}, "periods"),
    (ensemble, {"network": complete_network(6), "replicates": 10**9}, "replicates"),
    (coalition_payoff, {"scenario": "g60", "intervention": None, "coalitions": [0]}, "scenario"),
    (coalition_payoff, {"scenario": cases.g60(), "intervention": None,
                        "coalitions": {"authority": 0.3}}, "coalitions"),
    (repeated.summarise_thresholds, {"values": {"a": 1}, "strategy": "grim"}, "values"),
    (UniformStream, {"columns": "g60", "size": 3}, "columns"),
    (UniformStream, {"columns": 3, "size": 3}, "columns"),
    (run, {"metric": "g60", "design": Indices(3)}, "metric"),
    (run, {"metric": metric, "design": Indices(3), "out": "a\0b"}, "out"),
    (chunk_size_for, {"size": math.nan, "workers": 1}, "size"),
    (read_parts, {"folder": None}, "folder"),
    # accepted and ignored silently before (a string parameter value was parsed by numpy)
    (simulate_stochastic, {"model": system(), "values": {"a": "2"}, "initial": [0.3, 0.6],
                           "sigma": 0.1}, "values"),
    (vertex_enumeration, {"game": textbook.battle_of_the_sexes(), "tolerance": math.nan,
                          "exact": True}, "tolerance"),
    (Indices, {"size": 3, "name": np.zeros((2, 2))}, "name"),
    (repeated.summarise_thresholds, {"values": [0.2], "strategy": 3}, "strategy"),
    (stability_table, {"model": system(), "mixed": "no"}, "mixed"),
    (ReplicatorSystem.from_equations, {"equations": [1 + 1j, 0.5], "variables": ["x", "y"]},
     "equation"),
    (sensitivity, {"model": system(), "values": None, "parameter": "a", "levels": [1.0]}, "values"),
    (sensitivity, {"model": system(), "values": {}, "parameter": "a", "levels": 0.5}, "levels"),
    (ReplicatorSystem.from_equations, {"equations": 0.5, "variables": ["x", "y"]}, "equations"),
    (stability_table, {"model": system(), "assumptions": 3}, "assumptions"),
    (evolutionary_simulate, {"model": system(), "values": {"a": 1e308}, "initial": [[0.3, 0.6]],
                             "t_max": 0.529, "points": 33, "rtol": 1e-6}, "values"),  # RuntimeError
    (ica.optimal_intervention, {"scenario": cases.g60(), "mix": None, "base": ica.Intervention(authority=0.1),
                                "resolution": 5, "grid_points": 2}, "base"),
]


@pytest.mark.parametrize(("function", "kwargs", "name"), CASES,
                         ids=[f"{f.__name__}-{next(iter(k))}" for f, k, _ in CASES])
def test_refused_naming_the_argument(function, kwargs, name) -> None:
    def stop(signum, frame):
        raise TimeoutError(f"{function.__name__}({kwargs}) ran past 10 s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(10)
    try:
        with pytest.raises((ValueError, TypeError), match=name):
            function(**kwargs)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_numpy_integers_are_accepted_like_python_ones() -> None:
    assert ica.cooperation_margins(network_exponent=np.int64(2)) == ica.cooperation_margins(
        network_exponent=2)
    assert cases.symmetric().with_group_size(np.int64(7)).n == 7
    assert chunk_size_for(np.int64(10), np.int32(1)) == 10


# ---------------------------------------------------------------------- the fuzz of 2026-12-06
# (seed 3704259470): the items the last fuzz accepted and did not fix, decided.

@pytest.mark.parametrize(("kwargs", "name"), [
    ({"token_compliers": 0.5}, "token_compliers"),     # a share is no count (was accepted)
    ({"cooperators": 2.5}, "cooperators"),
    ({"cooperators": True}, "cooperators"),            # a boolean is no count either
    ({"cooperators": [3, math.nan]}, "cooperators"),
])
def test_symmetric_payoff_takes_whole_counts(kwargs, name) -> None:
    arguments = {"scenario": cases.symmetric(), "action": "C", "cooperators": 3,
                 "token_compliers": 1} | kwargs
    with pytest.raises((ValueError, TypeError), match=name):
        ica.symmetric_payoff(**arguments)
    # integer-valued floats are counts (the symmetric game passes its counts as floats)
    assert ica.symmetric_payoff(cases.symmetric(), "C", 3.0, 1.0) == ica.symmetric_payoff(
        cases.symmetric(), "C", 3, 1)


def test_symmetric_payoff_refuses_token_compliers_without_token_compliance() -> None:
    with pytest.raises(ValueError, match="token_compliers must be 0"):
        ica.symmetric_payoff(cases.symmetric(token_compliance=False), "C", 3, 1)


@pytest.mark.parametrize("kwargs", [
    {"temptation": [True, False]}, {"reward": True}, {"punishment": [0.5, True]},
    {"punishment": -math.inf}, {"temptation": [5.0, math.inf]}])
def test_grim_thresholds_takes_finite_numeric_payoffs(kwargs) -> None:
    """Booleans were read as 1 and 0."""
    arguments = {"temptation": [5.0, 5.0], "reward": 3.0, "punishment": 1.0} | kwargs
    with pytest.raises((ValueError, TypeError), match=next(iter(kwargs))):
        repeated.grim_thresholds(**arguments)


def test_grim_thresholds_of_a_missing_payoff_is_nan() -> None:
    """A NaN temptation read as "not tempted" (threshold 0); NaN marks a missing payoff
    (no stage equilibrium to revert to: discount_slack passes those), so NaN out."""
    thresholds = repeated.grim_thresholds([5.0, math.nan, 5.0], [3.0, 3.0, math.nan], 1.0)
    assert thresholds[0] == 0.5 and np.isnan(thresholds[1:]).all()


def test_grim_thresholds_of_no_games_is_empty_and_summarising_none_is_refused() -> None:
    """Empty in, empty out, like a numpy ufunc (a batch of no games); one group's summary
    needs one threshold per player."""
    assert repeated.grim_thresholds([], [], []).shape == (0,)
    with pytest.raises(ValueError, match="values"):
        repeated.summarise_thresholds([], "grim trigger")
    with pytest.raises(TypeError, match="values"):
        repeated.summarise_thresholds([True, False], "grim trigger")


def test_sensitivity_checks_the_baseline_of_the_swept_parameter() -> None:
    """A value for the swept parameter is the baseline the levels replace (one mapping of
    every parameter serves every panel, as in the how-to): used never, but checked."""
    panel = sensitivity(system(), {"a": 7.0}, "a", [0.5, 2.0], t_max=5, points=3)
    assert panel.final()["a"].tolist() == [0.5, 2.0]
    for baseline in (math.nan, "2", 1j):
        with pytest.raises((ValueError, TypeError), match="values"):
            sensitivity(system(), {"a": baseline}, "a", [0.5], t_max=5, points=3)


def test_an_overflowing_field_is_refused_without_a_warning() -> None:
    """scipy's overflow RuntimeWarnings were printed before the ValueError; the warning
    filters stay as they were (numpy.errstate is local to the call)."""
    import warnings

    filters = list(warnings.filters)
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # any warning fails the test
        with pytest.raises(ValueError, match="values"):
            evolutionary_simulate(system(), {"a": 1e308}, [[0.3, 0.6]], t_max=0.529, points=33,
                                  rtol=1e-6)
    assert warnings.filters == filters
    assert np.geterr()["over"] == "warn"


FRESH_CASES = [   # found by the fuzz with seed 3704259470 (before: accepted, or no name)
    (DiffusionParameters, {"need": math.nan}, "need"),       # NaN kept until a run
    (DiffusionParameters, {"need": [True, False]}, "need"),
    (DiffusionParameters, {"stake": np.zeros((0, 2))}, "stake"),
    (DiffusionParameters, {"capacity": 10**400}, "capacity"),
    (ica.optimal_intervention, {"scenario": cases.symmetric(5), "mix": (1.0, 0.0, 0.0, 0.0),
                                "resolution": 5, "grid_points": -1}, "grid_points"),  # ignored
    (ica.coalitions.minimal_compensation, {"scenario": cases.g60(),
                                           "members": ["Songjiang", "Songjiang"]}, "members"),
    (coalitions.coalition_stability, {"n": 4, "members": [0, 0, 1],
                                      "payoff": lambda members, i: float(len(members))}, "members"),
    (ica.symmetric_payoff, {"scenario": cases.symmetric(), "action": np.zeros((2, 2)),
                            "cooperators": 3}, "action"),    # "truth value ... ambiguous"
]


@pytest.mark.parametrize(("function", "kwargs", "name"), FRESH_CASES,
                         ids=[f"{f.__name__}-{next(iter(k))}" for f, k, _ in FRESH_CASES])
def test_fresh_findings_are_refused_naming_the_argument(function, kwargs, name) -> None:
    with pytest.raises((ValueError, TypeError), match=name):
        function(**kwargs)


def test_in_core_of_a_huge_allocation_answers_without_a_warning() -> None:
    import warnings

    glove = coalitions.CoalitionalGame.from_function(3, lambda s: float(0 in s and len(s) >= 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not coalitions.in_core(glove, [1e308] * 3)   # sums to inf: not efficient


# found once the fuzz called every public name (the 27 it did not call before)

def _x_y_a():
    import sympy as sp

    return sp.symbols("x y a")


def _network_kwargs(**changes):
    n = 3
    return {"names": ("a", "b", "c"), "adjacency": None, "groups": np.zeros(n, dtype=int),
            "province": np.full(n, -1)} | changes


def _runs():
    return evolutionary_simulate(system(), {"a": 0.5}, [[0.3, 0.6], [0.7, 0.2]], t_max=2, points=5)


API_CASES = [
    # accepted before
    (lambda: ica.evolutionary.PopulationGame([[[1j, 0], [5, 1]], [[3, 5], [0, 1]]]), "payoff"),
    (lambda: ica.evolutionary.PopulationGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
                                             populations=["a", "a"]), "populations"),
    (lambda: ica.diffusion.Network(**_network_kwargs(adjacency=np.full((3, 3), math.nan))),
     "adjacency"),
    (lambda: ica.diffusion.Network(**_network_kwargs(coordinates=0.5)), "coordinates"),
    (lambda: ica.diffusion.Network(**_network_kwargs(province=np.array([0, 99, 1]))), "province"),
    (lambda: ica.evolutionary.plot_sensitivity(
        sensitivity(system(), {}, "a", [0.5, 2.0], t_max=2, points=5), 1.5), "variable"),
    (lambda: ica.evolutionary.plot_phase(_runs(), runs=[True]), "runs"),
    (lambda: ica.symbolic.expected_output(1, 2, 0.5, 4, -5), "exponent"),
    (lambda: ica.symbolic.expected_output(1, 2, 1.5, 4, 1), "deliver"),
    # failed from deep inside before (AttributeError, "not iterable", numpy's messages)
    (lambda: ica.diffusion.modes_of(np.zeros(2), np.zeros(2), np.zeros(2), "g60"), "parameters"),
    (lambda: ica.diffusion.run_chunk(complete_network(3), DiffusionParameters(), 2, 0, 0, 1,
                                     track=object()), "track"),
    (lambda: ica.sweeps.scenario_at(cases.g60(), 1j), "row"),
    (lambda: ica.sweeps.scenario_at(cases.symmetric(), {"group_size": 2.5}), "row"),
    (lambda: ica.follower.follower_response_from_equilibria(cases.g60(), None, "result"),
     "result"),
    (lambda: ica.evolutionary.ReplicatorSystem(
        [x * (1 - x) for x in _x_y_a()[:2]], _x_y_a()[:2], sizes={"a": 1}), "sizes"),
    (lambda: ica.evolutionary.PopulationGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], variables=3),
     "variables"),
    (lambda: ica.symbolic.coalition_means({"demand": np.ones(2)}, np.ones(2), [1, 2], np.maximum),
     "where"),
    (lambda: ica.evolutionary.plot_time_series(_runs(), ax="g60"), "ax"),
    (lambda: ica.diffusion.Network(**_network_kwargs(names=("a",))), "names"),
]


@pytest.mark.parametrize(("make", "name"), API_CASES, ids=[name for _, name in API_CASES])
def test_the_rest_of_the_api_refuses_naming_the_argument(make, name) -> None:
    with pytest.raises((ValueError, TypeError), match=name):
        make()


def test_figures_from_an_incomplete_run_makes_no_docs_folder(tmp_path, capsys) -> None:
    """The command-line fuzz: ``figures --from DIR --docs NEW`` made NEW before finding
    that DIR has no figures, and left it empty."""
    from ica_model.cli import main

    assert main(["figures", "--from", str(tmp_path / "run"), "--docs", str(tmp_path / "new")]) == 2
    assert "nothing was copied" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


def test_a_killed_experiment_run_leaves_a_scratch_folder_the_next_run_removes(tmp_path) -> None:
    """Issue 25: a SIGKILLed ``ica-model run`` left ``.NAME.*.partial/`` that no later run
    cleaned. The next run of that experiment removes the scratch folders of dead processes
    of this host and of earlier versions; a live run's, and another host's, stay."""
    import os
    import subprocess
    import sys

    from ica_model.experiments import _host, _scratch_folder

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    host = _host()
    stale = [tmp_path / f".group_size.{host}.{dead.stdout.strip()}-0123abcd.partial",
             tmp_path / ".group_size.89abcdef.partial"]                 # an earlier version's
    kept = [tmp_path / f".group_size.{host}.{os.getpid()}-0123abcd.partial",   # alive
            tmp_path / ".group_size.elsewhere.1-0123abcd.partial",      # another host
            tmp_path / f".sensitivity.{host}.{dead.stdout.strip()}-0123abcd.partial"]
    for folder in stale + kept:
        folder.mkdir()
        (folder / "half-written.csv").write_text("a,b\n")
    new = _scratch_folder(tmp_path, "group_size")
    assert not any(folder.exists() for folder in stale)
    assert all(folder.exists() for folder in kept) and new.is_dir()


def test_symmetric_equilibria_bounds_its_grid_starts() -> None:
    """The fresh fuzz's review: starts=10**4 on a three-action game polished 10**8 starts
    (ran past two minutes); refused now with the estimate."""
    from ica_model.engine.solvers import SymmetricGame, symmetric_equilibria

    rps = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)
    game = SymmetricGame(2, lambda a, c: rps[a] @ c.T, actions=("R", "P", "S"))
    with pytest.raises(ValueError, match="starts=10000 gives about 1e"):
        symmetric_equilibria(game, starts=10**4)
    assert len(symmetric_equilibria(game).equilibria) == 1     # the default starts: 5


def test_a_numba_cache_save_that_fails_after_the_compile_does_not_fail_the_call(monkeypatch):
    """The fuzz's warm-up once failed at batch_equilibria with numba's "no compiled object
    yet" (a cache write failing after the compile, another pytest filling the same fresh
    cache): the kernel is compiled and in memory, so the call must go on (uncached)."""
    import numpy as np

    from ica_model.runtime import accel

    kernels = accel.compiled("ica_model.engine.solvers._kernels")
    if kernels is None:
        pytest.skip("numba is not installed")
    dispatcher = kernels._grow_i64
    cache = dispatcher._cache

    def failing_save(signature, data):
        raise RuntimeError("no compiled object yet for <Library '_grow_i64'>")

    monkeypatch.setattr(cache, "_save_overload", failing_save)
    monkeypatch.setattr(cache, "load_overload", lambda signature, context: None)  # compile
    kind = np.dtype(np.int32) if np.dtype(np.int32) not in {
        s[0].dtype for s in dispatcher.signatures} else np.dtype(np.int16)
    grown = dispatcher(np.arange(3, dtype=kind))        # a new signature: compiled, then saved
    assert grown[:3].tolist() == [0, 1, 2] and grown.size == 6
    with pytest.raises(RuntimeError, match="disk full"):   # other errors still raise
        monkeypatch.setattr(cache, "_save_overload", lambda s, d: (_ for _ in ()).throw(
            RuntimeError("disk full")))
        dispatcher(np.arange(3, dtype=np.uint8))


def _findings_of_the_api_fuzz():
    """(call, error, pattern): one reproducer per entry point the fuzz of the API reference
    (tests/unit/test_fuzz_api.py) found failing deep inside, each as it fails now."""
    import pandas as pd
    import sympy

    from ica_model import explorer, tables
    from ica_model.analysis import (
        calibration_smc,
        claim_regions,
        claims,
        inert_terms,
        monotonicity,
        prim,
        prior_widening,
        region_sensitivity,
        smc_abc,
    )
    from ica_model.cases import shared
    from ica_model.diffusion import china_network, state_terms
    from ica_model.diffusion import command as diffusion_command
    from ica_model.diffusion import facts as diffusion_facts
    from ica_model.engine import gallery, intervals
    from ica_model.engine.evolutionary import (
        assumptions,
        bifurcation,
        labels,
        mapplots,
        proved,
        restpoints,
        stability,
        stability_table,
    )
    from ica_model.engine.solvers import bernstein, pure, verify
    from ica_model.experiments import claim_boxes, style
    from ica_model.experiments import region_sensitivity as region_sensitivity_experiment
    from ica_model.history import command as history_command
    from ica_model.history import district, exact, stage, terms
    from ica_model.model import facts, parameters, payoffs
    from ica_model.model import history_records as records
    from ica_model.model.points import as_points
    from ica_model.runtime import accel, codecache, designs, parts

    g60 = cases.g60()
    return [
        # an AttributeError from inside, for a value of another type
        (lambda: claims.claim_table(g60), TypeError, "calibration must be a Calibration"),
        (lambda: claims.Region("g60"), TypeError, "calibration must be a Calibration"),
        (lambda: claim_regions.boxes_table([1.5]), TypeError, "regions must be ClaimRegion"),
        (lambda: prior_widening.widened_range(g60, "x", "wider"), TypeError, "calibration"),
        (lambda: shared.all_cooperate([1], 3), TypeError, "outcome must be an Outcome"),
        (lambda: facts.prior_sample(g60, [1, 2], 5), TypeError, "facts must be"),
        (lambda: calibration_smc.fact_prior(cases.case("g60"), "g60"), TypeError, "scenario"),
        (lambda: verify.game_scale(np.zeros((2, 2, 2))), TypeError, "game must be"),
        (lambda: payoffs.profile_grid(parameters.Terms()), TypeError, "scenario must be a Scenario"),
        (lambda: payoffs.state_parts(g60), TypeError, "points must be Points"),
        (lambda: stage.lying_flat_scenario("g60"), TypeError, "scenario must be"),
        (lambda: facts.split_column(3), TypeError, "column must be a string"),
        (lambda: codecache.describe_function(len), TypeError, "function must be a Python"),
        (lambda: tables.claims_latex((1, 2)), TypeError, "table must be a pandas DataFrame"),
        (lambda: tables.ranges_latex(pd.DataFrame({"p": [1]})), ValueError, "ranges lacks"),
        (lambda: style.row_heading("ax", "t"), TypeError, "ax must be a matplotlib Axes"),
        (lambda: style.rasterize([1, 2]), TypeError, "artists must be matplotlib artists"),
        (lambda: claim_boxes.plot_effects(None, None), TypeError, "ax must be"),
        (lambda: terms.step([], {}, {}), TypeError, "state must be a mapping"),
        # numpy's or Python's own message for a bad value
        (lambda: state_terms.index_score([0.2, 0.5], [0, 1, 2]), ValueError,
         "capacity and stage must have shapes that broadcast"),
        (lambda: state_terms.learn_by_doing([0.2], [0.5], 0.1), ValueError, "stage must hold"),
        (lambda: state_terms.first_credit([math.nan], 0.3), ValueError, "advanced_rivals must be"),
        (lambda: smc_abc.UniformBox([0, 0], [0.3, "a"]), TypeError, "high must be a real"),
        (lambda: labels.numeric_sign("a", 1e-9), TypeError, "value must be a real or complex"),
        (lambda: labels.eigenvalue_label([math.nan], 1e-9), ValueError, "eigenvalues must not"),
        (lambda: diffusion_facts.observed_holds([0, 1, 2], [1.0]), ValueError, "stage must be"),
        (lambda: diffusion_facts.draw_prior("seed"), (TypeError, ValueError), "rng"),
        (lambda: style.region_style("nope"), ValueError, "region must be 'under' or 'over'"),
        (lambda: style.new_figure(height=math.nan), ValueError, "height"),
        (lambda: explorer.solve_command("g60", [0.5]), ValueError, "point must hold 5"),
        (lambda: explorer.explorer_data(["G60"]), ValueError, "cases"),
        # the final fuzz (seed 518655691): a folder the process cannot write in, a mapping
        # for an expression (sympy's AttributeError), an array of claims (unhashable)
        (lambda: explorer.write_explorer("/proc/forbidden.html", ["symmetric"]), ValueError,
         "path '/proc/forbidden.html' cannot be written"),
        (lambda: stability.eigenvalue_sign({"authority": 0.3}), TypeError, "expression must be"),
        (lambda: region_sensitivity_experiment.claim_codes(np.zeros((2, 2))), TypeError,
         "claims must be"),
        (lambda: explorer.explorer_html({"a": np.zeros(2)}), TypeError, "data must be JSON"),
        (lambda: history_records_year(records), ValueError, "first must not exceed last"),
        (lambda: exact.subgame_perfect_path("ctx", 0.5), TypeError, "ctx must be"),
        (lambda: stage.select_equilibria("abc", 2), TypeError, "payoffs must be a real"),
        (lambda: parameters.along_mix((1, 1, 1, 1), [0.5, math.nan]), ValueError, "levels"),
        (lambda: designs.RowSample(10, 3, rng=math.nan), TypeError, "rng must be"),
        (lambda: designs.stream_uniform({"bit_generator": "x"}, 0, 3), TypeError, "state must"),
        (lambda: parts.Folder.open("never-made", "k", "10", 2), TypeError, "points"),
        (lambda: codecache.store("../x", {}), ValueError, "key must be"),
        (lambda: codecache.compile_function({"name": "f"}), ValueError, "record must be"),
        (lambda: accel.compiled(("a",)), ValueError, "module must be"),
        # a size bounded before it is allocated
        (lambda: payoffs.state_index(10**9), ValueError, "n must"),
        # the entries taken out of test_fuzz_api.OPEN_FINDINGS
        (lambda: style.kind_style(np.zeros((2, 2))), TypeError, "kind must be a string"),
        (lambda: style.new_figure(width=-1e-300, height=91.0), ValueError, "width must lie"),
        (lambda: parameters.parameters_with_role(np.zeros(2)), TypeError, "roles must be Role"),
        (lambda: tables.claims_latex(pd.DataFrame({c: [1] for c in (
            "claim", "n", "share", "low", "high", "definition")}), confidence=None), TypeError,
         "confidence must be a real"),
        (lambda: codecache.model_key("a", sources=1j), TypeError, "sources must be a tuple"),
        (lambda: intervals.sign_intervals(lambda v: v - 0.3, 0.0, 1.0, 3, math.nan), ValueError,
         "xtol must be finite"),
        (lambda: verify.normalise_payoffs(np.zeros((0, 2))), ValueError, "payoffs must have at"),
        (lambda: monotonicity.is_nonnegative(math.nan), TypeError, "expr must be a sympy"),
        (lambda: monotonicity.is_unit(sympy.nan), ValueError, "expr must be a finite"),
        (lambda: parts.Folder.open("a\0b", "k", 10, 2), ValueError, "out must name a folder"),
        (lambda: district.reform_payoff("g60", {}, np.zeros((1, 2))), TypeError, "ctx must be"),
        (lambda: stage.stage_payoffs(as_points(cases.symmetric(), {}), None, "0.5", np.zeros(1)),
         TypeError, "bonus must be a real"),
        (lambda: pure.best_response_mask(np.zeros((2, 2, 2)), 1j), TypeError, "tolerance must"),
        (lambda: facts.Prior({"negotiation_cost": (0.1, 0.5)}, "why"), TypeError, "reasons must"),
        (lambda: facts.Prior({"negotiation_cost": (math.nan, 1.0)}, {"negotiation_cost": "w"}),
         ValueError, "ranges of negotiation_cost"),
        (lambda: facts.CaseFacts("mine", "g60", (), cases.case("g60").prior), TypeError,
         "epochs must be a tuple of Epoch"),
        (lambda: region_sensitivity.shapley_effects({"p": np.arange(9.0)}, np.arange(9.0) % 2,
                                                    rng="seed"), TypeError, "rng must be"),
        (lambda: proved.prove_table(system(), ["a > 0"]), TypeError, "assumptions must be"),
        (lambda: payoffs.batch_profile_payoffs(as_points(cases.symmetric(), {}), [[1e308] * 9]),
         ValueError, "profiles must hold action indices in"),
        (lambda: payoffs.state_payoffs(as_points(cases.symmetric(), {}), "g60"), TypeError,
         "out must be a sequence"),
        (lambda: gallery.symmetric_system("0.5", ["C", "D"]), TypeError, "matrix must be"),
        (lambda: diffusion_facts.simulate_one(china_network("provinces"), DiffusionParameters(),
                                              0, None), TypeError, "replicate must be"),
        (lambda: assumptions.decide_sign(sympy.Symbol("a") - 1, "g60"), TypeError, "facts must"),
        (lambda: assumptions.factored_condition(1j), ValueError, "expression must be real"),
        (lambda: assumptions.facts_from([sympy.Symbol("a")], (), "g60"), TypeError, "domains"),
        (lambda: restpoints.full_layout("0.5", [2, 2]), TypeError, "reduced must be a real"),
        (lambda: restpoints.reduced_layout([0.5, 0.5, 0.25, 0.75], [1, 2]), ValueError,
         "for sizes"),
        (lambda: bifurcation.rest_points_at(system(), "g60"), TypeError, "values must be"),
        (lambda: mapplots.plot_bifurcation(bifurcation.bifurcation_diagram(
            system(), "a", 0.1, 0.9, points=3), 10**9), ValueError, "variable must be"),
        (lambda: mapplots.plot_stability_table(stability_table(system()), "g60"), TypeError,
         "ax must be"),
        (lambda: smc_abc.smc_abc("g60", lambda t, b: t[:, 0], 10), TypeError, "prior must have"),
        (lambda: diffusion_command.print_diffusion({"periods": 1}, np.zeros(2)), TypeError,
         "as_json must be"),
        (lambda: diffusion_command.print_diffusion({"periods": 1}, False), ValueError,
         "record must be the dict"),
        (lambda: history_command.print_history({"case": "g60"}, False), ValueError,
         "record must be the dict"),
        (lambda: bernstein.isolate_roots([1 + 1j, 0.5]), TypeError, "coefficients must be"),
        (lambda: prim.prim({"p": np.arange(9.0)}, np.arange(9) % 2 == 0, alpha=[0.1]), TypeError,
         "alpha must be a real"),
        (lambda: inert_terms.inert_table("g60"), TypeError, "gaps must be a pandas DataFrame"),
        (lambda: verify.action_values(NormalFormGame(np.zeros((2, 2, 2))), "0.5"), ValueError,
         "strategies must hold one strategy per player"),
    ]


def history_records_year(records):
    return records.AllCooperate(2020, 2018)


@pytest.mark.parametrize("index", range(84))
def test_the_api_fuzz_findings_are_refused_naming_the_argument(index, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)     # nothing may be written: a refused call writes nothing
    findings = _findings_of_the_api_fuzz()
    assert len(findings) == 84
    call, error, pattern = findings[index]
    with pytest.raises(error, match=pattern):
        call()
    assert not list(tmp_path.iterdir())


def test_the_experiments_steps_check_quick_rng_and_out_before_running(tmp_path):
    """compute(quick="yes") ran the whole experiment; run(out=<missing folder>) failed in
    pandas after computing it."""
    from ica_model.experiments import claim_boxes, evolutionary_workbench

    with pytest.raises(TypeError, match="quick"):
        evolutionary_workbench.compute(quick="yes")
    with pytest.raises(ValueError, match="out must be an existing folder"):
        claim_boxes.run(tmp_path / "missing", quick=True)
    with pytest.raises((TypeError, ValueError), match="rng"):
        claim_boxes.compute(quick=True, rng=-1)


# ---------------------------------------------------------------------- the last open entries

def test_a_constant_false_condition_has_an_infeasibility_certificate_and_no_witness():
    """``3 < 0`` cannot hold: infeasibility_certificate returned None (its exact check of a
    constant identity summed the coefficients only) and find_witness's local search ran off
    to infinity, letting numpy's overflow warning out."""
    import warnings

    import sympy as sp

    from ica_model.engine.evolutionary import assumptions

    a = sp.Symbol("a")
    facts = assumptions.facts_from([a], [a > 1])
    for given in (facts, ()):
        certificate = assumptions.infeasibility_certificate([3], given)
        assert certificate is not None and certificate.strict and certificate.verify()
        assert assumptions.infeasibility_certificate([-3], given) is None   # -3 < 0 holds
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert assumptions.find_witness([3], given, draws=6, rng=8) is None
            assert assumptions.find_witness([sp.Integer(3), 1 - a], given, draws=6) is None
    assert assumptions.find_witness([-3, 1 - a], facts, draws=6).values[a] > 1


def _findings_of_the_fresh_fuzz():
    """The classified fuzz of seed 2791497113 (8 examples a test): values accepted or
    errors not naming the argument, each now refused at the entry point naming it."""
    import sympy as sp

    from ica_model import explorer, stats
    from ica_model.analysis import (
        claim_regions,
        claims,
        prim,
        prior_widening,
        region_sensitivity,
        smc_abc,
    )
    from ica_model.cases import shared
    from ica_model.diffusion import Network, modes_of, run_chunk, state_terms
    from ica_model.engine import gallery
    from ica_model.engine.evolutionary import (
        PopulationGame,
        assumptions,
        labels,
        plot_sensitivity,
        simulate_replicator,
    )
    from ica_model.engine.evolutionary.bifurcation import basin_map
    from ica_model.engine.evolutionary.dynamics import basins as dynamics_basins
    from ica_model.engine.evolutionary.dynamics import rest_points
    from ica_model.engine.solvers import SymmetricGame, pure, verify
    from ica_model.experiments import style
    from ica_model.history import district, exact, terms
    from ica_model.history.path import dynamic_parameters
    from ica_model.model import facts, parameters
    from ica_model.runtime import codecache
    from ica_model.runtime.parts import fingerprint

    a = sp.Symbol("a")
    table = {"p": np.linspace(0, 1, 9)}
    study = facts.Study("A", "T")

    def context():
        case = exact.small_case(2, 2)
        return exact.small_context(case, 1, terms.check_terms(None), np.random.default_rng(0))

    return [
        (lambda: claims.Claim("c", "s", "src", "g60"), TypeError, "holds must be a callable"),
        (lambda: claims.Claim({"a": 1}, "s", "src", len), TypeError, "name must be a string"),
        (lambda: claims.Claim("c", "s", [1, 2], len), TypeError, "source must be a string"),
        (lambda: facts.Fact(np.zeros(2), "e", "s", "src", len), TypeError, "name must be"),
        (lambda: facts.Fact("f", "e", "s", "src", 1.5), TypeError, "holds must be a callable"),
        (lambda: facts.Fact("f", "e", "s", 3, len), TypeError, "citation must be"),
        (lambda: facts.Study({"a": 1}, "T"), TypeError, "author must be a string"),
        (lambda: facts.Study("A", "T", venue=1.5), TypeError, "venue must be a string"),
        (lambda: facts.Citation({"a": 1}), TypeError, "study must be a Study or a string"),
        (lambda: facts.Citation(study, quote=3), TypeError, "quote must be a string"),
        (lambda: shared.prior({}, "g60"), TypeError, "constraints must be a tuple"),
        (lambda: shared.prior({}, None), TypeError, "constraints must be a tuple"),
        (lambda: facts.split_column(""), ValueError, "column must name"),
        (lambda: terms.Term(1j, ("v",), {}, {}, "s"), TypeError, "name must be a string"),
        (lambda: terms.Term("t", ("v",), [1, 2], {}, "s"), TypeError, "laws must be"),
        (lambda: terms.Term("t", ("v",), {}, {}, np.zeros(2)), TypeError, "source must be"),
        (lambda: assumptions.Fact(math.nan, True, "s"), ValueError, "expression must be real"),
        (lambda: assumptions.Fact(a, "yes", "s"), TypeError, "strict must be True or False"),
        (lambda: assumptions.Fact(a, True, {"a": 1}), TypeError, "source must be a string"),
        (lambda: assumptions.facts_from([a], ["a > 1"]), TypeError, "assumptions must be sympy"),
        (lambda: assumptions.facts_from([a], domains={a: (1, 0)}), ValueError,
         "domains of a .* is empty"),
        (lambda: claim_regions.claim_regions(_calibration(), claims.CLAIMS[:1], rng=math.nan),
         TypeError, "rng must be"),
        (lambda: claim_regions.claim_regions(_calibration(), claims.CLAIMS[:1],
                                             max_dims=np.float64(2.0)), TypeError, "max_dims"),
        (lambda: claim_regions.claim_regions(_calibration(), claims.CLAIMS[:1], queries=math.nan),
         TypeError, "queries"),
        (lambda: prim.prim(table, np.arange(9) % 2 == 0, paste=(0.1, 0.2)), TypeError,
         "paste must be True or False"),
        (lambda: prim.prim(table, [[0.5], [0.5, 0.5]]), ValueError, "outcome must be one value"),
        (lambda: state_terms.first_credit(np.zeros(2), -1e-300), ValueError, "credit must lie"),
        (lambda: pure.best_response_mask(textbook.prisoners_dilemma().payoffs, True), TypeError,
         "tolerance must be a real"),
        (lambda: SymmetricGame(3, lambda a, c: c[:, 0] * 1.0, actions=("C", "C")), ValueError,
         "actions must be distinct"),
        (lambda: SymmetricGame(3, lambda a, c: c[:, 0] * 1.0, title=3), TypeError,
         "title must be a string"),
        (lambda: gallery.symmetric_system([[3, 0], [5, 1]], ["C", "D"], title=1j), TypeError,
         "title must be a string"),
        (lambda: PopulationGame(textbook.prisoners_dilemma().payoffs, variables=[1, 2]),
         TypeError, "variables must be names"),
        (lambda: verify.check_tolerance(1e-9, object()), TypeError, "name must be"),
        (lambda: parameters.check_intervention(None, 3), TypeError, "name must be"),
        (lambda: style.styled("figure"), TypeError, "build must be a function"),
        (lambda: style.kind_style("é"), ValueError, "kind must be an intervention kind"),
        (lambda: stats.wilson_interval(2, 5, -1e308, z=1.0), ValueError, "confidence must lie"),
        (lambda: explorer.solve_command("é", [0.1, 0.2, 0.3, 0.4, 0.5]), ValueError,
         "case 'é' is not a case"),
        (lambda: explorer.explorer_html({"authority": 0.3}), ValueError,
         "data must be the dict explorer_data returns"),
        (lambda: codecache.store("fuzz", [1, 2]), TypeError, "data must be a dict"),
        (lambda: district.reform_payoff(context(), {}, [math.nan]), ValueError,
         "momentum must be finite"),
        # errors that named nothing: float() of a dict, '<=' against None
        (lambda: simulate_stochastic(system(), {"a": 0.5}, {"a": 1}, 0.1), TypeError,
         "initial must be a real"),
        (lambda: basin_map(system(), {"a": 0.5}, resolution=3, tolerance=None), TypeError,
         "tolerance must be a real"),
        (lambda: modes_of(0.5, 0.9, 0.9, DiffusionParameters()), ValueError,
         "stage must hold whole stage numbers"),
        (lambda: fingerprint(lambda: None), TypeError, "identity must be picklable"),
        # relative to the payoff range: 1 was accepted, 1e308 overflowed with a warning
        (lambda: rest_points(textbook.prisoners_dilemma(), tolerance=1.0), ValueError,
         "tolerance must lie in"),
        (lambda: rest_points(textbook.prisoners_dilemma(), tolerance=1e308), ValueError,
         "tolerance must lie in"),
        # found once the fuzz's strategies stopped drawing valid values as hostile
        (lambda: assumptions.condition_inequality({"authority": 0.3}), TypeError,
         "expression must be a number or a sympy expression"),   # was: Dict has no expand
        (lambda: plot_sensitivity(simulate_replicator(system(), {"a": 0.5}, [[0.3, 0.6]], t_max=1,
                                                      points=3), "x"),
         ValueError, "simulation must be made by sensitivity"),
        (lambda: run_chunk(complete_network(2), DiffusionParameters(), 3, 0, 10**18, 4), ValueError,
         "stop must exceed start"),   # was: "stop must be an integer in [10**18 + 1, inf]"
        (lambda: Network(("a", "b"), None, [[0.5], [0.5, 0.5]], np.array([-1, -1])), ValueError,
         "groups must be 2 non-negative integers"),   # was numpy's "inhomogeneous shape"
        # the second classified fuzz (seed 594294143), on the code with the fixes above
        (lambda: sensitivity(system(), {}, "a", [0.5, 2.0], t_max=1e308, points=3), ValueError,
         "t_max must lie in"),   # ran for ever on a cycle
        (lambda: verify.as_equilibrium(textbook.prisoners_dilemma(), 0.5), TypeError,
         "strategies must be"),   # was "object of type 'float' has no len()"
        (lambda: region_sensitivity.shapley_effects(table, [[0.5], [0.5, 0.5]]), ValueError,
         "output must be one value per row"),   # was numpy's "inhomogeneous shape"
        (lambda: dynamics_basins(textbook.prisoners_dilemma(), [[0.3, 0.7, 0.6, 0.4]],
                                 radius=1e308), ValueError, "radius must lie in"),
        (lambda: labels.eigenvalue_label(np.zeros((2, 2, 2)), 1e-9), ValueError,
         "eigenvalues must be one-dimensional"),   # was flattened
        (lambda: facts.epoch_column("", "authority"), ValueError, "epoch must not be empty"),
        (lambda: parameters.along_mix((0, 0, 0, 0), [0.5]), ValueError,
         "mix must have at least one positive weight"),
        (lambda: ica.Intervention.from_level(0.5, (0, 0, 0, 0)), ValueError,
         "mix must have at least one positive weight"),
        # the third classified fuzz (seed 838160551)
        (lambda: evolutionary_simulate(system(), {"a": 0.5}, [[0.5], [0.5, 0.5]]), TypeError,
         "initial must be a real"),   # was numpy's "inhomogeneous shape"
        (lambda: dynamic_parameters(None, -1), ValueError, "rng must be"),   # unchecked if unused
        (lambda: smc_abc.UniformBox([True, False], [1.0, 1.0]), TypeError, "low must be a real"),
        # the fourth (seed 2344582269)
        (lambda: NormalFormGame(np.zeros((2, 2, 2)), title=3), TypeError, "title must be a string"),
        (lambda: Indices(3, ""), ValueError, "name must name a column"),
        (lambda: mean_field(DiffusionParameters(learning_rate=0.0), 13, n=1), ValueError,
         r"n must be an integer in \[2"),   # a valid-looking call failed: "max() arg is empty"
        # the fifth (seed 4284113888)
        (lambda: labels.numeric_sign(10**400, 1e-9), ValueError, "value must be finite"),
        (lambda: style.panel_title(_axes(), np.zeros((2, 2))), TypeError, "letter must be"),
        # the sixth (seed 3316146013): sigma squared overflowed with a warning
        (lambda: simulate_stochastic(system(), {"a": 0.5}, [0.3, 0.6], 1e308), ValueError,
         "sigma must be at most"),
        (lambda: simulate_stochastic(system(), {"a": 0.5}, [0.3, 0.6], 0.1, t_max=1e308),
         ValueError, "t_max must lie in"),
        # a longer fuzz (25 examples, seed 55622761)
        (lambda: evolutionary_simulate(system(), {"a": 0.5}, [0.5, math.inf]), ValueError,
         "initial must be finite"),   # was "reduced must be finite"
        (lambda: stats.wilson_interval(5, 0), ValueError, "must not exceed total"),
        (lambda: prior_widening.wider_variant_rows(_calibration(), ["authority"]), ValueError,
         "parameters names 'authority'"),   # was refused while widening, naming no argument
        (lambda: _no_warning(lambda: simulate_stochastic(system(), {"a": 0.5}, [0.3, 0.6],
                                                         np.complex128(1j))),
         ValueError, "sigma must be a number"),   # numpy's ComplexWarning leaked first
        (lambda: ReplicatorSystem(0.5, system().variables), TypeError,
         "equations must be a sequence"),   # was "'float' object is not iterable"
        (lambda: _no_warning(lambda: Network(("a", "b"), [1 + 1j, 0.5], np.array([0, 0]),
                                             np.array([-1, -1]))), TypeError,
         "adjacency must be a 0/1 matrix"),   # numpy's ComplexWarning leaked first
        (lambda: stats.wilson_interval(2, 9, z=1e308), ValueError, "z must lie in"),  # overflow
        (lambda: ica.symmetric_payoff(cases.symmetric(), "C", 0), ValueError,
         "cooperators: the actor's own action 'C' must be counted"),   # named no argument
        # the last classified fuzz (seed 1963238321)
        (lambda: PopulationGame([[]]), ValueError, "payoffs must give every population"),
        (lambda: labels.eigenvalue_label("0.5", 1e-9), TypeError, "eigenvalues must be"),
    ]


def _no_warning(call):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


def _axes():
    from matplotlib.figure import Figure

    return Figure().add_subplot()


def test_numeric_sign_of_a_huge_python_integer():
    """10**100 has no numpy type: np.isnan raised "ufunc 'isnan' not supported"."""
    from ica_model.engine.evolutionary import labels

    assert labels.numeric_sign(10**100, 1e-9) == "+"
    assert labels.numeric_sign(-(10**100), 1e-9) == "-"


def _calibration():
    from ica_model.analysis.calibration import calibrate

    return calibrate("g60", draws=200, rng=1)


@pytest.mark.parametrize("index", range(79))
def test_the_fresh_fuzz_findings_are_refused_naming_the_argument(index, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    findings = _findings_of_the_fresh_fuzz()
    assert len(findings) == 79
    call, error, pattern = findings[index]
    with pytest.raises(error, match=pattern):
        call()
    assert not list(tmp_path.iterdir())


def test_write_explorer_tries_its_folder_before_computing(tmp_path, monkeypatch):
    """A path in a folder that cannot be written was refused only after the grid (3 s a
    case); a refused case leaves no scratch file behind."""
    from ica_model import explorer

    def never(cases):
        raise AssertionError("computed before the folder was tried")

    monkeypatch.setattr(explorer, "explorer_data", never)
    with pytest.raises(ValueError, match="cannot be written"):
        explorer.write_explorer("/proc/x.html")   # a folder no one can create files in
    monkeypatch.undo()
    with pytest.raises(ValueError, match="cases"):
        explorer.write_explorer(tmp_path / "x.html", ["G60"])
    assert not list(tmp_path.iterdir())


def test_the_last_review_findings(tmp_path, monkeypatch, capsys):
    """Left by the last classified fuzz's review: an experiment's and the runner's ``out=''``
    wrote into the working folder (Path('') is '.'); ``python -m ica_model.explorer --help``
    wrote the page to a file named '--help'."""
    from ica_model import explorer
    from ica_model.experiments import claim_boxes

    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="out must name a folder"):
        claim_boxes.run("", quick=True)
    assert explorer.main(["--help"]) == 0 and "OUT.html" in capsys.readouterr().out
    assert explorer.main([]) == 2 and explorer.main(["a.html", "b.html"]) == 2
    with pytest.raises(TypeError, match="argv must be a list of strings"):
        explorer.main("page.html")
    from ica_model.runtime import Grid, run

    # out='' streamed the parts into the working folder
    with pytest.raises(ValueError, match="out must name a folder"):
        run(_square_metric, Grid({"authority": [0.5]}), out="")
    assert not list(tmp_path.iterdir())


def _square_metric(columns, start, stop):
    import pandas as pd

    return pd.DataFrame({name: np.asarray(values) ** 2 for name, values in columns.items()})
