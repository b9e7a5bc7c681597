r"""The symbolic payoff model: the single source of truth for every payoff in the library.

Payoffs of a local government :math:`i` are sympy expressions in its own attributes, the
aggregates of the action profile and the scenario's parameters. Numeric code never
re-implements them: it calls the functions that :func:`payoff_model` lambdifies once
per set of switched-on terms and caches.

Aggregates of a profile
-----------------------
:math:`S` is the set of cooperators, :math:`m = |S|`, :math:`m_T` the number of token
compliers, :math:`n` the group size, :math:`H = H(S) \in [0, 1]` the heterogeneity of
the cooperators' preferences (twice their mean absolute deviation, so that 1 means an
even split at the two extremes, 0 when they agree or :math:`m \le 1`), and
:math:`\bar b_S, \bar k_S, \bar s_S, \bar g_S` the cooperators' mean attributes.

Risks
-----
.. math::

    p = p_0 H (1 - e_{ca} v_{auth})(1 - e_{ci} v_{info}), \qquad
    q = q_0 (1 - \rho)(1 - e_q v_{auth}).

:math:`p \in [0, p_0]` because every factor lies in [0, 1] (validated), so no clipping
is needed.

Expected output over random defections
--------------------------------------
Every committed cooperator other than the payee delivers independently with
probability :math:`d = 1 - q`. With :math:`J \sim \mathrm{Binomial}(N, d)` delivering
partners and a base :math:`a` of sure participation, the output
:math:`G(x) = (x/n)^\alpha` has the exact expectation (integer :math:`\alpha`)

.. math::

    E[G] = n^{-\alpha} \sum_{k=0}^{\alpha} \binom{\alpha}{k} a^{\alpha-k}\, E[J^k],
    \qquad E[J^k] = \sum_{j=0}^{k} S(k, j)\, N^{\underline{j}}\, d^{j},

with Stirling numbers of the second kind :math:`S(k, j)` and falling factorials
:math:`N^{\underline{j}}`: a polynomial in :math:`N`, so it stays exact for a symbolic
group size. A cooperator has :math:`a = 1 + \omega_T m_T` (it delivers itself) and
:math:`N = m - 1`; a defector or token complier has :math:`a = \omega_T m_T`, :math:`N = m`.

Payoffs
-------
.. math::

    \tilde U_C(b, k, s, g) &= ((1-\eta) b + \eta \bar b_S)(1 - p) E[G_C]
        + s (1 + \varphi v_{info}) + g (1 - v_{auth})^{\mu} + \sigma v_{incent} \\
        &\quad - c_{info}(1 - e_{info} v_{info})(1 - k/2)
        - c_{neg}(m-1)^{\beta}(1 + H)(1 - e_{neg} v_{auth})
        - c_{enf}(1-\rho)(1 - e_{enf} v_{auth}) - c_{auto} v_{auth}^{\gamma}, \\
    U_C &= \tilde U_C(b_i, k_i, s_i, g_i)
        + \tau\,[\tilde U_C(\bar b_S, \bar k_S, \bar s_S, \bar g_S)
        - \tilde U_C(b_i, k_i, s_i, g_i)], \\
    U_D &= \theta b_i (1 - p) E[G_D] - \pi F v_{auth}, \\
    U_T &= \theta_T b_i (1 - p) E[G_T] + s_T s_i v_{auth} - c_{auto} v_{auth}^{\gamma}
        - t\,[c_{info}(\dots) + c_{enf}(\dots)].

Because :math:`\tilde U_C` is affine in :math:`(b, k, s, g)`, the cooperators' mean of
:math:`\tilde U_C` is :math:`\tilde U_C` at their mean attributes, so the compensation
transfers sum to zero over :math:`S` (budget balance).

Seeds: 刘露露, 《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"的政务观测》
(costs, risks, intervention kinds, 躺平, 补偿机制); 钟伟军, 《地方政府的分散创新与中央主导下的
创新整合——长三角政务服务"一网通办"的实践路径》 (the balance point of central integration).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import sympy as sp

from .._lambdify import to_numpy
from .._validation import check_bool, check_callable, check_int, to_sympy
from ..runtime import codecache as _compiled
from .parameters import (
    KINDS,
    SCHEMA,
    Intervention,
    Role,
    Scenario,
    Terms,
    check_intervention,
    check_scenario,
)

__all__ = [
    "ACTIONS",
    "ATTRIBUTES",
    "AUTHORITY_SYMBOLS",
    "PayoffModel",
    "authority_objective",
    "coalition_aggregates",
    "coalition_heterogeneity",
    "coalition_means",
    "expected_output",
    "homogeneous_expressions",
    "payoff_model",
    "scenario_values",
    "symbols",
]

ACTIONS = ("C", "D", "T")

#: Actor attributes that enter the payoffs through the cooperators' means.
ATTRIBUTES = tuple(entry.symbol for entry in SCHEMA if entry.aggregate == "mean")


def coalition_aggregates(totals: Mapping[str, Any], cooperators: Any, preference_total: Any,
                         preference_spread: Callable[[Any], Any],
                         where: Callable[[Any, Any, Any], Any], maximum: Callable[[Any, Any], Any]
                         ) -> dict[str, Any]:
    r"""The coalition's aggregates the payoffs read: the cooperators' mean of each of
    :data:`ATTRIBUTES` and their heterogeneity, defined once for any backend.

    .. math::

        \bar x(S) = \frac{\sum_{i \in S} x_i}{\max(|S|, 1)}, \qquad
        H(S) = \begin{cases} \frac{2}{|S|} \sum_{i \in S} |p_i - \bar p(S)| & |S| > 1 \\
        0 & \text{otherwise} \end{cases}

    (twice the mean absolute deviation of the cooperators' preferences :math:`p`). The mean
    demand of an empty coalition is 1: it never enters a payoff (nobody cooperates), and 1
    keeps it a valid value of its positive symbol.

    The numeric state payoffs (:mod:`ica_model.model.payoffs`, numpy arrays over points
    and every coalition, through its two halves :func:`coalition_means` and
    :func:`coalition_heterogeneity`) and the tripartite game
    (:mod:`ica_model.analysis.tripartite`, exact sympy rationals) both call this
    definition with their own arithmetic.

    Parameters
    ----------
    totals : mapping
        :math:`\sum_{i \in S} x_i` for each name of :data:`ATTRIBUTES`.
    cooperators : int or array
        :math:`|S|`.
    preference_total : number or array
        :math:`\sum_{i \in S} p_i`.
    preference_spread : callable
        ``preference_spread(centre)``: :math:`\sum_{i \in S} |p_i - c|`.
    where, maximum : callable
        The backend's ``where(condition, a, b)`` and ``maximum(a, b)``.

    Returns
    -------
    dict
        ``mean_<name>`` for each name of ``totals`` and ``heterogeneity``.

    Examples
    --------
    Three cooperators with preferences 0.2, 0.4 and 0.9, in exact arithmetic:

    >>> import sympy as sp
    >>> p = [sp.Rational(1, 5), sp.Rational(2, 5), sp.Rational(9, 10)]
    >>> out = coalition_aggregates(
    ...     {"capacity": sp.Integer(2)}, 3, sum(p), lambda c: sum(abs(x - c) for x in p),
    ...     lambda c, a, b: a if c else b, max)
    >>> out["mean_capacity"], out["heterogeneity"]
    (2/3, 8/15)
    """
    return (coalition_means(totals, cooperators, where, maximum)
            | {"heterogeneity": coalition_heterogeneity(cooperators, preference_total,
                                                        preference_spread, where, maximum)})


def coalition_means(totals: Mapping[str, Any], cooperators: Any,
                    where: Callable[[Any, Any, Any], Any], maximum: Callable[[Any, Any], Any]
                    ) -> dict[str, Any]:
    r"""The cooperators' means :math:`\bar x(S)` of :func:`coalition_aggregates` alone
    (``mean_<name>`` for each name of ``totals``), for a backend that needs no
    heterogeneity or computes the means one attribute at a time."""
    _check_backend(where, maximum)
    if not isinstance(totals, Mapping) or not all(isinstance(name, str) for name in totals):
        raise TypeError(f"totals must map attribute names to sums, got {totals!r}")
    divisor = maximum(cooperators, 1)
    means = {f"mean_{name}": total / divisor for name, total in totals.items()}
    if "mean_demand" in means:
        means["mean_demand"] = where(cooperators > 0, means["mean_demand"], 1)
    return means


def coalition_heterogeneity(cooperators: Any, preference_total: Any,
                            preference_spread: Callable[[Any], Any],
                            where: Callable[[Any, Any, Any], Any],
                            maximum: Callable[[Any, Any], Any]) -> Any:
    r""":math:`H(S)` of :func:`coalition_aggregates` alone."""
    _check_backend(where, maximum)
    check_callable("preference_spread", preference_spread, "centre -> sum of |p_i - centre|")
    divisor = maximum(cooperators, 1)
    spread = preference_spread(preference_total / divisor)
    return where(cooperators > 1, 2 * spread / divisor, 0)


def _check_backend(where: Any, maximum: Any) -> None:
    """The backend's operations are callables (its numbers are its own: numpy arrays or
    sympy expressions, used as given; the entry points that call these check theirs)."""
    check_callable("where", where, "where(condition, a, b)")
    check_callable("maximum", maximum, "maximum(a, b)")


#: Symbols of a profile's aggregates (not parameters): counts of actions.
STATE_SYMBOLS = ("cooperators", "token_compliers")


def _symbol_table() -> dict[str, sp.Symbol]:
    """One sympy symbol per parameter of the schema that enters the payoffs, with the
    assumptions its domain implies, plus the profile aggregates: the action counts and the
    cooperators' mean of every mean-aggregated actor attribute."""
    table = {entry.symbol: sp.Symbol(entry.symbol, **entry.domain.assumptions)
             for entry in SCHEMA if entry.symbolic and entry.role is not Role.AUTHORITY}
    table |= {name: sp.Symbol(name, nonnegative=True) for name in STATE_SYMBOLS}
    table |= {f"mean_{entry.symbol}": sp.Symbol(f"mean_{entry.symbol}", **entry.domain.assumptions)
              for entry in SCHEMA if entry.aggregate == "mean"}
    return table


