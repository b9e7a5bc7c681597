"""Stability maps, basins, bifurcation diagrams and rest points at numbers, checked against
brute force (the numeric table at each grid point, single simulations)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from ica_model.engine.evolutionary import simulate_replicator, stability_table
from ica_model.engine.evolutionary.bifurcation import (
    basin_map,
    bifurcation_diagram,
    rest_points_at,
    stability_map,
    symbolic_rest_points,
)
from ica_model.engine.evolutionary.mapplots import (
    plot_basin_map,
    plot_bifurcation,
    plot_stability_map,
)
from ica_model.engine.gallery import GALLERY

GAME = GALLERY["hawk_dove_asymmetric"].model()


def _inspection():
    from ica_model.engine.evolutionary import PopulationGame

    c, f, g = sp.symbols("c f g", positive=True)
    return PopulationGame.from_table(
        {("inspect", "cheat"): (f - c, g - f), ("inspect", "comply"): (-c, 0),
         ("trust", "cheat"): (-g, g), ("trust", "comply"): (0, 0)})


def test_stability_map_matches_the_numeric_table_cell_by_cell() -> None:
    game = _inspection()
    result = stability_map(game, ("f", 0.1, 3), ("c", 0.1, 3), {"g": 1}, resolution=9)
    table = stability_table(game)
    for i, c in enumerate(result.ys):
        for j, f in enumerate(result.xs):
            ess = set(table.ess({"c": c, "f": f, "g": 1}))
            assert {k for k, mask in result.ess.items() if mask[i, j]} == ess, (c, f)


def test_boundaries_are_exact() -> None:
    result = stability_map(GAME, ("V", 0.5, 4), ("C", 0.5, 4), resolution=5)
    C, V = sorted(GAME.parameters, key=str)
    assert result.boundaries["E4"] == [(0, C - V), (1, C - V)]
    assert result.boundaries["E1"] == []          # V > 0: never zero


def test_bifurcation_against_a_brute_force_grid() -> None:
    diagram = bifurcation_diagram(GAME, "C", 0.5, 5.0, {"V": 2}, points=19)
    assert {v for v, _, _ in diagram.exchanges} == {2.0}
    for k in range(0, 19, 3):
        value = float(diagram.grid[k])
        brute = {p.label: p.classification for p in rest_points_at(GAME, {"V": 2, "C": value})}
        mine = {label: str(states[k]) for label, states in diagram.labels.items() if states[k]}
        assert mine == brute, value
    # every sign change of a vertex eigenvalue on a fine grid lies at an exact exchange
    fine = np.linspace(0.5, 5.0, 2001)
    C, V = sorted(GAME.parameters, key=str)
    for vertex in GAME.replicator().vertices():
        for i, e in enumerate(GAME.vertex_eigenvalues(vertex.profile)):
            values = sp.lambdify(C, e.subs(V, 2))(fine)
            values = np.broadcast_to(values, fine.shape)
            for k in np.nonzero(np.diff(np.sign(values)) != 0)[0]:
                assert any(fine[k] <= v <= fine[k + 1] and label == vertex.label and j == i
                           for v, label, j in diagram.exchanges)


def test_basins_match_single_runs() -> None:
    result = basin_map(GAME, {"V": 2, "C": 4}, resolution=5, t_max=60)
    assert result.final.shape == (5, 5)
    for r, c in [(0, 4), (4, 0), (1, 3), (2, 2)]:
        start = [[result.levels[c], result.levels[r]]]
        alone = simulate_replicator(GAME, {"V": 2, "C": 4}, start, t_max=60, points=2).final()
        assert alone["vertex"].iloc[0] == result.final[r, c]
    assert result.final[0, 4] == "E2" and result.final[4, 0] == "E3"
    assert set(result.shares()) == {"E2", "E3", "no vertex"}


def test_rest_points_at_numbers() -> None:
    points = rest_points_at(GAME, {"V": 2, "C": 4})
    mixed = [p for p in points if p.label.startswith("M")]
    assert len(mixed) == 1 and np.allclose(mixed[0].reduced, [0.5, 0.5])
    assert mixed[0].classification == "saddle point"
    # the numeric dynamics' record: the full layout, the reduced one derived from it
    assert mixed[0].state == pytest.approx((0.5, 0.5, 0.5, 0.5)) and mixed[0].sizes == (2, 2)
    assert mixed[0].is_nash is None and not mixed[0].is_ess
    vertices = {p.label: p for p in points if p.label.startswith("E")}
    assert vertices["E2"].state == (1.0, 0.0, 0.0, 1.0) and vertices["E2"].is_ess
    assert vertices["E2"].reduced.tolist() == [1.0, 0.0]
    with pytest.raises(ValueError, match="missing"):
        rest_points_at(GAME, {"V": 2})
    with pytest.warns(UserWarning, match=r"values names \['budget'\]"):
        rest_points_at(GAME, {"V": 2, "C": 4, "budget": 1})
    with pytest.raises(ValueError, match="did you mean 'C'"):
        rest_points_at(GAME, {"V": 2, "c": 4})


def test_symbolic_rest_points_within_a_budget() -> None:
    points = symbolic_rest_points(GAME, budget=120, progress=False)
    assert points is not None
    C, V = sorted(GAME.parameters, key=str)
    assert [p.point for p in points if not p.is_vertex] == [(V / C, V / C)]
    assert symbolic_rest_points(GAME, budget=1e-3, progress=False) is None
    with pytest.raises(ValueError, match="budget"):
        symbolic_rest_points(GAME, budget=0)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="parameter must be one of"):
        stability_map(GAME, ("W", 0, 1), ("C", 0, 1))
    with pytest.raises(ValueError, match="high > low"):
        stability_map(GAME, ("V", 1, 0), ("C", 0, 1))
    with pytest.raises(TypeError, match=r"\(parameter, low, high\)"):
        stability_map(GAME, "V", ("C", 0, 1))
    with pytest.raises(ValueError, match="axes must name two different"):
        basin_map(GAME, {"V": 2, "C": 4}, axes=(0, 0))
    with pytest.raises(ValueError, match="every other parameter"):
        bifurcation_diagram(GAME, "C", 0, 1)


def test_plots_draw_every_category() -> None:
    ax = plot_stability_map(stability_map(GAME, ("V", 0.5, 4), ("C", 0.5, 4), resolution=21))
    labels = [t.get_text() for t in ax.get_legend().texts]
    assert {"E2+E3", "E4"} <= set(labels) and ax.get_xlabel() == "$V$"
    assert len(ax.lines) == 1                       # the boundary C = V, drawn once
    ax = plot_basin_map(basin_map(GAME, {"V": 2, "C": 4}, resolution=4))
    assert {"E2", "E3"} <= {t.get_text() for t in ax.get_legend().texts}
    ax = plot_bifurcation(bifurcation_diagram(GAME, "C", 0.5, 5.0, {"V": 2}, points=11))
    texts = {t.get_text() for t in ax.get_legend().texts}
    assert "E4: ESS" in texts and "E1: ESS" not in texts   # only branches that are drawn
    with pytest.raises(TypeError, match="StabilityMap"):
        plot_stability_map(object())


def test_extra_values_are_accepted_with_a_note() -> None:
    """A paper's full value set: names that are not parameters of the system are ignored
    with a warning naming them; a typo of a parameter's name is an error."""
    x, y = sp.symbols("x y")
    a = sp.Symbol("alpha", positive=True)
    from ica_model.engine.evolutionary import ReplicatorSystem

    system = ReplicatorSystem([x * (1 - x) * (a - y), y * (1 - y) * (x - a)], [x, y])
    with pytest.warns(UserWarning, match=r"values names \['K9'\].*ignored"):
        run = simulate_replicator(system, {"alpha": 2.0, "K9": 3.0}, [[0.5, 0.5]], t_max=5, points=3)
    assert run.final_states[0, 0] > 0.5
    with pytest.raises(ValueError, match="did you mean 'alpha'"):
        simulate_replicator(system, {"alpa": 2.0}, [[0.5, 0.5]])


def test_chinese_labels_with_a_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    from ica_model.engine.evolutionary import mapplots

    ax = plot_basin_map(basin_map(GAME, {"V": 2, "C": 4}, resolution=3),
                     names={"E2": "(鹰, 鸽)", "E3": "(鸽, 鹰)", "no vertex": "鞍点"})
    ax.set_xlabel("主人选择鹰的初始比例")
    font = mapplots.cjk_font()
    if font is None:
        assert not mapplots.use_cjk_font(ax)
    else:
        size = ax.xaxis.label.get_fontsize()
        assert mapplots.use_cjk_font(ax)
        assert ax.xaxis.label.get_fontproperties().get_file() == font.get_file()
        assert ax.xaxis.label.get_fontsize() == size
        assert {t.get_text() for t in ax.get_legend().get_texts()} >= {"(鹰, 鸽)", "鞍点"}
    monkeypatch.setattr(mapplots, "_cjk_font", lambda: None)
    assert not mapplots.use_cjk_font(ax)          # no font: nothing changed, False
