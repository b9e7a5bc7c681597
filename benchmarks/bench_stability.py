"""Stability and leader–follower benchmarks, measured in one run.

Run: ``python benchmarks/bench_stability.py`` (``make bench``).

1. The follower response at 200 interventions on the nine G60 cities: one batched
   ``follower_response`` call against a loop of ``pure_equilibria`` per intervention
   (the same verified equilibria), and against a loop of pygambit ``enumpure_solve`` on a
   few points (an independent solver; about 2 s per game).
2. ``discount_slack`` (1 - delta*) at the same 200 interventions against a loop of
   ``critical_discount_factor``.
3. ``optimal_intervention`` along a mix and for the full vector.
"""

from __future__ import annotations

import time

import numpy as np

from ica_model import Intervention, optimal_intervention, pure_equilibria
from ica_model.analysis.follower import follower_response
from ica_model.analysis.stability import critical_discount_factor, discount_slack
from ica_model.cases import g60
from ica_model.model.parameters import KINDS
from ica_model.model.payoffs import scenario_game


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def main() -> None:
    scenario = g60()
    rng = np.random.default_rng(0)
    grid = rng.uniform(0, 1, (200, len(KINDS)))
    interventions = [Intervention(*row) for row in grid]

    print("1. follower response at 200 interventions, G60 (9 players, 3 actions)")
    batched, batch_time = timed(follower_response, scenario, grid)
    loop, loop_time = timed(lambda: [pure_equilibria(scenario_game(scenario, v)) for v in interventions])
    agree = all(batched.equilibrium_count[i] == len(r.equilibria) for i, r in enumerate(loop))
    print(f"   batched {batch_time:6.2f} s | loop of pure_equilibria {loop_time:6.2f} s | "
          f"ratio {loop_time / batch_time:5.1f}x | equilibrium counts agree: {agree}")
    try:
        import pygambit as gbt
    except ImportError:   # pragma: no cover - optional
        print("   pygambit not installed: skipped")
    else:
        few = interventions[:3]
        _, gambit_time = timed(lambda: [gbt.nash.enumpure_solve(scenario_game(scenario, v).to_pygambit())
                                        for v in few])
        per_point = gambit_time / len(few)
        print(f"   pygambit enumpure {per_point:6.2f} s per point | batched "
              f"{batch_time / len(grid) * 1e3:6.2f} ms per point | ratio "
              f"{per_point / (batch_time / len(grid)):,.0f}x")

    print("\n2. 1 - delta* at the same 200 interventions")
    vectorised, vector_time = timed(discount_slack, scenario, grid)
    held = batched.has_equilibrium        # a grim trigger needs a pure stage equilibrium
    single, single_time = timed(lambda: [critical_discount_factor(scenario, v).stability
                                         for v, ok in zip(interventions, held, strict=True) if ok])
    print(f"   vectorised {vector_time:6.2f} s | loop {single_time:6.2f} s over the "
          f"{int(held.sum())} with a pure equilibrium | max difference "
          f"{np.abs(vectorised[held] - np.array(single)).max():.1e}")

    print("\n3. the authority's optimal intervention, G60")
    best, mix_time = timed(optimal_intervention, scenario, {"authority": 1.0, "information": 1.0})
    print(f"   level along (1, 0, 1): {best.level:.3f}, W = {best.objective:.4f} ({mix_time:.1f} s)")
    full, full_time = timed(optimal_intervention, scenario, None)
    v = full.intervention
    print(f"   full vector: ({v.authority:.3f}, {v.incentive:.3f}, {v.information:.3f}), "
          f"W = {full.objective:.4f} ({full_time:.1f} s)")


if __name__ == "__main__":
    main()
