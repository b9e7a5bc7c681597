"""Sweep benchmarks, measured in one run: per-point solver loops against vectorised sweeps.

Run: ``python benchmarks/bench_sweeps.py [--largest 10000000]`` (``make bench``).

1. nashpy: a loop that builds each 2-player game and enumerates its equilibria with
   ``support_enumeration``, against the vectorised closed form, on the same 10,000
   points; the two classifications are compared point by point.
2. pygambit: ``enumpure_solve`` per point on the nine-city G60 game (3 actions each),
   against the vectorised pure-equilibrium sweep on the same points.
3. Parallel scaling of the G60 sweep (``--scaling-points``, default 10,000 and 100,000):
   the serial time per point against the target of 10,000 points in 5 s, and the speed-up
   of 2 processes and of 2 Dask workers against the target of 1.8x. Dask is timed on the
   local cluster ``backend="dask"`` keeps for a session, and apart for the first sweep,
   which starts it. The load average is printed: on a busy machine the ratios fall.
4. Time and peak memory against the number of points, 10^3 to ``--largest``, streamed to
   Parquet in chunks of 10^6 points.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
from timing import best_time

from ica_model import Intervention
from ica_model.analysis.sweeps import sweep
from ica_model.cases import g60, symmetric
from ica_model.model.payoffs import scenario_game
from ica_model.runtime import RandomSample
from ica_model.runtime.dask import close_local_dask_cluster


def nashpy_loop(points: dict[str, np.ndarray]) -> list[tuple[bool, bool]]:
    scenario = symmetric(n=2, token_compliance=False)
    out = []
    for authority, incentive, negotiation in zip(points["authority"], points["incentive"],
                                                 points["negotiation_cost"], strict=True):
        variant = scenario.with_values(negotiation_cost=float(negotiation))
        game = scenario_game(variant, Intervention(authority=float(authority),
                                         incentive=float(incentive))).to_nashpy()
        pure = {(int(np.argmax(a)), int(np.argmax(b))) for a, b in game.support_enumeration()
                if max(a) == 1 and max(b) == 1}
        out.append(((0, 0) in pure, (1, 1) in pure))
    return out


#: Item targets: seconds for 10,000 G60 points on one core, and the speed-up of 2 workers.
SERIAL_TARGET, SPEED_UP_TARGET = 5.0, 1.8




def scaling(size: int, repeats: int) -> None:
    """Serial, 2 processes and 2 Dask workers on ``size`` G60 points; print the ratios."""
    sample = RandomSample({"authority": (0, 1), "incentive": (0, 1)}, size=size, rng=1)
    load = os.getloadavg()[0]
    serial = best_time(lambda: sweep(g60(), sample), repeats)
    processes = best_time(lambda: sweep(g60(), sample, backend="processes", workers=2), repeats)
    close_local_dask_cluster()
    start = time.perf_counter()
    sweep(g60(), sample, backend="dask", workers=2)        # starts the local cluster
    first = time.perf_counter() - start
    kept = best_time(lambda: sweep(g60(), sample, backend="dask", workers=2), repeats)
    close_local_dask_cluster()
    per_10k = serial / size * 10_000

    def verdict(ok: bool) -> str:
        return "meets" if ok else "MISSES"

    print(f"   {size:,} points (load average {load:.2f} before, {os.getloadavg()[0]:.2f} after)")
    print(f"     serial                     {serial:7.2f} s  {serial / size * 1e6:6.0f} us/point  "
          f"{per_10k:5.2f} s per 10,000 ({verdict(per_10k < SERIAL_TARGET)} < {SERIAL_TARGET:.0f} s)")
    for label, seconds in (("2 processes", processes), ("Dask, kept local cluster", kept)):
        ratio = serial / seconds
        print(f"     {label:<26} {seconds:7.2f} s  speed-up {ratio:4.2f}x "
              f"({verdict(ratio >= SPEED_UP_TARGET)} {SPEED_UP_TARGET}x)", flush=True)
    print(f"     {'Dask, first (starts it)':<26} {first:7.2f} s  speed-up {serial / first:4.2f}x "
          f"(the cluster's start-up included)", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--largest", type=int, default=10_000_000,
                        help="largest sweep of the scaling table")
    parser.add_argument("--gambit-points", type=int, default=20,
                        help="points for the pygambit loop (about 2 s each)")
    parser.add_argument("--scaling-points", type=int, nargs="+", default=[10_000, 100_000],
                        help="sizes of the parallel scaling runs")
    parser.add_argument("--repeats", type=int, default=2,
                        help="repeats of each scaling run (the best is kept)")
    args = parser.parse_args(argv)

    print("1. nashpy per-point loop against the vectorised closed form (10,000 points, n = 2)")
    sample = RandomSample({"authority": (0, 1), "incentive": (0, 1),
                           "negotiation_cost": (0, 0.5)}, size=10_000, rng=0)
    points = sample.chunk(0, sample.size)
    start = time.perf_counter()
    theirs = nashpy_loop(points)
    loop = time.perf_counter() - start
    scenario = symmetric(n=2, token_compliance=False)
    sweep(scenario, sample)  # warm the lambdify cache, as a session would
    start = time.perf_counter()
    ours = sweep(scenario, sample)
    vectorised = time.perf_counter() - start
    agree = np.mean([(f, z) == t for f, z, t in zip(ours["full_cooperation"],
                                                    ours["no_cooperation"], theirs, strict=True)])
    print(f"   nashpy loop {loop:8.2f} s | vectorised {vectorised * 1e3:8.2f} ms | "
          f"ratio {loop / vectorised:,.0f}x | classifications agree on {agree:.2%} of points")

    print(f"\n2. pygambit enumpure per point against the vectorised G60 sweep "
          f"({args.gambit_points} points, 9 cities x 3 actions)")
    import pygambit

    sample = RandomSample({"authority": (0, 1), "incentive": (0, 1)}, size=args.gambit_points,
                          rng=1)
    points = sample.chunk(0, sample.size)
    start = time.perf_counter()
    counts = []
    for authority, incentive in zip(points["authority"], points["incentive"], strict=True):
        game = scenario_game(g60(), Intervention(authority=float(authority), incentive=float(incentive)))
        counts.append(len(pygambit.nash.enumpure_solve(game.to_pygambit()).equilibria))
    per_point = time.perf_counter() - start
    start = time.perf_counter()
    ours = sweep(g60(), sample)
    vectorised = time.perf_counter() - start
    same = np.array_equal(ours["equilibria"].to_numpy(), np.array(counts))
    print(f"   pygambit {per_point:8.2f} s | vectorised {vectorised:8.3f} s | ratio "
          f"{per_point / vectorised:,.1f}x | equilibrium counts identical: {same}")

    print(f"\n3. Parallel scaling of the G60 sweep (best of {args.repeats}; targets: 10,000 points "
          f"in {SERIAL_TARGET:.0f} s on one core, {SPEED_UP_TARGET}x on 2 workers)")
    for size in args.scaling_points:
        scaling(size, args.repeats)

    print("\n4. Time against the number of points (closed form, n = 9, streamed to Parquet)")
    print(f"   {'points':>12} {'seconds':>9} {'ns/point':>9} {'peak RSS MiB':>13}")
    size = 1_000
    sweep(symmetric(), RandomSample({"authority": (0, 1)}, size=10, rng=0))  # lambdify once
    with tempfile.TemporaryDirectory() as folder:
        while size <= args.largest:
            sample = RandomSample({"authority": (0, 1), "incentive": (0, 1),
                                   "negotiation_cost": (0, 0.2)}, size=size, rng=2)
            start = time.perf_counter()
            sweep(symmetric(), sample, chunk_size=1_000_000, out=Path(folder) / str(size))
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"   {size:>12,} {seconds:>9.2f} {seconds / size * 1e9:>9.0f} {peak:>13.0f}",
                  flush=True)
            size *= 10


if __name__ == "__main__":
    main()
