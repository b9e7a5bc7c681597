"""Diffusion at the scale of every county: seconds per 120-period run on one core, and the
speed of an ensemble vectorised over replicates.

Run: ``python benchmarks/bench_diffusion.py`` (prints a table; not a test).
"""

from __future__ import annotations

import time

from ica_model.diffusion import china_network, run_chunk
from ica_model.diffusion.model import heterogeneous_parameters


def _best(call, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    for level in ("provinces", "prefectures", "counties"):
        network = china_network(level)
        parameters = heterogeneous_parameters(network.size, 1)
        run_chunk(network, parameters, 5, 0, 0, 1)                     # warm-up
        one = _best(lambda n=network, p=parameters: run_chunk(n, p, 120, 0, 0, 1))
        many = _best(lambda n=network, p=parameters: run_chunk(n, p, 120, 0, 0, 32), repeat=2)
        print(f"{level:<12} n={network.size:>5}  one 120-period run {one * 1e3:7.1f} ms   "
              f"32 replicates {many:6.2f} s ({many / 32 * 1e3:6.1f} ms per run)")


if __name__ == "__main__":
    main()
