r"""Follow-up strategies in the diffusion of digital transformation.

彭小兵、彭洋 (Peng Xiaobing and Peng Yang, 2023), 《地方政府数字化转型创新扩散中的跟进应对与
竞争策略——基于黔、鄂、渝、辽四地政务服务改革的探索性分析》, 电子政务 2023(3), classify how a follower
government responds to a leader's innovation along two dimensions, inter-governmental
competition (府际竞争度) and innovation capacity (创新行动力): competition-expansion
(high, high), learning-localisation (low competition, high capacity),
absorption-coordination (high competition, low capacity) and wait-and-see passive (low,
low); modes move when either dimension rises.

The model reads a follower as a city deciding whether to join the other eight G60
cities, all cooperating, at the representative point (:func:`ica_model.cases.g60`):
it may join (C), comply on paper (T) or stay out (D). The mapping of the two dimensions
to parameters is illustrative and documented here:

* competition :math:`x \in [0, 1]` (府际竞争度: "对标竞争", benchmarking against peers)
  raises what visible compliance earns and what visible inaction costs: the credit for
  meeting the mandated list, :math:`s_T = x`, and the expected penalty of being named
  for inaction (点名), :math:`\pi F = 0.6x` (the top of its plausible range);
* capacity :math:`y \in [0.05, 1]` (创新行动力: infrastructure, fiscal capacity,
  technical learning) sets the capacity :math:`k = y`, the innovation value
  :math:`g = 0.6y` and the information cost of building the service,
  :math:`c_{info} = 0.05 + 0.75(1 - y)` (from the G60 corridor's easy enterprise items,
  0.05, to the "technical gulf" of the Yangtze River Delta, 0.8).

Both the list credit and the penalty scale with the mandate, so competition acts only
under one; 彭小兵 and 彭洋's setting always has one (the centre "责成各级政府按要求、如期完成相关
平台建设的任务"). Two settings: no mandate (the 2018 levels of the G60 facts) and the
mandates of 2020–21 (their representative levels). Under the mandates the four modes sit
where the paper puts them: competition-expansion (high, high) and learning-localisation
(low competition, high capacity) join; absorption-coordination (high competition, low
capacity) complies on paper, the early phase the paper describes ("迅速发布相关的政策文件…
但技术学习、嵌入性运用的进程却相对缓慢"); wait-and-see (low, low) stays out at the lowest
competition and otherwise complies on paper (Liaoning's "有栏目无内容"). Rising capacity
moves wait-and-see and absorption-coordination to joining, rising competition moves
wait-and-see from staying out to paper compliance: the transitions of the paper's
section 3(2). (That placement held at the earlier representative point; at the current
one, recomputed with the smooth mechanism forms, the follower never joins under the
2020–21 mandates, token compliance or staying out at every cell, so the mapping above
must be redone; the test of the placement is marked as an expected failure until then.)

Outputs: ``follow_up_strategies.csv`` and ``follow_up_strategies.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..cases import g60
from ..model.parameters import KINDS
from ..model.payoffs import batch_profile_payoffs
from ..model.points import as_points
from ._calibrated import SOURCES, representative_levels
from ._common import diverging_heatmap, grid, seed_of, write_table
from .style import (
    HATCH_COLOUR,
    caption_line,
    legend_below,
    new_figure,
    panel_title,
    save_figure,
    single_column,
    styled,
)

FOLLOWER = "Xuancheng"
#: The source of the two dimensions, cited in the caption line.
SOURCE = ("Modes and dimensions after Peng Xiaobing and Peng Yang's study of follow-up "
          "strategies; their mapping to model parameters illustrative (module docstring)")
#: The settings: name -> the epoch of the G60 facts whose representative levels it takes.
SETTINGS = {"no mandate (2018 levels)": "launch",
            "under the mandates of 2020–21": "lists"}
#: The four modes: name, centre of its quadrant (competition, capacity).
MODES = (("competition-expansion", 0.75, 0.75), ("learning-localisation", 0.25, 0.75),
         ("absorption-coordination", 0.75, 0.25), ("wait-and-see passive", 0.25, 0.25))
#: Where the quadrants meet: competition 0.5, capacity halfway along its axis.
SPLIT = (0.5, 0.525)


def mapping(competition: np.ndarray, capacity: np.ndarray) -> dict[str, np.ndarray]:
    """The follower's parameters (scenario-level and its own attributes) at each
    (competition, capacity) cell: the illustrative mapping of the module docstring."""
    return {"token_credit": competition, "expected_penalty": 0.6 * competition,
            "capacity": capacity, "innovation_value": 0.6 * capacity,
            "information_cost": 0.05 + 0.75 * (1.0 - capacity)}


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
    values = mapping(x, y)
    own = {}
    for name in ("capacity", "innovation_value"):
        table = np.tile([getattr(a, name) for a in scenario.actors], (len(x), 1))
        table[:, follower] = values.pop(name)
        own[name] = table
    frames = []
    for label, epoch in SETTINGS.items():
        # only the follower's payoffs are read: scenario-level values may vary per cell
        levels = representative_levels("g60", epoch)
        parameters = values | own | {k: np.full(len(x), v) for k, v in levels.items()}
        payoffs = batch_profile_payoffs(as_points(scenario, parameters), profiles)[:, :, follower]
        frames.append(pd.DataFrame({
            "setting": label, "competition": x, "capacity": y,
            **{k: levels[k] for k in (*KINDS, "national_integration")},
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
    outside = response > 0
    paper = (response == codes["T"]).astype(float)
    if (paper[outside] > 0).any() and (paper[outside] < 1).any():
        # between staying out and complying on paper, where joining is not the answer
        ax.contour(x, y, np.where(outside, paper, np.nan), levels=[0.5], colors="black",
                   linewidths=1.0, linestyles=[(0, (3, 1.5))])
    ax.axvline(SPLIT[0], color="0.3", lw=0.6, ls=(0, (1, 2)))
    ax.axhline(SPLIT[1], color="0.3", lw=0.6, ls=(0, (1, 2)))
    for mode, cx, cy in MODES:
        ax.text(cx, cy, f"{LINE_BREAKS.get(mode, mode)}\n{quadrant(part, cx, cy)}", ha="center",
                va="center", fontsize=7, style="italic",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.8,
                      "edgecolor": "none"})
    ax.set_xlabel("competition x  (list credit $s_T = x$, penalty $\\pi F = 0.6x$)")
    ax.set_ylabel("innovation capacity y  ($k = y$,\n$g = 0.6y$, $c_\\mathrm{info} = 0.8 - 0.75y$)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0.05, 1)
    return ax


def quadrant(part: pd.DataFrame, cx: float, cy: float) -> str:
    """The best responses in the quadrant whose centre is (``cx``, ``cy``), with their
    shares of its cells, as text (``"T 100 %"``)."""
    right, top = cx > SPLIT[0], cy > SPLIT[1]
    inside = part[((part["competition"] > SPLIT[0]) == right)
                  & ((part["capacity"] > SPLIT[1]) == top)]
    counts = inside["best_response"].value_counts(normalize=True)
    return ", ".join(f"{a} {100 * counts[a]:.0f} %" for a in ("C", "T", "D")
                     if counts.get(a, 0) >= 0.005)


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
    from matplotlib.ticker import FuncFormatter

    figure, axes = new_figure(1, 2, "double", 3.5)
    limit = float(np.abs(table["join_margin"]).max())
    for letter, ax, (label, part) in zip("ab", axes[0], table.groupby("setting", sort=False),
                                         strict=True):
        plot_setting(ax, part, limit)
        panel_title(ax, letter, f"{label}\n{shares(part)} of cells")
    # one column: the bar under the stacked panels, as wide as they are
    bar = figure.colorbar(axes[0, -1].collections[0], ax=axes[0].tolist(), shrink=0.8,
                          aspect=25, pad=0.02,
                          location="bottom" if single_column() else "right")
    # the sign in words and in the map's hatches: the two ends of a diverging map are
    # one grey in print
    bar.set_label("follower's margin for joining $U_C - \\max(U_D, U_T)$\n"
                  "above 0: joins (plain); below 0: hatched")
    bar.formatter = FuncFormatter(lambda value, _: f"{value:+.2g}" if value else "0")
    bar.update_ticks()
    handles = [Line2D([], [], color="black", lw=1.3, label="margin = 0: joining is the best "
                      "response above it"),
               Line2D([], [], color="black", lw=1.0, ls=(0, (3, 1.5)),
                      label="below it, staying out (left) or paper compliance (right)"),
               *(Patch(facecolor="none", edgecolor=HATCH_COLOUR, hatch=hatch, lw=0,
                       label=f"best response: {RESPONSE_NAMES[action]}")
                 for action, hatch in RESPONSE_HATCHES.items()),
               Line2D([], [], color="0.3", lw=0.6, ls=(0, (1, 2)),
                      label="quadrants of the four follow-up modes, with the best responses "
                            "in each")]
    legend_below(figure, handles, columns=2)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths. Draws nothing at random
    (``rng`` is accepted for a uniform signature)."""
    seed_of(rng)
    table = compute(quick)
    return [write_table(table, out, "follow_up_strategies"),
            *save_figure(figure(table), out, "follow_up_strategies", caption_line(
                f"A follower ({FOLLOWER}) facing eight cooperating G60 cities at the "
                f"representative point (ica_model.cases.g60), at the levels of the G60 "
                f"facts' epochs after {SOURCES['g60']}", SOURCE))]
