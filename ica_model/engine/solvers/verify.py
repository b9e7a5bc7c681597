"""Verification of equilibria: no player gains from a unilateral deviation."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..game import NormalFormGame
from .results import Equilibrium

__all__ = ["DEFAULT_TOLERANCE", "action_values", "as_equilibrium", "payoff_tolerance"]

#: Relative payoff tolerance: best responses are tested to ``DEFAULT_TOLERANCE * scale``,
#: where ``scale`` is the largest absolute payoff (at least 1).
DEFAULT_TOLERANCE = 1e-9


def payoff_tolerance(game: NormalFormGame, tolerance: float | None = None) -> float:
    """Absolute tolerance for ``game``: ``tolerance`` (relative, default
    :data:`DEFAULT_TOLERANCE`) times the payoff scale ``max(1, max |u|)``."""
    relative = DEFAULT_TOLERANCE if tolerance is None else float(tolerance)
    if not np.isfinite(relative) or relative < 0:
        raise ValueError(f"tolerance must be a finite number >= 0, got {tolerance!r}")
    return relative * max(1.0, float(np.abs(game.payoffs).max()))


def action_values(game: NormalFormGame, strategies: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Expected payoff of each pure action of each player against the others' strategies."""
    values = []
    for player in range(game.n_players):
        table = game.payoffs[player]
        for other in reversed(range(game.n_players)):
            if other != player:
                table = np.tensordot(table, strategies[other], axes=([other], [0]))
        values.append(np.asarray(table, dtype=float))
    return values


def _check_strategies(game: NormalFormGame, strategies: Sequence[Sequence[float]]
                      ) -> list[np.ndarray]:
    if len(strategies) != game.n_players:
        raise ValueError(f"strategies must hold one strategy per player ({game.n_players}), "
                         f"got {len(strategies)}")
    checked = []
    for player, (strategy, size) in enumerate(zip(strategies, game.shape, strict=True)):
        array = np.asarray(strategy, dtype=float)
        if array.shape != (size,):
            raise ValueError(f"strategy of player {player} must have {size} entries, got "
                             f"shape {array.shape}")
        if not np.all(np.isfinite(array)) or array.min() < -1e-9 or abs(array.sum() - 1) > 1e-9:
            raise ValueError(f"strategy of player {player} must be probabilities summing to 1, "
                             f"got {array.tolist()}")
        checked.append(np.clip(array, 0.0, 1.0) / np.clip(array, 0.0, 1.0).sum())
    return checked


def as_equilibrium(game: NormalFormGame, strategies: Sequence[Sequence[float]],
                   tolerance: float) -> Equilibrium | None:
    """Verify a profile; return it as an :class:`Equilibrium`, or None if a player can gain
    more than ``tolerance`` (absolute) by deviating."""
    checked = _check_strategies(game, strategies)
    pure = all(s.max() == 1.0 for s in checked)
    if pure:
        profile = tuple(int(np.argmax(s)) for s in checked)
        values = []
        for player in range(game.n_players):
            index = list(profile)
            index[player] = slice(None)
            values.append(game.payoffs[(player, *index)])
    else:
        values = action_values(game, checked)
    payoffs = [float(v @ s) for v, s in zip(values, checked, strict=True)]
    regret = max(float(v.max()) - p for v, p in zip(values, payoffs, strict=True))
    if regret > tolerance:
        return None
    return Equilibrium(tuple(tuple(float(p) for p in s) for s in checked), tuple(payoffs),
                       max(regret, 0.0))
