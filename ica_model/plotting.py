"""Plots of results. They take results and axes and return the axes; they never solve.

matplotlib is imported by the caller's figure; this module imports nothing from it at
import time, so the core of the library stays free of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .closed_form import CriticalAuthority

__all__ = ["plot_intervention_sweep"]

_COLOURS = {"authority": "#b2182b", "incentive": "#2166ac", "information": "#1b7837",
            "even mix": "#762a83"}


def plot_intervention_sweep(rows: Sequence[dict], critical: CriticalAuthority,
                            margin_ax: Any, cooperators_ax: Any) -> tuple[Any, Any]:
    """Draw an intervention sweep: the full-cooperation margin by kind, with the
    authority balance point and the under- and over-intervention regions, and the
    cooperators at the most cooperative pure equilibrium.

    Parameters
    ----------
    rows : sequence of dict
        Tidy rows with ``kind``, ``level``, ``margin`` and ``most_cooperators``.
    critical : CriticalAuthority
        Where authority alone keeps full cooperation an equilibrium.
    margin_ax, cooperators_ax : matplotlib Axes

    Returns
    -------
    tuple of Axes
    """
    kinds = list(dict.fromkeys(row["kind"] for row in rows))
    if critical.lowest is not None:
        margin_ax.axvspan(0, critical.lowest, color="#fddbc7", alpha=0.6,
                          label="under-intervention (authority)")
        margin_ax.axvspan(critical.highest, 1, color="#d1e5f0", alpha=0.8,
                          label="over-intervention (authority)")
    for kind in kinds:
        selected = [r for r in rows if r["kind"] == kind]
        levels = np.array([r["level"] for r in selected])
        margins = np.array([r["margin"] for r in selected])
        margin_ax.plot(levels, margins, color=_COLOURS.get(kind), lw=2, label=kind)
        if kind == "authority":
            best = int(np.argmax(margins))
            margin_ax.plot(levels[best], margins[best], "o", ms=8, color=_COLOURS[kind],
                           markeredgecolor="black", zorder=5)
            margin_ax.annotate(f"balance point λ* = {levels[best]:.2f}",
                               (levels[best], margins[best]), textcoords="offset points",
                               xytext=(0, 12), ha="center", fontsize=9)
        points = [(r["level"], r["most_cooperators"]) for r in selected
                  if r["most_cooperators"] is not None]
        if points:
            xs, ys = zip(*points, strict=True)
            cooperators_ax.step(xs, ys, where="mid", color=_COLOURS.get(kind), lw=2, label=kind)
    margin_ax.axhline(0, color="black", lw=0.8)
    margin_ax.set_xlabel("intervention level λ (v = λ·w)")
    margin_ax.set_ylabel("incentive margin of full cooperation\nmin(U_C − U_D, U_C − U_T)")
    margin_ax.set_title("Full cooperation is an equilibrium where the margin ≥ 0")
    margin_ax.set_xlim(0, 1)
    margin_ax.legend(fontsize=8, loc="upper left", framealpha=0.9)
    cooperators_ax.set_xlabel("intervention level λ (v = λ·w)")
    cooperators_ax.set_ylabel("cooperators at the most cooperative\npure equilibrium")
    cooperators_ax.set_title("Equilibrium cooperation")
    cooperators_ax.set_xlim(0, 1)
    cooperators_ax.legend(fontsize=8, loc="center left", framealpha=0.9)
    return margin_ax, cooperators_ax
