"""Evolutionary simulations: seconds for the 27-start grid of a tripartite game (each run
integrated on its own with its own error control), and for stochastic replicator paths
(Euler–Maruyama and Milstein, vectorised over paths).

Run: ``python benchmarks/bench_evolutionary_simulation.py`` (prints a table; not a test).
"""

from __future__ import annotations

import sympy as sp
from timing import best_time

from ica_model.engine.evolutionary import (
    ReplicatorSystem,
    initial_grid,
    simulate_replicator,
    simulate_stochastic,
)


def main() -> None:
    x, y, z = sp.symbols("x y z")
    a, b = sp.symbols("a b", positive=True)
    system = ReplicatorSystem([x * (1 - x) * (a * y - b), y * (1 - y) * (z - a * x),
                               z * (1 - z) * (b - x * y)], [x, y, z])
    values = {"a": 0.8, "b": 0.5}
    grid = initial_grid((0.2, 0.5, 0.8), 3)
    one = best_time(lambda: simulate_replicator(system, values, grid[:1], t_max=50))
    batch = best_time(lambda: simulate_replicator(system, values, grid, t_max=50))
    print(f"simulate_replicator, t_max=50: one run {one * 1e3:7.1f} ms   27 runs {batch:6.2f} s")
    for scheme in ("euler-maruyama", "milstein"):
        def paths_run(s: str = scheme) -> object:
            return simulate_stochastic(system, values, [0.5, 0.5, 0.5], sigma=0.3, t_max=50,
                                       steps=5000, paths=1000, scheme=s, rng=0)

        paths = best_time(paths_run)
        print(f"simulate_stochastic {scheme:<15} 1,000 paths x 5,000 steps {paths:6.2f} s")


if __name__ == "__main__":
    main()
