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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp

from .parameters import Intervention, Scenario, Terms

__all__ = [
    "ACTIONS",
    "ATTRIBUTES",
    "AUTHORITY_SYMBOLS",
    "PayoffModel",
    "authority_objective",
    "expected_output",
    "homogeneous_expressions",
    "payoff_model",
    "scenario_values",
    "symbols",
]

ACTIONS = ("C", "D", "T")

#: Actor attributes that enter the payoffs (and the cooperators' means).
ATTRIBUTES = ("demand", "capacity", "selective_benefit", "innovation_value")


def _symbol_table() -> dict[str, sp.Symbol]:
    positive = ["demand", "mean_demand", "group_size", "negotiation_exponent",
                "innovation_crowding", "autonomy_exponent"]
    nonnegative = [
        "capacity", "selective_benefit", "innovation_value", "mean_capacity",
        "mean_selective_benefit", "mean_innovation_value", "cooperators", "token_compliers",
        "heterogeneity", "authority", "incentive", "information", "information_cost",
        "negotiation_cost", "enforcement_cost", "autonomy_cost", "coordination_risk",
        "defection_risk", "spillover", "authority_on_coordination",
        "information_on_coordination", "authority_on_defection",
        "information_on_information_cost", "authority_on_negotiation",
        "authority_on_enforcement", "signal_boost", "incentive_subsidy", "expected_penalty",
        "token_weight", "token_spillover", "token_credit", "token_cost_share", "sharing",
        "compensation", "agreement_hardness",
    ]
    table = {name: sp.Symbol(name, positive=True) for name in positive}
    table.update({name: sp.Symbol(name, nonnegative=True) for name in nonnegative})
    return table


_SYMBOLS = _symbol_table()


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


@dataclass(frozen=True)
class PayoffModel:
    """Payoff expressions of the three actions and their lambdified numeric twins.

    Build it with :func:`payoff_model` (cached); do not construct it directly.

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
    """

    terms: Terms
    network_exponent: int
    expressions: Mapping[str, sp.Expr]
    arguments: tuple[str, ...]
    functions: Mapping[str, Callable[..., np.ndarray]]

    def evaluate(self, action: str, values: Mapping[str, object]) -> np.ndarray:
        """Numeric payoff of ``action`` at ``values`` (name to scalar or array; broadcast).

        Raises
        ------
        ValueError
            If ``action`` is unknown or a needed value is missing.
        """
        if action not in self.functions:
            raise ValueError(f"action must be one of {ACTIONS}, got {action!r}")
        missing = [name for name in self.arguments if name not in values]
        if missing:
            raise ValueError(f"values is missing {missing}")
        result = self.functions[action](*(values[name] for name in self.arguments))
        return np.asarray(result, dtype=float)


def _build_expressions(terms: Terms, exponent: int) -> dict[str, sp.Expr]:
    x = _SYMBOLS
    v_auth = x["authority"] if terms.authority else sp.Integer(0)
    v_incent = x["incentive"] if terms.incentive else sp.Integer(0)
    v_info = x["information"] if terms.information else sp.Integer(0)
    rho = x["agreement_hardness"]
    m, m_t, n, heterogeneity = (x["cooperators"], x["token_compliers"], x["group_size"],
                                x["heterogeneity"])

    p = (x["coordination_risk"] * heterogeneity * (1 - x["authority_on_coordination"] * v_auth)
         * (1 - x["information_on_coordination"] * v_info)) if terms.coordination_risk else 0
    q = (x["defection_risk"] * (1 - rho) * (1 - x["authority_on_defection"] * v_auth)
         if terms.defection_risk else 0)
    deliver = 1 - q
    weight = x["token_weight"]
    output_cooperator = expected_output(1 + weight * m_t, m - 1, deliver, n, exponent)
    output_other = expected_output(weight * m_t, m, deliver, n, exponent)

    def information(capacity: sp.Expr) -> sp.Expr:
        if not terms.information_cost:
            return sp.Integer(0)
        return (x["information_cost"] * (1 - x["information_on_information_cost"] * v_info)
                * (1 - capacity / 2))

    negotiation = (x["negotiation_cost"] * (m - 1) ** x["negotiation_exponent"]
                   * (1 + heterogeneity) * (1 - x["authority_on_negotiation"] * v_auth)
                   if terms.negotiation_cost else 0)
    enforcement = (x["enforcement_cost"] * (1 - rho) * (1 - x["authority_on_enforcement"] * v_auth)
                   if terms.enforcement_cost else 0)
    autonomy = (x["autonomy_cost"] * v_auth ** x["autonomy_exponent"]
                if terms.autonomy_cost else 0)

    def cooperator_before_transfers(demand_share, capacity, selective, innovation):
        return (demand_share * (1 - p) * output_cooperator
                + selective * (1 + x["signal_boost"] * v_info)
                + innovation * (1 - v_auth) ** x["innovation_crowding"]
                + x["incentive_subsidy"] * v_incent
                - (information(capacity) + negotiation + enforcement + autonomy))

    eta, tau = x["sharing"], x["compensation"]
    own = cooperator_before_transfers((1 - eta) * x["demand"] + eta * x["mean_demand"],
                                      x["capacity"], x["selective_benefit"],
                                      x["innovation_value"])
    mean = cooperator_before_transfers(x["mean_demand"], x["mean_capacity"],
                                       x["mean_selective_benefit"], x["mean_innovation_value"])
    spillover = x["spillover"] if terms.distribution_risk else 0
    token_spillover = x["token_spillover"] if terms.distribution_risk else 0
    penalty = x["expected_penalty"] * v_auth
    return {
        "C": own + tau * (mean - own),
        "D": spillover * x["demand"] * (1 - p) * output_other - penalty,
        "T": (token_spillover * x["demand"] * (1 - p) * output_other
              + x["token_credit"] * x["selective_benefit"] * v_auth - autonomy
              - x["token_cost_share"] * (information(x["capacity"]) + enforcement)),
    }


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
    expressions = _build_expressions(terms, int(network_exponent))
    arguments = tuple(sorted(_SYMBOLS))
    ordered = [_SYMBOLS[name] for name in arguments]
    functions = {action: sp.lambdify(ordered, expr, modules="numpy", cse=True)
                 for action, expr in expressions.items()}
    return PayoffModel(terms, int(network_exponent), expressions, arguments, functions)


