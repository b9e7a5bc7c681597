r"""Repeated play: the critical discount factor that sustains cooperation.

**Grim trigger** (Friedman 1971, "A non-cooperative equilibrium for supergames", *Rev.
Econ. Stud.* 38): everyone plays the cooperative profile until someone deviates, then
the stage equilibrium ``punishment`` forever. Player :math:`i` with cooperative payoff
:math:`R_i`, best one-shot deviation :math:`T_i` and punishment payoff :math:`P_i` stays
exactly when

.. math::

    \frac{R_i}{1-\delta} \ge T_i + \frac{\delta P_i}{1-\delta}
    \iff \delta \ge \delta_i^* = \frac{T_i - R_i}{T_i - P_i},

(:math:`\delta_i^* = 0` when :math:`T_i \le R_i`; no :math:`\delta < 1` works when
:math:`P_i \ge R_i < T_i`). The group needs :math:`\delta \ge \max_i \delta_i^*`: the
*binding* actor decides.

**Tit-for-tat** in a 2-player game with actions (C, D) (Axelrod 1984, *The Evolution of
Cooperation*, ch. 1; Axelrod and Hamilton 1981): against TFT, neither permanent
defection nor alternation pays when

.. math::

    \delta \ge \max\left(\frac{T-R}{T-P}, \frac{T-R}{R-S}\right).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validation import check_real, check_real_array
from .game import NormalFormGame
from .solvers.pure import pure_equilibria

__all__ = [
    "DiscountThreshold",
    "grim_thresholds",
    "grim_trigger",
    "summarise_thresholds",
    "tit_for_tat",
]


@dataclass(frozen=True)
class DiscountThreshold:
    """The smallest discount factor that sustains a cooperative profile.

    Attributes
    ----------
    critical : float or None
        :math:`\\delta^* = \\max_i \\delta_i^*`, or None if no :math:`\\delta < 1` works.
    per_player : tuple of float or None
        Each player's :math:`\\delta_i^*` (None: not sustainable for that player).
    binding_player : int or None
        The player with the largest threshold (None if nobody is tempted).
    strategy : str
        ``"grim_trigger"`` or ``"tit_for_tat"``.
    punishment : tuple of int or None
        The stage equilibrium reverted to (grim trigger).
    """

    critical: float | None
    per_player: tuple[float | None, ...]
    binding_player: int | None
    strategy: str
    punishment: tuple[int, ...] | None = None

    @property
    def stability(self) -> float:
        """:math:`1 - \\delta^*`: the room for impatience (0 if not sustainable)."""
        return 0.0 if self.critical is None else 1.0 - self.critical


def grim_thresholds(temptation: Any, reward: Any, punishment: Any, tolerance: Any = 1e-12
                    ) -> np.ndarray:
    """Each player's grim-trigger threshold :math:`\\delta_i^* = (T_i - R_i)/(T_i - P_i)`,
    vectorised (the arguments broadcast).

    :math:`\\delta_i^* = 0` where the player is not tempted (:math:`T_i \\le R_i` within
    ``tolerance``, absolute); NaN where reversion cannot deter it (:math:`P_i \\ge R_i`
    within ``tolerance`` while tempted), and where a payoff is NaN (missing: no stage
    equilibrium to revert to; before, a NaN temptation read as "not tempted", 0). Payoffs
    are numbers: booleans and infinities are refused. Like a numpy ufunc, empty arrays
    give an empty result (a batch of no games);
    :func:`summarise_thresholds`, which takes one group's thresholds, refuses an empty one.

    Examples
    --------
    >>> grim_thresholds([5, 3, 5], [3, 3, 3], [1, 1, 4]).tolist()    # (T-R)/(T-P); untempted; P > R
    [0.5, 0.0, nan]
    """
    temptation, reward, punishment, tolerance = (check_real_array(name, x, booleans=False)
                                                 for name, x in [
        ("temptation", temptation), ("reward", reward), ("punishment", punishment),
        ("tolerance", tolerance)])
    if not np.all(np.isfinite(tolerance) & (tolerance >= 0)):
        raise ValueError(f"tolerance must be finite and >= 0, got {tolerance!r}")
    for name, payoff in [("temptation", temptation), ("reward", reward),
                         ("punishment", punishment)]:
        if np.isinf(payoff).any():
            raise ValueError(f"{name} must hold finite payoffs (or NaN where missing), got "
                             f"{float(payoff[np.isinf(payoff)].ravel()[0])}")
    try:
        np.broadcast_shapes(temptation.shape, reward.shape, punishment.shape, tolerance.shape)
    except ValueError:
        raise ValueError(f"temptation, reward, punishment and tolerance must broadcast together, "
                         f"got shapes {temptation.shape}, {reward.shape}, {punishment.shape}, "
                         f"{tolerance.shape}") from None
    tempted = temptation > reward + tolerance
    deterred = ~tempted | (punishment < reward - tolerance)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = (temptation - reward) / (temptation - punishment)
    missing = np.isnan(temptation) | np.isnan(reward) | np.isnan(punishment)
    return np.where(missing, np.nan, np.where(tempted, np.where(deterred, ratio, np.nan), 0.0))


def summarise_thresholds(values: Any, strategy: str,
                         punishment: tuple[int, ...] | None = None) -> DiscountThreshold:
    """The group's threshold from each player's (NaN: cannot be deterred): the largest one,
    and the binding player."""
    if not isinstance(strategy, str):
        raise TypeError(f"strategy must be the strategy's name, got {strategy!r}")
    array = check_real_array("values", values, booleans=False)
    if array.ndim != 1 or not len(array):
        raise ValueError(f"values must hold one threshold per player, got shape {array.shape}")
    values = [None if np.isnan(v) else float(v) for v in array]
    if any(v is None for v in values):
        binding: int | None = next(i for i, v in enumerate(values) if v is None)
        return DiscountThreshold(None, tuple(values), binding, strategy, punishment)
    critical = max(values)
    binding = int(np.argmax(values)) if critical > 0 else None
    return DiscountThreshold(float(critical), tuple(values), binding, strategy, punishment)


def grim_trigger(game: NormalFormGame, cooperation: tuple[int, ...],
                 punishment: tuple[int, ...], tolerance: float = 1e-12) -> DiscountThreshold:
    """Critical discount factor of ``cooperation`` sustained by reverting to ``punishment``.

    Parameters
    ----------
    game : NormalFormGame
    cooperation : tuple of int
        The pure profile to sustain.
    punishment : tuple of int
        A pure Nash equilibrium of the stage game (checked: otherwise the threat is not
        credible).

    Examples
    --------
    >>> from ica_model.engine.textbook import prisoners_dilemma
    >>> grim_trigger(prisoners_dilemma(5, 3, 1, 0), (0, 0), (1, 1)).critical   # (T-R)/(T-P)
    0.5
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"game must be a NormalFormGame, got {type(game).__name__}")
    cooperation = game.check_profile(cooperation, "cooperation")
    punishment = game.check_profile(punishment, "punishment")
    tolerance = check_real("tolerance", tolerance, 0.0)
    if tuple(punishment) not in {eq.profile for eq in pure_equilibria(game).equilibria}:
        raise ValueError(f"punishment {tuple(punishment)} is not a pure Nash equilibrium of the "
                         f"stage game, so the grim-trigger threat is not credible")
    temptation = []
    for player in range(game.n_players):
        index: list[int | slice] = list(cooperation)
        index[player] = slice(None)
        cell = (player, *index)
        temptation.append(game.payoffs[cell].max())
    values = grim_thresholds(temptation, game.payoff(cooperation), game.payoff(punishment),
                             tolerance)
    return summarise_thresholds(values, "grim_trigger", tuple(int(a) for a in punishment))


