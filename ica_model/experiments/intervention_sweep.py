"""Intervention sweep: the stability of full cooperation against the intervention level,
by kind and mix (MODEL.md §6).

The symmetric reference group of nine governments (closed forms) and the nine G60 cities
(profile game). For each kind (authority, incentive, information) and an even mix,
:math:`v = \\lambda w` with :math:`\\lambda \\in [0, 1]`. Metrics: the incentive margin of
full cooperation, the share of ±20 % parameter draws that keep it an equilibrium, the
replicator basin share of full cooperation, :math:`1 - \\delta^*` and the equilibrium
cooperators. The authority curve is the inverted U of seed 004: too little leaves
cooperation unstable, too much breaks it again; its balance point :math:`\\lambda^*`
(largest margin) and the under- and over-intervention regions are marked.

Outputs: ``intervention_sweep.csv`` (one row per case, kind and level) and
``intervention_sweep.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..analysis.follower import local_response
from ..analysis.leader import CooperationIntervals, cooperation_intervals
from ..analysis.stability import basin_share, repeated_stability, robust_share
from ..model.cases import g60, symmetric
from ..model.parameters import KINDS
from ._common import (
    COLOURS,
    levels,
    new_figure,
    save_figure,
    seed_of,
    shade_intervals,
    write_table,
)

#: Mixes w: each kind alone, and all kinds evenly.
MIXES = {**{kind: {kind: 1.0} for kind in KINDS}, "even mix": dict.fromkeys(KINDS, 1.0)}


def compute(quick: bool = False, rng: int | np.random.Generator = 0
            ) -> tuple[pd.DataFrame, dict[str, CooperationIntervals]]:
    """The tidy table (one row per case, kind and level) and authority's cooperation
    intervals per case."""
    seed = seed_of(rng)
    grid = levels(quick, 201, 21)
    coarse = levels(quick, 21, 6)
    frames = []
    for case in (symmetric(), g60()):
        for kind, mix in MIXES.items():
            vector = {k: grid * mix.get(k, 0.0) for k in KINDS}
            response = local_response(case, vector)
            frame = pd.DataFrame(vector | {
                "case": case.name, "kind": kind, "level": grid,
                "margin": response.margin, "full_cooperation": response.full_cooperation,
                "cooperators": response.cooperators, "token_compliers": response.token_compliers,
                "repeated_stability": repeated_stability(case, vector, response),
            })
            # the random metrics on a coarser grid: the profile game of G60 at every
            # (level, draw) pair, and one replicator integration per level
            on = np.isin(grid, coarse)
            coarse_vector = {k: v[on] for k, v in vector.items()}
            robust = np.full(len(grid), np.nan)
            robust[on] = robust_share(case, coarse_vector, draws=40 if quick else 120, rng=seed)
            frame["robust_share"] = robust
            basin = np.full(len(grid), np.nan)
            if case.is_homogeneous:
                basin[on] = basin_share(case, coarse_vector, samples=16 if quick else 32, rng=seed)
            frame["basin_share"] = basin
            frames.append(frame)
    windows = {case.name: cooperation_intervals(case, {"authority": 1.0})
               for case in (symmetric(), g60())}
    return pd.concat(frames, ignore_index=True), windows


def plot_margin(ax: Any, data: pd.DataFrame, intervals: CooperationIntervals) -> Any:
    """The margin of full cooperation against the level, per kind, one case (``data``);
    authority's under- and over-intervention shaded and its balance point marked."""
    shade_intervals(ax, intervals.under if intervals.stable else (), intervals.over,
                    " (authority)")
    for kind in MIXES:
        part = data[data["kind"] == kind]
        ax.plot(part["level"], part["margin"], color=COLOURS[kind], lw=2, label=kind)
    authority = data[data["kind"] == "authority"]
    best = authority.loc[authority["margin"].idxmax()]
    ax.plot(best["level"], best["margin"], "o", ms=9, color=COLOURS["authority"],
            markeredgecolor="black", zorder=5)
    ax.annotate(f"balance point λ* = {best['level']:.2f}", (best["level"], best["margin"]),
                textcoords="offset points", xytext=(0, 12), ha="center", fontsize=9)
    ax.axhline(0, color="black", lw=0.8)
    if not intervals.stable:
        ax.annotate("authority alone never makes\nfull cooperation an equilibrium",
                    (best["level"], best["margin"]), textcoords="offset points",
                    xytext=(-10, -45), ha="center", fontsize=8.5, color=COLOURS["authority"])
    name = ("Symmetric group of 9 (closed form)" if data["case"].iloc[0] == "symmetric"
            else "G60, nine heterogeneous cities")
    ax.set_title(f"{name}\nmargin of full cooperation (≥ 0: equilibrium)", fontsize=10)
    ax.set_ylabel("min over actors of U_C − max(U_D, U_T)")
    _level_axis(ax)
    ax.legend(fontsize=7.5, loc="upper left", framealpha=0.9)
    return ax


