"""Where each claim holds in the G60 region (PRIM boxes) and which parameters decide it.

Over the G60 corridor's accepted draws (:func:`~ica_model.experiments._calibrated.calibration`),
:func:`~ica_model.analysis.claim_regions.claim_regions` gives each claim a PRIM box of at
most three parameter ranges with its coverage and density, and the Shapley effects of the
five parameters that decide it on its indicator (given-data estimate, valid for the
region's correlated parameters), with the share those five leave unexplained. Claims that
hold, or fail, at fewer than 50 draws have neither.

Outputs: ``claim_boxes.csv`` (one row per claim and restricted parameter: ``claim``, ``n``,
``share``, ``by_construction``, ``parameter``, ``low``, ``high``, ``coverage``,
``density``, ``mass``, ``box_n``), ``claim_boxes_effects.csv`` (``claim``,
``parameter``, ``effect``, ``unexplained``, ``n``) and the figure ``claim_boxes`` (PNG,
SVG): (a) each box's ranges as a share of the prior range, (b) the Shapley effects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from .._validation import check_axes, check_frame
from ._calibrated import calibration, region_note
from ._common import check_out, check_step, seed_of, write_table
from .style import caption_line, new_figure, panel_title, save_figure, single_column, styled

__all__ = ["compute", "figure", "plot_boxes", "plot_effects", "run"]

#: The columns of a boxes table the figure reads.
BOX_COLUMNS = ("claim", "box_n", "parameter", "low", "high", "prior_low", "prior_high",
               "coverage", "density")

#: Colour and hatch of each claim (Okabe-Ito; the hatch survives greyscale).
LOOK = {"no intervention": ("#0072B2", ""), "stabilises": ("#E69F00", "////"),
        "inverted U": ("#009E73", "...."), "lying flat": ("#CC79A7", "xxxx"),
        "more actors": ("#56B4E9", "----"), "hard agreements": ("#D55E00", "||||"),
        "compensation": ("#999999", "++++")}


def compute(quick: bool = False, rng: int | np.random.Generator = 0) -> dict[str, Any]:
    """The boxes and effects of every claim over the G60 region."""
    quick, _ = check_step(quick, rng)
    from ..analysis.claim_regions import boxes_table, claim_regions, effects_table

    seed = seed_of(rng)
    result = calibration("g60", quick, seed)
    regions = claim_regions(result, rng=seed)
    boxes = boxes_table(regions)
    ranges = [result.facts.range_of(p) if p else (np.nan, np.nan)
              for p in boxes["parameter"]]
    boxes["prior_low"] = [low for low, _ in ranges]
    boxes["prior_high"] = [high for _, high in ranges]
    return {"boxes": boxes, "effects": effects_table(regions), "result": result}


def _label(claim: str, parameter: str) -> str:
    """``claim: parameter`` in words; an actor's own parameter (``selective_benefit.5``)
    names the G60 city it belongs to (the region is the G60 case's)."""
    from ..cases import g60
    from ..model.facts import split_column

    words = "no restriction"
    if parameter:
        base, actor, _ = split_column(parameter)
        words = base.replace("_", " ")
        if actor is not None:
            words += f", {g60().actors[actor].name}"
    # one column wide: claim and parameter on two lines, so the bars keep their room
    joint = "\n" if single_column() else " "
    return f"{claim}:{joint}{words}"


def _note(ax: Any, y: float, text: str) -> None:
    if single_column():
        text = text.replace(", ", ",\n")
    ax.text(1.01, y, text, va="center", ha="left", fontsize=7,
            transform=ax.get_yaxis_transform())


def plot_boxes(ax: Any, boxes: Any) -> Any:
    """Each restricted range as a bar over its prior range scaled to [0, 1] (a box that
    restricts nothing: the whole range); each claim's coverage and density beside its
    first row. Claims without a box are left out."""
    check_axes("ax", ax)
    check_frame("boxes", boxes, BOX_COLUMNS)
    shown = boxes[boxes["box_n"] > 0].reset_index(drop=True)
    y = np.arange(len(shown))[::-1]
    span = shown["prior_high"] - shown["prior_low"]
    low = ((shown["low"] - shown["prior_low"]) / span).fillna(0.0).to_numpy()
    high = ((shown["high"] - shown["prior_low"]) / span).fillna(1.0).to_numpy()
    for k, row in shown.iterrows():
        colour, hatch = LOOK.get(row["claim"], ("0.5", ""))
        ax.barh(y[k], high[k] - low[k], left=low[k], height=0.6, color=colour, hatch=hatch,
                edgecolor="white", linewidth=0)
        if k == 0 or shown["claim"][k - 1] != row["claim"]:
            _note(ax, y[k], f"coverage {row['coverage']:.2f}, density {row['density']:.2f}")
    ax.set_yticks(y, [_label(c, p) for c, p in zip(shown["claim"], shown["parameter"],
                                                    strict=True)], fontsize=7)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, len(shown) - 0.4)
    ax.set_xlabel("Box range, as a share of the prior range")
    ax.grid(axis="x", lw=0.4, alpha=0.5)
    return ax


