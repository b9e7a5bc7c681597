"""Fuzz test of every public entry point: a correct result, or a clean error naming the input.

Each call draws its arguments from valid values, except (usually) one argument drawn from
hostile values: NaN, infinities, 1e308, negatives, booleans, complex numbers, strings,
lists instead of arrays, wrong shapes, huge sizes, objects of the wrong type. The call must

* return within :data:`TIME_LIMIT` seconds a result without NaN where a number is expected
  (and equilibria that are equilibria, when cheap to check), or
* raise a ValueError or TypeError whose message names the hostile argument (any argument
  when all are valid).

Any other exception (from deep inside numpy, scipy or sympy, a MemoryError, ...), a hang
or a silent NaN fails the test.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
import re
import resource
import signal
import tempfile
import warnings
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from strategies import interventions, random_games, scenarios

import ica_model as ica
from ica_model import cases, runtime
from ica_model.analysis import coalitions as scenario_coalitions
from ica_model.analysis import diffusion, stability, sweeps, tripartite
from ica_model.analysis.calibration import calibrate
from ica_model.analysis.follower import follower_response, follower_response_from_equilibria
from ica_model.analysis.leader import authority_welfare, cooperation_intervals, optimal_intervention
from ica_model.diffusion import (
    DiffusionParameters,
    Mechanisms,
    Network,
    china_network,
    complete_network,
    ensemble,
    follow_up_gains,
    from_networkx,
    mean_field,
    modes_of,
    run_chunk,
)
from ica_model.diffusion import simulate_diffusion as diffusion_simulate
from ica_model.diffusion.command import diffuse
from ica_model.engine import coalitions, repeated, textbook
from ica_model.engine.evolutionary import (
    PopulationGame,
    ReplicatorSystem,
    condition_inequality,
    default_variables,
    dynamics,
    eigenvalue_sign,
    initial_grid,
    plot_phase,
    plot_sensitivity,
    plot_time_series,
    sensitivity,
    simulate_stochastic,
    stability_table,
)
from ica_model.engine.evolutionary import simulate_replicator as evolutionary_simulate
from ica_model.engine.game import NormalFormGame
from ica_model.engine.solvers import (
    EquilibriumResult,
    SymmetricGame,
    as_equilibrium,
    batch_equilibria,
    lemke_howson,
    mixed_equilibria,
    payoff_tolerance,
    pure_equilibria,
    pure_equilibria_by_counts,
    support_enumeration,
    symmetric_equilibria,
    vertex_enumeration,
)
from ica_model.experiments import experiment, run_experiment
from ica_model.history import simulate_history as history_simulate
from ica_model.history.calibration import calibrate_histories
from ica_model.history.command import simulate_record
from ica_model.history.exact import small_case
from ica_model.model import closed_form, symbolic
from ica_model.model.parameters import (
    Actor,
    Costs,
    Distribution,
    Intervention,
    Risks,
    Scenario,
    Terms,
)
from ica_model.model.payoffs import scenario_game, symmetric_game, symmetric_payoff
from ica_model.model.symbolic import payoff_model, scenario_values

#: Seconds one call may take (a hang fails the test instead of stalling it).
TIME_LIMIT = 5.0

#: ``make fuzz`` sets ICA_MODEL_FUZZ_EXAMPLES and passes a fresh ``--hypothesis-seed``
#: (printed, so a failure can be replayed); ``make test`` draws the same examples each run.
FRESH = "ICA_MODEL_FUZZ_EXAMPLES" in os.environ
FUZZ = settings(max_examples=int(os.environ.get("ICA_MODEL_FUZZ_EXAMPLES", 25)), deadline=None,
                derandomize=not FRESH, database=None,
                phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure reports at once
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large])

# ---------------------------------------------------------------------- hostile values

HOSTILE_REALS = [math.nan, math.inf, -math.inf, 1e308, -1e308, -1.0, -1e-300, True, 1 + 2j,
                 np.complex128(1j), "0.5", [0.5], None, np.float64(math.nan), 10**400]
HOSTILE_INTS = [10**9, 10**18, -1, 0, 2.5, True, "3", math.nan, math.inf, None, 1j, [3],
                np.int64(-5), np.float64(2.0)]
HOSTILE_OBJECTS = ["g60", "", 3, 1.5, None, [1, 2], (0.1, 0.2), {"authority": 0.3},
                   np.zeros((2, 2)), object(), 1j]
hostile_real = st.sampled_from(HOSTILE_REALS)
hostile_int = st.sampled_from(HOSTILE_INTS)
hostile_object = st.sampled_from(HOSTILE_OBJECTS)
hostile_tolerance = hostile_real | st.sampled_from([1.0, 2.0, -1e-9])
hostile_array = st.sampled_from([
    "0.5", [], [[]], np.zeros(0), np.zeros((0, 2)), [math.nan, 0.5], [0.5, math.inf],
    [1 + 1j, 0.5], [0.3, "a"], [[0.5], [0.5, 0.5]], np.full(3, 1e308), [-0.5, 1.5],
    np.zeros((2, 2, 2)), 0.5, None, [True, False], {"a": 1},
])

tolerance = st.none() | st.sampled_from([1e-12, 1e-9, 1e-6, 0.0])
#: An absolute tolerance (a payoff difference) may be 1 or 2: hostile only as a relative one.
hostile_absolute = hostile_real | st.just(-1e-9)


def _same(value: Any, valid: Any) -> bool:
    if value is valid:
        return True
    if type(value) is not type(valid):
        return False
    if isinstance(valid, np.ndarray):
        return value.shape == valid.shape and bool(np.array_equal(value, valid))
    if hasattr(valid, "equals"):        # a pandas table
        return bool(valid.equals(value))
    try:
        return bool(value == valid)
    except (TypeError, ValueError):     # lists of arrays
        return False


def hostile_but(hostile: st.SearchStrategy, *valid: Any) -> st.SearchStrategy:
    """``hostile`` without the values that are valid for this argument (``"g60"`` is a case,
    ``None`` a default, ``3`` a seed): the classified fuzz counted them as accepted."""
    return hostile.filter(lambda value: not any(_same(value, v) for v in valid))


#: Seeds: any non-negative integer is one (3, 0, 10**9 are valid, not hostile).
hostile_rng = hostile_but(hostile_object, 3) | st.sampled_from([-1, 2.5, "seed", math.nan])
hostile_seed = hostile_but(hostile_int, 10**9, 10**18, 0)
#: ``progress=None`` shows a bar where a terminal does: valid.
hostile_progress = hostile_but(hostile_object, None)
#: A chunk larger than the work is one chunk: valid.
hostile_chunk = hostile_but(hostile_int, None, 10**9, 10**18)
#: Where ``tolerance`` (None among them) is valid, None is the default: not hostile.
hostile_relative = hostile_but(hostile_tolerance, None)


class CallTimeout(Exception):
    """A call ran longer than :data:`TIME_LIMIT`."""


#: Memory one call may add to the process (address space): more is a MemoryError, which
#: fails the test, instead of swapping a shared machine.
MEMORY_LIMIT = 3 * 2**30


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


@contextmanager
def time_limit(seconds: float = TIME_LIMIT):
    """At most ``seconds`` (SIGALRM) and :data:`MEMORY_LIMIT` more memory (RLIMIT_AS)."""
    def alarm(signum, frame):
        raise CallTimeout(f"call took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    limits = resource.getrlimit(resource.RLIMIT_AS)
    cap = _address_space() + MEMORY_LIMIT
    if limits[1] == resource.RLIM_INFINITY or cap < limits[1]:
        resource.setrlimit(resource.RLIMIT_AS, (cap, limits[1]))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, limits)


@pytest.fixture(scope="module", autouse=True)
def compiled_kernels() -> None:
    """numba's kernels (when installed) compile on their first call, which may take
    longer than :data:`TIME_LIMIT`: compile them before any call is timed."""
    game = textbook.battle_of_the_sexes()
    # a 2x2 game takes a scalar path: a 3x3 one reaches the kernels
    larger = NormalFormGame(np.random.default_rng(0).normal(size=(2, 3, 3)))
    for warm in (game, larger):
        vertex_enumeration(warm)
        lemke_howson(warm)
        lemke_howson(warm, initial_label=0)
        mixed_equilibria(warm, method="support_enumeration")
    batch_equilibria(game.payoffs[None, 0], game.payoffs[None, 1])
    # numba compiles once per argument type: read-only (a game's payoffs) and writable arrays
    batch_equilibria(np.array(game.payoffs[None, 0]), np.array(game.payoffs[None, 1]))
    follower_response(cases.g60())
    follower_response(cases.symmetric(4, token_compliance=False))


# ---------------------------------------------------------------------- outcome checks

def assert_no_nan(value: Any, where: str = "result", depth: int = 0) -> None:
    """No NaN in a number, array, container or dataclass of the result."""
    if depth > 6:
        return
    if isinstance(value, (bool, str, bytes, type(None))):
        return
    if isinstance(value, (float, complex, np.floating, np.complexfloating)):
        assert not np.isnan(value), f"NaN at {where}"
    elif isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            assert not np.isnan(value).any(), f"NaN at {where}"
        elif value.dtype.kind == "O" and value.size <= 1000:
            for k, item in enumerate(value.flat):
                assert_no_nan(item, f"{where}[{k}]", depth + 1)
    elif isinstance(value, Mapping):
        for key, item in list(value.items())[:1000]:
            assert_no_nan(item, f"{where}[{key!r}]", depth + 1)
    elif isinstance(value, (list, tuple, frozenset, set)):
        for k, item in enumerate(list(value)[:1000]):
            assert_no_nan(item, f"{where}[{k}]", depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name in ("game", "system", "scenario", "points", "calibration", "facts"):
                continue  # inputs, checked where they were made
            assert_no_nan(getattr(value, field.name), f"{where}.{field.name}", depth + 1)
    elif hasattr(value, "select_dtypes"):  # a pandas DataFrame
        numbers = value.select_dtypes("number").to_numpy(dtype=float)
        assert not np.isnan(numbers).any(), f"NaN in the table {where}"


def assert_equilibria(result: EquilibriumResult) -> None:
    """Every equilibrium of a normal-form result leaves no player a profitable deviation."""
    game = result.game
    if not isinstance(game, NormalFormGame) or int(np.prod(game.shape)) > 4096:
        return
    payoffs = game.payoffs
    with np.errstate(over="ignore"):  # payoffs near 1e308: the slack is inf, no check
        scale = np.ptp(payoffs.reshape(game.n_players, -1), axis=1) + np.abs(payoffs).max()
    for equilibrium in result.equilibria:
        strategies = [np.asarray(s, dtype=float) for s in equilibrium.strategies]
        for player in range(game.n_players):
            values = payoffs[player]
            for other in range(game.n_players - 1, -1, -1):  # last axis first
                if other != player:
                    values = np.tensordot(values, strategies[other], axes=([other], [0]))
            # values: player's payoff per own action (axes of the others contracted)
            expected = float(values @ strategies[player])
            slack = 1e-6 * (scale[player] + 1)
            assert float(values.max()) <= expected + slack, (
                f"{result.method}: player {player} gains {values.max() - expected} by deviating "
                f"from {equilibrium.strategies}")


def assert_no_leaked_warning(label: str, kwargs: Mapping[str, Any],
                             caught: list[warnings.WarningMessage]) -> None:
    """No numpy or scipy RuntimeWarning (an overflow, say) escapes a call, refused or not."""
    leaked = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert not leaked, f"{label}({kwargs!r}) let a warning out: {leaked[0].message}"


def call(function: Callable[..., Any], kwargs: dict[str, Any], names: set[str],
         check: Callable[[Any], None] | None = None, allow_nan: bool = False,
         hostile: str | None = None, seconds: float = TIME_LIMIT) -> Any:
    """Run ``function(**kwargs)`` within ``seconds``: a result without NaN, or an error
    naming one of ``names`` (``hostile``, the argument given a hostile value, is for
    tests/fuzz_classify.py's report)."""
    label = getattr(getattr(function, "func", function), "__name__", repr(function))
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught, time_limit(seconds):
            warnings.simplefilter("always")
            result = function(**kwargs)
    except (ValueError, TypeError) as error:
        assert_no_leaked_warning(label, kwargs, caught)
        message = str(error)
        assert any(re.search(rf"(?<![A-Za-z]){re.escape(name)}", message) for name in names), (
            f"{label}({kwargs!r}) raised {type(error).__name__} not naming "
            f"{sorted(names)}: {message}")
        return None
    assert_no_leaked_warning(label, kwargs, caught)
    if not allow_nan:
        assert_no_nan(result, label)
    if isinstance(result, EquilibriumResult):
        assert_equilibria(result)
    if check is not None:
        check(result)
    return result


def fuzz(data: st.DataObject, function: Callable[..., Any],
         spec: Mapping[str, tuple[st.SearchStrategy, st.SearchStrategy]],
         check: Callable[[Any], None] | None = None, aliases: Mapping[str, str] = {},
         allow_nan: bool = False) -> Any:
    """Draw one hostile argument (or none) and the rest valid, then :func:`call`.

    ``spec`` maps each argument to (valid values, hostile values); ``aliases`` gives a name
    the error may use instead of the argument's (a field of it, say; several: ``"a|b"``).
    """
    hostile = data.draw(st.sampled_from([None, *spec]), label="hostile argument")
    kwargs = {name: data.draw(bad if name == hostile else good, label=name)
              for name, (good, bad) in spec.items()}
    names = {hostile} if hostile is not None else set(spec)
    names |= {alias for name, given in aliases.items() if name in names
              for alias in given.split("|")}
    return call(function, kwargs, names, check, allow_nan)


# ---------------------------------------------------------------------- valid values

two_player_games = random_games(max_players=2, max_actions=3).filter(
    lambda game: game.n_players == 2)
games = random_games(max_players=3, max_actions=3)
#: A symmetric game: hostile where a normal-form game is wanted, valid for the symmetric solvers.
SYMMETRIC_GAME = SymmetricGame(3, lambda a, c: c[:, 0] * 1.0)
hostile_game = hostile_object | st.sampled_from([
    textbook.prisoners_dilemma().payoffs, Scenario, SYMMETRIC_GAME])
small_scenarios = scenarios(2, 4)
hostile_scenario = hostile_object | st.sampled_from([cases.g60, Intervention(), Actor(), Terms()])
# None is no intervention (valid wherever an intervention is taken)
hostile_intervention = hostile_but(hostile_object, None) | st.sampled_from(
    [cases.g60(), Terms(), "authority"])
symmetric_scenarios = st.builds(cases.symmetric, st.integers(2, 12), st.booleans())


RPS = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)


