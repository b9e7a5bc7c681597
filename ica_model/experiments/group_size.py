"""Group size: how many governments full cooperation can hold, and how authority moves
that number (MODEL.md §6; seed 004: "the more actors ... the higher the cost").

The symmetric reference group, closed forms for every :math:`n` at once: the window of
authority levels where full cooperation is an equilibrium (its lower edge is the critical
authority) against :math:`n`, and the critical group size (largest :math:`n` that holds)
against the authority level, with and without information support.

Outputs: ``group_size_window.csv`` (n, lowest, highest), ``group_size_critical.csv``
(authority, information, critical n), ``group_size.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..model.cases import symmetric
from ..model.closed_form import critical_authority, full_cooperation_margin
from ..model.parameters import Intervention
from ._common import COLOURS, OVER, UNDER, levels, new_figure, save_figure, seed_of, write_table

#: Largest group size charted.
N_MAX = 16
#: Information support levels compared.
SUPPORT = (0.0, 0.3)


def compute(quick: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stable authority window per n, and the critical n per authority level."""
    sizes = np.arange(2, (12 if quick else N_MAX) + 1)
    window = []
    for information in SUPPORT:
        for n in sizes:
            result = critical_authority(symmetric(int(n)), Intervention(information=information),
                                        resolution=401 if quick else 2001)
            window.append({"n": int(n), "information": information, "lowest": result.lowest,
                           "highest": result.highest})
    authority = levels(quick, 201, 21)
    candidates = np.arange(2, 501)
    rows = []
    scenario = symmetric()
    for information in SUPPORT:
        grid_authority, grid_n = np.meshgrid(authority, candidates, indexing="ij")
        margin = full_cooperation_margin(scenario, {
            "authority": grid_authority.ravel(), "information": information,
            "group_size": grid_n.ravel()}).reshape(grid_authority.shape)
        holds = margin >= 0
        critical = np.where(holds.any(axis=1), np.where(holds, candidates, 0).max(axis=1), 0)
        rows += [{"authority": a, "information": information, "critical_n": int(c)}
                 for a, c in zip(authority, critical, strict=True)]
    return pd.DataFrame(window), pd.DataFrame(rows)


def plot_window(ax: Any, window: pd.DataFrame) -> Any:
    """The stable window of authority against the number of governments."""
    styles = {0.0: "-", 0.3: "--"}
    for information, part in window.groupby("information"):
        stable = part.dropna(subset=["lowest"])
        label = f"information support {information:g}"
        if information == 0.0:
            none = part["lowest"].isna().to_numpy()
            ax.fill_between(part["n"], 0, part["lowest"].fillna(0.0), color=UNDER, alpha=0.8,
                            step="mid", label="under-intervention (no support)")
            ax.fill_between(part["n"], part["highest"].fillna(1.0), 1, color=OVER, alpha=0.9,
                            step="mid", label="over-intervention (no support)")
            ax.fill_between(part["n"], 0, 1, where=none, color="0.85", step="mid",
                            hatch="//", edgecolor="0.6", label="no level works (no support)")
        ax.step(stable["n"], stable["lowest"], where="mid", ls=styles[information],
                color=COLOURS["authority"], lw=2, label=f"critical authority, {label}")
        ax.step(stable["n"], stable["highest"], where="mid", ls=styles[information],
                color="#2166ac", lw=2, label=f"onset of over-intervention, {label}")
    ax.set_xlabel("number of governments n")
    ax.set_ylabel("authority level v_auth")
    ax.set_title("Authority levels where full cooperation is an equilibrium", fontsize=10)
    ax.set_ylim(0, 1)
    ax.set_xlim(window["n"].min(), window["n"].max())
    ax.legend(fontsize=7.5, loc="center left", framealpha=0.9)
    return ax


def plot_critical(ax: Any, critical: pd.DataFrame) -> Any:
    """The critical group size against the authority level, its peak marked."""
    styles = {0.0: "-", 0.3: "--"}
    for information, part in critical.groupby("information"):
        ax.step(part["authority"], part["critical_n"], where="mid", ls=styles[information],
                color=COLOURS["authority"], lw=2, label=f"information support {information:g}")
        peak = part.loc[part["critical_n"].idxmax()]
        ax.plot(peak["authority"], peak["critical_n"], "o", color=COLOURS["authority"],
                markeredgecolor="black")
        ax.annotate(f"n* = {int(peak['critical_n'])} at v_auth = {peak['authority']:.2f}",
                    (peak["authority"], peak["critical_n"]), textcoords="offset points",
                    xytext=(0, 8), ha="center", fontsize=8.5)
    ax.axhline(9, color="0.4", lw=0.8, ls=":")
    ax.text(0.01, 9.3, "G60: 9 cities", fontsize=8, color="0.3")
    ax.set_xlabel("authority level v_auth")
    ax.set_ylabel("critical group size n* (largest n that holds)")
    ax.set_title("How far authority stretches cooperation", fontsize=10)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, critical["critical_n"].max() + 2)
    ax.legend(fontsize=8, loc="upper left")
    return ax


def figure(window: pd.DataFrame, critical: pd.DataFrame) -> Any:
    """Both panels side by side."""
    figure, axes = new_figure(1, 2, (12.5, 4.8))
    plot_window(axes[0, 0], window)
    plot_critical(axes[0, 1], critical)
    figure.suptitle("More governments need more intervention (symmetric group, closed forms)")
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write both tables and the figure; return the paths. Draws nothing at random
    (``rng`` is accepted for a uniform signature)."""
    seed_of(rng)
    window, critical = compute(quick)
    return [write_table(window, out, "group_size_window"),
            write_table(critical, out, "group_size_critical"),
            *save_figure(figure(window, critical), out, "group_size")]