def plot_effects(ax: Any, effects: Any) -> Any:
    """Shapley effect of each claim's five deciding parameters; beside the claim's first
    row, the share of its variance they leave unexplained."""
    check_axes("ax", ax)
    check_frame("effects", effects, ("claim", "parameter", "effect", "unexplained"))
    y = np.arange(len(effects))[::-1]
    labels = []
    for k, row in effects.reset_index(drop=True).iterrows():
        if k == 0 or effects["claim"].iloc[k - 1] != row["claim"]:
            _note(ax, y[k], f"unexplained {row['unexplained']:.2f}")
        colour, hatch = LOOK.get(row["claim"], ("0.5", ""))
        ax.barh(y[k], row["effect"], height=0.6, color=colour, hatch=hatch,
                edgecolor="white", linewidth=0)
        labels.append(_label(row["claim"], row["parameter"]))
    ax.set_yticks(y, labels, fontsize=7)
    ax.axvline(0, color="0.3", lw=0.6)
    ax.set_ylim(-0.6, len(effects) - 0.4)
    ax.set_xlabel("Shapley effect (share of the claim indicator's variance)")
    ax.grid(axis="x", lw=0.4, alpha=0.5)
    return ax


@styled
def figure(boxes: Any, effects: Any) -> Any:
    """(a) the boxes, (b) the Shapley effects."""
    check_frame("boxes", boxes, BOX_COLUMNS)
    check_frame("effects", effects, ("claim", "parameter", "effect", "unexplained"))
    rows = (max(int((boxes["box_n"] > 0).sum()), 1), max(len(effects), 1))
    # one column: each label on two lines, so a row twice as tall
    fig, axes = (new_figure(2, 1, "single", 1.4 + 0.3 * sum(rows), height_ratios=rows)
                 if single_column() else
                 new_figure(2, 1, "double", 1.2 + 0.15 * sum(rows), height_ratios=rows))
    panel_title(plot_boxes(axes[0, 0], boxes), "a", "Where each claim holds: PRIM boxes")
    panel_title(plot_effects(axes[1, 0], effects), "b",
                "Which parameters decide it: Shapley effects on the region")
    return fig


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the tables and the figure; return the paths."""
    out = check_out(out)
    tables = compute(quick, rng)
    result = tables["result"]
    paths = [write_table(tables["boxes"], out, "claim_boxes"),
             write_table(tables["effects"], out, "claim_boxes_effects")]
    everywhere = sorted(set(tables["boxes"]["claim"][tables["boxes"]["box_n"] == 0]))
    paths += save_figure(figure(tables["boxes"], tables["effects"]), out, "claim_boxes",
                         caption_line(
        region_note(result),
        "(a) PRIM (alpha 0.05, box of best harmonic mean of coverage and density); "
        "(b) given-data Shapley effects (3 nearest neighbours), 5 parameters per claim; "
        "effects are non-negative, a negative estimate is sampling error",
        f"No box or effects (the claim holds, or fails, at fewer than 50 draws): "
        f"{', '.join(everywhere)}"
        if everywhere else ""))
    return paths
