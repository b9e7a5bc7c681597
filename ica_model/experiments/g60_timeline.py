"""The G60 corridor through its four epochs: what happened, the intervention, what the nine
cities do.

The epochs and facts of 刘露露 (Liu Lulu), 《数字治理跨界行动中的困境及优化策略——基于G60九城
"跨省通办"的政务观测》 (:data:`ica_model.cases.G60`): the nine cities launch
cross-province services on their own (2018); the State Council names them a pilot region
and provincial support reaches Songjiang first (2019); the national list of 140 items and a
higher-level platform (2020–21); 22 more listed items, the cities' own platform a "sample"
(样品) and officials "lying flat" (躺平式顺从, 2022–23). The sources date the epochs but
never measure their intervention, so each epoch's levels are ranges.

For each epoch: the facts' ranges of every intervention kind and of national integration,
and the representative point's levels (:meth:`~ica_model.cases.Case.levels`); each
city's action in the selected equilibrium at the representative point
(:func:`ica_model.cases.g60`); the numbers of cooperators, token compliers and
defectors there, with the distribution of the number of token compliers over accepted
draws of the calibration (:mod:`ica_model.analysis.calibration`); and the
full-cooperation margin with its 5–95 % band.

Outputs: ``g60_timeline.csv`` (one row per epoch), ``g60_timeline_levels.csv`` (epoch ×
kind: the facts' range, the representative level, the accepted draws' quantiles),
``g60_timeline_token_compliers.csv`` (epoch × number of token compliers: share of
accepted draws), ``g60_timeline_cities.csv`` (epoch × city: the representative point's
action and the share of accepted draws per action) and ``g60_timeline.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.follower import follower_response
from ..cases import g60
from ..model.facts import epoch_column
from ..model.points import as_points
from ..runtime.designs import RowSample
from ..tables import epochs_latex
from ._calibrated import (
    LEVEL_NAMES,
    SOURCES,
    band_note,
    calibration,
    draw_columns,
    quantiles,
    representative_levels,
)
from ._common import ACTION_ORDER, FILL_ALPHA, action_shares, plot_action_cells, seed_of, write_table
from .style import (
    ACTION_COLOURS,
    ACTION_HATCHES,
    HATCH_COLOUR,
    caption_line,
    kind_style,
    legend_below,
    panel_title,
    save_figure,
    styled,
)

if TYPE_CHECKING:
    from matplotlib.artist import Artist

#: What happened in each epoch, in a few words (the facts' descriptions, shortened).
HAPPENED = {
    "launch": "the nine open\nservices on their own",
    "pilot": "State Council pilot;\nsupport via Songjiang",
    "lists": "national list of 140 items;\nhigher-level platform",
    "more lists": "22 more items; own\nplatform a 'sample'",
}
#: Names of the levels in legends.
LEVEL_LABELS = {"authority": "mandates (item lists)", "incentive": "incentives",
                "information": "information and attention",
                "standards": "standards and platforms",
                "national_integration": "national integration"}
#: Style of national integration (not an intervention kind).
OUTSIDE_STYLE = {"color": "0.45", "linestyle": "-", "marker": "X"}
#: Accepted draws whose equilibria are computed (every equilibrium of the profile game),
#: full and quick.
RESPONSE_DRAWS = (2_000, 100)


def _style(name: str) -> dict[str, Any]:
    return OUTSIDE_STYLE if name == "national_integration" else kind_style(name)


def compute(quick: bool = False, rng: int | np.random.Generator = 0
            ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """One row per epoch; the levels per epoch and kind; the share of accepted draws per
    number of token compliers; each city's actions; notes for the caption."""
    seed = seed_of(rng)
    result = calibration("g60", quick, seed)
    scenario = g60()
    rows = RowSample(len(result.accepted), RESPONSE_DRAWS[quick], [seed, 4]).rows
    epochs, levels, tokens, cities = [], [], [], []
    for epoch in result.facts.epochs:
        point = representative_levels("g60", epoch.name)
        own = follower_response(scenario, {k: [v] for k, v in point.items()})
        profile = own.profile[0]
        drawn = follower_response(result.scenario, as_points(
            result.scenario, draw_columns(result, rows, epoch.name)))
        defectors = np.where(drawn.has_equilibrium, (drawn.profile == 1).sum(axis=1), -1)
        token = drawn.token_compliers
        epochs.append({
            "epoch": epoch.name, "period": epoch.period, "description": epoch.description,
            **{name: point[name] for name in LEVEL_NAMES},
            "cooperators": int(own.cooperators[0]),
            "token_compliers": int(own.token_compliers[0]),
            "defectors": int((profile == 1).sum()), "margin": float(own.margin[0]),
            **{city.name: scenario.actions[a] for city, a in zip(scenario.actors, profile,
                                                                strict=True)},
            **{f"token_compliers_{k}": v for k, v in quantiles(token, 0, (0.05, 0.5, 0.95)
                                                              ).items()},
            **{f"margin_{k}": v for k, v in quantiles(drawn.margin).items()},
            "share_no_defector": float((defectors == 0).mean()),
            "share_full_cooperation": float(drawn.full_cooperation.mean()),
            "draws": len(rows)})
        for name in LEVEL_NAMES:
            low, high = epoch.ranges.get(name, (0.0, 0.0))
            column = epoch_column(epoch.name, name)
            drawn_level = (result.accepted[column].to_numpy() if column in result.accepted
                           else np.zeros(len(result.accepted)))
            levels.append({"epoch": epoch.name, "period": epoch.period, "level": name,
                           "low": low, "high": high, "representative": point[name],
                           **{f"accepted_{k}": v for k, v in
                              quantiles(drawn_level, 0, (0.05, 0.5, 0.95)).items()}})
        shares = action_shares(drawn, scenario.actions)
        cities += [{"epoch": epoch.name, "period": epoch.period, "city": city.name,
                    "representative": scenario.actions[a],
                    **{f"share_{action}": shares[i, k] for k, action in enumerate(ACTION_ORDER)},
                    "draws": int(drawn.has_equilibrium.sum())}
                   for i, (city, a) in enumerate(zip(scenario.actors, profile, strict=True))]
        counts = np.bincount(token[token >= 0], minlength=scenario.n + 1)
        tokens += [{"epoch": epoch.name, "period": epoch.period, "token_compliers": k,
                    "share": counts[k] / len(token), "draws": len(token)}
                   for k in range(scenario.n + 1)]
    notes = {"bands": band_note(result, len(rows))}
    return (pd.DataFrame(epochs), pd.DataFrame(levels), pd.DataFrame(tokens),
            pd.DataFrame(cities), notes)


