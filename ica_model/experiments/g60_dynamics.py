r"""G60 over time: each city's path with its state, conditioned on the history facts.

The G60 corridor from 2018 to 2023 as one history (:mod:`ica_model.history`): each year the
nine cities play the stage game given the state (sunk connections, political momentum from
the State Council's and ministries' events, attention contested with the demonstration zone
from 2020, eroding credit for being first, self-reinforcing resources, cadres,
institutionalisation), then the state moves. Draws of the snapshot prior and of the dynamic
terms' ranges are kept when the whole path reproduces every history fact of 刘露露,
《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"的政务观测》
(:data:`ica_model.cases.g60_corridor.HISTORY`).

Outputs: ``g60_dynamics_facts.csv`` (each fact: source, quote, share of paths on which it
holds, whether it constrains anything; the last row: every fact at once),
``g60_dynamics_first_flat.csv`` (per city, the share of accepted paths in which it is among
the first to lie flat), ``g60_dynamics_solution.csv`` (myopic against forward-looking paths,
and both against exact subgame-perfect paths of small cases), ``g60_dynamics_representative.csv``
(the accepted draw nearest the medians, against the stored one),
``g60_dynamics_years.csv`` (per year: share of cities per action over accepted paths),
``g60_dynamics_cities.csv`` (per year and city), ``g60_dynamics_state.csv`` (state means
and 10-90 % bands), ``g60_dynamics_informed.csv`` (prior-to-accepted Kolmogorov-Smirnov
distance per dynamic parameter) and the figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import seed_of
from ..history.calibration import HistoryCalibration, calibrate_histories
from ._common import write_table
from ._histories import plot_action_bars, state_means, year_shares
from .style import caption_line, legend_below, new_figure, panel_title, save_figure, styled

CASE = "g60"
DRAWS = (4, 240)
STATE = ("potential", "attention", "first_credit", "resources", "sunk")
STATE_LABELS = {"potential": "political momentum $P$", "attention": "attention share $A$",
                "first_credit": "credit for being first $F$",
                "resources": "resources $R$", "sunk": "connection built $K$",
                "institution": "institutionalised $I$", "cadre": "cadre learning $L$"}
STATE_STYLE = {"potential": ("#0072b2", "-", "o"), "attention": ("#d55e00", "--", "s"),
               "first_credit": ("#cc79a7", ":", "^"), "resources": ("#009e73", "-.", "D"),
               "sunk": ("0.3", (0, (5, 1, 1, 1)), "v"), "institution": ("#56b4e9", "-", "x"),
               "cadre": ("#e69f00", "--", "P")}


def fact_rows(result: HistoryCalibration) -> pd.DataFrame:
    """The fact table with a last row for every fact at once."""
    table = result.fact_table()
    share, low, high = result.share
    every = pd.DataFrame([{"fact": "every fact", "statement": "all of the above",
                           "source": "", "quote": "", "share": share, "low": low,
                           "high": high, "constrains": True}])
    return pd.concat([table, every], ignore_index=True)


def first_to_lie_flat(result: HistoryCalibration, named: tuple[str, ...]) -> pd.DataFrame:
    """Per government: the share of accepted paths in which it is among the first to lie
    flat; a last row: the share in which the first are all among ``named`` (the cities the
    source names as drawn to national channels)."""
    h = result.history
    chosen = np.flatnonzero(result.accepted)
    first = np.zeros(len(h.governments))
    only_named = 0
    named_mask = np.array([g in named for g in h.governments])
    for row in chosen:
        flat = h.actions[row] == 2                                  # (years, n)
        years = np.flatnonzero(flat.any(axis=1))
        if years.size:
            leaders = flat[years[0]]
            first += leaders
            only_named += bool(leaders[named_mask].any() and not leaders[~named_mask].any())
    total = max(len(chosen), 1)
    rows = [{"government": g, "share_first": first[i] / total, "named": bool(named_mask[i])}
            for i, g in enumerate(h.governments)]
    rows.append({"government": "first are only the named cities", "share_first":
                 only_named / total, "named": True})
    return pd.DataFrame(rows)


def solution_check(result: HistoryCalibration, rng: int, quick: bool = False) -> pd.DataFrame:
    """Myopic against forward-looking paths on the accepted draws (share of governments
    cooperating and lying flat per year), and the path solutions against the exact
    subgame-perfect paths of small cases (:func:`ica_model.history.exact.check_approximation`)."""
    from ..history.exact import check_approximation
    from ..history.path import simulate_history

    rows = []
    accepted = np.flatnonzero(result.accepted)
    if accepted.size:
        forward = simulate_history(result.case, result.history.draws, rows=accepted, forward=True,
                           rng=rng)
        for t, year in enumerate(result.history.years):
            myopic = result.history.actions[accepted, t]
            ahead = forward.actions[:, t]
            rows.append({"check": "myopic vs forward-looking, accepted G60 draws",
                         "year": year, "myopic_C": float((myopic == 0).mean()),
                         "forward_C": float((ahead == 0).mean()),
                         "myopic_T": float((myopic == 2).mean()),
                         "forward_T": float((ahead == 2).mean()),
                         "same_actions": float((myopic == ahead).all(axis=1).mean())})
    sizes = ((1, 5, 4), (2, 2, 2)) if quick else ((1, 5, 100), (2, 4, 20), (3, 3, 10))
    for n, years, draws in sizes:
        check = check_approximation(n, years, draws, rng)
        rows.append({"check": "exact subgame-perfect paths, small cases", **check})
    return pd.DataFrame(rows)


def representative(result: HistoryCalibration, rng: int) -> pd.DataFrame:
    """The accepted draw nearest the accepted medians, against the stored one."""
    stored = result.case.representative
    row = result.representative_row() if result.accepted.any() else -1
    return pd.DataFrame([{"draws": result.history.draws, "rng": rng, "row": row,
                          "stored": "" if stored is None else str(stored),
                          "same": stored == (result.history.draws, rng, row)}])


def plot_state(ax: Any, states: pd.DataFrame, variables: tuple[str, ...]) -> Any:
    """Mean state over accepted paths, with the 10-90 % band of the first variable."""
    for name in variables:
        rows = states[states["variable"] == name]
        colour, line, marker = STATE_STYLE[name]
        ax.plot(rows["year"], rows["mean"], color=colour, ls=line, marker=marker, ms=3.5,
                label=STATE_LABELS[name])
        ax.fill_between(rows["year"], rows["p10"], rows["p90"], color=colour, alpha=0.12,
                        lw=0)
    ax.set_xlabel("start of year")
    ax.set_ylabel("state (mean over governments\nand accepted paths)")
    return ax


@styled
def figure(years: pd.DataFrame, states: pd.DataFrame, variables: tuple[str, ...],
           title: str) -> Any:
    """(a) actions per year, (b) the state."""
    figure, axes = new_figure(1, 2, "double", 3.1)
    plot_action_bars(axes[0, 0], years)
    panel_title(axes[0, 0], "a", f"{title}: what the governments do")
    plot_state(axes[0, 1], states, variables)
    panel_title(axes[0, 1], "b", "The state that carries over (bands: 10-90 %)")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    more, more_labels = axes[0, 1].get_legend_handles_labels()
    legend_below(figure, handles + more, labels + more_labels, columns=4)
    return figure


def write_history(result: HistoryCalibration, out: Path, variables: tuple[str, ...],
                  title: str, governments: str, rng: int) -> list[Path]:
    """The tables and the figure every history experiment writes, named
    ``{case}_dynamics_*``; ``governments`` names the per-government table."""
    years = year_shares(result)
    states = state_means(result, variables)
    share, low, high = result.share
    note = (f"{int(result.accepted.sum())} of {result.history.draws} draws reproduce every "
            f"fact ({share:.0%}, 95 % interval {low:.0%}-{high:.0%})"
            if result.accepted.any() else
            f"none of {result.history.draws} draws reproduces every fact: all paths shown")
    name = f"{result.case.name}_dynamics"
    paths = [write_table(fact_rows(result), out, f"{name}_facts"),
             write_table(representative(result, rng), out, f"{name}_representative"),
             write_table(years, out, f"{name}_years"),
             write_table(result.action_bands(), out, f"{name}_{governments}"),
             write_table(states, out, f"{name}_state"),
             write_table(result.informed(), out, f"{name}_informed")]
    return [*paths, *save_figure(figure(years, states, variables, title), out, name,
                                 caption_line("Myopic stage equilibria given the state; "
                                              "snapshot prior and dynamic terms' ranges",
                                              note))]


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Calibrate over histories, write the tables and the figure; return the paths."""
    seed = seed_of(rng)
    result = calibrate_histories(CASE, DRAWS[0 if quick else 1], rng=seed)
    return [write_table(first_to_lie_flat(result, result.case.national_channels), out,
                        f"{CASE}_dynamics_first_flat"),
            write_table(solution_check(result, seed, quick), out, f"{CASE}_dynamics_solution"),
            *write_history(result, out, STATE, "G60, 2018-2023", "cities", seed)]
