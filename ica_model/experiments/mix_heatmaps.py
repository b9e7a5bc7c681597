"""Standards against mandates at the G60 bottleneck: what the nine cities do.

刘露露 (Liu Lulu), 《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"的政务观测》,
section 4(2), diagnoses too little and too much vertical authority at once in 2020–23:
too little on unified standards ("标准性与统一性问题…权威介入仍是不足"), too much on the
items (the national lists of 140 and 22 items, to which the cities' items converge).
Section 5(3) proposes the remedy: unified business standards imposed from above
(authority on standards), appropriate autonomy on the items.

The nine G60 cities at the bottleneck: the national integration, incentive and
information of 2022–23 at the representative point (:func:`ica_model.cases.g60`
and :meth:`~ica_model.cases.Case.levels`), over a grid of standards
:math:`v_{std}` and mandates :math:`v_{auth}`. For each cell: the cooperators, token
compliers and defectors of the selected equilibrium at the representative point, and
the share of accepted draws of the calibration (each at its own 2022–23 incentive,
information and national integration) where all nine cooperate. The facts' ranges of
standards and mandates in 2020–21 and 2022–23 (the diagnosis) and the representative
levels of those epochs are marked, with the remedy's direction.

Outputs: ``mix_heatmaps.csv`` (the representative point, per cell),
``mix_heatmaps_accepted.csv`` (the share of accepted draws per cell of a coarser grid)
and ``mix_heatmaps.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis.follower import follower_response
from ..cases import g60
from ..model.closed_form import full_cooperation_margin
from ..model.points import as_points
from ..runtime.designs import RowSample
from ._calibrated import (
    SOURCES,
    band_note,
    bottleneck,
    calibration,
    draw_columns,
    period,
    representative_levels,
)
from ._common import grid, levels, seed_of, write_table
from .style import (
    HATCH_COLOUR,
    caption_line,
    legend_below,
    new_figure,
    panel_title,
    rasterize,
    save_figure,
    styled,
)

if TYPE_CHECKING:
    from matplotlib.artist import Artist

#: The epochs of the diagnosis (the facts' ranges are drawn as boxes) and their line styles.
DIAGNOSIS = {"lists": (0, (4, 1.5)), "more lists": "-"}
#: Accepted draws of the share panel, full and quick.
SHARE_DRAWS = (400, 40)
COUNTS = {"cooperators": "cooperators (C)", "token_compliers": "token compliers (T)",
          "defectors": "defectors (D)"}
STANDARDS = "standards and shared platforms $v_\\mathrm{std}$"
MANDATES = "mandates (item lists) $v_\\mathrm{auth}$"
EXIT_HATCH = "xxx"


def compute(quick: bool = False, rng: int | np.random.Generator = 0
            ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """The representative point per cell, the share of accepted draws per coarser cell,
    and the facts' boxes and representative points of the diagnosis."""
    seed = seed_of(rng)
    result = calibration("g60", quick, seed)
    last = bottleneck("g60")
    others = representative_levels("g60", last)
    axis = levels(quick, 41, 11)
    standards, mandates = np.meshgrid(axis, axis, indexing="ij")
    fixed = {name: others[name] for name in ("incentive", "information", "national_integration")}
    response = follower_response(g60(), {"standards": standards.ravel(),
                                         "authority": mandates.ravel()} | fixed)
    defectors = (response.profile == 1).sum(axis=1)
    table = pd.DataFrame({
        "standards": standards.ravel(), "authority": mandates.ravel(), **fixed,
        "margin": response.margin, "full_cooperation": response.full_cooperation,
        "cooperators": response.cooperators, "token_compliers": response.token_compliers,
        "defectors": np.where(response.has_equilibrium, defectors, -1)})
    coarse = levels(quick, 21, 6)
    x, y = np.meshgrid(coarse, coarse, indexing="ij")
    rows = RowSample(len(result.accepted), SHARE_DRAWS[quick], [seed, 3]).rows
    columns = draw_columns(result, rows, last, repeat=x.size)
    columns |= {"standards": np.tile(x.ravel(), len(rows)),
                "authority": np.tile(y.ravel(), len(rows))}
    margin = full_cooperation_margin(result.scenario, as_points(result.scenario, columns))
    shares = pd.DataFrame({"standards": x.ravel(), "authority": y.ravel(),
                           "share_full_cooperation": (margin.reshape(len(rows), -1) >= 0
                                                      ).mean(axis=0),
                           "draws": len(rows)})
    marks = {"boxes": {epoch: (period(result.facts.epoch(epoch).period),
                               result.facts.epoch(epoch).ranges["standards"],
                               result.facts.epoch(epoch).ranges["authority"])
                       for epoch in DIAGNOSIS},
             "points": {epoch: (representative_levels("g60", epoch)["standards"],
                                representative_levels("g60", epoch)["authority"])
                        for epoch in DIAGNOSIS},
             "fixed": fixed, "period": period(result.facts.epoch(last).period),
             "note": band_note(result, len(rows), "shares")}
    return table, shares, marks