def short_period(period: str) -> str:
    """``"2020-2021"`` as ``"2020–21"``; other periods as they are."""
    first, dash, last = period.partition("-")
    if dash and len(first) == len(last) == 4 and first[:2] == last[:2]:
        return f"{first}–{last[2:]}"
    return period


def _epoch_axis(ax: Any, table: pd.DataFrame, happened: bool = False) -> None:
    ax.set_xticks(range(len(table)))
    if happened:
        from .style import single_column

        # one column: the period and its name only (the page-wide figure adds the events)
        labels = [f"{short_period(period)}:\n{name}" if single_column() else
                  f"{short_period(period)}: {name}\n{HAPPENED.get(name, '')}" for period, name
                  in zip(table["period"], table["epoch"], strict=True)]
    else:
        labels = [short_period(period) for period in table["period"]]
    ax.set_xticklabels(labels, fontsize=7)
    ax.set_xlim(-0.5, len(table) - 0.5)


def plot_levels(ax: Any, table: pd.DataFrame, levels: pd.DataFrame) -> Any:
    """Per epoch, each kind's range in the facts (bar) and the representative level
    (marker), side by side."""
    width = 0.8 / len(LEVEL_NAMES)
    for k, name in enumerate(LEVEL_NAMES):
        style = _style(name)
        part = levels[levels["level"] == name]
        x = np.arange(len(part)) - 0.4 + (k + 0.5) * width
        ax.bar(x, part["high"] - part["low"], bottom=part["low"], width=0.8 * width,
               color=style["color"], alpha=0.3, edgecolor=style["color"], linewidth=0.6)
        # a range of one value (a kind the epoch does not list is 0) shows as a tick
        flat = (part["high"] - part["low"]).to_numpy() == 0
        ax.plot(x[flat], part["low"].to_numpy()[flat], ls="none", marker="_", ms=5,
                color=style["color"], mew=1.0)
        ax.plot(x, part["representative"], ls="none", marker=style["marker"], ms=4,
                color=style["color"], mec="white", mew=0.4, zorder=4)
    for k in range(1, len(table)):
        ax.axvline(k - 0.5, color="0.85", lw=0.6, zorder=0)
    _epoch_axis(ax, table, happened=True)
    ax.set_ylim(-0.03, 1.03)
    ax.set_ylabel("level")
    return ax


