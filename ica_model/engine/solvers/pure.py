"""All pure Nash equilibria of an n-player game, vectorised over the profiles."""

from __future__ import annotations

import numpy as np

from ..game import NormalFormGame
from .results import EquilibriumResult
from .verify import pure_equilibrium_records, unit_payoffs, unit_tolerance

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
        Relative payoff tolerance, a fraction of each player's own payoff range (see
        :func:`~ica_model.engine.solvers.verify.payoff_tolerance`).

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
    limit = unit_tolerance(tolerance)  # on each player's payoffs mapped to [0, 1]
    unit, scale = unit_payoffs(game)
    is_best = np.ones(game.shape, dtype=bool)
    for player in range(game.n_players):
        table = unit[player]
        is_best &= table >= table.max(axis=player, keepdims=True) - limit
    # the test above is the verification; the records carry each player's regret
    equilibria = pure_equilibrium_records(game, np.argwhere(is_best))
    return EquilibriumResult(game, "pure_enumeration", equilibria, limit, complete=True,
                             player_tolerances=tuple(float(t) for t in scale.to_gain(limit)))
