r"""The four follow-up modes among the 31 provinces: where the four followers sit, how
modes move, and the placement as a share of the fact-consistent region.

彭小兵、彭洋, 《地方政府数字化转型创新扩散中的跟进应对与竞争策略——基于黔、鄂、渝、辽四地政务服务改革的
探索性分析》, 电子政务 2023(3), section 3(2): four modes in the quadrants of competition
(府际竞争度) and capacity (创新行动力); 「当府际竞争度提升时，“观望-被动式”跟进和“学习-在地化”跟进可能会
转变为“吸纳-协调式”跟进和“竞争-扩充式”跟进；当创新行动力提升时……」. Section 4(2) places Guizhou,
Hubei, Chongqing and Liaoning; Liaoning upgrades in May 2022.

The model is :mod:`ica_model.diffusion` on the province network; the fact-consistent
region and the placement share are :func:`ica_model.diffusion.facts.placement_share`
(illustrative prior, rejection on the observed facts).

Outputs: ``follow_up_modes.csv`` (share of the accepted draws per placement, Wilson 95 %
interval), ``follow_up_modes_paths.csv`` (the four followers' competition, capacity and
mode each quarter in the accepted draw where most of the paper's placements hold, the
first of ties), ``follow_up_modes_transitions.csv``
(mode-to-mode moves of all 31 provinces over the accepted draws), and the figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import seed_of
from ..diffusion import MODES, china_network, run_chunk
from ..diffusion.facts import (
    FOLLOWERS,
    INDEX_PERIOD,
    PLACEMENTS,
    TRACK,
    UPGRADE_PERIOD,
    draw_prior,
    observed_holds,
    placements_hold,
    simulate_one,
)
from ..stats import Z95_TWO_DECIMALS, wilson_interval
from ._common import write_table
from .style import caption_line, legend_below, new_figure, panel_title, save_figure, styled

SOURCE = ("Modes after Peng Xiaobing and Peng Yang (2023); illustrative prior; accepted "
          "draws satisfy the observed facts (ica_model.diffusion.facts)")
#: Marker and line style per follower (distinguishable in greyscale).
FOLLOWER_STYLE = {"Guizhou": ("#d55e00", "o", "-"), "Hubei": ("#0072b2", "s", (0, (5, 2))),
                  "Chongqing": ("#009e73", "^", (0, (1, 1.5))),
                  "Liaoning": ("#cc79a7", "D", (0, (4, 1.5, 1, 1.5)))}


def compute(quick: bool, seed: int) -> dict[str, pd.DataFrame]:
    """Placement shares, the first accepted draw's paths and the mode transitions."""
    network = china_network("provinces")
    draws = 300 if quick else 1200
    hits, transitions = [], np.zeros((len(MODES), len(MODES)), dtype=int)
    first, best = None, -1
    for j in range(draws):
        parameters = draw_prior(np.random.default_rng([seed, j]))
        one = simulate_one(network, parameters, seed, j)
        if not observed_holds(one["stages"], one["score"]):
            continue
        hits.append(placements_hold(one["modes"]))
        held = int(hits[-1].sum())
        full = run_chunk(network, parameters, UPGRADE_PERIOD, seed, j, j + 1,
                         tuple(range(network.size)))
        path = full.tracked[0]
        np.add.at(transitions, (path[:-1].ravel(), path[1:].ravel()), 1)
        if held > best:      # the accepted draw where most placements hold (first of ties)
            best = held
            first = run_chunk(network, parameters, UPGRADE_PERIOD, seed, j, j + 1, TRACK)
    table = _shares(np.array(hits).reshape(-1, len(PLACEMENTS)), draws)
    paths = pd.DataFrame([
        {"province": name, "period": t, "year": 2016 + t / 4,
         "competition": first.tracked_competition[0, t, k],
         "capacity": first.tracked_capacity[0, t, k], "mode": MODES[first.tracked[0, t, k]]}
        for k, name in enumerate(FOLLOWERS) for t in range(UPGRADE_PERIOD + 1)]) \
        if first is not None else pd.DataFrame()
    moves = pd.DataFrame([{"from": MODES[a], "to": MODES[b], "count": int(transitions[a, b])}
                          for a in range(len(MODES)) for b in range(len(MODES))])
    return {"follow_up_modes": table, "follow_up_modes_paths": paths,
            "follow_up_modes_transitions": moves}


