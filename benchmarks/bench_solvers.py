"""Solver benchmarks against nashpy and pygambit, measured in one run on the same games.

Run: ``python benchmarks/bench_solvers.py [--cap SECONDS]`` (``make bench``). Prints, for
each case, our time, each baseline's time, and the ratio baseline / ours (> 1: we are
faster). A baseline that runs past ``--cap`` seconds is stopped and reported as
``>cap`` (the ratio is then a lower bound). Timings are the best of a few repeats.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing as mp

import numpy as np
from timing import best_time

from ica_model import (
    Intervention,
    NormalFormGame,
    TokenCompliance,
    pure_equilibria,
    symmetric_equilibria,
    symmetric_game,
    vertex_enumeration,
)
from ica_model.cases import g60, symmetric
from ica_model.model.payoffs import scenario_game


def _run_baseline(name: str, payoffs: np.ndarray, queue: mp.Queue) -> None:
    import nashpy
    import pygambit

    if name.startswith("pygambit"):
        game = pygambit.Game.from_arrays(*payoffs)
        solve = (pygambit.nash.enumpure_solve if name == "pygambit.enumpure"
                 else lambda g: pygambit.nash.enummixed_solve(g, rational=False))
        queue.put(best_time(lambda: solve(game), repeats=2))
    else:
        game = nashpy.Game(payoffs[0], payoffs[1])
        method = name.split(".")[1]
        queue.put(best_time(lambda: list(getattr(game, method)()), repeats=1))


def baseline_time(name: str, payoffs: np.ndarray, cap: float) -> float | None:
    """Time a baseline in a child process; None if it ran past ``cap`` seconds."""
    queue: mp.Queue = mp.Queue()
    process = mp.Process(target=_run_baseline, args=(name, payoffs, queue))
    process.start()
    process.join(cap)
    if process.is_alive():
        process.terminate()
        process.join()
        return None
    return queue.get()


def report(label: str, ours: float, baselines: dict[str, float | None], cap: float) -> None:
    parts = [f"{label:<34} ours {ours * 1e3:10.2f} ms"]
    for name, seconds in baselines.items():
        if seconds is None:
            parts.append(f"{name} >{cap:.0f} s (ratio >{cap / ours:,.0f}x)")
        else:
            parts.append(f"{name} {seconds * 1e3:10.2f} ms (ratio {seconds / ours:8.1f}x)")
    print(" | ".join(parts), flush=True)


def cities(n: int):
    """n heterogeneous cities: the G60 nine, repeated with suffixes, two actions."""
    base = g60()
    actors = tuple(dataclasses.replace(a, name=f"{a.name}-{k}") for k in range(3)
                   for a in base.actors)[:n]
    return dataclasses.replace(base, actors=actors, token=TokenCompliance(enabled=False))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=60.0, help="seconds allowed per baseline")
    args = parser.parse_args(argv)
    cap = args.cap
    intervention = Intervention(authority=0.4, incentive=0.1, information=0.3)

    print("Pure equilibria of the heterogeneous n-city game (2 actions each)")
    for n in (9, 12, 15):
        scenario = cities(n)
        build = best_time(lambda s=scenario: scenario_game(s, intervention))
        game = scenario_game(scenario, intervention)
        ours = best_time(lambda g=game: pure_equilibria(g))
        report(f"n = {n}: solve", ours,
               {"pygambit.enumpure": baseline_time("pygambit.enumpure", game.payoffs, cap)}, cap)
        print(f"{'':<34} (building our game from the symbolic model: {build * 1e3:.1f} ms)")

    print("\nAll mixed equilibria of random 2-player games (seed 0)")
    rng = np.random.default_rng(0)
    for size in (3, 5, 10):
        payoffs = rng.normal(size=(2, size, size))
        game = NormalFormGame(payoffs)
        ours = best_time(lambda g=game: vertex_enumeration(g))
        baselines = {name: baseline_time(name, payoffs, cap) for name in
                     ("nashpy.support_enumeration", "nashpy.vertex_enumeration",
                      "pygambit.enummixed")}
        report(f"{size}x{size}: vertex_enumeration", ours, baselines, cap)

    print("\nSymmetric equilibria of the homogeneous game by counts (C, D)")
    for n in (10, 100, 1000):
        scenario = symmetric(n, token_compliance=False)
        ours = best_time(lambda s=scenario: symmetric_equilibria(symmetric_game(s, intervention)))
        result = symmetric_equilibria(symmetric_game(scenario, intervention))
        found = ", ".join(f"{eq.strategy[0]:.4f}" for eq in result.equilibria)
        report(f"n = {n}: build + solve", ours, {}, cap)
        print(f"{'':<34} P(cooperate) at the symmetric equilibria: {found}")


if __name__ == "__main__":
    main()
