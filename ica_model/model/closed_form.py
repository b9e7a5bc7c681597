r"""Closed forms for the homogeneous game, derived with sympy from the payoff model.

With identical actors, full cooperation is a Nash equilibrium exactly when no
cooperator gains by defecting (or, with token compliance, by complying on paper):

.. math::

    M_D = U_C(m = n) - U_D(m = n - 1) \ge 0, \qquad
    M_T = U_C(m = n) - U_T(m = n - 1, m_T = 1) \ge 0 .

Both margins are built by substitution into the expressions of
:mod:`ica_model.model.symbolic`, never written by hand. From them:

* :func:`critical_authority`: the authority levels at which full cooperation is an
  equilibrium (smallest level: the critical authority; largest: where
  over-intervention starts), from the roots of the margins in :math:`v_{auth}`;
  :func:`critical_authority_roots` gives those roots as sympy expressions;
* :func:`critical_group_size`: the largest :math:`n` that sustains full cooperation;
* :func:`comparative_statics`: the sign of the derivative of the binding margin, and so
  of the critical values, with respect to each parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from .._lambdify import to_numpy
from .._validation import check_size, generator_of
from ..engine.intervals import sign_intervals
from .parameters import (
    KINDS,
    Intervention,
    Role,
    Scenario,
    Terms,
    check_intervention,
    check_scenario,
    parameters_with_role,
    schema_entry,
)
from .payoffs import _unchecked_homogeneous_values, full_cooperation_payoffs, homogeneous_values
from .points import Points, as_points
from .symbolic import checked_model_inputs, homogeneous_expressions, symbols

__all__ = [
    "ComparativeStatic",
    "CriticalAuthority",
    "comparative_statics",
    "cooperation_margins",
    "critical_authority",
    "critical_authority_roots",
    "critical_discount_factor_expressions",
    "critical_group_size",
    "full_cooperation_margin",
    "homogeneous_margins",
    "no_cooperation_margins",
]


@checked_model_inputs
@lru_cache(maxsize=32)
def cooperation_margins(terms: Terms = Terms(), network_exponent: int = 1,  # noqa: B008
                        token_compliance: bool = True) -> dict[str, sp.Expr]:
    """Symbolic margins of full cooperation against each deviation.

    Returns
    -------
    dict
        ``{"D": M_D}`` and, with token compliance, ``"T": M_T``; expressions in the
        symbols of :func:`ica_model.model.symbolic.symbols` (``group_size`` is :math:`n`).

    Examples
    --------
    The negotiation cost lowers :math:`M_D` by :math:`(n - 1)^\\beta (1 + H)` per unit,
    damped by mandates and standards, amplified by the outside options of national
    integration (the factors of the derivative; the last two are negative):

    >>> margins = cooperation_margins(Terms(), 1, token_compliance=False)
    >>> x = symbols()
    >>> for factor in sp.Mul.make_args(sp.diff(margins["D"], x["negotiation_cost"]).factor()):
    ...     print(factor)
    -1
    (group_size - 1)**negotiation_exponent
    heterogeneity + 1
    national_integration*outside_on_negotiation + 1
    authority*authority_on_negotiation - 1
    standards*standards_on_negotiation - 1
    """
    x = symbols()
    expressions = homogeneous_expressions(terms, network_exponent)
    n = x["group_size"]
    cooperate = expressions["C"].subs(
        {x["cooperators"]: n, x["token_compliers"]: 0})
    margins = {"D": cooperate - expressions["D"].subs(
        {x["cooperators"]: n - 1, x["token_compliers"]: 0})}
    if token_compliance:
        margins["T"] = cooperate - expressions["T"].subs(
            {x["cooperators"]: n - 1, x["token_compliers"]: 1})
    return margins


@checked_model_inputs
@lru_cache(maxsize=32)
def no_cooperation_margins(terms: Terms = Terms(), network_exponent: int = 1,  # noqa: B008
                           token_compliance: bool = True) -> dict[str, sp.Expr]:
    r"""Symbolic margins of universal defection against each deviation.

    :math:`N_C = U_D(m = 0) - U_C(m = 1)` and, with token compliance,
    :math:`N_T = U_D(m = 0) - U_T(m = 0, m_T = 1)`. Nobody cooperating is an equilibrium
    exactly when every margin is :math:`\ge 0`.

    Examples
    --------
    >>> sorted(no_cooperation_margins(Terms(), 1, token_compliance=True))
    ['C', 'T']
    """
    x = symbols()
    expressions = homogeneous_expressions(terms, network_exponent)
    defect = expressions["D"].subs({x["cooperators"]: 0, x["token_compliers"]: 0})
    margins = {"C": defect - expressions["C"].subs(
        {x["cooperators"]: 1, x["token_compliers"]: 0})}
    if token_compliance:
        margins["T"] = defect - expressions["T"].subs({x["cooperators"]: 0,
                                                       x["token_compliers"]: 1})
    return margins


def _homogeneous_point_values(points: Points) -> dict[str, Any]:
    """The values of identical actors at each point: the points' columns over the
    scenario's values, actor attributes common to every actor."""
    scenario = points.scenario
    if not scenario.is_homogeneous:
        raise ValueError(f"closed forms need a homogeneous scenario; {scenario.name!r} is not")
    values = _unchecked_homogeneous_values(scenario)      # checked with the points
    for name, column in points.columns.items():
        if column.ndim == 2:
            if not (column == column[:, :1]).all():
                raise ValueError(f"closed forms need identical actors, but {name} differs "
                                 f"between actors; give one value for all of them")
            column = column[:, 0]
        values[name] = column
    return values


