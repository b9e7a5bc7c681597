"""Two-player solver benchmarks against QuantEcon (numba), nashpy and pygambit, one run.

Run: ``python benchmarks/bench_two_player.py [--repeats N]`` (``make bench``). Every case
uses the same seeded random games for all libraries; each time is the minimum over
``--repeats`` repetitions (other jobs share the machine), a fresh game object each time
(no cached normalisation). QuantEcon's numba functions are compiled first and the compile
time is reported apart. Ratios are reference time / our time (> 1: we are faster).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from collections.abc import Callable

import numpy as np

from ica_model import NormalFormGame
from ica_model.engine.solvers import batch_equilibria, lemke_howson, vertex_enumeration


def best_time(function: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def line(label: str, ours: float, references: dict[str, float]) -> None:
    parts = [f"{label:<30} ours {ours * 1e3:9.3f} ms"]
    for name, seconds in references.items():
        parts.append(f"{name} {seconds * 1e3:9.3f} ms (ratio {seconds / ours:6.2f}x)")
    print(" | ".join(parts), flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    repeats = args.repeats
    import quantecon.game_theory as qe

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}; "
          f"best of {repeats} repetitions")
    start = time.perf_counter()
    warm = qe.NormalFormGame((qe.Player(np.eye(2)), qe.Player(np.eye(2))))
    qe.vertex_enumeration(warm)
    compile_vertex = time.perf_counter() - start
    start = time.perf_counter()
    qe.support_enumeration(warm)
    compile_support = time.perf_counter() - start
    print(f"QuantEcon numba compile (excluded below): vertex_enumeration {compile_vertex:.2f} s, "
          f"support_enumeration {compile_support:.2f} s")

    print("\nAll extreme equilibria of one random game (standard normal payoffs, seed 0)")
    rng = np.random.default_rng(0)
    for size in (2, 3, 5, 8, 10):
        payoffs = rng.normal(size=(2, size, size))
        ours = best_time(lambda p=payoffs: vertex_enumeration(NormalFormGame(p)), repeats)
        game = qe.NormalFormGame((qe.Player(payoffs[0]), qe.Player(payoffs[1].T)))
        references = {"QE vertex": best_time(lambda g=game: qe.vertex_enumeration(g), repeats)}
        if size <= 5:
            references["QE support"] = best_time(lambda g=game: qe.support_enumeration(g), repeats)
        line(f"{size}x{size} vertex_enumeration", ours, references)

    print("\nLarge games: vertex enumeration (time, peak memory of this process)")
    for size in (12, 15, 20):
        payoffs = np.random.default_rng(size).normal(size=(2, size, size))
        start = time.perf_counter()
        result = vertex_enumeration(NormalFormGame(payoffs))
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
        print(f"{size}x{size}: {elapsed:.2f} s, {len(result)} equilibria, peak RSS {peak:.2f} GB",
              flush=True)

    print("\nOne equilibrium of a large game: Lemke-Howson (ours: lexicographic, capped)")
    for size in (30, 50):
        payoffs = np.random.default_rng(100 + size).normal(size=(2, size, size))
        ours = best_time(lambda p=payoffs: lemke_howson(NormalFormGame(p)), repeats)
        game = qe.NormalFormGame((qe.Player(payoffs[0]), qe.Player(payoffs[1].T)))
        qe.lemke_howson(game)
        line(f"{size}x{size} lemke_howson", ours,
             {"QE lemke_howson": best_time(lambda g=game: qe.lemke_howson(g), repeats)})

    print("\nMany small games at once: batch_equilibria (every equilibrium verified)")
    for size in (2, 3):
        count = 1_000_000
        row = np.random.default_rng(size).normal(size=(count, size, size))
        column = np.random.default_rng(10 + size).normal(size=(count, size, size))
        ours = best_time(lambda r=row, c=column: batch_equilibria(r, c), min(repeats, 2))
        print(f"{count:,} games {size}x{size}: {ours:.2f} s ({ours / count * 1e6:.2f} us per game)",
              flush=True)


if __name__ == "__main__":
    main()