def symmetric_games() -> st.SearchStrategy[SymmetricGame]:
    two_actions = st.builds(lambda n, weight: SymmetricGame(
        n, lambda a, c: weight * c[:, 0] / max(n - 1, 1) - (a == 0) * 0.5), st.integers(2, 30),
        st.floats(0.5, 3.0))
    # three actions reach the interior root search (its grid starts are bounded)
    rock_paper_scissors = st.just(SymmetricGame(2, lambda a, c: RPS[a] @ c.T,
                                                actions=("R", "P", "S")))
    return two_actions | rock_paper_scissors


# ---------------------------------------------------------------------- game constructors

@FUZZ
@given(st.data())
def test_normal_form_game(data) -> None:
    payoffs = st.builds(lambda g: g.payoffs, games) | st.builds(lambda g: g.payoffs.tolist(), games)
    game = fuzz(data, NormalFormGame, {
        "payoffs": (payoffs, hostile_array | st.sampled_from([
            np.zeros((2, 0, 2)), np.zeros((1,)), [[[1 + 2j, 0], [0, 0]], [[0, 0], [0, 0]]],
            np.array([["1", "2"], ["3", "4"]])])),   # 1e308: finite payoffs, valid
        "players": (st.none(), st.sampled_from(["ab", 3, ["x"], [1, 2, 3, 4], ["a"] * 5])),
        "actions": (st.none(), st.sampled_from(["CD", 3, [["C"]], [[1, 2, 3]] * 4])),
        "title": (st.just("game"), st.sampled_from([3, None, ["t"]])),
    })
    if game is not None:
        assert game.payoffs.shape[0] == game.n_players


@FUZZ
@given(st.data())
def test_bimatrix_and_textbook_games(data) -> None:
    # one shape for both (two shapes are invalid together: not a valid draw)
    matrix = st.sampled_from([np.arange(4.0).reshape(2, 2), np.arange(4.0)[::-1].reshape(2, 2)])
    fuzz(data, NormalFormGame.from_bimatrix,
         {"row": (matrix, hostile_array), "column": (matrix, hostile_array)})
    fuzz(data, textbook.prisoners_dilemma, {
        "temptation": (st.just(5.0), hostile_real), "reward": (st.just(3.0), hostile_real),
        "punishment": (st.just(1.0), hostile_real),   # the sucker's payoff is the lowest: any
        "sucker": (st.just(0.0), hostile_but(hostile_real, -1.0, -1e-300, -1e308))})
    # valid pairs: the cost exceeds the value (else it is no hawk-dove game)
    fuzz(data, textbook.hawk_dove, {"value": (st.floats(0.1, 2.5), hostile_real),
                                    "cost": (st.floats(2.6, 5), hostile_but(hostile_real, 1e308))})
    fuzz(data, textbook.stag_hunt, {"stag": (st.just(4.0), hostile_real),
                                    "hare": (st.just(3.0), hostile_real),
                                    "alone": (st.just(0.0), hostile_real)})
    fuzz(data, textbook.linear_public_goods, {
        "n": (st.integers(2, 5), hostile_int), "multiplier": (st.floats(1.1, 3), hostile_real),
        "contribution": (st.floats(0.1, 2), hostile_real)})
    fuzz(data, textbook.threshold_public_goods, {
        "n": (st.just(4), hostile_int), "threshold": (st.integers(1, 4), hostile_int),
        "benefit": (st.floats(1.5, 3), hostile_real), "cost": (st.floats(0.1, 1), hostile_real)})


@FUZZ
@given(st.data())
def test_symmetric_game(data) -> None:
    fuzz(data, SymmetricGame, {
        "n_players": (st.integers(2, 50), hostile_int),
        "payoff": (st.just(lambda a, c: c[:, 0] * 1.0), hostile_object),
        "actions": (st.just(("C", "D")), st.sampled_from(["CD", ("C",), ("C", "C"), ()])),   # [1, 2]: names
        "title": (st.just("s"), st.sampled_from([3, None])),
    })


# ---------------------------------------------------------------------- solvers

@FUZZ
@given(st.data())
def test_normal_form_solvers(data) -> None:
    fuzz(data, pure_equilibria, {"game": (games, hostile_game),
                                 "tolerance": (tolerance, hostile_relative)})
    fuzz(data, support_enumeration, {"game": (two_player_games, hostile_game),
                                     "tolerance": (tolerance, hostile_relative)})
    fuzz(data, vertex_enumeration, {"game": (two_player_games, hostile_game),
                                    "tolerance": (tolerance, hostile_relative),
                                    "exact": (st.booleans(), hostile_object)})
    fuzz(data, lemke_howson, {"game": (two_player_games, hostile_game),
                              "initial_label": (st.none() | st.integers(0, 1), hostile_but(hostile_int, 0)),
                              "tolerance": (tolerance, hostile_relative),
                              "max_pivots": (st.none() | st.integers(100, 1000), hostile_int)})
    fuzz(data, mixed_equilibria, {
        "game": (two_player_games, hostile_game),
        "method": (st.sampled_from(["vertex_enumeration", "support_enumeration"]),
                   hostile_object | st.sampled_from(["VERTEX", "vertex enumeration"])),
        "tolerance": (tolerance, hostile_relative)})


@FUZZ
@given(st.data())
def test_batch_equilibria(data) -> None:
    shape = data.draw(st.sampled_from([(4, 2, 2), (3, 2, 3), (1, 3, 3)]), label="shape")
    seed = st.integers(0, 2**16)
    row = st.builds(lambda k: np.random.default_rng(k).normal(size=shape), seed)
    result = fuzz(data, batch_equilibria, {
        "row": (row, hostile_array | st.sampled_from([np.full((2, 2, 2), math.nan)])),
        "column": (row, hostile_array),
        "tolerance": (tolerance, hostile_relative),
        "max_entries": (st.just(2_000_000), hostile_but(hostile_int, 10**9, 10**18))})   # a bound
    del result


@FUZZ
@given(st.data())
def test_symmetric_solvers(data) -> None:
    hostile_symmetric = hostile_but(hostile_game, SYMMETRIC_GAME)
    fuzz(data, symmetric_equilibria, {"game": (symmetric_games(), hostile_symmetric),
                                      "tolerance": (tolerance, hostile_relative),
                                      "starts": (st.integers(1, 5), hostile_int)})
    fuzz(data, pure_equilibria_by_counts, {"game": (symmetric_games(), hostile_symmetric),
                                           "tolerance": (tolerance, hostile_relative)})


# ---------------------------------------------------------------------- dynamics, repeated play

state = st.sampled_from([[0.5, 0.5, 0.5, 0.5], [0.2, 0.8, 0.9, 0.1], [1.0, 0.0, 0.0, 1.0]])


