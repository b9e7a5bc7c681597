"""Shared plumbing of the experiments: output files, grids, seeds, heatmaps, and the
regimes and actions of a selected equilibrium. The figure style is in
:mod:`ica_model.experiments.style`; the calibrations the experiments share in
:mod:`ica_model.experiments._calibrated`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .._validation import check_bool, seed_of
from ._options import current as current_options
from .style import (
    ACTION_COLOURS,
    ACTION_HATCHES,
    HATCH_COLOUR,
    ILLUSTRATIVE,
    NEGATIVE_HATCH,
    OVER,
    UNDER,
    region_style,
    save_figure,
)

__all__ = ["ACTION_ORDER", "FILL_ALPHA", "ILLUSTRATIVE", "OVER", "REGIMES", "UNDER",
           "action_shares", "diverging_heatmap", "grid", "levels", "plot_action_cells",
           "regimes", "save_figure", "seed_of", "shade_intervals", "write_table"]

#: Opacity of the fills of actions and regimes (their hatches stay visible).
FILL_ALPHA = 0.8
#: Regimes of a selected equilibrium, in stacking order, with fill colour and hatch: all
#: cooperate; lying flat (no defector, at least one token complier); open exit (some
#: actor defects); no pure equilibrium (hatched, so it stays apart from light bands of
#: other panels in greyscale).
REGIMES = {"all cooperate": (ACTION_COLOURS["C"], ACTION_HATCHES["C"]),
           "lying flat": (ACTION_COLOURS["T"], ACTION_HATCHES["T"]),
           "open exit": (ACTION_COLOURS["D"], ACTION_HATCHES["D"]),
           "no pure equilibrium": ("0.75", "|||")}


def check_step(quick: object, rng: object) -> tuple[bool, int]:
    """An experiment's ``quick`` and ``rng`` checked (a TypeError or ValueError naming
    either), as a boolean and an integer seed."""
    return check_bool("quick", quick), seed_of(rng)


def check_out(out: object) -> Path:
    """An experiment's output folder: an existing folder, or a TypeError or ValueError
    naming ``out`` (:func:`ica_model.experiments.run_experiment` creates it)."""
    if not isinstance(out, str | Path) or "\0" in str(out):
        raise TypeError(f"out must be a path (str or pathlib.Path), got {out!r}")
    if isinstance(out, str) and not out.strip():     # Path('') would be the working folder
        raise ValueError(f"out must name a folder, got {out!r}")
    if not Path(out).is_dir():
        raise ValueError(f"out must be an existing folder, got {str(out)!r}")
    return Path(out)


def regimes(response: Any) -> np.ndarray:
    """The regime (:data:`REGIMES`) of each point's selected equilibrium in a
    :class:`~ica_model.analysis.follower.FollowerResponse`, as an array of names."""
    n = response.profile.shape[1]
    defectors = (response.profile == 1).sum(axis=1)
    names = np.full(len(defectors), "no pure equilibrium", dtype=object)
    has = response.has_equilibrium
    names[has & (defectors >= 1)] = "open exit"
    names[has & (defectors == 0) & (response.token_compliers >= 1)] = "lying flat"
    names[has & (response.cooperators == n)] = "all cooperate"
    return names


#: Order of the actions in :func:`action_shares` and :func:`plot_action_cells`.
ACTION_ORDER = ("C", "T", "D")


def action_shares(response: Any, actions: Sequence[str]) -> np.ndarray:
    """Each actor's share of the points (with a pure equilibrium) at which it plays C, T
    and D in the selected equilibrium of a
    :class:`~ica_model.analysis.follower.FollowerResponse`: shape ``(n, 3)``, columns in the
    order of :data:`ACTION_ORDER`; ``actions`` are the scenario's action labels."""
    profile = response.profile[response.has_equilibrium]
    if not len(profile):
        return np.zeros((response.profile.shape[1], len(ACTION_ORDER)))
    return np.column_stack([(profile == actions.index(a)).mean(axis=0) if a in actions
                            else np.zeros(profile.shape[1]) for a in ACTION_ORDER])


def plot_action_cells(ax: Any, names: Sequence[str], shares: np.ndarray,
                      representative: Sequence[Sequence[str]]) -> Any:
    """One cell per column (epoch) and row (actor): a bar split by the share of points at
    which the actor cooperates, complies on paper and defects (``shares``, shape
    ``(columns, rows, 3)``), and the letter of its action at the representative point
    (``representative[column][row]``)."""
    from matplotlib.patches import Rectangle

    columns, rows, _ = shares.shape
    for j in range(columns):
        for i in range(rows):
            left = j - 0.45
            for k, action in enumerate(ACTION_ORDER):
                width = 0.9 * shares[j, i, k]
                if width > 0:
                    ax.add_patch(Rectangle((left, i - 0.42), width, 0.84,
                                           facecolor=ACTION_COLOURS[action], alpha=FILL_ALPHA,
                                           hatch=ACTION_HATCHES[action],
                                           edgecolor=HATCH_COLOUR, lw=0))
                left += width
            ax.text(j, i, representative[j][i], ha="center", va="center", fontsize=7,
                    fontweight="bold", bbox={"boxstyle": "round,pad=0.12", "facecolor": "white",
                                             "edgecolor": "none", "alpha": 0.85})
    ax.set_yticks(range(rows))
    ax.set_yticklabels(names, fontsize=7)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_xlim(-0.5, columns - 0.5)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    return ax


