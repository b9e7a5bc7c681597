"""The evolutionary workbench's figure set from one payoff table, and the reproduction
gallery's results.

The game is the hawk-dove contest between two roles (owner and intruder; Maynard Smith
1982, Selten 1980) from :mod:`ica_model.engine.gallery`, with value ``V`` and cost ``C``:
(a) evolution paths from several initial shares, (b) one-at-a-time sensitivity to the cost,
(c) where each vertex is an ESS over (V, C), with the exact boundary ``C = V`` solved from
the eigenvalues, (d) where the dynamics end from a grid of initial shares (basins) at
V = 2, C = 4, (e) the bifurcation diagram along C (exchange of stability at C = V, where
the mixed point (V/C, V/C) enters through the vertex (Hawk, Hawk)); and (f) the
one-population snowdrift game of Hauert and Doebeli (2004) along the cost c, whose stable
interior branch is the published 1 - c/(2b - c).

Outputs: ``evolutionary_workbench_gallery.csv`` (every stated result of every published
game of the gallery, the workbench's value, whether they agree, and the erratum where a
printed result has a slip),
``evolutionary_workbench_proofs.csv`` (the proved stability table of the two-role game
under C > V, with the evidence of each label) and the figure ``evolutionary_workbench``
(PNG, SVG).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..engine.evolutionary import sensitivity, simulate_replicator
from ..engine.evolutionary.bifurcation import basin_map, bifurcation_diagram, stability_map
from ..engine.evolutionary.mapplots import plot_basin_map, plot_bifurcation, plot_stability_map
from ..engine.evolutionary.proved import prove_table
from ..engine.gallery import GALLERY, reproduction_table
from ._common import check_out, check_step, write_table
from .style import caption_line, legend_below, new_figure, panel_title, save_figure, styled

__all__ = ["compute", "figure", "run"]

SOURCE = ("Games of the reproduction gallery (ica_model.engine.gallery): the two-role "
          "hawk-dove game (Maynard Smith 1982; Selten 1980) and the snowdrift game (Hauert "
          "and Doebeli 2004), at illustrative values")
NAMES = {"E1": "E1 (Dove, Dove)", "E2": "E2 (Hawk, Dove)", "E3": "E3 (Dove, Hawk)",
         "E4": "E4 (Hawk, Hawk)", "E2+E3": "E2 and E3", "none": "none (on C = V)"}


def compute(quick: bool = False, rng: int | np.random.Generator = 0) -> dict[str, Any]:
    """Every panel's data and the two tables (deterministic: ``rng`` is not used)."""
    quick, _ = check_step(quick, rng)
    game = GALLERY["hawk_dove_asymmetric"].model()
    C, V = sorted(game.parameters, key=str)
    resolution = 41 if quick else 121
    starts = [[0.2, 0.3], [0.6, 0.5], [0.45, 0.8], [0.9, 0.85]]
    proofs = prove_table(game, [C > V], mixed=True, witnesses=False).to_frame()
    snowdrift = GALLERY["snowdrift_hauert_doebeli"].model()
    return {
        "paths": simulate_replicator(game, {"V": 2, "C": 4}, starts, t_max=20, points=201),
        "sensitivity": sensitivity(game, {"V": 2}, "C", [1.0, 1.5, 3.0, 6.0],
                                   initial=[[0.3, 0.6]], t_max=20, points=201),
        "map": stability_map(game, ("V", 0.2, 4.0), ("C", 0.2, 4.0), resolution=resolution),
        "basins": basin_map(game, {"V": 2, "C": 4}, resolution=11 if quick else 21, t_max=60),
        "bifurcation": bifurcation_diagram(game, "C", 0.5, 5.0, {"V": 2},
                                           points=91 if quick else 301),
        "snowdrift": bifurcation_diagram(snowdrift, "c", 0.05, 0.95, {"b": 1},
                                         points=91 if quick else 301),
        "gallery": reproduction_table(),
        "proofs": proofs,
    }


def _legend_below(ax: Any, columns: int = 2, drop: float = 0.22) -> None:
    legend = ax.get_legend()
    if legend is None:
        return
    handles, labels = legend.legend_handles, [t.get_text() for t in legend.texts]
    legend.remove()
    legend_below(ax, handles, labels, columns=columns, fontsize=7,
                 bbox_to_anchor=(0.0, -drop))


