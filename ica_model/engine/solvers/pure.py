r"""All pure Nash equilibria of an n-player game, at the speed of one pass over its payoffs.

A pure profile :math:`a` is a Nash equilibrium when every player's action is a best
response to the others':

.. math:: u_i(a) \ge \max_{b} u_i(b, a_{-i}) - \varepsilon_i \quad\text{for every } i,

with :math:`\varepsilon_i` player :math:`i`'s absolute payoff tolerance (ties within it
count as best responses, so equilibria at exact ties are never dropped).

:func:`best_response_mask` evaluates this test for every profile of a game, or of a
batch of games (leading axes). Each player's condition is computed on that player's
payoff table only, in two phases:

* *dense*: for the first players, the best-response value along the player's own axis
  is formed on views of the table (for two actions a single difference
  :math:`u_i(0, a_{-i}) - u_i(1, a_{-i})` on half the entries decides both actions), and
  the surviving profiles are marked;
* *sparse*: once few profiles survive (in a generic game each player keeps about
  :math:`1/k` of them), the remaining players are checked only at the survivors, by
  gathering the payoffs of the :math:`k - 1` unilateral deviations.

The cost is at most one read of each player's table, and far less on generic games:
QuantEcon's ``pure_nash_brute`` visits every profile and every deviation.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..._validation import check_real_array
from ..game import NormalFormGame
from .results import EquilibriumResult
from .verify import game_scale, pure_equilibrium_records, unit_payoffs, unit_tolerance

__all__ = ["best_response_mask", "pure_equilibria"]

#: Switch from the dense to the sparse phase when fewer than this share of the profiles
#: survive (a gather costs several times a streamed comparison per entry).
_SPARSE_SHARE = 1 / 16


def _equilibrium_indices(payoffs: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """Flat indices into (G, k_0, ..., k_{n-1}) of the pure equilibria of a batch:
    ``payoffs`` (G, n, k_0, ..., k_{n-1}) C-contiguous, ``tolerance`` (G, n)."""
    games, n_players = payoffs.shape[:2]
    shape = payoffs.shape[2:]
    size = math.prod(shape)
    if games == 0:
        return np.empty(0, dtype=np.intp)
    entries = payoffs.reshape(-1)
    mask = np.ones(games * size, dtype=bool)
    survivors: np.ndarray | None = None
    for player in range(n_players):
        k = shape[player]
        inner = math.prod(shape[player + 1:])
        outer = size // (k * inner)
        slack = tolerance[:, player]
        if survivors is None:
            # dense phase on views (G, outer, k, inner) of the player's table and of the mask;
            # a deviation's gain is computed as u_b - u_a in every phase (exact when eps = 0)
            table = payoffs.reshape(games, n_players, outer, k, inner)[:, player]
            marks = mask.reshape(games, outer, k, inner)
            eps: Any = float(slack[0]) if np.all(slack == slack[0]) else slack[:, None, None]
            if k == 2:
                difference = np.subtract(table[:, :, 0], table[:, :, 1])
                np.logical_and(marks[:, :, 0], difference >= -eps, out=marks[:, :, 0])
                np.logical_and(marks[:, :, 1], difference <= eps, out=marks[:, :, 1])
            elif k > 2:
                best = table.max(axis=2)
                for action in range(k):
                    gain = np.subtract(best, table[:, :, action])
                    np.logical_and(marks[:, :, action], gain <= eps, out=marks[:, :, action])
            if player + 1 < n_players and np.count_nonzero(mask) < _SPARSE_SHARE * mask.size:
                survivors = np.flatnonzero(mask)
            continue
        if survivors.size == 0:
            break
        # sparse phase: gather each survivor's payoff and its k - 1 deviations
        game, profile = np.divmod(survivors, size)
        position = game * (n_players * size) + player * size + profile
        first = position - ((profile // inner) % k) * inner
        own, eps = entries[position], slack[game]
        keep = entries[first] - own <= eps
        for action in range(1, k):
            keep &= entries[first + action * inner] - own <= eps
        survivors = survivors[keep]
    return np.flatnonzero(mask) if survivors is None else survivors


def best_response_mask(payoffs: Any, tolerance: Any = 0.0, *, n_players: int | None = None
                       ) -> np.ndarray:
    r"""Which pure profiles are Nash equilibria, for one game or a batch of games.

    Parameters
    ----------
    payoffs : array_like
        Shape ``(..., n_players, k_0, ..., k_{n-1})``: ``payoffs[..., i, a_0, ..., a_{n-1}]``
        is player ``i``'s payoff at the profile ``a``; leading axes index games.
    tolerance : float or array_like
        *Absolute* payoff tolerance :math:`\varepsilon_i`, broadcastable to
        ``(..., n_players)`` (one per player, optionally per game). A profile is marked
        when no player gains more than its tolerance by a unilateral deviation. Use
        :func:`~ica_model.engine.solvers.verify.payoff_tolerance` for a game's relative
        tolerance.
    n_players : int, optional
        Number of players. By default the largest that fits the shape, i.e. no batch
        axes when ``payoffs.shape[0] == payoffs.ndim - 1``; pass it for a batch.

    Returns
    -------
    ndarray of bool, shape ``(..., k_0, ..., k_{n-1})``

    Raises
    ------
    ValueError
        On a shape that is not ``(..., n, k_0, ..., k_{n-1})``, non-finite payoffs, or a
        negative or non-finite tolerance.

    Examples
    --------
    A batch of two prisoner's dilemmas, the second with the temptation at a tie:

    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
    >>> tie = pd.copy(); tie[0, 1, 0] = tie[1, 0, 1] = 3.0
    >>> best_response_mask(np.stack([pd, tie]), n_players=2).tolist()
    [[[False, False], [False, True]], [[True, False], [False, True]]]
    """
    array = check_real_array("payoffs", payoffs)
    if n_players is None:
        candidates = [j for j in range(array.ndim - 1) if array.shape[j] == array.ndim - 1 - j
                      and array.shape[j] >= 1]
        if not candidates:
            raise ValueError(f"payoffs must have shape (..., n_players, k_0, ..., k_{{n-1}}), got "
                             f"shape {array.shape}")
        axis = candidates[0]
    else:
        if isinstance(n_players, bool) or not isinstance(n_players, (int, np.integer)) \
                or not 1 <= n_players <= array.ndim - 1 or array.shape[array.ndim - 1 - n_players] \
                != n_players:
            raise ValueError(f"n_players={n_players!r} does not match payoffs of shape "
                             f"{array.shape} (..., n_players, k_0, ..., k_{{n-1}})")
        axis = array.ndim - 1 - n_players
    batch_shape, n = array.shape[:axis], array.shape[axis]
    shape = array.shape[axis + 1:]
    if min(shape, default=1) < 1:
        raise ValueError(f"payoffs must give every player at least one action, got shape "
                         f"{array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError("payoffs must be finite (found NaN or infinity)")
    slack = check_real_array("tolerance", tolerance, booleans=False)
    if not np.all(np.isfinite(slack)) or np.any(slack < 0):
        raise ValueError(f"tolerance must be finite and >= 0, got {tolerance!r}")
    try:
        slack = np.broadcast_to(slack, (*batch_shape, n))
    except ValueError:
        raise ValueError(f"tolerance of shape {np.shape(tolerance)} does not broadcast to "
                         f"{(*batch_shape, n)} (one per player, optionally per game)") from None
    games = math.prod(batch_shape)
    found = _equilibrium_indices(np.ascontiguousarray(array).reshape(games, n, *shape),
                                 np.ascontiguousarray(slack).reshape(games, n))
    mask = np.zeros(array.size // n, dtype=bool)
    mask[found] = True
    return mask.reshape(*batch_shape, *shape)


def pure_equilibria(game: NormalFormGame, tolerance: float | None = None) -> EquilibriumResult:
    """Every pure Nash equilibrium of ``game``.

    A profile is an equilibrium when every player's payoff is within that player's
    tolerance of its best response (:func:`best_response_mask`): the test itself is the
    verification, and each equilibrium's regret (the largest gain of a unilateral
    deviation) is recorded. Payoff ties within the tolerance count as best responses, so
    equilibria at exact ties are kept (never dropped).

    Parameters
    ----------
    game : NormalFormGame
    tolerance : float, optional
        Relative payoff tolerance, a fraction of each player's own payoff range (see
        :func:`~ica_model.engine.solvers.verify.payoff_tolerance`).

    Returns
    -------
    EquilibriumResult
        ``method="pure_enumeration"``, ``complete=True``.

    Examples
    --------
    >>> from ica_model.engine.textbook import stag_hunt
    >>> [eq.profile for eq in pure_equilibria(stag_hunt()).equilibria]
    [(0, 0), (1, 1)]
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"game must be a NormalFormGame, got {type(game).__name__}")
    limit = unit_tolerance(tolerance)  # on each player's payoffs mapped to [0, 1]
    scale = game_scale(game)
    n = game.n_players
    if scale.exponent.any():   # payoffs near the float limits: test on unit payoffs
        unit, _ = unit_payoffs(game)
        flat = _equilibrium_indices(np.ascontiguousarray(unit).reshape(1, *unit.shape),
                                    np.full((1, n), limit))
    else:   # the raw payoffs (no rescaled copy) with each player's tolerance limit * range
        payoffs = game.payoffs
        flat = _equilibrium_indices(np.ascontiguousarray(payoffs).reshape(1, *payoffs.shape),
                                    (limit * scale.span * ~scale.constant)[None])
    # the mask is the verification; the records carry each player's regret
    profiles = np.stack(np.unravel_index(flat, game.shape), axis=1)
    return EquilibriumResult(game, "pure_enumeration", pure_equilibrium_records(game, profiles),
                             limit, complete=True,
                             player_tolerances=tuple(float(t) for t in scale.to_gain(limit)))
