"""The inverted U at the G60 bottleneck: the balance point, and lying flat past it.

刘露露 (Liu Lulu), 《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"的政务观测》,
section 4: once national integration widened the cities' choice of partners (the
"bottleneck", 瓶颈期), too little vertical intervention leaves the horizontal dilemmas
standing, and too much makes the officials "lie flat" (躺平式顺从): they follow the
vertical mandates on paper and stop innovating together, rather than leave. Section 5(3)
proposes the remedy: authority on unified standards, autonomy on the items.

The nine G60 cities at the national integration of 2022–23 (each accepted draw's own,
0.95 at the representative point), along two mixes :math:`v = \\lambda w`:

* the **mandate-led** mix, as in 2020–23 (the lists' mandates outweigh the other kinds):
  mandated item lists at :math:`\\lambda`, standards, information and incentives at
  :math:`\\lambda / 2`, so :math:`\\lambda` is the mandates' strength;
* the **remedy**: the mandates' weight moved to unified standards (standards at
  :math:`\\lambda`), information and incentives at :math:`\\lambda / 2`, no mandated item
  lists (:math:`v_{auth} = 0`).

For each level: the full-cooperation margin at the representative point
(:func:`ica_model.cases.g60`) and its 5–95 % and 25–75 % bands over accepted draws
of the calibration (:mod:`ica_model.analysis.calibration`); the selected equilibrium at
the representative point (how many cities cooperate, comply on paper, defect; all
cooperate; **lying flat**: no defector and at least one token complier; **open exit**:
some city defects); and the share of accepted draws in each of these regimes.

At the representative point the mandates alone only lower the margin; the rise of the U
comes from the kinds that travel with them, and the fall from the mandates' list credit,
which makes paper compliance pay (the even mix of every kind at :math:`\\lambda` keeps all
nine cooperating up to :math:`\\lambda = 1` there; ``intervention_sweep`` charts it).

Outputs: ``inverted_u.csv`` (representative point, per mix and level),
``inverted_u_band.csv`` (quantiles of the margin over accepted draws and the share where
full cooperation holds), ``inverted_u_regimes.csv`` (share of accepted draws per regime,
mandate-led mix) and ``inverted_u.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.follower import follower_response
from ..cases import g60
from ..model.closed_form import full_cooperation_margin
from ..model.parameters import along_mix
from ..model.points import as_points
from ..runtime.designs import RowSample
from ._calibrated import (
    SOURCES,
    band_note,
    bottleneck,
    calibration,
    draw_columns,
    period,
    quantiles,
    representative_levels,
)
from ._common import FILL_ALPHA, REGIMES, levels, regimes, seed_of, write_table
from .style import (
    ACTION_COLOURS,
    ACTION_HATCHES,
    HATCH_COLOUR,
    caption_line,
    kind_style,
    legend_below,
    new_figure,
    panel_title,
    save_figure,
    styled,
)

if TYPE_CHECKING:
    from matplotlib.artist import Artist

#: The mixes w of v = λ w.
MIXES = {"mandate-led": {"authority": 1.0, "standards": 0.5, "information": 0.5,
                        "incentive": 0.5},
         "remedy": {"standards": 1.0, "information": 0.5, "incentive": 0.5}}
#: The mix whose regimes and balance point the figure shows.
LED = "mandate-led"
#: Legend names of the mixes.
MIX_NAMES = {"mandate-led": "mandate-led (as in 2020–23): item\nlists at λ, "
                            "the other kinds at λ/2",
             "remedy": "remedy: standards at λ, information\nand "
                       "incentives at λ/2, no item lists"}
REGIME_NAMES = {"all cooperate": "all nine cooperate",
                "lying flat": "lying flat: no city exits, some are token compliers",
                "open exit": "open exit: some city defects",
                "no pure equilibrium": "no pure equilibrium"}
#: Accepted draws of the bands (margins; closed form) and of the regime shares (every
#: equilibrium of the profile game), full and quick.
BAND_DRAWS, REGIME_DRAWS = (1_500, 100), (300, 40)


def _along(mix: dict[str, float], grid: np.ndarray, repeat: int = 1) -> dict[str, np.ndarray]:
    """The kinds' levels along ``mix`` at every level of ``grid``, tiled ``repeat`` times."""
    return {kind: np.tile(level, repeat) for kind, level in along_mix(mix, grid).items()}