_SYMBOLS = _symbol_table()

#: The domain of a network exponent (a scenario's, checked the same way here).
_NETWORK_EXPONENT = next(entry.domain for entry in SCHEMA if entry.symbol == "network_exponent")


def symbols() -> dict[str, sp.Symbol]:
    """All symbols of the model by name (a fresh dict; the symbols themselves are shared).

    Examples
    --------
    >>> symbols()["negotiation_cost"].is_nonnegative
    True
    """
    return dict(_SYMBOLS)


def expected_output(base: sp.Expr, partners: sp.Expr, deliver: sp.Expr, group_size: sp.Expr,
                    exponent: int) -> sp.Expr:
    r"""Exact :math:`E[((a + J)/n)^\alpha]` for :math:`J \sim \mathrm{Binomial}(N, d)`.

    Parameters
    ----------
    base : sympy expression
        :math:`a`, participation that is delivered for sure.
    partners : sympy expression
        :math:`N`, committed partners who each deliver with probability ``deliver``.
    deliver : sympy expression
        :math:`d \in [0, 1]`.
    group_size : sympy expression
        :math:`n`.
    exponent : int
        :math:`\alpha \ge 1`.

    Returns
    -------
    sympy expression
        A polynomial in ``partners`` (see the module docstring).

    Examples
    --------
    >>> a, N, d, n = sp.symbols("a N d n")
    >>> sp.expand(expected_output(a, N, d, n, 1) * n)
    N*d + a
    >>> sp.factor(expected_output(0, 2, sp.Rational(1, 2), 1, 2))  # E[J^2], J ~ Bin(2, 1/2)
    3/2
    """
    base, partners, deliver, group_size = (to_sympy(name, value) for name, value in [
        ("base", base), ("partners", partners), ("deliver", deliver),
        ("group_size", group_size)])
    for name, value, low, high in [("base", base, 0, None), ("partners", partners, 0, None),
                                   ("deliver", deliver, 0, 1), ("group_size", group_size, 0, None)]:
        if not isinstance(value, sp.Expr) or value.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.I) or (
                value.is_number and (value < low or (high is not None and value > high)
                                     or (name == "group_size" and value == 0))):
            raise ValueError(f"{name} must be a finite real sympy expression (a number in "
                             f"[{low}, {'inf' if high is None else high}], a group_size > 0), got {value!r}")
    exponent = check_int("exponent", exponent, 1, 64)   # O(exponent**2) terms
    moments = []
    for k in range(exponent + 1):
        moment = sum(
            (sp.functions.combinatorial.numbers.stirling(k, j)
             * sp.prod([partners - r for r in range(j)]) * deliver**j)
            for j in range(k + 1)
        )
        moments.append(moment)
    total = sum(sp.binomial(exponent, k) * base ** (exponent - k) * moments[k]
                for k in range(exponent + 1))
    return total / group_size**exponent


