"""Global sensitivity of the stability of full cooperation to every parameter: Sobol
indices (Sobol' 2001; Saltelli et al. 2010) computed with SALib.

The output is the incentive margin of full cooperation of the symmetric reference group
(closed form, so the :math:`N(D + 2)` Saltelli evaluations are one array operation). Every
parameter the G60 calibration draws varies over its plausible range (the calibration's
prior, :mod:`ica_model.cases.g60_corridor`), the actor attributes for all members at once; the
preference spread over :data:`HETEROGENEITY`, national integration and every intervention
kind over [0, 1], agreement hardness over :data:`AGREEMENT_HARDNESS`. First-order (S1) and
total (ST) indices with 95 % bootstrap confidence intervals.

Outputs: ``sensitivity.csv`` (parameter, S1, S1_conf, ST, ST_conf) and
``sensitivity.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..cases import G60, symmetric
from ..model.closed_form import homogeneous_margins
from ..model.parameters import KINDS
from ._common import seed_of, write_table
from .style import ILLUSTRATIVE, caption_line, new_figure, save_figure, styled

#: Agreements range from verbal to half-formal: the G60 cities' were verbal.
AGREEMENT_HARDNESS = (0.0, 0.5)
#: The spread of priorities of a group (twice the mean absolute deviation), illustrative.
HETEROGENEITY = (0.0, 0.6)


def problem() -> dict:
    """The SALib problem: names and bounds (module docstring)."""
    ranges = {name: bounds for name, bounds in G60.prior.ranges.items() if "." not in name
              and name != "preference"}
    ranges |= {"heterogeneity": HETEROGENEITY, "national_integration": (0.0, 1.0)}
    ranges |= dict.fromkeys(KINDS, (0.0, 1.0)) | {"agreement_hardness": AGREEMENT_HARDNESS}
    return {"num_vars": len(ranges), "names": list(ranges),
            "bounds": [list(bounds) for bounds in ranges.values()]}


def compute(quick: bool = False, rng: int | np.random.Generator = 0) -> pd.DataFrame:
    """Sobol indices of the margin, one row per parameter."""
    seed = seed_of(rng)
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    spec = problem()
    base = 2**6 if quick else 2**12
    points = sample.sample(spec, base, calc_second_order=False, seed=seed)
    columns = dict(zip(spec["names"], points.T, strict=True))
    margin = homogeneous_margins(symmetric(), columns)["full_cooperation"]
    # SALib ignores a falsy seed (``if seed:``) and then bootstraps unseeded: never pass 0
    indices = analyze.analyze(spec, np.asarray(margin, dtype=float), calc_second_order=False,
                              seed=seed + 1, num_resamples=100 if quick else 500)
    table = pd.DataFrame({"parameter": spec["names"], "S1": indices["S1"],
                          "S1_conf": indices["S1_conf"], "ST": indices["ST"],
                          "ST_conf": indices["ST_conf"]})
    table["samples"] = len(points)
    return table.sort_values("ST", ascending=False, ignore_index=True)


#: Colours and hatches of the two indices.
TOTAL, FIRST = ("#0072b2", ""), ("#e69f00", "////")


#: Parameters whose total effect stays below this share of the variance (its upper
#: bootstrap bound included) are left out of the figure and counted in a note; the table
#: keeps every parameter.
SHOWN_EFFECT = 0.01


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """The rows the figure draws: total effect (with its interval) at least
    :data:`SHOWN_EFFECT`."""
    return table[table["ST"] + table["ST_conf"].abs() >= SHOWN_EFFECT]


def plot_indices(ax: Any, table: pd.DataFrame) -> Any:
    """Total and first-order indices per parameter, largest total effect on top, with
    their bootstrap intervals; the parameters with no effect worth a bar (below
    :data:`SHOWN_EFFECT`) counted in a legend entry."""
    order = shown(table).sort_values("ST")
    hidden = len(table) - len(order)
    y = np.arange(len(order))
    error = {"elinewidth": 0.6, "capsize": 0, "ecolor": "black"}
    ax.barh(y + 0.2, order["ST"], 0.4, xerr=order["ST_conf"], color=TOTAL[0],
            error_kw=error, label="total effect $S_T$")
    ax.barh(y - 0.2, order["S1"], 0.4, xerr=order["S1_conf"], color=FIRST[0],
            hatch=FIRST[1], edgecolor="white", linewidth=0, error_kw=error,
            label="first order $S_1$")
    ax.set_yticks(y, [name.replace("_", " ") for name in order["parameter"]])
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.set_xlabel("Sobol index of the margin of\nfull cooperation (share of variance)")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.axvline(0, color="black", lw=0.6)
    if hidden:   # a legend entry with no symbol
        ax.plot([], [], ls="none", label=f"not shown: {hidden} parameters with\n"
                f"total effect below {SHOWN_EFFECT:g}")
    return ax


@styled
def figure(table: pd.DataFrame) -> Any:
    """The indices as a bar chart, one column wide."""
    figure, axes = new_figure(1, 1, "single", 1.3 + 0.16 * len(shown(table)))
    ax = plot_indices(axes[0, 0], table)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=1, borderaxespad=0.2)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths."""
    table = compute(quick, rng)
    return [write_table(table, out, "sensitivity"),
            *save_figure(figure(table), out, "sensitivity", caption_line(
                f"Symmetric group of nine; {int(table['samples'].iloc[0]):,} model "
                "evaluations; error bars: 95 % bootstrap intervals", ILLUSTRATIVE))]
