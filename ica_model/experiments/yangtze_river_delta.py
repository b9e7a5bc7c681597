"""The Yangtze River Delta "one network" (一网通办): no integration before the central push,
all four after it, and the balance point of central authority.

钟伟军 (Zhong Weijun), 《地方政府的分散创新与中央主导下的创新整合——长三角政务服务
"一网通办"的实践路径》, 《江苏社会科学》2022(1): mature provincial platforms and dense
horizontal learning did not integrate the three provinces and one city across their
administrative, interest and technical barriers (2013 to mid-2018); the State Council's
pilot and work plan (national codes, identity, e-licences and e-seals, a data exchange
platform, deadlines) brought all four in (51 items in 14 cities, May 2019). Section 6:
central authority belongs on cross-border planning, platforms, unified standards and
information sharing; too much of it harms local innovation, too little leaves the
barriers standing.

The facts (:data:`ica_model.cases.YANGTZE_RIVER_DELTA`) at the representative point
(:func:`ica_model.cases.yangtze_river_delta` at
:meth:`~ica_model.cases.Case.levels`) and over accepted draws of the calibration:
each province's action in the selected equilibrium, and the full-integration margin.
Then the central push at each draw's own 2019 incentive and national integration, along
two directions :math:`v = \\lambda w`:

* **central authority**: standards, mandates and information at :math:`\\lambda` alike;
* **the 2019 mix**: each kind in proportion to its 2019 level (its largest kind at
  :math:`\\lambda`), so the observed push lies on it.

Outputs: ``yangtze_river_delta.csv`` (one row per epoch), ``yangtze_river_delta_provinces.csv``
(epoch × province: the representative action and the shares of accepted draws),
``yangtze_river_delta_push.csv`` (the representative point per direction and level),
``yangtze_river_delta_band.csv`` (quantiles over accepted draws and the share of draws
per regime) and ``yangtze_river_delta.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.follower import follower_response
from ..cases import yangtze_river_delta
from ..model.parameters import KINDS
from ..model.points import as_points
from ..runtime.designs import RowSample
from ..tables import epochs_latex
from ._calibrated import (
    LEVEL_NAMES,
    SOURCES,
    band_note,
    calibration,
    draw_columns,
    period,
    quantiles,
    representative_levels,
)
from ._common import (
    ACTION_ORDER,
    FILL_ALPHA,
    REGIMES,
    action_shares,
    levels,
    plot_action_cells,
    regimes,
    seed_of,
    write_table,
)
from .style import (
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

CASE = "yangtze_river_delta"
#: The directions of the central push, with their legend names and line styles.
DIRECTIONS = {"central authority": "standards, mandates, information at λ",
              "2019 mix": "the 2019 mix, its largest kind at λ"}
STYLES = {"central authority": kind_style("even mix"), "2019 mix": kind_style("standards")}
#: Names of the regimes for four provinces.
REGIME_NAMES = {"all cooperate": "all four integrate",
                "lying flat": "no province stays out, some only on paper",
                "open exit": "some province stays out (D)",
                "no pure equilibrium": "no pure equilibrium"}
MARGIN_LABEL = "margin of full integration\n$\\mathrm{min}_i\\,[U_C - \\max(U_D, U_T)]$"
#: Short names of the epochs on the axis.
EPOCH_LABELS = {"provincial platforms": "before\nmid-2018", "central integration": "from\nmid-2018"}
#: Accepted draws of the bands and shares, full and quick.
BAND_DRAWS = (1_000, 100)


def direction(name: str, point: dict[str, np.ndarray], grid: np.ndarray,
              repeat: int) -> dict[str, np.ndarray]:
    """The kinds' levels along direction ``name`` at every level of ``grid`` (tiled per
    draw); ``point`` holds the 2019 levels of each of the ``repeat`` draws."""
    level = np.tile(grid, repeat)
    if name == "central authority":
        return {"standards": level, "authority": level, "information": level,
                "incentive": np.repeat(point["incentive"], len(grid))}
    top = np.max(np.column_stack([point[k] for k in KINDS]), axis=1)
    return {k: np.repeat(point[k] / top, len(grid)) * level for k in KINDS}


def compute(quick: bool = False, rng: int | np.random.Generator = 0
            ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """The epochs, the provinces' actions, the push at the representative point, the
    bands over accepted draws, and notes for the caption."""
    seed = seed_of(rng)
    result = calibration(CASE, quick, seed)
    scenario = yangtze_river_delta()
    rows = RowSample(len(result.accepted), BAND_DRAWS[quick], [seed, 5]).rows
    epochs, provinces = [], []
    for epoch in result.facts.epochs:
        point = representative_levels(CASE, epoch.name)
        own = follower_response(scenario, {k: [v] for k, v in point.items()})
        drawn = follower_response(result.scenario, as_points(
            result.scenario, draw_columns(result, rows, epoch.name)))
        profile = own.profile[0]
        epochs.append({"epoch": epoch.name, "period": epoch.period,
                       "description": epoch.description, **point,
                       "cooperators": int(own.cooperators[0]),
                       "token_compliers": int(own.token_compliers[0]),
                       "defectors": int((profile == 1).sum()), "margin": float(own.margin[0]),
                       **{f"margin_{k}": v for k, v in quantiles(drawn.margin).items()},
                       "share_full_cooperation": float(drawn.full_cooperation.mean()),
                       "draws": len(rows)})
        shares = action_shares(drawn, scenario.actions)
        provinces += [{"epoch": epoch.name, "period": epoch.period, "province": actor.name,
                       "representative": scenario.actions[a],
                       **{f"share_{action}": shares[i, k]
                          for k, action in enumerate(ACTION_ORDER)}}
                      for i, (actor, a) in enumerate(zip(scenario.actors, profile,
                                                         strict=True))]
    last = result.facts.epochs[-1].name
    grid = levels(quick, 101, 21)
    own_point = {k: np.array([v]) for k, v in representative_levels(CASE, last).items()}
    curves, bands = [], []
    for name in DIRECTIONS:
        vector = direction(name, own_point, grid, 1)
        response = follower_response(scenario, vector | {
            "national_integration": own_point["national_integration"][0]})
        curves.append(pd.DataFrame({"direction": name, "level": grid, **vector,
                                    "margin": response.margin,
                                    "cooperators": response.cooperators,
                                    "token_compliers": response.token_compliers,
                                    "regime": regimes(response)}))
        columns = draw_columns(result, rows, last, repeat=len(grid))
        drawn_point = {k: columns[k][::len(grid)] for k in LEVEL_NAMES}
        columns |= direction(name, drawn_point, grid, len(rows))
        response = follower_response(result.scenario, as_points(result.scenario, columns))
        margin = response.margin.reshape(len(rows), len(grid))
        names = regimes(response).reshape(len(rows), len(grid))
        bands.append(pd.DataFrame({"direction": name, "level": grid, **quantiles(margin),
                                   **{f"share_{r.replace(' ', '_')}": (names == r).mean(axis=0)
                                      for r in REGIMES},
                                   "draws": len(rows)}))
    notes = {"bands": band_note(result, len(rows)), "period": period(result.facts.epoch(last).period),
             "push": own_point}
    return (pd.DataFrame(epochs), pd.DataFrame(provinces), pd.concat(curves, ignore_index=True),
            pd.concat(bands, ignore_index=True), notes)


def plot_provinces(ax: Any, epochs: pd.DataFrame, provinces: pd.DataFrame) -> Any:
    """Each province's action per epoch: shares of accepted draws (bar) and the
    representative point (letter)."""
    names = [a.name for a in yangtze_river_delta().actors]
    shares = np.array([[provinces[(provinces["epoch"] == e) & (provinces["province"] == p)][
        [f"share_{a}" for a in ACTION_ORDER]].to_numpy()[0] for p in names]
        for e in epochs["epoch"]])
    letters = [[provinces[(provinces["epoch"] == e) & (provinces["province"] == p)][
        "representative"].iloc[0] for p in names] for e in epochs["epoch"]]
    plot_action_cells(ax, names, shares, letters)
    ax.set_xticks(range(len(epochs)))
    ax.set_xticklabels([EPOCH_LABELS.get(epoch, when) for when, epoch in
                        zip(epochs["period"], epochs["epoch"], strict=True)], fontsize=7)
    return ax


def plot_margin(ax: Any, curves: pd.DataFrame, bands: pd.DataFrame, push: float) -> Any:
    """The full-integration margin along both directions: the representative point
    (lines), the 5–95 % band over accepted draws, and the observed 2019 push."""
    for name in DIRECTIONS:
        style = STYLES[name]
        band = bands[bands["direction"] == name]
        ax.fill_between(band["level"], band["q05"], band["q95"], color=style["color"],
                        alpha=0.14, linewidth=0)
        curve = curves[curves["direction"] == name]
        ax.plot(curve["level"], curve["margin"], color=style["color"],
                linestyle=style["linestyle"], marker=style["marker"],
                markevery=max(1, len(curve) // 8))
    mix = curves[curves["direction"] == "2019 mix"]
    ax.plot(push, np.interp(push, mix["level"], mix["margin"]), "*", ms=9, color="black",
            mfc="white", mew=1.0, zorder=5)
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xlim(0, 1)
    ax.set_xlabel("central intervention level λ  (v = λ·w)")
    ax.set_ylabel(MARGIN_LABEL)
    return ax


def plot_shares(ax: Any, bands: pd.DataFrame) -> Any:
    """Share of accepted draws per regime along the central-authority direction (stacked)
    and the share where all four integrate along the 2019 mix (line)."""
    from matplotlib.patheffects import Normal, Stroke

    central = bands[bands["direction"] == "central authority"]
    bottom = np.zeros(len(central))
    for regime, (colour, hatch) in REGIMES.items():
        top = bottom + central[f"share_{regime.replace(' ', '_')}"].to_numpy()
        ax.fill_between(central["level"], bottom, top, facecolor=colour, hatch=hatch,
                        edgecolor=HATCH_COLOUR, linewidth=0, alpha=FILL_ALPHA)
        bottom = top
    mix = bands[bands["direction"] == "2019 mix"]
    # in the 2019 mix's own style, as in (b): one style, one meaning
    ax.plot(mix["level"], mix["share_all_cooperate"], **STYLES["2019 mix"],
            markevery=max(1, len(mix) // 8), markeredgecolor="black", markeredgewidth=0.4,
            path_effects=[Stroke(linewidth=3.2, foreground="white"), Normal()])
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("central intervention level λ  (v = λ·w)")
    ax.set_ylabel("share of accepted draws")
    return ax


@styled
def figure(epochs: pd.DataFrame, provinces: pd.DataFrame, curves: pd.DataFrame,
           bands: pd.DataFrame, push: float) -> Any:
    """Three panels: the provinces per epoch; the margin along the central push; the
    regimes over accepted draws (along the central-authority direction)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    figure, axes = new_figure(1, 3, "double", 3.3, width_ratios=(0.75, 1.1, 1.1))
    left, middle, right = axes[0]
    plot_provinces(left, epochs, provinces)
    panel_title(left, "a", "Each province")
    plot_margin(middle, curves, bands, push)
    panel_title(middle, "b", "Margin along the central push")
    plot_shares(right, bands)
    panel_title(right, "c", "Regimes over accepted draws")
    handles: list[Artist]  # the legend mixes lines and patches
    handles = [Patch(facecolor=colour, hatch=hatch, edgecolor=HATCH_COLOUR, lw=0,
                     alpha=FILL_ALPHA, label=label)
               for (colour, hatch), label in zip(REGIMES.values(), (
                   "(a) integrates (C); (c) all four do",
                   "(a) on paper only (T); (c) none stays out,\nsome only on paper",
                   "(a) stays out (D); (c) some province does",
                   "(c) no pure equilibrium"), strict=True)]
    handles.append(Line2D([], [], ls="none", marker="$\\mathbf{C}$", color="black", ms=5,
                          label="(a) letter: representative point;\nbar: shares of accepted draws"))
    what = {"central authority": "(b) margin at the representative point;\n"
                                 "(c) regimes stacked along it",
            "2019 mix": "(b) margin at the representative point;\n"
                        "(c) share where all four integrate"}
    # the 2019 mix's line as (c) draws it, edged markers
    edged: dict[str, dict[str, Any]] = {"2019 mix": {"markeredgecolor": "black",
                                                     "markeredgewidth": 0.4}}
    handles += [Line2D([], [], **STYLES[name], **edged.get(name, {}),
                       label=f"{label}:\n{what[name]}") for name, label in DIRECTIONS.items()]
    handles += [Patch(facecolor="0.5", alpha=0.3, lw=0,
                      label="(b) 5–95 % of accepted draws\n(in the colour of its line)"),
                Line2D([], [], ls="none", marker="*", ms=8, color="black", mfc="white",
                       label="(b) the 2019 push at the representative point")]
    legend_below(figure, handles, columns=2)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the tables and the figure; return the paths."""
    epochs, provinces, curves, bands, notes = compute(quick, rng)
    point = {k: float(v[0]) for k, v in notes["push"].items()}
    push = max(point[k] for k in KINDS)
    return [write_table(epochs, out, "yangtze_river_delta",
                        latex=lambda frame: epochs_latex(frame, ())),
            write_table(provinces, out, "yangtze_river_delta_provinces"),
            write_table(curves, out, "yangtze_river_delta_push"),
            write_table(bands, out, "yangtze_river_delta_band"),
            *save_figure(figure(epochs, provinces, curves, bands, push), out,
                         "yangtze_river_delta", caption_line(
                             f"Epochs and facts after {SOURCES[CASE]}; the representative point "
                             "is ica_model.cases.yangtze_river_delta",
                             f"(b), (c): incentive and national integration as in "
                             f"{notes['period']} (representative point "
                             f"{point['incentive']:.2f} and "
                             f"{point['national_integration']:.2f}; each draw's own)",
                             f"(a)–(c): {notes['bands']}"))]