#: Which expected output each action's payoff is linear in.
OUTPUT_OF = {"C": "cooperator", "D": "other", "T": "other"}


@dataclass(frozen=True)
class PayoffModel:
    """Payoff expressions of the three actions and their lambdified numeric twins.

    Build it with :func:`payoff_model` (cached); do not construct it directly.

    Every payoff is affine in the expected collective output its action enjoys,
    :math:`U_a = c_a \\cdot E[G_a] + r_a`, and only :math:`E[G_a]` depends on the number
    of token compliers. The parts are kept too, so that a state's payoffs can be assembled
    from per-coalition parts and per-count outputs
    (:func:`ica_model.model.payoffs.state_payoffs`).

    Attributes
    ----------
    terms : Terms
        The switched-on terms.
    network_exponent : int
        :math:`\\alpha`.
    expressions : dict
        Action (``"C"``, ``"D"``, ``"T"``) to sympy expression.
    arguments : tuple of str
        Names of the symbols each numeric function takes, in order.
    functions : dict
        Action to the lambdified payoff.
    outputs : dict
        ``"cooperator"`` and ``"other"`` to :math:`E[G]` (sympy).
    coefficients, remainders : dict
        Action to :math:`c_a` and :math:`r_a` (sympy).
    part_functions : dict
        ``("output", kind)``, ``("coefficient", action)`` and ``("remainder", action)`` to
        a lambdified function of its own free symbols, with those symbols' names.
    """

    terms: Terms
    network_exponent: int
    arguments: tuple[str, ...]
    functions: Mapping[str, Callable[..., np.ndarray]]
    part_functions: Mapping[tuple[str, str], tuple[tuple[str, ...], Callable[..., np.ndarray]]]

    # The sympy expressions are derived when first asked for: the numeric functions may
    # come from the disk cache (ica_model.runtime.codecache) without them.
    @cached_property
    def expressions(self) -> Mapping[str, sp.Expr]:
        return _symbolic_parts(self.terms, self.network_exponent)["expressions"]

    @cached_property
    def outputs(self) -> Mapping[str, sp.Expr]:
        return _symbolic_parts(self.terms, self.network_exponent)["outputs"]

    @cached_property
    def coefficients(self) -> Mapping[str, sp.Expr]:
        return _symbolic_parts(self.terms, self.network_exponent)["coefficients"]

    @cached_property
    def remainders(self) -> Mapping[str, sp.Expr]:
        return _symbolic_parts(self.terms, self.network_exponent)["remainders"]

    def evaluate(self, action: str, values: Mapping[str, object]) -> np.ndarray:
        """Numeric payoff of ``action`` at ``values`` (name to scalar or array; broadcast).

        Raises
        ------
        ValueError
            If ``action`` is unknown or a needed value is missing.
        """
        if action not in self.functions:
            raise ValueError(f"action must be one of {ACTIONS}, got {action!r}")
        return self._call(self.arguments, self.functions[action], values)

    def evaluate_part(self, part: str, key: str, values: Mapping[str, object]) -> np.ndarray:
        """One part of the payoffs: ``("output", "cooperator" | "other")``,
        ``("coefficient", action)`` or ``("remainder", action)``."""
        names, function = self.part_functions[(part, key)]
        return self._call(names, function, values)

    @staticmethod
    def _call(names: tuple[str, ...], function: Callable[..., np.ndarray],
              values: Mapping[str, object]) -> np.ndarray:
        missing = [name for name in names if name not in values]
        if missing:
            raise ValueError(f"values is missing {missing}")
        return np.asarray(function(*(values[name] for name in names)), dtype=float)


