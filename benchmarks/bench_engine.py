"""Engine benchmarks: pure equilibria, symmetric equilibria, replicator dynamics.

Run: ``python benchmarks/bench_engine.py [--quick]`` (``make bench``). Every timing is the
minimum over several repeats (other processes share the machine); ratios are printed
against the named references in the same run:

1. ``pure_equilibria`` on random games (2 and 3 actions) against a minimal numpy
   reference (each player's payoffs compared with the same array rolled along the player's
   own axis, with the same per-player relative tolerance), against one read pass over the
   payoff array (the floor for a method that reads every payoff), and against QuantEcon's
   ``pure_nash_brute`` (numba; compiled first, compile time reported apart).
2. ``symmetric_equilibria`` and ``pure_equilibria_by_counts`` on the homogeneous reference
   group for n from 10 to 100,000 (two actions) and at n = 1,000 (three actions).
3. The multi-population replicator field on G60 (nine populations, three actions)
   against a plain ``numpy.einsum`` contraction and against the implementation before
   this change (kept below as ``old_population_values``), and the basin share of full
   cooperation at one intervention.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from timing import best_time

from ica_model import Intervention, NormalFormGame, pure_equilibria
from ica_model.analysis.stability import basin_share
from ica_model.cases import g60, symmetric
from ica_model.engine.evolutionary.dynamics import _field_function, _split
from ica_model.engine.solvers.pure import best_response_mask
from ica_model.engine.solvers.symmetric import pure_equilibria_by_counts, symmetric_equilibria
from ica_model.model.payoffs import scenario_game, symmetric_game


def reference_mask(payoffs: np.ndarray, relative: float = 1e-9) -> np.ndarray:
    """The minimal numpy reference: a profile is kept when no roll of a player's own
    axis (every other own action) pays more than the tolerance."""
    n = payoffs.shape[0]
    scale = np.maximum(1.0, np.abs(payoffs.reshape(n, -1)).max(axis=1))
    mask = np.ones(payoffs.shape[1:], dtype=bool)
    for player in range(n):
        table = payoffs[player]
        for shift in range(1, payoffs.shape[1 + player]):
            mask &= table >= np.roll(table, shift, axis=player) - relative * scale[player]
    return mask


def old_population_values(game: NormalFormGame, shares: list[np.ndarray]) -> list[np.ndarray]:
    """The multi-population action values before this change (kept as the "before")."""
    values = []
    for player in range(game.n_players):
        table = np.broadcast_to(game.payoffs[player], (shares[0].shape[0], *game.shape))
        for other in reversed(range(game.n_players)):
            if other == player:
                continue
            axis = 1 + other
            table = np.moveaxis(table, axis, -1)
            table = (table * shares[other].reshape((-1,) + (1,) * (table.ndim - 2)
                                                    + (shares[other].shape[-1],))).sum(-1)
        values.append(table.reshape(shares[0].shape[0], -1))
    return values


def old_field(game: NormalFormGame, x: np.ndarray) -> np.ndarray:
    shares = _split(x, game.shape)
    values = old_population_values(game, shares)
    return np.hstack([s * (v - (s * v).sum(axis=1, keepdims=True) / s.sum(axis=1, keepdims=True))
                      for s, v in zip(shares, values, strict=True)])


def einsum_values(game: NormalFormGame, shares: list[np.ndarray]) -> list[np.ndarray]:
    """A plain contraction: one ``numpy.einsum`` (optimised path) per population."""
    letters = "abcdefghijklmnop"
    n = game.n_players
    out = []
    for p in range(n):
        others = [q for q in range(n) if q != p]
        spec = (letters[:n] + "," + ",".join("z" + letters[q] for q in others)
                + "->z" + letters[p])
        out.append(np.einsum(spec, game.payoffs[p], *(shares[q] for q in others),
                             optimize=True))
    return out


def section_pure(quick: bool) -> None:
    print("1. Pure equilibria of random n-player games (seed 0); times in ms, min of repeats")
    print(f"{'game':<18}{'ours':>10}{'mask':>10}{'reference':>11}{'read pass':>11}"
          f"{'ours/ref':>10}{'mask/ref':>10}{'ours/read':>11}")
    rng = np.random.default_rng(0)
    cases = [(2, n) for n in (9, 15, 18, 20)] + [(3, n) for n in (9, 12, 13)]
    if quick:
        cases = [(2, 9), (2, 15), (3, 9)]
    games = {}
    for k, n in cases:
        payoffs = rng.normal(size=(n,) + (k,) * n)
        game = NormalFormGame(payoffs)
        games[(k, n)] = game
        found = {eq.profile for eq in pure_equilibria(game).equilibria}
        assert found == {tuple(p) for p in np.argwhere(reference_mask(payoffs))}
        repeats = 3 if payoffs.size > 5e6 else 7
        ours = best_time(lambda g=game: pure_equilibria(g), repeats)
        tolerance = 1e-9 * np.maximum(1.0, np.abs(payoffs.reshape(n, -1)).max(axis=1))
        mask = best_time(lambda p=payoffs, t=tolerance: best_response_mask(p, t), repeats)
        reference = best_time(lambda p=payoffs: reference_mask(p), repeats)
        floor = best_time(lambda p=payoffs: p.sum(), repeats)
        print(f"{k} actions, n = {n:<4}{ours * 1e3:10.2f}{mask * 1e3:10.2f}{reference * 1e3:11.2f}"
              f"{floor * 1e3:11.2f}{ours / reference:10.2f}{mask / reference:10.2f}"
              f"{ours / floor:11.2f}")
    print("   (ours = pure_equilibria(game), including the per-player tolerance; mask = "
          "best_response_mask on the array)")
    try:
        import quantecon as qe
    except ImportError:  # pragma: no cover - optional
        print("   QuantEcon not installed: pure_nash_brute skipped")
        return
    for n in (9,) if quick else (9, 12):
        game = games.get((2, n)) or NormalFormGame(rng.normal(size=(n,) + (2,) * n))
        theirs = qe.game_theory.NormalFormGame(np.moveaxis(game.payoffs, 0, -1))
        start = time.perf_counter()
        qe.game_theory.pure_nash_brute(theirs)
        first = time.perf_counter() - start
        brute = best_time(lambda g=theirs: qe.game_theory.pure_nash_brute(g), 3)
        ours = best_time(lambda g=game: pure_equilibria(g), 7)
        print(f"   n = {n}, 2 actions: QuantEcon pure_nash_brute {brute * 1e3:.2f} ms (first call "
              f"with compilation {first:.2f} s), ours {ours * 1e3:.3f} ms: ratio "
              f"{brute / ours:,.0f}x")


def section_symmetric(quick: bool) -> None:
    print("\n2. Symmetric equilibria of the homogeneous reference group (no intervention)")
    sizes = (10, 100, 1000) if quick else (10, 100, 1_000, 10_000, 100_000)
    for n in sizes:
        scenario = symmetric(n, token_compliance=False)
        start = time.perf_counter()
        game = symmetric_game(scenario)
        build = time.perf_counter() - start
        result = symmetric_equilibria(game)
        solve = best_time(lambda g=game: symmetric_equilibria(g), 3)
        pure = best_time(lambda g=game: pure_equilibria_by_counts(g), 3)
        found = ", ".join(f"{eq.strategy[0]:.6g}" for eq in result.equilibria)
        print(f"   2 actions, n = {n:>7,}: mixed {solve * 1e3:8.1f} ms, pure by counts "
              f"{pure * 1e3:7.2f} ms (building the game {build * 1e3:7.1f} ms); "
              f"P(C) = {found}; complete = {result.complete}")
    game = symmetric_game(symmetric(1000))
    result = symmetric_equilibria(game)
    solve = best_time(lambda: symmetric_equilibria(game), 3)
    pure = best_time(lambda: pure_equilibria_by_counts(game), 3)
    print(f"   3 actions, n =   1,000: mixed {solve * 1e3:8.1f} ms (target < 1,000), pure by "
          f"counts {pure * 1e3:7.2f} ms (target < 100); complete = {result.complete}")
    # knife-edge threshold public good: two roots, found by subdivision
    from ica_model.engine.solvers.symmetric import SymmetricGame

    for n in (1_000,) if quick else (1_000, 100_000):
        threshold = n // 4
        knife = SymmetricGame(n, lambda a, c, t=threshold: 10.0 * (c[:, 0] + (a == 0) >= t)
                              - 0.1 * (a == 0))
        result = symmetric_equilibria(knife)
        solve = best_time(lambda g=knife: symmetric_equilibria(g), 3)
        print(f"   threshold public good, n = {n:,}, threshold {threshold:,}: {solve * 1e3:.1f} ms,"
              f" {len(result.equilibria)} equilibria")


def section_dynamics(quick: bool) -> None:
    print("\n3. Replicator dynamics on G60 (nine populations, three actions)")
    game = scenario_game(g60(), Intervention(authority=0.4, information=0.3))
    rng = np.random.default_rng(0)
    for states in (1, 64):
        x = np.concatenate([rng.dirichlet(np.ones(3), size=states) for _ in range(9)], axis=1)
        field = _field_function(game)
        assert np.allclose(field(x), old_field(game, x), atol=1e-12)
        ours = best_time(lambda f=field, x=x: f(x), 9)
        old = best_time(lambda x=x: old_field(game, x), 3)
        plain = best_time(lambda x=x: einsum_values(game, _split(x, game.shape)), 5)
        print(f"   field at {states:>3} state(s): ours {ours * 1e3:8.2f} ms, plain einsum "
              f"{plain * 1e3:8.2f} ms (ratio {plain / ours:5.2f}x), before {old * 1e3:8.2f} ms "
              f"(ratio {old / ours:5.1f}x)")
    samples = 16 if quick else 64
    start = time.perf_counter()
    share = basin_share(g60(), {"authority": [0.4], "information": 0.3}, samples=samples)
    elapsed = time.perf_counter() - start
    print(f"   basin share of full cooperation at one intervention ({samples} initial states, "
          f"t_max = 1000): {elapsed:.2f} s, share {share[0]:.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke run)")
    args = parser.parse_args(argv)
    section_pure(args.quick)
    section_symmetric(args.quick)
    section_dynamics(args.quick)


if __name__ == "__main__":
    main()

