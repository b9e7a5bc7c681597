r"""Rival explanations of the fading of G60 self-organisation, compared.

Three mechanisms could explain why the nine cities' own joint innovation faded after the
national lists (刘露露, 《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"的政务观测》):
(i) autonomy loss under mandates (the snapshot model's autonomy cost, with the conflict
between territorial and vertical lines); (ii) erosion of the credit for being first (黄六招、
顾丽梅、尚虎平, 《地方公共服务创新是如何生成的？》); (iii) attention drifting to the
demonstration zone (刘露露 §4(2)1). Each is switched on alone over the same draws of the
prior (:data:`ica_model.history.calibration.EXPLANATIONS`); the table gives the share of
paths reproducing every history fact, each fact alone, and the ABC posterior probability of
each explanation (equal prior weights). Whether the facts can tell them apart is the finding,
either way.

Outputs: ``rival_explanations.csv`` and the figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import seed_of
from ..history.calibration import rival_explanations
from ._common import write_table
from .style import caption_line, new_figure, panel_title, save_figure, styled

DRAWS = (3, 160)
COLOURS = ("#0072b2", "#d55e00", "#009e73")
HATCHES = ("", "///", "...")


@styled
def figure(table: pd.DataFrame) -> Any:
    """Each fact's share of paths, per explanation."""
    facts = [c for c in table.columns if c.startswith("holds: ")] + ["share"]
    labels = [c.removeprefix("holds: ") for c in facts[:-1]] + ["every fact"]
    figure, axes = new_figure(1, 1, "double", 3.2)
    ax = axes[0, 0]
    width = 0.8 / len(table)
    x = np.arange(len(facts))
    for k, row in enumerate(table.itertuples(index=False)):
        values = [row.share if f == "share" else table.iloc[k][f] for f in facts]
        position = x + (k - (len(table) - 1) / 2) * width
        ax.bar(position, values, width, color=COLOURS[k], hatch=HATCHES[k], edgecolor="0.3",
               lw=0.4, label=row.explanation)
        share, low, high = (float(table.iloc[k][c]) for c in ("share", "low", "high"))
        ax.errorbar(position[-1], share, yerr=[[share - low], [high - share]], color="0.1",
                    capsize=2.5, lw=0.8)
    ax.set_xticks(x, labels, rotation=15)
    ax.set_ylabel("share of paths on which it holds")
    ax.set_ylim(0, 1.05)
    panel_title(ax, None, "Which facts each explanation reproduces, switched on alone "
                "(every fact: 95 % Wilson interval)")
    ax.legend(loc="upper left", frameon=False, fontsize=7)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths."""
    table = rival_explanations("g60", DRAWS[0 if quick else 1], rng=seed_of(rng))
    posterior = ", ".join(f"{row.explanation}: {row.accepted}/{row.draws}"
                          for row in table.itertuples(index=False))
    return [write_table(table, out, "rival_explanations"),
            *save_figure(figure(table), out, "rival_explanations",
                         caption_line("Same prior draws for each explanation; accepted "
                                      f"paths {posterior}"))]