def tit_for_tat(game: NormalFormGame, tolerance: float = 1e-12) -> DiscountThreshold:
    """Critical discount factor for mutual tit-for-tat in a 2-player (C, D) game.

    Action 0 is C and action 1 is D for both players; each player's threshold is
    :math:`\\max((T-R)/(T-P), (T-R)/(R-S))` from its own payoffs.

    Examples
    --------
    >>> from ica_model.engine.textbook import prisoners_dilemma
    >>> tit_for_tat(prisoners_dilemma(5, 3, 1, 0)).critical     # max(1/2, 2/3)
    0.6666666666666666
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"game must be a NormalFormGame, got {type(game).__name__}")
    if game.shape != (2, 2):
        raise ValueError(f"tit_for_tat needs a 2-player game with actions (C, D), got shape "
                         f"{game.shape}")
    tolerance = check_real("tolerance", tolerance, 0.0)
    values: list[float] = []
    for player in range(2):
        own = game.payoffs[player] if player == 0 else game.payoffs[player].T
        reward, sucker, temptation, punishment = own[0, 0], own[0, 1], own[1, 0], own[1, 1]
        permanent = float(grim_thresholds(temptation, reward, punishment, tolerance))
        # alternating C/D against TFT: (T + delta S) / (1 - delta^2) <= R / (1 - delta)
        if temptation <= reward + tolerance:
            alternating = 0.0
        elif reward - sucker <= temptation - reward:
            alternating = np.nan
        else:
            alternating = (temptation - reward) / (reward - sucker)
        values.append(float(np.fmax(permanent, alternating))
                      if not np.isnan(permanent) and not np.isnan(alternating) else np.nan)
    return summarise_thresholds(values, "tit_for_tat", None)
