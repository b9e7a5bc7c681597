r"""Diffusion across China: adoption by level, the modes of the prefectures on a generated
map, and mandate against championship.

Governments follow (跟) and advance (进) as in :mod:`ica_model.diffusion.model`, on the
networks of :func:`ica_model.diffusion.china_network` (real counts of provinces,
prefectures and counties; generated places and Delaunay adjacency). Governments are
heterogeneous (:func:`ica_model.diffusion.model.heterogeneous_parameters`); one period is
a quarter, the mandate comes at period 10.

* Adoption by level: shares following and advanced, mean over the replicates.
* Modes by province over time: the prefectures on the generated map at three periods.
* Mandate against championship (Zhu 2014): the prefectures with coercion only (no
  competition) and with the tournament only (no coercion, from period 0): under the mandate
  adoption is fast and mostly by copying; under the tournament slower and with more
  re-innovation.

Outputs: ``diffusion_china.csv`` (shares by level, setting and period),
``diffusion_china_map.csv`` (the prefectures' modes at three periods, replicate 0) and the
figure.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import seed_of
from ..diffusion import LEVELS, MODES, Mechanisms, china_network, simulate_diffusion
from ..diffusion.model import heterogeneous_parameters
from ._common import write_table
from .style import caption_line, legend_below, new_figure, panel_title, save_figure, styled

SOURCE = ("Illustrative heterogeneous governments (ica_model.diffusion.model); counts of "
          "units: Ministry of Civil Affairs, end of 2022; places and adjacency generated")
SETTINGS = {"mandate and tournament": Mechanisms(),
            "mandate only (coercion)": Mechanisms(competition=False),
            "tournament only (championship)": Mechanisms(coercion=False)}
MAP_PERIODS = (8, 14, 40)
#: Colour and marker of each mode (greyscale: the markers).
MODE_STYLE = {"none": ("#bbbbbb", "."), "wait-and-see": ("#cc79a7", "v"),
              "absorption-coordination": ("#e69f00", "s"),
              "learning-localisation": ("#56b4e9", "^"),
              "competition-expansion": ("#d55e00", "o")}
LEVEL_STYLE = {"provinces": ("#000000", "-"), "prefectures": ("#0072b2", (0, (5, 2))),
               "counties": ("#009e73", (0, (1, 1.2)))}


def compute(quick: bool, seed: int) -> dict[str, pd.DataFrame]:
    """Shares by level and setting, and the prefectures' map."""
    periods, replicates = (40, 2) if quick else (80, 12)
    rows, map_rows = [], []
    for level in LEVELS:
        network = china_network(level, rng=np.random.default_rng([seed, 2]))
        base = heterogeneous_parameters(network.size, np.random.default_rng([seed, 1]))
        settings = SETTINGS if level == "prefectures" else {"mandate and tournament": Mechanisms()}
        for label, mechanisms in settings.items():
            start = 0 if not mechanisms.coercion else base.mandate_start
            parameters = replace(base, mechanisms=mechanisms, mandate_start=start)
            run = simulate_diffusion(network, parameters, periods, replicates, seed)
            for t in range(periods + 1):
                rows.append({"level": level, "setting": label, "period": t,
                             "following": run.stages[:, t, 1].mean(),
                             "advanced": run.stages[:, t, 2].mean(),
                             **{m: run.modes[:, t, k].mean() for k, m in enumerate(MODES)}})
            if level == "prefectures" and label == "mandate and tournament":
                map_rows += _map(network, parameters, seed)
    return {"diffusion_china": pd.DataFrame(rows), "diffusion_china_map": pd.DataFrame(map_rows)}


def _map(network: Any, parameters: Any, seed: int) -> list[dict[str, Any]]:
    from ..diffusion import run_chunk

    rows = []
    for t in MAP_PERIODS:
        run = run_chunk(network, parameters, t, seed, 0, 1)
        for i in range(network.size):
            rows.append({"period": t, "name": network.names[i],
                         "longitude": network.coordinates[i, 0],
                         "latitude": network.coordinates[i, 1],
                         "mode": MODES[run.final_modes[0, i]]})
    return rows