@FUZZ
@given(st.data())
def test_replicator_dynamics(data) -> None:
    game = st.sampled_from([textbook.prisoners_dilemma(), textbook.stag_hunt(),
                            textbook.hawk_dove(), textbook.matching_pennies()])
    fuzz(data, dynamics.replicator_field, {"game": (game, hostile_game),
                                           "state": (state, hostile_array)},
         aliases={"game": "state"})
    vertex = st.sampled_from([[1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0]])   # rest points of all
    fuzz(data, dynamics.classify, {"game": (game, hostile_game), "state": (vertex, hostile_array),
                                   "tolerance": (st.just(1e-7), hostile_tolerance)},
         aliases={"game": "state"})
    fuzz(data, dynamics.rest_points, {"game": (game, hostile_but(hostile_game, SYMMETRIC_GAME)),
                                      "tolerance": (st.just(1e-7), hostile_tolerance)})
    fuzz(data, dynamics.trajectory, {"game": (game, hostile_game), "initial": (state, hostile_array),
                                     "t_max": (st.floats(0.1, 20), hostile_real),
                                     "points": (st.integers(2, 50), hostile_int)},
         aliases={"game": "initial"})
    initial = st.just(np.array([[0.3, 0.7, 0.6, 0.4], [0.9, 0.1, 0.2, 0.8]]))
    fuzz(data, dynamics.final_states, {"game": (game, hostile_game),
                                       "initial": (initial, hostile_array),
                                       "t_max": (st.floats(1, 50), hostile_real),
                                       "rtol": (st.just(1e-7), hostile_tolerance)},
         aliases={"game": "initial"})
    fuzz(data, dynamics.basins, {"game": (game, hostile_game), "initial": (initial, hostile_array),
                                 "t_max": (st.floats(1, 50), hostile_real),
                                 "radius": (st.just(1e-3), hostile_real)},
         aliases={"game": "initial"})
    fuzz(data, dynamics.payoff_ranges, {"game": (game, hostile_but(hostile_game, SYMMETRIC_GAME))})
    fuzz(data, initial_grid, {"levels": (st.just((0.2, 0.8)), hostile_array),
                              "populations": (st.integers(1, 3), hostile_int),
                              "kind": (st.sampled_from(["product", "diagonal"]), hostile_object)})


@FUZZ
@given(st.data())
def test_repeated_games(data) -> None:
    pd = st.just(textbook.prisoners_dilemma())
    profile = st.just((1, 1))  # the stage game's only pure equilibrium
    hostile_profile = hostile_object | st.sampled_from([(0,), (0, 5), (0.5, 0), ("0", "0"),
                                                        (True, False), (-1, 0), "00"])
    fuzz(data, repeated.grim_trigger, {"game": (pd, hostile_game),
                                       "cooperation": (st.just((0, 0)), hostile_profile),
                                       "punishment": (profile, hostile_profile),   # absolute
                                       "tolerance": (st.just(1e-12), hostile_absolute)})
    fuzz(data, repeated.tit_for_tat, {"game": (pd, hostile_game),   # an absolute tolerance
                                      "tolerance": (st.just(1e-12), hostile_absolute)})
    # NaN is a missing payoff and an empty array no game (documented): valid
    hostile_payoffs = hostile_but(hostile_array, [math.nan, 0.5], [], [[]], np.zeros(0),
                                  np.zeros((2, 2, 2)))
    fuzz(data, repeated.grim_thresholds, {"temptation": (st.floats(3, 6), hostile_payoffs),
                                          "reward": (st.just(3.0), hostile_payoffs),
                                          "punishment": (st.floats(0, 2.5), hostile_payoffs),
                                          "tolerance": (st.just(1e-12), hostile_absolute)},
         allow_nan=True)  # NaN documented: reversion cannot deter that player


# ---------------------------------------------------------------------- coalitions

@FUZZ
@given(st.data())
def test_coalitional_games(data) -> None:
    values = st.integers(1, 4).flatmap(lambda n: st.lists(
        st.floats(0, 5), min_size=2**n, max_size=2**n).map(lambda v: [0.0, *v[1:]]))
    game = fuzz(data, coalitions.CoalitionalGame, {
        "values": (values, hostile_array | st.sampled_from([[0.0, 1.0, 2.0]])),   # 2**23: 23 players, valid
        "players": (st.none(), st.sampled_from(["ab", 3, ["x"] * 9])),
        "kind": (st.sampled_from(["profit", "cost"]), hostile_object)})
    glove = coalitions.CoalitionalGame.from_function(3, lambda s: float(0 in s and len(s) >= 2))
    fuzz(data, coalitions.CoalitionalGame.from_function,
         {"n": (st.integers(1, 5), hostile_int),
          "function": (st.just(lambda s: float(len(s))), hostile_object)})
    any_game = st.just(glove) if game is None else st.sampled_from([glove, game])
    fuzz(data, coalitions.shapley_values, {"game": (any_game, hostile_game)})
    fuzz(data, coalitions.core, {"game": (any_game, hostile_game),
                                 "tolerance": (st.just(1e-9), hostile_tolerance)})
    fuzz(data, coalitions.nucleolus, {"game": (any_game, hostile_game),
                                      "imputations": (st.booleans(), hostile_object)})
    fuzz(data, coalitions.in_core, {"game": (st.just(glove), hostile_game),
                                    "allocation": (st.just([1.0, 0.0, 0.0]), hostile_array),
                                    "tolerance": (st.just(1e-9), hostile_tolerance)})
    sample = lambda members: members.sum(axis=1).astype(float)  # noqa: E731
    fuzz(data, coalitions.shapley_sample, {
        "value": (st.just(sample), hostile_object), "n": (st.integers(1, 6), hostile_int),
        "permutations": (st.integers(2, 200), hostile_int), "rng": (st.integers(0, 9), hostile_rng)})
    insider = lambda k: k * k / 2 + 10 - k  # noqa: E731
    outsider = lambda k: k * k + 10 - k - 0.5  # noqa: E731
    fuzz(data, coalitions.stable_sizes, {
        "n": (st.integers(1, 30), hostile_int), "insider": (st.just(insider), hostile_object),
        "outsider": (st.just(outsider), hostile_object),
        "convention": (st.sampled_from(coalitions.CONVENTIONS), hostile_object),
        "tolerance": (st.just(1e-9), hostile_tolerance)})
    payoff = lambda members, i: len(members) - 0.3 * (i in members) * len(members) ** 2  # noqa: E731
    fuzz(data, coalitions.stable_coalitions, {
        "n": (st.integers(1, 6), hostile_int), "payoff": (st.just(payoff), hostile_object),
        "convention": (st.sampled_from(coalitions.CONVENTIONS), hostile_object),
        "tolerance": (st.just(1e-9), hostile_tolerance)})
    fuzz(data, coalitions.coalition_stability, {
        "n": (st.just(4), hostile_int), "members": (st.just([0, 1]), hostile_but(hostile_object, [1, 2])
                                                   | st.sampled_from([[0, 9], [-1], ["a"], "01", [0.5]])),
        "payoff": (st.just(payoff), hostile_object),
        "convention": (st.sampled_from(coalitions.CONVENTIONS), hostile_object),
        "tolerance": (st.just(1e-9), hostile_but(hostile_tolerance, None))})


@FUZZ
@given(st.data())
def test_scenario_coalitions(data) -> None:
    scenario = st.just(cases.g60()) | small_scenarios
    intervention = st.none() | interventions
    fuzz(data, scenario_coalitions.characteristic_function, {
        "scenario": (scenario, hostile_scenario), "intervention": (intervention, hostile_intervention)})
    fuzz(data, scenario_coalitions.equilibrium_coalition_sizes, {
        "scenario": (symmetric_scenarios, hostile_scenario),
        "intervention": (intervention, hostile_intervention)})
    fuzz(data, scenario_coalitions.equilibrium_coalitions, {
        "scenario": (small_scenarios, hostile_scenario),
        "intervention": (intervention, hostile_intervention),
        "tolerance": (st.just(1e-9), hostile_tolerance)})
    members = st.sampled_from([["a0", "a1"], ["a0"], []])
    hostile_members = hostile_object | st.sampled_from(["a0", ["nobody"], [0, 1], ["a0", "a0"]])
    fuzz(data, scenario_coalitions.scenario_coalition_stability, {
        "scenario": (small_scenarios, hostile_scenario), "members": (members, hostile_members),
        "intervention": (intervention, hostile_intervention),
        "tolerance": (st.just(1e-9), hostile_tolerance)})
    fuzz(data, scenario_coalitions.minimal_compensation, {
        "scenario": (small_scenarios, hostile_scenario), "members": (members, hostile_members),
        "intervention": (intervention, hostile_intervention)})


# ---------------------------------------------------------------------- model inputs

@FUZZ
@given(st.data())
def test_parameter_constructors(data) -> None:
    unit = st.floats(0, 1)
    fuzz(data, Actor, {"name": (st.just("a"), hostile_object), "demand": (st.floats(0.1, 3), hostile_real),
                       "capacity": (st.floats(0.1, 1), hostile_real),
                       "selective_benefit": (unit, hostile_real),
                       "innovation_value": (unit, hostile_real), "pilot": (unit, hostile_real),
                       "preference": (unit, hostile_real)})
    fuzz(data, Intervention, {name: (unit, hostile_real)
                              for name in ("authority", "incentive", "information", "standards")})
    fuzz(data, Intervention.from_level, {
        "level": (unit, hostile_real),
        "mix": (st.sampled_from([(1, 1, 1, 1), (1, 0, 0, 0), {"authority": 1.0}, None]),
                hostile_but(hostile_object, None) | st.sampled_from([   # None: every kind weighs 1
                    "abc", (0, 0, 0, 0), (math.nan, 1), (1j, 1), {"authority": math.inf}, (1,) * 9]))})
    fuzz(data, Costs, {name: (unit, hostile_but(hostile_real, 1e308))   # finite costs >= 0
                       for name in ("information", "negotiation", "enforcement", "autonomy")})
    fuzz(data, Risks, {name: (unit, hostile_real) for name in ("coordination", "defection", "spillover")})
    fuzz(data, Distribution, {"sharing": (unit, hostile_real), "compensation": (unit, hostile_real)})
    fuzz(data, Terms, {name: (st.booleans(), hostile_object | st.sampled_from([1, 0, "True"]))
                       for name in ("authority", "incentive", "information_cost", "list_credit")})
    actor = st.just(Actor("a")) | st.just(Actor("b", demand=2.0))
    fuzz(data, Scenario, {
        "name": (st.just("s"), hostile_object),
        "actors": (st.lists(actor, min_size=2, max_size=5).map(tuple), hostile_object | st.sampled_from(
            ["ab", [Actor(), Actor()], (Actor(),), (Actor(), "b"), ()])),
        "costs": (st.just(Costs()), hostile_object),
        "risks": (st.just(Risks()), hostile_object),
        "terms": (st.just(Terms()), hostile_object),
        "agreement_hardness": (unit, hostile_real),
        "network_exponent": (st.integers(1, 3), hostile_int),
        "group_heterogeneity": (st.none() | unit, hostile_real),
        "sources": (st.just(()), st.sampled_from(["source", 3, [1]])),
    })