#: The authority's own weights (not part of a local government's payoff): :math:`\Gamma`,
#: the value it puts on the collective output, and :math:`\kappa_a, \kappa_i`, the
#: marginal cost scales of authoritative and informational effort.
AUTHORITY_SYMBOLS = {name: sp.Symbol(name, nonnegative=True)
                     for name in ("output_weight", "authority_effort", "information_effort")}


@lru_cache(maxsize=16)
def authority_objective(terms: Terms = Terms(), network_exponent: int = 1  # noqa: B008
                        ) -> tuple[sp.Expr, tuple[str, ...], Callable[..., np.ndarray]]:
    r"""The authority's objective beyond the local payoffs, and its numeric twin.

    .. math::

        W(v) = \sum_i U_i + \Gamma\, G(m_{eff}) - K(v), \quad
        G(m_{eff}) = \left(\frac{m + \omega_T m_T}{n}\right)^{\alpha}, \quad
        K(v) = \kappa_a v_{auth}^2 + \kappa_i v_{info}^2 + \sigma v_{incent} m .

    The expression returned is :math:`\Gamma G(m_{eff}) - K(v)`; the sum of the local
    payoffs is added by the caller from :func:`payoff_model`. An intervention kind whose
    term is switched off costs nothing.

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
    >>> sp.diff(expression, x["incentive"])       # the subsidy paid to each cooperator
    -cooperators*incentive_subsidy
    """
    x = _SYMBOLS | AUTHORITY_SYMBOLS
    v_auth = x["authority"] if terms.authority else 0
    v_incent = x["incentive"] if terms.incentive else 0
    v_info = x["information"] if terms.information else 0
    effective = x["cooperators"] + x["token_weight"] * x["token_compliers"]
    expression = (x["output_weight"] * (effective / x["group_size"]) ** int(network_exponent)
                  - x["authority_effort"] * v_auth**2 - x["information_effort"] * v_info**2
                  - x["incentive_subsidy"] * v_incent * x["cooperators"])
    arguments = tuple(sorted(str(s) for s in expression.free_symbols))
    function = sp.lambdify([x[name] for name in arguments], expression, modules="numpy")
    return expression, arguments, function


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
    return {action: expr.subs(same)
            for action, expr in payoff_model(terms, network_exponent).expressions.items()}


def scenario_values(scenario: Scenario, intervention: Intervention) -> dict[str, float]:
    """Scenario-level values of every parameter symbol (not the actor or profile ones).

    Examples
    --------
    >>> from ica_model.model.cases import symmetric
    >>> scenario_values(symmetric(), Intervention(authority=0.5))["authority"]
    0.5
    """
    costs, risks, effects = scenario.costs, scenario.risks, scenario.effects
    token, distribution = scenario.token, scenario.distribution
    return {
        "group_size": float(scenario.n),
        "authority": intervention.authority,
        "incentive": intervention.incentive,
        "information": intervention.information,
        "information_cost": costs.information,
        "negotiation_cost": costs.negotiation,
        "enforcement_cost": costs.enforcement,
        "autonomy_cost": costs.autonomy,
        "negotiation_exponent": costs.negotiation_exponent,
        "autonomy_exponent": costs.autonomy_exponent,
        "coordination_risk": risks.coordination,
        "defection_risk": risks.defection,
        "spillover": risks.spillover,
        "authority_on_coordination": effects.authority_on_coordination,
        "information_on_coordination": effects.information_on_coordination,
        "authority_on_defection": effects.authority_on_defection,
        "information_on_information_cost": effects.information_on_information_cost,
        "authority_on_negotiation": effects.authority_on_negotiation,
        "authority_on_enforcement": effects.authority_on_enforcement,
        "signal_boost": effects.signal_boost,
        "incentive_subsidy": effects.incentive_subsidy,
        "innovation_crowding": effects.innovation_crowding,
        "expected_penalty": effects.expected_penalty,
        "token_weight": token.participation_weight,
        "token_spillover": token.spillover,
        "token_credit": token.credit,
        "token_cost_share": token.cost_share,
        "sharing": distribution.sharing,
        "compensation": distribution.compensation,
        "agreement_hardness": scenario.agreement_hardness,
    }