def write_table(table: Any, out: Path, name: str,
                latex: Callable[[Any], str] | None = None) -> Path:
    """Write a pandas DataFrame (or a list of dicts) as ``name.csv`` with fixed float format;
    return its path.

    When the run asks for LaTeX tables (``ica-model run --tables latex``), write
    ``name.tex`` beside it too: ``latex(frame)`` (a paper layout from
    :mod:`ica_model.tables`) or, for a table of at most
    :data:`~ica_model.tables.LATEX_ROWS` rows, :func:`~ica_model.tables.booktabs`.
    """
    import pandas as pd

    frame = table if isinstance(table, pd.DataFrame) else pd.DataFrame(list(table))
    path = out / f"{name}.csv"
    frame.to_csv(path, index=False, float_format="%.10g")
    if current_options().latex:
        from ..tables import LATEX_ROWS, booktabs

        if latex is not None or len(frame) <= LATEX_ROWS:
            text = latex(frame) if latex is not None else booktabs(frame)
            (out / f"{name}.tex").write_text(text + "\n", encoding="utf-8")
    return path


def shade_intervals(ax: Any, under: Iterable[Sequence[float]], over: Iterable[Sequence[float]],
                    what: str = "") -> None:
    """Shade under- (warm, hatched ``/``) and over-intervention (cool, hatched ``\\``)
    intervals of the x axis."""
    for k, (lo, hi) in enumerate(under):
        ax.axvspan(lo, hi, **region_style("under"), zorder=0,
                   label=f"under-intervention{what}" if k == 0 else None)
    for k, (lo, hi) in enumerate(over):
        ax.axvspan(lo, hi, **region_style("over"), zorder=0,
                   label=f"over-intervention{what}" if k == 0 else None)


def levels(quick: bool, full: int, fast: int) -> np.ndarray:
    """An evenly spaced grid on [0, 1]: ``fast`` points in quick mode, ``full`` otherwise."""
    return np.linspace(0.0, 1.0, fast if quick else full)




def grid(frame: Any, x: str, y: str, *values: str) -> tuple[np.ndarray, ...]:
    """Columns ``x``, ``y`` and ``values`` of a tidy table over a full rectangular grid, as
    2-d arrays (rows: whichever of ``x`` and ``y`` varies slower, as the table lists them).

    Raises
    ------
    ValueError
        If the table is not a full grid of ``x`` and ``y``.
    """
    columns = [frame[name].to_numpy() for name in (x, y, *values)]
    slow = columns[0] if len(frame) < 2 or columns[0][0] == columns[0][1] else columns[1]
    rows = len(np.unique(slow))
    if rows == 0 or len(frame) % rows or len(frame) != rows * len(np.unique(
            columns[1] if slow is columns[0] else columns[0])):
        raise ValueError(f"the table is not a full grid of {x} and {y}")
    return tuple(c.reshape(rows, -1) for c in columns)


def diverging_heatmap(ax: Any, x: np.ndarray, y: np.ndarray, values: np.ndarray,
                      limit: float | None = None, cmap: str = "RdBu",
                      hatch_negative: bool = True) -> Any:
    """Draw ``values`` on the grid ``x``, ``y`` with a diverging colour map centred at 0 and
    symmetric limits (``limit``: the largest absolute value shown; default that of
    ``values``), rasterized inside vector files; dot the cells below 0 (a sign that
    survives greyscale, see :data:`~ica_model.experiments.style.NEGATIVE_HATCH`). Return
    the mesh, for a colour bar."""
    from matplotlib.colors import TwoSlopeNorm

    if limit is None:
        limit = float(np.abs(values).max())
    mesh = ax.pcolormesh(x, y, values, cmap=cmap, shading="nearest", rasterized=True,
                         norm=TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit))
    if hatch_negative and (values < 0).any():
        shade = ax.contourf(x, y, values, levels=[-np.inf, 0.0], colors="none",
                            hatches=[NEGATIVE_HATCH])
        for artist in getattr(shade, "collections", [shade]):   # matplotlib < 3.8: a list
            artist.set_edgecolor(HATCH_COLOUR)
            artist.set_linewidth(0)
    return mesh
