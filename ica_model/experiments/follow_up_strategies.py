"""Follow-up strategies in the diffusion of digital transformation (seed 000).

彭小兵、彭洋, 《地方政府数字化转型创新扩散中的跟进应对与竞争策略》 classify how a follower
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
(seeds 001/002: political support), :math:`v = (0.3, 0.1, 0.3)`.

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
from ._common import diverging_heatmap, grid, new_figure, save_figure, seed_of, write_table

FOLLOWER = "Xuancheng"
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


def plot_setting(ax: Any, part: pd.DataFrame, limit: float | None = None) -> Any:
    """One setting (the rows of ``part``): the follower's margin for joining as colour
    (symmetric around 0 up to ``limit``), the borders of its best responses, the four
    modes."""
    x, y, margin, response = grid(part.assign(response=part["best_response"].map(
        {"C": 0, "T": 1, "D": 2})), "competition", "capacity", "join_margin", "response")
    diverging_heatmap(ax, x, y, margin, limit)
    ax.contour(x, y, response, levels=[0.5, 1.5], colors=["black", "0.3"], linewidths=2,
               linestyles=["solid", "dashed"])
    ax.axvline(0.5, color="0.5", lw=0.8, ls=":")
    ax.axhline(0.525, color="0.5", lw=0.8, ls=":")
    for mode, cx, cy in MODES:
        ax.text(cx, cy, mode, ha="center", va="center", fontsize=8.5,
                bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none"})
    shares = part["best_response"].value_counts(normalize=True)
    ax.set_title(f"{part['setting'].iloc[0]}\njoins (C) in {shares.get('C', 0):.0%} of cells, "
                 f"token compliance in {shares.get('T', 0):.0%}", fontsize=10)
    ax.set_xlabel("inter-governmental competition (selective benefit s = 0.1 + 0.8x)")
    ax.set_ylabel("innovation capacity (k = y, innovation value g = 0.6y)")
    return ax


def figure(table: pd.DataFrame) -> Any:
    """Both settings side by side on one colour scale."""
    figure, axes = new_figure(1, 2, (12.5, 5.2))
    limit = float(np.abs(table["join_margin"]).max())
    for ax, (_, part) in zip(axes[0], table.groupby("setting", sort=False), strict=True):
        plot_setting(ax, part, limit)
    bar = figure.colorbar(axes[0, -1].collections[0], ax=axes[0].tolist(), shrink=0.9)
    bar.set_label("follower's margin for joining U_C − max(U_D, U_T)\n"
                  "(solid line: joins above/right)")
    figure.suptitle(f"A follower ({FOLLOWER}) facing eight cooperating G60 cities: "
                    "the four follow-up modes")
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths. Draws nothing at random
    (``rng`` is accepted for a uniform signature)."""
    seed_of(rng)
    table = compute(quick)
    return [write_table(table, out, "follow_up_strategies"),
            *save_figure(figure(table), out, "follow_up_strategies",
                         "Mapping of competition and capacity to model parameters illustrative "
                         "(seed 000 gives the dimensions, not magnitudes).")]
