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

import numpy as np
import pandas as pd

from ..analysis.follower import local_response
from ..analysis.leader import CooperationIntervals, cooperation_intervals
from ..analysis.stability import basin_share, repeated_stability, robust_share
from ..model.cases import g60, symmetric
from ..model.parameters import KINDS
from ._common import COLOURS, levels, new_figure, save_figure, shade_intervals, write_table

TITLE = "Intervention sweep by kind and mix: the inverted U and the balance point"
#: Mixes w: each kind alone, and all kinds evenly.
MIXES = {**{kind: {kind: 1.0} for kind in KINDS}, "even mix": dict.fromkeys(KINDS, 1.0)}


def compute(quick: bool, seed: int) -> pd.DataFrame:
    """The tidy table: one row per case, kind and level."""
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
    return pd.concat(frames, ignore_index=True)


def plot(table: pd.DataFrame, windows: dict[str, CooperationIntervals], out: Path) -> list[Path]:
    """Draw the figure from the table and the authority windows of both cases."""
    figure, axes = new_figure(2, 3, (15, 8.2))
    for row, case in enumerate(("symmetric", "g60")):
        data = table[table["case"] == case]
        intervals = windows[case]
        margin_ax, robust_ax, coop_ax = axes[row]
        shade_intervals(margin_ax, intervals.under if intervals.stable else (), intervals.over,
                        " (authority)")
        for kind in MIXES:
            part = data[data["kind"] == kind]
            colour = COLOURS[kind]
            margin_ax.plot(part["level"], part["margin"], color=colour, lw=2, label=kind)
            robust = part.dropna(subset=["robust_share"])
            robust_ax.plot(robust["level"], robust["robust_share"], color=colour, lw=2, label=kind)
            coop_ax.step(part["level"], part["cooperators"], where="mid", color=colour, lw=2,
                         label=f"{kind}: cooperators")
            basin = part.dropna(subset=["basin_share"])
            if len(basin):
                robust_ax.plot(basin["level"], basin["basin_share"], "o--", color=colour, ms=4,
                               lw=1, alpha=0.8, label=f"{kind}: basin share" if kind == "authority"
                               else None)
        authority = data[data["kind"] == "authority"]
        best = authority.loc[authority["margin"].idxmax()]
        margin_ax.plot(best["level"], best["margin"], "o", ms=9, color=COLOURS["authority"],
                       markeredgecolor="black", zorder=5)
        margin_ax.annotate(f"balance point λ* = {best['level']:.2f}", (best["level"], best["margin"]),
                           textcoords="offset points", xytext=(0, 12), ha="center", fontsize=9)
        token = authority[authority["token_compliers"] > 0]
        if len(token):
            coop_ax.plot(token["level"], token["token_compliers"], "v", color=COLOURS["T"],
                         ms=5, label="authority: token compliers")
        margin_ax.axhline(0, color="black", lw=0.8)
        if not intervals.stable:
            margin_ax.annotate("authority alone never makes\nfull cooperation an equilibrium",
                               (best["level"], best["margin"]), textcoords="offset points",
                               xytext=(-10, -45), ha="center", fontsize=8.5,
                               color=COLOURS["authority"])
        name = ("Symmetric group of 9 (closed form)" if case == "symmetric"
                else "G60, nine heterogeneous cities")
        margin_ax.set_title(f"{name}\nmargin of full cooperation (≥ 0: equilibrium)", fontsize=10)
        margin_ax.set_ylabel("min over actors of U_C − max(U_D, U_T)")
        robust_ax.set_title("robustness: share of ±20 % parameter draws\nkeeping full cooperation "
                            "(lines); replicator basin share (dots)", fontsize=10)
        robust_ax.set_ylabel("share")
        robust_ax.set_ylim(-0.02, 1.02)
        coop_ax.set_title("cooperators in the selected equilibrium", fontsize=10)
        coop_ax.set_ylabel("number of governments")
        coop_ax.set_ylim(-0.3, 9.5)
        for ax in (margin_ax, robust_ax, coop_ax):
            ax.set_xlim(0, 1)
            ax.set_xlabel("intervention level λ (v = λ·w)")
        margin_ax.legend(fontsize=7.5, loc="upper left", framealpha=0.9)
        robust_ax.legend(fontsize=7.5, loc="upper right", framealpha=0.9)
        coop_ax.legend(fontsize=7, loc="lower left", framealpha=0.9)
    figure.suptitle("Stability of full cooperation against the level of vertical intervention")
    return save_figure(figure, out, "intervention_sweep")


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    """Compute, write ``intervention_sweep.csv`` and the figure; return the paths written."""
    table = compute(quick, seed)
    windows = {case.name: cooperation_intervals(case, {"authority": 1.0}) for case in (symmetric(), g60())}
    return [write_table(table, out, "intervention_sweep"), *plot(table, windows, out)]
