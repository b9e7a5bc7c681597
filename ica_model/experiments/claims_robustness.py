"""Claims' shares under alternative priors: which priors each headline share depends on.

The G60 corridor's accepted region (:func:`~ica_model.experiments._calibrated.calibration`)
is read under its own prior and under the lower, upper and middle halves of the range of
each of its most influential parameters (found by the gap between the halves'
shares, :mod:`ica_model.analysis.prior_variants`); a restricted uniform prior's accepted
draws are exactly the old accepted draws inside the restriction, so no rerun is needed.
The scenario-level parameters among the :data:`WIDER_TOP` most influential are also
widened and shifted by half their range's width
(:mod:`ica_model.analysis.prior_widening`: a :data:`FRACTION` of the old accepted draws
and new draws only where the new prior reaches past the old one).

Outputs: ``claims_robustness.csv`` (one row per claim and prior variant: ``claim``,
``prior``, ``n``, ``share``, ``low``, ``high`` (95 % Wilson interval), ``by_construction``,
``parameter``, ``influence``, ``range_low``, ``range_high`` (the widened or shifted
range)) and the figure ``claims_robustness`` (PNG, SVG).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from .._validation import check_axes, check_frame
from ._calibrated import calibration, region_note
from ._common import check_out, check_step, seed_of, write_table
from .style import caption_line, new_figure, save_figure, styled

__all__ = ["compute", "figure", "plot_variants", "run"]

#: Influential parameters whose variants are shown, full and quick.
TOP = {False: 5, True: 2}
#: Of those, how many are widened and shifted (scenario-level ones only), full and quick.
WIDER_TOP = {False: 3, True: 1}
#: Share of the old draws kept (and density of new draws) for a widened prior, full and
#: quick: 5 % of 200,000 G60 draws is 10,000 draws per unit of old width.
FRACTION = {False: 0.05, True: 0.5}
#: The findings drawn (by-construction claims are in the CSV).
SHOWN = ("no intervention", "stabilises", "inverted U")
MARKERS = {"no intervention": "o", "stabilises": "s", "inverted U": "^"}
COLOURS = {"no intervention": "#0072B2", "stabilises": "#E69F00", "inverted U": "#009E73"}


def compute(quick: bool = False, rng: int | np.random.Generator = 0) -> dict[str, Any]:
    """The prior-variant table of the G60 region."""
    quick, _ = check_step(quick, rng)
    import pandas as pd

    from ..analysis.prior_variants import prior_variant_table
    from ..analysis.prior_widening import wider_variant_rows

    seed = seed_of(rng)
    result = calibration("g60", quick, seed)
    table = prior_variant_table(result, top=TOP[quick])
    chosen = list(dict.fromkeys(p for p in table["parameter"] if p))[:WIDER_TOP[quick]]
    wider = wider_variant_rows(result, chosen, fraction=FRACTION[quick],
                               rng=np.random.default_rng([seed, 22]))
    if len(wider):
        wider["influence"] = wider["parameter"].map(
            table.drop_duplicates("parameter").set_index("parameter")["influence"])
        table = pd.concat([table, wider], ignore_index=True)
    table.insert(0, "case", "g60")
    return {"table": table, "result": result}


def plot_variants(ax: Any, table: Any) -> Any:
    """Share and 95 % interval of each shown claim (marker) under each prior (row)."""
    check_axes("ax", ax)
    check_frame("table", table, ("prior", "claim", "share", "low", "high"))
    priors = list(dict.fromkeys(table["prior"]))
    y = np.arange(len(priors))[::-1]
    for offset, claim in zip((-0.22, 0.0, 0.22), SHOWN, strict=True):
        part = table[table["claim"] == claim].set_index("prior").loc[priors]
        share = part["share"].to_numpy()
        ax.errorbar(share, y + offset, xerr=[share - part["low"], part["high"] - share],
                    fmt=MARKERS[claim], color=COLOURS[claim], ms=4, capsize=2, lw=0.9,
                    label=claim)
    ax.set_yticks(y, priors)
    ax.set_xlim(0, 1)
    ax.set_xlabel("Share of the accepted draws where the claim holds")
    ax.grid(axis="x", lw=0.4, alpha=0.5)
    return ax


@styled
def figure(table: Any) -> Any:
    """The shown claims' shares under every prior variant."""
    check_frame("table", table, ("prior", "claim", "share", "low", "high"))
    rows = table["prior"].nunique()
    fig, axes = new_figure(1, 1, "double", 1.2 + 0.22 * rows)
    plot_variants(axes[0, 0], table)
    axes[0, 0].legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False)
    return fig


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths."""
    out = check_out(out)
    tables = compute(quick, rng)
    result = tables["result"]
    paths = [write_table(tables["table"], out, "claims_robustness")]
    paths += save_figure(figure(tables["table"]), out, "claims_robustness", caption_line(
        region_note(result),
        "Rows: the calibrated prior, then halves of the range of the most influential "
        "parameters (accepted draws inside the restriction), then wider and shifted "
        f"ranges (brackets; {100 * FRACTION[quick]:.0f} % of the old draws and new draws beyond "
        "the old range); error bars: 95 % Wilson intervals"))
    return paths