@lru_cache(maxsize=64)
def _margin_functions(terms: Terms, network_exponent: int, token: bool, which: str):
    build = cooperation_margins if which == "full" else no_cooperation_margins
    margins = build(terms, network_exponent, token)
    names = tuple(sorted({str(s) for e in margins.values() for s in e.free_symbols}))
    ordered = [symbols()[name] for name in names]
    return names, [to_numpy(ordered, e) for e in margins.values()]


def homogeneous_margins(scenario: Scenario, points: Any = None) -> dict[str, np.ndarray]:
    r"""Both equilibrium margins of a homogeneous scenario at each point.

    Parameters
    ----------
    scenario : Scenario
        Homogeneous; supplies every value the points do not set.
    points : Points or anything :func:`~ica_model.model.points.as_points` accepts
        May set ``group_size`` (any integer :math:`\ge 2`).

    Returns
    -------
    dict
        ``"full_cooperation"``: :math:`\min(M_D, M_T)`; ``"no_cooperation"``:
        :math:`\min(N_C, N_T)`, each of shape ``(V,)``. Each equilibrium exists exactly
        where its margin is :math:`\ge 0`.

    Examples
    --------
    >>> from ica_model.cases import symmetric
    >>> margins = homogeneous_margins(symmetric(), {"standards": [0.0, 0.5]})
    >>> (margins["full_cooperation"] >= 0).tolist(), (margins["no_cooperation"] >= 0).tolist()
    ([False, True], [False, False])
    """
    points = as_points(scenario, points)
    numeric = _homogeneous_point_values(points)
    result = {}
    for which in ("full", "no"):
        names, functions = _margin_functions(scenario.terms, scenario.network_exponent,
                                             scenario.token.enabled, which)
        with np.errstate(invalid="ignore", divide="ignore"):
            margins = [np.asarray(f(*(numeric[name] for name in names)), dtype=float)
                       for f in functions]
        margin = np.minimum.reduce(np.broadcast_arrays(*margins))
        result[f"{which}_cooperation"] = np.broadcast_to(margin, (points.size,))
    return result