def plot_cities(ax: Any, table: pd.DataFrame, cities: pd.DataFrame) -> Any:
    """Each city's action: its share of accepted draws per action (bar) and the
    representative point's action (letter)."""
    names = [a.name for a in g60().actors]
    epochs = list(table["epoch"])
    shares = np.array([[cities[(cities["epoch"] == e) & (cities["city"] == c)][
        [f"share_{a}" for a in ACTION_ORDER]].to_numpy()[0] for c in names] for e in epochs])
    letters = [[table.iloc[j][c] for c in names] for j in range(len(epochs))]
    plot_action_cells(ax, names, shares, letters)
    _epoch_axis(ax, table)
    return ax


#: Stacking order of the counts: token compliers at the bottom, so their bar lines up
#: with the interval of their number over accepted draws beside it.
STACK = (("token_compliers", "T"), ("cooperators", "C"), ("defectors", "D"))
#: The table's column counting the cities that take each action.
ACTION_COUNTS = {action: column for column, action in STACK}


def plot_counts(ax: Any, table: pd.DataFrame, tokens: pd.DataFrame) -> Any:
    """Cooperators, token compliers and defectors at the representative point (stacked
    bars); beside each, the number of token compliers over accepted draws: its 5–95 % and
    25–75 % intervals, drawn as the margin's in (d)."""
    n = g60().n
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for column, action in STACK:
        ax.bar(x - 0.12, table[column], bottom=bottom, width=0.4,
               color=ACTION_COLOURS[action], hatch=ACTION_HATCHES[action],
               edgecolor=HATCH_COLOUR, lw=0, alpha=FILL_ALPHA)
        bottom = bottom + table[column].to_numpy()
    for j, epoch in enumerate(table["epoch"]):
        part = tokens[tokens["epoch"] == epoch].sort_values("token_compliers")
        for (low, high), colour in ((OUTER, "0.75"), (INNER, "0.3")):
            ax.vlines(j + 0.25, *_quantiles(part, (low, high)), color=colour, lw=3,
                      zorder=3)
    _epoch_axis(ax, table)
    ax.set_ylim(-0.3, n + 0.3)
    ax.set_yticks(range(0, n + 1, 3))
    ax.set_ylabel("cities in the selected equilibrium")
    return ax


#: Intervals over accepted draws in (c) and (d), and their grey levels.
OUTER, INNER = (0.05, 0.95), (0.25, 0.75)


def _quantiles(distribution: pd.DataFrame, probabilities: tuple[float, ...]) -> list[float]:
    """Quantiles of a count given as (value, share) rows: the smallest value whose
    cumulative share reaches each probability."""
    values = distribution["token_compliers"].to_numpy(dtype=float)
    cumulative = np.cumsum(distribution["share"].to_numpy(dtype=float))
    cumulative /= cumulative[-1]
    return [float(values[np.searchsorted(cumulative, p - 1e-12)]) for p in probabilities]


def plot_margin(ax: Any, table: pd.DataFrame) -> Any:
    """The full-cooperation margin per epoch: the representative point and the 5–95 % and
    25–75 % intervals over accepted draws."""
    x = np.arange(len(table))
    ax.vlines(x, table["margin_q05"], table["margin_q95"], color="0.75", lw=3)
    ax.vlines(x, table["margin_q25"], table["margin_q75"], color="0.3", lw=3)
    ax.plot(x, table["margin"], ls="-", lw=0.8, color="black", marker="o", ms=4, mfc="white",
            mec="black", zorder=4)
    ax.axhline(0, color="black", lw=0.6)
    _epoch_axis(ax, table)
    ax.set_ylabel("margin of full cooperation\n$\\min_i\\,[U_C - \\max(U_D, U_T)]$")
    return ax


