"""PRIM and given-data Shapley effects at the size of the G60 region: seconds for a PRIM
box over 17,000 points in 60 dimensions, and for the Shapley effects of 5 inputs (one of
them 9 columns, as an actor attribute) with 2,000 queries.

Run: ``python benchmarks/bench_regions.py`` (prints a table; not a test).
"""

from __future__ import annotations

import numpy as np
from timing import best_time

from ica_model.analysis.prim import prim
from ica_model.analysis.region_sensitivity import shapley_effects


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(17_000, 60))
    table = {f"p{j}": x[:, j] for j in range(60)}
    outcome = (x[:, 0] > 0.4) & (x[:, 1] < 0.7) ^ (rng.uniform(size=len(x)) < 0.05)
    print(f"PRIM, 17,000 x 60, alpha 0.05:           {best_time(lambda: prim(table, outcome)):6.2f} s")
    groups = {"a": ["p0"], "b": ["p1"], "c": ["p2"], "d": ["p3"],
              "e": [f"p{j}" for j in range(4, 13)]}
    seconds = best_time(lambda: shapley_effects(table, outcome, groups=groups, unexplained=True))
    print(f"Shapley, 5 inputs (13 columns), 2,000 q.: {seconds:6.2f} s")


if __name__ == "__main__":
    main()
