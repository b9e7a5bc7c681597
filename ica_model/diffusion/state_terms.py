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

import numpy as np

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
    return capacity + rate * _EFFORT[stage] * (1.0 - capacity)


def index_score(capacity: np.ndarray, stage: np.ndarray) -> np.ndarray:
    """Score on the published index: capacity plus half the stage."""
    return capacity + 0.5 * stage


def tournament_value(gap: np.ndarray, stake: np.ndarray, noise: float) -> np.ndarray:
    r"""Marginal value of effort in a two-player Lazear–Rosen tournament against the
    average rival: :math:`\kappa \exp(-\Delta^2 / 2\sigma^2)` (that is
    :math:`\kappa\,\phi(\Delta/\sigma)/\phi(0)`).

    Examples
    --------
    >>> tournament_value(np.array([0.0, 1.0]), np.array([1.0, 1.0]), 1.0).round(3)
    array([1.   , 0.607])
    """
    return stake * np.exp(-0.5 * (gap / noise) ** 2)


def first_credit(advanced_rivals: np.ndarray, credit: float) -> np.ndarray:
    """Credit for re-innovating before one's rivals: ``credit * (1 - advanced share)``."""
    return credit * (1.0 - advanced_rivals)