def plot_robustness(ax: Any, data: pd.DataFrame) -> Any:
    """Robust share (lines) and replicator basin share (dots) against the level."""
    for kind in MIXES:
        part = data[data["kind"] == kind]
        robust = part.dropna(subset=["robust_share"])
        ax.plot(robust["level"], robust["robust_share"], color=COLOURS[kind], lw=2, label=kind)
        basin = part.dropna(subset=["basin_share"])
        if len(basin):
            ax.plot(basin["level"], basin["basin_share"], "o--", color=COLOURS[kind], ms=4,
                    lw=1, alpha=0.8, label=f"{kind}: basin share" if kind == "authority"
                    else None)
    ax.set_title("robustness: share of ±20 % parameter draws\nkeeping full cooperation "
                 "(lines); replicator basin share (dots)", fontsize=10)
    ax.set_ylabel("share")
    ax.set_ylim(-0.02, 1.02)
    _level_axis(ax)
    ax.legend(fontsize=7.5, loc="upper right", framealpha=0.9)
    return ax


def plot_cooperators(ax: Any, data: pd.DataFrame) -> Any:
    """Cooperators (and authority's token compliers) in the selected equilibrium."""
    for kind in MIXES:
        part = data[data["kind"] == kind]
        ax.step(part["level"], part["cooperators"], where="mid", color=COLOURS[kind], lw=2,
                label=f"{kind}: cooperators")
    authority = data[data["kind"] == "authority"]
    token = authority[authority["token_compliers"] > 0]
    if len(token):
        ax.plot(token["level"], token["token_compliers"], "v", color=COLOURS["T"],
                ms=5, label="authority: token compliers")
    ax.set_title("cooperators in the selected equilibrium", fontsize=10)
    ax.set_ylabel("number of governments")
    ax.set_ylim(-0.3, 9.5)
    _level_axis(ax)
    ax.legend(fontsize=7, loc="lower left", framealpha=0.9)
    return ax


def _level_axis(ax: Any) -> None:
    ax.set_xlim(0, 1)
    ax.set_xlabel("intervention level λ (v = λ·w)")


def figure(table: pd.DataFrame, windows: dict[str, CooperationIntervals]) -> Any:
    """The figure: one row per case (margin, robustness, cooperators)."""
    figure, axes = new_figure(2, 3, (15, 8.2))
    for row, case in enumerate(("symmetric", "g60")):
        data = table[table["case"] == case]
        margin_ax, robust_ax, coop_ax = axes[row]
        plot_margin(margin_ax, data, windows[case])
        plot_robustness(robust_ax, data)
        plot_cooperators(coop_ax, data)
    figure.suptitle("Stability of full cooperation against the level of vertical intervention")
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write ``intervention_sweep.csv`` and the figure; return the paths written."""
    table, windows = compute(quick, rng)
    return [write_table(table, out, "intervention_sweep"),
            *save_figure(figure(table, windows), out, "intervention_sweep")]