@FUZZ
@given(st.data())
def test_cases_and_model(data) -> None:
    fuzz(data, cases.symmetric, {"n": (st.integers(2, 30), hostile_int),
                                 "token_compliance": (st.booleans(), hostile_object)})
    intervention = st.none() | interventions
    fuzz(data, scenario_game, {"scenario": (small_scenarios, hostile_scenario),
                               "intervention": (intervention, hostile_intervention)})
    fuzz(data, symmetric_game, {"scenario": (symmetric_scenarios, hostile_scenario),
                                "intervention": (intervention, hostile_intervention)})
    fuzz(data, symmetric_payoff, {
        "scenario": (st.just(cases.symmetric()), hostile_scenario),
        "action": (st.sampled_from(["C", "D", "T"]), hostile_object | st.sampled_from(["c", "CD"])),
        # valid for every action: the actor's own action is counted, at most n = 9 in all
        "cooperators": (st.integers(1, 8) | st.just(np.array([1, 4, 8])), hostile_but(
            hostile_array | hostile_int, np.zeros((2, 2, 2)), np.zeros((0, 2)), np.zeros(0), [])),
        "token_compliers": (st.just(1), hostile_array | hostile_int),
        "intervention": (intervention, hostile_intervention)})
    fuzz(data, closed_form.critical_group_size, {
        "scenario": (symmetric_scenarios, hostile_scenario),
        "intervention": (intervention, hostile_intervention),
        "n_max": (st.integers(2, 1000), hostile_int)})
    fuzz(data, closed_form.critical_authority, {
        "scenario": (symmetric_scenarios, hostile_scenario),
        "intervention": (intervention, hostile_intervention),
        "resolution": (st.integers(3, 200), hostile_int)})
    points = st.none() | st.sampled_from([{"authority": [0.0, 0.5, 1.0]}, {"group_size": [2, 9]}])
    hostile_points = hostile_but(hostile_object, None) | st.sampled_from([   # None: the scenario's
        {"authority": [math.nan]}, {"authority": "0.5"}, {"authority": [1j]},
        {"authority": [[0.1, 0.2], [0.3]]}, {"group_size": [10**9]}, {"group_size": [2.5]},
        {"authority": np.zeros(0)}, {3: [0.5]}])
    fuzz(data, closed_form.full_cooperation_margin, {
        "scenario": (symmetric_scenarios, hostile_scenario), "points": (points, hostile_points)},
        aliases={"points": "group_size"})


# ---------------------------------------------------------------------- analyses

points = st.none() | st.sampled_from([{"authority": [0.0, 0.5, 1.0]}, {"negotiation_cost": [0.1, 1.0]}])
hostile_points = hostile_but(hostile_object, None, {"authority": 0.3}) | st.sampled_from([   # one level
    {"authority": [math.nan]}, {"authority": "0.5"}, {"authority": [1j]}, {"authority": [2.0]},
    {"authority": [[0.1, 0.2], [0.3]]}, {"mandate": [0.5]}, {"authority": np.zeros(0)}])


def nan_only_without_equilibrium(response: Any) -> None:
    """A local response's payoffs are NaN exactly where it found no pure equilibrium."""
    for name in ("payoffs", "harshest_payoffs"):
        missing = np.isnan(getattr(response, name)).any(axis=1)
        assert (missing == ~response.has_equilibrium).all(), f"NaN in {name} at an equilibrium"
    assert_no_nan([response.margin, response.temptation, response.reward], "follower_response")


@FUZZ
@given(st.data())
def test_follower_and_leader(data) -> None:
    scenario = st.sampled_from([cases.g60(), cases.symmetric(5)])
    fuzz(data, follower_response, {"scenario": (scenario, hostile_scenario),
                                   "points": (points, hostile_points),
                                   "tolerance": (tolerance, hostile_relative)},
            aliases={"points": "authority"}, check=nan_only_without_equilibrium, allow_nan=True)
    mix = st.none() | st.sampled_from([(1.0, 1.0, 1.0, 1.0), (1.0, 0.0, 0.0, 0.0)])
    hostile_mix = hostile_but(hostile_object, {"authority": 0.3}) | st.sampled_from(   # a mapping: valid
        ["abcd", (0, 0, 0, 0), (math.nan, 1, 1, 1),
                                                    (1j, 1, 1, 1), (-1, 1, 1, 1)])
    fuzz(data, cooperation_intervals, {"scenario": (scenario, hostile_scenario),
                                       "mix": (mix, hostile_mix),
                                       "base": (st.none() | interventions, hostile_intervention),
                                       "resolution": (st.integers(3, 50), hostile_int)})
    fixed_mix = st.sampled_from([(1.0, 1.0, 1.0, 1.0), (1.0, 0.0, 0.0, 0.0)])  # base needs one
    fuzz(data, optimal_intervention, {
        "scenario": (scenario, hostile_scenario), "mix": (fixed_mix, hostile_mix),
        "base": (st.none() | interventions, hostile_intervention),
        "preferences": (st.just(ica.AuthorityPreferences()), hostile_object),
        "resolution": (st.integers(3, 30), hostile_int),
        "grid_points": (st.integers(2, 5), hostile_int)})


@FUZZ
@given(st.data())
def test_stability_metrics(data) -> None:
    scenario = st.sampled_from([cases.g60(), cases.symmetric(5)])
    fuzz(data, stability.stability_metrics, {
        "scenario": (scenario, hostile_scenario), "points": (points, hostile_points),
        "basin_samples": (st.integers(0, 4), hostile_int), "draws": (st.integers(1, 20), hostile_int),
        "spread": (st.floats(0, 0.5), hostile_real), "rng": (st.integers(0, 9), hostile_rng)},
        aliases={"points": "authority"})
    fuzz(data, stability.critical_discount_factor, {
        "scenario": (scenario, hostile_scenario),
        "intervention": (st.none() | interventions, hostile_intervention)})
    fuzz(data, diffusion.adoption_path, {
        "scenario": (scenario, hostile_scenario),
        "intervention": (st.none() | interventions, hostile_intervention),
        "pilots": (st.just(()), hostile_object | st.sampled_from(["nobody", ["nobody"]])),
        "max_steps": (st.integers(1, 100), hostile_but(hostile_int, 10**9, 10**18)),   # a bound only
        "tolerance": (st.just(1e-9), hostile_tolerance)})


@FUZZ
@given(st.data())
def test_sweep_and_calibrate(data) -> None:
    axes = st.sampled_from([{"authority": [0.0, 0.5]}, {"authority": [0.2], "group_size": [3, 9]}])
    # a grid knows no model: {"mandate": ...}, {"group_size": [10**9]} and 10**10 points are
    # valid designs (sweep refuses them for a scenario)
    hostile_axes = hostile_object | st.sampled_from([
        {"authority": []}, {"authority": [math.nan]}, {"authority": "0.5"}, {"authority": [1j]}])
    grid = fuzz(data, runtime.Grid, {"axes": (axes, hostile_axes)})
    ranges = st.just({"authority": (0.0, 1.0)})
    hostile_ranges = hostile_object | st.sampled_from([
        {"authority": (1.0, 0.0)}, {"authority": (0.0, math.inf)}, {"authority": "ab"},
        {"authority": (0, 1, 2)}, {"authority": (1j, 1)}])
    sample = fuzz(data, runtime.RandomSample, {"ranges": (ranges, hostile_ranges),
                                              "size": (st.integers(1, 5),
                                                       hostile_but(hostile_int, 10**9, 10**18)),
                                              "rng": (st.integers(0, 9), hostile_rng)})
    plan = st.just(runtime.Grid({"authority": [0.0, 0.5]}))
    if grid is not None and set(grid.axes) <= {"authority", "group_size"}:  # valid axes
        plan = plan | st.just(grid)
    if sample is not None and sample.size <= 5:   # a valid sample of 10**9 points: not swept here
        plan = plan | st.just(sample)
    fuzz(data, sweeps.sweep, {
        "scenario": (st.just(cases.symmetric(5)), hostile_scenario),
        "points": (plan, hostile_object | st.sampled_from([   # designs this scenario refuses
            runtime.Grid({"mandate": [0.1]}), runtime.Grid({"group_size": [10**9]})])),
        "method": (st.sampled_from(["auto"]), hostile_object | st.just("fastest")),
        "chunk_size": (st.integers(1, 100), hostile_but(hostile_int, None)),   # None: automatic
        "backend": (st.just("serial"), hostile_object | st.just("threads ")),
        "workers": (st.none(), hostile_int),
        "progress": (st.just(False), hostile_progress)})
    fuzz(data, calibrate, {
        "case": (st.sampled_from(["yangtze_river_delta", "g60"]), hostile_but(hostile_object, "g60")
                 | st.just("G60")),
        "draws": (st.integers(1, 50), hostile_int),
        "rng": (st.integers(0, 9), hostile_rng),
        "progress": (st.just(False), hostile_progress)})


@FUZZ
@given(st.data())
def test_histories(data) -> None:
    cases_ = st.sampled_from(["a_district", "j_district"])
    hostile_case = hostile_but(hostile_object, "g60") | st.sampled_from(   # g60 has a history
        ["G60", "a district", "g60 "])
    fuzz(data, history_simulate, {
        "case": (cases_, hostile_case), "draws": (st.none() | st.integers(1, 6), hostile_int),
        "terms": (st.none() | st.just({"potential"}), hostile_object | st.just({"momentum"})),
        "forward": (st.booleans(), st.just(None)),
        "parameters": (st.none() | st.just({"discount": 0.6}), hostile_object | st.sampled_from(
            [{"discount": 2.0}, {"discount": math.nan}, {"speed": 1.0}, {"discount": "0.6"}])),
        "rng": (st.integers(0, 9), hostile_rng)}, allow_nan=True)
    fuzz(data, calibrate_histories, {
        "case": (cases_, hostile_case), "draws": (st.integers(1, 6), hostile_int),
        "rng": (st.integers(0, 9), hostile_rng)})
    fuzz(data, simulate_record, {
        "case": (cases_, hostile_case),
        "start": (st.none(), hostile_int | st.just(2030)),   # 2020 is outside j_district's years
        "end": (st.none(), hostile_int | st.just(2010))})
    fuzz(data, small_case, {"n": (st.integers(1, 3), hostile_int),
                            "years": (st.integers(1, 3), hostile_int)})


@FUZZ
@given(st.data())
def test_diffusion(data) -> None:
    level = st.just("provinces")
    hostile_level = hostile_object | st.sampled_from(["Provinces", "towns"])
    network = fuzz(data, china_network, {"level": (level, hostile_level),
                                         "rng": (st.integers(0, 9), hostile_rng)})
    if network is not None:
        fuzz(data, diffusion_simulate, {
            "network": (st.just(network), hostile_object),
            "periods": (st.integers(1, 5), hostile_int),
            "replicates": (st.integers(1, 3), hostile_int)})
    fuzz(data, diffuse, {"level": (level, hostile_level),
                         "periods": (st.integers(1, 5), hostile_int),
                         "replicates": (st.integers(1, 2), hostile_int),
                         "seed": (st.integers(0, 9), hostile_seed)})


@pytest.mark.parametrize("payoff", [1e308, -1e308])
def test_overflowing_game_is_solved_or_refused(payoff) -> None:
    """Payoffs near the float limit: solved without NaN, or refused naming the payoffs."""
    game_payoffs = np.zeros((2, 2, 2))
    game_payoffs[0, 0, 0] = payoff
    # finite payoffs: valid (hostile=None), to be solved (the classified fuzz counted them "?")
    game = call(NormalFormGame, {"payoffs": game_payoffs}, {"payoffs"}, hostile=None)
    if game is not None:
        for solver in (pure_equilibria, support_enumeration, vertex_enumeration, lemke_howson):
            call(solver, {"game": game}, {"game", "payoffs"}, hostile=None)