def _shares(hits: np.ndarray, draws: int) -> pd.DataFrame:
    accepted = len(hits)
    rows = []
    labels = [f"{p.province}: {p.statement} ({2016 + p.period // 4})" for p in PLACEMENTS]
    columns = [*(hits[:, k] for k in range(len(PLACEMENTS))), hits.all(axis=1)]
    for label, column in zip([*labels, "all five together"], columns, strict=True):
        count = int(column.sum())
        low, high = wilson_interval(count, accepted, z=Z95_TWO_DECIMALS)
        rows.append({"placement": label, "accepted_draws": accepted, "prior_draws": draws,
                     "share": count / accepted if accepted else np.nan, "low": low,
                     "high": high})
    return pd.DataFrame(rows)


def plot_paths(ax: Any, paths: pd.DataFrame, threshold: float = 0.5) -> Any:
    """The four followers' paths in the (competition, capacity) plane, quadrants marked;
    a larger marker at the 2020 index."""
    ax.axvline(threshold, color="0.4", lw=0.6, ls=(0, (1, 2)))
    ax.axhline(threshold, color="0.4", lw=0.6, ls=(0, (1, 2)))
    for text, x, y in (("wait-and-see", 0.02, 0.02), ("absorption-\ncoordination", 0.98, 0.02),
                       ("learning-\nlocalisation", 0.02, 0.98),
                       ("competition-\nexpansion", 0.98, 0.98)):
        ax.text(x, y, text, transform=ax.transAxes, ha="left" if x < 0.5 else "right",
                va="bottom" if y < 0.5 else "top", fontsize=7, style="italic", color="0.3")
    for name, part in paths.groupby("province", sort=False):
        colour, marker, line = FOLLOWER_STYLE[str(name)]
        adopted = part[part["mode"] != "none"]
        ax.plot(adopted["competition"], adopted["capacity"], color=colour, ls=line, lw=1.0,
                marker=marker, markersize=2.5, label=str(name))
        at = part[part["period"] == INDEX_PERIOD]
        ax.plot(at["competition"], at["capacity"], color=colour, marker=marker,
                markersize=6, markeredgecolor="black", markeredgewidth=0.6, ls="none")
    ax.set_xlim(-0.03, 1.25)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("competition: tournament value $T_i$")
    ax.set_ylabel("capacity $k_i$")
    return ax


def plot_shares(ax: Any, table: pd.DataFrame) -> Any:
    """Share of the accepted draws per placement, with the Wilson 95 % interval."""
    y = np.arange(len(table))[::-1]
    ax.barh(y, table["share"], color="0.75", edgecolor="black", lw=0.5, height=0.6)
    ax.errorbar(table["share"], y, xerr=[table["share"] - table["low"],
                                         table["high"] - table["share"]],
                fmt="none", ecolor="black", elinewidth=0.8, capsize=2)
    ax.set_yticks(y, [p.replace(": ", ":\n") for p in table["placement"]], fontsize=7)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"share of the {int(table['accepted_draws'].iloc[0])} accepted draws")
    return ax


@styled
def figure(tables: dict[str, pd.DataFrame]) -> Any:
    """(a) the followers' paths, (b) the placement shares."""
    figure, axes = new_figure(1, 2, 6.9, 3.3)
    paths = tables["follow_up_modes_paths"]
    if len(paths):
        plot_paths(axes[0, 0], paths)
    panel_title(axes[0, 0], "a", "Four followers, 2016-2022 (accepted draw closest\n"
                "to the paper; large marker: the 2020 index)")
    plot_shares(axes[0, 1], tables["follow_up_modes"])
    panel_title(axes[0, 1], "b", "The paper's placement")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    legend_below(figure, handles, labels, columns=4)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the tables and the figure; return the paths."""
    tables = compute(quick, seed_of(rng))
    paths = [write_table(table, out, name) for name, table in tables.items()]
    return [*paths, *save_figure(figure(tables), out, "follow_up_modes", caption_line(SOURCE))]
