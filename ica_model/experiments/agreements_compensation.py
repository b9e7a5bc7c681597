"""Hard against soft agreements, compensation, and pilots spreading to the group
(MODEL.md §6; seed 004's remedies: hard contracts with monitoring on top of soft trust,
compensation to members that concede, point-to-point pilots that diffuse).

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
from ._common import COLOURS, levels, new_figure, save_figure, seed_of, write_table

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


def plot_critical(ax: Any, table: pd.DataFrame, parameter: str) -> Any:
    """The critical even-mix level against ``parameter`` (agreement hardness or
    compensation), the region below it shaded."""
    label, colour = {
        "agreement_hardness": ("agreement hardness ρ (0 verbal, 1 binding and monitored)",
                               "#542788"),
        "compensation": ("compensation share τ (0 none, 1 equal split of the cooperative "
                         "surplus)", "#b35806")}[parameter]
    part = table[table["parameter"] == parameter]
    ax.plot(part["value"], part["critical_level"], "o-", color=colour, lw=2, ms=4)
    ax.fill_between(part["value"], 0, part["critical_level"], color=colour, alpha=0.12,
                    label="under-intervention")
    ax.set_xlabel(label, fontsize=9)
    ax.set_ylabel("critical even-mix level λ")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, max(0.05, float(table["critical_level"].max()) * 1.3))
    ax.legend(fontsize=8, loc="upper right")
    ax.set_title({"agreement_hardness": "Hard agreements lower the intervention needed",
                  "compensation": "Partial compensation lowers it; a full equal split does "
                                  "not"}[parameter], fontsize=10)
    return ax


def plot_paths(ax: Any, paths: pd.DataFrame) -> Any:
    """Cooperating cities along each setting's adoption path."""
    palette = ["#d73027", "#542788", "#b35806", COLOURS["information"]]
    styles = ["-", "--", "-.", ":"]
    for k, (colour, style, (label, part)) in enumerate(zip(
            palette, styles, paths.groupby("setting", sort=False), strict=True)):
        offset = (k - 1.5) * 0.08          # paths often coincide: offset them to stay visible
        ax.step(part["step"], part["cooperators"] + offset, where="post", color=colour, lw=2,
                ls=style, label=label)
        last = part.iloc[-1]
        ax.annotate(f"{int(last['cooperators'])}", (last["step"], last["cooperators"] + offset),
                    textcoords="offset points", xytext=(6, 0), fontsize=8, color=colour)
    ax.set_xlabel("adoption step (one city switches to its best response)")
    ax.set_ylabel("cooperating cities (lines offset slightly)")
    ax.set_ylim(0, 9.8)
    ax.set_title("From a Songjiang–Jiaxing pilot to the group", fontsize=10)
    ax.legend(fontsize=7.5, loc="lower right")
    return ax


def figure(table: pd.DataFrame, paths: pd.DataFrame) -> Any:
    """Three panels: critical level against hardness and compensation; adoption paths."""
    figure, axes = new_figure(1, 3, (15.5, 4.6))
    left, middle, right = axes[0]
    plot_critical(left, table, "agreement_hardness")
    plot_critical(middle, table, "compensation")
    plot_paths(right, paths)
    figure.suptitle("G60: remedies of seed 004")
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write both tables and the figure; return the paths. Draws nothing at random
    (``rng`` is accepted for a uniform signature)."""
    seed_of(rng)
    table, paths = compute(quick)
    return [write_table(table, out, "agreements_compensation_levels"),
            write_table(paths, out, "agreements_compensation_paths"),
            *save_figure(figure(table, paths), out, "agreements_compensation")]