def test_tripartite_game_rejects_bad_inputs() -> None:
    for kwargs, names in [
        ({"scenario": "g60", "intervention": Intervention()}, {"scenario"}),
        ({"scenario": cases.g60(), "intervention": {"authority": 0.3}}, {"intervention"}),
        ({"scenario": cases.g60(), "intervention": Intervention(), "groups": "ab"}, {"groups"}),
        ({"scenario": cases.g60(), "intervention": Intervention(), "keep": "authority"}, {"keep"}),
        ({"scenario": cases.g60(), "intervention": Intervention(), "token": 1}, {"token"}),
    ]:
        call(tripartite.tripartite_game, kwargs, names, hostile=next(iter(names)))


# ---------------------------------------------------------------------- the other entry points
# (public names of ica_model and its subpackages the tests above did not call; not yet here:
# the evolutionary plots, condition_inequality, eigenvalue_sign, PopulationGame.from_function
# and from_replicator, the diffusion model's chunk functions, follower_response_from_equilibria)

SYMMETRIC = cases.symmetric()
x_symbol, y_symbol = sp.symbols("x y")
a_symbol = sp.Symbol("a", positive=True)
SYSTEM = ReplicatorSystem([x_symbol * (1 - x_symbol) * (a_symbol - y_symbol),
                           y_symbol * (1 - y_symbol) * (x_symbol - a_symbol)],
                          [x_symbol, y_symbol])
hostile_values = hostile_object | st.sampled_from([
    {"a": math.nan}, {"a": "2"}, {"a": 1j}, {"b": 1.0}, {"a": [1, 2]}, {"a": 1e308}])
hostile_state = hostile_array | st.sampled_from([[[0.5, 0.5]] * 3, [0.5], [0.5, 2.0]])


#: Entry points that solve in sympy (about a second a call): fewer examples in ``make test``.
FUZZ_SYMPY = settings(FUZZ, max_examples=FUZZ.max_examples if FRESH else 5)


@FUZZ_SYMPY
@given(st.data())
def test_closed_form_solutions(data) -> None:
    intervention = st.none() | interventions
    fuzz(data, ica.comparative_statics, {
        "scenario": (st.just(SYMMETRIC), hostile_scenario),
        "intervention": (intervention, hostile_intervention),
        "deviation": (st.sampled_from(["D", "T"]), hostile_object | st.just("C")),
        "draws": (st.integers(1, 50), hostile_int), "rng": (st.integers(0, 9), hostile_rng)})
    fuzz(data, ica.critical_authority_roots, {
        "scenario": (st.just(SYMMETRIC), hostile_scenario),
        "intervention": (intervention, hostile_intervention),
        "deviation": (st.sampled_from(["D", "T"]), hostile_object)})


@FUZZ
@given(st.data())
def test_closed_form_and_scenario_methods(data) -> None:
    fuzz(data, ica.cooperation_margins, {
        "terms": (st.just(Terms()), hostile_object),
        "network_exponent": (st.just(1), hostile_int),   # others build a new model: seconds
        "token_compliance": (st.booleans(), hostile_object)})
    fuzz(data, SYMMETRIC.with_group_size, {"n": (st.integers(2, 40), hostile_int)})
    fuzz(data, cases.g60().with_values, {
        "negotiation_cost": (st.floats(0, 1), hostile_real),
        "national_integration": (st.floats(0, 1), hostile_real)})
    fuzz(data, scenario_values, {"scenario": (small_scenarios, hostile_scenario),
                                 "intervention": (interventions, hostile_intervention)})
    fuzz(data, payoff_model, {"terms": (st.just(Terms()), hostile_object),
                              "network_exponent": (st.just(1), hostile_int)})


@FUZZ
@given(st.data())
def test_named_cases_and_experiments(data) -> None:
    names = st.sampled_from(["g60", "yangtze_river_delta"])
    hostile_name = hostile_but(hostile_object, "g60") | st.sampled_from(
        ["G60", "g60 ", "symmetric", "a_district"])
    fuzz(data, cases.case, {"name": (names, hostile_name)}, aliases={"name": "case"})
    fuzz(data, cases.scenario, {"name": (names, hostile_name),
                                "epoch": (st.none(), hostile_but(hostile_object, None) | st.just("1999"))},
         aliases={"name": "scenario"})
    fuzz(data, cases.g60, {"epoch": (st.none(), hostile_but(hostile_object, None) | st.just("1999"))})
    fuzz(data, cases.yangtze_river_delta, {"epoch": (st.none(), hostile_but(hostile_object, None))})
    fuzz(data, experiment, {"name": (st.sampled_from(["calibration", "phase_portraits"]),
                                     hostile_name | st.just("calibrate"))},
         aliases={"name": "experiment"})
    # a valid name runs the whole experiment: only hostile names here
    call(run_experiment, {"name": data.draw(hostile_name, label="experiment name"),
                          "out": os.path.join(tempfile.gettempdir(), "ica-fuzz-never-written")},
         {"name", "experiment"}, hostile="name")


@FUZZ
@given(st.data())
def test_population_games(data) -> None:
    game = st.sampled_from([textbook.prisoners_dilemma(), textbook.matching_pennies(),
                            textbook.battle_of_the_sexes()])
    fuzz(data, PopulationGame.from_normal_form, {"game": (game, hostile_game)})
    expressions = st.just([[[a_symbol, 0], [1, x_symbol]], [[0, 1], [a_symbol, 2]]])
    fuzz(data, NormalFormGame.from_sympy, {
        "expressions": (expressions, hostile_but(hostile_array, np.zeros((2, 2, 2))) | st.sampled_from([
            [[["a", 0], [0, 0]], [[0, 0], [0, 0]]], [[[sp.I, 0], [0, 0]], [[0, 0], [0, 0]]],
            [[[sp.oo, 0], [0, 0]], [[0, 0], [0, 0]]]])),
        "values": (st.just({"a": 1.5, "x": 0.5}), hostile_values | st.just({"a": 1.0}))},
        aliases={"values": "expressions", "expressions": "payoffs"})
    fuzz(data, PopulationGame.from_table, {
        "table": (st.just({("s", "u"): (1, 0), ("s", "v"): (0, 1), ("t", "u"): (0, 1),
                           ("t", "v"): (a_symbol, 0)}),
                  hostile_object | st.sampled_from([{("s",): (1,)}, {("s", "u"): "ab"},
                                                    {("s", "u"): (1, 0)}]))},
        aliases={"table": "strategies"})
    fuzz(data, ReplicatorSystem.from_equations, {
        "equations": (st.just(SYSTEM.equations), hostile_but(hostile_array, [-0.5, 1.5])),
        "variables": (st.just([x_symbol, y_symbol]), hostile_object | st.just(["x", "x"]))},
        aliases={"equations": "equation", "variables": "variable"})
    fuzz(data, default_variables, {"sizes": (st.sampled_from([(2, 2), (2, 3, 2)]),
                                             hostile_array | hostile_int)})
    fuzz(data, evolutionary_simulate, {
        "model": (st.just(SYSTEM), hostile_game), "values": (st.just({"a": 0.5}), hostile_values),
        # several starts, and 1/0 given as booleans, are valid here
        "initial": (st.none() | st.just([[0.3, 0.6]]), hostile_but(
            hostile_state, [[0.5, 0.5]] * 3, [True, False])),
        "t_max": (st.floats(0.5, 20), hostile_real), "points": (st.integers(2, 50), hostile_int),
        "rtol": (st.just(1e-6), hostile_tolerance)}, aliases={"model": "values"})
    fuzz(data, simulate_stochastic, {
        "model": (st.just(SYSTEM), hostile_game), "values": (st.just({"a": 0.5}), hostile_values),
        "initial": (st.just([0.3, 0.6]), hostile_state),
        "sigma": (st.floats(0, 1), hostile_real | st.just([0.1, 0.2, 0.3])),
        "t_max": (st.floats(0.5, 5), hostile_real), "steps": (st.integers(1, 200), hostile_int),
        "paths": (st.integers(1, 10), hostile_int),
        "scheme": (st.sampled_from(["milstein", "euler-maruyama"]), hostile_object),
        "rng": (st.integers(0, 9), hostile_rng)}, aliases={"model": "values"})
    fuzz(data, sensitivity, {
        # a value of no parameter ({"b": 1.0}) is named in a warning: not an error
        "model": (st.just(SYSTEM), hostile_game),
        "values": (st.just({}), hostile_but(hostile_values, {"b": 1.0})),
        "parameter": (st.just("a"), hostile_object | st.just("b")),
        "levels": (st.just([0.5, 2.0]), hostile_array),
        "t_max": (st.floats(0.5, 10), hostile_real), "points": (st.integers(2, 20), hostile_int)},
        aliases={"model": "values", "levels": "values"})  # a level is the parameter's value


@FUZZ
@given(st.data())
def test_stability_tables(data) -> None:
    model = st.sampled_from([SYSTEM, PopulationGame.from_normal_form(textbook.prisoners_dilemma())])
    fuzz(data, stability_table, {
        "model": (model, hostile_game),
        "assumptions": (st.just(()), hostile_object | st.sampled_from(["a > 0", [1.5]])),
        "mixed": (st.booleans(), hostile_object),
        "order": (st.just("papers"), hostile_object | st.just("paper"))})


@FUZZ
@given(st.data())
def test_networks_and_ensembles(data) -> None:
    fuzz(data, complete_network, {"n": (st.integers(2, 20), hostile_int)})
    fuzz(data, from_networkx, {"graph": (st.builds(nx.path_graph, st.integers(2, 6)),
                                         hostile_object | st.just(nx.Graph()))})
    parameters = fuzz(data, DiffusionParameters, {
        # need is unbounded, and one value per government may be given (an array)
        "need": (st.floats(0, 1), st.sampled_from([math.nan, math.inf, "0.5", None, 1 + 2j,
                                                   [math.nan, 0.5], {"a": 1}, object()])),
        "learning_rate": (st.just(0.0), hostile_real),   # mean_field needs 0
        "mandate_start": (st.integers(0, 20), hostile_but(hostile_int, 10**9, 10**18)),   # periods
        "promotion_every": (st.integers(1, 10), hostile_but(hostile_int, 10**9, 10**18)),
        "mechanisms": (st.just(Mechanisms()), hostile_object)})
    parameters = parameters or DiffusionParameters(learning_rate=0.0)
    fuzz(data, mean_field, {"parameters": (st.just(parameters), hostile_object),
                            "periods": (st.integers(1, 20), hostile_int),
                            "n": (st.integers(2, 500), hostile_but(hostile_int, 10**9, 10**18))})
    fuzz(data, ensemble, {
        "network": (st.just(complete_network(6)), hostile_object),
        "parameters": (st.none() | st.just(parameters), hostile_object),
        "periods": (st.integers(1, 10), hostile_int), "replicates": (st.integers(1, 4), hostile_int),
        "seed": (st.integers(0, 9), hostile_seed),
        "chunk_size": (st.none() | st.integers(1, 4), hostile_chunk),
        "progress": (st.just(False), hostile_progress)})


