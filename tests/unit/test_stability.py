"""Stability metrics: agreement with the single-point functions, determinism, ranges."""

from __future__ import annotations

import numpy as np
import pytest

from ica_model import Intervention
from ica_model.analysis.follower import follower_response
from ica_model.analysis.leader import cooperation_intervals
from ica_model.analysis.stability import (
    basin_share,
    critical_discount_factor,
    discount_slack,
    robust_share,
    stability_metrics,
)
from ica_model.cases import g60, symmetric
from ica_model.model.closed_form import full_cooperation_margin
from ica_model.model.parameters import KINDS

POINTS = [Intervention(authority=a, information=f) for a, f in
          [(0.0, 0.0), (0.3, 0.1), (0.5, 0.3), (0.7, 0.0), (0.9, 0.3), (1.0, 0.0), (1.0, 0.3)]]


@pytest.mark.parametrize("case", [g60, lambda: symmetric(6)])
def test_repeated_stability_matches_the_grim_trigger_solver(case) -> None:
    scenario = case()
    vectorised = discount_slack(scenario, POINTS)
    single = [critical_discount_factor(scenario, v).stability for v in POINTS]
    assert vectorised == pytest.approx(single, abs=1e-12)


def test_margin_sign_is_the_full_cooperation_equilibrium() -> None:
    scenario = g60()
    levels = {"authority": np.linspace(0, 1, 21), "information": 0.3}
    assert ((full_cooperation_margin(scenario, levels) >= 0)
            == follower_response(scenario, levels).full_cooperation).all()


def test_basin_share_is_zero_where_full_cooperation_is_not_an_equilibrium() -> None:
    """A vertex that is not a Nash equilibrium repels (Weibull 1995, prop. 3.5); where it is
    a strict one it attracts its neighbourhood."""
    scenario = symmetric()
    window = cooperation_intervals(scenario, {"standards": 1.0})
    levels = np.array([0.0, 0.1, 0.6, 1.0])
    shares = basin_share(scenario, {"standards": levels}, samples=24)
    stable = (levels >= window.lowest) & (levels <= window.highest)
    assert stable.any() and not stable.all()
    assert (shares[~stable] == 0).all() and shares[stable].max() > 0
    assert ((0 <= shares) & (shares <= 1)).all()


def test_basin_share_of_the_heterogeneous_game() -> None:
    """Nine populations at two epochs of the representative G60 point: the 2019 pilot, where
    full cooperation is a strict equilibrium, and the 2022-23 lists, where it is not."""
    from ica_model.cases import G60

    levels = [G60.epoch("pilot").representative, G60.epoch("more lists").representative]
    points = {k: [lv.get(k, 0.0) for lv in levels] for k in (*KINDS, "national_integration")}
    assert follower_response(g60(), points).full_cooperation.tolist() == [True, False]
    shares = basin_share(g60(), points, samples=4, t_max=300)
    assert shares[0] > 0 and shares[1] == 0


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


def test_robustness_is_higher_inside_the_stable_window_than_far_outside() -> None:
    window = cooperation_intervals(symmetric(), {"standards": 1.0})
    assert window.lowest > 0.1
    shares = robust_share(symmetric(), {"standards": [0.0, 1.0]}, draws=400)
    assert shares[1] > shares[0]


def test_stability_metrics_table() -> None:
    table = stability_metrics(symmetric(), {"standards": [1.0, 0.0]}, basin_samples=8, draws=20)
    assert list(table.columns) == [
        *KINDS, "full_cooperation", "equilibria", "cooperators",
        "token_compliers", "most_cooperators", "fewest_cooperators", "outcome", "margin",
        "repeated_stability", "basin_share", "robust_share"]
    assert table["outcome"].tolist()[0] == "C" * 9
    assert table["full_cooperation"].tolist() == [True, False]


def test_bad_input() -> None:
    with pytest.raises(ValueError, match=r"spread must lie in \[0, 1\)"):
        robust_share(g60(), Intervention(), spread=1.5)
    with pytest.raises(ValueError, match="draws must be"):
        robust_share(g60(), Intervention(), draws=0)
    with pytest.raises(ValueError, match="samples must be"):
        basin_share(symmetric(), Intervention(), samples=0)
    with pytest.raises(TypeError, match="scenario must be a Scenario"):
        stability_metrics(None, Intervention())
    with pytest.raises(ValueError, match=r"points\['information'\] must lie in"):
        stability_metrics(g60(), {"information": -0.1})
