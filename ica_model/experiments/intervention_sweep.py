"""Intervention sweep: the stability of full cooperation against the intervention level,
by kind and mix.

The symmetric reference group of nine governments (closed forms) and the nine G60 cities
(profile game), both at the G60 bottleneck: the national integration of 2022–23 (0.95 at
the representative point), as the other G60 figures. For each kind (authority,
incentive, information, standards) alone and the even mix of the four,
:math:`v = \\lambda w` with :math:`\\lambda \\in [0, 1]`. Metrics: the incentive margin
of full cooperation, the share of ±20 % parameter draws that keep it an equilibrium, the
replicator basin share of full cooperation (symmetric group), :math:`1 - \\delta^*` and
the equilibrium cooperators.

刘露露 (Liu Lulu) describes an inverted U for the G60 corridor (under- and
over-intervention, 介入不足 and 介入过度). At the calibrated values, in either row,
authority alone only lowers the margin and never makes full cooperation an equilibrium:
it moves governments from cooperation to paper compliance (all nine comply on paper at
high levels), so it has no under- or over-intervention region to mark and its balance
point is 0. Each other kind alone, and the even mix, raises the margin from just below 0
(the nine cities) or from −0.16 (the symmetric group); the even mix bends past its
balance point without falling below 0, and its robustness falls again at full level.
The sources' inverted U shows along mandate-led mixes (``inverted_u``).

Outputs: ``intervention_sweep.csv`` (one row per case, kind and level) and
``intervention_sweep.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.follower import follower_response
from ..analysis.leader import CooperationIntervals, cooperation_intervals
from ..analysis.stability import basin_share, discount_slack, robust_share
from ..cases import G60, g60, symmetric
from ..model.parameters import KINDS
from ._calibrated import bottleneck, period
from ._common import levels, seed_of, shade_intervals, write_table
from .style import (
    ACTION_COLOURS,
    ILLUSTRATIVE,
    caption_line,
    kind_style,
    legend_below,
    new_figure,
    panel_title,
    region_style,
    row_heading,
    save_figure,
    styled,
)

if TYPE_CHECKING:
    from matplotlib.artist import Artist

#: Mixes w: each kind alone, and all kinds evenly.
MIXES = {**{kind: {kind: 1.0} for kind in KINDS}, "even mix": dict.fromkeys(KINDS, 1.0)}


def g60_at_bottleneck() -> Any:
    """The nine G60 cities at the national integration of the last epoch (the bottleneck),
    as the symmetric group stands."""
    return g60(epoch=bottleneck("g60"))


def compute(quick: bool = False, rng: int | np.random.Generator = 0
            ) -> tuple[pd.DataFrame, dict[str, CooperationIntervals]]:
    """The tidy table (one row per case, kind and level) and authority's cooperation
    intervals per case."""
    seed = seed_of(rng)
    grid = levels(quick, 201, 21)
    coarse = levels(quick, 21, 6)
    frames = []
    cases = (symmetric(), g60_at_bottleneck())
    for case in cases:
        for kind, mix in MIXES.items():
            vector = {k: grid * mix.get(k, 0.0) for k in KINDS}
            response = follower_response(case, vector)
            frame = pd.DataFrame(vector | {
                "case": case.name, "national_integration": case.outside.integration,
                "kind": kind, "level": grid,
                "margin": response.margin, "full_cooperation": response.full_cooperation,
                "cooperators": response.cooperators, "token_compliers": response.token_compliers,
                "repeated_stability": discount_slack(case, vector, response),
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
    windows = {case.name: cooperation_intervals(case, {"authority": 1.0}) for case in cases}
    return pd.concat(frames, ignore_index=True), windows


#: Row headings of the two cases.
CASE_NAMES = {"symmetric": "Symmetric group of nine governments (closed forms)",
              "g60": "The nine G60 cities (heterogeneous)"}


def case_heading(case: str, data: pd.DataFrame) -> str:
    """The row heading of one case, with its national integration."""
    return (f"{CASE_NAMES[case]}, national integration "
            f"{data['national_integration'].iloc[0]:.2f}")
MARGIN_LABEL = "margin: min over actors of\n$U_C - \\max(U_D, U_T)$"


#: Authority's balance point (a star: the open circle is authority's marker) and the
#: token compliers (the letter T: the triangles are kinds).
BALANCE: dict[str, Any] = {"marker": "*", "ms": 8, "mfc": "white", "mec": "black", "mew": 0.9}
TOKEN: dict[str, Any] = {"marker": "$T$", "ms": 4.5, "color": ACTION_COLOURS["T"], "mec": "0.2", "mew": 0.3}


def _offset(k: int, step: float) -> float:
    """The vertical offset of the ``k``-th kind's line: ``step`` apart, centred on 0."""
    return (k - (len(MIXES) - 1) / 2) * step


