"""The fused kernels generated from the lambdified payoff parts (``ica_model.model._fused``)
give numpy's numbers bit for bit, leave the powers to numpy, compute each term at its own
level, and decline what they cannot translate."""

from __future__ import annotations

import linecache

import numpy as np
import pytest

from ica_model.cases import g60
from ica_model.model import _fused, payoffs
from ica_model.model.points import as_points
from ica_model.model.symbolic import payoff_model


def _numpy_part(model, part, action, values, shape):
    return np.broadcast_to(model.evaluate_part(part, action, values), shape)


@pytest.mark.parametrize("kind", ["sweep", "draws"])
def test_every_part_of_g60_equals_numpy_bit_for_bit(kind) -> None:
    pytest.importorskip("numba")
    scenario = g60()
    rng = np.random.default_rng(7)
    values = {"authority": rng.random(6), "incentive": rng.random(6)}
    if kind == "draws":
        values |= {"negotiation_exponent": rng.uniform(1, 2, 6),
                   "capacity": rng.uniform(0.4, 1.0, (6, scenario.n)),
                   "preference": rng.uniform(0.3, 0.6, (6, scenario.n))}
    points = as_points(scenario, values)
    model = payoff_model(scenario.terms, scenario.network_exponent)
    index = payoffs.state_index(scenario.n)
    halves = payoffs._coalition_halves(points, model, index)
    shape = (points.size, scenario.n, 2 ** (scenario.n - 1))
    # draws: the cooperators' remainder only (the longest part; a power of the varied
    # exponent at every state, left to numpy), to keep the compilations few
    for action in scenario.actions if kind == "sweep" else ("C",):
        side = halves["inside" if action == "C" else "outside"]
        for part in ("coefficient", "remainder") if kind == "sweep" else ("remainder",):
            names, function = model.part_functions[(part, action)]
            with np.errstate(invalid="ignore", divide="ignore"):
                fused = _fused.evaluate(function, names, side, shape)
                expected = _numpy_part(model, part, action, side, shape)
            assert fused is not None, (part, action)
            assert fused.shape == shape and fused.flags.c_contiguous
            assert np.array_equal(fused, expected, equal_nan=True), (kind, part, action)


SOURCE = """def _lambdifygenerated(a, b, c):
    x0 = a ** b
    return x0 * c + a * 2.0 - minimum(c, 1) + c ** 2
"""


def test_powers_go_to_numpy_and_terms_are_computed_at_their_level() -> None:
    # a varies by point, b is a number, c by actor and state
    kernel, prelude, patterns = _fused.kernel_source(
        SOURCE, [(True, False, False), None, (False, True, True)])
    assert "a ** b" in prelude and "**" not in kernel.replace("** 2", "")
    lines = kernel.splitlines()
    by_point = next(line for line in lines if "a0[v, 0, 0] * 2.0" in line)
    assert by_point.startswith(" " * 8) and not by_point.startswith(" " * 9)   # in the v loop
    assert patterns == ((True, False, False),)
    # the coalition term minimum(c, 1) is an array computed before the main loop
    assert any(line.strip().startswith("t_") and "np.minimum" in line for line in lines)


def test_a_kernel_computes_what_numpy_computes() -> None:
    pytest.importorskip("numba")
    filename = "<test_fused_parts source>"
    linecache.cache[filename] = (len(SOURCE), None, SOURCE.splitlines(True), filename)
    namespace = {"minimum": np.minimum}
    exec(compile(SOURCE, filename, "exec"), namespace)
    function = namespace["_lambdifygenerated"]
    rng = np.random.default_rng(3)
    values = {"a": rng.random((4, 1, 1)), "b": 1.7, "c": rng.random((1, 3, 5)) * 2}
    fused = _fused.evaluate(function, ("a", "b", "c"), values, (4, 3, 5))
    assert fused is not None and np.array_equal(fused, function(**values))


def test_what_it_cannot_translate_is_left_to_numpy() -> None:
    source = "def f(a):\n    return exp(a)\n"
    with pytest.raises(ValueError, match="call"):
        _fused.kernel_source(source, [None])
    with pytest.raises(ValueError):
        _fused.kernel_source("def f(a):\n    if a:\n        return a\n", [None])
    # a value that is neither a number nor a 3-d array: None, the caller uses numpy
    assert _fused.evaluate(np.negative, ("a",), {"a": np.ones((2, 2))}, (2, 2, 1)) is None


def test_the_follower_with_fused_parts_is_the_follower_without(monkeypatch) -> None:
    pytest.importorskip("numba")
    from ica_model.analysis import follower

    rng = np.random.default_rng(11)
    values = {"authority": rng.random(40), "incentive": rng.random(40)}
    plain = follower.follower_response(g60(), values)
    monkeypatch.setattr(follower, "FUSED_POINTS", 1)
    fused = follower.follower_response(g60(), values)
    for name in ("equilibrium_count", "profile", "payoffs", "harshest", "harshest_payoffs",
                 "margin", "most_cooperators", "fewest_cooperators"):
        assert np.array_equal(getattr(fused, name), getattr(plain, name), equal_nan=True), name
