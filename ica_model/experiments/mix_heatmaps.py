"""Intervention mix: heatmaps of the stability of full cooperation over pairs of kinds
(MODEL.md §6), for the nine G60 cities.

For each pair of kinds (the third held at 0) the incentive margin of full cooperation
(colour, diverging at 0; the zero contour bounds the region where all nine cooperate) and
the cooperators in the selected equilibrium (grey contours).

Outputs: ``mix_heatmaps.csv`` (pair, both levels, margin, cooperators, token compliers)
and ``mix_heatmaps.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..analysis.follower import local_response
from ..model.cases import g60
from ._common import diverging_heatmap, grid, levels, new_figure, save_figure, seed_of, write_table

SYMBOL = {"authority": "v_auth", "incentive": "v_incent", "information": "v_info"}
PAIRS = (("authority", "information"), ("authority", "incentive"), ("incentive", "information"))


def compute(quick: bool) -> pd.DataFrame:
    """One row per pair and grid point."""
    axis = levels(quick, 51, 11)
    x, y = np.meshgrid(axis, axis, indexing="ij")
    frames = []
    for first, second in PAIRS:
        vector = {first: x.ravel(), second: y.ravel()}
        response = local_response(g60(), vector)
        frames.append(pd.DataFrame({
            "pair": f"{first} × {second}", "x_kind": first, "y_kind": second,
            "x": x.ravel(), "y": y.ravel(), "margin": response.margin,
            "cooperators": response.cooperators, "token_compliers": response.token_compliers}))
    return pd.concat(frames, ignore_index=True)


def plot_pair(ax: Any, part: pd.DataFrame, limit: float | None = None) -> Any:
    """One pair of kinds (the rows of ``part``): the margin as colour (symmetric around 0
    up to ``limit``), its zero contour, and the cooperator counts as dotted contours."""
    first, second = part["x_kind"].iloc[0], part["y_kind"].iloc[0]
    x, y, margin, cooperators = grid(part, "x", "y", "margin", "cooperators")
    diverging_heatmap(ax, x, y, margin, limit)
    zero = ax.contour(x, y, margin, levels=[0.0], colors="black", linewidths=2)
    ax.clabel(zero, fmt={0.0: "margin = 0"}, fontsize=8)
    ax.contour(x, y, cooperators, levels=np.arange(0.5, 9.5, 1.0), colors="0.25",
               linewidths=0.7, linestyles="dotted")
    ax.set_xlabel(f"{first} {SYMBOL[first]}")
    ax.set_ylabel(f"{second} {SYMBOL[second]}")
    ax.set_title(f"{first} × {second} (third kind 0)", fontsize=10)
    ax.set_aspect("equal")
    return ax


def figure(table: pd.DataFrame) -> Any:
    """The three pairs side by side on one colour scale."""
    figure, axes = new_figure(1, 3, (15, 4.7))
    limit = float(np.abs(table["margin"]).max())
    for ax, (first, second) in zip(axes[0], PAIRS, strict=True):
        plot_pair(ax, table[(table["x_kind"] == first) & (table["y_kind"] == second)], limit)
    bar = figure.colorbar(axes[0, -1].collections[0], ax=axes[0].tolist(), shrink=0.9)
    bar.set_label("incentive margin of full cooperation\n(> 0: all nine cities cooperate)")
    figure.suptitle("G60: which mixes of intervention make full cooperation stable "
                    "(dotted lines: one cooperating city fewer per line)")
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths. Draws nothing at random
    (``rng`` is accepted for a uniform signature)."""
    seed_of(rng)
    table = compute(quick)
    return [write_table(table, out, "mix_heatmaps"),
            *save_figure(figure(table), out, "mix_heatmaps")]