def _levels(terms: Terms) -> dict[str, sp.Expr]:
    """Each intervention kind's level, 0 where its term is switched off."""
    return {kind: _SYMBOLS[kind] if getattr(terms, kind) else sp.Integer(0) for kind in KINDS}


def _defection(terms: Terms) -> sp.Expr:
    """:math:`q`: the chance that a committed partner reneges."""
    x, v = _SYMBOLS, _levels(terms)
    if not terms.defection_risk:
        return sp.Integer(0)
    return (x["defection_risk"] * (1 - x["agreement_hardness"])
            * (1 - x["authority_on_defection"] * v["authority"])
            * (1 - x["standards_on_defection"] * v["standards"]))


def _build_outputs(terms: Terms, exponent: int) -> dict[str, sp.Expr]:
    """:math:`E[G]` of a cooperator and of anyone else (defector or token complier)."""
    x = _SYMBOLS
    deliver = 1 - _defection(terms)
    m, m_t, n, weight = x["cooperators"], x["token_compliers"], x["group_size"], x["token_weight"]
    return {"cooperator": expected_output(1 + weight * m_t, m - 1, deliver, n, exponent),
            "other": expected_output(weight * m_t, m, deliver, n, exponent)}


def _build_expressions(terms: Terms, exponent: int, outputs: Mapping[str, sp.Expr] | None = None,
                       identical: bool = False) -> dict[str, sp.Expr]:
    """The payoff of each action; with ``outputs``, those expressions stand for the
    expected outputs :math:`E[G]` of a cooperator and of the others. ``identical``: the
    form for identical actors (the cooperators' means are the actor's own attributes, so
    the pilots' set-up terms need no count of pilots).

    Why one long function: it is the payoff model written out, term by term in the order
    of the reference model (the single source the numeric code is generated from); each
    term reads the same local symbols, and split into functions the formulas a reader
    checks against the papers would be spread over several places."""
    x = _SYMBOLS
    v = _levels(terms)
    v_auth, v_incent, v_info, v_std = v["authority"], v["incentive"], v["information"], \
        v["standards"]
    rho = x["agreement_hardness"]
    m, heterogeneity = x["cooperators"], x["heterogeneity"]
    outside = x["national_integration"] if terms.outside_options else sp.Integer(0)

    p = sp.Integer(0)
    if terms.coordination_risk:
        inside = (x["coordination_risk"] * heterogeneity
                  * (1 - x["authority_on_coordination"] * v_auth)
                  * (1 - x["standards_on_coordination"] * v_std)
                  * (1 - x["information_on_coordination"] * v_info))
        # outside options take a share xi*O of the remaining reliability: p stays in [0, 1]
        p = inside + x["outside_on_coordination"] * outside * inside * (1 - inside)
    if outputs is None:
        outputs = _build_outputs(terms, exponent)
    # the group's own output, net of what a higher-level platform delivers to everyone
    worth = (1 - p) * (1 - x["platform_substitution"] * outside)

    def information(capacity: sp.Expr) -> sp.Expr:
        if not terms.information_cost:
            return sp.Integer(0)
        return (x["information_cost"] * (1 - x["information_on_information_cost"] * v_info)
                * (1 - capacity / 2))

    negotiation = (x["negotiation_cost"] * (m - 1) ** x["negotiation_exponent"]
                   * (1 + heterogeneity) * (1 - x["authority_on_negotiation"] * v_auth)
                   * (1 - x["standards_on_negotiation"] * v_std)
                   * (1 + x["outside_on_negotiation"] * outside)
                   if terms.negotiation_cost else 0)
    enforcement = (x["enforcement_cost"] * (1 - rho) * (1 - x["authority_on_enforcement"] * v_auth)
                   * (1 - x["standards_on_enforcement"] * v_std)
                   if terms.enforcement_cost else 0)
    autonomy = (x["autonomy_cost"] * (v_auth ** x["autonomy_exponent"]
                                      + x["standards_autonomy"] * v_std ** x["autonomy_exponent"])
                if terms.autonomy_cost else 0)
    list_credit = x["token_credit"] * v_auth

    def pilot_terms(pilot: sp.Expr) -> sp.Expr:
        """Set-up cost, transfers between joiners and pilots, and support to pilots."""
        if not terms.pilot_costs:
            return sp.Integer(0)
        cost, saving = x["setup_cost"], x["joiner_saving"]
        if identical:   # all pilots or none: each pays the whole cost, no transfer
            return x["pilot_support"] * v_incent * pilot - cost
        pilots = m * x["mean_pilot"]                         # cooperating pilots
        built = sp.Min(1, pilots)                            # a pilot has built the connection
        transfer = x["pilot_compensation"] * saving * cost * (
            pilot * (m - pilots) / sp.Max(pilots, 1) - (1 - pilot) * built)
        return (x["pilot_support"] * v_incent * pilot + transfer
                - cost * (pilot + (1 - pilot) * (1 - saving * built)))

    def cooperator_before_transfers(demand_share, capacity, selective, innovation, pilot):
        return (demand_share * worth * outputs["cooperator"]
                + selective * (1 + x["signal_boost"] * v_info)
                + (selective * list_credit if terms.list_credit else 0)
                + innovation * (1 - v_auth) ** x["innovation_crowding"]
                + x["incentive_subsidy"] * v_incent + pilot_terms(pilot)
                - (information(capacity) + negotiation + enforcement + autonomy))

    eta, tau = x["sharing"], x["compensation"]
    own = cooperator_before_transfers((1 - eta) * x["demand"] + eta * x["mean_demand"],
                                      x["capacity"], x["selective_benefit"],
                                      x["innovation_value"], x["pilot"])
    mean = cooperator_before_transfers(x["mean_demand"], x["mean_capacity"],
                                       x["mean_selective_benefit"], x["mean_innovation_value"],
                                       x["mean_pilot"])
    spillover = x["spillover"] if terms.distribution_risk else 0
    token_spillover = x["token_spillover"] if terms.distribution_risk else 0
    share = x["token_autonomy_share"] if terms.token_discretion else 1
    # inspection and informational supervision detect paper compliance independently
    detected = ((1 - (1 - x["detection"]) * (1 - x["detection_by_information"] * v_info))
                * x["detected_sanction"] * v_auth if terms.paper_compliance_detection else 0)
    return {
        "C": own + tau * (mean - own),
        "D": spillover * x["demand"] * worth * outputs["other"] - x["expected_penalty"] * v_auth,
        "T": (token_spillover * x["demand"] * worth * outputs["other"]
              + x["selective_benefit"] * list_credit - share * autonomy - detected
              - x["token_cost_share"] * (information(x["capacity"]) + enforcement)),
    }


