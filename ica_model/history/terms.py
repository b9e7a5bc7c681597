r"""State that carries over from one period to the next: one named, switchable symbolic term each.

Every epoch of the snapshot model is an independent static game. Here a *state* carries over:
each term is a sympy law of motion (the single source; numeric steps are lambdified from it)
and a rule for how the state enters the next stage game. A switched-off term keeps its
variable at its initial value and has no effect on the stage payoffs.

Notation: :math:`c_i = 1` if government :math:`i` cooperated this period, :math:`\bar c` the
share of the group that cooperated, :math:`v` the level of the mandate (the national lists:
the authority level of the period), :math:`e` the weight of this period's events (the rank of
the issuing body), :math:`z` the visibility of the rival region, :math:`u_i = 1` when the
bureau chief of :math:`i` leaves this period.

Per government
--------------
* ``sunk`` -- the connection to the joint service, built once:
  :math:`K' = \max((1-\delta_K) K, c)`; in the stage game a cooperator pays only the
  unbuilt share :math:`1-K` of its set-up (the pilots' set-up is paid once, not per epoch).
* ``resources`` -- self-reinforcing political resources (黄六招、顾丽梅、尚虎平, proposition 4:
  上级政治资源与外部合法性资源不断「自我累进、自我强化」; increasing returns, Pierson 2000):
  :math:`R' = (1-\delta_R) R + \rho\, c\, (1 + R)\, A`, granted in proportion to accumulated
  success and to the attention :math:`A` the region holds; a cooperator's payoff gains
  :math:`R`.
* ``first_credit`` -- credit for being first (黄六招等, proposition 3: 「第一、首次、唯一」
  成为衡量地方政府创新的关键绩效指标): :math:`F' = F (1 - \lambda v)`, eroding as the
  national lists standardise the service; a cooperator gains :math:`\nu F (1 + \mu P)`.
  Credit for meeting the mandated lists is separate (the list credit of the snapshot model,
  earned by cooperators and by those who lie flat alike: multitask, Holmström & Milgrom 1991).
  The diffusion model's credit for being first erodes instead as rivals re-innovate first
  (:mod:`ica_model.diffusion.state_terms`, after 彭小兵、彭洋).
* ``cadre`` -- the middle-level cadre (陈璐: 「中坚干部积极活动」): learning
  :math:`L' = (1 - u (1-\tau_L)) (L + \eta c (1-L))`; a turnover (hazard :math:`h`, drawn
  from ``rng``) keeps only the transferable share :math:`\tau_L`. A cadre's effort raises the
  region's visibility (``attention``) and the chance of re-injected momentum
  (``potential``).

Per region
----------
* ``potential`` -- political potential energy (政治势能; 贺东航、孔繁斌, 《公共政策执行的中国经验》,
  中国社会科学 2019(4); 陈璐: 「政治势能适时强化」): :math:`P' = (1-\delta_P) P + e`, raised by
  events weighted by the rank of the issuing body and decaying without re-injection; it
  scales the credit for cooperating and lying flat and the penalty on staying out by
  :math:`1 + \mu P`.
* ``attention`` -- attention as a contested resource (Jones & Baumgartner 2005): superiors
  divide attention between the region, visibility :math:`V = \bar c + \xi \bar L`, and a rival
  region of visibility :math:`z` (contest share :math:`(V+\epsilon)/(V+z+\epsilon)`,
  :math:`\epsilon = 10^{-12}`; for G60, the Yangtze River Delta demonstration zone from
  2019: 刘露露 §4(2)1, 上级政府在跨区域政务服务领域的注意力资源更为倾向示范区); the held
  share moves to the contest share :math:`V/(V+z)` only when the gap passes the friction
  threshold :math:`\phi` (punctuation). The information and attention level of the stage game
  is :math:`A` times the superiors' attention budget.
* ``institution`` -- accumulated joint effort times momentum :math:`E' = E + \bar c P`; the
  joint routine is institutionalised, an absorbing switch, once :math:`E'` passes
  :math:`\bar E` (陈璐: 「制度化的权力适配」). An institutionalised routine cuts the defection
  risk and the enforcement cost by the share :math:`\iota`, and survives later falls in
  momentum (hysteresis).

Stage effects that need no state
--------------------------------
* ``lists_conflict`` -- innovating beyond the lists conflicts with the vertical line
  (刘露露 §4(2)2: 「'块'的方面跟'条'上是有矛盾的」): a cooperator pays :math:`\kappa v`.
* ``outside_pull`` -- governments drawn to national channels (刘露露 §4(1)3: 松江、苏州、杭州
  「更倾向于基于国家层面的配合性合作」, cooperation that goes along with the national level):
  for them, lying flat (delivering the national lists) gains :math:`\omega O`, :math:`O` the
  national integration of the period.
* ``item_mix`` -- whose demand the joint service meets (刘露露 §4(1)2: at the launch 「面向群体
  是九城市区域内的企业」, the first 30 items were enterprise items; then 「个人事项逐渐成为九城
  通办事项拓展的首要需求」): the share of individual items grows by :math:`g` a year from the
  case's first year, :math:`\iota_t = \min(1, g t)`, and a city's demand moves from the
  enterprise demand to its residents' (the census ordering of the snapshot model):
  :math:`b_{i,t} = (1-\iota_t)\bar b + \iota_t b_i`. The sources give no count of
  enterprises per city, so enterprise demand is taken as equal across cities (an
  assumption, not a fact).
* ``technical_failure`` -- a preference-independent part of coordination failure (刘露露
  §4(1)3: 「不通是常态，通是例外」), removed by unified standards: every government's demand
  for the joint output is scaled by :math:`1 - p_\tau (1 - v_{std})`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import sympy as sp

from .._lambdify import to_numpy
from .._validation import check_real_array

__all__ = ["GOVERNMENT_STATE", "PARAMETERS", "REGION_STATE", "TERMS", "Term", "check_terms",
           "parameter_ranges", "step"]

# inputs of one period
c, cbar, v, e, z, u, Lbar = sp.symbols("c cbar v e z u Lbar", real=True)
# state
K, R, F, L, P, A, E, I = sp.symbols("K R F L P A E I", real=True)  # noqa: E741
# parameters of the laws of motion
(delta_K, delta_R, rho, lam, eta, tau_L, delta_P, xi, phi, E_bar) = sp.symbols(
    "sunk_depreciation resource_decay resource_gain first_credit_erosion cadre_learning "
    "cadre_transfer momentum_decay cadre_visibility attention_friction "
    "institution_threshold", nonnegative=True)

#: State variables of each government and of the region, with their initial values.
GOVERNMENT_STATE = {"sunk": 0.0, "resources": 0.0, "first_credit": 1.0, "cadre": 0.0}
#: State variables of the region, with their initial values.
REGION_STATE = {"potential": 0.0, "attention": 1.0, "effort": 0.0, "institution": 0.0}

_SYMBOL = {"sunk": K, "resources": R, "first_credit": F, "cadre": L, "potential": P,
           "attention": A, "effort": E, "institution": I}


@dataclass(frozen=True)
class Term:
    """One named, separately switchable part of the dynamics.

    Attributes
    ----------
    name : str
    variables : tuple of str
        The state variables it moves (empty for stage effects that need no state).
    laws : dict
        Variable name to its sympy law of motion.
    parameters : dict
        Parameter name to its defensible prior range ``(low, high)`` and the reason.
    source : str
        Author, title and section of the source, or the literature the term rests on.
    quote : str
        The source's words (empty where the term rests on the wider literature).
    """

    name: str
    variables: tuple[str, ...]
    laws: Mapping[str, sp.Expr]
    parameters: Mapping[str, tuple[float, float, str]]
    source: str
    quote: str = ""
    effect: str = field(default="")

    def __post_init__(self) -> None:
        from .._validation import check_instance

        for label in ("name", "source", "quote", "effect"):
            check_instance(label, getattr(self, label), str, "a string")
        if not isinstance(self.variables, tuple | list) or not all(
                isinstance(v, str) for v in self.variables):
            raise TypeError(f"variables must be a tuple of state-variable names, got "
                            f"{self.variables!r}")
        check_instance("laws", self.laws, Mapping, "a mapping of variable name to sympy law")
        for variable, law in self.laws.items():
            if not isinstance(variable, str) or not isinstance(law, sp.Basic | int | float):
                raise TypeError(f"laws must map variable names to sympy laws, got {law!r} "
                                f"for {variable!r}")
        check_instance("parameters", self.parameters, Mapping,
                       "a mapping of name to (low, high, reason)")
        for name, entry in self.parameters.items():
            if not (isinstance(name, str) and isinstance(entry, tuple | list) and len(entry) == 3
                    and isinstance(entry[2], str)):
                raise TypeError(f"parameters must map each name to (low, high, reason), got "
                                f"{entry!r} for {name!r}")


#: Keeps the contest share defined when neither region is visible (the region then holds all).
_EPSILON = sp.Float(1e-12)
_CONTEST = (cbar + xi * Lbar + _EPSILON) / (cbar + xi * Lbar + z + _EPSILON)

#: Every term of the dynamics, by name (see the module).
TERMS: dict[str, Term] = {term.name: term for term in (
    Term("sunk", ("sunk",), {"sunk": sp.Max((1 - delta_K) * K, c)},
         {"sunk_depreciation": (0.0, 0.3, "a built connection ages slowly without use")},
         "刘露露, 数字治理跨界行动中的困境及优化策略, §4(1)3 (the pilot builds, the others join "
         "on the equipment already developed)",
         "在已有的技術設備開發完善的基礎上主動去對接協調",
         "a cooperator pays only the unbuilt share 1 - K of its set-up"),
    Term("resources", ("resources",),
         {"resources": (1 - delta_R) * R + rho * c * (1 + R) * A},
         {"resource_decay": (0.0, 0.5, "grants lapse without renewed success"),
          "resource_gain": (0.0, 0.3, "share of a period's success turned into resources")},
         "黄六招、顾丽梅、尚虎平, 地方公共服务创新是如何生成的, proposition 4; Pierson (2000)",
         "以既有的績效爭取更多的資源", "a cooperator gains R"),
    Term("first_credit", ("first_credit",), {"first_credit": F * (1 - lam * v)},
         {"first_credit_erosion": (0.2, 1.0, "a comprehensive list standardises the service"),
          "novelty_credit": (0.0, 0.5, "worth of being first against the snapshot payoffs")},
         "黄六招、顾丽梅、尚虎平, 地方公共服务创新是如何生成的, proposition 3",
         "成為衡量地方政府創新的關鍵績效指標",
         "a cooperator gains nu F (1 + mu P)"),
    Term("cadre", ("cadre",),
         {"cadre": (1 - u * (1 - tau_L)) * (L + eta * c * (1 - L))},
         {"cadre_learning": (0.1, 0.6, "a year of joint work teaches the bureau chief"),
          "cadre_transfer": (0.0, 0.5, "what a successor inherits"),
          "cadre_turnover": (0.0, 0.3, "yearly hazard that the bureau chief leaves"),
          "cadre_visibility": (0.0, 1.0, "visibility a seasoned cadre adds")},
         "陈璐, 从技术引入转向组织变革:地方数字政府改革何以深入, abstract", "中坚干部积极活动",
         "raises visibility (attention) and the chance of re-injected momentum"),
    Term("potential", ("potential",), {"potential": (1 - delta_P) * P + e},
         {"momentum_decay": (0.2, 0.7, "momentum fades within a few years without re-injection"),
          "momentum_credit": (0.0, 1.0, "how much momentum scales credit and penalty")},
         "贺东航、孔繁斌 (2019), 中国社会科学 2019(4); 陈璐, abstract", "政治势能适时强化",
         "credit for cooperating and lying flat and the penalty on staying out scale by "
         "1 + mu P"),
    Term("attention", ("attention",),
         {"attention": sp.Piecewise((_CONTEST, sp.Abs(_CONTEST - A) > phi), (A, True))},
         {"attention_friction": (0.0, 0.3, "superiors update attention in punctuations"),
          "attention_budget": (0.2, 1.0, "information and attention when all is held")},
         "刘露露, 数字治理跨界行动中的困境及优化策略, §4(2)1; Jones & Baumgartner (2005)",
         "上級政府在跨區域政務服務領域的注意力資源更為傾向示范區",
         "the information level of the stage is A times the attention budget"),
    Term("institution", ("effort", "institution"),
         {"effort": E + cbar * P,
          "institution": sp.Piecewise((1, E + cbar * P >= E_bar), (I, True))},
         {"institution_threshold": (1.0, 4.0, "effort times momentum that makes a routine"),
          "institution_relief": (0.0, 0.8, "cut of defection risk and enforcement cost")},
         "陈璐, 从技术引入转向组织变革, abstract", "制度化的权力适配",
         "defection risk and enforcement cost fall by iota I"),
    Term("lists_conflict", (), {},
         {"lists_conflict": (0.0, 0.4, "cost of innovating beyond the lists, per unit mandate")},
         "刘露露, 数字治理跨界行动中的困境及优化策略, §4(2)2",
         "很多時候我們‘塊’的方面跟‘條’上是有矛盾的", "a cooperator pays kappa v"),
    Term("outside_pull", (), {},
         {"outside_pull": (0.0, 0.5, "gain from national channels per unit integration")},
         "刘露露, 数字治理跨界行动中的困境及优化策略, §4(1)3",
         "三地政府更傾向于基于國家層面的配合性合作",
         "lying flat (the national lists) gains omega O for the governments the source names"),
    Term("item_mix", (), {},
         {"individual_items_growth": (0.1, 0.4, "individual items become the first need "
                                      "within a few years")},
         "刘露露, 数字治理跨界行动中的困境及优化策略, §4(1)2",
         "九城跨區域政務通辦面向群體是九城市區域內的企業",
         "demand moves from equal enterprise demand to residents' demand"),
    Term("technical_failure", (), {},
         {"technical_failure": (0.0, 0.6, "share of joint output lost to unconnected systems")},
         "刘露露, 数字治理跨界行动中的困境及优化策略, §4(1)3", "不通是常態,通是例外",
         "demand for the joint output scales by 1 - p (1 - standards)"),
)}


def check_terms(terms: Any) -> frozenset[str]:
    """``terms`` as a frozenset of known term names (``None``: all terms)."""
    if terms is None:
        return frozenset(TERMS)
    if isinstance(terms, str):
        terms = [terms]
    try:
        names = frozenset(terms)
    except TypeError:
        raise TypeError(f"terms must be term names (a set or list of str) or None, got "
                        f"{terms!r}") from None
    if not all(isinstance(name, str) for name in names):
        raise TypeError(f"terms must be term names (str), got {sorted(map(repr, names))}")
    unknown = sorted(names - set(TERMS))
    if unknown:
        raise ValueError(f"terms: unknown {unknown}; allowed {sorted(TERMS)}")
    return names


def parameter_ranges(terms: frozenset[str] | None = None) -> dict[str, tuple[float, float]]:
    """The prior range of every parameter of the given terms (default: all)."""
    names = check_terms(terms)
    return {name: (low, high) for term in TERMS.values() if term.name in names
            for name, (low, high, _) in term.parameters.items()}


#: Every parameter of every term, with its range.
PARAMETERS = parameter_ranges()


_INPUTS = (c, cbar, v, e, z, u, Lbar)
_LAW_PARAMETERS = (delta_K, delta_R, rho, lam, eta, tau_L, delta_P, xi, phi, E_bar)
_ORDER = (*GOVERNMENT_STATE, *REGION_STATE)


def laws(terms: Any = None) -> dict[str, sp.Expr]:
    """The symbolic law of motion of every state variable; a variable of a switched-off term
    keeps its value."""
    names = check_terms(terms)
    out = {name: _SYMBOL[name] for name in _ORDER}
    for term in TERMS.values():
        if term.name in names:
            out.update(term.laws)
    return out


@cache
def _numeric(terms: frozenset[str]) -> Any:
    law = laws(terms)
    arguments = (*(_SYMBOL[name] for name in _ORDER), *_INPUTS, *_LAW_PARAMETERS)
    return to_numpy(arguments, [law[name] for name in _ORDER])


def _arrays(name: str, given: Any, needed: Any) -> list[np.ndarray]:
    """The ``needed`` entries of the mapping ``given`` as real arrays, or an error naming
    ``name`` (not a mapping, a missing variable, a value that is no number)."""
    if not isinstance(given, Mapping):
        raise TypeError(f"{name} must be a mapping of variable names to arrays, got "
                        f"{type(given).__name__}")
    missing = sorted(set(needed) - set(given))
    if missing:
        raise ValueError(f"{name}: missing variables {missing}")
    return [check_real_array(f"{name}[{key!r}]", given[key]) for key in needed]


def step(state: Mapping[str, np.ndarray], inputs: Mapping[str, Any],
         parameters: Mapping[str, Any], terms: Any = None) -> dict[str, np.ndarray]:
    """One period's numeric update, lambdified from :func:`laws`; broadcasts over draws and
    governments.

    Parameters
    ----------
    state : mapping
        Every variable of :data:`GOVERNMENT_STATE` (arrays of shape ``(draws, n)``) and of
        :data:`REGION_STATE` (shape ``(draws, 1)``).
    inputs : mapping
        ``cooperated`` (draws, n), ``share`` (draws, 1), ``mandate``, ``event``, ``rival``
        (draws, 1 or scalars), ``turnover`` (draws, n) and ``cadre_mean`` (draws, 1).
    parameters : mapping
        Every parameter of :data:`PARAMETERS` (scalars or arrays of shape ``(draws, 1)``).

    Examples
    --------
    >>> state = {**{k: np.full((1, 2), x) for k, x in GOVERNMENT_STATE.items()},
    ...          **{k: np.full((1, 1), x) for k, x in REGION_STATE.items()}}
    >>> inputs = {"cooperated": np.array([[1.0, 0.0]]), "share": 0.5, "mandate": 0.0,
    ...           "event": 1.0, "rival": 0.0, "turnover": 0.0, "cadre_mean": 0.0}
    >>> after = step(state, inputs, {name: 0.1 for name in PARAMETERS}, terms={"sunk"})
    >>> after["sunk"].tolist(), after["potential"].tolist()   # only sunk is switched on
    ([[1.0, 0.0]], [[0.0]])
    """
    names = check_terms(terms)
    inputs_needed = ("cooperated", "share", "mandate", "event", "rival", "turnover", "cadre_mean")
    values = _arrays("state", state, _ORDER)
    given = _arrays("inputs", inputs, inputs_needed)
    law_values = _arrays("parameters", parameters, [symbol.name for symbol in _LAW_PARAMETERS])
    out = _numeric(names)(*values, *given, *law_values)
    shapes = [np.shape(x) for x in values]
    return {name: np.broadcast_to(np.asarray(x, dtype=float), shape).copy()
            for name, x, shape in zip(_ORDER, out, shapes, strict=True)}
