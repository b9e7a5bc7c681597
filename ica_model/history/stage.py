r"""The stage game of one period, given the state: every pure equilibrium, and the selected one.

The stage payoffs are the snapshot model's (:mod:`ica_model.model.symbolic`, the single source)
evaluated at the period's values, which the state moves (:mod:`ica_model.history.terms`), plus
the terms that depend on a government's own action and state only:

.. math::

    U^t_{i,C} &= U_C(\theta_t) + K_i [U_C(\theta_t)|_{\text{set-up}=0} - U_C(\theta_t)]
        + R_i + \nu F_i (1 + \mu P) - \kappa v, \\
    U^t_{i,D} &= U_D(\theta_t), \qquad
    U^t_{i,T} = U_T(\theta_t) + \omega\, o_i\, O_t\ \text{if}\ v > 0.

:math:`\theta_t` is the period's parameters: the credit (selective benefit) and the expected
penalty scaled by :math:`1 + \mu P`, the defection risk and the enforcement cost by
:math:`1 - \iota I`, demand by :math:`1 - p_\tau (1 - v_{std})`, the information level
:math:`A \times` the attention budget.

**Lying flat (躺平)** is the paper's: 刘露露 describes 「躺平式顺从纵向强制性行动机制」, passively
doing what the vertical mechanism demands. The third action T delivers the listed items (bears
their full autonomy loss: no de facto discretion; earns the list credit) and invests nothing
in joint innovation beyond them; there is no detection, because nothing is faked. Without a
mandate (:math:`v = 0`) there is nothing to comply with: T is unavailable. The snapshot
model's paper compliance with detection (彭小兵、彭洋's 「有栏目无内容」) stays available there.

Equilibria: a profile is a pure equilibrium when no government gains more than its tolerance
(a share of its own payoff range in the stage game) by changing its own action. The selected
equilibrium is the snapshot library's rule: most cooperators, then the largest total payoff,
then the lowest profile index.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validation import check_instance, check_int, check_real_array
from ..engine.solvers.verify import DEFAULT_TOLERANCE, check_tolerance
from ..model.parameters import Scenario, check_scenario
from ..model.payoffs import _profile_grid, batch_profile_payoffs
from ..model.points import Points, as_points

__all__ = ["Selected", "lying_flat_scenario", "select_equilibria", "stage_payoffs"]

#: Action indices of the stage game (the snapshot model's order).
COOPERATE, STAY_OUT, LIE_FLAT = 0, 1, 2


def lying_flat_scenario(scenario: Scenario) -> Scenario:
    """The scenario with the token action read as the paper's lying flat: no de facto
    discretion over the autonomy loss, no detection, list credit on."""
    check_scenario(scenario)
    terms = dataclasses.replace(scenario.terms, token_discretion=False,
                                paper_compliance_detection=False, list_credit=True)
    return dataclasses.replace(scenario, terms=terms)


def _shaped(name: str, values: Any, shape: tuple[int, ...]) -> np.ndarray:
    """``values`` as a real array of ``shape``; otherwise an error naming ``name``."""
    array = check_real_array(name, values)
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape} (points, governments, ...), got "
                         f"{array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite (found NaN or infinity)")
    return array


def stage_payoffs(points: Points, sunk: np.ndarray | None, bonus: np.ndarray,
                  mandate: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Payoffs of every pure profile of the stage game at V points.

    Parameters
    ----------
    points : Points
        The period's parameters (already moved by the state).
    sunk : ndarray (V, n) or None
        The built share of each government's connection (``None``: no sunk investment).
    bonus : ndarray (V, n, 3)
        Terms that depend on the government's own action and state only (C, D, T).
    mandate : ndarray (V,)
        The level of the lists: lying flat is unavailable where it is 0.

    Returns
    -------
    payoffs : ndarray (V, P, n)
        P = 3**n profiles in the order of :func:`profile_grid`; an unavailable action has
        payoff ``-inf``.
    setup : ndarray (V, P, n) or None
        The set-up each government pays in each profile before the sunk share is deducted
        (``None`` without sunk investment).
    """
    check_instance("points", points, Points, "Points (from as_points)")
    scenario = points.scenario
    profiles = _profile_grid(scenario)      # the scenario of checked points
    size, n = points.size, profiles.shape[1]
    if sunk is not None:
        sunk = _shaped("sunk", sunk, (size, n))
    bonus = _shaped("bonus", bonus, (size, n, len(scenario.actions)))
    mandate = _shaped("mandate", mandate, (size,))
    payoffs = batch_profile_payoffs(points, profiles)
    setup = None
    if sunk is not None:
        columns = dict(points.columns)
        columns["setup_cost"] = np.zeros(points.size)
        setup = batch_profile_payoffs(as_points(scenario, columns), profiles) - payoffs
        payoffs += sunk[:, None, :] * setup
    own = profiles.astype(np.intp)                                     # (P, n)
    payoffs += bonus[:, np.arange(own.shape[1])[None, :], own]         # (V, P, n) gather
    if len(scenario.actions) == 3:
        flat = np.flatnonzero(np.asarray(mandate) <= 0)
        if len(flat):
            # the government that would lie flat cannot: its entry is -inf, so no profile
            # where anyone lies flat is an equilibrium and lying flat is never a best reply
            rows = payoffs[flat]
            rows[:, own == LIE_FLAT] = -np.inf
            payoffs[flat] = rows
    return payoffs, setup


