"""Shared plumbing of the experiments: output files, grids, seeds and heatmaps. The figure
style is in :mod:`ica_model.experiments.style`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .._validation import check_int
from ..model.parameters import KINDS
from .style import HATCH_COLOUR, ILLUSTRATIVE, NEGATIVE_HATCH, OVER, UNDER, region_style, save_figure

__all__ = ["COLOURS", "ILLUSTRATIVE", "OVER", "UNDER", "diverging_heatmap", "grid", "levels",
           "new_figure", "save_figure", "seed_of", "shade_intervals", "write_table"]

#: Colours of the kinds and actions in the figures not yet drawn in the house style
#: (:mod:`ica_model.experiments.style`): ``g60_timeline`` and ``yangtze_river_delta``.
KIND_PALETTE = ("#b2182b", "#2166ac", "#1b7837", "#e08214", "#8073ac", "#35978f")
COLOURS = dict(zip(KINDS, KIND_PALETTE, strict=False)) | {
    "even mix": "#762a83", "C": "#1a9850", "D": "#d73027", "T": "#fdae61"}


def new_figure(rows: int = 1, columns: int = 1, size: tuple[float, float] = (7.0, 4.5)) -> tuple:
    """A constrained-layout figure of ``size`` inches and its axes array, for the figures
    not yet drawn in the house style; the others use
    :func:`ica_model.experiments.style.new_figure`."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False)
    return figure, axes


def write_table(table: Any, out: Path, name: str) -> Path:
    """Write a pandas DataFrame (or a list of dicts) as ``name.csv`` with fixed float format."""
    import pandas as pd

    frame = table if isinstance(table, pd.DataFrame) else pd.DataFrame(list(table))
    path = out / f"{name}.csv"
    frame.to_csv(path, index=False, float_format="%.10g")
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


def seed_of(rng: Any) -> int:
    """The integer seed of an experiment's ``rng``: a non-negative int as it is, or one
    integer drawn from a :class:`numpy.random.Generator`.

    Experiments derive every random stream from this one integer (fresh generators per
    stream), so the same integer gives the same files whatever the order of their parts.

    Raises
    ------
    TypeError
        If ``rng`` is neither an integer nor a numpy Generator.
    ValueError
        If ``rng`` is a negative integer.
    """
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**32))
    if isinstance(rng, bool) or not isinstance(rng, (int, np.integer)):
        raise TypeError(f"rng must be a non-negative integer seed or a numpy.random.Generator, "
                        f"got {rng!r} of type {type(rng).__name__}")
    return check_int("rng", int(rng), 0)


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