def _width_handles() -> list[Any]:
    from matplotlib.lines import Line2D

    return [Line2D([], [], color="0.3", lw=1.8, label="adopted (follow or advance)"),
            Line2D([], [], color="0.3", lw=0.8, label="advanced (re-innovated)")]


def _pair(ax: Any, rows: pd.DataFrame, colour: str, line: Any, label: str) -> Any:
    ax.plot(rows["period"], rows["advanced"], color=colour, ls=line, lw=0.8)
    return ax.plot(rows["period"], rows["following"] + rows["advanced"], color=colour,
                   ls=line, lw=1.8, label=label)[0]


def plot_levels(ax: Any, table: pd.DataFrame) -> list[Any]:
    """Share adopted (thick) and advanced (thin) by level; returns the legend handles."""
    part = table[table["setting"] == "mandate and tournament"]
    handles = [_pair(ax, rows, *LEVEL_STYLE[str(level)], str(level))
               for level, rows in part.groupby("level", sort=False)]
    ax.axvline(10, color="0.5", lw=0.6, ls=(0, (1, 2)))
    ax.set_xlabel("period (quarter; dotted: the mandate)")
    ax.set_ylabel("share of governments")
    ax.set_ylim(0, 1.02)
    return handles + _width_handles()


SETTING_STYLE = {"mandate and tournament": ("#000000", "-"),
                 "mandate only (coercion)": ("#d55e00", (0, (5, 2))),
                 "tournament only (championship)": ("#0072b2", (0, (1, 1.2)))}


def plot_settings(ax: Any, table: pd.DataFrame) -> list[Any]:
    """Prefectures: adopted (thick) and advanced (thin) under the three settings."""
    part = table[table["level"] == "prefectures"]
    handles = [_pair(ax, rows, *SETTING_STYLE[str(label)], str(label))
               for label, rows in part.groupby("setting", sort=False)]
    ax.set_xlabel("period (quarter)")
    ax.set_ylabel("share of prefectures")
    ax.set_ylim(0, 1.02)
    return handles


def plot_map(ax: Any, part: pd.DataFrame) -> Any:
    """The prefectures at one period, marker and colour by mode."""
    for mode, (colour, marker) in MODE_STYLE.items():
        rows = part[part["mode"] == mode]
        ax.scatter(rows["longitude"], rows["latitude"], s=7 if mode != "none" else 4,
                   c=colour, marker=marker, linewidths=0, label=mode)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("generated places (longitude)", fontsize=7)
    return ax


@styled
def figure(tables: dict[str, pd.DataFrame]) -> Any:
    """(a) adoption by level, (b) mandate against championship, (c–e) the map."""
    figure = new_figure(1, 1, "double", 5.7)[0]
    figure.clear()
    top, bottom = figure.subfigures(2, 1, height_ratios=[1.25, 1])
    a, b = top.subplots(1, 2)
    handles = plot_levels(a, tables["diffusion_china"])
    panel_title(a, "a", "Adoption by level (mean of replicates)")
    legend_below(a, handles, columns=2, bbox_to_anchor=(0.0, -0.2))
    panel_title(b, "b", "Prefectures: mandate against championship")
    legend_below(b, plot_settings(b, tables["diffusion_china"]) + _width_handles(), columns=1,
                 bbox_to_anchor=(0.0, -0.2))
    maps = tables["diffusion_china_map"]
    axes = bottom.subplots(1, 3)
    for k, (ax, t) in enumerate(zip(axes, MAP_PERIODS, strict=True)):
        plot_map(ax, maps[maps["period"] == t])
        panel_title(ax, "cde"[k], f"Prefectures' modes, period {t}")
    handles, labels = axes[0].get_legend_handles_labels()
    legend_below(bottom, handles, labels, columns=5, markerscale=2.5)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the tables and the figure; return the paths."""
    tables = compute(quick, seed_of(rng))
    paths = [write_table(table, out, name) for name, table in tables.items()]
    return [*paths, *save_figure(figure(tables), out, "diffusion_china", caption_line(SOURCE))]
