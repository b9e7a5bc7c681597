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

    def _labels(self) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """The players' names and each player's action labels (indices when the game has
        none)."""
        players = tuple(getattr(self.game, "players", ()))
        actions = tuple(getattr(self.game, "actions", ()))
        n = len(self.equilibria[0].strategies) if self.equilibria else len(players)
        if len(players) != n:
            players = tuple(f"player {i}" for i in range(n))
        if len(actions) != n:
            actions = tuple(tuple(str(a) for a in range(len(eq_strategy)))
                            for eq_strategy in (self.equilibria[0].strategies
                                                if self.equilibria else ()))
        return players, actions

    def action_profiles(self) -> list[dict[str, str]]:
        """Each pure equilibrium as player name to action label, e.g. ``{"Songjiang": "C",
        ...}`` (the labels of the game's ``actions``); mixed equilibria are left out."""
        players, actions = self._labels()
        return [dict(zip(players, (actions[i][a] for i, a in enumerate(eq.profile)), strict=True))
                for eq in self.equilibria if isinstance(eq, Equilibrium) and eq.is_pure]

    def to_frame(self) -> Any:
        """One row per equilibrium: each player's action label (pure) or its strategy
        written ``label:probability`` over its support (mixed), then each player's payoff
        (``payoff:NAME``) and the scale-free ``regret``."""
        import pandas as pd

        players, actions = self._labels()
        rows = []
        for eq in self.equilibria:
            strategies = getattr(eq, "strategies", None)
            if strategies is None:          # a symmetric equilibrium
                rows.append({"strategy": " ".join(f"{p:.4g}" for p in eq.strategy),
                             "payoff": float(eq.payoff), "regret": float(eq.regret)})
                continue
            row: dict[str, Any] = {}
            for i, name in enumerate(players):
                support = [(actions[i][a], float(p)) for a, p in enumerate(strategies[i]) if p > 0]
                row[name] = support[0][0] if len(support) == 1 else " ".join(
                    f"{label}:{p:.4g}" for label, p in support)
            row |= {f"payoff:{name}": float(u) for name, u in zip(players, eq.payoffs, strict=True)}
            row["regret"] = float(eq.regret)
            rows.append(row)
        return pd.DataFrame(rows)

    def _summary(self) -> Any:
        from ..._display import Summary

        kind = "the full set" if self.complete else "a sample (not guaranteed complete)"
        rows: list[tuple[str, Any]] = [("game", getattr(self.game, "title", type(self.game).__name__)),
                                       ("method", self.method),
                                       ("equilibria", f"{len(self.equilibria)}, {kind}"),
                                       ("tolerance", "exact" if self.exact else self.tolerance)]
        for k, profile in enumerate(self.action_profiles()[:3]):
            rows.append((f"pure {k + 1}", " ".join(f"{p}:{a}" for p, a in profile.items())))
        note = "; ".join(self.notes)
        if not self.equilibria:
            note = ("none found by a complete method: the game has no equilibrium of the kind "
                    "this solver finds (a finite game always has a mixed one)" if self.complete
                    else "none found; the method samples, so this does not prove there is none"
                    ) + (f"; {note}" if note else "")
        return Summary(f"EquilibriumResult ({self.method})", rows,
                       self.to_frame() if self.equilibria else None, note)

    def __repr__(self) -> str:
        """A few lines: the method, how many equilibria and whether that is all of them,
        the first pure profiles with their action labels (``to_frame()`` has them all)."""
        from ..._display import text

        return text(self._summary())

    def _repr_html_(self) -> str:
        from ..._display import html

        return html(self._summary())


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
