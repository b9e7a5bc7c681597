"""Intervention mix: heatmaps of the stability of full cooperation over pairs of kinds
for the nine G60 cities.

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
from ._common import diverging_heatmap, grid, levels, seed_of, write_table
from .style import (
    HATCH_COLOUR,
    ILLUSTRATIVE,
    NEGATIVE_HATCH,
    caption_line,
    legend_below,
    new_figure,
    panel_title,
    save_figure,
    styled,
)

SYMBOL = {"authority": "$v_\\mathrm{auth}$", "incentive": "$v_\\mathrm{incent}$",
          "information": "$v_\\mathrm{info}$"}
#: The dashed contour marks where fewer than this many cities cooperate.
FEW = 5
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
    up to ``limit``), its zero contour (all nine cooperate on its positive side), the
    contour where fewer than five cooperate, and the cells without a pure equilibrium."""
    first, second = part["x_kind"].iloc[0], part["y_kind"].iloc[0]
    x, y, margin, cooperators = grid(part, "x", "y", "margin", "cooperators")
    diverging_heatmap(ax, x, y, margin, limit)
    ax.contour(x, y, margin, levels=[0.0], colors="black", linewidths=1.3)
    if (cooperators[cooperators >= 0] < FEW).any():
        ax.contour(x, y, np.where(cooperators < 0, 0, cooperators), levels=[FEW - 0.5],
                   colors="black", linewidths=1.0, linestyles=[(0, (3, 1.5))])
    none = cooperators < 0
    if none.any():
        ax.plot(x[none], y[none], ls="none", marker="x", ms=3, mew=0.7, color="0.15")
    ax.set_xlabel(f"{first} {SYMBOL[first]}")
    ax.set_ylabel(f"{second} {SYMBOL[second]}")
    ax.set_aspect("equal")
    ax.set_xticks([0, 0.5, 1])
    ax.set_yticks([0, 0.5, 1])
    return ax


@styled
def figure(table: pd.DataFrame) -> Any:
    """The three pairs side by side on one colour scale, one legend below them."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    figure, axes = new_figure(1, 3, "double", 2.75)
    limit = float(np.abs(table["margin"]).max())
    for letter, ax, (first, second) in zip("abc", axes[0], PAIRS, strict=True):
        plot_pair(ax, table[(table["x_kind"] == first) & (table["y_kind"] == second)], limit)
        third = next(k for k in SYMBOL if k not in (first, second))
        panel_title(ax, letter, f"{third} = 0")
    bar = figure.colorbar(axes[0, -1].collections[0], ax=axes[0].tolist(), shrink=0.8,
                          aspect=25, pad=0.02)
    bar.set_label("margin of full cooperation: min over\ncities of $U_C - \\max(U_D, U_T)$")
    bar.ax.tick_params(labelsize=7)
    handles = [Line2D([], [], color="black", lw=1.3,
                      label="margin = 0; all nine cities cooperate on its undotted side"),
               Patch(facecolor="none", edgecolor=HATCH_COLOUR, hatch=NEGATIVE_HATCH, lw=0,
                     label="margin < 0 (dotted)"),
               Line2D([], [], color="black", lw=1.0, ls=(0, (3, 1.5)),
                      label=f"fewer than {FEW} of nine cooperate beyond this line"),
               Line2D([], [], ls="none", marker="x", ms=4, color="0.15",
                      label="no pure equilibrium")]
    legend_below(figure, handles, columns=2)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths. Draws nothing at random
    (``rng`` is accepted for a uniform signature)."""
    seed_of(rng)
    table = compute(quick)
    return [write_table(table, out, "mix_heatmaps"),
            *save_figure(figure(table), out, "mix_heatmaps",
                         caption_line("The nine G60 cities; cooperators counted in the "
                                      "selected equilibrium", ILLUSTRATIVE))]
