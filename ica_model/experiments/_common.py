"""Shared plumbing of the experiments: output files and figure style."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..model.parameters import KINDS

#: Colours of the three intervention kinds and of mixes, used by every figure.
#: One colour per intervention kind, in the order of KINDS (more kinds take the next ones).
KIND_PALETTE = ("#b2182b", "#2166ac", "#1b7837", "#e08214", "#8073ac", "#35978f")
COLOURS = dict(zip(KINDS, KIND_PALETTE, strict=False)) | {
    "even mix": "#762a83", "C": "#1a9850", "D": "#d73027", "T": "#fdae61"}
UNDER, OVER = "#fddbc7", "#d1e5f0"
#: Caption line on every figure drawn from illustrative parameters.
ILLUSTRATIVE = "Parameters illustrative unless a source is cited (see ica_model.cases)."


def new_figure(rows: int = 1, columns: int = 1, size: tuple[float, float] = (7.0, 4.5)) -> tuple:
    """A constrained-layout figure (no pyplot state) and its axes array."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False)
    return figure, axes


def save_figure(figure: Any, out: Path, name: str, caption: str = ILLUSTRATIVE) -> list[Path]:
    """Save ``figure`` as ``name.png`` (150 dpi) and ``name.svg``; return the paths."""
    if caption:
        figure.text(0.5, -0.01, caption, ha="center", va="top", fontsize=8, color="0.35")
    import matplotlib

    paths = []
    # deterministic SVG element ids and no date, without touching global settings
    with matplotlib.rc_context({"svg.hashsalt": "ica_model"}):
        for suffix in ("png", "svg"):
            path = out / f"{name}.{suffix}"
            figure.savefig(path, dpi=150, bbox_inches="tight",
                           metadata={"Date": None} if suffix == "svg" else None)
            paths.append(path)
    return paths


def write_table(table: Any, out: Path, name: str) -> Path:
    """Write a pandas DataFrame (or a list of dicts) as ``name.csv`` with fixed float format."""
    import pandas as pd

    frame = table if isinstance(table, pd.DataFrame) else pd.DataFrame(list(table))
    path = out / f"{name}.csv"
    frame.to_csv(path, index=False, float_format="%.10g")
    return path


def shade_intervals(ax: Any, under: Iterable[Sequence[float]], over: Iterable[Sequence[float]],
                    what: str = "") -> None:
    """Shade under- (warm) and over-intervention (cool) intervals of the x axis."""
    for k, (lo, hi) in enumerate(under):
        ax.axvspan(lo, hi, color=UNDER, alpha=0.7, lw=0,
                   label=f"under-intervention{what}" if k == 0 else None)
    for k, (lo, hi) in enumerate(over):
        ax.axvspan(lo, hi, color=OVER, alpha=0.9, lw=0,
                   label=f"over-intervention{what}" if k == 0 else None)


def levels(quick: bool, full: int, fast: int) -> np.ndarray:
    """An evenly spaced grid on [0, 1]: ``fast`` points in quick mode, ``full`` otherwise."""
    return np.linspace(0.0, 1.0, fast if quick else full)
