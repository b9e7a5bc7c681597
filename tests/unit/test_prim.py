"""PRIM (ica_model.analysis.prim): a known box recovered, definitions by hand, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from ica_model.analysis.prim import Box, prim

TRUE_BOX = {"x0": (0.2, 0.6), "x1": (0.3, 0.9)}


def known_box(n: int = 3000, noise: float = 0.05, seed: int = 1
              ) -> tuple[pd.DataFrame, np.ndarray]:
    """Uniform draws in 5 dimensions; outcome: inside a 2-dimensional box, labels flipped
    with probability ``noise``."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.uniform(size=(n, 5)), columns=[f"x{j}" for j in range(5)])
    inside = np.ones(n, dtype=bool)
    for name, (low, high) in TRUE_BOX.items():
        inside &= (x[name] >= low).to_numpy() & (x[name] <= high).to_numpy()
    return x, inside ^ (rng.uniform(size=n) < noise)


@pytest.mark.parametrize("paste", [False, True])
@pytest.mark.parametrize("seed", [1, 2])
def test_known_box_recovered(paste: bool, seed: int) -> None:
    table, outcome = known_box(seed=seed)
    box = prim(table, outcome, paste=paste).box
    assert box.dimensions == ("x0", "x1")
    for name, low, high in box.ranges:
        assert abs(low - TRUE_BOX[name][0]) < 0.05, box
        assert abs(high - TRUE_BOX[name][1]) < 0.05, box
    assert box.density > 0.88 and box.coverage > 0.75


def test_max_dims_keeps_the_most_restricted() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(size=(4000, 4))
    outcome = (x[:, 0] > 0.3) & (x[:, 1] > 0.3) & (x[:, 2] < 0.8) & (x[:, 3] < 0.9)
    table = {f"x{j}": x[:, j] for j in range(4)}
    full = prim(table, outcome, max_dims=4).box
    assert len(full.dimensions) >= 3
    one = prim(table, outcome, max_dims=1).box
    assert len(one.dimensions) == 1 and one.dimensions[0] in ("x0", "x1")
    two = prim(table, outcome, max_dims=2).box
    assert set(two.dimensions) == {"x0", "x1"}


def test_definitions_by_hand() -> None:
    # Ten points on a line; the outcome holds at 6, 7, 8 and at 1.
    table = {"a": np.arange(10.0), "b": np.zeros(10)}
    outcome = np.isin(np.arange(10), (1, 6, 7, 8))
    result = prim(table, outcome, alpha=0.1, min_mass=0.2, max_dims=1)
    for box in result.trajectory:
        inside = box.contains(table)
        assert box.n == inside.sum()
        assert box.mass == inside.sum() / 10
        assert box.coverage == outcome[inside].sum() / 4
        assert box.density == outcome[inside].sum() / inside.sum()
    first = result.trajectory[0]
    assert (first.ranges, first.n, first.coverage, first.density) == ((), 10, 1.0, 0.4)
    # Peels remove one point at a time (alpha 0.1 of 10 points); the first two drop 0 and 9.
    assert [b.ranges for b in result.trajectory[1:3]] == [(("a", 1.0, 9.0),),
                                                          (("a", 1.0, 8.0),)]
    # The box [6, 8] holds 3 of the 4 hits among 3 points: coverage 3/4, density 1, the
    # best harmonic mean 2 (3/4)(1) / (3/4 + 1) = 6/7 on the trajectory.
    box = result.box
    assert box.ranges == (("a", 6.0, 8.0),)
    assert (box.n, box.mass, box.coverage, box.density) == (3, 0.3, 0.75, 1.0)
    # The mass falls along the trajectory and stays above min_mass.
    masses = [b.mass for b in result.trajectory]
    assert masses == sorted(masses, reverse=True)
    assert all(b.mass >= 0.2 for b in result.trajectory)


def test_threshold_rule() -> None:
    table, outcome = known_box()
    result = prim(table, outcome, threshold=0.8)
    dense = [b for b in result.trajectory if b.density >= 0.8]
    assert result.box.coverage == max(b.coverage for b in dense)
    assert result.box.density >= 0.8


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"alpha": 0.6}, "alpha"), ({"alpha": 0.0}, "alpha"), ({"max_dims": 0}, "max_dims"),
    ({"max_dims": 1.5}, "max_dims"), ({"min_mass": 1.0}, "min_mass"),
    ({"threshold": 2.0}, "threshold"),
])
def test_bad_options_named(kwargs: dict, message: str) -> None:
    table, outcome = known_box(200)
    with pytest.raises(ValueError, match=message):
        prim(table, outcome, **kwargs)


def test_bad_data_named() -> None:
    table, outcome = known_box(200)
    with pytest.raises(ValueError, match="outcome"):
        prim(table, outcome[:-1])
    with pytest.raises(ValueError, match="outcome"):
        prim(table, np.linspace(0, 1, 200))
    with pytest.raises(TypeError, match="table"):
        prim([[1.0, 2.0]], [True])
    with pytest.raises(ValueError, match=r"table.*x0"):
        prim({"x0": [1.0, np.nan], "x1": [0.0, 1.0]}, [True, False])
    with pytest.raises(ValueError, match=r"table.*unequal"):
        prim({"x0": [1.0, 2.0], "x1": [0.0]}, [True, False])
    with pytest.raises(ValueError, match="table has no column"):
        prim({}, [])
    with pytest.raises(ValueError, match="no column 'x0'"):
        Box((("x0", 0.0, 1.0),), 1.0, 1.0, 1.0, 1).contains({"x1": [0.5]})


def test_against_ema_workbench() -> None:
    """The EMA Workbench's PRIM (Kwakkel 2017) on the known box, read at the same rule
    (harmonic mean of coverage and density), gives limits within 0.05 of ours."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ema_prim = pytest.importorskip("ema_workbench.analysis.prim")
    table, outcome = known_box()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = ema_prim.Prim(table, outcome, threshold=0.8, peel_alpha=0.05).find_box()
    trajectory = found.peeling_trajectory
    k = (2 * trajectory.coverage * trajectory.density
         / (trajectory.coverage + trajectory.density)).idxmax()
    limits = found.box_lims[k]
    ours = prim(table, outcome).box
    assert int(trajectory.loc[k, "res_dim"]) == len(ours.dimensions) == 2
    for name, low, high in ours.ranges:
        assert abs(low - limits[name].iloc[0]) < 0.05
        assert abs(high - limits[name].iloc[1]) < 0.05
    assert abs(ours.coverage - trajectory.loc[k, "coverage"]) < 0.05
    assert abs(ours.density - trajectory.loc[k, "density"]) < 0.05


def test_pasting_widens_while_density_rises() -> None:
    from ica_model.analysis.prim import _paste

    # Box [4, 8] holds 1, 0, 1, 1, 1 (density 0.8); adding 3 (a hit) gives 5/6, then 2
    # gives 6/7; adding 1 or 9 (misses) would lower it, so pasting stops at [2, 8].
    x = np.arange(10.0)[:, None]
    y = np.array([0, 0, 1, 1, 1, 0, 1, 1, 1, 0], dtype=float)
    low, high = _paste(x, y, np.array([4.0]), np.array([8.0]), np.array([0]), alpha=0.1)
    assert (low[0], high[0]) == (2.0, 8.0)
    # A pure box has nothing to gain.
    low, high = _paste(x, y, np.array([6.0]), np.array([8.0]), np.array([0]), alpha=0.1)
    assert (low[0], high[0]) == (6.0, 8.0)
