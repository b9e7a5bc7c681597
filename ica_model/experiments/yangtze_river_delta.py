"""The Yangtze River Delta "one network" (一网通办) integration (MODEL.md §6; seed 003).

Four provincial actors with high administrative, interest and technical barriers
(钟伟军, 《地方政府的分散创新与中央主导下的创新整合》). Decentralised innovation first
(no intervention), then central integration: the authority level rises with the national
platform's information support held at 0.3. For each level: every province's action in
the selected equilibrium, the incentive margin of full cooperation, the stable window and
the authority's optimal level (leader–follower, :mod:`ica_model.analysis.leader`).

At the calibrated barriers the four cooperate even without intervention: four actors
bargain cheaply. The second panel therefore raises the barriers (negotiation cost times a
multiplier, the administrative and technical barriers of seed 003) and maps where central
integration is needed and where it goes too far.

Outputs: ``yangtze_river_delta.csv`` (one row per level, with each province's action),
``yangtze_river_delta_barriers.csv`` (multiplier × level) and
``yangtze_river_delta.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..analysis.follower import local_response
from ..analysis.leader import (
    CooperationIntervals,
    OptimalIntervention,
    authority_welfare,
    cooperation_intervals,
    optimal_intervention,
)
from ..model.cases import yangtze_river_delta
from ..model.parameters import Intervention
from ._common import (
    COLOURS,
    diverging_heatmap,
    grid,
    levels,
    new_figure,
    save_figure,
    seed_of,
    shade_intervals,
    write_table,
)

SUPPORT = Intervention(information=0.3)


def barriers(quick: bool) -> pd.DataFrame:
    """Margin and cooperators over barrier multiplier × authority level."""
    scenario = yangtze_river_delta()
    multiplier, level = np.meshgrid(np.linspace(1.0, 2.5, 16 if quick else 61),
                                    levels(quick, 101, 21), indexing="ij")
    response = local_response(
        scenario, {"authority": level.ravel(), "information": SUPPORT.information,
                   "negotiation_cost": scenario.costs.negotiation * multiplier.ravel()})
    return pd.DataFrame({"barrier_multiplier": multiplier.ravel(), "authority": level.ravel(),
                         "margin": response.margin, "cooperators": response.cooperators})


def compute(quick: bool) -> pd.DataFrame:
    """One row per authority level."""
    scenario = yangtze_river_delta()
    grid = levels(quick, 201, 21)
    vector = {"authority": grid, "information": np.full(len(grid), SUPPORT.information)}
    response = local_response(scenario, vector)
    table = pd.DataFrame({"authority": grid, "information": SUPPORT.information,
                          "margin": response.margin,
                          "full_cooperation": response.full_cooperation,
                          "cooperators": response.cooperators,
                          "authority_objective": authority_welfare(scenario, vector,
                                                                   response=response)})
    for k, actor in enumerate(scenario.actors):
        table[actor.name] = [scenario.actions[a] for a in response.profile[:, k]]
    return table


def plot_margin(ax: Any, table: pd.DataFrame, intervals: CooperationIntervals,
                best: OptimalIntervention) -> Any:
    """The margin and the authority's objective against the authority level."""
    top = ax
    shade_intervals(top, intervals.under, intervals.over)
    top.plot(table["authority"], table["margin"], color=COLOURS["authority"], lw=2,
             label="incentive margin of full cooperation")
    top.axhline(0, color="black", lw=0.8)
    twin = top.twinx()
    twin.plot(table["authority"], table["authority_objective"], color="0.3", lw=1.5, ls="--",
              label="authority's objective W(v)")
    twin.axvline(best.level, color="0.3", lw=1, ls=":")
    twin.annotate(f"leader's optimum v_auth* = {best.level:.2f}", (best.level, best.objective),
                  textcoords="offset points", xytext=(8, -14), fontsize=8.5)
    twin.set_ylabel("authority's objective W(v)")
    handles = [h for ax in (top, twin) for h in ax.get_legend_handles_labels()[0]]
    labels = [h for ax in (top, twin) for h in ax.get_legend_handles_labels()[1]]
    top.legend(handles, labels, fontsize=8, loc="lower center")
    top.set_ylabel("min over provinces of U_C − max(U_D, U_T)")
    top.set_title("Calibrated barriers: the four cooperate at every level; W(v) peaks early",
                  fontsize=10)
    top.set_xlim(0, 1)
    top.set_xlabel("authority level v_auth (information support 0.3)")
    return top


def plot_barriers(ax: Any, heat: pd.DataFrame) -> Any:
    """The margin over authority level × barrier multiplier, its zero contour marked."""
    bottom = ax
    x, y, margin = grid(heat, "authority", "barrier_multiplier", "margin")
    diverging_heatmap(bottom, x, y, margin)
    zero = bottom.contour(x, y, margin, levels=[0.0], colors="black", linewidths=2)
    bottom.clabel(zero, fmt={0.0: "margin = 0"}, fontsize=8)
    bottom.axhline(1.0, color="0.2", lw=1, ls=":")
    bottom.text(0.01, 1.03, "calibrated barriers", fontsize=8)
    bottom.set_ylabel("barrier multiplier\n(negotiation cost × m)")
    bottom.set_xlabel("authority level v_auth (information support 0.3)")
    bottom.set_title("Higher barriers: central integration becomes necessary, and the window "
                     "narrows", fontsize=10)
    bottom.set_xlim(0, 1)
    return bottom


def figure(table: pd.DataFrame, heat: pd.DataFrame, intervals: CooperationIntervals,
           best: OptimalIntervention) -> Any:
    """Both panels, one above the other."""
    figure, axes = new_figure(2, 1, (10, 7.6))
    top, bottom = axes[:, 0]
    plot_margin(top, table, intervals, best)
    plot_barriers(bottom, heat)
    bar = figure.colorbar(bottom.collections[0], ax=bottom)
    bar.set_label("margin of full cooperation")
    figure.suptitle("Yangtze River Delta: central integration breaks the barriers, up to a point")
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths. Draws nothing at random
    (``rng`` is accepted for a uniform signature)."""
    seed_of(rng)
    table, heat = compute(quick), barriers(quick)
    scenario, resolution = yangtze_river_delta(), 41 if quick else 201
    intervals = cooperation_intervals(scenario, {"authority": 1.0}, SUPPORT, resolution=resolution)
    best = optimal_intervention(scenario, {"authority": 1.0}, SUPPORT, resolution=resolution)
    return [write_table(table, out, "yangtze_river_delta"),
            write_table(heat, out, "yangtze_river_delta_barriers"),
            *save_figure(figure(table, heat, intervals, best), out, "yangtze_river_delta",
                         "Capacities from the lead items of the first cross-province batch "
                         "(seed 003); other values illustrative.")]
