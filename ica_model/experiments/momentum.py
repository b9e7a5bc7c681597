r"""Political momentum in 陈璐's A district: no automatic slide, timely reinforcement, hysteresis.

陈璐, 《从技术引入转向组织变革：地方数字政府改革何以深入》: technology came in 2019 (the province's
pilot, May 2019) without organisational change; the governor's visit (June 2020) and the
province's first demonstration-zone plaque (December 2020) re-injected momentum, and the
reform deepened. One government decides each year whether to deepen the reform
(:mod:`ica_model.history.district`), with momentum, cadres, resources and
institutionalisation carried over (:mod:`ica_model.history.terms`).

Draws of the dynamic terms' ranges are kept when the path to 2023 reproduces the paper's
history (:data:`ica_model.cases.a_district.HISTORY`); the years run on to 2026 with no new
event, so momentum falls. For the kept draws, three paths: as observed; without the 2020
re-injection (no visit, no plaque); and as observed with institutionalisation switched off.
Once institutionalised, the reform survives the later fall in momentum; without
institutionalisation it may stall again (hysteresis). Each curve is a share of the kept
draws (a model statement over the region consistent with the facts).

黄六招、顾丽梅、尚虎平's J district (《地方公共服务创新是如何生成的？》): on the draws that reproduce its
history (the innovation generated, resources growing after success), the share innovating
and the mean resources from superiors per year, with and without the performance gap that
met the centre's credit-seeking.

Outputs: ``momentum.csv`` (A district, per setting and year: share deepening, mean momentum,
share institutionalised, mean cadre learning), ``momentum_j_district.csv`` (J district, per
setting and year: share innovating, mean resources) and the figure.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import seed_of
from ..cases.a_district import HISTORY as A_DISTRICT
from ..cases.j_district import HISTORY as J_DISTRICT
from ..history.path import simulate_history
from ..history.terms import TERMS
from ._common import write_table
from .style import caption_line, legend_below, new_figure, panel_title, save_figure, styled

DRAWS = (60, 4000)
YEARS = tuple(range(2019, 2027))
SETTINGS = {"as observed (visit and plaque, 2020)": (True, frozenset(TERMS)),
            "no re-injection in 2020": (False, frozenset(TERMS)),
            "as observed, no institutionalisation": (True, frozenset(TERMS) - {"institution"})}
STYLE = {"as observed (visit and plaque, 2020)": ("#0072b2", "-", "o"),
         "no re-injection in 2020": ("#d55e00", "--", "s"),
         "as observed, no institutionalisation": ("#009e73", ":", "^")}


def compute(quick: bool, seed: int) -> tuple[pd.DataFrame, int, int]:
    """Per setting and year over the kept draws; the numbers kept and drawn."""
    draws = DRAWS[0 if quick else 1]
    extended = dataclasses.replace(A_DISTRICT, years=YEARS)
    observed = simulate_history(extended, draws, rng=seed)
    kept = np.asarray(A_DISTRICT.facts[0].holds(observed), dtype=bool)
    frames = []
    for label, (reinjected, terms) in SETTINGS.items():
        case = extended if reinjected else dataclasses.replace(
            extended, events=tuple(e for e in extended.events if e.year != 2020))
        history = simulate_history(case, draws, terms=terms, rng=seed)
        chosen = kept if kept.any() else np.ones(draws, dtype=bool)
        frames.append(pd.DataFrame({
            "setting": label, "year": YEARS,
            "deepening": (history.actions[chosen, :, 0] == 0).mean(axis=0),
            "momentum": history.state["potential"][chosen, :-1, 0].mean(axis=0),
            "institutionalised": history.state["institution"][chosen, 1:, 0].mean(axis=0),
            "cadre": history.state["cadre"][chosen, 1:, 0].mean(axis=0)}))
    return pd.concat(frames, ignore_index=True), int(kept.sum()), draws


J_SETTINGS = {"as observed (performance gap)": None, "no performance gap": 0.0}


def compute_j_district(quick: bool, seed: int) -> tuple[pd.DataFrame, int, int]:
    """J district over the kept draws, with and without the performance gap."""
    draws = DRAWS[0 if quick else 1]
    observed = simulate_history(J_DISTRICT, draws, rng=seed)
    kept = np.logical_and.reduce([np.asarray(f.holds(observed), dtype=bool)
                                  for f in J_DISTRICT.facts])
    chosen = kept if kept.any() else np.ones(draws, dtype=bool)
    frames = []
    for label, gap in J_SETTINGS.items():
        history = observed if gap is None else simulate_history(
            J_DISTRICT, draws, parameters={"performance_gap": gap}, rng=seed)
        frames.append(pd.DataFrame({
            "setting": label, "year": J_DISTRICT.years,
            "innovating": (history.actions[chosen, :, 0] == 0).mean(axis=0),
            "resources": history.state["resources"][chosen, 1:, 0].mean(axis=0)}))
    return pd.concat(frames, ignore_index=True), int(kept.sum()), draws


@styled
def figure(table: pd.DataFrame, j_table: pd.DataFrame) -> Any:
    """(a) A district: share deepening, (b) its momentum, institutionalisation and cadre,
    (c) J district: share innovating and resources."""
    figure, axes = new_figure(1, 3, "double", 3.1)
    for label, rows in table.groupby("setting", sort=False):
        colour, line, marker = STYLE[str(label)]
        axes[0, 0].plot(rows["year"], rows["deepening"], color=colour, ls=line, marker=marker,
                        ms=3.5, label=str(label))
        axes[0, 1].plot(rows["year"], rows["momentum"], color=colour, ls=line, marker=marker,
                        ms=3.5)
    observed = table[table["setting"] == next(iter(SETTINGS))]
    axes[0, 1].plot(observed["year"], observed["institutionalised"], color="0.25", lw=1.0,
                    ls=(0, (1, 1)), label="share institutionalised (as observed)")
    axes[0, 1].plot(observed["year"], observed["cadre"], color="#cc79a7", lw=1.0,
                    ls=(0, (4, 1, 1, 1)), label="cadre learning $L$ (as observed)")
    for ax in axes[0, :2]:
        ax.set_xticks(YEARS[::2])
    axes[0, 0].axvspan(2023.5, YEARS[-1] + 0.5, color="0.9", lw=0)
    axes[0, 0].set_xlabel("year (shaded: after the paper)")
    axes[0, 0].set_ylabel("share of kept draws deepening")
    axes[0, 0].set_ylim(-0.02, 1.02)
    panel_title(axes[0, 0], "a", "A district: deepening")
    axes[0, 1].set_xlabel("year")
    axes[0, 1].set_ylabel("mean momentum $P$ (markers);\nshare, learning (thin)")
    panel_title(axes[0, 1], "b", "Momentum falls; the routine stays")
    for (label, rows), (colour, line, marker) in zip(
            j_table.groupby("setting", sort=False),
            (("#0072b2", "-", "D"), ("#d55e00", "--", "v")), strict=True):
        axes[0, 2].plot(rows["year"], rows["innovating"], color=colour, ls=line,
                        marker=marker, ms=3.5, label=f"J district, {label}: share innovating")
        axes[0, 2].plot(rows["year"], rows["resources"], color=colour, ls=line, lw=0.8,
                        alpha=0.7, label=f"J district, {label}: resources $R$")
    axes[0, 2].set_xticks(J_DISTRICT.years)
    axes[0, 2].set_xlabel("year")
    axes[0, 2].set_ylabel("share innovating (markers);\nmean resources (thin)")
    panel_title(axes[0, 2], "c", "J district: gap meets credit")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    for ax in axes[0, 1:]:
        more, more_labels = ax.get_legend_handles_labels()
        handles, labels = handles + more, labels + more_labels
    legend_below(figure, handles, labels, columns=2)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths."""
    table, kept, draws = compute(quick, seed_of(rng))
    j_table, j_kept, _ = compute_j_district(quick, seed_of(rng))
    note = (f"A district: {kept} of {draws} draws reproduce the paper's history to 2023; "
            f"J district: {j_kept} of {draws}")
    return [write_table(table, out, "momentum"),
            write_table(j_table, out, "momentum_j_district"),
            *save_figure(figure(table, j_table), out, "momentum",
                         caption_line("Myopic decisions given the state; dynamic terms' "
                                      "ranges", note))]
