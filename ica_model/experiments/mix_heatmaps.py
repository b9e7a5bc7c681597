"""Intervention mix: heatmaps of the stability of full cooperation over pairs of kinds
(MODEL.md §6), for the nine G60 cities.

For each pair of kinds (the third held at 0) the incentive margin of full cooperation
(colour, diverging at 0; the zero contour bounds the region where all nine cooperate) and
the cooperators in the selected equilibrium (grey contours).

Outputs: ``mix_heatmaps.csv`` (pair, both levels, margin, cooperators, token compliers)
and ``mix_heatmaps.png``/``.svg``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..analysis.follower import local_response
from ..model.cases import g60
from ._common import levels, new_figure, save_figure, write_table

TITLE = "Intervention mix heatmaps over pairs of kinds (G60)"
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


def plot(table: pd.DataFrame, out: Path) -> list[Path]:
    from matplotlib.colors import TwoSlopeNorm

    figure, axes = new_figure(1, 3, (15, 4.7))
    limit = float(np.abs(table["margin"]).max())
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit)
    for ax, (first, second) in zip(axes[0], PAIRS, strict=True):
        part = table[(table["x_kind"] == first) & (table["y_kind"] == second)]
        size = math.isqrt(len(part))
        x = part["x"].to_numpy().reshape(size, size)
        y = part["y"].to_numpy().reshape(size, size)
        margin = part["margin"].to_numpy().reshape(size, size)
        cooperators = part["cooperators"].to_numpy().reshape(size, size)
        image = ax.pcolormesh(x, y, margin, cmap="RdBu", norm=norm, shading="nearest")
        zero = ax.contour(x, y, margin, levels=[0.0], colors="black", linewidths=2)
        ax.clabel(zero, fmt={0.0: "margin = 0"}, fontsize=8)
        ax.contour(x, y, cooperators, levels=np.arange(0.5, 9.5, 1.0), colors="0.25",
                   linewidths=0.7, linestyles="dotted")
        ax.set_xlabel(f"{first} {SYMBOL[first]}")
        ax.set_ylabel(f"{second} {SYMBOL[second]}")
        ax.set_title(f"{first} × {second} (third kind 0)", fontsize=10)
        ax.set_aspect("equal")
    bar = figure.colorbar(image, ax=axes[0].tolist(), shrink=0.9)
    bar.set_label("incentive margin of full cooperation\n(> 0: all nine cities cooperate)")
    figure.suptitle("G60: which mixes of intervention make full cooperation stable "
                    "(dotted lines: one cooperating city fewer per line)")
    return save_figure(figure, out, "mix_heatmaps")


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths. Draws nothing at random."""
    table = compute(quick)
    return [write_table(table, out, "mix_heatmaps"), *plot(table, out)]
