"""Stochastic replicator dynamics (issue 23, deliverable 7): strong orders of the schemes,
the deterministic limit, seeding, the unit box and input errors."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from ica_model.engine.evolutionary import (
    ReplicatorSystem,
    simulate_replicator,
    simulate_stochastic,
)
from ica_model.engine.evolutionary.stochastic import _integrate_paths

x, y = sp.symbols("x y")
a = sp.Symbol("a", positive=True)


def one_population() -> ReplicatorSystem:
    return ReplicatorSystem([x * (1 - x) * (a - x)], [x])


def two_populations() -> ReplicatorSystem:
    return ReplicatorSystem([x * (1 - x) * (a - y), y * (1 - y) * (x - a)], [x, y])


def strong_order(scheme: str) -> float:
    """Fitted slope of log E|X_h(T) - X_ref(T)| against log h, the reference driven by the
    SAME Brownian path on a step 2**-12 (each coarse increment is the sum of fine ones)."""
    system = one_population()
    drift = lambda z: system.field(z, {"a": 0.3})  # noqa: E731
    sigma, start, paths, fine_steps = np.array([1.5]), np.array([0.5]), 2000, 2**12
    rng = np.random.default_rng(7)
    fine = rng.normal(0.0, np.sqrt(1.0 / fine_steps), size=(paths, fine_steps, 1))
    reference, clipped = _integrate_paths(drift, sigma, start, 1.0 / fine_steps, fine, scheme)
    assert clipped.sum() == 0
    steps_list = [2**k for k in range(3, 8)]
    errors = []
    for steps in steps_list:
        coarse = fine.reshape(paths, steps, fine_steps // steps, 1).sum(axis=2)
        states, _ = _integrate_paths(drift, sigma, start, 1.0 / steps, coarse, scheme)
        errors.append(np.abs(states[:, -1, 0] - reference[:, -1, 0]).mean())
    slope = np.polyfit(np.log(1.0 / np.array(steps_list)), np.log(errors), 1)[0]
    return float(slope)


@pytest.mark.parametrize(("scheme", "order"), [("euler-maruyama", 0.5), ("milstein", 1.0)])
def test_strong_order_of_the_schemes(scheme: str, order: float) -> None:
    assert abs(strong_order(scheme) - order) <= 0.15


def test_deterministic_limit_matches_simulate() -> None:
    """As sigma -> 0 the mean path is the deterministic trajectory (within 1e-3; the
    schemes are first order in the drift, 9.5e-4 at 4,000 steps, 3.8e-4 at 10,000)."""
    system = two_populations()
    values, start = {"a": 0.5}, [0.2, 0.7]
    ode = simulate_replicator(system, values, [start], t_max=20, points=10001, rtol=1e-10).states[0]
    for scheme in ("euler-maruyama", "milstein"):
        run = simulate_stochastic(system, values, start, sigma=1e-4, t_max=20, steps=10000,
                                  paths=200, scheme=scheme, rng=3)
        assert np.abs(run.mean_path - ode).max() <= 1e-3
    # the noise matters when it is not small: the paths spread
    noisy = simulate_stochastic(system, values, start, sigma=0.5, t_max=20, steps=4000,
                                paths=200, rng=3)
    assert noisy.final_states.std(axis=0).min() > 1e-2


def test_seeded_vectorised_and_in_the_box() -> None:
    system = two_populations()
    first = simulate_stochastic(system, {"a": 0.5}, [0.5, 0.5], sigma=[0.3, 0.6], t_max=5,
                                steps=100, paths=30, rng=11)
    again = simulate_stochastic(system, {"a": 0.5}, [0.5, 0.5], sigma=[0.3, 0.6], t_max=5,
                                steps=100, paths=30, rng=np.random.default_rng(11))
    np.testing.assert_array_equal(first.states, again.states)
    assert first.states.shape == (30, 101, 2) and first.times[-1] == 5
    assert len(np.unique(first.final_states[:, 0])) == 30
    # a coarse step with strong noise overshoots the faces: projected back and counted
    rough = simulate_stochastic(system, {"a": 0.5}, [0.9, 0.1], sigma=4.0, t_max=5, steps=10,
                                paths=200, scheme="euler-maruyama", rng=1)
    assert rough.clipped.sum() > 0
    assert rough.states.min() >= 0.0 and rough.states.max() <= 1.0


@pytest.mark.parametrize(("arguments", "name"), [
    ({"sigma": -0.1}, "sigma"),
    ({"sigma": [0.1, 0.2, 0.3]}, "sigma"),
    ({"sigma": float("nan")}, "sigma"),
    ({"scheme": "heun"}, "scheme"),
    ({"initial": [0.5, 1.5]}, "initial"),
    ({"initial": [0.5]}, "initial"),
    ({"t_max": 0.0}, "t_max"),
    ({"steps": 0}, "steps"),
    ({"paths": 10**9, "steps": 10**6}, "paths"),
])
def test_input_errors_name_the_argument(arguments: dict, name: str) -> None:
    call = {"initial": [0.5, 0.5], "sigma": 0.1, "t_max": 1.0, "steps": 10, "paths": 2,
            **arguments}
    with pytest.raises(ValueError, match=name):
        simulate_stochastic(two_populations(), {"a": 0.5}, **call)


def test_input_errors_of_model_and_rng() -> None:
    three = ReplicatorSystem([x * (1 - x - y), y * (1 - x - y)], [x, y], sizes=(3,))
    with pytest.raises(ValueError, match="model"):
        simulate_stochastic(three, {}, [0.2, 0.3], sigma=0.1)
    with pytest.raises(TypeError, match="rng"):
        simulate_stochastic(two_populations(), {"a": 0.5}, [0.5, 0.5], sigma=0.1, rng="x")
