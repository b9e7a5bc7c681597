"""Diffusion at the scale of every county: seconds per 120-period run on one core, the
speed of an ensemble vectorised over replicates, and an ensemble split over 1 and 2
worker processes (same results, speed-up), by hand and through the runner.

Run: ``python benchmarks/bench_diffusion.py`` (prints a table; not a test).
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from timing import best_time

from ica_model.diffusion import DiffusionRun, china_network, ensemble, run_chunk
from ica_model.diffusion.model import heterogeneous_parameters


def main() -> None:
    for level in ("provinces", "prefectures", "counties"):
        network = china_network(level)
        parameters = heterogeneous_parameters(network.size, 1)
        run_chunk(network, parameters, 5, 0, 0, 1)                     # warm-up
        one = best_time(lambda n=network, p=parameters: run_chunk(n, p, 120, 0, 0, 1))
        many = best_time(lambda n=network, p=parameters: run_chunk(n, p, 120, 0, 0, 32), repeats=2)
        print(f"{level:<12} n={network.size:>5}  one 120-period run {one * 1e3:7.1f} ms   "
              f"32 replicates {many:6.2f} s ({many / 32 * 1e3:6.1f} ms per run)")


def _chunk(bounds: tuple[int, int]) -> DiffusionRun:
    network = china_network("counties")
    return run_chunk(network, heterogeneous_parameters(network.size, 1), 120, 0, *bounds)


def workers(replicates: int = 64, chunk: int = 8) -> None:
    """The ensemble over 1 and 2 processes: identical results and the speed-up."""
    bounds = [(a, min(a + chunk, replicates)) for a in range(0, replicates, chunk)]
    results, times = {}, {}
    for count in (1, 2):
        with ProcessPoolExecutor(count) as pool:
            list(pool.map(_chunk, [(0, 1)] * count))                 # start the workers
            start = time.perf_counter()
            results[count] = DiffusionRun.concatenate(list(pool.map(_chunk, bounds)))
            times[count] = time.perf_counter() - start
    same = all(np.array_equal(getattr(results[1], name), getattr(results[2], name))
               for name in ("stages", "modes", "final_modes", "final_capacity"))
    print(f"counties, {replicates} replicates in chunks of {chunk}: 1 worker {times[1]:.2f} s, "
          f"2 workers {times[2]:.2f} s, speed-up {times[1] / times[2]:.2f}, "
          f"identical: {same}")


def runner(replicates: int = 64, chunk: int = 8) -> None:
    """The same ensemble through the runner (:func:`ica_model.diffusion.ensemble`): serial,
    then 1 and 2 worker processes (start-up included), identical tables."""
    network = china_network("counties")
    parameters = heterogeneous_parameters(network.size, 1)
    times, tables = {}, {}
    for label, options in (("serial", {}), ("1 process", {"backend": "processes", "workers": 1}),
                           ("2 processes", {"backend": "processes", "workers": 2})):
        start = time.perf_counter()
        tables[label] = ensemble(network, parameters, 120, replicates, 0, chunk_size=chunk,
                                 **options)
        times[label] = time.perf_counter() - start
    same = all(table.equals(tables["serial"]) for table in tables.values())
    print(f"runner, counties, {replicates} replicates in chunks of {chunk}: "
          + ", ".join(f"{label} {t:.2f} s" for label, t in times.items())
          + f"; speed-up 2 processes / 1 process {times['1 process'] / times['2 processes']:.2f}"
          + f", identical: {same}")


if __name__ == "__main__":
    main()
    workers()
    runner()