def _marks(k: int, points: int, per_line: int = 8) -> tuple[int, int]:
    """Sparse, staggered marker positions, so markers of coinciding lines stay apart."""
    every = max(1, points // per_line)
    return (k * every // (len(MIXES) + 1)) % every, every


def balance_point(data: pd.DataFrame) -> pd.Series:
    """The row of authority's largest margin (its balance point λ*) in one case's rows."""
    authority = data[data["kind"] == "authority"]
    return authority.loc[authority["margin"].idxmax()]


def plot_margin(ax: Any, data: pd.DataFrame, intervals: CooperationIntervals) -> Any:
    """The margin of full cooperation against the level, per kind, one case (``data``);
    authority's under- and over-intervention shaded and its balance point marked."""
    shade_intervals(ax, intervals.under if intervals.stable else (), intervals.over)
    for k, kind in enumerate(MIXES):
        part = data[data["kind"] == kind]
        ax.plot(part["level"], part["margin"], **kind_style(kind),
                markevery=_marks(k, len(part)), label=kind)
    best = balance_point(data)
    ax.plot(best["level"], best["margin"], **BALANCE, zorder=5, clip_on=False)
    ax.axhline(0, color="black", lw=0.6)
    ax.set_ylabel(MARGIN_LABEL)
    ax.set_xlim(0, 1)
    return ax


def plot_robustness(ax: Any, data: pd.DataFrame) -> Any:
    """Robust share (lines) and, where the case has it, the replicator basin share (open
    markers) against the level."""
    for k, kind in enumerate(MIXES):
        style = kind_style(kind)
        part = data[data["kind"] == kind]
        robust = part.dropna(subset=["robust_share"])
        ax.plot(robust["level"], robust["robust_share"], **style,
                markevery=_marks(k, len(robust), 5), label=kind)
        basin = part.dropna(subset=["basin_share"])
        if len(basin):
            # a thin line through open markers, each kind a little apart from the others
            # (the shares sit at 0 and 1, where they would hide each other)
            ax.plot(basin["level"], basin["basin_share"] + _offset(k, 0.02), **style, lw=0.6,
                    mfc="white", ms=3.5, mew=0.8, zorder=4, clip_on=False,
                    label=f"{kind}: basin share")
    ax.set_ylabel("share of ±20 % draws\nkeeping full cooperation")
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlim(0, 1)
    return ax


def plot_cooperators(ax: Any, data: pd.DataFrame) -> Any:
    """Cooperators (and authority's token compliers) in the selected equilibrium."""
    for k, kind in enumerate(MIXES):
        part = data[data["kind"] == kind]
        # no pure equilibrium (cooperators -1): a gap in the line
        # each kind a little apart, so coinciding steps stay visible
        ax.step(part["level"], part["cooperators"].where(part["cooperators"] >= 0)
                + _offset(k, 0.12), where="mid", **kind_style(kind),
                markevery=_marks(k, len(part)), label=kind)
    authority = data[data["kind"] == "authority"]
    token = authority[authority["token_compliers"] > 0]
    if len(token):
        ax.plot(token["level"], token["token_compliers"], ls="none", **TOKEN,
                markevery=0.06,
                label="token compliers under authority")
    n = int(data["cooperators"].max())
    ax.set_ylabel("governments cooperating")
    ax.set_ylim(-0.4, n + 0.4)
    ax.set_yticks(range(0, n + 1, 3 if n > 6 else 1))
    ax.set_xlim(0, 1)
    return ax


@styled
def figure(table: pd.DataFrame, windows: dict[str, CooperationIntervals]) -> Any:
    """The figure: one row per case (margin, robustness, cooperators), one legend."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    figure, axes = new_figure(2, 3, "double", 5.0)
    letters = iter("abcdef")
    for row, case in enumerate(("symmetric", "g60")):
        data = table[table["case"] == case]
        margin_ax, robust_ax, coop_ax = axes[row]
        plot_margin(margin_ax, data, windows[case])
        plot_robustness(robust_ax, data)
        plot_cooperators(coop_ax, data)
        best = balance_point(data)
        margin = ("balance point λ* = {:.2f}".format(best["level"]) if windows[case].stable
                  else "authority alone never reaches 0")
        for ax, what in ((margin_ax, margin), (robust_ax, "robustness"),
                         (coop_ax, "selected equilibrium")):
            panel_title(ax, next(letters), what)
            ax.set_xlabel("intervention level λ  (v = λ·w)" if row == 1 else "")
        row_heading(margin_ax, case_heading(case, data))
    handles: list[Artist]  # the legend mixes lines and patches
    handles = [Line2D([], [], **kind_style(kind), label=kind if kind == "even mix"
                      else f"{kind} alone") for kind in MIXES]
    handles.append(Line2D([], [], color="0.3", lw=0.6, marker="o", mfc="white", ms=3.5,
                          mew=0.8, label="(b) thin line, open markers: replicator basin "
                                         "share"))
    handles.append(Line2D([], [], ls="none", **BALANCE, label="(a), (d) authority's balance "
                                                              "point λ*"))
    authority = table[table["kind"] == "authority"]
    if (authority["token_compliers"] > 0).any():
        handles.append(Line2D([], [], ls="none", **TOKEN,
                              label="(c), (f) token compliers under authority"))
    # a region's entry only where some row shades it
    for region in ("under", "over"):
        if any(getattr(w, region) and (region == "over" or w.stable) for w in windows.values()):
            handles.append(Patch(**region_style(region),
                                 label=f"{region}-intervention (authority)"))
    legend_below(figure, handles, columns=4)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write ``intervention_sweep.csv`` and the figure; return the paths written."""
    table, windows = compute(quick, rng)
    return [write_table(table, out, "intervention_sweep"),
            *save_figure(figure(table, windows), out, "intervention_sweep",
                         caption_line(
                             "Both rows at the G60 bottleneck: the national integration of "
                             f"{period(G60.epoch(bottleneck('g60')).period)} "
                             "(as the other G60 figures); each kind alone: level λ on that "
                             "kind, 0 on the others; even mix: v = λ·(1, 1, 1, 1); gaps in (c) "
                             "and (f): no pure equilibrium; the kinds' lines in (b) (basin "
                             "share) and (c), (f) are set apart by up to ±0.04 and ±0.24 "
                             "so that equal values stay visible", ILLUSTRATIVE))]