def checked_model_inputs(function: Callable[..., Any]) -> Any:
    """Check ``terms``, ``network_exponent`` (the domain of a scenario's, {1, ..., 8}) and
    ``token_compliance`` before the cache below: an unhashable value never reaches
    lru_cache, nor a huge exponent sympy's power (10**9 ran for minutes)."""
    @functools.wraps(function)
    def checked(terms: Terms = Terms(), network_exponent: int = 1,  # noqa: B008
                *args: Any, **kwargs: Any) -> Any:
        if not isinstance(terms, Terms):
            raise TypeError(f"terms must be a Terms, got {terms!r} of type {type(terms).__name__}")
        exponent = _NETWORK_EXPONENT.check("network_exponent", network_exponent)
        if args:
            args = (check_bool("token_compliance", args[0]), *args[1:])
        if "token_compliance" in kwargs:
            kwargs["token_compliance"] = check_bool("token_compliance", kwargs["token_compliance"])
        return function(terms, exponent, *args, **kwargs)

    checked.cache_clear = function.cache_clear  # type: ignore[attr-defined]
    checked.cache_info = function.cache_info  # type: ignore[attr-defined]
    return checked


@checked_model_inputs
@lru_cache(maxsize=64)
def payoff_model(terms: Terms = Terms(), network_exponent: int = 1) -> PayoffModel:  # noqa: B008
    """The payoff expressions for ``terms`` and :math:`\\alpha`, lambdified once and cached.

    Parameters
    ----------
    terms : Terms
        Which cost, risk and intervention terms are switched on.
    network_exponent : int
        :math:`\\alpha \\ge 1`.

    Returns
    -------
    PayoffModel

    Examples
    --------
    >>> model = payoff_model(Terms(), 1)
    >>> sorted(model.expressions)
    ['C', 'D', 'T']
    >>> payoff_model(Terms(), 1) is model   # cached
    True
    """
    if not isinstance(terms, Terms):
        raise TypeError(f"terms must be a Terms, got {terms!r}")
    exponent = int(network_exponent)
    key = cache_key(terms, exponent)
    numeric = _compiled.load(key)
    try:
        if numeric is None:
            raise KeyError(key)
        functions = {action: _compiled.compile_function(record)
                     for action, record in numeric["functions"].items()}
        part_functions = {tuple(part.split(":")): (tuple(names), _compiled.compile_function(record))
                          for part, (names, record) in numeric["parts"].items()}
        arguments = tuple(numeric["arguments"])
    except Exception:                     # any entry that fails to load is regenerated
        arguments, functions, part_functions = _lambdify_parts(terms, exponent, key)
    return PayoffModel(terms, exponent, arguments, functions, part_functions)