def _square(sample: Mapping[str, np.ndarray], start: int, stop: int) -> Any:
    import pandas as pd

    return pd.DataFrame({"square": np.asarray(sample["authority"]) ** 2}), {}


@FUZZ
@given(st.data())
def test_runtime(tmp_path_factory, data) -> None:
    designs = st.sampled_from([runtime.Grid({"authority": [0.0, 0.5, 1.0]}),
                               runtime.RandomSample({"authority": (0.0, 1.0)}, 5)])
    fuzz(data, runtime.UniformStream, {
        "columns": (st.just([("authority", 0.0, 1.0)]), hostile_object | st.sampled_from(
            [[("authority", 1.0, 0.0)], [("authority", 0, math.inf)], [("a", "b", "c")]])),
        "size": (st.integers(1, 10), hostile_int), "rng": (st.integers(0, 9), hostile_rng)})
    fuzz(data, runtime.Indices, {"size": (st.integers(1, 10), hostile_but(hostile_int, 10**9, 10**18)),
                                 "name": (st.just("index"), hostile_but(hostile_object, "g60"))})
    fuzz(data, runtime.chunk_size_for, {   # any size of design, 0 included, is valid
        "size": (st.integers(1, 10**6), hostile_but(hostile_int, 0, 10**9, 10**18)),
                                        "workers": (st.integers(1, 8),
                                                    hostile_but(hostile_int, 10**9, 10**18))})
    folder = tmp_path_factory.mktemp("run")
    result = fuzz(data, runtime.run, {
        "metric": (st.just(_square), hostile_object), "design": (designs, hostile_object),
        "chunk_size": (st.none() | st.integers(1, 4), hostile_chunk),
        "backend": (st.just("serial"), hostile_object | st.just("thread")),
        # a relative folder ("g60") is valid: it would be written in the working folder
        "out": (st.none() | st.just(folder / "parts"),
                hostile_but(hostile_object, "g60", None) | st.just(folder / "a\0b")),
        "progress": (st.just(False), hostile_progress)})
    if result is not None and (folder / "parts").exists():
        fuzz(data, runtime.read_parts, {"folder": (st.just(folder / "parts"), hostile_object | st.just(
            folder / "missing")), "partial": (st.booleans(), hostile_object)})
    # a missing folder is the hostile value (partial may be one too: either is named)
    call(sweeps.read_sweep, {"folder": folder / "missing",
                             "partial": data.draw(st.booleans() | hostile_object, label="partial")},
         {"folder", "partial"}, hostile="folder")


@FUZZ
@given(st.data())
def test_other_analyses(data) -> None:
    scenario = st.sampled_from([cases.g60(), cases.symmetric(5)])
    fuzz(data, stability.robust_share, {
        "scenario": (scenario, hostile_scenario), "points": (points, hostile_points),
        "draws": (st.integers(1, 20), hostile_int), "spread": (st.floats(0, 0.5), hostile_real),
        "rng": (st.integers(0, 9), hostile_rng)}, aliases={"points": "authority"},
        allow_nan=True)
    fuzz(data, stability.basin_share, {
        "scenario": (scenario, hostile_scenario), "points": (points, hostile_points),
        "samples": (st.integers(1, 4), hostile_int), "t_max": (st.floats(1, 100), hostile_real),
        "radius": (st.floats(1e-3, 0.1), hostile_real), "rng": (st.integers(0, 9), hostile_rng)},
        aliases={"points": "authority"}, allow_nan=True)
    fuzz(data, stability.discount_slack, {"scenario": (scenario, hostile_scenario),
                                          "points": (points, hostile_points)},
         aliases={"points": "authority"}, allow_nan=True)
    fuzz(data, authority_welfare, {"scenario": (scenario, hostile_scenario),
                                   "points": (points, hostile_points),
                                   "preferences": (st.just(ica.AuthorityPreferences()), hostile_object)},
         aliases={"points": "authority"}, allow_nan=True)
    fuzz(data, ica.AuthorityPreferences, {name: (st.floats(0, 2), hostile_real) for name in (
        "output_weight", "authority_effort", "incentive_effort")})
    fuzz(data, tripartite.default_groups, {"scenario": (scenario, hostile_scenario)})
    fuzz(data, scenario_coalitions.coalition_payoff, {
        "scenario": (st.just(cases.g60()), hostile_scenario),
        "intervention": (st.none() | interventions, hostile_intervention),
        # bitmasks of 9 actors: 0 to 511 (99 is one)
        "coalitions": (st.just([0, 1, 2]), hostile_object | st.sampled_from([[0, 512], [-1], ["a"]]))})
    pd_game = textbook.prisoners_dilemma()
    fuzz(data, as_equilibrium, {
        "game": (st.just(pd_game), hostile_game),
        "strategies": (st.just([[0.0, 1.0], [0.0, 1.0]]), hostile_array | st.just([[0.5, 0.6], [0, 1]])),
        "tolerance": (tolerance, hostile_relative)}, aliases={"strategies": "strategy"})
    fuzz(data, payoff_tolerance, {"payoffs": (st.just(pd_game), hostile_but(   # arrays are payoffs
        hostile_game | hostile_array, pd_game.payoffs, np.zeros((2, 2, 2)), np.zeros((2, 2)))),
                                  "tolerance": (tolerance, hostile_but(hostile_tolerance, None))})
    fuzz(data, repeated.summarise_thresholds, {
        "values": (st.just([0.2, 0.5]), hostile_array),
        "strategy": (st.just("grim trigger"), hostile_but(hostile_object, "g60", ""))},
        allow_nan=True)


@FUZZ
@given(st.data())
def test_rest_points_are_bounded(data) -> None:
    """Large multi-population games are refused with an estimate, never a long solve."""
    shape = data.draw(st.sampled_from([(2, 6, 6), (3, 3, 3, 3), (2, 7, 7), (4, 3, 3, 3, 3)]),
                      label="shape")
    seed = data.draw(st.integers(0, 99), label="seed")
    game = NormalFormGame(np.random.default_rng(seed).integers(-5, 5, shape).astype(float))
    # the game's size is what is refused: its hostile value (the classified fuzz counted
    # every such call a valid one refused)
    call(dynamics.rest_points, {"game": game, "tolerance": 1e-7}, {"max_systems", "max_unknowns"},
         hostile="game")


# ---------------------------------------------------------------------- the rest of the public API
# (every public callable is called here or above: test_every_public_callable_is_fuzzed)

#: Entry points that draw a matplotlib figure (a tenth of a second each): fewer examples.
FUZZ_PLOTS = settings(FUZZ, max_examples=FUZZ.max_examples if FRESH else 6)


@FUZZ
@given(st.data())
def test_model_inputs_and_textbook_games(data) -> None:
    fuzz(data, ica.TokenCompliance, {
        "enabled": (st.booleans(), hostile_object | st.sampled_from([1, "yes"])),
        "participation_weight": (st.floats(0, 1, exclude_max=True), hostile_real),   # [0, 1)
        **{name: (st.floats(0, 1), hostile_real) for name in (
            "credit", "cost_share", "detection", "detected_sanction")}})
    fuzz(data, ica.InterventionEffects, {name: (st.floats(0.01, 1), hostile_real) for name in (
        "authority_on_coordination", "information_on_information_cost", "signal_boost",
        "incentive_subsidy", "innovation_crowding", "expected_penalty", "standards_autonomy")})
    for game in (textbook.battle_of_the_sexes, textbook.matching_pennies):  # no arguments
        call(game, {}, set(), check=lambda result: assert_equilibria(mixed_equilibria(result)),
             hostile=None)
    fuzz(data, sweeps.scenario_at, {
        "scenario": (st.sampled_from([cases.symmetric(), cases.g60()]), hostile_scenario),
        "row": (st.sampled_from([{"authority": 0.5}, {"authority": 0.2, "incentive": 0.1},
                                 {"negotiation_cost": 0.3, "square": 9.0}]),
                hostile_object | st.sampled_from([{"authority": math.nan}, {"authority": 2.0},
                                                  {"authority": "0.5"}, {"group_size": 2.5}]))},
        aliases={"row": "authority"})


@FUZZ_SYMPY
@given(st.data())
def test_symbolic_model_helpers(data) -> None:
    terms = (st.just(Terms()), hostile_object)
    exponent = (st.just(1), hostile_int)
    fuzz(data, closed_form.no_cooperation_margins, {
        "terms": terms, "network_exponent": exponent,
        "token_compliance": (st.booleans(), hostile_object)})
    fuzz(data, closed_form.critical_discount_factor_expressions, {
        "terms": terms, "network_exponent": exponent,
        "token_compliance": (st.booleans(), hostile_object)})
    fuzz(data, symbolic.homogeneous_expressions, {"terms": terms, "network_exponent": exponent})
    fuzz(data, symbolic.authority_objective, {"terms": terms, "network_exponent": exponent})
    fuzz(data, closed_form.homogeneous_margins, {
        "scenario": (symmetric_scenarios, hostile_scenario),
        "points": (st.none() | st.just({"authority": [0.0, 0.5]}), hostile_object | st.sampled_from(
            [{"authority": [math.nan]}, {"group_size": [2.5]}, {"mandate": [0.1]}]))},
        aliases={"points": "authority"})
    for helper in (symbolic.symbols, follow_up_gains):  # no arguments: the model's symbols
        call(helper, {}, set(), check=lambda result: assert_sympy_values(result), hostile=None)
    size = sp.Symbol("n", positive=True)
    hostile_expression = hostile_object | st.sampled_from(["a", "__import__('os')"])
    fuzz(data, symbolic.expected_output, {
        "base": (st.sampled_from([sp.Integer(1), a_symbol]), hostile_expression),
        "partners": (st.sampled_from([sp.Integer(2), x_symbol]), hostile_expression),
        "deliver": (st.sampled_from([sp.Rational(1, 2), y_symbol]), hostile_expression),
        "group_size": (st.sampled_from([size, sp.Integer(4)]), hostile_expression),
        "exponent": (st.integers(1, 3), hostile_int)})
    # the coalition helpers compute in the backend they are given (numpy here, sympy in the
    # tripartite game): its numbers are its own, used as given; its operations are checked
    numbers = {"cooperators": np.array([0, 1, 2]), "preference_total": np.array([0.0, 0.4, 0.9])}
    totals = {name: np.array([0.0, 1.0, 2.5]) for name in symbolic.ATTRIBUTES}
    backend = {"where": (st.just(np.where), hostile_object),
               "maximum": (st.just(np.maximum), hostile_object)}
    hostile_totals = hostile_object | st.just({3: np.zeros(3)})
    fuzz(data, functools.partial(symbolic.coalition_means, cooperators=numbers["cooperators"]), {
        "totals": (st.just(totals), hostile_totals), **backend})
    spread = (st.just(lambda centre: np.abs(0.4 - centre)), hostile_object)
    fuzz(data, functools.partial(symbolic.coalition_heterogeneity, **numbers), {
        "preference_spread": spread, **backend})
    fuzz(data, functools.partial(symbolic.coalition_aggregates, **numbers), {
        "totals": (st.just(totals), hostile_but(hostile_totals, {"authority": 0.3})),   # any names
        "preference_spread": spread, **backend})
    expression = st.sampled_from([a_symbol * y_symbol - x_symbol - 1, -a_symbol, a_symbol - 2])
    hostile_condition = hostile_but(hostile_expression, 3, 1.5)   # a number: a constant condition
    fuzz(data, condition_inequality, {"expression": (expression, hostile_condition)})
    fuzz(data, eigenvalue_sign, {
        "expression": (expression, hostile_condition),
        "assumptions": (st.just(()) | st.just([a_symbol > 2]),   # [True], None: valid
                        hostile_but(hostile_object, None) | st.sampled_from(["a > 2", [1.5]]))})


