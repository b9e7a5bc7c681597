"""pygambit as an oracle for the equilibrium solvers, and the random games it is run on.

Shared by the cross-check tests (``test_crosscheck_gambit.py``) and the large randomised
run (``large_run.py``). Importable without pytest and without pygambit: pygambit (GPL, a
test-only dependency) is imported when an oracle function is first called, so the
lowest-versions job, which leaves pygambit out, can still import this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ica_model import NormalFormGame

#: The kinds of random payoffs :func:`random_payoffs` draws: ``float`` standard normal;
#: ``int3`` and ``int1`` integers in [-3, 3] and [-1, 1] (ties: degenerate games are
#: common); ``const`` integers with one player indifferent everywhere (payoff range 0);
#: ``rank1`` integers where one player's payoff depends on its own action only
#: (dominance and ties); ``float_int`` binary fractions k/4, k in [-8, 8].
KINDS = ("float", "int3", "int1", "const", "rank1", "float_int")


def _nash() -> Any:
    import pygambit

    return pygambit.nash


def gambit_profiles(result: Any) -> list[np.ndarray]:
    """gambit's equilibria as flat profiles, without repeats: on degenerate games
    ``enummixed_solve`` lists one extreme equilibrium several times (seen with 16.7)."""
    unique: list[np.ndarray] = []
    for eq in result.equilibria:
        profile = np.array([float(eq[s]) for p in eq.game.players for s in p.strategies])
        if not any(np.abs(profile - u).max() <= 1e-12 for u in unique):
            unique.append(profile)
    return unique


def gambit_exact(payoffs: np.ndarray) -> list[np.ndarray]:
    """gambit's exact enumeration of the game with these (float) payoffs."""
    game = NormalFormGame(payoffs)
    return gambit_profiles(_nash().enummixed_solve(game.to_pygambit(), rational=True))


def gambit_pure(payoffs: np.ndarray) -> list[np.ndarray]:
    """gambit's pure equilibria (``enumpure_solve``) of the game with these payoffs."""
    return gambit_profiles(_nash().enumpure_solve(NormalFormGame(payoffs).to_pygambit()))


def random_game(rng: np.random.Generator, n_players: int, max_actions: int) -> NormalFormGame:
    """A random game of 2 to ``max_actions`` actions per player, integer payoffs in
    [-4, 4] or float (half each)."""
    shape = tuple(int(k) for k in rng.integers(2, max_actions + 1, n_players))
    if rng.random() < 0.5:  # integer payoffs: exact ties and degenerate games are common
        return NormalFormGame(rng.integers(-4, 5, size=(n_players, *shape)).astype(float))
    return NormalFormGame(rng.normal(size=(n_players, *shape)))


def random_payoffs(rng: np.random.Generator, kind: str, shape: tuple[int, ...]) -> np.ndarray:
    """Random payoffs of one of the :data:`KINDS`, shape ``(len(shape), *shape)``."""
    n = len(shape)
    if kind == "float":
        return rng.normal(size=(n, *shape))
    if kind == "int3":
        return rng.integers(-3, 4, size=(n, *shape)).astype(float)
    if kind == "int1":
        return rng.integers(-1, 2, size=(n, *shape)).astype(float)
    if kind == "const":
        out = rng.integers(-3, 4, size=(n, *shape)).astype(float)
        out[int(rng.integers(n))] = float(rng.integers(-3, 4))
        return out
    if kind == "rank1":
        out = rng.integers(-2, 3, size=(n, *shape)).astype(float)
        i = int(rng.integers(n))
        own = rng.integers(-2, 3, size=shape[i]).astype(float)
        others = shape[:i] + shape[i + 1:]
        out[i] = np.moveaxis(np.broadcast_to(own, (*others, shape[i])), -1, i)
        return out
    if kind == "float_int":
        return rng.integers(-8, 9, size=(n, *shape)).astype(float) / 4
    raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")


def scaled_games(seed: int, count: int, max_actions: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Seeded random games, integer (ties, degenerate) or float, square or rectangular,
    with each player's payoffs scaled by its own factor in 1e-9..1e9."""
    rng = np.random.default_rng(seed)
    for trial in range(count):
        m, n = (int(k) for k in rng.integers(2, max_actions + 1, 2))
        base = random_payoffs(rng, "int3" if trial % 2 else "float", (m, n))
        factors = 10.0 ** rng.integers(-9, 10, size=2)
        yield base, base * factors[:, None, None]


def scale_payoffs(rng: np.random.Generator, base: np.ndarray,
                  offsets: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each player's payoffs ``u_i`` as ``a_i * u_i + b_i``: ``a_i`` is ``10**k`` (k an
    integer in [-9, 9]) or log-uniform in [1e-9, 1e9] (each for half of the calls), ``b_i``
    is ``a_i * max(max|u_i|, 1) * U(-100, 100)`` with ``offsets``, else 0. The equilibria are those
    of ``base``. Returns the scaled payoffs, the factors ``a`` and the offsets ``b``."""
    n = base.shape[0]
    if rng.random() < 0.5:
        factors = 10.0 ** rng.integers(-9, 10, size=n).astype(float)
    else:
        factors = 10.0 ** rng.uniform(-9, 9, size=n)
    if offsets:
        spread = np.array([max(np.abs(base[i]).max(), 1.0) for i in range(n)])
        shifts = factors * spread * rng.uniform(-100, 100, size=n)
    else:
        shifts = np.zeros(n)
    expand = (slice(None),) + (None,) * (base.ndim - 1)
    return base * factors[expand] + shifts[expand], factors, shifts
