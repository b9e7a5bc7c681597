"""Phase portraits of the population game: replicator dynamics of the symmetric group of
nine governments on the simplex of actions (C, D, T), at four authority levels.

Each local government is drawn from a large population whose shares of C, D and T
evolve by the replicator equation; a government's payoff is averaged over groups of nine
drawn from the population (:func:`ica_model.model.payoffs.symmetric_game`). Rest points come from
the indifference conditions and are classified by the eigenvalues of the Jacobian on the
simplex (:mod:`ica_model.engine.dynamics`): ESS (asymptotically stable Nash states) are marked
as filled circles. Without intervention the population settles at a mixed state where
some governments free-ride; at a moderate authority level full cooperation is the unique
ESS; under a heavy mandate defection is.

Outputs: ``phase_portraits_rest_points.csv`` (level, state, classification, ESS),
``phase_portraits_basins.csv`` (level, share of random starts reaching each ESS) and
``phase_portraits.png``/``.svg``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..engine.dynamics import final_states, replicator_field, rest_points, trajectory
from ..model.cases import symmetric
from ..model.parameters import Intervention
from ..model.payoffs import symmetric_game
from ._common import COLOURS, new_figure, save_figure, seed_of, write_table

LEVELS = (0.0, 0.3, 0.5, 0.95)
CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])   # C, D, T


def to_plane(shares: np.ndarray) -> np.ndarray:
    """Barycentric (C, D, T) shares to 2-d points of the triangle."""
    return np.asarray(shares) @ CORNERS


@dataclass(frozen=True, eq=False)
class PhasePortraits:
    """Everything the phase portraits show, computed.

    Attributes
    ----------
    points : pandas.DataFrame
        Rest points per level: shares, classification, Nash and ESS flags.
    basins : pandas.DataFrame
        Share of random starts reaching each ESS, per level.
    fields : dict
        Level -> (grid points, replicator field there), both in (C, D, T) shares.
    trajectories : dict
        Level -> list of integrated paths (each an array of (C, D, T) states).
    """

    points: pd.DataFrame
    basins: pd.DataFrame
    fields: dict[float, tuple[np.ndarray, np.ndarray]]
    trajectories: dict[float, list[np.ndarray]]


def compute(quick: bool = False, rng: int | np.random.Generator = 0) -> PhasePortraits:
    """Rest points, basin shares, the replicator field on a grid and sample trajectories
    per level."""
    seed = seed_of(rng)
    scenario = symmetric()
    starts = np.random.default_rng(seed).dirichlet(np.ones(3), size=40 if quick else 300)
    grid = [(a, b, 1 - a - b) for a in np.linspace(0, 1, 15) for b in np.linspace(0, 1, 15)
            if a + b <= 1 + 1e-12]
    grid = np.clip(np.array(grid), 0.0, 1.0)
    grid = grid / grid.sum(axis=1, keepdims=True)
    shown = np.random.default_rng(seed + 1).dirichlet(np.ones(3), size=8 if quick else 18)
    points, basins, fields, trajectories = [], [], {}, {}
    for level in LEVELS:
        game = symmetric_game(scenario, Intervention(authority=level))
        found = rest_points(game)
        for p in found:
            points.append({"authority": level, "C": p.state[0], "D": p.state[1], "T": p.state[2],
                           "classification": p.classification, "is_nash": p.is_nash,
                           "is_ess": p.is_ess})
        # near a weakly attracting ESS convergence is slow: integrate long, count within 0.01
        final = final_states(game, starts, t_max=3000.0)
        for p in (p for p in found if p.is_ess):
            share = float(np.mean(np.abs(final - np.array(p.state)).max(axis=1) <= 1e-2))
            basins.append({"authority": level, "ess_C": p.state[0], "ess_D": p.state[1],
                           "ess_T": p.state[2], "basin_share": share, "starts": len(starts)})
        fields[level] = (grid, replicator_field(game, grid))
        trajectories[level] = [trajectory(game, start, t_max=60.0, points=300).states
                               for start in shown]
    return PhasePortraits(pd.DataFrame(points), pd.DataFrame(basins), fields, trajectories)


def plot_portrait(ax: Any, portraits: PhasePortraits, level: float) -> Any:
    """The simplex at one authority level: field arrows, trajectories, rest points and
    the ESS with its basin share."""
    points, basins = portraits.points, portraits.basins
    styles = {"stable": ("o", "black", "black"), "saddle": ("o", "0.55", "black"),
              "unstable": ("o", "white", "black"), "centre": ("s", "white", "black"),
              "non-hyperbolic": ("D", "white", "black")}
    ax.fill(*CORNERS.T, color="#f7f7f7", zorder=0)
    ax.plot(*np.vstack([CORNERS, CORNERS[:1]]).T, color="black", lw=1)
    grid, field = portraits.fields[level]
    base, arrow = to_plane(grid), to_plane(field)
    size = np.linalg.norm(arrow, axis=1, keepdims=True)
    ax.quiver(*base.T, *(arrow / np.maximum(size, 1e-12)).T, size.ravel(), cmap="Greys",
              scale=28, width=0.004, alpha=0.8)
    for states in portraits.trajectories[level]:
        path = to_plane(states)
        ax.plot(*path.T, color=COLOURS["authority"], lw=0.9, alpha=0.7)
    here = points[points["authority"] == level]
    for _, row in here.iterrows():
        marker, face, edge = styles[row["classification"]]
        xy = to_plane(np.array([row["C"], row["D"], row["T"]]))
        ax.plot(*xy, marker, ms=12 if row["is_ess"] else 8, mfc=face, mec=edge, zorder=5)
        if row["is_ess"]:
            share = basins[(basins["authority"] == level)
                           & np.isclose(basins["ess_C"], row["C"])]["basin_share"].iloc[0]
            ax.annotate(f"ESS ({row['C']:.2f}, {row['D']:.2f}, {row['T']:.2f})\n"
                        f"basin {share:.0%}", xy, textcoords="offset points",
                        xytext=(0, 14), ha="center", fontsize=8,
                        bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"})
    for name, corner, offset in (("C (cooperate)", CORNERS[0], (-4, -14)),
                                 ("D (stay out)", CORNERS[1], (4, -14)),
                                 ("T (token)", CORNERS[2], (0, 8))):
        ax.annotate(name, corner, textcoords="offset points", xytext=offset,
                    ha="center", fontsize=9)
    ax.set_title(f"authority v_auth = {level:g}", fontsize=10)
    ax.set_aspect("equal")
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.12, 1.0)
    ax.axis("off")
    return ax


def figure(portraits: PhasePortraits) -> Any:
    """One simplex per authority level, with a shared legend."""
    figure, axes = new_figure(1, len(LEVELS), (17, 4.9))
    for ax, level in zip(axes[0], LEVELS, strict=True):
        plot_portrait(ax, portraits, level)
    from matplotlib.lines import Line2D

    legend = [Line2D([], [], marker="o", ls="", ms=11, mfc="black", mec="black", label="ESS"),
              Line2D([], [], marker="o", ls="", ms=8, mfc="0.55", mec="black", label="saddle"),
              Line2D([], [], marker="o", ls="", ms=8, mfc="white", mec="black", label="unstable"),
              Line2D([], [], color=COLOURS["authority"], label="trajectories"),
              Line2D([], [], marker=r"$\rightarrow$", ls="", ms=10, color="0.4",
                     label="direction of the replicator field")]
    figure.legend(handles=legend, loc="upper center", ncol=5, fontsize=9, frameon=False,
                  bbox_to_anchor=(0.5, 0.95))
    figure.suptitle("Replicator dynamics of a population of governments in groups of nine "
                    "(shares of C, D, T)")
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write both tables and the figure; return the paths."""
    portraits = compute(quick, rng)
    return [write_table(portraits.points, out, "phase_portraits_rest_points"),
            write_table(portraits.basins, out, "phase_portraits_basins"),
            *save_figure(figure(portraits), out, "phase_portraits")]