def full_cooperation_margin(scenario: Scenario, points: Any = None, levels: Any = None
                            ) -> np.ndarray:
    r"""The smallest gain of any actor from staying when all cooperate, at each point:

    .. math:: \min_i \big[U_i(C, C_{-i}) - \max_{a \ne C} U_i(a, C_{-i})\big].

    Full cooperation is a Nash equilibrium exactly where it is :math:`\ge 0`; its size
    says how far a shock to any one actor's payoff may go before someone leaves. For a
    homogeneous scenario it is the closed form :math:`\min(M_D, M_T)` (any group size: the
    points may set ``group_size``); otherwise it is evaluated at full cooperation and at
    each single deviation (:math:`2n + 1` profiles per point).

    Parameters
    ----------
    scenario : Scenario
    points : Points or anything :func:`~ica_model.model.points.as_points` accepts
    levels : Points or anything :func:`~ica_model.model.points.as_points` accepts, optional
        L intervention levels (intervention kinds only): the margin of each point at each
        of them, their kinds replacing the points' own. The same numbers as at the points
        crossed with the levels (each point repeated L times, the levels tiled), the
        coalitions' values computed once per point.

    Returns
    -------
    ndarray, shape (V,), or (V, L) with ``levels``

    Raises
    ------
    ValueError
        If ``levels`` sets anything but intervention kinds.

    Examples
    --------
    Unified standards at 0.5 sustain full cooperation of the symmetric group; mandated
    item lists on top of them break it. The nine G60 cities (at national integration 0)
    all cooperate with information support 0.3, and authority 0.4 narrows their margin:

    >>> from ica_model.cases import g60, symmetric
    >>> full_cooperation_margin(symmetric(), {"standards": 0.5, "authority": [0.0, 0.5, 1.0]}).round(3)
    array([ 0.082, -0.215, -0.805])
    >>> full_cooperation_margin(g60(), {"authority": [0.0, 0.4], "information": 0.3}).round(3)
    array([0.376, 0.167])

    The same two levels at national integration 0 and 0.5 (rows: points, columns: levels):

    >>> full_cooperation_margin(g60(), {"national_integration": [0.0, 0.5]},
    ...                         levels={"authority": [0.0, 0.4], "information": 0.3}).round(3)
    array([[0.376, 0.167],
           [0.202, 0.027]])
    """
    points = as_points(scenario, points)
    if levels is not None:
        return _margin_at_levels(scenario, points, as_points(scenario, levels, "levels"))
    identical = all(column.ndim == 1 or (column == column[:, :1]).all()
                    for column in points.columns.values())
    if scenario.is_homogeneous and identical:
        return homogeneous_margins(scenario, points)["full_cooperation"].copy()
    if points.varies("group_size"):
        raise ValueError("group_size can vary only for a homogeneous scenario (closed forms)")
    reward, temptation = full_cooperation_payoffs(points)
    return (reward - temptation).min(axis=1)


def _margin_at_levels(scenario: Scenario, points: Points, levels: Points) -> np.ndarray:
    """:func:`full_cooperation_margin` of each point at each level, ``(V, L)``."""
    other = sorted(set(levels.columns) - set(KINDS))
    if other:
        raise ValueError(f"levels may set intervention kinds {list(KINDS)} only, got {other}")
    if scenario.is_homogeneous or points.varies("group_size"):   # the crossed points
        crossed = {name: np.repeat(column, levels.size, axis=0)
                   for name, column in points.columns.items()}
        crossed |= {kind: np.tile(levels.columns[kind], points.size) for kind in KINDS}
        margin = full_cooperation_margin(scenario, Points(scenario, crossed,
                                                          points.size * levels.size))
        return margin.reshape(points.size, levels.size)
    reward, temptation = full_cooperation_payoffs(points, levels)
    return (reward - temptation).min(axis=2)


@dataclass(frozen=True)
class CriticalAuthority:
    """Authority levels at which full cooperation is an equilibrium.

    Attributes
    ----------
    intervals : tuple of (float, float)
        Closed intervals of :math:`v_{auth} \\in [0, 1]` where it is.
    lowest : float or None
        The critical authority: the smallest such level (None if there is none).
    highest : float or None
        The largest such level; above it over-intervention breaks cooperation.
    """

    intervals: tuple[tuple[float, float], ...]
    lowest: float | None
    highest: float | None