#: The modules whose source determines the payoff expressions (part of the cache key).
_MODEL_MODULES = ("ica_model.model.symbolic", "ica_model.model.parameters", "ica_model._lambdify")


def cache_key(terms: Terms, network_exponent: int) -> str:
    """The key of the payoff model's generated functions in the disk cache
    (:mod:`ica_model.runtime.codecache`): the terms, the exponent, the library's version
    and the source of the modules that build the expressions."""
    from .. import __version__

    return _compiled.model_key(__version__, "payoff_model", terms, int(network_exponent),
                               sources=_MODEL_MODULES)


@lru_cache(maxsize=64)
def _symbolic_parts(terms: Terms, network_exponent: int) -> dict[str, Mapping[str, sp.Expr]]:
    """The payoff expressions of ``terms`` and their parts :math:`E[G_a]`, :math:`c_a`,
    :math:`r_a` (see :class:`PayoffModel`)."""
    expressions = _build_expressions(terms, network_exponent)
    placeholders = {kind: sp.Dummy(f"output_{kind}") for kind in ("cooperator", "other")}
    split = _build_expressions(terms, network_exponent, placeholders)
    outputs = {kind: _build_outputs(terms, network_exponent)[kind] for kind in placeholders}
    coefficients, remainders = {}, {}
    for action, expr in split.items():
        output = placeholders[OUTPUT_OF[action]]
        coefficients[action] = sp.diff(expr, output)
        remainders[action] = expr.subs(output, 0)
        if coefficients[action].has(output):  # pragma: no cover - a modelling error
            raise RuntimeError(f"the payoff of {action} is not affine in its expected output")
    return {"expressions": expressions, "outputs": outputs, "coefficients": coefficients,
            "remainders": remainders}


