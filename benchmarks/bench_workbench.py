"""The symbolic stability table of a 20-parameter tripartite game: plain
(``stability_table``) and with proofs (``prove_table``), and rest points at numbers.

The game: three populations of two strategies; each payoff a sum of two or three terms,
parameters and products of two parameters (as alpha*V in published games), 20 positive
parameters in all, drawn with a fixed seed; the stated assumptions are three inequalities
between parameters.

Run: ``python benchmarks/bench_workbench.py`` (prints a table; not a test).
"""

from __future__ import annotations

import itertools
import time

import numpy as np
import sympy as sp

from ica_model.engine.evolutionary import PopulationGame, stability_table
from ica_model.engine.evolutionary.bifurcation import rest_points_at
from ica_model.engine.evolutionary.proved import prove_table


def tripartite(seed: int = 0) -> tuple[PopulationGame, list]:
    rng = np.random.default_rng(seed)
    symbols = sp.symbols("p1:21", positive=True)
    grid = np.empty((3, 2, 2, 2), dtype=object)
    for cell in itertools.product(range(3), range(2), range(2), range(2)):
        terms = [int(rng.choice([-1, 1])) * symbols[rng.integers(20)] for _ in range(2)]
        if rng.random() < 0.5:
            terms.append(int(rng.choice([-1, 1])) * symbols[rng.integers(20)]
                         * symbols[rng.integers(20)])
        grid[cell] = sum(terms)
    assumptions = [symbols[0] > symbols[1], symbols[2] + symbols[3] > symbols[4],
                   symbols[5] * symbols[6] > symbols[7]]
    return PopulationGame(grid, title="random tripartite"), assumptions


def main() -> None:
    game, assumptions = tripartite()
    print(f"parameters: {len(game.parameters)}")
    start = time.perf_counter()
    table = stability_table(game, assumptions)
    plain = time.perf_counter() - start
    start = time.perf_counter()
    proved = prove_table(game, assumptions)
    with_proofs = time.perf_counter() - start
    values = {str(s): 1.0 + 0.1 * k for k, s in enumerate(game.parameters)}
    start = time.perf_counter()
    points = rest_points_at(game, values)
    numeric = time.perf_counter() - start
    print(f"stability_table (8 vertices, assumptions jointly) {plain:6.2f} s")
    print(f"prove_table (certificates, witnesses)             {with_proofs:6.2f} s")
    print(f"rest_points_at (vertices and every face)          {numeric:6.2f} s, "
          f"{len(points)} rest points")
    print(proved.to_frame()[["equilibrium", "signs", "stability", "evidence"]].to_string())
    assert [r.label for r in table.rows] == [r.label for r in proved.rows]


if __name__ == "__main__":
    main()
