"""Shared parts of the history experiments (g60_dynamics, yrd_dynamics, momentum,
rival_explanations): the tables of a calibration over histories and its action bands."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..history.calibration import HistoryCalibration
from .style import ACTION_COLOURS, ACTION_HATCHES, HATCH_COLOUR

ACTION_NAMES = {"C": "cooperate", "T": "lie flat (deliver the lists only)", "D": "stay out"}


def year_shares(result: HistoryCalibration) -> pd.DataFrame:
    """Per year, the share of governments taking each action over accepted paths (all paths
    where none is accepted), and the share of paths with no pure equilibrium."""
    h = result.history
    chosen = result.accepted if result.accepted.any() else np.ones_like(result.accepted)
    rows = []
    for t, year in enumerate(h.years):
        taken = h.actions[chosen, t, :]
        rows.append({"year": year, **{code: float((taken == a).mean())
                                      for a, code in enumerate(("C", "D", "T"))},
                     "no_equilibrium": float((taken < 0).any(axis=1).mean()),
                     "paths": int(chosen.sum()), "conditioned": bool(result.accepted.any())})
    return pd.DataFrame(rows)


def state_means(result: HistoryCalibration, variables: tuple[str, ...]) -> pd.DataFrame:
    """Per year (start of year, and after the last), the mean and 10-90 % band over the
    accepted paths of each state variable, averaged over governments."""
    h = result.history
    chosen = result.accepted if result.accepted.any() else np.ones_like(result.accepted)
    rows = []
    for name in variables:
        values = h.state[name][chosen].mean(axis=2)                 # (paths, years + 1)
        for t in range(values.shape[1]):
            year = h.years[0] + t
            rows.append({"variable": name, "year": year, "mean": float(values[:, t].mean()),
                         "p10": float(np.quantile(values[:, t], 0.1)),
                         "p90": float(np.quantile(values[:, t], 0.9))})
    return pd.DataFrame(rows)


def plot_action_bars(ax: Any, shares: pd.DataFrame) -> Any:
    """Stacked bars: the share of governments cooperating, lying flat, staying out."""
    bottom = np.zeros(len(shares))
    for code in ("C", "T", "D"):
        ax.bar(shares["year"], shares[code], bottom=bottom, color=ACTION_COLOURS[code],
               hatch=ACTION_HATCHES[code], edgecolor=HATCH_COLOUR, lw=0.4,
               label=ACTION_NAMES[code])
        bottom += shares[code].to_numpy()
    ax.set_xlabel("year")
    ax.set_ylabel("share of governments\n(accepted paths)")
    ax.set_ylim(0, 1)
    ax.set_xticks(shares["year"])
    return ax
