"""Pure equilibria of a newly built game against a ten-line numpy reference.

Run: ``python benchmarks/bench_pure_build.py [--quick]`` (``make bench``). The library's
figure is *first call*: ``pure_equilibria(NormalFormGame(payoffs))`` on a fresh game
(construction, validation, per-player tolerances and the solve), so nothing is cached.
The reference (:func:`reference_equilibria`) compares each player's payoffs with the
array's maximum along the player's own action axis, with the same per-player relative
tolerance. The two are interleaved and each timing is the best of ``k`` (the machine may
be shared, so the ratios are the figures, not the times). Peak memory is measured with
``tracemalloc`` (numpy reports its allocations to it): the memory a call allocates on
top of the payoff array it is given, as a multiple of that array.

Targets (issue 20): time ratio <= 1.5 for two actions (n = 15, 18, 20) and <= 2 for
three actions (n = 9, 12, 13); peak memory <= 1.5 times the payoff array.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from ica_model import NormalFormGame, pure_equilibria


def reference_equilibria(payoffs: np.ndarray, relative: float = 1e-9) -> np.ndarray:
    """Profiles (rows of action indices) at which no player gains by deviating."""
    n = payoffs.shape[0]
    mask = np.ones(payoffs.shape[1:], dtype=bool)
    for i in range(n):
        table = payoffs[i]
        eps = relative * (table.max() - table.min())
        mask &= table >= table.max(axis=i, keepdims=True) - eps
    return np.argwhere(mask)


def library_equilibria(payoffs: np.ndarray) -> np.ndarray:
    """The library's first call: a new game, then its pure equilibria."""
    result = pure_equilibria(NormalFormGame(payoffs))
    return np.array([[int(np.argmax(s)) for s in eq.strategies] for eq in result.equilibria],
                    dtype=np.intp).reshape(-1, payoffs.shape[0])


def peak_bytes(function: Callable[[], object]) -> int:
    """Peak memory traced while ``function()`` runs."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def compare(n: int, k: int, repeats: int, rng: np.random.Generator) -> None:
    payoffs = rng.standard_normal((n, *[k] * n))
    assert np.array_equal(library_equilibria(payoffs), reference_equilibria(payoffs))
    best = {"library": np.inf, "reference": np.inf}
    for _ in range(repeats):   # interleaved, best of `repeats`
        for name, function in (("library", library_equilibria),
                               ("reference", reference_equilibria)):
            start = time.perf_counter()
            function(payoffs)
            best[name] = min(best[name], time.perf_counter() - start)
    memory = {name: peak_bytes(lambda f=function: f(payoffs)) / payoffs.nbytes
              for name, function in (("library", library_equilibria),
                                     ("reference", reference_equilibria))}
    print(f"{k} actions  n={n:2d}  array {payoffs.nbytes / 2**20:7.1f} MiB  "
          f"library {best['library'] * 1e3:8.1f} ms  reference {best['reference'] * 1e3:8.1f} ms  "
          f"ratio {best['library'] / best['reference']:5.2f}  "
          f"extra peak memory / array: library {memory['library']:4.2f}, "
          f"reference {memory['reference']:4.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller games, fewer repeats")
    args = parser.parse_args()
    rng = np.random.default_rng(20)
    cases = [(12, 2), (9, 3)] if args.quick else [(15, 2), (18, 2), (20, 2),
                                                  (9, 3), (12, 3), (13, 3)]
    print("pure equilibria of a newly built game (first call) / numpy reference, best of k, "
          "interleaved")
    for n, k in cases:
        compare(n, k, 3 if args.quick or n >= 20 or (k == 3 and n >= 13) else 5, rng)


if __name__ == "__main__":
    main()
