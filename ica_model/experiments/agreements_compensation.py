"""Hard against soft agreements, compensation, and pilots spreading to the group: the
remedies that 刘露露 (Liu Lulu), 《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"
的政务观测》, proposes for the G60 corridor: hard contracts with monitoring on top of soft
trust, compensation to members that concede, point-to-point pilots that diffuse.

For the nine G60 cities, along an even mix of the three kinds:

* the critical level (smallest level at which all nine cooperate) against agreement
  hardness :math:`\\rho` and against the compensation share :math:`\\tau`;
* best-response adoption paths from a Songjiang–Jiaxing pilot
  (:func:`ica_model.analysis.diffusion.adoption_path`) with no intervention, with hard agreements
  and compensation, and under the national pilot's intervention.

Outputs: ``agreements_compensation_levels.csv``, ``agreements_compensation_paths.csv``
and ``agreements_compensation.png``/``.svg``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..analysis.diffusion import adoption_path
from ..analysis.follower import local_response
from ..model.cases import g60
from ..model.parameters import KINDS, Distribution, Intervention
from ._common import levels, seed_of, write_table
from .style import (
    ILLUSTRATIVE,
    caption_line,
    legend_below,
    new_figure,
    panel_title,
    region_style,
    save_figure,
    styled,
)

PILOTS = ("Songjiang", "Jiaxing")
#: Settings compared in the adoption paths: (label, agreement hardness, compensation, v).
SETTINGS = (
    ("no intervention, soft agreements", 0.0, 0.0, Intervention()),
    ("no intervention, hard agreements (ρ = 0.5)", 0.5, 0.0, Intervention()),
    ("no intervention, hard + compensation (τ = 0.5)", 0.5, 0.5, Intervention()),
    ("national pilot v = (0.3, 0.1, 0.4)", 0.0, 0.0, Intervention(0.3, 0.1, 0.4)),
)


def critical_levels(parameter: str, values: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Smallest even-mix level at which full cooperation holds, per parameter value (NaN:
    none on the grid), all points in one batch."""
    value, level = np.meshgrid(values, grid, indexing="ij")
    response = local_response(g60(), dict.fromkeys(KINDS, level.ravel())
                              | {parameter: value.ravel()})
    holds = response.full_cooperation.reshape(value.shape)
    first = np.where(holds.any(axis=1), holds.argmax(axis=1), -1)
    return np.where(first >= 0, grid[np.maximum(first, 0)], np.nan)


