"""Two-player solver benchmarks against QuantEcon (numba), with and without our numba kernels.

Run: ``python benchmarks/bench_two_player.py [--repeats N] [--quick] [--fresh-cache]``
(``make bench``). Every case uses the same seeded random games for all libraries. Times
are process CPU time (other jobs share the machine), the minimum over ``--repeats``
repetitions; one-game cases average many calls per repetition on one game object whose
cached normalisation is removed before each call (so every call does the whole work; the
object is built outside the timing, as QuantEcon's is).
Ratios are QuantEcon's time / ours (> 1: we are faster). "compiled" is ica_model with its
optional numba kernels (``pip install ica_model[fast]``), "numpy" the same code with them
switched off. The first call of each numba function (ours and QuantEcon's) compiles it, or
loads it from numba's on-disk cache; that time is reported apart (``--fresh-cache`` points
numba at an empty cache folder, so that it is the compile time). Large games run in child
processes, each reporting its own peak memory.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import numpy as np


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def cpu_time(function: Callable[[], object], repeats: int, calls: int = 1) -> float:
    """Minimum over repeats of the process CPU time per call."""
    best = np.inf
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(calls):
            function()
        best = min(best, (time.process_time() - start) / calls)
    return best


def fresh_games(payoffs: np.ndarray) -> Callable[[], object]:
    """A function returning the game of these payoffs with its cached normalisation
    removed, so that every call does the whole work; one object, like QuantEcon's (a new
    object per call would also measure cache misses on its payoffs)."""
    from ica_model import NormalFormGame

    game = NormalFormGame(payoffs)

    def fresh() -> object:
        game.__dict__.pop("_unit_payoffs", None)
        return game

    return fresh


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1e3:9.4f} ms"


def report(label: str, ours: dict[str, float], reference: tuple[str, float] | None,
           target: str = "") -> None:
    parts = [f"{label:<28}"]
    for name, seconds in ours.items():
        part = f"{name} {milliseconds(seconds)}"
        if reference is not None:
            part += f" (x{reference[1] / seconds:5.2f})"
        parts.append(part)
    if reference is not None:
        parts.append(f"{reference[0]} {milliseconds(reference[1])}")
    if target:
        parts.append(target)
    print(" | ".join(parts), flush=True)


def modes() -> list[str]:
    from ica_model.runtime import accel as _accel

    _accel.ENABLED = True
    compiled = _accel.compiled("ica_model.engine.solvers._kernels") is not None
    return ["compiled", "numpy"] if compiled else ["numpy"]


def set_mode(mode: str) -> None:
    from ica_model.runtime import accel as _accel

    _accel.ENABLED = mode == "compiled"


def warm_up() -> None:
    """Compile (or load) every kernel of ours and of QuantEcon's used below; print times."""
    import quantecon.game_theory as qe

    from ica_model import NormalFormGame
    from ica_model.engine.solvers import batch_equilibria, lemke_howson, vertex_enumeration

    rng = np.random.default_rng(99)
    payoffs = rng.normal(size=(2, 3, 3))
    set_mode("compiled")
    timings = {}
    start = time.perf_counter()
    vertex_enumeration(NormalFormGame(payoffs))
    timings["vertex_enumeration"] = time.perf_counter() - start
    start = time.perf_counter()
    lemke_howson(NormalFormGame(payoffs))
    timings["lemke_howson"] = time.perf_counter() - start
    start = time.perf_counter()
    batch_equilibria(payoffs[None, 0], payoffs[None, 1])
    timings["batch_equilibria"] = time.perf_counter() - start
    print("ica_model numba kernels, first call (excluded below): "
          + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))
    game = qe.NormalFormGame((qe.Player(payoffs[0]), qe.Player(payoffs[1].T)))
    timings = {}
    for name in ("vertex_enumeration", "support_enumeration", "lemke_howson"):
        start = time.perf_counter()
        getattr(qe, name)(game)
        timings[name] = time.perf_counter() - start
    print("QuantEcon numba functions, first call (excluded below): "
          + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))


def one_game_cases(repeats: int, sizes: tuple[int, ...]) -> None:
    import quantecon.game_theory as qe

    from ica_model.engine.solvers import vertex_enumeration

    print("\nAll extreme equilibria of one random game (standard normal payoffs, seed 0), per call")
    rng = np.random.default_rng(0)
    for size in sizes:
        payoffs = rng.normal(size=(2, size, size))
        calls = 2000 if size <= 3 else 300 if size <= 5 else 20 if size <= 8 else 3
        game = qe.NormalFormGame((qe.Player(payoffs[0]), qe.Player(payoffs[1].T)))
        reference = ("QE vertex", cpu_time(lambda g=game: qe.vertex_enumeration(g), repeats, calls))
        ours = {}
        for mode in modes():
            set_mode(mode)
            games = fresh_games(payoffs)
            ours[mode] = cpu_time(lambda games=games: vertex_enumeration(games()), repeats, calls)
        target = "target < 0.1 ms" if size <= 3 else "target: at least as fast as QE"
        report(f"{size}x{size} vertex_enumeration", ours, reference, target)


