"""Stability metrics: agreement with the single-point functions, determinism, ranges."""

from __future__ import annotations

import numpy as np
import pytest

from ica_model import Intervention
from ica_model.analysis.follower import local_response
from ica_model.analysis.stability import (
    basin_share,
    critical_discount_factor,
    repeated_stability,
    robust_share,
    stability_metrics,
)
from ica_model.model.cases import g60, symmetric
from ica_model.model.closed_form import critical_authority, full_cooperation_margin
from ica_model.model.parameters import KINDS

POINTS = [Intervention(authority=a, information=f) for a, f in
          [(0.0, 0.0), (0.3, 0.1), (0.5, 0.3), (0.7, 0.0), (0.9, 0.3), (1.0, 0.0), (1.0, 0.3)]]


@pytest.mark.parametrize("case", [g60, lambda: symmetric(6)])
def test_repeated_stability_matches_the_grim_trigger_solver(case) -> None:
    scenario = case()
    vectorised = repeated_stability(scenario, POINTS)
    single = [critical_discount_factor(scenario, v).stability for v in POINTS]
    assert vectorised == pytest.approx(single, abs=1e-12)


def test_margin_sign_is_the_full_cooperation_equilibrium() -> None:
    scenario = g60()
    levels = {"authority": np.linspace(0, 1, 21), "information": 0.3}
    assert ((full_cooperation_margin(scenario, levels) >= 0)
            == local_response(scenario, levels).full_cooperation).all()


def test_basin_share_is_zero_where_full_cooperation_is_not_an_equilibrium() -> None:
    scenario = symmetric()
    critical = critical_authority(scenario)
    levels = np.array([0.0, 0.1, 0.5, 0.95])
    shares = basin_share(scenario, {"authority": levels}, samples=24)
    stable = (levels >= critical.lowest) & (levels <= critical.highest)
    assert (shares[~stable] == 0).all() and (shares[stable] > 0).all()
    assert ((0 <= shares) & (shares <= 1)).all()


def test_basin_share_of_the_heterogeneous_game() -> None:
    """Nine populations: from every drawn start, full cooperation wins where it is the
    unique equilibrium."""
    shares = basin_share(g60(), [Intervention(), Intervention(authority=0.4, information=0.3)],
                         samples=4, t_max=300)
    assert shares.tolist() == [0.0, 1.0]


def test_random_metrics_are_seeded() -> None:
    scenario = symmetric()
    levels = {"authority": [0.2, 0.5]}
    assert (robust_share(scenario, levels, 100, rng=3) == robust_share(scenario, levels, 100, rng=3)).all()
    assert (basin_share(scenario, levels, 16, rng=3) == basin_share(scenario, levels, 16, rng=3)).all()
    assert not (robust_share(scenario, levels, 100, rng=3) == robust_share(scenario, levels, 100,
                                                                           rng=4)).all()


@pytest.mark.parametrize("case", [g60, symmetric])
def test_zero_spread_reduces_the_monte_carlo_share_to_the_equilibrium_test(case) -> None:
    scenario = case()
    levels = {"authority": np.linspace(0, 1, 11), "information": 0.3}
    share = robust_share(scenario, levels, draws=3, spread=0.0)
    assert (share == (full_cooperation_margin(scenario, levels) >= 0)).all()


def test_robustness_peaks_inside_the_stable_window() -> None:
    shares = robust_share(symmetric(), {"authority": np.linspace(0, 1, 11)}, draws=400)
    assert 0.2 < np.argmax(shares) / 10 < 0.8
    assert shares[[0, -1]].max() < shares.max()


def test_stability_metrics_table() -> None:
    table = stability_metrics(symmetric(), {"authority": [0.0, 0.5]}, basin_samples=8, draws=20)
    assert list(table.columns) == [
        *KINDS, "full_cooperation", "equilibria", "cooperators",
        "token_compliers", "most_cooperators", "fewest_cooperators", "outcome", "margin",
        "repeated_stability", "basin_share", "robust_share"]
    assert table["outcome"].tolist()[1] == "C" * 9
    assert table["full_cooperation"].tolist() == [False, True]


def test_bad_input() -> None:
    with pytest.raises(ValueError, match=r"spread must lie in \[0, 1\)"):
        robust_share(g60(), Intervention(), spread=1.5)
    with pytest.raises(ValueError, match="draws must be"):
        robust_share(g60(), Intervention(), draws=0)
    with pytest.raises(ValueError, match="samples must be"):
        basin_share(symmetric(), Intervention(), samples=0)
    with pytest.raises(TypeError, match="scenario must be a Scenario"):
        stability_metrics(None, Intervention())
    with pytest.raises(ValueError, match="information must lie in"):
        stability_metrics(g60(), {"information": -0.1})