def assert_sympy_values(result: Mapping[str, Any]) -> None:
    assert result and all(isinstance(value, sp.Basic) for value in result.values())


@FUZZ
@given(st.data())
def test_evolutionary_constructors(data) -> None:
    matrix = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]
    hostile_payoffs = hostile_array | st.sampled_from([
        [[["a", 0], [5, 1]], [[3, 5], [0, 1]]], [[[sp.I, 0], [5, 1]], [[3, 5], [0, 1]]],
        [[[sp.nan, 0], [5, 1]], [[3, 5], [0, 1]]]])
    names = st.none()
    hostile_names = st.sampled_from(["ab", 3, ["x"], ["a", "a"]])   # [1, 2]: labels may be numbers
    fuzz(data, PopulationGame, {
        "payoffs": (st.sampled_from([matrix, np.array(matrix, dtype=float),
                                     [[[a_symbol, 0], [5, 1]], [[3, 5], [0, 1]]]]),
                    hostile_payoffs),
        "populations": (names, hostile_names), "strategies": (names, hostile_names),
        "variables": (names, hostile_names), "title": (st.just("g"), st.sampled_from([3, None]))},
        aliases={"payoffs": "payoff"})
    table = {("C", "C"): (3, 3), ("C", "D"): (0, 5), ("D", "C"): (5, 0), ("D", "D"): (1, 1)}
    fuzz(data, PopulationGame.from_function, {
        "function": (st.just(table.__getitem__), hostile_object | st.just(lambda profile: "ab")),
        "strategies": (st.just([["C", "D"], ["C", "D"]]), hostile_object | st.sampled_from(
            [["CD", "CD"], [["C"], ["C", "D"]], [["C", "C"], ["C", "D"]]]))},
        aliases={"function": "payoff"})
    equations = [x_symbol * (1 - x_symbol) * (a_symbol - y_symbol),
                 y_symbol * (1 - y_symbol) * (x_symbol - a_symbol)]
    hostile_variables = hostile_object | st.sampled_from([["x", "x"], [x_symbol], [a_symbol, x_symbol]])
    fuzz(data, PopulationGame.from_replicator, {
        "equations": (st.just(equations), hostile_array),
        "variables": (st.just([x_symbol, y_symbol]), hostile_variables)},
        aliases={"equations": "equation", "variables": "variable"})
    fuzz(data, ReplicatorSystem, {
        "equations": (st.just(equations), hostile_but(hostile_array, [-0.5, 1.5])),   # constants: valid
        "variables": (st.just([x_symbol, y_symbol]), hostile_variables),
        "populations": (names, hostile_names),
        "sizes": (st.none() | st.just([2, 2]), hostile_array | st.sampled_from([[2], [3, 3], [2, 1]])),
        "title": (st.just("s"), st.sampled_from([3, None]))},
        aliases={"equations": "equation", "variables": "variable"})


@FUZZ_PLOTS
@given(st.data())
def test_evolutionary_plots(data) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    runs = evolutionary_simulate(SYSTEM, {"a": 0.5}, [[0.3, 0.6], [0.7, 0.2]], t_max=5, points=20)
    panel = sensitivity(SYSTEM, {}, "a", [0.5, 2.0], t_max=5, points=20)
    hostile_simulation = hostile_object | st.just(SYSTEM)
    hostile_variable = hostile_object | st.sampled_from([2, -3, "z", 1.5, True])
    axes = st.builds(lambda: Figure().add_subplot())
    fuzz(data, plot_time_series, {
        "simulation": (st.just(runs), hostile_simulation),
        "run": (st.integers(0, 1), hostile_int | st.just(2)),   # None needs a variable
        "variable": (st.none() | st.sampled_from([0, "x"]), hostile_but(hostile_variable, None)),
        "ax": (st.none() | axes, hostile_but(hostile_object, None))})   # None: a new figure
    fuzz(data, plot_phase, {
        "simulation": (st.just(runs), hostile_simulation),
        "runs": (st.none() | st.sampled_from([0, [0, 1]]), hostile_but(hostile_object, None)
                 | st.sampled_from([[5], [0, 0], -1, [True]])),
        "ax": (st.none() | axes, hostile_but(hostile_object, None)),
        "variables": (st.none() | st.just([0, 1]), hostile_but(hostile_object, None) | st.sampled_from(
            [[0], [0, 0], ["x", "z"], [0, 5]]))})
    fuzz(data, plot_sensitivity, {
        "simulation": (st.just(panel), hostile_simulation | st.just(runs)),
        "variable": (st.sampled_from([0, "y"]), hostile_variable),
        "ax": (st.none() | axes, hostile_but(hostile_object, None)),
        "start": (st.just(0), hostile_int)})
    import matplotlib.pyplot as plt

    plt.close("all")


@FUZZ
@given(st.data())
def test_diffusion_parts(data) -> None:
    fuzz(data, Mechanisms, {name: (st.booleans(), hostile_object | st.sampled_from([1, "no"]))
                            for name in ("learning", "competition", "imitation", "coercion")})
    n = data.draw(st.integers(2, 5), label="n")
    names = tuple(f"g{i}" for i in range(n))
    path = nx.to_scipy_sparse_array(nx.path_graph(n))
    network = fuzz(data, Network, {
        "names": (st.just(names), hostile_object | st.sampled_from([("a",), ("a", "a"), (1, 2)])),
        "adjacency": (st.none() | st.just(path), hostile_array | st.sampled_from(
            [np.full((n, n), math.nan), -np.ones((n, n)), np.triu(np.ones((n, n)))])),
        "groups": (st.just(np.zeros(n, dtype=int)), hostile_array | st.just(np.arange(n) - 1)),
        "province": (st.just(np.full(n, -1)), hostile_array | st.just(np.full(n, 99))),
        "coordinates": (st.none() | st.just(np.zeros((n, 2))), hostile_array)})
    network = network or complete_network(n)
    parameters = DiffusionParameters()
    fuzz(data, run_chunk, {
        "network": (st.just(network), hostile_object),
        "parameters": (st.just(parameters), hostile_object),
        "periods": (st.integers(1, 8), hostile_int), "seed": (st.integers(0, 9), hostile_seed),
        "start": (st.integers(0, 3), hostile_int), "stop": (st.integers(4, 6), hostile_int),
        "track": (st.just(()) | st.just((0,)), hostile_object | st.sampled_from([(n,), (-1,), ("a",)]))})
    stage = np.array([0, 1, 1, 2])
    unit = st.just(np.array([0.9, 0.1, 0.9, 0.9]))
    fuzz(data, modes_of, {
        "stage": (st.just(stage), hostile_array), "competition": (unit, hostile_array),
        "capacity": (unit, hostile_array), "parameters": (st.just(parameters), hostile_object)})


@FUZZ
@given(st.data())
def test_runtime_designs_and_follower_from_equilibria(data) -> None:
    axes = st.sampled_from([{"authority": [0.0, 0.5]}, {"x": [1, 2], "y": [0.5]}])
    hostile_axes = hostile_object | st.sampled_from([
        {"x": []}, {"x": [math.nan]}, {"x": "0.5"}, {"x": [1j]}, {"x": [[0.1, 0.2], [0.3, 0.4]]},
        {3: [0.5]}])   # 10**5 x 10**5 values: 10**10 points, valid (a design is read in chunks)
    fuzz(data, runtime.Grid, {"axes": (axes, hostile_axes)})
    fuzz(data, runtime.RandomSample, {
        "ranges": (st.just({"x": (0.0, 1.0)}), hostile_object | st.sampled_from(
            [{"x": (1.0, 0.0)}, {"x": (0.0, math.inf)}, {"x": "ab"}, {"x": (0, 1, 2)}])),
        "size": (st.integers(1, 5) | st.just(np.int64(3)),   # up to 2**62 points: valid
                 hostile_but(hostile_int, 10**9, 10**18) | st.just(2**63)),
        "rng": (st.integers(0, 9), hostile_rng)})
    scenario = data.draw(st.sampled_from([cases.g60(), cases.symmetric(4)]), label="scenario")
    intervention = data.draw(interventions, label="intervention")
    result = pure_equilibria(scenario_game(scenario, intervention))
    other = pure_equilibria(textbook.prisoners_dilemma())
    fuzz(data, follower_response_from_equilibria, {
        "scenario": (st.just(scenario), hostile_scenario),
        "intervention": (st.just(intervention),   # a mapping of levels is valid here
                         hostile_but(hostile_intervention, {"authority": 0.3})),
        "result": (st.just(result), hostile_object | st.just(other))},
        check=nan_only_without_equilibrium, allow_nan=True)


# ---------------------------------------------------------------------- coverage of the public API

#: Public classes that are records the library builds and returns (results, a case's data):
#: not entry points, so not fuzzed. A new public callable must be fuzzed above or named here.
RECORDS = {
    "ica_model.Equilibrium", "ica_model.EquilibriumResult", "ica_model.SymmetricEquilibrium",
    "ica_model.engine.solvers.BatchEquilibria", "ica_model.analysis.follower.FollowerResponse",
    "ica_model.analysis.leader.CooperationIntervals", "ica_model.analysis.leader.OptimalIntervention",
    "ica_model.analysis.coalitions.Compensation", "ica_model.analysis.tripartite.TripartiteModel",
    "ica_model.model.closed_form.ComparativeStatic", "ica_model.model.closed_form.CriticalAuthority",
    "ica_model.model.symbolic.PayoffModel", "ica_model.engine.repeated.DiscountThreshold",
    "ica_model.engine.evolutionary.Simulation", "ica_model.engine.evolutionary.StochasticSimulation",
    "ica_model.engine.evolutionary.StabilityRow", "ica_model.engine.evolutionary.StabilityTable",
    "ica_model.engine.evolutionary.SymbolicRestPoint", "ica_model.engine.evolutionary.Vertex",
    "ica_model.engine.evolutionary.dynamics.BasinResult",
    "ica_model.engine.evolutionary.dynamics.RestPoint",
    "ica_model.engine.evolutionary.dynamics.Trajectory", "ica_model.diffusion.DiffusionRun",
    "ica_model.runtime.Run", "ica_model.runtime.Design", "ica_model.experiments.Experiment",
    "ica_model.cases.Case", "ica_model.cases.Representative", "ica_model.history.CaseHistory",
    "ica_model.history.Event", "ica_model.history.History", "ica_model.history.HistoryFact",
}