def plot_diagnosis(ax: Any, marks: dict[str, Any], remedy: bool = False) -> Any:
    """The facts' boxes of standards and mandates in the diagnosis epochs, the
    representative levels, and (``remedy``) an arrow toward the remedy."""
    from matplotlib.patches import Rectangle

    for epoch, dashes in DIAGNOSIS.items():
        _, (s0, s1), (a0, a1) = marks["boxes"][epoch]
        ax.add_patch(Rectangle((s0, a0), s1 - s0, a1 - a0, fill=False, edgecolor="white",
                               lw=2.2, zorder=4))
        ax.add_patch(Rectangle((s0, a0), s1 - s0, a1 - a0, fill=False, edgecolor="black",
                               lw=1.0, ls=dashes, zorder=4))
        ax.plot(*marks["points"][epoch], ls="none", marker="o" if epoch == "lists" else "s",
                ms=4, mfc="white", mec="black", mew=1.0, zorder=5)
    if remedy:
        start = marks["points"]["more lists"]
        ax.annotate("", xy=(0.85, 0.2), xytext=start, zorder=5,
                    arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.0,
                                "shrinkA": 4, "shrinkB": 0})
        ax.text(0.97, 0.97, "remedy:\nauthority\non standards,\nautonomy\non items",
                ha="right", va="top", fontsize=7, zorder=5,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85,
                      "edgecolor": "none"})
    return ax


def plot_count(ax: Any, table: pd.DataFrame, count: str, n: int, marks: dict[str, Any]
               ) -> Any:
    """One count of the selected equilibrium over the grid (cells without a pure
    equilibrium crossed), the diagnosis marked."""
    from matplotlib.colors import BoundaryNorm

    x, y, values = grid(table, "standards", "authority", count)
    mesh = ax.pcolormesh(x, y, np.where(values < 0, np.nan, values), shading="nearest",
                         cmap=COUNT_MAP, norm=BoundaryNorm(np.arange(-0.5, n + 1), COUNT_MAP.N))
    rasterize([mesh])
    _, _, defectors = grid(table, "standards", "authority", "defectors")
    if (defectors > 0).any():
        shade = ax.contourf(x, y, (defectors > 0).astype(float), levels=[0.5, 1.5],
                            colors="none", hatches=[EXIT_HATCH])
        for artist in getattr(shade, "collections", [shade]):
            artist.set_edgecolor(HATCH_COLOUR)
            artist.set_linewidth(0)
    none = values < 0
    if none.any():
        ax.plot(x[none], y[none], ls="none", marker="x", ms=3, mew=0.7, color="0.15")
    plot_diagnosis(ax, marks)
    _axes(ax)
    return mesh


def _axes(ax: Any) -> None:
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xticks([0, 0.5, 1])
    ax.set_yticks([0, 0.5, 1])


