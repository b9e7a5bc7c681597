"""The G60 corridor as a timeline (MODEL.md §6; seed 004).

Phases from 刘露露, 《数字治理跨界行动中的困境及优化策略》: the corridor starts
self-organised (Songjiang, then three cities in 2017, nine in 2018, :math:`v \\approx 0`),
becomes a national pilot (2019), then part of the national strategy, with mandates
growing while the centre's attention (information and incentive support) drifts to the
demonstration zone. The intervention path is **illustrative** (its shape follows the
seed; its levels are not measured). For each year: the selected equilibrium of the cities
in the corridor that year, the incentive margin of full cooperation and its robustness.

Outputs: ``g60_timeline.csv`` (one row per year) and ``g60_timeline.png``/``.svg``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..analysis.stability import stability_metrics
from ..model.cases import g60
from ._common import COLOURS, new_figure, save_figure, seed_of, write_table

#: year, cities in the corridor, (authority, incentive, information), phase.
PATH = (
    (2017, 3, (0.0, 0.0, 0.0), "self-organised"),
    (2018, 9, (0.0, 0.0, 0.05), "self-organised"),
    (2019, 9, (0.3, 0.1, 0.4), "national pilot"),
    (2020, 9, (0.5, 0.1, 0.35), "national strategy"),
    (2021, 9, (0.7, 0.05, 0.2), "national strategy"),
    (2022, 9, (0.85, 0.05, 0.1), "national strategy"),
    (2023, 9, (0.95, 0.0, 0.1), "national strategy"),
)


def compute(quick: bool = False, rng: int | np.random.Generator = 0) -> pd.DataFrame:
    """One row per year."""
    seed = seed_of(rng)
    full = g60()
    rows = []
    for year, cities, (authority, incentive, information), phase in PATH:
        scenario = dataclasses.replace(full, actors=full.actors[:cities])
        metrics = stability_metrics(scenario, {"authority": authority, "incentive": incentive,
                                               "information": information},
                                    draws=40 if quick else 300, rng=seed).iloc[0]
        outcome = metrics["outcome"]
        rows.append({
            "year": year, "phase": phase, "cities": cities, "authority": authority,
            "incentive": incentive, "information": information,
            "cooperators": int(metrics["cooperators"]),
            "token_compliers": int(metrics["token_compliers"]),
            "defectors": cities - int(metrics["cooperators"]) - int(metrics["token_compliers"]),
            "outcome": " ".join(f"{a.name}:{x}" for a, x in zip(scenario.actors, outcome,
                                                                 strict=True)),
            "margin": metrics["margin"], "robust_share": metrics["robust_share"],
            "repeated_stability": metrics["repeated_stability"],
        })
    return pd.DataFrame(rows)


SPANS = {"self-organised": "#f7f7f7", "national pilot": "#fee8c8",
         "national strategy": "#e0ecf4"}


def _phases(ax: Any, table: pd.DataFrame) -> None:
    years = table["year"].to_numpy()
    for phase, colour in SPANS.items():
        chosen = years[table["phase"] == phase]
        ax.axvspan(chosen.min() - 0.5, chosen.max() + 0.5, color=colour, zorder=0)


def _years(ax: Any, table: pd.DataFrame) -> None:
    years = table["year"].to_numpy()
    ax.set_xticks(years)
    ax.set_xlim(years.min() - 0.5, years.max() + 0.5)


def plot_intervention(ax: Any, table: pd.DataFrame) -> Any:
    """The intervention path by kind, phases shaded."""
    top = ax
    years = table["year"].to_numpy()
    _phases(top, table)
    for phase in SPANS:
        chosen = years[table["phase"] == phase]
        top.text(chosen.mean(), 1.04, phase, ha="center", fontsize=9, weight="bold")
    for kind in ("authority", "incentive", "information"):
        top.plot(years, table[kind], "o-", color=COLOURS[kind], lw=2, label=kind)
    top.set_ylim(0, 1.12)
    top.set_ylabel("intervention level (illustrative path)")
    top.set_title("Vertical intervention: mandates grow, attention drifts to the demonstration "
                  "zone", fontsize=10)
    top.legend(fontsize=8, loc="center left")
    top.annotate("3 founding cities", (2017, 0.02), xytext=(2017, 0.3), ha="center", fontsize=8,
                 arrowprops={"arrowstyle": "->", "color": "0.4"})
    _years(top, table)
    return top


def plot_cooperation(ax: Any, table: pd.DataFrame) -> Any:
    """Cities by action in the selected equilibrium, and the robustness share."""
    bottom = ax
    years = table["year"].to_numpy()
    _phases(bottom, table)
    bottom.bar(years, table["cooperators"], color=COLOURS["C"], label="cooperate (C)")
    bottom.bar(years, table["token_compliers"], bottom=table["cooperators"], color=COLOURS["T"],
               label="token compliance (T, \"lying flat\")")
    bottom.bar(years, table["defectors"], bottom=table["cooperators"] + table["token_compliers"],
               color=COLOURS["D"], label="stay out (D)")
    bottom.set_ylabel("cities in the selected equilibrium")
    bottom.set_ylim(0, 12.5)
    bottom.set_xlabel("year")
    twin = bottom.twinx()
    twin.plot(years, table["robust_share"], "k--o", lw=1.5, ms=4,
              label="robustness: share of ±20 % draws keeping full cooperation")
    twin.set_ylim(0, 1.25)
    twin.set_ylabel("robustness share")
    handles = bottom.get_legend_handles_labels()
    extra = twin.get_legend_handles_labels()
    bottom.legend(handles[0] + extra[0], handles[1] + extra[1], fontsize=7.5, loc="upper left",
                  ncol=2, framealpha=0.95)
    bottom.set_title("Cooperation: the pilot stabilises all nine; heavy mandates without "
                     "support break it again", fontsize=10)
    _years(bottom, table)
    return bottom


def figure(table: pd.DataFrame) -> Any:
    """Both panels, one above the other."""
    figure, axes = new_figure(2, 1, (10, 7.4))
    plot_intervention(axes[0, 0], table)
    plot_cooperation(axes[1, 0], table)
    figure.suptitle("The G60 corridor (seed 004), phases annotated")
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths."""
    table = compute(quick, rng)
    np.testing.assert_array_equal(table["cooperators"] + table["token_compliers"]
                                  + table["defectors"], table["cities"])
    return [write_table(table, out, "g60_timeline"),
            *save_figure(figure(table), out, "g60_timeline",
                         "Intervention path illustrative (its shape follows seed 004); city "
                         "parameters as in ica_model.cases.g60.")]