#: Public names in ``__all__`` that are callable but no entry point, with the reason.
NOT_ENTRY_POINTS = {
    **{name: "a record the library builds and returns (a result, a table's row, a state)"
       for name in (
           "ica_model.analysis.calibration.Calibration", "ica_model.analysis.claim_regions.ClaimRegion",
           "ica_model.analysis.diffusion.AdoptionPath", "ica_model.analysis.monotonicity.Certificate",
           "ica_model.analysis.prim.Box", "ica_model.analysis.prim.PrimResult",
           "ica_model.analysis.region_sensitivity.ShapleyEffects", "ica_model.analysis.smc_abc.SMCABC",
           "ica_model.diffusion.facts.PlacementShare", "ica_model.engine.coalitions.CoalitionStability",
           "ica_model.engine.coalitions.CoreResult", "ica_model.engine.evolutionary.assumptions.Certificate",
           "ica_model.engine.evolutionary.assumptions.SignDecision",
           "ica_model.engine.evolutionary.assumptions.Witness",
           "ica_model.engine.evolutionary.bifurcation.BasinMap",
           "ica_model.engine.evolutionary.bifurcation.BifurcationDiagram",
           "ica_model.engine.evolutionary.bifurcation.StabilityMap",
           "ica_model.engine.evolutionary.proved.ProvedRow",
           "ica_model.engine.evolutionary.proved.ProvedTable",
           "ica_model.engine.gallery.Reproduction", "ica_model.engine.intervals.SignIntervals",
           "ica_model.engine.solvers.bernstein.RootIsolation",
           "ica_model.engine.solvers.symmetric.CountEquilibria",
           "ica_model.engine.solvers.verify.PayoffScale",
           "ica_model.history.calibration.HistoryCalibration", "ica_model.history.stage.Selected",
           "ica_model.model.payoffs.StateIndex", "ica_model.model.payoffs.StateParts",
           "ica_model.model.payoffs.StatePayoffs", "ica_model.model.facts.Outcome",
           "ica_model.model.points.Points", "ica_model.runtime.parts.Folder")},
    **{name: "a row of the library's own tables (the schema, the gallery, a source's "
       "statements), built once at import"
       for name in ("ica_model.engine.gallery.PublishedGame", "ica_model.model.parameters.Parameter",
                    "ica_model.model.parameters.Domain",
                    "ica_model.model.parameters.InterventionKind",
                    "ica_model.diffusion.facts.Placement")},
    "ica_model.model.parameters.Role": "an enumeration: its members are the values",
    "ica_model.analysis.smc_abc.PriorSampler": "a Protocol (a type for annotations)",
    "ica_model.engine.evolutionary.assumptions.UnusedAssumptionWarning": "a warning class",
    "ica_model.history.exact.NoPureEquilibrium": "an exception class",
}


def public_modules() -> dict[str, Any]:
    """Every public module of ica_model (no part of its name starting with ``_``): the
    modules the API reference documents, one page each."""
    import importlib
    import pkgutil

    modules = {"ica_model": ica}
    for info in pkgutil.walk_packages(ica.__path__, prefix="ica_model."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            modules[info.name] = importlib.import_module(info.name)
    return modules


def public_callables() -> dict[Any, list[str]]:
    """Every public callable, keyed by the object, with the names it is public under: the
    callable names in ``__all__`` of every public module (:func:`public_modules`), plus each
    public class's alternate constructors (its public classmethods). The other names in
    ``__all__`` are data (constants, tables), not entry points."""
    import inspect

    found: dict[Any, list[str]] = {}
    for module_name, module in public_modules().items():
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if inspect.ismodule(value) or not callable(value):
                continue
            found.setdefault(value, []).append(f"{module_name}.{name}")
            if inspect.isclass(value):
                for attribute, member in vars(value).items():
                    if isinstance(member, classmethod) and not attribute.startswith("_"):
                        found.setdefault(getattr(value, attribute).__func__, []).append(
                            f"{module_name}.{name}.{attribute}")
    return found


def fuzzed_callables() -> set[Any]:
    """What this module's ``fuzz(data, F, ...)`` and ``call(F, ...)`` call, F evaluated in its
    namespace (a bound method stands for its function, a partial for its function)."""
    import ast

    with open(__file__, encoding="utf-8") as file:
        tree = ast.parse(file.read())
    called = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("fuzz", "call")):
            continue
        position = 1 if node.func.id == "fuzz" else 0
        if len(node.args) <= position:
            continue
        expression = node.args[position]
        candidates = ([ast.unparse(e) for e in expression.elts]  # `for f in (a, b): call(f,...)`
                      if isinstance(expression, ast.Tuple) else [ast.unparse(expression)])
        if isinstance(expression, ast.Call) and ast.unparse(expression.func) == "functools.partial":
            candidates.append(ast.unparse(expression.args[0]))
        if isinstance(expression, ast.Name):   # a loop variable: the loop's tuple
            for loop in ast.walk(tree):
                if (isinstance(loop, ast.For) and isinstance(loop.target, ast.Name)
                        and loop.target.id == expression.id and isinstance(loop.iter, ast.Tuple)):
                    candidates += [ast.unparse(e) for e in loop.iter.elts]
        for text in candidates:
            try:
                value = eval(text, globals())
            except Exception:
                continue
            value = getattr(value, "func", value)       # functools.partial
            called.add(getattr(value, "__func__", value))  # a bound classmethod
    import test_fuzz_api  # the rest of the API: one entry per callable

    called |= {getattr(e.function, "__func__", e.function) for e in test_fuzz_api.ENTRIES}
    return called


def test_every_public_callable_is_fuzzed() -> None:
    """Fails when a public callable (a new one, say) is neither fuzzed (here or in
    test_fuzz_api.py) nor a record or another non-entry point named with its reason."""
    public = public_callables()
    called = fuzzed_callables()
    exempt = RECORDS | set(NOT_ENTRY_POINTS)
    missing = sorted(names[0] for value, names in public.items()
                     if value not in called and exempt.isdisjoint(names))
    assert not missing, f"{len(missing)} public callables the fuzz does not call: {missing}"
    stale = sorted(exempt - {name for names in public.values() for name in names})
    assert not stale, f"RECORDS or NOT_ENTRY_POINTS name what is no longer public: {stale}"


# ---------------------------------------------------------------------- the command line

#: Hostile text for a flag's value or a positional argument (the shell passes strings).
HOSTILE_TEXT = ["", " ", "nan", "inf", "-inf", "-1", "0", "1e309", "1.5", "0x10", "²", "1_0",
                "99999999999999999999", "10000000", "--json", "g60; rm -rf /", "../..", "é",
                "None", "[0.5]", "1j", "0.5 0.5"]
hostile_text = st.sampled_from(HOSTILE_TEXT)


def command_lines() -> st.SearchStrategy[tuple[list[str], str | None]]:
    """(argv, the flag or positional given a hostile value, or None): one ``ica-model``
    command line with valid values (cheap ones: no full experiment, no 'figures' without
    --from) except at most one hostile value."""
    valid = {
        "run": [("name", st.sampled_from(["nope", "calibrate", "all "])),  # never a real run
                ("--seed", st.sampled_from(["0", "7"])), ("--tables", st.sampled_from(["csv"])),
                ("--width", st.sampled_from(["single", "double"]))],
        "figures": [("--from", st.sampled_from(["missing-run"])),
                    ("--seed", st.sampled_from(["0"])), ("--docs", st.sampled_from(["docs-out"]))],
        "solve": [("scenario", st.sampled_from(["g60", "yangtze_river_delta", "symmetric"])),
                  ("--authority", st.sampled_from(["0", "0.4", "1"])),
                  ("--information", st.sampled_from(["0.3"])),
                  ("--national-integration", st.sampled_from(["0", "0.5"])),
                  ("--draws", st.sampled_from(["0", "3"]))],
        "diffuse": [("level", st.sampled_from(["provinces"])),
                    ("--periods", st.sampled_from(["1", "5"])),
                    ("--replicates", st.sampled_from(["1", "2"])),
                    ("--seed", st.sampled_from(["0", "3"]))],
        "simulate": [("case", st.sampled_from(["a_district", "j_district"])),
                     ("--from", st.sampled_from(["2020"])), ("--to", st.sampled_from(["2021"]))],
    }

    @st.composite
    def build(draw):
        command = draw(st.sampled_from(sorted(valid)), label="command")
        arguments = valid[command]
        hostile = draw(st.sampled_from([None, *(name for name, _ in arguments)]), label="hostile")
        argv = [command]
        for name, values in arguments:
            required = not name.startswith("--") or (command == "figures" and name != "--seed")
            if name != hostile and not required and not draw(st.booleans(), label=f"use {name}"):
                continue
            value = draw(hostile_text if name == hostile else values, label=name)
            argv += [value] if not name.startswith("--") else [name, value]
        return argv, hostile
    return build()


@settings(FUZZ_SYMPY, max_examples=FUZZ.max_examples if FRESH else 12,
          suppress_health_check=[*FUZZ.suppress_health_check,
                                 HealthCheck.function_scoped_fixture])  # reset each example
@given(command_lines())
def test_command_line(tmp_path_factory, capsys, monkeypatch, case) -> None:
    """Each command line succeeds, or exits non-zero with one line ``ica-model: error:``
    naming the flag (or argument) given a hostile value, and no traceback; nothing is
    written outside the folder given (the working directory here, where --out, --docs and
    --from point)."""
    from ica_model.cli import main

    argv, hostile = case
    folder = tmp_path_factory.mktemp("cli")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HOME", str(folder / "home"))
    capsys.readouterr()
    with time_limit(60):
        try:
            status = main(argv)
        except SystemExit as exit_:     # argparse's own errors, --help
            status = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out, f"{argv}: a traceback:\n{err}"
    if status != 0:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("ica-model: error:"), (
            f"{argv} exited {status} without one error line: {err!r}")
        # the valid set-ups of run and figures fail by design (no experiment is run)
        expected = {"run": "unknown experiment", "figures": "figures missing in"}.get(argv[0])
        if hostile is not None and not (expected and expected in lines[0]):
            label = hostile.lstrip("-").replace("-", "[-_ ]")
            alias = {"from": "from|start", "to": "to|end", "name": "name|experiment"}.get(label, label)
            assert re.search(rf"(?<![A-Za-z])({alias})", lines[0]), (
                f"{argv}: the error does not name {hostile}: {lines[0]}")
    given = {Path(argv[k + 1]).parts[0] for k, flag in enumerate(argv[:-1])
             if flag in ("--out", "--docs") and argv[k + 1].strip() and Path(argv[k + 1]).parts}
    written = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    assert all(p.split("/")[0] in given for p in written), (
        f"{argv} wrote outside its folders {sorted(given)}: {written}")