#: Colour and marker of each population's paths in (a).
POPULATIONS: dict[str, dict[str, Any]] = {"owners x": {"color": "#0072B2", "marker": "o", "mfc": "white"},
               "intruders y": {"color": "#D55E00", "marker": "^"}}


def _paths(ax: Any, run: Any) -> Any:
    """Both populations' paths from each start: a colour and marker per population, a line
    style per start (the legend keys the two apart)."""
    from matplotlib.lines import Line2D

    styles = ("-", "--", "-.", ":")
    for k, style in zip(range(run.states.shape[0]), styles, strict=False):
        for column, (k_mark, look) in enumerate(zip((0, 20), POPULATIONS.values(),
                                                    strict=True)):
            ax.plot(run.times, run.states[k, :, column], style, lw=1.2, ms=3,
                    markevery=(5 * k + k_mark, 40), **look)
    ax.set_xlabel("time t")
    ax.set_ylabel("share playing Hawk")
    ax.set_ylim(-0.03, 1.03)
    handles = [Line2D([], [], lw=1.2, ms=3, label=name, **look)
               for name, look in POPULATIONS.items()]
    handles += [Line2D([], [], ls=style, color="0.3", lw=1.2, label="start (" + ", ".join(
        f"{v:g}" for v in run.initial[k]) + ")") for k, style in
        zip(range(run.states.shape[0]), styles, strict=False)]
    ax.legend(handles=handles)
    return ax


def _sensitivity(ax: Any, run: Any) -> Any:
    styles = ("-", "--", "-.", ":")
    for r, style in zip(range(run.states.shape[0]), styles, strict=False):
        ax.plot(run.times, run.states[r, :, 0], style, color="0.15", lw=1.2,
                label=f"C = {run.levels[r]:g}")
    ax.set_xlabel("time t")
    ax.set_ylabel("owners playing Hawk, x")
    ax.set_ylim(-0.03, 1.03)
    ax.legend()
    return ax


@styled
def figure(data: dict[str, Any]) -> Any:
    """The six panels."""
    if not isinstance(data, dict) or not {"paths", "sensitivity", "map", "bifurcation", "basins",
                                           "snowdrift"} <= set(data):
        raise TypeError("data must be the dict compute() returns, got "
                        f"{type(data).__name__}")
    fig, axes = new_figure(2, 3, "double", 7.4)
    _paths(axes[0, 0], data["paths"])
    panel_title(axes[0, 0], "a", "Paths from four starts\n(V = 2, C = 4)")
    _sensitivity(axes[0, 1], data["sensitivity"])
    panel_title(axes[0, 1], "b", "Sensitivity to the cost C\n(V = 2, start (0.3, 0.6))")
    plot_stability_map(data["map"], axes[0, 2], names=NAMES)
    panel_title(axes[0, 2], "c", "Where each vertex is an ESS")
    plot_basin_map(data["basins"], axes[1, 0], names={**NAMES, "no vertex": "the saddle M1"})
    panel_title(axes[1, 0], "d", "Basins (V = 2, C = 4)")
    plot_bifurcation(data["bifurcation"], 0, axes[1, 1],
                     names={**{k: k for k in NAMES}, "M1": "M1 (V/C, V/C)"})
    panel_title(axes[1, 1], "e", "Rest points along C (V = 2)")
    plot_bifurcation(data["snowdrift"], 0, axes[1, 2], labels=["E1", "E2", "M1"],
                     names={"E1": "all defect", "E2": "all cooperate", "M1": "1 - c/(2b - c)"})
    panel_title(axes[1, 2], "f", "Snowdrift along c (b = 1)")
    axes[1, 2].set_ylabel("share of cooperators")
    for ax, columns, drop in ((axes[0, 0], 1, 0.22), (axes[0, 1], 2, 0.22),
                              (axes[0, 2], 1, 0.22), (axes[1, 0], 1, 0.36),
                              (axes[1, 1], 2, 0.22), (axes[1, 2], 1, 0.22)):
        _legend_below(ax, columns, drop)
    return fig


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the tables and the figure; return the paths."""
    out = check_out(out)
    data = compute(quick, rng)
    paths = [write_table(data["gallery"], out, "evolutionary_workbench_gallery"),
             write_table(data["proofs"], out, "evolutionary_workbench_proofs")]
    return [*paths, *save_figure(figure(data), out, "evolutionary_workbench",
                                 caption_line(SOURCE))]



