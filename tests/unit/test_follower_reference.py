"""The follower's results against values stored from the code before the generated payoffs
were evaluated at array speed (issue "Fast where the new work will spend its time"):
every field of :class:`~ica_model.analysis.follower.FollowerResponse` and the state payoffs'
bounds equal the stored ones at 1e-12 relative (1e-11 on numpy 1.x), with and without
the numba kernels.

The stored file ``tests/data/follower_reference.npz`` was written by
``python tests/unit/test_follower_reference.py`` on commit addb517 (the last commit before
the change); rerunning it there reproduces the file.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ica_model.analysis.follower import follower_response
from ica_model.cases import g60, symmetric, yangtze_river_delta
from ica_model.model.payoffs import full_cooperation_payoffs, state_payoffs
from ica_model.model.points import as_points
from ica_model.runtime import accel as _accel

REFERENCE = Path(__file__).parent.parent / "data" / "follower_reference.npz"

#: Scenario-level parameters and actor attributes a calibration draws, with ranges.
_SCENARIO_RANGES = {"information_cost": (0.05, 0.4), "negotiation_cost": (0.01, 0.1),
                    "coordination_risk": (0.2, 0.8), "enforcement_cost": (0.0, 0.3),
                    "autonomy_cost": (0.3, 1.5), "token_weight": (0.0, 0.5)}
_ACTOR_RANGES = {"capacity": (0.4, 1.0), "preference": (0.3, 0.6), "demand": (0.5, 2.0),
                 "selective_benefit": (0.0, 0.3), "innovation_value": (0.0, 0.4)}
_KINDS = ("authority", "incentive", "information", "standards")


def _cases() -> dict[str, tuple[Any, dict[str, np.ndarray]]]:
    """Named (scenario, points) pairs: intervention sweeps and heterogeneous draws."""
    rng = np.random.default_rng(20)
    cases: dict[str, tuple[Any, dict[str, np.ndarray]]] = {}
    scenario = g60()
    cases["g60_sweep"] = (scenario, {kind: rng.uniform(0, 1, 240) for kind in _KINDS})
    draws = {kind: rng.uniform(0, 1, 240) for kind in _KINDS}
    draws |= {name: rng.uniform(low, high, 240) for name, (low, high) in _SCENARIO_RANGES.items()}
    draws |= {name: rng.uniform(low, high, (240, scenario.n))
              for name, (low, high) in _ACTOR_RANGES.items()}
    cases["g60_draws"] = (scenario, draws)
    cases["g60_one_attribute"] = (scenario, {"authority": rng.uniform(0, 1, 60),
                                             "capacity.3": rng.uniform(0.4, 1.0, 60)})
    delta = yangtze_river_delta()
    cases["yrd_sweep"] = (delta, {kind: rng.uniform(0, 1, 120) for kind in _KINDS})
    plain = symmetric(n=6, token_compliance=False)
    cases["symmetric_no_token"] = (plain, {kind: rng.uniform(0, 1, 120) for kind in _KINDS}
                                   | {"demand": rng.uniform(0.5, 2.0, (120, 6))})
    return cases


def _fields(scenario: Any, values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    response = follower_response(scenario, values)
    out = {field.name: getattr(response, field.name) for field in dataclasses.fields(response)
           if field.name != "points"}
    out |= {"has_equilibrium": response.has_equilibrium, "cooperators": response.cooperators,
            "token_compliers": response.token_compliers}
    points = as_points(scenario, {name: value[:2] for name, value in values.items()})
    payoffs = state_payoffs(points)
    out |= {"state_low": payoffs.low, "state_high": payoffs.high}
    # every 13th entry of the state payoffs (all of them would take megabytes)
    out |= {f"state_{action}": array.ravel()[::13] for action, array in
            (("cooperate", payoffs.cooperate), ("defect", payoffs.defect),
             ("token", payoffs.token)) if array is not None}
    reward, temptation = full_cooperation_payoffs(points)
    out |= {"direct_reward": reward, "direct_temptation": temptation}
    return out


#: Largest relative gap allowed. The stored file was written with numpy 2; numpy 1.x's
#: vectorised power and sums differ in the last bits, which a payoff made of nearly
#: cancelling terms turns into a larger relative gap (measured at numpy 1.24, the lowest
#: declared version: 2.3e-12 on the token payoffs of the G60 draws).
TOLERANCE = 1e-12 if int(np.__version__.split(".")[0]) >= 2 else 1e-11


def _compare(actual: np.ndarray, expected: np.ndarray, name: str) -> None:
    assert actual.shape == expected.shape, name
    if expected.dtype.kind == "f":
        meaningful = np.isfinite(expected)
        assert np.array_equal(np.isfinite(actual), meaningful), name
        scale = np.maximum(np.abs(expected[meaningful]), 1e-300)
        gap = np.abs(actual[meaningful] - expected[meaningful]) / scale
        assert gap.max(initial=0.0) <= TOLERANCE, f"{name}: relative gap {gap.max():.3g}"
    else:
        assert np.array_equal(actual, expected), name


@pytest.fixture(scope="module")
def reference() -> dict[str, np.ndarray]:
    with np.load(REFERENCE) as stored:
        return dict(stored)


@pytest.mark.parametrize("numba", [True, False], ids=["numba", "numpy"])
def test_follower_matches_the_stored_reference(reference, numba, monkeypatch):
    if numba and _accel.compiled("ica_model.analysis._follower_kernels") is None:
        pytest.skip("numba is not installed")
    monkeypatch.setattr(_accel, "ENABLED", numba)
    for case, (scenario, values) in _cases().items():
        for name, actual in _fields(scenario, values).items():
            key = f"{case}/{name}"
            assert key in reference, key
            _compare(np.asarray(actual), reference[key], key)


def test_the_comparison_can_fail(reference):
    """A payoff off by one part in 1e10 is caught."""
    expected = reference["g60_sweep/payoffs"]
    with pytest.raises(AssertionError):
        _compare(expected * (1 + 1e-10), expected, "payoffs")


def _write() -> None:  # pragma: no cover - run by hand on the reference commit
    stored = {f"{case}/{name}": np.asarray(value) for case, (scenario, values) in _cases().items()
              for name, value in _fields(scenario, values).items()}
    np.savez_compressed(REFERENCE, **stored)
    print(f"wrote {len(stored)} arrays to {REFERENCE}")


if __name__ == "__main__":  # pragma: no cover
    if "--write" in sys.argv:
        _write()