def compute(quick: bool = False, rng: int | np.random.Generator = 0
            ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """The representative point's curves, the bands, the regime shares, and notes for the
    caption."""
    seed = seed_of(rng)
    grid, band_grid = levels(quick, 101, 21), levels(quick, 51, 21)
    scenario = g60()
    result = calibration("g60", quick, seed)
    last = bottleneck("g60")
    outside = representative_levels("g60", last)["national_integration"]
    rows, bands = [], []
    band_rows = RowSample(len(result.accepted), BAND_DRAWS[quick], [seed, 1]).rows
    for mix_name, mix in MIXES.items():
        response = follower_response(scenario, _along(mix, grid)
                                     | {"national_integration": outside})
        defectors = (response.profile == 1).sum(axis=1)
        rows.append(pd.DataFrame({
            "mix": mix_name, "level": grid, **along_mix(mix, grid),
            "national_integration": outside, "margin": response.margin,
            "cooperators": response.cooperators, "token_compliers": response.token_compliers,
            "defectors": np.where(response.has_equilibrium, defectors, -1),
            "regime": regimes(response),
            "profile": ["".join(scenario.actions[a] for a in p) if p[0] >= 0 else ""
                        for p in response.profile]}))
        columns = draw_columns(result, band_rows, last, repeat=len(band_grid))
        columns |= _along(mix, band_grid, len(band_rows))
        margin = full_cooperation_margin(result.scenario, as_points(result.scenario, columns)
                                         ).reshape(len(band_rows), len(band_grid))
        bands.append(pd.DataFrame({"mix": mix_name, "level": band_grid, **quantiles(margin),
                                   "share_full_cooperation": (margin >= 0).mean(axis=0),
                                   "draws": len(band_rows)}))
    coarse = levels(quick, 31, 11)
    regime_rows = RowSample(len(result.accepted), REGIME_DRAWS[quick], [seed, 2]).rows
    columns = draw_columns(result, regime_rows, last, repeat=len(coarse))
    columns |= _along(MIXES[LED], coarse, len(regime_rows))
    names = regimes(follower_response(result.scenario, columns)).reshape(len(regime_rows),
                                                                          len(coarse))
    shares = pd.DataFrame({"mix": LED, "level": coarse,
                           **{regime: (names == regime).mean(axis=0) for regime in REGIMES},
                           "draws": len(regime_rows)})
    notes = {"outside": outside, "period": period(result.facts.epoch(last).period),
             "bands": band_note(result, len(band_rows)), "regime_draws": len(regime_rows)}
    return pd.concat(rows, ignore_index=True), pd.concat(bands, ignore_index=True), shares, notes


def spans(levels_: np.ndarray, flags: np.ndarray) -> list[tuple[float, float]]:
    """The intervals of the level axis where ``flags`` holds, each widened by half a grid
    step on either side (so single grid points show)."""
    if len(levels_) < 2:
        return []
    step = levels_[1] - levels_[0]
    out, start = [], None
    for k, flag in enumerate(flags):
        if flag and start is None:
            start = k
        if start is not None and (not flag or k == len(flags) - 1):
            stop = k if flag else k - 1
            out.append((max(levels_[0], levels_[start] - step / 2),
                        min(levels_[-1], levels_[stop] + step / 2)))
            start = None
    return out


def balance_point(curve: pd.DataFrame) -> pd.Series:
    """The row of the largest margin (the balance point λ*) of one mix's curve."""
    # pandas-stubs: idxmax returns a Hashable label, .loc lists only scalar ones
    return curve.loc[curve["margin"].idxmax()]  # type: ignore[call-overload]


def plot_margin(ax: Any, curves: pd.DataFrame, bands: pd.DataFrame) -> Any:
    """The margin against the level for both mixes: the representative point (lines), the
    5–95 % and 25–75 % bands over accepted draws, the regimes of the representative point
    along the mandate-led mix (shaded) and its balance point."""
    led = curves[curves["mix"] == LED]
    for regime in ("lying flat", "open exit"):
        colour, hatch = REGIMES[regime]
        for low, high in spans(led["level"].to_numpy(), (led["regime"] == regime).to_numpy()):
            ax.axvspan(low, high, facecolor=colour, alpha=0.25, hatch=hatch,
                       edgecolor=HATCH_COLOUR, linewidth=0, zorder=0)
    for mix_name in MIXES:
        style = MIX_STYLES[mix_name]
        band = bands[bands["mix"] == mix_name]
        # 5-95 %: thin dotted edges; 25-75 %: a fill (two bands of one encoding would
        # share a grey level in print)
        for edge in ("q05", "q95"):
            ax.plot(band["level"], band[edge], color=style["color"], lw=0.6, ls=":")
        ax.fill_between(band["level"], band["q25"], band["q75"], color=style["color"],
                        alpha=0.25, linewidth=0)
        curve = curves[curves["mix"] == mix_name]
        ax.plot(curve["level"], curve["margin"], color=style["color"],
                linestyle=style["linestyle"], marker=style["marker"],
                markevery=max(1, len(curve) // 8), label=MIX_NAMES[mix_name])
    best = balance_point(led)
    ax.plot(best["level"], best["margin"], "o", ms=6.5, mfc="white", mec="black", mew=1.2,
            zorder=5)
    ax.annotate(f"λ* = {best['level']:.2f}", (best["level"], best["margin"]),
                textcoords="offset points", xytext=(0, -12), ha="center", fontsize=7)
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xlim(0, 1)
    ax.set_xlabel(LEVEL_LABEL)
    ax.set_ylabel("margin of full cooperation\n$\\min_i\\,[U_C - \\max(U_D, U_T)]$")
    return ax


#: The x axis of every panel.
LEVEL_LABEL = "intervention level λ\n(mandate-led: mandates' strength)"
#: Line styles of the mixes: the mandate-led mix in the colour, line and marker of
#: mandates; the remedy in those of standards.
MIX_STYLES = {LED: kind_style("authority"), "remedy": kind_style("standards")}


def plot_cities(ax: Any, curves: pd.DataFrame) -> Any:
    """The nine cities at the representative point along the mandate-led mix: how many
    cooperate, comply on paper and defect in the selected equilibrium (stacked), and how
    many cooperate under the remedy (line)."""
    led = curves[(curves["mix"] == LED) & (curves["cooperators"] >= 0)]
    x = led["level"].to_numpy()
    bottom = np.zeros(len(led))
    for column, action in (("cooperators", "C"), ("token_compliers", "T"),
                           ("defectors", "D")):
        top = bottom + led[column].to_numpy()
        ax.fill_between(x, bottom, top, step="mid", facecolor=ACTION_COLOURS[action],
                        hatch=ACTION_HATCHES[action], edgecolor=HATCH_COLOUR, linewidth=0,
                        alpha=FILL_ALPHA)
        bottom = top
    missing = curves[(curves["mix"] == LED) & (curves["cooperators"] < 0)]["level"]
    ax.plot(missing, np.full(len(missing), 4.5), "x", color="black", ms=4)
    remedy = curves[(curves["mix"] == "remedy") & (curves["cooperators"] >= 0)]
    _remedy_line(ax, remedy["level"], remedy["cooperators"], drawstyle="steps-mid")
    best = balance_point(curves[curves["mix"] == LED])
    ax.axvline(best["level"], color="black", lw=0.8, ls=":")
    n = int((led[["cooperators", "token_compliers", "defectors"]].sum(axis=1)).max())
    ax.set_xlim(0, 1)
    ax.set_ylim(0, n + 0.3)
    ax.set_yticks(range(0, n + 1, 3 if n >= 6 else 1))
    ax.set_xlabel(LEVEL_LABEL)
    ax.set_ylabel("cities in the selected equilibrium")
    return ax


def _remedy_line(ax: Any, x: Any, y: Any, **options: Any) -> Any:
    """The remedy over a filled panel: in its style of (a), on a white outline."""
    from matplotlib.patheffects import Normal, Stroke

    return ax.plot(x, y, **MIX_STYLES["remedy"], markevery=max(1, len(x) // 8),
                   markeredgecolor="black", markeredgewidth=0.4,
                   path_effects=[Stroke(linewidth=3.2, foreground="white"), Normal()],
                   **options)


def plot_regimes(ax: Any, shares: pd.DataFrame, bands: pd.DataFrame) -> Any:
    """Share of accepted draws per regime of the selected equilibrium along the mandate-led
    mix (stacked), and the remedy's share of draws where all nine cooperate (line)."""
    bottom = np.zeros(len(shares))
    for regime, (colour, hatch) in REGIMES.items():
        top = bottom + shares[regime].to_numpy()
        ax.fill_between(shares["level"], bottom, top, facecolor=colour, hatch=hatch,
                        edgecolor=HATCH_COLOUR, linewidth=0, alpha=FILL_ALPHA,
                        label=REGIME_NAMES[regime])
        bottom = top
    remedy = bands[bands["mix"] == "remedy"]
    _remedy_line(ax, remedy["level"], remedy["share_full_cooperation"],
                 label="remedy: share where all nine cooperate")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(LEVEL_LABEL)
    ax.set_ylabel("share of accepted draws")
    return ax


@styled
def figure(curves: pd.DataFrame, bands: pd.DataFrame, shares: pd.DataFrame) -> Any:
    """Three panels: the margin with its bands; the nine cities at the representative
    point; the regimes over accepted draws."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    figure, axes = new_figure(1, 3, "double", 3.9)
    left, middle, right = axes[0]
    plot_margin(left, curves, bands)
    panel_title(left, "a", "Margin of full cooperation")
    plot_cities(middle, curves)
    panel_title(middle, "b", "The nine cities")
    plot_regimes(right, shares, bands)
    panel_title(right, "c", "Over accepted draws")
    handles: list[Artist]  # the legend mixes lines and patches
    # the remedy's line as (b) and (c) draw it, edged markers
    remedy = Line2D([], [], **MIX_STYLES["remedy"], markeredgecolor="black",
                    markeredgewidth=0.4, label=MIX_NAMES["remedy"] + "; (b) cities\nthat "
                                                "cooperate; (c) share where all nine do")
    handles = [Line2D([], [], **MIX_STYLES[m], label=MIX_NAMES[m]) if m != "remedy"
               else remedy for m in MIXES]
    missing = (curves[curves["mix"] == LED]["cooperators"] < 0).any()
    handles += [
                Patch(facecolor="0.5", alpha=0.3, lw=0,
                      label="(a) 25–75 % of accepted draws\n(in the colour of its line)"),
                Line2D([], [], color="0.3", lw=0.6, ls=":", label="(a) 5–95 % of accepted draws"),
                Line2D([], [], ls="none", marker="o", mfc="white", mec="black", mew=1.2,
                       label="(a) balance point λ*: largest margin\nof mandate-led; (b) dotted line"),
                Patch(facecolor=REGIMES["lying flat"][0], hatch=REGIMES["lying flat"][1],
                      edgecolor=HATCH_COLOUR, alpha=0.25, lw=0,
                      label="(a) shading: regime at the\nrepresentative point (mandate-led)"),
                Patch(facecolor=ACTION_COLOURS["C"], alpha=FILL_ALPHA, lw=0,
                      label="(b) cooperate (C);\n(c) all nine cooperate"),
                Patch(facecolor=ACTION_COLOURS["T"], hatch=ACTION_HATCHES["T"],
                      edgecolor=HATCH_COLOUR, alpha=FILL_ALPHA, lw=0,
                      label="(b) token compliance (T);\n(c) lying flat: none exits, some T"),
                Patch(facecolor=ACTION_COLOURS["D"], hatch=ACTION_HATCHES["D"],
                      edgecolor=HATCH_COLOUR, alpha=FILL_ALPHA, lw=0,
                      label="(b) defect (D);\n(c) open exit: some city defects"),
                Patch(facecolor=REGIMES["no pure equilibrium"][0],
                      hatch=REGIMES["no pure equilibrium"][1], edgecolor=HATCH_COLOUR,
                      alpha=FILL_ALPHA, lw=0, label="(c) no pure equilibrium"
                      + (";\n(b) marked ×" if missing else ""))]
    legend_below(figure, handles, columns=3)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the tables and the figure; return the paths."""
    curves, bands, shares, notes = compute(quick, rng)
    return [write_table(curves, out, "inverted_u"),
            write_table(bands, out, "inverted_u_band"),
            write_table(shares, out, "inverted_u_regimes"),
            *save_figure(figure(curves, bands, shares), out, "inverted_u", caption_line(
                f"The nine G60 cities at the national integration of {notes['period']} "
                f"(representative point {notes['outside']:.2f}); diagnosis and remedy after "
                f"{SOURCES['g60']}, sections 4 and 5(3)",
                "Lines and (b): the representative point (the calibrated G60 scenario, "
                "ica_model.cases.g60)",
                f"(a) {notes['bands']}; (c) over {notes['regime_draws']:,} of them"))]
