"""Global sensitivity of the stability of full cooperation to every parameter
(MODEL.md §6): Sobol indices with SALib.

The output is the incentive margin of full cooperation of the symmetric reference group
(closed form, so the :math:`N(D + 2)` Saltelli evaluations are one array operation). Every
cost, risk, intervention effect, actor attribute, the preference spread and agreement
hardness vary over ±50 % of their reference values (unit parameters clipped to [0, 1]);
the three intervention kinds over [0, 1]. First-order (S1) and total (ST) indices with
95 % bootstrap confidence intervals.

Outputs: ``sensitivity.csv`` (parameter, S1, S1_conf, ST, ST_conf) and
``sensitivity.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..analysis.stability import UNCERTAIN_PARAMETERS
from ..model.cases import symmetric
from ..model.closed_form import homogeneous_margins
from ..model.parameters import KINDS, schema_entry
from ..model.payoffs import homogeneous_values
from ..model.symbolic import ATTRIBUTES
from ._common import COLOURS, new_figure, save_figure, seed_of, write_table

#: Agreements range from verbal to half-formal: the G60 cities' were verbal.
AGREEMENT_HARDNESS = (0.0, 0.5)


def problem() -> dict:
    """The SALib problem: names and bounds. Every uncertain parameter
    (:data:`~ica_model.analysis.stability.UNCERTAIN_PARAMETERS`), every actor attribute
    entering the payoffs and the group's heterogeneity over ±50 % of the reference value
    (cut at the top of its domain); the intervention kinds over their domain; agreement
    hardness over :data:`AGREEMENT_HARDNESS`."""
    values = homogeneous_values(symmetric())
    names, bounds = [], []
    for name in (*UNCERTAIN_PARAMETERS, *ATTRIBUTES, "heterogeneity"):
        low, high = 0.5 * values[name], 1.5 * values[name]
        top = schema_entry(name).domain.high
        if top is not None:
            high = min(high, top)
        names.append(name)
        bounds.append([low, high])
    names += [*KINDS, "agreement_hardness"]
    bounds += [[0.0, 1.0]] * len(KINDS) + [list(AGREEMENT_HARDNESS)]
    return {"num_vars": len(names), "names": names, "bounds": bounds}


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


def plot_indices(ax: Any, table: pd.DataFrame) -> Any:
    """Total and first-order indices per parameter, with their bootstrap intervals."""
    order = table.sort_values("ST")
    y = np.arange(len(order))
    ax.barh(y + 0.2, order["ST"], 0.4, xerr=order["ST_conf"], color=COLOURS["authority"],
            label="total effect S_T")
    ax.barh(y - 0.2, order["S1"], 0.4, xerr=order["S1_conf"], color="#f4a582",
            label="first order S_1")
    ax.set_yticks(y, [name.replace("_", " ") for name in order["parameter"]], fontsize=8)
    ax.set_xlabel("Sobol index of the full-cooperation margin (share of its variance)")
    ax.axvline(0, color="black", lw=0.8)
    ax.legend(loc="lower right")
    ax.set_title(f"Symmetric group of 9, {int(table['samples'].iloc[0]):,} model evaluations; "
                 "bars: 95 % bootstrap intervals", fontsize=10)
    return ax


def figure(table: pd.DataFrame) -> Any:
    """The indices as a bar chart."""
    figure, axes = new_figure(1, 1, (9, 7.5))
    plot_indices(axes[0, 0], table)
    figure.suptitle("What drives the stability of full cooperation")
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths."""
    table = compute(quick, rng)
    return [write_table(table, out, "sensitivity"),
            *save_figure(figure(table), out, "sensitivity")]
