r"""The dynamic state terms of the diffusion model, in one home.

These terms change a government's payoffs from one period to the next, among rival
governments of one rank (the follow-up setting of 彭小兵、彭洋). The histories of the G60
corridor and the two districts (:mod:`ica_model.history.terms`) have terms of the same kind
with different laws, because their sources describe different erosions: there the credit
for being first erodes as national lists standardise the service
(:math:`F_{t+1} = F_t(1 - \lambda v_t)`, 黄六招等, proposition 3); here it erodes as rivals
re-innovate first (:math:`c_1(1 - a_t)`). Both are "credit times the novelty left"; the
novelty left is a stock there and the rivals' share here.

* **Capacity by learning by doing** (创新行动力): :math:`k_{t+1} = k_t + \lambda e_t (1 - k_t)`
  with effort :math:`e_t = 1/2` in the follow stage (跟: copying teaches something) and
  :math:`e_t = 1` in the advance stage (进: re-innovation teaches more); capacity stays in
  [0, 1] and never falls.
* **The published index** (数字政府发展指数): score :math:`s = k + \text{stage}/2`.
* **Tournament value** (府际竞争度; Lazear & Rosen 1981; 周黎安 2007): a government with
  stake :math:`\kappa` in the promotion tournament competes against the average rival of
  its rank; with Gaussian noise :math:`\sigma` on the index, the marginal value of effort
  is :math:`\kappa\,\phi(\Delta/\sigma)/\phi(0)`, :math:`\Delta` the gap to the average
  rival: largest when neck and neck, small far ahead or far behind.
* **Credit for being first** (「第一」「首个」「首次」「领先」, 彭小兵、彭洋, section 5(2)):
  re-innovating earns :math:`c_1 (1 - a)`, :math:`a` the share of rivals already
  re-innovating.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_real, check_real_array

__all__ = [
    "ADVANCE",
    "FOLLOW",
    "NONE",
    "first_credit",
    "index_score",
    "learn_by_doing",
    "tournament_value",
]

#: Stages: not adopted, 跟 (follow), 进 (advance).
NONE, FOLLOW, ADVANCE = 0, 1, 2
_EFFORT = np.array([0.0, 0.5, 1.0])


def learn_by_doing(capacity: np.ndarray, stage: np.ndarray, rate: float) -> np.ndarray:
    """Capacity after one period of learning by doing (see the module).

    Examples
    --------
    >>> learn_by_doing(np.array([0.2, 0.2, 0.2]), np.array([0, 1, 2]), 0.5)
    array([0.2, 0.4, 0.6])
    """
    capacity, stage = _finite(capacity=capacity), _stages(stage)
    rate = check_real("rate", rate, 0.0, 1.0)
    return _broadcast(lambda: capacity + rate * _EFFORT[stage] * (1.0 - capacity), "capacity", "stage")


def index_score(capacity: np.ndarray, stage: np.ndarray) -> np.ndarray:
    """Score on the published index: capacity plus half the stage."""
    capacity, stage = _finite(capacity=capacity), _stages(stage)
    return _broadcast(lambda: capacity + 0.5 * stage, "capacity", "stage")


def tournament_value(gap: np.ndarray, stake: np.ndarray, noise: float) -> np.ndarray:
    r"""Marginal value of effort in a two-player Lazear–Rosen tournament against the
    average rival: :math:`\kappa \exp(-\Delta^2 / 2\sigma^2)` (that is
    :math:`\kappa\,\phi(\Delta/\sigma)/\phi(0)`).

    Examples
    --------
    >>> tournament_value(np.array([0.0, 1.0]), np.array([1.0, 1.0]), 1.0).round(3)
    array([1.   , 0.607])
    """
    gap, stake = _finite(gap=gap), _finite(stake=stake)
    noise = check_real("noise", noise, 0.0, low_open=True)
    # a huge gap (1e308) overflows gap / noise to inf: its value is exp(-inf) = 0, exactly
    # the limit, so the overflow is silenced for this computation only
    with np.errstate(over="ignore"):
        return _broadcast(lambda: stake * np.exp(-0.5 * (gap / noise) ** 2), "gap", "stake")


def first_credit(advanced_rivals: np.ndarray, credit: float) -> np.ndarray:
    """Credit for re-innovating before one's rivals: ``credit * (1 - advanced share)``;
    ``credit`` >= 0 (a negative credit would turn being first into a cost)."""
    advanced_rivals = _finite(advanced_rivals=advanced_rivals)
    return check_real("credit", credit, 0.0) * (1.0 - advanced_rivals)


def _finite(**named: Any) -> np.ndarray:
    """The one array given, as floats; a TypeError or ValueError naming it unless real
    and finite."""
    (name, values), = named.items()
    array = check_real_array(name, values)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite, got {values!r}")
    return array


def _stages(stage: Any) -> np.ndarray:
    """``stage`` as integers in {NONE, FOLLOW, ADVANCE}; a ValueError naming it otherwise."""
    array = _finite(stage=stage)
    if not np.isin(array, (NONE, FOLLOW, ADVANCE)).all():
        raise ValueError(f"stage must hold stages {NONE}, {FOLLOW} or {ADVANCE}, got {stage!r}")
    return array.astype(int)


def _broadcast(compute: Any, first: str, second: str) -> np.ndarray:
    """``compute()``, a ValueError naming both arrays if their shapes do not broadcast."""
    try:
        return compute()
    except ValueError as error:
        raise ValueError(f"{first} and {second} must have shapes that broadcast: {error}") from None