def critical_authority(scenario: Scenario, intervention: Intervention | None = None,
                       resolution: int = 4001) -> CriticalAuthority:
    """Where full cooperation of a homogeneous scenario is an equilibrium, as a function of
    the authority level, the other intervention kinds held at ``intervention``.

    The margin is evaluated on a grid of ``resolution`` levels and every sign change is
    refined with Brent's method to machine precision.

    Examples
    --------
    Without token compliance, the symmetric group with unified standards at 0.2 needs a
    little authority, and too much breaks cooperation again; with token compliance, complying
    on paper pays more than cooperating at every level, so there is no window:

    >>> from ica_model.cases import symmetric
    >>> standards = Intervention(standards=0.2)
    >>> result = critical_authority(symmetric(token_compliance=False), standards)
    >>> round(result.lowest, 3), round(result.highest, 3)
    (0.031, 0.681)
    >>> critical_authority(symmetric(), standards).intervals
    ()
    """
    base = check_intervention(intervention)

    def margin(level: np.ndarray) -> np.ndarray:
        levels = {kind: getattr(base, kind) for kind in KINDS} | {"authority": level}
        return full_cooperation_margin(scenario, levels)

    found = sign_intervals(margin, 0.0, 1.0, resolution, xtol=1e-14)
    return CriticalAuthority(found.nonnegative, found.lowest, found.highest)


def critical_authority_roots(scenario: Scenario, intervention: Intervention | None = None,
                             deviation: str = "D") -> list[sp.Expr]:
    """Exact roots in :math:`v_{auth}` of one margin, every other parameter at its value.

    The margin is a polynomial in :math:`v_{auth}` when the exponents :math:`\\gamma`
    and :math:`\\mu` are integers; its real roots in [0, 1] are isolated exactly (sympy's
    ``real_roots``: rationals, radicals or ``CRootOf`` objects, each a certified algebraic
    number; ``float(root)`` evaluates it). The parameter values are taken as the rationals
    nearest their decimal digits (``nsimplify``), irrational constants (a power with a
    non-integer exponent) as the rationals nearest their first 30 digits.

    Examples
    --------
    The symmetric group with unified standards at 0.5: :math:`M_D \\ge 0` below its root,
    :math:`M_T \\ge 0` below its root, the smaller one: the token margin binds (the numerical
    window of :func:`critical_authority` agrees):

    >>> from ica_model.cases import symmetric
    >>> standards = Intervention(standards=0.5)
    >>> [round(float(r), 6) for r in critical_authority_roots(symmetric(), standards, deviation="D")]
    [0.854257]
    >>> [round(float(r), 6) for r in critical_authority_roots(symmetric(), standards, deviation="T")]
    [0.196645]
    >>> critical = critical_authority(symmetric(), standards)    # both margins >= 0
    >>> round(critical.lowest, 6), round(critical.highest, 6)
    (0.0, 0.196645)
    """
    check_scenario(scenario)
    margins = cooperation_margins(scenario.terms, scenario.network_exponent,
                                  scenario.token.enabled)
    if not isinstance(deviation, str) or deviation not in margins:
        raise ValueError(f"deviation must be one of {sorted(margins)}, got {deviation!r}")
    values = _homogeneous_values(scenario, intervention)
    x = symbols()
    fixed = {x[name]: sp.nsimplify(value) for name, value in values.items()
             if name != "authority" and name in x}
    level = sp.Symbol("authority", real=True)
    expr = margins[deviation].subs(fixed).subs(x["authority"], level)
    if not expr.is_polynomial(level):
        raise ValueError("the margin is not a polynomial in the authority level (the autonomy "
                         "exponent and the innovation crowding must be integers); use "
                         "critical_authority for its roots")
    numerator = sp.Poly(sp.together(expr).as_numer_denom()[0], level)
    # irrational constants (e.g. 8**0.579) become the rationals nearest their 30 digits
    polynomial = sp.Poly([sp.nsimplify(sp.N(c, 30), rational=True) for c in numerator.all_coeffs()],
                         level, domain="QQ")
    return [root for root in polynomial.real_roots() if 0 <= root <= 1]