def plot_share(ax: Any, shares: pd.DataFrame, marks: dict[str, Any]) -> Any:
    """The share of accepted draws where all nine cooperate, its 0.5 contour, the
    diagnosis and the remedy."""
    x, y, share = grid(shares, "standards", "authority", "share_full_cooperation")
    mesh = ax.pcolormesh(x, y, share, shading="nearest", cmap="Greens", vmin=0, vmax=1)
    rasterize([mesh])
    if (share > 0.5).any() and (share < 0.5).any():
        ax.contour(x, y, share, levels=[0.5], colors="black", linewidths=0.9,
                   linestyles=[(0, (1, 1.5))])
    plot_diagnosis(ax, marks, remedy=True)
    _axes(ax)
    return mesh


#: Colour map of the counts: nine steps of one hue, light to dark (greyscale-safe).
def _count_map() -> Any:
    from matplotlib import colormaps

    return colormaps["viridis"].resampled(10)


COUNT_MAP = _count_map()


@styled
def figure(table: pd.DataFrame, shares: pd.DataFrame, marks: dict[str, Any]) -> Any:
    """Three panels: cooperators and token compliers at the representative point (cells
    where some city defects hatched); the share of accepted draws where all nine
    cooperate."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    n = g60().n
    figure, axes = new_figure(1, 3, "double", 3.0)
    exits = bool((table["defectors"] > 0).any())
    for letter, ax, count in zip("ab", axes[0], ("cooperators", "token_compliers"),
                                 strict=False):
        mesh = plot_count(ax, table, count, n, marks)
        panel_title(ax, letter, COUNTS[count] if exits or count == "cooperators"
                    else f"{COUNTS[count]}; no city defects")
        ax.set_xlabel(STANDARDS)
    axes[0, 0].set_ylabel(MANDATES)
    axes[0, 1].set_yticklabels([])
    bar = figure.colorbar(mesh, ax=axes[0, :2].tolist(), location="top", shrink=0.7,
                          aspect=40, pad=0.02, ticks=range(n + 1))
    bar.set_label("cities in the selected equilibrium (representative point)")
    share_mesh = plot_share(axes[0, 2], shares, marks)
    panel_title(axes[0, 2], "c", "all nine cooperate")
    axes[0, 2].set_xlabel(STANDARDS)
    axes[0, 2].set_yticklabels([])
    side = figure.colorbar(share_mesh, ax=axes[0, 2], location="top", shrink=0.9, aspect=20,
                           pad=0.02, ticks=[0, 0.5, 1])
    side.set_label("share of accepted draws")
    boxes = marks["boxes"]
    handles: list[Artist]  # the legend mixes lines and patches
    handles = [Line2D([], [], color="black", lw=1.0, ls=dashes, marker="o" if epoch == "lists"
                      else "s", mfc="white", mec="black", ms=4,
                      label=f"{boxes[epoch][0]}: range of the facts (box), representative "
                            f"levels (marker)")
               for epoch, dashes in DIAGNOSIS.items()]
    handles += [Line2D([], [], color="black", lw=0.9, ls=(0, (1, 1.5)),
                       label="(c) all nine cooperate in half of the accepted draws")]
    if exits:
        handles.append(Patch(facecolor="none", hatch=EXIT_HATCH, edgecolor=HATCH_COLOUR, lw=0,
                             label="some city defects"))
    if (table["cooperators"] < 0).any():
        handles.append(Line2D([], [], ls="none", marker="x", ms=4, color="0.15",
                              label="no pure equilibrium"))
    legend_below(figure, handles, columns=2)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the tables and the figure; return the paths."""
    table, shares, marks = compute(quick, rng)
    fixed = marks["fixed"]
    return [write_table(table, out, "mix_heatmaps"),
            write_table(shares, out, "mix_heatmaps_accepted"),
            *save_figure(figure(table, shares, marks), out, "mix_heatmaps", caption_line(
                f"The nine G60 cities at the bottleneck: incentive {fixed['incentive']:.2f}, "
                f"information {fixed['information']:.2f} and national integration "
                f"{fixed['national_integration']:.2f} as in {marks['period']} at the "
                "representative point (ica_model.cases.g60); in (c) each draw's own",
                f"Diagnosis and remedy after {SOURCES['g60']}, sections 4(2) and 5(3)",
                f"(c) {marks['note']}"))]