def lemke_howson_cases(repeats: int, sizes: tuple[int, ...]) -> None:
    import quantecon.game_theory as qe

    from ica_model.engine.solvers import lemke_howson

    print("\nOne equilibrium of a large game: Lemke-Howson from label 0 (ours: lexicographic, "
          "capped, verified), per call")
    for size in sizes:
        payoffs = np.random.default_rng(100 + size).normal(size=(2, size, size))
        game = qe.NormalFormGame((qe.Player(payoffs[0]), qe.Player(payoffs[1].T)))
        calls = 50
        reference = ("QE lemke_howson",
                     cpu_time(lambda g=game: qe.lemke_howson(g), repeats, calls))
        ours = {}
        for mode in modes():
            set_mode(mode)
            games = fresh_games(payoffs)
            ours[mode] = cpu_time(lambda games=games: lemke_howson(games(), initial_label=0),
                                  repeats, calls if mode == "compiled" else 5)
        report(f"{size}x{size} lemke_howson", ours, reference, "target: milliseconds")


def batch_cases(repeats: int, count: int) -> None:
    from ica_model.engine.solvers import batch_equilibria

    print(f"\nMany small games at once: batch_equilibria, {count:,} games (every equilibrium "
          "verified, degenerate games included)")
    for size in (2, 3):
        row = np.random.default_rng(size).normal(size=(count, size, size))
        column = np.random.default_rng(10 + size).normal(size=(count, size, size))
        for mode in modes():
            set_mode(mode)
            seconds = cpu_time(lambda r=row, c=column: batch_equilibria(r, c), min(repeats, 2))
            found = batch_equilibria(row[:1000], column[:1000])
            print(f"{size}x{size} {mode:<8} {seconds:6.2f} s ({seconds / count * 1e6:.2f} us per "
                  f"game, {len(found.game) / 1000:.2f} equilibria per game) | target about 1 s",
                  flush=True)


def peak_memory() -> float:
    """Peak resident memory of this process in GB: VmHWM on Linux (ru_maxrss would carry
    the parent's peak over the exec of a child process), ru_maxrss elsewhere."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1e6
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def large_case(size: int, mode: str) -> None:
    """Child process: one vertex enumeration; prints time, equilibria and peak memory."""
    from ica_model import NormalFormGame
    from ica_model.engine.solvers import vertex_enumeration

    set_mode(mode)
    payoffs = np.random.default_rng(size).normal(size=(2, size, size))
    vertex_enumeration(NormalFormGame(np.random.default_rng(1).normal(size=(2, 3, 3))))  # warm
    before = peak_memory()
    start = time.process_time()
    result = vertex_enumeration(NormalFormGame(payoffs))
    elapsed = time.process_time() - start
    print(f"{size}x{size} {mode:<8} {elapsed:8.2f} s CPU, {len(result)} equilibria, "
          f"peak RSS {peak_memory():.2f} GB (before the call {before:.2f} GB)", flush=True)


def large_cases(sizes: tuple[int, ...]) -> None:
    print("\nLarge games: vertex enumeration, one child process per case (CPU time, peak memory)")
    for size in sizes:
        for mode in modes():
            done = subprocess.run([sys.executable, __file__, "--large", str(size), mode],
                                  capture_output=True, text=True, env=os.environ.copy())
            print(done.stdout.strip() or f"{size}x{size} {mode}: failed: {done.stderr[-500:]}",
                  flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--quick", action="store_true",
                        help="smaller cases (no 20x20, 100,000 games in the batch)")
    parser.add_argument("--fresh-cache", action="store_true",
                        help="point numba at an empty cache folder: first calls compile")
    parser.add_argument("--large", nargs=2, metavar=("SIZE", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.large:
        large_case(int(args.large[0]), args.large[1])
        return
    if args.fresh_cache:
        os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="numba-cache-")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}; process CPU time, "
          f"best of {args.repeats} repetitions; {load()}")
    try:
        import numba
        print(f"numba {numba.__version__}, numpy {np.__version__}")
    except ImportError:
        print(f"numba not installed: numpy code only; numpy {np.__version__}")
    warm_up()
    one_game_cases(args.repeats, (2, 3, 5, 8, 10))
    lemke_howson_cases(args.repeats, (30, 50))
    batch_cases(args.repeats, 100_000 if args.quick else 1_000_000)
    large_cases((12, 15) if args.quick else (15, 20))
    print(f"\nat the end: {load()}")


if __name__ == "__main__":
    main()
