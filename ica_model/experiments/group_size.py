"""Group size: how many governments full cooperation can hold, and how authority moves
that number (刘露露's G60 study: the more actors, the higher the cost of acting
together).

The symmetric reference group, closed forms for every :math:`n` at once: the window of
authority levels where full cooperation is an equilibrium (its lower edge is the critical
authority) against :math:`n`, and the critical group size (largest :math:`n` that holds)
against the authority level, with and without information support.

Outputs: ``group_size_window.csv`` (n, lowest, highest), ``group_size_critical.csv``
(authority, information, critical n), ``group_size.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from ..cases import symmetric
from ..model.closed_form import critical_authority, full_cooperation_margin
from ..model.parameters import Intervention
from ._common import levels, seed_of, write_table
from .style import (
    ILLUSTRATIVE,
    caption_line,
    legend_below,
    new_figure,
    panel_title,
    region_style,
    save_figure,
    styled,
)

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


#: Line style per information support level; colour per edge of the window.
SUPPORT_STYLES = {0.0: "-", 0.3: (0, (5, 2))}
LOWER, UPPER = "#d55e00", "#0072b2"
AUTHORITY = "authority level $v_\\mathrm{auth}$"


def plot_window(ax: Any, window: pd.DataFrame) -> Any:
    """The stable window of authority against the number of governments: its lower edge
    (the critical authority) and upper edge (the onset of over-intervention) per
    information support level; the regions outside it for no support."""
    for information, part in window.groupby("information"):
        stable = part.dropna(subset=["lowest"])
        support = f"information support {information:g}"
        if information == 0.0:
            # regions in the legend only where they show
            if (part["lowest"].fillna(0.0) > 0).any():
                ax.fill_between(part["n"], 0, part["lowest"].fillna(0.0), step="mid",
                                **region_style("under"), label="under-intervention (support 0)")
            ax.fill_between(part["n"], part["highest"].fillna(1.0), 1, step="mid",
                            **region_style("over"), label="over-intervention (support 0)")
            # one column per group size, so the region meets the step of its neighbour
            for k, n in enumerate(part["n"][part["lowest"].isna()]):
                ax.axvspan(n - 0.5, n + 0.5, facecolor="0.88", hatch="xx", edgecolor="0.6",
                           linewidth=0, label="no level works (support 0)" if k == 0 else None)
        if (stable["lowest"] > 0).any():   # a lower edge at 0 would hide in the axis
            ax.step(stable["n"], stable["lowest"], where="mid",
                    ls=SUPPORT_STYLES[cast(float, information)], color=LOWER,
                    label=f"critical authority, {support}")
        ax.step(stable["n"], stable["highest"], where="mid", ls=SUPPORT_STYLES[cast(float, information)],
                color=UPPER, label=f"onset of over-intervention, {support}")
    ax.set_xlabel("number of governments n")
    ax.set_ylabel(AUTHORITY)
    ax.set_ylim(0, 1)
    ax.set_xlim(window["n"].min(), shown_sizes(window))
    ax.set_xticks(range(int(window["n"].min()), int(shown_sizes(window)) + 1))
    return ax


def shown_sizes(window: pd.DataFrame) -> float:
    """The largest group size drawn: two past the last one where some level holds (past
    it, nothing changes), or the largest computed."""
    holds = window.dropna(subset=["lowest"])["n"]
    return float(min(window["n"].max(), holds.max() + 2 if len(holds) else window["n"].max()))


def plot_critical(ax: Any, critical: pd.DataFrame) -> Any:
    """The critical group size against the authority level, per information support
    level, its peak marked; the G60's nine as a reference."""
    for information, part in critical.groupby("information"):
        # pandas-stubs: idxmax returns a Hashable label, .loc lists only scalar ones
        peak = part.loc[part["critical_n"].idxmax()]  # type: ignore[call-overload]
        # no group size holds: no line (not a group of 0)
        ax.step(part["authority"], part["critical_n"].where(part["critical_n"] > 0), where="mid",
                ls=SUPPORT_STYLES[cast(float, information)], color="black",
                label=f"information support {information:g}: largest n* = "
                      f"{int(peak['critical_n'])} at {peak['authority']:.2f}")
        ax.plot(peak["authority"], peak["critical_n"], "o", ms=5, mfc="white", mec="black",
                zorder=5, clip_on=False)   # whole at the axis edge
    ax.axhline(9, color="0.4", lw=0.8, ls=(0, (1, 2)), zorder=0,
               label="nine governments (G60)")
    ax.set_xlabel(AUTHORITY)
    ax.set_ylabel("critical group size n*\n(largest n that holds)")
    ax.set_xlim(0, 1)
    top = int(critical["critical_n"].max()) + 2
    ax.set_ylim(0, top)
    ax.set_yticks(range(0, top + 1, 3))
    ax.text(0.98, 0.03, "no line: no group size holds", transform=ax.transAxes, ha="right",
            va="bottom", fontsize=7, color="0.3")
    return ax


def peaks(critical: pd.DataFrame) -> str:
    """The largest critical group size per support level, as text."""
    # pandas-stubs: idxmax returns a Hashable label, .loc lists only scalar ones
    rows = [part.loc[part["critical_n"].idxmax()]  # type: ignore[call-overload]
            for _, part in critical.groupby("information")]
    return "; ".join(f"{int(r['critical_n'])} at {r['authority']:.2f} (support "
                     f"{r['information']:g})" for r in rows)


@styled
def figure(window: pd.DataFrame, critical: pd.DataFrame) -> Any:
    """Both panels side by side, one legend below them."""
    from matplotlib.lines import Line2D

    figure, axes = new_figure(1, 2, "double", 3.5)
    left, right = axes[0]
    plot_window(left, window)
    panel_title(left, "a", "Authority levels where full cooperation holds")
    plot_critical(right, critical)
    panel_title(right, "b", "Largest group in which it holds")
    handles, labels = left.get_legend_handles_labels()
    # the regions (drawn for support 0); then each line once per support level, in the
    # colour of what it shows and the style of its level, so no key is read across another
    handles = [h for h, label in zip(handles, labels, strict=True) if "(support 0)" in label]
    lines = [(UPPER, "(a) onset of over-intervention")]
    if (window["lowest"] > 0).any():
        lines.insert(0, (LOWER, "(a) critical authority"))
    else:   # said in the panel, not as a legend entry that draws nothing
        left.text(0.02, 0.97, "critical authority 0 at every n (no lower edge)",
                  transform=left.transAxes, ha="left", va="top", fontsize=7,
                  bbox={"boxstyle": "square,pad=0.15", "facecolor": "white",
                        "edgecolor": "none"})
    lines.append(("black", "(b) critical group size n*"))
    handles += [Line2D([], [], color=colour, ls=style, label=f"{what}, support {level:g}")
                for colour, what in lines for level, style in SUPPORT_STYLES.items()]
    handles += [
        Line2D([], [], ls="none", marker="o", mfc="white", mec="black",
               label=f"(b) largest n*: {peaks(critical)}"),
        Line2D([], [], color="0.4", lw=0.8, ls=(0, (1, 2)), label="(b) nine governments (G60)")]
    legend_below(figure, handles, columns=2)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write both tables and the figure; return the paths. Draws nothing at random
    (``rng`` is accepted for a uniform signature)."""
    seed_of(rng)
    window, critical = compute(quick)
    return [write_table(window, out, "group_size_window"),
            write_table(critical, out, "group_size_critical"),
            *save_figure(figure(window, critical), out, "group_size",
                         caption_line("Symmetric group, closed forms", ILLUSTRATIVE))]
