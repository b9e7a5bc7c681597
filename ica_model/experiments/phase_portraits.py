"""Phase portraits of the population game: replicator dynamics of the symmetric group of
nine governments on the simplex of actions (C, D, T), at four authority levels.

Each local government is drawn from a large population whose shares of C, D and T
evolve by the replicator equation; a government's payoff is averaged over groups of nine
drawn from the population (:func:`ica_model.model.payoffs.symmetric_game`). Rest points come from
the indifference conditions and are classified by the eigenvalues of the Jacobian on the
simplex (:mod:`ica_model.engine.evolutionary.dynamics`): ESS (asymptotically stable Nash states) are marked
as filled circles. The group is :func:`ica_model.cases.symmetric`, at the G60
corridor's bottleneck national integration.

At the calibrated values, without intervention there are two ESS: a mix of cooperation
and defection, and a mix of cooperation and token compliance, separated by an interior
saddle. Authority moves the population toward paper compliance, not toward cooperation:
at 0.3 the unique ESS is mostly token compliers, and at 0.5 and 0.95 it is all token
compliance (lying flat), reached from every start. Full cooperation is an ESS at none of
the four levels, and neither is defection (the D vertex is a saddle or unstable).

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

from ..cases import symmetric
from ..engine.evolutionary.dynamics import final_states, replicator_field, rest_points, trajectory
from ..model.parameters import Intervention
from ..model.payoffs import symmetric_game
from ._common import seed_of, write_table
from .style import ILLUSTRATIVE, caption_line, legend_below, new_figure, panel_title, save_figure, styled

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
    simplex = [(a, b, 1 - a - b) for a in np.linspace(0, 1, 15) for b in np.linspace(0, 1, 15)
               if a + b <= 1 + 1e-12]
    grid = np.clip(np.array(simplex), 0.0, 1.0)
    grid = grid / grid.sum(axis=1, keepdims=True)
    shown = np.random.default_rng(seed + 1).dirichlet(np.ones(3), size=8 if quick else 18)
    points, basins, fields, trajectories = [], [], {}, {}
    for level in LEVELS:
        game = symmetric_game(scenario, Intervention(authority=level))
        found = rest_points(game)
        for p in found:
            points.append({"authority": level, "C": p.state[0], "D": p.state[1], "T": p.state[2],
                           "classification": PUBLISHED_WORDS[p.classification],
                           "is_nash": p.is_nash,
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


#: The words this experiment's table and legend print for the engine's stability labels
#: (:data:`~ica_model.engine.evolutionary.labels.LABELS`): the words of its published
#: outputs, kept so that they do not change; an unstable point with a zero eigenvalue
#: (the engine's ``"unstable"``) is printed ``"unstable"`` too.
PUBLISHED_WORDS = {"ESS": "stable", "unstable point": "unstable", "unstable": "unstable",
                   "saddle point": "saddle", "centre": "centre",
                   "non-hyperbolic": "non-hyperbolic"}

#: Marker, face and edge colour of each class of rest point.
POINT_STYLES = {"stable": ("o", "black", "black"), "saddle": ("o", "0.6", "black"),
                "unstable": ("o", "white", "black"), "centre": ("s", "white", "black"),
                "non-hyperbolic": ("D", "white", "black")}
TRAJECTORY = "#0072b2"


def plot_portrait(ax: Any, portraits: PhasePortraits, level: float) -> Any:
    """The simplex at one authority level: field arrows (darker: faster), trajectories
    and rest points, the ESS larger."""
    points = portraits.points
    ax.fill(*CORNERS.T, color="#f4f4f4", zorder=0)
    ax.plot(*np.vstack([CORNERS, CORNERS[:1]]).T, color="black", lw=0.8)
    grid, field = portraits.fields[level]
    base, arrow = to_plane(grid), to_plane(field)
    size = np.linalg.norm(arrow, axis=1, keepdims=True)
    ax.quiver(*base.T, *(arrow / np.maximum(size, 1e-12)).T, size.ravel(), cmap="Greys",
              scale=24, width=0.006, headwidth=4, alpha=0.9, clim=(0, size.max() * 1.1))
    for states in portraits.trajectories[level]:
        ax.plot(*to_plane(states).T, color=TRAJECTORY, lw=0.7, alpha=0.8)
    for _, row in points[points["authority"] == level].iterrows():
        marker, face, edge = POINT_STYLES[row["classification"]]
        xy = to_plane(np.array([row["C"], row["D"], row["T"]]))
        ax.plot(*xy, marker, ms=8 if row["is_ess"] else 5, mfc=face, mec=edge, mew=0.8,
                zorder=5, clip_on=False)
    for name, corner, offset, align in (("C", CORNERS[0], (-5, -5), ("right", "top")),
                                        ("D", CORNERS[1], (5, -5), ("left", "top")),
                                        ("T", CORNERS[2], (0, 6), ("center", "bottom"))):
        ax.annotate(name, corner, textcoords="offset points", xytext=offset, ha=align[0],
                    va=align[1], fontsize=8, fontweight="bold")
    ax.set_aspect("equal")
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.08, CORNERS[2, 1] + 0.1)
    ax.axis("off")
    return ax


def ess_text(portraits: PhasePortraits, level: float) -> str:
    """The ESS at ``level`` and their basin shares, as text: one line per ESS, short
    enough for a quarter of the page width."""
    basins = portraits.basins
    here = basins[basins["authority"] == level]
    if not len(here):
        return "no ESS"
    return "ESS (C, D, T): basin\n" + "\n".join(
        f"({r['ess_C']:.2g}, {r['ess_D']:.2g}, {r['ess_T']:.2g}): "
        f"{100 * r['basin_share']:.0f}\u00a0%" for _, r in here.iterrows())


@styled
def figure(portraits: PhasePortraits) -> Any:
    """One simplex per authority level, one legend below them."""
    from matplotlib.lines import Line2D

    figure, axes = new_figure(1, len(LEVELS), "double", 2.45)
    for letter, ax, level in zip("abcdefgh", axes[0], LEVELS, strict=False):
        plot_portrait(ax, portraits, level)
        panel_title(ax, letter, f"$v_\\mathrm{{auth}}$ = {level:g}\n"
                                f"{ess_text(portraits, level)}", pad=14)   # over the T label
    present = set(portraits.points["classification"])
    handles = [Line2D([], [], marker="o", ls="none", ms=8, mfc="black", mec="black",
                      label="ESS (stable)")]
    handles += [Line2D([], [], marker=POINT_STYLES[c][0], ls="none", ms=5,
                       mfc=POINT_STYLES[c][1], mec="black", label=c)
                for c in ("saddle", "unstable", "centre", "non-hyperbolic") if c in present]
    handles += [Line2D([], [], color=TRAJECTORY, lw=0.9, label="trajectories"),
                Line2D([], [], marker=r"$\rightarrow$", ls="none", ms=9, color="0.35",
                       label="replicator field (darker: faster)")]
    legend_below(figure, handles, columns=len(handles))
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write both tables and the figure; return the paths."""
    portraits = compute(quick, rng)
    starts = int(portraits.basins["starts"].iloc[0]) if len(portraits.basins) else 0
    return [write_table(portraits.points, out, "phase_portraits_rest_points"),
            write_table(portraits.basins, out, "phase_portraits_basins"),
            *save_figure(figure(portraits), out, "phase_portraits", caption_line(
                "Shares (C, D, T) of a population of governments playing in groups of nine: "
                "C cooperate, D stay out, T token compliance; basin: share of "
                f"{starts} random starts reaching the ESS", ILLUSTRATIVE))]