@styled
def figure(table: pd.DataFrame, levels: pd.DataFrame, tokens: pd.DataFrame,
           cities_table: pd.DataFrame) -> Any:
    """Four panels: the levels per epoch (top), the cities' actions, the counts and the
    margin (bottom)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from .style import DOUBLE_COLUMN, SINGLE_COLUMN, single_column

    if single_column():   # the four panels one above the other
        figure = _figure(SINGLE_COLUMN, 9.4)
        grid = figure.add_gridspec(4, 1, height_ratios=(1.3, 1.1, 0.9, 0.9))
        top, cities, counts, margin = (figure.add_subplot(grid[k, 0]) for k in range(4))
    else:
        figure = _figure(DOUBLE_COLUMN, 5.4)
        grid = figure.add_gridspec(2, 3, height_ratios=(1.0, 1.15), width_ratios=(1.0, 1.0, 1.0))
        top = figure.add_subplot(grid[0, :])
        cities, counts, margin = (figure.add_subplot(grid[1, k]) for k in range(3))
    plot_levels(top, table, levels)
    panel_title(top, "a", "Intervention and national integration: ranges in the facts, "
                          "representative levels")
    keys: list[Artist] = [Line2D([], [], ls="none", marker=_style(name)["marker"],
                   color=_style(name)["color"], label=LEVEL_LABELS[name])
            for name in LEVEL_NAMES]
    keys += [Patch(facecolor="0.6", alpha=0.3, edgecolor="0.6", lw=0.6,
                   label="range in the facts (a tick: 0)")]
    if single_column():   # no room inside the panel
        legend_below(top, keys, columns=2, handlelength=1.2, bbox_to_anchor=(0.0, -0.3))
    else:
        top.legend(handles=keys, loc="upper left", ncol=2, fontsize=7, handlelength=1.2)
    plot_cities(cities, table, cities_table)
    panel_title(cities, "b", "Each city")
    plot_counts(counts, table, tokens)
    panel_title(counts, "c", "Cooperators and token compliers")
    plot_margin(margin, table)
    panel_title(margin, "d", "Margin of full cooperation")
    handles: list[Artist]  # the legend mixes lines and patches
    # an action's entry only where it shows (no city defects in any epoch: no D entry)
    shown = [a for a in ("C", "T", "D")
             if (cities_table[f"share_{a}"] > 0).any() or (table[ACTION_COUNTS[a]] > 0).any()]
    labels = {"C": "cooperates (C); (c) bars: at the representative point",
              "T": "token complier (T): 'lying flat'", "D": "defects (D)"}
    handles = [Patch(facecolor=ACTION_COLOURS[a], hatch=ACTION_HATCHES[a], alpha=FILL_ALPHA,
                     edgecolor=HATCH_COLOUR, lw=0, label=labels[a]) for a in shown]
    handles += [Line2D([], [], ls="none", marker="$\\mathbf{C}$", color="black", ms=5,
                       label="(b) letter: action at the representative point; bar: shares of "
                             "accepted draws"),
                Line2D([], [], ls="-", lw=0.8, color="black", marker="o", ms=4, mfc="white",
                       label="(d) the representative point"),
                Patch(facecolor="0.3", label="(c) token compliers, (d) margin: 25–75 % of "
                                             "accepted draws"),
                Patch(facecolor="0.75", label="(c) token compliers, (d) margin: 5–95 % of "
                                              "accepted draws")]
    legend_below(figure, handles, columns=2)
    return figure


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    figure = Figure(figsize=(width, height), layout="constrained")
    engine = figure.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)  # what layout="constrained" made
    engine.set(w_pad=2 / 72, h_pad=2 / 72, wspace=0.04, hspace=0.06)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the tables and the figure; return the paths."""
    table, levels, tokens, cities, notes = compute(quick, rng)
    cities_in_order = [actor.name for actor in g60().actors]
    return [write_table(table, out, "g60_timeline",
                        latex=lambda frame: epochs_latex(frame, cities_in_order)),
            write_table(levels, out, "g60_timeline_levels"),
            write_table(tokens, out, "g60_timeline_token_compliers"),
            write_table(cities, out, "g60_timeline_cities"),
            *save_figure(figure(table, levels, tokens, cities), out, "g60_timeline", caption_line(
                f"Epochs, events and ranges of the intervention after {SOURCES['g60']}; the "
                "sources date the epochs but never measure their intervention",
                "Representative point: the calibrated G60 scenario "
                "(ica_model.cases.g60) at its epochs' levels",
                f"(b)–(d) {notes['bands']}"))]
