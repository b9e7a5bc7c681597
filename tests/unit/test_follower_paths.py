"""The follower's code paths agree: compiled kernels (numba, optional) and numpy give the
same state payoffs, the same content flags and counts, and the same local response, bit
for bit; batches that reuse their memory give what fresh arrays give."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import scenarios

from ica_model.analysis import follower
from ica_model.cases import g60, symmetric
from ica_model.model.payoffs import state_parts, state_payoffs
from ica_model.model.points import as_points
from ica_model.runtime import accel as _accel

RESPONSE_FIELDS = ("equilibrium_count", "full_cooperation", "most_cooperators",
                   "fewest_cooperators", "margin", "profile", "payoffs", "harshest",
                   "harshest_payoffs", "temptation", "reward")


def random_points(scenario, size: int, seed: int):
    rng = np.random.default_rng(seed)
    return as_points(scenario, {kind: rng.random(size) for kind in
                                ("authority", "incentive", "information", "standards")})


def with_accelerator(on: bool, function, *args):
    saved = _accel.ENABLED
    _accel.ENABLED = on
    try:
        return function(*args)
    finally:
        _accel.ENABLED = saved


def same(a, b) -> bool:
    return np.array_equal(a, b, equal_nan=True)


@settings(max_examples=30)
@given(scenarios(2, 6), st.integers(0, 2**16), st.integers(1, 40))
def test_compiled_and_numpy_responses_are_identical(scenario, seed, size) -> None:
    pytest.importorskip("numba")
    points = random_points(scenario, size, seed)
    compiled = with_accelerator(True, follower.follower_response, scenario, points)
    plain = with_accelerator(False, follower.follower_response, scenario, points)
    for name in RESPONSE_FIELDS:
        assert same(getattr(compiled, name), getattr(plain, name)), name


@pytest.mark.parametrize("scenario", [g60(), symmetric(7, token_compliance=False)],
                         ids=["g60", "seven without token compliance"])
def test_compiled_kernels_match_numpy_step_by_step(scenario) -> None:
    pytest.importorskip("numba")
    points = random_points(scenario, 50, 3)
    payoffs = {on: with_accelerator(on, state_payoffs, points) for on in (True, False)}
    for name in ("cooperate", "defect", "token", "low", "high"):
        first, second = getattr(payoffs[True], name), getattr(payoffs[False], name)
        assert (first is None and second is None) or same(first, second), name
    slack = 1e-9 * (payoffs[False].high - payoffs[False].low)
    parts = state_parts(points)
    results = {on: with_accelerator(on, follower._content_and_counts, parts, slack,
                                    follower._Workspace(scenario, 64)) for on in (True, False)}
    assert len(results[True][0]) == len(results[False][0])
    for first, second in zip(results[True][0], results[False][0], strict=True):
        assert same(first, second)
    assert same(results[True][1], results[False][1])
    assert results[False][1].sum() > 0       # some state holds an equilibrium
    # the points' summaries (profiles, most and fewest cooperators): the kernel's are numpy's
    assert same(results[True][2], results[False][2])
    assert (results[False][2][:, 0] == results[False][1].sum(axis=(1, 2))).all()
    # the kernel's states are numpy's (np.nonzero of the counts) with the most or the fewest
    # cooperators of their point
    point, _, state = results[False][3]
    sizes = follower.state_index(scenario.n).members.sum(axis=1)
    extreme = (sizes[state] == results[False][2][point, 1]) | \
        (sizes[state] == results[False][2][point, 2])
    assert extreme.any()
    for kernel, expected in zip(results[True][3], results[False][3], strict=True):
        assert same(kernel, expected[extreme])
    # single payoffs formed from the parts are the assembled ones, bit for bit
    arrays = [a for a in (payoffs[False].cooperate, payoffs[False].defect, payoffs[False].token)
              if a is not None]
    every = np.indices(arrays[0].shape).reshape(4, -1)
    for action, array in enumerate(arrays):
        assert same(parts.at(action, *every), array.ravel()), action
        assert same(results[True][4](action, *every), array.ravel()), action


def test_reused_memory_gives_what_fresh_arrays_give() -> None:
    points = random_points(g60(), 20, 5)
    fresh = state_payoffs(points)
    buffers = [np.full((32, *fresh.cooperate.shape[1:]), np.nan) for _ in g60().actions]
    reused = state_payoffs(points, buffers)
    assert same(reused.cooperate, fresh.cooperate) and same(reused.token, fresh.token)
    with pytest.raises(ValueError, match="out must hold 3 float arrays"):
        state_payoffs(points, buffers[:2])
    with pytest.raises(ValueError, match="out must hold 3 float arrays"):
        state_payoffs(points, [b[:10] for b in buffers])


@pytest.mark.parametrize("environment,applied", [
    ({}, True), ({"ICA_MODEL_MALLOC": "0"}, False), ({"MALLOC_TRIM_THRESHOLD_": "65536"}, False)],
    ids=["default", "switched off", "the user's own setting"])
def test_allocator_settings_are_applied_once_unless_declined(environment, applied) -> None:
    import os
    import subprocess
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("glibc's mallopt")
    code = ("from ica_model.runtime.memory import keep_freed_memory\n"
            "print(keep_freed_memory(), keep_freed_memory())")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MALLOC_", "ICA_MODEL_MALLOC"))}
    done = subprocess.run([sys.executable, "-c", code], env=env | environment, capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.split() == [str(applied)] * 2


def test_a_library_call_leaves_the_allocator_alone() -> None:
    import subprocess
    import sys

    code = ("from ica_model.runtime import memory as _memory\n"
            "from ica_model.analysis.follower import follower_response\n"
            "from ica_model.cases import g60\n"
            "follower_response(g60())\n"
            "print(_memory._applied)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.split() == ["[]"]


@pytest.mark.parametrize("size", [0, 1, 2, 73, 74, 147, 1242, 2000, 5256, 5257])
def test_batches_are_of_one_size_and_never_of_one_point(size) -> None:
    batches = list(follower._batches(g60(), size))
    lengths = [part.stop - part.start for part, _ in batches]
    assert sum(lengths) == size
    assert all(before.stop == after.start
               for (before, _), (after, _) in itertools.pairwise(batches))
    assert len(set(lengths[:-1])) <= 1                   # one size, but the last
    assert size <= 1 or min(lengths) > 1                 # e.g. 5,257 = 72 x 73 + 1
    assert all(workspace.shape[0] == max(lengths) for _, workspace in batches)


def test_batches_of_one_point_stay_one_point(monkeypatch) -> None:
    # where one point is all the memory budget allows, no batch takes two
    monkeypatch.setattr(follower, "state_chunk", lambda scenario, assembled: 1)
    assert [p.stop - p.start for p, _ in follower._batches(g60(), 3)] == [1, 1, 1]


def test_a_last_point_joining_the_batch_before_changes_no_result(monkeypatch) -> None:
    points = random_points(g60(), 13, 11)
    whole = follower.follower_response(g60(), points)
    monkeypatch.setattr(follower, "state_chunk", lambda scenario, assembled: 4)
    assert [p.stop - p.start for p, _ in follower._batches(g60(), 13)] == [4, 4, 5]
    batched = follower.follower_response(g60(), points)
    for name in RESPONSE_FIELDS:
        assert same(getattr(batched, name), getattr(whole, name)), name