def _lambdify_parts(terms: Terms, network_exponent: int, key: str) -> tuple[Any, Any, Any]:
    """Lambdify the payoffs and their parts, and cache their source under ``key``."""
    symbolic = _symbolic_parts(terms, network_exponent)
    expressions = symbolic["expressions"]
    arguments = tuple(sorted({str(symbol) for expr in expressions.values()
                              for symbol in expr.free_symbols}))
    ordered = [_SYMBOLS[name] for name in arguments]
    functions = {action: to_numpy(ordered, expr, cse=True)
                 for action, expr in expressions.items()}
    parts = {("output", kind): expr for kind, expr in symbolic["outputs"].items()}
    parts |= {("coefficient", action): expr for action, expr in symbolic["coefficients"].items()}
    parts |= {("remainder", action): expr for action, expr in symbolic["remainders"].items()}
    part_functions = {}
    for part, expr in parts.items():
        names = tuple(sorted(str(symbol) for symbol in expr.free_symbols))
        part_functions[part] = (names, to_numpy([_SYMBOLS[name] for name in names], expr,
                                                cse=True))
    records = {action: _compiled.describe_function(f) for action, f in functions.items()}
    part_records = {":".join(part): (names, _compiled.describe_function(f))
                    for part, (names, f) in part_functions.items()}
    if all(records.values()) and all(r for _, r in part_records.values()):
        _compiled.store(key, {"arguments": arguments, "functions": records,
                              "parts": part_records})
    return arguments, functions, part_functions


#: The authority's own weights (not part of a local government's payoff): :math:`\Gamma`,
#: the value it puts on the collective output, and :math:`\kappa_a, \kappa_i`, the
#: marginal cost scales of authoritative and informational effort.
AUTHORITY_SYMBOLS = {entry.symbol: sp.Symbol(entry.symbol, **entry.domain.assumptions)
                     for entry in SCHEMA if entry.role is Role.AUTHORITY}


