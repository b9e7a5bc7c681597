"""The diffusion package: networks, chunk invariance, the mean-field limit, modes, CLI."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from ica_model.cli import main
from ica_model.diffusion import (
    LEVELS,
    MODES,
    PROVINCES,
    DiffusionParameters,
    DiffusionRun,
    Mechanisms,
    china_network,
    complete_network,
    follow_up_gains,
    from_networkx,
    mean_field,
    modes_of,
    run_chunk,
    simulate_diffusion,
)
from ica_model.diffusion.model import heterogeneous_parameters


def test_real_counts_of_china() -> None:
    # Ministry of Civil Affairs, end of 2022: 31 provinces, 333 prefecture-level, 2,843
    # county-level divisions
    assert len(PROVINCES) == 31
    assert sum(p[2] for p in PROVINCES) == 333 and sum(p[3] for p in PROVINCES) == 2843
    sizes = [china_network(level).size for level in LEVELS]
    assert sizes == [31, 333, 2843]
    counties = china_network("counties")
    degree = np.asarray(counties.adjacency.sum(axis=1)).ravel()
    assert 5.0 < degree.mean() < 6.0 and degree.min() >= 1      # planar: mean degree < 6
    assert (counties.adjacency != counties.adjacency.T).nnz == 0


def test_any_chunking_gives_identical_replicates() -> None:
    network = china_network("prefectures")
    p = heterogeneous_parameters(network.size, 1)
    whole = run_chunk(network, p, 30, 7, 0, 6, track=(0, 5))
    parts = DiffusionRun.concatenate([run_chunk(network, p, 30, 7, a, b, track=(0, 5))
                                      for a, b in ((0, 1), (1, 4), (4, 6))])
    for name in ("stages", "modes", "tracked", "final_modes", "final_capacity"):
        np.testing.assert_array_equal(getattr(whole, name), getattr(parts, name))
    assert not np.array_equal(whole.final_modes[0], whole.final_modes[1])  # replicates differ


def test_mean_field_limit_on_the_complete_graph() -> None:
    # identical governments, no learning by doing: the stage shares follow the
    # deterministic map within 1e-2 at N = 10^4 (mean of 8 replicates)
    p = DiffusionParameters(learning_rate=0.0, capacity=0.4, stake=0.8)
    run = simulate_diffusion(complete_network(10**4), p, periods=60, replicates=8, seed=3)
    limit = mean_field(p, 60, n=10**4)
    assert np.abs(run.stages.mean(axis=0) - limit).max() < 1e-2
    assert limit[-1, 2] > 0.5 and limit[5, 0] > 0.5            # the curve is not trivial
    with pytest.raises(ValueError, match="learning_rate"):
        mean_field(DiffusionParameters(), 5)


def test_modes_are_quadrants_and_move_when_either_dimension_rises() -> None:
    p = DiffusionParameters()
    stage = np.ones(1, dtype=np.int8)
    low = modes_of(stage, np.array([0.2]), np.array([0.2]), p)
    assert MODES[int(low[0])] == "wait-and-see"
    assert MODES[int(modes_of(stage, np.array([0.8]), np.array([0.2]), p)[0])] == \
        "absorption-coordination"
    assert MODES[int(modes_of(stage, np.array([0.2]), np.array([0.8]), p)[0])] == \
        "learning-localisation"
    # in the dynamics: learning by doing lifts capacity, so a low-capacity follower with a
    # high stake moves from absorption-coordination to competition-expansion
    network = china_network("provinces")
    dyn = DiffusionParameters(capacity=0.1, stake=1.0, learning_rate=0.1, mandate_start=0)
    run = simulate_diffusion(network, dyn, periods=60, replicates=2, seed=0)
    share = dict(zip(MODES, run.modes.mean(axis=0)[-1], strict=True))
    early = dict(zip(MODES, run.modes.mean(axis=0)[5], strict=True))
    assert early["absorption-coordination"] + early["wait-and-see"] > 0.5
    assert share["competition-expansion"] + share["learning-localisation"] > 0.9


def test_mandate_converges_championship_diverges() -> None:
    # Zhu (2014): under a mandate adoption is fast and mostly by copying (跟); under the
    # tournament alone it is slower and more governments re-innovate (进) early
    network = china_network("prefectures")
    base = heterogeneous_parameters(network.size, 2, mandate_start=0)
    mandate = simulate_diffusion(network, replace(base, mechanisms=Mechanisms(competition=False)),
                       periods=20, replicates=2, seed=1)
    tournament = simulate_diffusion(network, replace(base, mechanisms=Mechanisms(coercion=False)),
                          periods=20, replicates=2, seed=1)
    assert mandate.adopted[:, 8].mean() > tournament.adopted[:, 8].mean()
    def advanced(run: DiffusionRun) -> float:
        return float((run.stages[:, 8, 2] / run.adopted[:, 8]).mean())

    assert advanced(tournament) > advanced(mandate)


def test_bad_input_is_named() -> None:
    with pytest.raises(ValueError, match="capacity"):
        simulate_diffusion(china_network("provinces"), DiffusionParameters(capacity=[0.1, 0.2]))
    with pytest.raises(ValueError, match="noise"):
        DiffusionParameters(noise=0.0)
    with pytest.raises(ValueError, match="level"):
        china_network("towns")
    with pytest.raises(ValueError, match="periods"):
        simulate_diffusion(china_network("provinces"), periods=0)


def test_bring_your_own_graph() -> None:
    nx = pytest.importorskip("networkx")
    network = from_networkx(nx.grid_2d_graph(5, 5))
    run = simulate_diffusion(network, periods=40, replicates=1, seed=0)
    assert network.size == 25 and run.adopted[0, -1] > 0.9


def test_command_line_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diffuse", "provinces", "--periods", "4", "--replicates", "2", "--seed", "3",
                 "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["level"] == "provinces" and len(record["periods"]) == 5
    first = record["periods"][0]
    assert set(first) == {"period", "adopted", "modes"} and set(first["modes"]) == set(MODES)
    assert all(abs(sum(row["modes"].values()) - 1) < 1e-5 for row in record["periods"])
    assert set(record["governments"]) == {p[0] for p in PROVINCES}
    assert main(["diffuse", "counties", "--periods", "0"]) == 2
    assert "--periods" in capsys.readouterr().err


def test_the_centre_promotes_at_most_six_reinnovations_per_round() -> None:
    network = china_network("provinces")
    p = heterogeneous_parameters(network.size, 4, mandate_start=3, promotion_every=4)
    run = simulate_diffusion(network, p, periods=40, replicates=3, seed=2)
    steps = np.diff(run.promoted, axis=1)
    assert steps.min() >= 0 and steps.max() <= 6
    assert (steps[:, [t - 1 for t in range(1, 41) if (t - 3) % 4 != 0 or t < 3]] == 0).all()
    advanced = run.stages[:, :, 2] * network.size
    assert (run.promoted <= advanced + 1e-9).all()          # only re-innovations
    o = run.national_integration
    assert o.min() >= 0 and o.max() < 1 and (np.diff(o, axis=1) >= -1e-12).all()
    off = simulate_diffusion(network, replace(p, promotion_size=0), periods=40, replicates=3, seed=2)
    assert off.national_integration.max() == 0


def test_memory_is_checked_before_allocating() -> None:
    with pytest.raises(ValueError, match="replicates in one chunk"):
        run_chunk(china_network("counties"), DiffusionParameters(), 120, 0, 0, 10**7)


def test_inspection_speeds_up_reinnovation() -> None:
    # detected paper compliance is sanctioned under the mandate: advancing avoids it
    network = china_network("prefectures")
    base = heterogeneous_parameters(network.size, 3)
    lax = simulate_diffusion(network, base, periods=30, replicates=2, seed=5)
    strict = simulate_diffusion(network, replace(base, detection=0.8, detected_sanction=1.0),
                      periods=30, replicates=2, seed=5)
    assert strict.stages[:, 20, 2].mean() > lax.stages[:, 20, 2].mean() + 0.05
    with pytest.raises(ValueError, match="detection"):
        DiffusionParameters(detection=1.5)


def test_numeric_gains_come_from_the_symbolic_model() -> None:
    import sympy as sp

    from ica_model.diffusion.model import _gain_functions
    from ica_model.model.symbolic import symbols

    x = symbols()
    v, t, f = sp.symbols("v T F", nonnegative=True)
    values = {v: 0.7, x["capacity"]: 0.4, t: 0.3, f: 0.2, x["token_credit"]: 0.5,
              x["expected_penalty"]: 0.6, x["information_cost"]: 0.8,
              x["token_cost_share"]: 0.1, x["innovation_value"]: 0.6,
              x["innovation_crowding"]: 1.5, x["detection"]: 0.3, x["detected_sanction"]: 0.9}
    gains = follow_up_gains()
    follow, advance = _gain_functions()
    arguments = list(values.values())
    assert follow(*arguments) == pytest.approx(float(gains["follow"].subs(values)), rel=1e-12)
    assert advance(*arguments) == pytest.approx(float(gains["advance"].subs(values)), rel=1e-12)