def critical_group_size(scenario: Scenario, intervention: Intervention | None = None,
                        n_max: int = 100_000) -> int | None:
    """The largest group size :math:`n \\le` ``n_max`` at which full cooperation of the
    homogeneous scenario is an equilibrium (None if none from 2 up).

    The margin is evaluated for every integer :math:`n` at once.

    Examples
    --------
    Unified standards at 0.5 let a larger symmetric group cooperate than no intervention:

    >>> from ica_model.cases import symmetric
    >>> critical_group_size(symmetric()), critical_group_size(symmetric(), Intervention(standards=0.5))
    (6, 11)
    """
    check_scenario(scenario)
    base = check_intervention(intervention)
    # per size: its parameter columns and the margin's temporaries
    sizes = np.arange(2, check_size("n_max", n_max, 1024, low=2) + 1)
    levels = {kind: getattr(base, kind) for kind in KINDS}
    feasible = full_cooperation_margin(scenario, levels | {"group_size": sizes}) >= 0
    return int(sizes[feasible].max()) if feasible.any() else None


def _homogeneous_values(scenario: Scenario, intervention: Intervention | None) -> dict[str, Any]:
    if not scenario.is_homogeneous:
        raise ValueError(f"closed forms need a homogeneous scenario; {scenario.name!r} is not")
    check_intervention(intervention)
    return homogeneous_values(scenario, intervention)


@dataclass(frozen=True)
class ComparativeStatic:
    """Sign of the effect of one parameter.

    Attributes
    ----------
    parameter : str
        Symbol name.
    derivative : sympy expression
        :math:`\\partial M / \\partial x` of the binding margin.
    at_scenario : float
        Its value at the scenario.
    sign : str
        ``"+"``, ``"-"``, ``"0"`` or ``"+/-"`` over the admissible parameter box.
    proved : bool
        True if sympy proved the sign from the symbols' assumptions; otherwise the sign
        was found on seeded random draws over the box (see :func:`comparative_statics`).
    critical_authority_sign : str
        Implied sign of :math:`dv^*_{auth}/dx = -M_x / M_v` where the margin rises with
        authority (at the critical authority).
    critical_group_size_sign : str
        Implied sign of :math:`dn^*/dx = -M_x / M_n` where the margin falls with
        :math:`n` (at the critical group size).
    """

    parameter: str
    derivative: sp.Expr
    at_scenario: float
    sign: str
    proved: bool
    critical_authority_sign: str
    critical_group_size_sign: str


_FLIP = {"+": "-", "-": "+", "0": "0", "+/-": "+/-"}
#: Parameters whose comparative statics are reported: the costs, risks, intervention kinds
#: and effects, the institutional design and the group's heterogeneity (the group size has
#: its own critical value, :func:`critical_group_size`).
STATICS_PARAMETERS = tuple(
    entry.symbol for entry in parameters_with_role(Role.COST, Role.RISK, Role.KIND, Role.EFFECT,
                                                   Role.DESIGN, Role.GROUP)
    if entry.symbol != "group_size")


def _box_draws(name: str, draws: int, generator: np.random.Generator) -> np.ndarray:
    """Draws of a parameter over its admissible box: its domain, unbounded ends cut at 2
    (a positive lower end at 0.01); the group size over 2..50."""
    entry = schema_entry(name)
    low = entry.domain.low
    assert low is not None  # every parameter drawn here (STATICS_PARAMETERS, n) has one
    if entry.domain.integer:
        return generator.integers(int(low), 51, draws).astype(float)
    if entry.domain.high is not None:
        return generator.uniform(low, entry.domain.high, draws)
    return generator.uniform(0.01 if entry.domain.low_open else low, 2, draws)