@checked_model_inputs
@lru_cache(maxsize=16)
def authority_objective(terms: Terms = Terms(), network_exponent: int = 1  # noqa: B008
                        ) -> tuple[sp.Expr, tuple[str, ...], Callable[..., np.ndarray]]:
    r"""The authority's objective beyond the local payoffs, and its numeric twin.

    .. math::

        W(v) = \sum_i U_i + \Gamma\, G(m_{eff}) - K(v), \quad
        G(m_{eff}) = \left(\frac{m + \omega_T m_T}{n}\right)^{\alpha}, \quad
        K(v) = \sum_k \kappa_k v_k^2 + \sigma v_{incent} m ,

    one effort weight :math:`\kappa_k` per intervention kind (the incentive kind's default
    is 0: it costs the subsidy it pays). The expression returned is
    :math:`\Gamma G(m_{eff}) - K(v)`; the sum of the local payoffs is added by the caller
    from :func:`payoff_model`. An intervention kind whose term is switched off costs
    nothing.

    Returns
    -------
    expression : sympy expression
    arguments : tuple of str
        Symbol names the numeric function takes, in order.
    function : callable
        Lambdified expression.

    Examples
    --------
    >>> expression, arguments, function = authority_objective()
    >>> x = symbols() | AUTHORITY_SYMBOLS
    >>> sp.diff(expression, x["incentive"])   # effort, and the subsidy paid to each cooperator
    -cooperators*incentive_subsidy - 2*incentive*incentive_effort
    """
    x = _SYMBOLS | AUTHORITY_SYMBOLS
    level = _levels(terms)
    effective = x["cooperators"] + x["token_weight"] * x["token_compliers"]
    expression = (x["output_weight"] * (effective / x["group_size"]) ** int(network_exponent)
                  - sum(x[f"{kind}_effort"] * level[kind]**2 for kind in KINDS)
                  - x["incentive_subsidy"] * level["incentive"] * x["cooperators"])
    arguments = tuple(sorted(str(s) for s in expression.free_symbols))
    function = to_numpy([x[name] for name in arguments], expression)
    return expression, arguments, function


@checked_model_inputs
@lru_cache(maxsize=16)
def homogeneous_expressions(terms: Terms = Terms(), network_exponent: int = 1  # noqa: B008
                            ) -> dict[str, sp.Expr]:
    """The payoff expressions of identical actors: the cooperators' mean attributes equal
    the actor's own, so distribution and compensation drop out.

    Examples
    --------
    >>> "mean_demand" in {str(s) for s in homogeneous_expressions()["C"].free_symbols}
    False
    """
    same = {_SYMBOLS[f"mean_{name}"]: _SYMBOLS[name] for name in ATTRIBUTES}
    return {action: expr.subs(same) for action, expr in
            _build_expressions(terms, int(network_exponent), identical=True).items()}


def scenario_values(scenario: Scenario, intervention: Intervention) -> dict[str, float]:
    """Scenario-level values of every parameter symbol (not the actor or profile ones): the
    scenario's parameters, its group size, its group heterogeneity if it sets one, and the
    intervention's levels.

    Examples
    --------
    >>> from ica_model.cases import symmetric
    >>> scenario_values(symmetric(), Intervention(authority=0.5))["authority"]
    0.5
    """
    return _scenario_values(check_scenario(scenario), check_intervention(intervention))


def _scenario_values(scenario: Scenario, intervention: Intervention) -> dict[str, float]:
    """:func:`scenario_values` of a checked scenario and intervention."""
    values: dict[str, float] = {"group_size": float(scenario.n)}
    values |= {kind: getattr(intervention, kind) for kind in KINDS}
    for entry in SCENARIO_PARAMETERS:
        value = scenario.value(entry.symbol)
        if value is not None:
            values[entry.symbol] = value
    return values


#: The parameters a scenario holds (neither actors', interventions' nor the authority's),
#: that enter the payoffs as symbols.
SCENARIO_PARAMETERS = tuple(
    entry for entry in SCHEMA if entry.symbolic
    and not entry.path.startswith(("actor.", "intervention.", "preferences.")) and entry.path != "n")
