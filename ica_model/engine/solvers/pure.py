"""All pure Nash equilibria of an n-player game, vectorised over the profiles."""

from __future__ import annotations

import numpy as np

from ..game import NormalFormGame
from .results import EquilibriumResult
from .verify import as_equilibrium, payoff_tolerance

__all__ = ["pure_equilibria"]


def pure_equilibria(game: NormalFormGame, tolerance: float | None = None) -> EquilibriumResult:
    """Every pure Nash equilibrium of ``game``.

    For each player the best-response payoff is the maximum along its own action axis;
    a profile is an equilibrium when every player's payoff is within the tolerance of
    it. Cost: one pass over the payoff array per player. Payoff ties within the tolerance
    count as best responses, so equilibria at exact ties are kept (never dropped).

    Parameters
    ----------
    game : NormalFormGame
    tolerance : float, optional
        Relative payoff tolerance (see :func:`payoff_tolerance`).

    Returns
    -------
    EquilibriumResult
        ``method="pure_enumeration"``, ``complete=True``; each equilibrium verified.

    Examples
    --------
    >>> from ica_model.engine.textbook import stag_hunt
    >>> [eq.profile for eq in pure_equilibria(stag_hunt()).equilibria]
    [(0, 0), (1, 1)]
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"game must be a NormalFormGame, got {type(game).__name__}")
    absolute = payoff_tolerance(game, tolerance)
    is_best = np.ones(game.shape, dtype=bool)
    for player in range(game.n_players):
        table = game.payoffs[player]
        is_best &= table >= table.max(axis=player, keepdims=True) - absolute
    equilibria = []
    for profile in np.argwhere(is_best):
        strategies = [np.eye(k)[a] for a, k in zip(profile, game.shape, strict=True)]
        equilibrium = as_equilibrium(game, strategies, absolute)
        if equilibrium is None:  # pragma: no cover - the test above is the same condition
            raise RuntimeError(f"profile {tuple(profile)} failed verification")
        equilibria.append(equilibrium)
    return EquilibriumResult(game, "pure_enumeration", tuple(equilibria), absolute, complete=True)
