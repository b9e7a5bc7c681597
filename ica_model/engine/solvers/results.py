"""Frozen result records: every solver says what it found and how."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["BatchEquilibria", "Equilibrium", "EquilibriumResult", "SymmetricEquilibrium"]


@dataclass(frozen=True)
class Equilibrium:
    """One verified Nash equilibrium of a normal-form game.

    Attributes
    ----------
    strategies : tuple of tuple of float (or of fractions.Fraction)
        Each player's mixed strategy (probabilities over its actions). Exact solvers
        (``exact=True``) return :class:`fractions.Fraction` entries.
    payoffs : tuple of float (or of fractions.Fraction)
        Each player's expected payoff, in the game's own units.
    regret : float
        Largest gain any player could make by a unilateral deviation, as a fraction of that
        player's payoff range (scale-free; at most the result's ``tolerance``: this is the
        verification). 0 for exactly certified equilibria.
    regrets : tuple of float
        Each player's gain from its best unilateral deviation, in its own payoff units.
    """

    strategies: tuple[tuple[Any, ...], ...]
    payoffs: tuple[Any, ...]
    regret: float
    regrets: tuple[float, ...] = ()

    @property
    def is_pure(self) -> bool:
        """True when every player plays one action with probability 1."""
        return all(max(s) == 1.0 for s in self.strategies)

    @property
    def profile(self) -> tuple[int, ...]:
        """The action index of each player (pure equilibria only)."""
        if not self.is_pure:
            raise ValueError("profile is defined for pure equilibria only")
        return tuple(int(np.argmax(s)) for s in self.strategies)


@dataclass(frozen=True)
class SymmetricEquilibrium:
    """A verified symmetric equilibrium: every player uses ``strategy``.

    Attributes
    ----------
    strategy : tuple of float
        Probabilities over the actions.
    payoff : float
        Expected payoff of each player.
    regret : float
        Largest gain from deviating to a pure action.
    """

    strategy: tuple[float, ...]
    payoff: float
    regret: float


@dataclass(frozen=True)
class EquilibriumResult:
    """What a solver returns.

    Attributes
    ----------
    game : object
        The game that was solved.
    method : str
        The algorithm (e.g. ``"vertex_enumeration"``).
    equilibria : tuple
        Verified equilibria, each within ``tolerance``.
    tolerance : float
        The tolerance of the best-response tests. For the n-player and two-player solvers it
        is relative: a fraction of each player's own payoff range, the rounding floor
        included (see :mod:`ica_model.engine.solvers.verify`); 0 for exact solvers.
    complete : bool
        Whether the method is guaranteed to return the full set (of extreme equilibria,
        for degenerate games) rather than a sample.
    degenerate : bool or None
        Whether the game was detected degenerate (None when not examined).
    notes : tuple of str
        Anything a user should know about this result.
    player_tolerances : tuple of float
        The same tolerance per player in the player's own payoff units (empty when the
        solver does not report it).
    exact : bool
        True when the equilibria were computed and certified in exact rational arithmetic.
    """

    game: Any
    method: str
    equilibria: tuple[Any, ...]
    tolerance: float
    complete: bool
    degenerate: bool | None = None
    notes: tuple[str, ...] = ()
    player_tolerances: tuple[float, ...] = ()
    exact: bool = False

    def __len__(self) -> int:
        return len(self.equilibria)

    @property
    def profiles(self) -> np.ndarray:
        """Pure equilibria as an array of action indices, shape ``(k, n_players)``."""
        rows = [eq.profile for eq in self.equilibria if isinstance(eq, Equilibrium) and eq.is_pure]
        return np.array(rows, dtype=int).reshape(len(rows), -1)


@dataclass(frozen=True, eq=False)
class BatchEquilibria:
    """All equilibria of many two-player games, in flat arrays (one row per equilibrium).

    Attributes
    ----------
    game : ndarray of int, shape (E,)
        Index of the game each equilibrium belongs to (sorted).
    row, column : ndarray, shapes (E, m) and (E, n)
        The mixed strategies.
    payoffs : ndarray, shape (E, 2)
        Expected payoffs, in the games' own units.
    regret : ndarray, shape (E,)
        Largest gain from a deviation as a fraction of the deviating player's payoff range.
    count : ndarray of int, shape (V,)
        Number of equilibria of each game.
    degenerate : ndarray of bool, shape (V,)
        Games found degenerate (their extreme equilibria are returned).
    tolerance : float
        Relative tolerance (fraction of each player's payoff range).
    """

    game: np.ndarray
    row: np.ndarray
    column: np.ndarray
    payoffs: np.ndarray
    regret: np.ndarray
    count: np.ndarray
    degenerate: np.ndarray
    tolerance: float

    def __len__(self) -> int:
        return len(self.count)

    def of(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """The row and column strategies of game ``index``'s equilibria."""
        start = int(np.searchsorted(self.game, index, side="left"))
        stop = int(np.searchsorted(self.game, index, side="right"))
        return self.row[start:stop], self.column[start:stop]