def compute(quick: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Critical levels against hardness and compensation; the adoption paths."""
    values = levels(quick, 21, 6)
    grid = levels(quick, 101, 41)
    table = pd.concat([
        pd.DataFrame({"parameter": name, "value": values,
                      "critical_level": critical_levels(name, values, grid)})
        for name in ("agreement_hardness", "compensation")], ignore_index=True)
    base = g60()
    rows = []
    for label, hardness, compensation, intervention in SETTINGS:
        scenario = dataclasses.replace(base, agreement_hardness=hardness,
                                       distribution=Distribution(compensation=compensation))
        path = adoption_path(scenario, intervention, PILOTS)
        pilots = [i for i, a in enumerate(base.actors) if a.name in PILOTS]
        others = [i for i in range(base.n) if i not in pilots]
        for step, (profile, payoff) in enumerate(zip(path.profiles, path.payoffs, strict=True)):
            rows.append({
                "setting": label, "step": step,
                "mover": "" if step == 0 else base.actors[path.movers[step - 1]].name,
                "action": "" if step == 0 else base.actions[profile[path.movers[step - 1]]],
                "cooperators": sum(a == 0 for a in profile),
                "pilot_payoff": float(np.mean(payoff[pilots])),
                "follower_payoff": float(np.mean(payoff[others])),
                "converged": path.converged})
    return table, pd.DataFrame(rows)


#: x-axis labels and panel titles of the two critical-level panels.
PARAMETERS = {
    "agreement_hardness": ("agreement hardness ρ\n(0 verbal, 1 binding and monitored)",
                           "Hard agreements"),
    "compensation": ("compensation share τ\n(0 none, 1 equal split of the surplus)",
                     "Compensation")}
#: Colour and line style of each distinct adoption path (settings with the same path share one).
PATH_STYLES = (("#0072b2", "-"), ("#d55e00", (0, (5, 2))), ("#009e73", (0, (1, 1.5))),
               ("#cc79a7", (0, (4, 1.5, 1, 1.5))))


def plot_critical(ax: Any, table: pd.DataFrame, parameter: str) -> Any:
    """The critical even-mix level against ``parameter`` (agreement hardness or
    compensation), the under-intervention region below it hatched."""
    part = table[table["parameter"] == parameter]
    ax.fill_between(part["value"], 0, part["critical_level"], **region_style("under"),
                    label="under-intervention (below the critical level)")
    ax.plot(part["value"], part["critical_level"], "o-", color="black", ms=3)
    ax.set_xlabel(PARAMETERS[parameter][0])
    ax.set_ylabel("critical even-mix level λ")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, max(0.05, float(table["critical_level"].max()) * 1.15))
    return ax


def distinct_paths(paths: pd.DataFrame) -> list[tuple[list[str], pd.DataFrame]]:
    """The settings grouped by their path of cooperator counts: (settings, one path)."""
    groups: dict[tuple[int, ...], tuple[list[str], pd.DataFrame]] = {}
    for label, part in paths.groupby("setting", sort=False):
        key = tuple(part["cooperators"])
        groups.setdefault(key, ([], part))[0].append(str(label))
    return list(groups.values())


def holdouts(part: pd.DataFrame, cities: list[str]) -> list[str]:
    """Cities that do not cooperate at the end of one adoption path (pilots cooperate)."""
    final = dict(zip(part["mover"], part["action"], strict=True))
    return [c for c in cities if c not in PILOTS and final.get(c) != "C"]


def plot_paths(ax: Any, paths: pd.DataFrame) -> Any:
    """Cooperating cities along the adoption paths, one line per distinct path, its end
    labelled with the cities that stay out."""
    cities = [a.name for a in g60().actors]
    for (settings, part), (colour, style) in zip(distinct_paths(paths), PATH_STYLES,
                                                 strict=False):
        ax.step(part["step"], part["cooperators"], where="post", color=colour, ls=style,
                label=";\n".join(settings))
        ax.plot(part["step"].iloc[-1], part["cooperators"].iloc[-1], "o", color=colour, ms=4)
        out = holdouts(part, cities)
        if out:
            ax.annotate(f"{' and '.join(out)}\nstay out", (part["step"].iloc[-1],
                        part["cooperators"].iloc[-1]), textcoords="axes fraction",
                        xytext=(0.97, 0.06), ha="right", va="bottom", fontsize=6.5,
                        color=colour, arrowprops={"arrowstyle": "->", "color": colour,
                                                  "lw": 0.6, "shrinkB": 3})
    n = len(cities)
    ax.set_xlabel("adoption step\n(one city moves to its best response)")
    ax.set_ylabel("cooperating cities")
    ax.set_ylim(0, n + 0.5)
    ax.set_yticks(range(0, n + 1, 3))
    ax.set_xlim(-0.3, paths["step"].max() + 0.5)
    ax.set_xticks(range(0, int(paths["step"].max()) + 1))
    return ax


@styled
def figure(table: pd.DataFrame, paths: pd.DataFrame) -> Any:
    """Three panels: critical level against hardness and compensation; adoption paths."""
    figure, axes = new_figure(1, 3, "double", 2.9)
    left, middle, right = axes[0]
    for letter, ax, parameter in (("a", left, "agreement_hardness"),
                                  ("b", middle, "compensation")):
        plot_critical(ax, table, parameter)
        panel_title(ax, letter, PARAMETERS[parameter][1])
    plot_paths(right, paths)
    panel_title(right, "c", "From a Songjiang–Jiaxing pilot")
    handles, labels = left.get_legend_handles_labels()
    more, more_labels = right.get_legend_handles_labels()
    legend_below(figure, handles + more, [*labels, *(f"(c) {t}" for t in more_labels)],
                 columns=2)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write both tables and the figure; return the paths. Draws nothing at random
    (``rng`` is accepted for a uniform signature)."""
    seed_of(rng)
    table, paths = compute(quick)
    return [write_table(table, out, "agreements_compensation_levels"),
            write_table(paths, out, "agreements_compensation_paths"),
            *save_figure(figure(table, paths), out, "agreements_compensation", caption_line(
                "The nine G60 cities (remedies after Liu Lulu's G60 study: hard contracts "
                "with monitoring, compensation, point-to-point pilots); even mix: "
                "v = λ·(1, 1, 1)", ILLUSTRATIVE))]
