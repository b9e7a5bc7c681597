"""Which parameters move the claims on the G60 region, and which are inert.

Over the G60 corridor's accepted draws (:func:`~ica_model.experiments._calibrated.calibration`),
:func:`~ica_model.analysis.inert_terms.gap_table` gives, for every parameter the prior lets
vary and every claim, the change of the claim's share between the upper and the lower half
of the parameter's prior range, with its 99 % interval, and an equivalence verdict
(inert: the interval inside ±5 points; influential; undecided). The calculation is on the
fact-consistent region, where the parameters are correlated.

Outputs: ``region_sensitivity.csv`` (``parameter``, ``claim``, ``n_lower``, ``n_upper``,
``share_lower``, ``share_upper``, ``gap``, ``low``, ``high``, ``verdict``),
``region_sensitivity_parameters.csv`` (one row per parameter: ``largest_gap``,
``on_claim``, ``low``, ``high``, ``verdict``) and the figure ``region_sensitivity`` (PNG,
SVG).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from .._validation import check_axes, check_frame
from ._calibrated import calibration, region_note
from ._common import check_out, check_step, seed_of, write_table
from .style import SINGLE_COLUMN, _wrap, caption_line, new_figure, save_figure, single_column, styled

__all__ = ["claim_codes", "compute", "figure", "plot_gaps", "run"]

#: Marker, fill and colour of each verdict (the marker shape survives greyscale).
LOOK = {"influential": ("o", "#D55E00", "#D55E00"), "undecided": ("D", "white", "#0072B2"),
        "inert": ("s", "white", "0.35")}


def compute(quick: bool = False, rng: int | np.random.Generator = 0) -> dict[str, Any]:
    """The gaps of every parameter and claim, and the per-parameter verdicts, for G60."""
    quick, _ = check_step(quick, rng)
    from ..analysis.inert_terms import gap_table, inert_table

    result = calibration("g60", quick, seed_of(rng))
    gaps = gap_table(result)
    return {"gaps": gaps, "parameters": inert_table(gaps), "result": result}


def claim_codes(claims: Any) -> dict[str, str]:
    """Each claim's initials (``"inverted U"`` -> ``"IU"``), the short names of the labels of
    a figure one column wide; the full names where two claims share their initials.

    Examples
    --------
    >>> claim_codes(["inverted U", "lying flat", "inverted U"])
    {'inverted U': 'IU', 'lying flat': 'LF'}
    """
    listed = list(claims) if isinstance(claims, Iterable) and not isinstance(claims, str) else None
    if listed is None or not all(isinstance(name, str) for name in listed):
        raise TypeError(f"claims must be an iterable of claim names (str), got {claims!r}")
    names = list(dict.fromkeys(listed))
    codes = {name: "".join(word[0].upper() for word in name.split()) for name in names}
    return codes if len(set(codes.values())) == len(codes) else {name: name for name in names}


def plot_gaps(ax: Any, parameters: Any, codes: dict[str, str] | None = None) -> Any:
    """Each parameter's largest absolute gap over the claims with its 99 % interval; the
    equivalence band ±5 points shaded; marker by verdict. Each label names the claim of
    the largest gap in brackets, by its short name in ``codes`` where given."""
    check_axes("ax", ax)
    check_frame("parameters", parameters, ("parameter", "largest_gap", "low", "high", "on_claim", "verdict"))
    from ..analysis.inert_terms import MARGIN

    y = np.arange(len(parameters))[::-1]
    ax.axvspan(-MARGIN, MARGIN, color="0.88", lw=0, label="inert band (±5 points)")
    for verdict, (marker, face, edge) in LOOK.items():
        part = parameters["verdict"] == verdict
        if not part.any():
            continue
        gap = parameters["largest_gap"][part].to_numpy()
        low = parameters["low"][part].to_numpy()
        high = parameters["high"][part].to_numpy()
        ax.errorbar(gap, y[part.to_numpy()], xerr=[gap - low, high - gap], fmt=marker,
                    mfc=face, mec=edge, color=edge, ms=3.5, lw=0.8, capsize=1.5,
                    label=f"{verdict} ({int(part.sum())})")
    ax.set_yticks(y, [f"{p.replace('_', ' ')} ({(codes or {}).get(c, c)})" for p, c in
                      zip(parameters["parameter"], parameters["on_claim"], strict=True)],
                  fontsize=7)
    ax.set_ylim(-0.7, len(parameters) - 0.3)
    ax.axvline(0, color="0.3", lw=0.6)
    ax.set_xlim(min(-0.03, float(np.nanmin(parameters["low"])) - 0.01),
                max(0.05, float(np.nanmax(parameters["high"])) * 1.05))
    ax.set_xlabel("Largest absolute change of a claim's share between the halves of the "
                  "prior range".replace("between", "\nbetween" if single_column() else "between"))
    if single_column():      # a narrow axis: two ticks, so their labels do not collide
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(2))
    ax.grid(axis="x", lw=0.4, alpha=0.5)
    return ax


@styled
def figure(parameters: Any) -> Any:
    """The per-parameter gaps and verdicts (parameters with no draw in a half left out)."""
    check_frame("parameters", parameters, ("parameter", "largest_gap", "low", "high", "on_claim", "verdict"))
    parameters = parameters[parameters["largest_gap"].notna()].reset_index(drop=True)
    if single_column():
        return _single_column_figure(parameters)
    # a little under the double column: the tight bounding box adds the long labels
    # 0.125 in (9 pt) per row: one line of 7 pt labels each
    fig, axes = new_figure(1, 1, 6.9, 1.0 + 0.125 * len(parameters))
    plot_gaps(axes[0, 0], parameters)
    axes[0, 0].legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=4, frameon=False,
                      fontsize=7)
    return fig


def _single_column_figure(parameters: Any) -> Any:
    """The figure one column wide: the claims in the labels by their initials (keyed in
    the legend's title), the legend in two columns, 0.125 in per row."""
    codes = claim_codes(parameters["on_claim"])
    fig, axes = new_figure(1, 1, "single", 1.6 + 0.125 * len(parameters))
    plot_gaps(axes[0, 0], parameters, codes)
    # the axis label under the figure: centred under the narrow axes it would overhang
    # the column's right edge
    fig.supxlabel(axes[0, 0].get_xlabel(), fontsize=8)
    axes[0, 0].set_xlabel("")
    key = ", ".join(f"{code} {claim}" for claim, code in codes.items() if code != claim)
    # a legend of the figure, not of the axes: one above the axes as wide as the column
    # would narrow the axes to leave room for its overhang on both sides
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside upper center", ncols=2,
               frameon=False, fontsize=7, title_fontsize=7,
               title=_wrap(f"In brackets, the claim most changed: {key}", SINGLE_COLUMN - 0.2,
                           7) if key else None)
    return fig


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the tables and the figure; return the paths."""
    out = check_out(out)
    tables = compute(quick, rng)
    result = tables["result"]
    paths = [write_table(tables["gaps"], out, "region_sensitivity"),
             write_table(tables["parameters"], out, "region_sensitivity_parameters")]
    paths += save_figure(figure(tables["parameters"]), out, "region_sensitivity", caption_line(
        region_note(result),
        "In brackets: the claim with the largest change; bars: 99 % intervals (normal "
        "approximation); inert: the interval inside ±5 points for every claim (two one-sided "
        "tests); left out: actor attributes whose halves, restricted for every city at "
        "once, keep no accepted draw"))
    return paths
