"""Intervention sweep of the symmetric reference group: the balance point of vertical intervention.

For each intervention kind (authority, incentive, information, and an even mix) the
level lambda runs over [0, 1] with v = lambda * w. At each level:

* the incentive margin of full cooperation, min(U_C - U_D, U_C - U_T), from the
  lambdified closed form (vectorised over all levels at once);
* the number of cooperators at the most cooperative pure equilibrium (count solver).

The authority curve is the inverted U of seed 004 (刘露露, 《数字治理跨界行动中的困境及优化策略》):
too little leaves cooperation unstable, too much breaks it again. Its balance point
(the level with the largest margin) and the under- and over-intervention regions are
marked.

Run: ``python experiments/intervention_sweep.py [--quick] [--out DIR]``. Writes
``intervention_sweep.csv`` (tidy: one row per kind and level), ``.png`` and ``.svg``.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

from ica_model import (
    Intervention,
    critical_authority,
    full_cooperation_margin,
    pure_equilibria_by_counts,
    symmetric_game,
)
from ica_model.cases import symmetric
from ica_model.plotting import plot_intervention_sweep

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "results" / "intervention_sweep"

#: Mixes w of (authority, incentive, information) swept.
MIXES = {
    "authority": (1.0, 0.0, 0.0),
    "incentive": (0.0, 1.0, 0.0),
    "information": (0.0, 0.0, 1.0),
    "even mix": (1.0, 1.0, 1.0),
}


def sweep(levels: np.ndarray, equilibrium_levels: np.ndarray, n: int = 9) -> list[dict]:
    """Tidy rows: one per kind and level."""
    scenario = symmetric(n)
    rows = []
    for kind, mix in MIXES.items():
        vector = {name: levels * w for name, w in zip(("authority", "incentive", "information"),
                                                      mix, strict=True)}
        margin = full_cooperation_margin(scenario, vector)
        most = np.full(levels.shape, np.nan)
        for i, level in enumerate(levels):
            if np.any(np.isclose(level, equilibrium_levels)):
                counts = pure_equilibria_by_counts(symmetric_game(
                    scenario, Intervention.from_level(float(level), mix)))
                most[i] = counts[:, 0].max()
        for i, level in enumerate(levels):
            rows.append({
                "kind": kind, "level": float(level),
                "authority": float(vector["authority"][i]),
                "incentive": float(vector["incentive"][i]),
                "information": float(vector["information"][i]),
                "margin": float(margin[i]),
                "full_cooperation_is_equilibrium": bool(margin[i] >= 0),
                "most_cooperators": None if np.isnan(most[i]) else int(most[i]),
            })
    return rows


def main(argv: list[str] | None = None) -> Path:
    """Run the sweep and write data and figures; return the output folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="coarse grid, for tests")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--seed", type=int, default=0,
                        help="accepted for a uniform interface; this sweep draws nothing")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    levels = np.linspace(0.0, 1.0, 41 if args.quick else 401)
    equilibrium_levels = levels[:: 4 if args.quick else 8]
    rows = sweep(levels, equilibrium_levels)
    with open(out / "intervention_sweep.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    critical = critical_authority(symmetric())
    from matplotlib.figure import Figure

    figure = Figure(figsize=(11, 4.6), layout="constrained")
    left, right = figure.subplots(1, 2)
    plot_intervention_sweep(rows, critical, left, right)
    figure.suptitle("Symmetric group of 9 governments: stability of full cooperation "
                    "against the intervention level (illustrative parameters)")
    for suffix in ("png", "svg"):
        figure.savefig(out / f"intervention_sweep.{suffix}", dpi=150)
    print(f"intervention_sweep: {len(rows)} rows; authority keeps full cooperation in "
          f"[{critical.lowest:.3f}, {critical.highest:.3f}]; wrote {out}")
    return out


if __name__ == "__main__":
    main()
