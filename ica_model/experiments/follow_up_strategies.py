"""Follow-up strategies in the diffusion of digital transformation.

彭小兵、彭洋 (Peng Xiaobing and Peng Yang, 2023), 《地方政府数字化转型创新扩散中的跟进应对与
竞争策略——基于黔、鄂、渝、辽四地政务服务改革的探索性分析》, 电子政务 2023(3), classify how a follower
government responds to a leader's innovation along two dimensions, inter-governmental
competition (府际竞争度) and innovation capacity (创新行动力): competition-expansion
(high, high), learning-localisation (low competition, high capacity),
absorption-coordination (high competition, low capacity) and wait-and-see passive (low,
low); modes move when either dimension rises.

The model reads a follower as a city deciding whether to join the other eight G60
cities, all cooperating. Mapping (illustrative, documented here): competition
:math:`x \\in [0, 1]` sets the selective benefit of being in, :math:`s = 0.1 + 0.8x`
(credit and the "ticket" matter more when neighbours compete); capacity
:math:`y \\in [0.05, 1]` sets both the capacity :math:`k = y` and the innovation value
:math:`g = 0.6y`. For each cell: the follower's best response and its margin for joining,
:math:`U_C - \\max(U_D, U_T)`, without intervention and under upper-level attention
(political support, as in 黄六招、顾丽梅、尚虎平 (Huang, Gu and Shang, 2019), 《地方公共服务创新
是如何生成的？——以"惠企一码通"项目为例》, and 陈璐 (Chen Lu), 《从技术引入转向组织变革：地方
数字政府改革何以深入》), :math:`v = (0.3, 0.1, 0.3)`.

Outputs: ``follow_up_strategies.csv`` and ``follow_up_strategies.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..model.cases import g60
from ..model.parameters import KINDS, Intervention
from ..model.payoffs import batch_profile_payoffs
from ..model.points import as_points
from ._common import diverging_heatmap, grid, seed_of, write_table
from .style import (
    HATCH_COLOUR,
    caption_line,
    legend_below,
    new_figure,
    panel_title,
    save_figure,
    styled,
)

FOLLOWER = "Xuancheng"
#: The source of the two dimensions, cited in the caption line.
SOURCE = ("Modes and dimensions after Peng Xiaobing and Peng Yang's study of follow-up "
          "strategies; their mapping to model parameters illustrative")
SETTINGS = {"no intervention": Intervention(),
            "upper-level attention v = (0.3, 0.1, 0.3)": Intervention(0.3, 0.1, 0.3)}
MODES = (("competition-expansion", 0.75, 0.75), ("learning-localisation", 0.25, 0.75),
         ("absorption-coordination", 0.75, 0.25), ("wait-and-see passive", 0.25, 0.25))


def compute(quick: bool) -> pd.DataFrame:
    """One row per setting and (competition, capacity) cell."""
    scenario = g60()
    n, follower = scenario.n, [a.name for a in scenario.actors].index(FOLLOWER)
    size = 11 if quick else 61
    competition, capacity = np.meshgrid(np.linspace(0, 1, size), np.linspace(0.05, 1, size),
                                        indexing="ij")
    x, y = competition.ravel(), capacity.ravel()
    profiles = np.zeros((3, n), dtype=int)
    profiles[:, follower] = [0, 1, 2]              # the others all cooperate
    attributes = {}
    for name, values in (("selective_benefit", 0.1 + 0.8 * x), ("capacity", y),
                         ("innovation_value", 0.6 * y)):
        table = np.tile([getattr(a, name) for a in scenario.actors], (len(x), 1))
        table[:, follower] = values
        attributes[name] = table
    frames = []
    for label, v in SETTINGS.items():
        parameters = attributes | {k: np.full(len(x), getattr(v, k)) for k in KINDS}
        payoffs = batch_profile_payoffs(as_points(scenario, parameters), profiles)[:, :, follower]
        frames.append(pd.DataFrame({
            "setting": label, "competition": x, "capacity": y,
            "join_margin": payoffs[:, 0] - payoffs[:, 1:].max(axis=1),
            "best_response": np.array(scenario.actions)[payoffs.argmax(axis=1)]}))
    return pd.concat(frames, ignore_index=True)


#: Hatches of the best responses other than joining (joining: no hatch).
RESPONSE_HATCHES = {"T": "////", "D": "xxx"}
LINE_BREAKS = {"wait-and-see passive": "wait-and-see\npassive",
               **{m: m.replace("-", "-\n") for m, _, _ in MODES if m.count("-") == 1}}
RESPONSE_NAMES = {"C": "joins (C)", "T": "token compliance (T)", "D": "stays out (D)"}


def plot_setting(ax: Any, part: pd.DataFrame, limit: float | None = None) -> Any:
    """One setting (the rows of ``part``): the follower's margin for joining as colour
    (symmetric around 0 up to ``limit``), its zero line, the cells where token compliance
    or staying out is the best response hatched, and the quadrants of the four modes."""
    codes = {"C": 0, "T": 1, "D": 2}
    x, y, margin, response = grid(part.assign(response=part["best_response"].map(codes)),
                                  "competition", "capacity", "join_margin", "response")
    diverging_heatmap(ax, x, y, margin, limit, hatch_negative=False)
    for action, hatch in RESPONSE_HATCHES.items():
        inside = (response == codes[action]).astype(float)
        if inside.any():
            shade = ax.contourf(x, y, inside, levels=[0.5, 1.5], colors="none", hatches=[hatch])
            for artist in getattr(shade, "collections", [shade]):
                artist.set_edgecolor(HATCH_COLOUR)
                artist.set_linewidth(0)
    if (margin < 0).any() and (margin >= 0).any():
        ax.contour(x, y, margin, levels=[0.0], colors="black", linewidths=1.3)
    ax.axvline(0.5, color="0.3", lw=0.6, ls=(0, (1, 2)))
    ax.axhline(0.525, color="0.3", lw=0.6, ls=(0, (1, 2)))
    for mode, cx, cy in MODES:
        ax.text(cx, cy, LINE_BREAKS.get(mode, mode), ha="center", va="center", fontsize=6.5,
                style="italic", bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                                      "alpha": 0.7, "edgecolor": "none"})
    ax.set_xlabel("competition x  (selective benefit s = 0.1 + 0.8x)")
    ax.set_ylabel("innovation capacity y\n(capacity k = y, innovation value g = 0.6y)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0.05, 1)
    return ax


def shares(part: pd.DataFrame) -> str:
    """The share of cells per best response, as text."""
    counts = part["best_response"].value_counts(normalize=True)
    return ", ".join(f"{RESPONSE_NAMES[a].split(' (')[0]} {100 * counts.get(a, 0):.0f} %"
                     for a in ("C", "T", "D"))


@styled
def figure(table: pd.DataFrame) -> Any:
    """Both settings side by side on one colour scale, one legend below them."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    figure, axes = new_figure(1, 2, "double", 3.5)
    limit = float(np.abs(table["join_margin"]).max())
    for letter, ax, (label, part) in zip("ab", axes[0], table.groupby("setting", sort=False),
                                         strict=True):
        plot_setting(ax, part, limit)
        panel_title(ax, letter, f"{label}\n{shares(part)} of cells")
    bar = figure.colorbar(axes[0, -1].collections[0], ax=axes[0].tolist(), shrink=0.8,
                          aspect=25, pad=0.02)
    bar.set_label("follower's margin for joining\n$U_C - \\max(U_D, U_T)$")
    handles = [Line2D([], [], color="black", lw=1.3, label="margin = 0: joining is the best "
                      "response above and to the right"),
               *(Patch(facecolor="none", edgecolor=HATCH_COLOUR, hatch=hatch, lw=0,
                       label=f"best response: {RESPONSE_NAMES[action]}")
                 for action, hatch in RESPONSE_HATCHES.items()),
               Line2D([], [], color="0.3", lw=0.6, ls=(0, (1, 2)),
                      label="quadrants of the four follow-up modes")]
    legend_below(figure, handles, columns=2)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths. Draws nothing at random
    (``rng`` is accepted for a uniform signature)."""
    seed_of(rng)
    table = compute(quick)
    return [write_table(table, out, "follow_up_strategies"),
            *save_figure(figure(table), out, "follow_up_strategies", caption_line(
                f"A follower ({FOLLOWER}) facing eight cooperating G60 cities", SOURCE))]
