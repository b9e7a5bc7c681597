r"""Verification of equilibria and the engine's one tolerance rule.

Scale-free tolerances
---------------------
Nash equilibria do not change when a player's payoffs :math:`u_i` are replaced by
:math:`a_i u_i + b_i` with :math:`a_i > 0`. Tolerances must not change either, so the
engine judges each player on its own payoff range. With
:math:`r_i = \max u_i - \min u_i` (over all profiles) and a relative tolerance
:math:`\tau` (default :data:`DEFAULT_TOLERANCE`), player :math:`i`'s absolute tolerance is

.. math::

    t_i = \tau \, r_i + \rho \, \max |u_i|, \qquad \rho = 2^8 \varepsilon \approx 5.7 \cdot 10^{-14},

where :math:`\varepsilon` is the machine epsilon: the second term covers the rounding of
an expected payoff computed from payoffs of size :math:`\max|u_i|` (a game whose payoffs
are :math:`10^9 + \{0, 1\}` is computed with numbers near :math:`10^9`).
:func:`payoff_tolerance` returns these :math:`t_i`, per player, for code that computes
with the payoffs as given.

The solvers go one step further: :func:`normalise_payoffs` maps each player's payoffs
to :math:`[0, 1]` (:math:`v_i = (u_i - \min u_i) / r_i`, first scaled by a power of two,
which is exact, so that payoffs near :math:`\pm 10^{308}` cannot overflow), and every
best-response test and every verification is done on :math:`v`, where the tolerance is
:math:`\tau + \rho`. Solving and verifying in these units makes the equilibrium set, the
supports and the degeneracy verdict *identical* for :math:`a_i u_i + b_i` as long as the
transformed payoffs are representable (in particular for every :math:`a_i` in
:math:`[10^{-9}, 10^{9}]` and offsets :math:`|b_i|` up to about :math:`10^{6} a_i r_i`,
beyond which the floats themselves lose the payoff differences).

A player whose payoffs are all equal is indifferent everywhere: its range is taken as 1
in its :math:`v` units (all zero), so it never blocks an equilibrium.

References
----------
Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2), 286-295.
Higham, N. J. (2002). *Accuracy and Stability of Numerical Algorithms*, 2nd ed., ch. 3
(rounding errors of inner products).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..._validation import check_instance, check_int, check_real, check_real_array, check_sequence
from ..game import NormalFormGame
from .results import Equilibrium

__all__ = [
    "DEFAULT_TOLERANCE",
    "ROUNDING_FLOOR",
    "PayoffScale",
    "action_values",
    "as_equilibrium",
    "check_tolerance",
    "game_scale",
    "normalise_payoffs",
    "payoff_tolerance",
    "pure_equilibrium_records",
    "unit_payoffs",
    "unit_tolerance",
]

#: Default relative payoff tolerance: a fraction of each player's own payoff range.
DEFAULT_TOLERANCE = 1e-9

#: Rounding floor :math:`\rho = 2^8 \varepsilon`, relative to the largest absolute payoff.
ROUNDING_FLOOR = 256 * float(np.finfo(float).eps)


def check_tolerance(tolerance: object, name: str = "tolerance") -> float:
    """The relative tolerance to use: ``tolerance`` checked, or :data:`DEFAULT_TOLERANCE`.

    Raises
    ------
    TypeError
        If ``tolerance`` is not a real number (booleans and strings are refused).
    ValueError
        If it is NaN, infinite, negative or at least 1 (a fraction of the payoff range).

    Examples
    --------
    >>> check_tolerance(None), check_tolerance(1e-6)
    (1e-09, 1e-06)
    >>> check_tolerance(float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: tolerance must be finite, got nan
    """
    check_instance("name", name, str, "the argument's name (a string)")
    if tolerance is None:
        return DEFAULT_TOLERANCE
    return check_real(name, tolerance, 0.0, 1.0, high_open=True)


@dataclass(frozen=True, eq=False)
class PayoffScale:
    """Per-player affine map between payoffs :math:`u` and unit payoffs :math:`v`.

    :math:`u_i = 2^{p_i} (\\ell_i + s_i v_i)`: ``exponent`` :math:`p_i`, ``low``
    :math:`\\ell_i` and ``span`` :math:`s_i \\in (0, 2]` have shape ``(*batch, n_players)``.
    ``constant`` marks players whose payoffs are all equal (their :math:`v` is 0).
    """

    exponent: np.ndarray
    low: np.ndarray
    span: np.ndarray
    constant: np.ndarray

    def range(self) -> np.ndarray:
        """Each player's payoff range :math:`\\max u_i - \\min u_i` (0 if constant;
        ``inf`` only if it exceeds the largest float)."""
        with np.errstate(over="ignore"):
            return np.where(self.constant, 0.0, np.ldexp(self.span, self.exponent))

    def to_payoff(self, unit: Any, player: int | None = None) -> np.ndarray:
        """Payoffs in the original units from unit payoffs (last axis: players, unless
        ``player`` is given)."""
        index = (..., slice(None)) if player is None else (..., player)
        value = self.low[index] + self.span[index] * np.asarray(unit, dtype=float)
        if not self.exponent.any():
            return value
        with np.errstate(over="ignore"):
            return np.ldexp(value, self.exponent[index])

    def to_gain(self, unit: Any, player: int | None = None) -> np.ndarray:
        """Payoff differences (e.g. regrets) in the original units from unit differences."""
        index = (..., slice(None)) if player is None else (..., player)
        gain = self.span[index] * np.asarray(unit, dtype=float)
        if self.exponent.any():
            with np.errstate(over="ignore"):
                gain = np.ldexp(gain, self.exponent[index])
        return np.where(self.constant[index], 0.0, gain) if self.constant.any() else gain


def _as_payoff_array(payoffs: Any, batch_ndim: int) -> np.ndarray:
    if isinstance(payoffs, NormalFormGame):
        if batch_ndim != 0:
            raise ValueError(f"batch_ndim must be 0 for a NormalFormGame, got {batch_ndim}")
        return payoffs.payoffs
    try:
        array = np.asarray(payoffs, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"payoffs must be a NormalFormGame or a numeric array, got "
                        f"{type(payoffs).__name__}: {error}") from error
    if array.ndim < batch_ndim + 2:
        raise ValueError(f"payoffs must have shape (*batch, n_players, ...) with {batch_ndim} batch "
                         f"axes and at least one action axis, got shape {array.shape}")
    if 0 in array.shape[batch_ndim:]:
        raise ValueError(f"payoffs must have at least one player and one action on each axis "
                         f"after the {batch_ndim} batch axes, got shape {array.shape}")
    if array.size and not np.all(np.isfinite(array)):
        bad = tuple(int(k) for k in np.argwhere(~np.isfinite(array))[0])
        raise ValueError(f"payoffs must be finite, got {array[bad]} at index {bad}")
    return array


def normalise_payoffs(payoffs: NormalFormGame | Any, *, batch_ndim: int = 0
                      ) -> tuple[np.ndarray, PayoffScale]:
    r"""Each player's payoffs mapped to :math:`[0, 1]` (min 0, max 1; all 0 if constant).

    Parameters
    ----------
    payoffs : NormalFormGame or array_like
        A game, or payoffs of shape ``(*batch, n_players, ...)``: the axes after the player
        axis (actions, or flattened profiles) are those a player's range is taken over.
    batch_ndim : int
        Number of leading batch axes (e.g. 1 for ``(V, n_players, ...)``).

    Returns
    -------
    unit : ndarray
        Same shape as the payoffs, values in :math:`[0, 1]`.
    scale : PayoffScale
        The map back (arrays of shape ``(*batch, n_players)``).

    Raises
    ------
    ValueError
        If payoffs are not finite (finite payoffs, even near :math:`\pm 10^{308}`, always
        give finite unit payoffs: the scaling by a power of two comes first).

    Examples
    --------
    >>> unit, scale = normalise_payoffs(np.array([[[1e9, 1e9 + 4]], [[-1e300, 1e300]]]))
    >>> unit.tolist()
    [[[0.0, 1.0]], [[0.0, 1.0]]]
    >>> scale.range().tolist()
    [4.0, 2e+300]
    """
    if batch_ndim != 0:
        batch_ndim = check_int("batch_ndim", batch_ndim, 0, 32)
    array = _as_payoff_array(payoffs, batch_ndim)
    # the profiles' count written out, not -1: an empty batch has no size to infer it from
    flat = array.reshape((*array.shape[:batch_ndim + 1], math.prod(array.shape[batch_ndim + 1:])))
    if isinstance(payoffs, NormalFormGame):
        scale = game_scale(payoffs)
    else:
        scale = _scale_from_bounds(flat.min(axis=-1), flat.max(axis=-1))
    scaled = flat if not scale.exponent.any() else np.ldexp(flat, -scale.exponent[..., None])
    # in [0, 1] exactly: u - low is correctly rounded and at most span; finite since the
    # scaled payoffs are finite and span > 0
    unit = (scaled - scale.low[..., None]) / scale.span[..., None]
    return unit.reshape(array.shape), scale


def _scale_from_bounds(low: np.ndarray, high: np.ndarray) -> PayoffScale:
    """The :class:`PayoffScale` of payoffs with these per-player lowest and highest values
    (the power-of-two scaling is exact and monotone, so it commutes with min and max)."""
    largest = np.maximum(-low, high)   # the largest absolute payoff
    if largest.size == 0 or (largest.max() < 2.0**1000 and largest.min() > 2.0**-900):
        exponent = np.zeros(largest.shape, dtype=int)  # no overflow or underflow possible
    else:
        _, exponent = np.frexp(largest)     # largest = f * 2**exponent, f in [0.5, 1)
        low, high = np.ldexp(low, -exponent), np.ldexp(high, -exponent)
    span = high - low
    constant = span == 0
    if constant.any():
        span = np.where(constant, 1.0, span)
    return PayoffScale(exponent, low, span, constant)


def game_scale(game: NormalFormGame) -> PayoffScale:
    """The :class:`PayoffScale` of a game, from the bounds found when it was built (no pass
    over the payoffs, no rescaled copy); cached on the game."""
    check_instance("game", game, NormalFormGame)
    cached = getattr(game, "_payoff_scale", None)
    if cached is None:
        cached = _scale_from_bounds(*game.payoff_bounds)
        game._payoff_scale = cached  # type: ignore[attr-defined]
    return cached


def payoff_tolerance(payoffs: NormalFormGame | Any, tolerance: float | None = None, *,
                     batch_ndim: int = 0) -> np.ndarray:
    r"""Absolute payoff tolerance of each player: :math:`\tau r_i + \rho \max|u_i|`.

    The engine's one tolerance rule (module docstring). A payoff counts as a best response
    for player ``i`` when it is within ``t[..., i]`` of the best.

    Parameters
    ----------
    payoffs : NormalFormGame or array_like
        A game, or payoffs of shape ``(*batch, n_players, ...)``.
    tolerance : float, optional
        Relative tolerance :math:`\tau` in :math:`[0, 1)`, a fraction of each player's payoff
        range (default :data:`DEFAULT_TOLERANCE`).
    batch_ndim : int
        Number of leading batch axes.

    Returns
    -------
    ndarray, shape ``(*batch, n_players)``

    Examples
    --------
    A player with payoffs 0/1 and one with payoffs up to 1e9 get their own tolerances:

    >>> game = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1e9, 0], [0, 1e9]])
    >>> [f"{t:.3g}" for t in payoff_tolerance(game)]
    ['1e-09', '1']
    """
    relative = check_tolerance(tolerance)
    _, scale = normalise_payoffs(payoffs, batch_ndim=batch_ndim)
    largest = np.maximum(np.abs(scale.low), np.abs(scale.low + scale.span))
    relative_part = np.where(scale.constant, 0.0, relative * scale.span)
    with np.errstate(over="ignore"):
        return np.ldexp(relative_part + ROUNDING_FLOOR * largest, scale.exponent)


def unit_tolerance(tolerance: float | None = None) -> float:
    """The tolerance on unit payoffs (:func:`normalise_payoffs`): :math:`\\tau + \\rho`."""
    return check_tolerance(tolerance) + ROUNDING_FLOOR


def action_values(game: NormalFormGame, strategies: Sequence[np.ndarray],
                  payoffs: np.ndarray | None = None) -> list[np.ndarray]:
    """Expected payoff of each pure action of each player against the others' strategies
    (computed on ``payoffs``, default the game's own)."""
    check_instance("game", game, NormalFormGame)
    # cheap checks, once per call (the replicator's and the verifier's path): no copies
    if isinstance(strategies, (str, bytes)) or not isinstance(strategies, Sequence | np.ndarray) \
            or len(strategies) != game.n_players:
        raise ValueError(f"strategies must hold one strategy per player ({game.n_players}), "
                         f"got {strategies!r}")
    for player, (strategy, size) in enumerate(zip(strategies, game.shape, strict=True)):
        given = np.asarray(strategy)
        if given.shape != (size,) or given.dtype.kind not in "biuf" \
                or not np.isfinite(given).all():
            raise ValueError(f"strategies[{player}] must be {size} finite numbers, got "
                             f"{strategy!r}")
    array = game.payoffs if payoffs is None else payoffs
    if payoffs is not None and np.shape(payoffs) != game.payoffs.shape:
        raise ValueError(f"payoffs must have the game's shape {game.payoffs.shape}, got "
                         f"{np.shape(payoffs)}")
    values = []
    for player in range(game.n_players):
        table = array[player]
        for other in reversed(range(game.n_players)):
            if other != player:
                table = np.tensordot(table, strategies[other], axes=([other], [0]))
        values.append(np.asarray(table, dtype=float))
    return values


def _check_strategies(game: NormalFormGame, strategies: Sequence[Sequence[float]]
                      ) -> list[np.ndarray]:
    strategies = check_sequence("strategies", strategies, "one strategy per player")   # 0.5: len()
    if len(strategies) != game.n_players:
        raise ValueError(f"strategies must hold one strategy per player ({game.n_players}), "
                         f"got {len(strategies)}")
    checked = []
    for player, (strategy, size) in enumerate(zip(strategies, game.shape, strict=True)):
        try:
            array = np.asarray(strategy, dtype=float)
        except (TypeError, ValueError) as error:
            raise TypeError(f"strategy of player {player} must be numeric: {error}") from error
        if array.shape != (size,):
            raise ValueError(f"strategy of player {player} must have {size} entries, got "
                             f"shape {array.shape}")
        if not np.all(np.isfinite(array)) or array.min() < -1e-9 or abs(array.sum() - 1) > 1e-9:
            raise ValueError(f"strategy of player {player} must be probabilities summing to 1, "
                             f"got {array.tolist()}")
        clipped = np.clip(array, 0.0, 1.0)
        checked.append(clipped / clipped.sum())
    return checked


def unit_payoffs(game: NormalFormGame) -> tuple[np.ndarray, PayoffScale]:
    """:func:`normalise_payoffs` of a game, cached on the game (whose payoffs are read-only)."""
    check_instance("game", game, NormalFormGame)
    cached = getattr(game, "_unit_payoffs", None)
    if cached is None:
        cached = normalise_payoffs(game)
        cached[0].setflags(write=False)
        game._unit_payoffs = cached  # type: ignore[attr-defined]
    return cached


def as_equilibrium(game: NormalFormGame, strategies: Sequence[Sequence[float]],
                   tolerance: float | None = None) -> Equilibrium | None:
    """Verify a strategy profile; return it as an :class:`Equilibrium`, or None if some
    player can gain more than its tolerance by a unilateral deviation.

    The test is done per player on unit payoffs (:func:`normalise_payoffs`), so it does not
    depend on the payoff unit of any player.

    Parameters
    ----------
    game : NormalFormGame
    strategies : sequence of array_like
        One mixed strategy per player (probabilities; entries above ``-1e-9`` and sums
        within ``1e-9`` of 1 are accepted and cleaned).
    tolerance : float, optional
        Relative tolerance (fraction of each player's payoff range); default
        :data:`DEFAULT_TOLERANCE`.

    Examples
    --------
    >>> from ica_model.engine.textbook import matching_pennies
    >>> as_equilibrium(matching_pennies(), [[0.5, 0.5], [0.5, 0.5]]).regret
    0.0
    >>> as_equilibrium(matching_pennies(), [[1, 0], [0.5, 0.5]]) is None
    True
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"game must be a NormalFormGame, got {type(game).__name__}")
    limit = unit_tolerance(tolerance)
    checked = _check_strategies(game, strategies)
    unit, scale = unit_payoffs(game)
    values = action_values(game, checked, unit)
    expected = np.array([float(v @ s) for v, s in zip(values, checked, strict=True)])
    unit_regrets = np.maximum(np.array([float(v.max()) for v in values]) - expected, 0.0)
    if unit_regrets.max() > limit:
        return None
    return Equilibrium(tuple(tuple(float(p) for p in s) for s in checked),
                       tuple(float(p) for p in scale.to_payoff(expected)),
                       float(unit_regrets.max()),
                       tuple(float(r) for r in scale.to_gain(unit_regrets)))


def pure_equilibrium_records(game: NormalFormGame, profiles: np.ndarray) -> tuple[Equilibrium, ...]:
    """Records (payoffs, regrets) of pure profiles, vectorised over ``profiles``
    (shape ``(k, n_players)``). The caller has selected them with the tolerance test; the
    regrets reported here are computed again on unit payoffs."""
    check_instance("game", game, NormalFormGame)
    profiles = profiles if isinstance(profiles, np.ndarray) else check_real_array(
        "profiles", profiles)
    if profiles.dtype.kind not in "iu":
        values = check_real_array("profiles", profiles)
        if not (np.isfinite(values) & (values == np.round(values))
                & (np.abs(values) < 2**31)).all():
            raise ValueError("profiles must hold action indices (whole numbers)")
        profiles = values
    if profiles.size % game.n_players:
        raise ValueError(f"profiles must have shape (k, {game.n_players}), got {profiles.shape}")
    profiles = profiles.astype(np.intp).reshape(-1, game.n_players)
    if profiles.size and ((profiles < 0) | (profiles >= np.asarray(game.shape))).any():
        raise ValueError(f"profiles must hold action indices below {game.shape}")
    if len(profiles) == 0:
        return ()
    scale = game_scale(game)
    index = tuple(profiles.T)
    unit_regrets = np.empty((len(profiles), game.n_players))
    for player in range(game.n_players):   # gather each profile's deviations, no full pass
        deviations = list(index)
        deviations[player] = np.arange(game.shape[player])[:, None]
        # unit payoffs of the gathered entries only, with normalise_payoffs' arithmetic
        gathered = np.concatenate([game.payoffs[player][index][None],
                                   game.payoffs[player][tuple(deviations)]])
        if scale.exponent[player]:
            gathered = np.ldexp(gathered, -scale.exponent[player])
        unit = (gathered - scale.low[player]) / scale.span[player]
        unit_regrets[:, player] = unit[1:].max(axis=0) - unit[0]
    np.maximum(unit_regrets, 0.0, out=unit_regrets)
    cell = (slice(None), *index)
    payoffs = game.payoffs[cell].T
    gains = scale.to_gain(unit_regrets)
    records = []
    for k, profile in enumerate(profiles):
        strategies = tuple(tuple(1.0 if a == b else 0.0 for b in range(size))
                           for a, size in zip(profile, game.shape, strict=True))
        records.append(Equilibrium(strategies, tuple(float(p) for p in payoffs[k]),
                                   float(unit_regrets[k].max()),
                                   tuple(float(g) for g in gains[k])))
    return tuple(records)