def comparative_statics(scenario: Scenario, intervention: Intervention | None = None,
                        deviation: str = "D", draws: int = 4000, rng: Any = 0
                        ) -> dict[str, ComparativeStatic]:
    """Signs of the derivatives of a full-cooperation margin and of the critical values.

    For each parameter :math:`x`, sympy differentiates the margin :math:`M`. Its sign is
    first sought from the symbols' assumptions; failing a proof, :math:`\\partial M/\\partial x`
    is evaluated on ``draws`` seeded random points of the admissible box (unit
    parameters in [0, 1], other non-negative parameters in [0, 2], :math:`n` in 2..50,
    exponents at the scenario's values). The critical authority moves with
    :math:`-\\operatorname{sign} M_x` and the critical group size with
    :math:`\\operatorname{sign} M_x`.

    Examples
    --------
    >>> from ica_model.cases import symmetric
    >>> statics = comparative_statics(symmetric(token_compliance=False))
    >>> statics["negotiation_cost"].sign, statics["negotiation_cost"].critical_group_size_sign
    ('-', '-')
    """
    check_scenario(scenario)
    # a draw holds one value per free symbol and the derivative's temporaries (<= 64 floats)
    draws = check_size("draws", draws, bytes_each=8 * 64, low=1)
    margins = cooperation_margins(scenario.terms, scenario.network_exponent,
                                  scenario.token.enabled)
    if not isinstance(deviation, str) or deviation not in margins:
        raise ValueError(f"deviation must be one of {sorted(margins)}, got {deviation!r}")
    x = symbols()
    values = _homogeneous_values(scenario, intervention)
    shapes = [entry.symbol for entry in parameters_with_role(Role.SHAPE) if entry.symbolic]
    margin = margins[deviation].subs({x[e]: sp.nsimplify(values[e]) for e in shapes})
    generator = generator_of(rng)
    free = sorted({str(s) for s in margin.free_symbols})
    box = {name: _box_draws(name, draws, generator) for name in free}
    results = {}
    for name in STATICS_PARAMETERS:
        derivative = sp.diff(margin, x[name])
        function = to_numpy([x[s] for s in free], derivative)
        at_scenario = float(function(*(values[s] for s in free)))
        proved = True
        if derivative == 0:
            sign = "0"
        elif derivative.is_nonnegative:
            sign = "+"
        elif derivative.is_nonpositive:
            sign = "-"
        else:
            proved = False
            sampled = np.broadcast_to(np.asarray(function(*(box[s] for s in free)), float),
                                      (draws,))
            tol = 1e-12
            positive, negative = (sampled > tol).any(), (sampled < -tol).any()
            sign = "+/-" if positive and negative else "+" if positive else "-" if negative else "0"
        results[name] = ComparativeStatic(name, derivative, at_scenario, sign, proved,
                                          _FLIP[sign], sign)
    return results


@checked_model_inputs
@lru_cache(maxsize=16)
def critical_discount_factor_expressions(terms: Terms = Terms(),  # noqa: B008
                                         network_exponent: int = 1,
                                         token_compliance: bool = True) -> dict[str, sp.Expr]:
    """Closed-form grim-trigger thresholds of the homogeneous game, one per deviation.

    With universal defection as the punishment,
    :math:`\\delta^*_D = (U_D(n-1) - U_C(n)) / (U_D(n-1) - U_D(0))` and likewise for a
    deviation to T; the threshold is the largest of them (and 0 when no deviation
    tempts). Valid where universal defection is a stage equilibrium.

    Examples
    --------
    >>> sorted(critical_discount_factor_expressions(Terms(), 1, False))
    ['D']
    """
    x = symbols()
    expressions = homogeneous_expressions(terms, network_exponent)
    n = x["group_size"]
    reward = expressions["C"].subs({x["cooperators"]: n,
                                                      x["token_compliers"]: 0})
    punishment = expressions["D"].subs({x["cooperators"]: 0, x["token_compliers"]: 0})
    deviations = {"D": expressions["D"].subs({x["cooperators"]: n - 1, x["token_compliers"]: 0})}
    if token_compliance:
        deviations["T"] = expressions["T"].subs({x["cooperators"]: n - 1, x["token_compliers"]: 1})
    return {k: (t - reward) / (t - punishment) for k, t in deviations.items()}