@dataclass(frozen=True, eq=False)
class Selected:
    """The pure equilibria of V stage games and the selected one.

    Attributes
    ----------
    profile : ndarray (V, n) of int
        The selected equilibrium's actions (−1 where the game has no pure equilibrium).
    payoffs : ndarray (V, n)
        Its payoffs (NaN where none).
    count : ndarray (V,) of int
        The number of pure equilibria.
    index : ndarray (V,) of int
        The selected profile's index (−1 where none).
    """

    profile: np.ndarray
    payoffs: np.ndarray
    count: np.ndarray
    index: np.ndarray


def _equilibrium_mask(payoffs: np.ndarray, actions: int, tolerance: float) -> np.ndarray:
    size, count, n = payoffs.shape
    finite = np.where(np.isfinite(payoffs), payoffs, np.nan)
    span = np.nanmax(finite, axis=1) - np.nanmin(finite, axis=1)          # (V, n)
    slack = tolerance * np.where(np.isfinite(span), span, 0.0)
    mask = np.ones((size, count), dtype=bool)
    shape = (size, *(actions,) * n)
    for i in range(n):
        own = payoffs[:, :, i].reshape(shape)
        best = own.max(axis=1 + i, keepdims=True)
        mask &= (own >= best - slack[:, i].reshape((size,) + (1,) * n)).reshape(size, count)
    return mask & np.isfinite(payoffs).all(axis=2)


def select_equilibria(payoffs: np.ndarray, actions: int,
                      tolerance: float = DEFAULT_TOLERANCE) -> Selected:
    """Every pure equilibrium of V stage games (payoffs ``(V, P, n)``) and the selected one.

    Examples
    --------
    A stag hunt (two equilibria: the one with most cooperators is selected):

    >>> game = np.array([[[4.0, 4.0], [0.0, 3.0], [3.0, 0.0], [3.0, 3.0]]])
    >>> chosen = select_equilibria(game, actions=2)
    >>> chosen.count.tolist(), chosen.profile.tolist()
    ([2], [[0, 0]])
    """
    payoffs = check_real_array("payoffs", payoffs)
    actions = check_int("actions", actions, 1, 16)
    tolerance = check_tolerance(tolerance)
    if payoffs.ndim != 3 or payoffs.shape[2] < 1 or payoffs.shape[1] != actions ** payoffs.shape[2]:
        raise ValueError(f"payoffs must have shape (V, actions**n, n) with actions={actions}, "
                         f"got {payoffs.shape}")
    size, _, n = payoffs.shape
    mask = _equilibrium_mask(payoffs, actions, tolerance)
    profiles = np.indices((actions,) * n).reshape(n, -1).T
    cooperators = (profiles == COOPERATE).sum(axis=1)
    most = np.where(mask, cooperators[None, :], -1).max(axis=1)
    candidates = mask & (cooperators[None, :] == most[:, None])
    total = np.where(candidates, np.where(np.isfinite(payoffs), payoffs, 0.0).sum(axis=2),
                     -np.inf)
    finite = np.where(np.isfinite(payoffs), payoffs, np.nan)
    spans = np.nan_to_num(np.nanmax(finite, axis=1) - np.nanmin(finite, axis=1))
    slack = tolerance * spans.sum(axis=1)
    near = candidates & (total >= total.max(axis=1, keepdims=True) - slack[:, None])
    has: np.ndarray = np.asarray(mask.any(axis=1))
    index = np.where(has, np.argmax(near, axis=1), -1)
    profile = np.where(has[:, None], profiles[np.maximum(index, 0)], -1)
    chosen = np.where(has[:, None], payoffs[np.arange(size), np.maximum(index, 0)], np.nan)
    return Selected(profile, chosen, mask.sum(axis=1), index)


def period_points(scenario: Scenario, base: Mapping[str, Any], levels: Mapping[str, Any],
                  scale: Mapping[str, Any]) -> Points:
    """The period's parameter points: the draws' values ``base``, the period's intervention
    levels and national integration ``levels``, and parameters multiplied by ``scale``
    (symbol to a factor of shape (V,), or (V, n) for an actor attribute)."""
    columns = dict(base) | dict(levels)
    merged = as_points(scenario, columns).values()
    for name, factor in scale.items():
        value = np.asarray(merged[name], dtype=float)
        factor = np.asarray(factor, dtype=float)
        if value.ndim == 2 and factor.ndim < 2:
            factor = factor.reshape(-1, 1)
        columns[name] = value * factor
    return as_points(scenario, columns)
