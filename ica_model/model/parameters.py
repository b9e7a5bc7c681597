r"""The parameter schema and the validated, immutable parameters of the ICA model.

Every parameter is declared once, as a field of a frozen dataclass, with its symbol, its
domain (open or closed ends), its role and its meaning (:func:`parameter`). Everything
else is derived from these declarations (:data:`SCHEMA`): the sympy symbols and their
assumptions (:mod:`ica_model.model.symbolic`), the scenario's values, the bounds a sweep
or a batch of points is checked against (:mod:`ica_model.model.points`), the lists of
uncertain parameters of the robustness metrics and of the sensitivity analysis, the
command line's flags and the parameter table of the documentation.

The intervention kinds are data too: :data:`INTERVENTION_KINDS` lists them once, and
:class:`Intervention`, the kinds' switches in :class:`Terms` and the authority's effort
weights in :class:`AuthorityPreferences` are built from that list.

A bad value raises a ``ValueError`` or ``TypeError`` naming the field, the value and the
allowed range. Variations are made with :func:`dataclasses.replace`, which re-runs the
checks.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._validation import check_bool, check_int, check_real, check_real_array, check_size, did_you_mean

__all__ = [
    "INTERVENTION_KINDS",
    "KINDS",
    "SCHEMA",
    "Actor",
    "AuthorityPreferences",
    "Costs",
    "Distribution",
    "Domain",
    "Intervention",
    "InterventionEffects",
    "InterventionKind",
    "OutsideOptions",
    "Parameter",
    "Pilots",
    "Risks",
    "Role",
    "Scenario",
    "Terms",
    "TokenCompliance",
    "along_mix",
    "check_intervention",
    "check_scenario",
    "mix_weights",
    "parameter_table",
    "parameters_with_role",
    "schema_entry",
]

#: Largest ``group_size`` a closed form takes as a value.
MAX_GROUP_SIZE = 10**7

#: Memory of one actor record of a scenario (bounds :meth:`Scenario.with_group_size`).
_ACTOR_BYTES = 4096


class Role(enum.Enum):
    """What a parameter is, for the analyses that treat parameters by kind."""

    COST = "transaction cost"
    SHAPE = "functional form"
    RISK = "collaboration risk"
    EFFECT = "intervention effect"
    KIND = "intervention kind"
    ACTOR = "actor attribute"
    GROUP = "group"
    DESIGN = "institutional design"
    TOKEN = "token compliance"
    SWITCH = "design switch"
    AUTHORITY = "authority preference"


@dataclass(frozen=True)
class Domain:
    """The allowed values of a parameter: an interval with open or closed ends.

    Examples
    --------
    >>> str(Domain(0.0, 1.0, low_open=True)), str(Domain(2, integer=True))
    ('(0, 1]', '{2, 3, ...}')
    >>> Domain(0.0, 1.0).check("capacity", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: capacity must lie in [0, 1], got 1.5
    """

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    integer: bool = False
    boolean: bool = False

    def __str__(self) -> str:
        if self.boolean:
            return "True or False"
        if self.integer:
            low = "-inf" if self.low is None else f"{self.low:g}"
            if self.high is None:
                return f"{{{low}, {self.low + 1:g}, ...}}" if self.low is not None else "integers"
            return f"{{{low}, ..., {self.high:g}}}"
        left, right = "(" if self.low_open else "[", ")" if self.high_open else "]"
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "inf" if self.high is None else f"{self.high:g}"
        if self.high is None:
            right = ")"
        return f"{left}{low}, {high}{right}"

    def check(self, name: str, value: object) -> Any:
        """``value`` as a float (int, bool) after checking it lies in the domain."""
        if self.boolean:
            return check_bool(name, value)
        if self.integer:
            low = None if self.low is None else int(self.low)
            high = None if self.high is None else int(self.high)
            return check_int(name, value, low, high)
        return check_real(name, value, self.low, self.high, low_open=self.low_open,
                          high_open=self.high_open)

    def contains(self, values: np.ndarray) -> np.ndarray:
        """Boolean mask of the entries of a float array that lie in the domain."""
        inside = np.isfinite(values)
        if self.low is not None:
            inside &= values > self.low if self.low_open else values >= self.low
        if self.high is not None:
            inside &= values < self.high if self.high_open else values <= self.high
        if self.integer:
            inside &= values == np.round(values)
        return inside

    def check_array(self, name: str, values: Any) -> np.ndarray:
        """``values`` as a float array after checking every entry lies in the domain.

        Raises
        ------
        TypeError
            If the values are not real numbers (complex, strings, objects).
        ValueError
            Naming the first entry outside the domain.
        """
        try:
            array = np.asarray(values)
        except ValueError as error:     # ragged nesting
            raise TypeError(f"{name} must hold real numbers in a regular array, got {values!r}"
                            ) from error
        if array.dtype.kind not in "biuf":
            raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
        array = array.astype(float)
        inside = self.contains(array)
        if not inside.all():
            bad = float(array[~inside].ravel()[0])
            rule = f"be an integer in {self}" if self.integer else f"lie in {self}"
            raise ValueError(f"{name} must {rule}, got {bad!r}")
        return array

    @property
    def assumptions(self) -> dict[str, bool]:
        """The sympy assumptions the domain implies (``positive`` or ``nonnegative``)."""
        if self.low is not None and (self.low > 0 or (self.low == 0 and self.low_open)):
            return {"positive": True}
        if self.low is not None and self.low >= 0:
            return {"nonnegative": True}
        return {"real": True}


UNIT = Domain(0.0, 1.0)
NONNEGATIVE = Domain(0.0)
POSITIVE = Domain(0.0, low_open=True)
SWITCH = Domain(boolean=True)


@dataclass(frozen=True)
class Parameter:
    """One entry of the schema: everything the library knows about a parameter.

    Attributes
    ----------
    path : str
        Where it lives: ``"costs.negotiation"``, ``"actor.demand"`` (every actor has one),
        ``"intervention.authority"``, ``"preferences.output_weight"``.
    symbol : str
        Its name in the payoff model, in sweeps and in tables (``"negotiation_cost"``).
    domain : Domain
    role : Role
    meaning : str
        What it is and, where it has one, its unit.
    latex : str
        Its symbol in the maths of the documentation.
    default : object
    symbolic : bool
        Whether it is a sympy symbol of the payoffs (False for switches and for the
        integer network exponent, which shape the expressions themselves).
    aggregate : str or None
        For actor attributes, how a coalition aggregates them: ``"mean"`` or ``"spread"``.
    """

    path: str
    symbol: str
    domain: Domain
    role: Role
    meaning: str
    latex: str
    default: Any
    symbolic: bool = True
    aggregate: str | None = None

    @property
    def name(self) -> str:
        """The field name (last part of the path)."""
        return self.path.rpartition(".")[2]


def parameter(default: Any, symbol: str, domain: Domain, role: Role, latex: str, meaning: str,
              *, symbolic: bool = True, aggregate: str | None = None) -> Any:
    """Declare a dataclass field as a schema parameter (its single declaration)."""
    return field(default=default, metadata={"parameter": (symbol, domain, role, latex, meaning,
                                                          symbolic, aggregate)})


def _entries(cls: type, prefix: str) -> Iterator[Parameter]:
    for item in dataclasses.fields(cls):
        spec = item.metadata.get("parameter")
        if spec is not None:
            symbol, domain, role, latex, meaning, symbolic, aggregate = spec
            yield Parameter(f"{prefix}{item.name}", symbol, domain, role, meaning, latex,
                            item.default, symbolic, aggregate)


_ENTRIES: dict[type, tuple[Parameter, ...]] = {}


class _Validated:
    """Base of the parameter dataclasses: ``__post_init__`` runs the class's own checks
    (``_check``, if any), then checks every schema field against its domain."""

    def __post_init__(self) -> None:
        cls = type(self)
        check = getattr(self, "_check", None)
        if check is not None:
            check()
        entries = _ENTRIES.get(cls)
        if entries is None:
            entries = _ENTRIES[cls] = tuple(_entries(cls, ""))
        for entry in entries:
            value = getattr(self, entry.name)
            if value is None and entry.default is None:
                continue
            object.__setattr__(self, entry.name,
                               entry.domain.check(f"{cls.__name__}.{entry.name}", value))


def _documented(cls: type) -> type:
    """Append the documentation of the schema fields of ``cls`` to its docstring."""
    lines = ["", "    Parameters", "    ----------"]
    for entry in _entries(cls, ""):
        kind = "bool" if entry.domain.boolean else "int" if entry.domain.integer else "float"
        if entry.default is None:
            kind += " or None"
        lines.append(f"    {entry.name} : {kind}")
        if entry.domain.boolean:
            lines.append(f"        Default {entry.default!r}. {entry.meaning}")
        else:
            lines.append(f"        :math:`{entry.latex} \\in {_latex_domain(entry.domain)}`, "
                         f"default {entry.default!r} (symbol ``{entry.symbol}``). {entry.meaning}")
    cls.__doc__ = (cls.__doc__ or "").rstrip() + "\n" + "\n".join(lines) + "\n"
    return cls


def _latex_domain(domain: Domain) -> str:
    text = str(domain).replace("inf", r"\infty").replace("{", r"\{").replace("}", r"\}")
    return text.replace("...", r"\dots")


# ----------------------------------------------------------------------------- actors
@_documented
@dataclass(frozen=True)
class Actor(_Validated):
    """One local government (city or province)."""

    name: str = "actor"
    demand: float = parameter(
        1.0, "demand", POSITIVE, Role.ACTOR, "b_i",
        "Value of the integrated service to its residents and firms.", aggregate="mean")
    capacity: float = parameter(
        1.0, "capacity", Domain(0.0, 1.0, low_open=True), Role.ACTOR, "k_i",
        "Technical, fiscal and organisational capacity; lowers the information cost by up to "
        "half.", aggregate="mean")
    selective_benefit: float = parameter(
        0.0, "selective_benefit", NONNEGATIVE, Role.ACTOR, "s_i",
        "Political credit, reputation, a ticket into the shared platform.", aggregate="mean")
    innovation_value: float = parameter(
        0.0, "innovation_value", NONNEGATIVE, Role.ACTOR, "g_i",
        "Value of self-directed innovation, crowded out by mandates.", aggregate="mean")
    pilot: float = parameter(
        0.0, "pilot", UNIT, Role.ACTOR, "\\pi_i",
        "1 for a pilot, which builds the joint service's technical connection and bears its "
        "set-up cost in full; 0 for a later joiner, which connects to what the pilots built "
        "(:class:`Pilots`).", aggregate="mean")
    preference: float = parameter(
        0.5, "preference", UNIT, Role.ACTOR, "h_i",
        "Position of its service priorities; the spread of the cooperators' preferences drives "
        "coordination risk and negotiation cost.", aggregate="spread")

    def _check(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"Actor.name must be a str, got {self.name!r}")


# ------------------------------------------------------------------- intervention kinds
@dataclass(frozen=True)
class InterventionKind:
    """One kind of vertical intervention: the only place a kind is declared.

    Attributes
    ----------
    name : str
        Field of :class:`Intervention`, switch of :class:`Terms`, column of a batch of
        points, flag of the command line.
    latex : str
        Symbol of its level.
    meaning : str
    effort_weight : float
        Default of the authority's effort cost scale :math:`\\kappa` for this kind
        (:class:`AuthorityPreferences`): the authority pays :math:`\\kappa v^2`.
    """

    name: str
    latex: str
    meaning: str
    effort_weight: float


#: The kinds of vertical intervention (纵向干预), in the order of a mix: the one list of them.
INTERVENTION_KINDS = (
    InterventionKind("authority", r"v_{auth}",
                     "Mandates: laws, mandated item lists and targets (权威型, the part that takes "
                     "discretion away).", 0.5),
    InterventionKind("incentive", r"v_{incent}",
                     "Fiscal, personnel and equipment support (激励型); it costs the authority "
                     "the subsidy it pays, so no effort weight by default.", 0.0),
    InterventionKind("information", r"v_{info}",
                     "Guidance, signals, technical and expert support, upper-level attention "
                     "(信息型).", 0.2),
    InterventionKind("standards", r"v_{std}",
                     "Unified standards and shared platforms (the part of 权威型 that removes "
                     "barriers and leaves discretion).", 0.3),
)

#: Names of the intervention kinds, in mix order.
KINDS = tuple(kind.name for kind in INTERVENTION_KINDS)


def mix_weights(mix: Sequence[float] | Mapping[str, float]) -> tuple[float, ...]:
    """The weights of a mix, one per kind in the order of :data:`KINDS`, each in [0, 1].

    Examples
    --------
    >>> mix_weights({"information": 0.5})
    (0.0, 0.0, 0.5, 0.0)
    """
    if isinstance(mix, Mapping):
        unknown = sorted(set(mix) - set(KINDS))
        if unknown:
            raise ValueError(f"mix has unknown intervention kind(s) {unknown}; allowed: {list(KINDS)}")
        values = [mix.get(kind, 0.0) for kind in KINDS]
    elif isinstance(mix, Sequence) and not isinstance(mix, str) and len(mix) == len(KINDS):
        values = list(mix)
    else:
        raise ValueError(f"mix must map intervention kinds to weights or hold {len(KINDS)} "
                         f"weights {KINDS}, got {mix!r}")
    return tuple(check_real(f"mix[{kind!r}]", w, 0.0, 1.0) for kind, w in zip(KINDS, values,
                                                                             strict=True))


def along_mix(mix: Sequence[float] | Mapping[str, float], levels: Any,
              base: Intervention | None = None) -> dict[str, np.ndarray]:
    r"""The intervention :math:`v = b + \lambda w` at each level :math:`\lambda` along a mix
    :math:`w`, clipped to [0, 1]: one array per kind, in the order of :data:`KINDS`.

    The one place a mix becomes intervention levels (:meth:`Intervention.from_level`, the
    leader's search along a mix and the experiments' curves use it).

    Parameters
    ----------
    mix : mapping or sequence
        As :func:`mix_weights` takes it.
    levels : float or array_like
        :math:`\lambda`, one or many.
    base : Intervention, optional
        :math:`b`; by default no intervention.

    Returns
    -------
    dict of str to ndarray
        Each kind's level, the shape of ``levels``.

    Examples
    --------
    >>> {k: v.tolist() for k, v in along_mix({"authority": 1.0, "standards": 0.5},
    ...                                      [0.0, 0.5, 1.0]).items()}  # doctest: +NORMALIZE_WHITESPACE
    {'authority': [0.0, 0.5, 1.0], 'incentive': [0.0, 0.0, 0.0],
     'information': [0.0, 0.0, 0.0], 'standards': [0.0, 0.25, 0.5]}
    """
    weights = mix_weights(mix)
    if not any(weights):    # no direction: every level would be no intervention, silently
        raise ValueError(f"mix must have at least one positive weight, got {mix!r}")
    levels = check_real_array("levels", levels)
    if not np.isfinite(levels).all():
        raise ValueError(f"levels must be finite, got {levels!r}")
    if base is not None:
        base = check_intervention(base, "base")
    start = (0.0,) * len(KINDS) if base is None else tuple(getattr(base, k) for k in KINDS)
    return {k: np.clip(s + levels * w, 0.0, 1.0) for k, s, w in zip(KINDS, start, weights,
                                                                    strict=True)}


_KIND_BY_NAME = {kind.name: kind for kind in INTERVENTION_KINDS}


def _kind_level(name: str) -> Any:
    """The schema field of the level of intervention kind ``name`` (its declaration in
    :data:`INTERVENTION_KINDS`)."""
    kind = _KIND_BY_NAME[name]
    return parameter(0.0, kind.name, UNIT, Role.KIND, kind.latex, kind.meaning)


@_documented
@dataclass(frozen=True)
class Intervention(_Validated):
    """The higher authority's intervention: one level in [0, 1] per kind of
    :data:`INTERVENTION_KINDS`.

    Examples
    --------
    >>> Intervention.from_level(0.5, {'authority': 1.0, 'standards': 0.5})
    Intervention(authority=0.5, incentive=0.0, information=0.0, standards=0.25)
    """

    # one field per kind of INTERVENTION_KINDS, in its order (a test checks it)
    authority: float = _kind_level("authority")
    incentive: float = _kind_level("incentive")
    information: float = _kind_level("information")
    standards: float = _kind_level("standards")

    @classmethod
    def from_level(cls, level: float, mix: Sequence[float] | Mapping[str, float] | None = None
                   ) -> Intervention:
        """Build :math:`v = \\lambda w` from a level :math:`\\lambda \\in [0, 1]` and a mix ``w``.

        ``mix`` maps kinds to weights in [0, 1] (missing kinds weigh 0), or lists one weight
        per kind in the order of :data:`KINDS`; by default every kind weighs 1.
        """
        level = check_real("level", level, 0.0, 1.0)
        vector = along_mix(dict.fromkeys(KINDS, 1.0) if mix is None else mix, level)
        return cls(*(float(vector[k]) for k in KINDS))


# ------------------------------------------------------------------------- the scenario
@_documented
@dataclass(frozen=True)
class Costs(_Validated):
    """Transaction costs of cooperation (信息成本, 协商成本, 执行成本, 自主权丧失成本)."""

    information: float = parameter(
        0.0, "information_cost", NONNEGATIVE, Role.COST, "c_{info}",
        "Information asymmetry cost.")
    negotiation: float = parameter(
        0.0, "negotiation_cost", NONNEGATIVE, Role.COST, "c_{neg}",
        r"Bargaining cost per partner (scaled by :math:`(m-1)^\beta`).")
    enforcement: float = parameter(
        0.0, "enforcement_cost", NONNEGATIVE, Role.COST, "c_{enf}",
        r"Cost of enforcing a soft agreement (scaled by :math:`1-\rho`).")
    autonomy: float = parameter(
        0.0, "autonomy_cost", NONNEGATIVE, Role.COST, "c_{auto}",
        r"Autonomy loss under a full mandate (scaled by :math:`v_{auth}^\gamma`).")
    negotiation_exponent: float = parameter(
        1.0, "negotiation_exponent", POSITIVE, Role.SHAPE, r"\beta",
        "How fast bargaining grows with the number of partners.")
    autonomy_exponent: float = parameter(
        2.0, "autonomy_exponent", Domain(1.0), Role.SHAPE, r"\gamma",
        "Convexity of the autonomy loss in the mandate.")


@_documented
@dataclass(frozen=True)
class Risks(_Validated):
    """Collaboration risks (协调不力, 背弃合作, 分配不公)."""

    coordination: float = parameter(
        0.0, "coordination_risk", UNIT, Role.RISK, "p_0",
        "Chance that the joint service fails to interoperate when the cooperators' preferences "
        "are maximally spread (H = 1).")
    defection: float = parameter(
        0.0, "defection_risk", UNIT, Role.RISK, "q_0",
        "Chance that a committed partner reneges under a verbal agreement and no authority.")
    spillover: float = parameter(
        0.0, "spillover", UNIT, Role.RISK, r"\theta",
        "Share of the non-excludable output a defector enjoys (free riding: the distribution "
        "risk).")


@_documented
@dataclass(frozen=True)
class InterventionEffects(_Validated):
    """How strongly each intervention kind acts on each cost and risk. Efficacies lie in
    [0, 1]: at full intervention the targeted term is multiplied by ``1 - efficacy``."""

    authority_on_coordination: float = parameter(
        0.0, "authority_on_coordination", UNIT, Role.EFFECT, "e_{ca}",
        "Mandates cut coordination failure.")
    information_on_coordination: float = parameter(
        0.0, "information_on_coordination", UNIT, Role.EFFECT, "e_{ci}",
        "Guidance and signals cut coordination failure.")
    authority_on_defection: float = parameter(
        0.0, "authority_on_defection", UNIT, Role.EFFECT, "e_q",
        "Authority makes reneging costly.")
    information_on_information_cost: float = parameter(
        0.0, "information_on_information_cost", UNIT, Role.EFFECT, "e_{info}",
        "Expert support cuts the information cost.")
    authority_on_negotiation: float = parameter(
        0.0, "authority_on_negotiation", UNIT, Role.EFFECT, "e_{neg}",
        "Mandates cut bargaining.")
    authority_on_enforcement: float = parameter(
        0.0, "authority_on_enforcement", UNIT, Role.EFFECT, "e_{enf}",
        "Authority enforces agreements.")
    signal_boost: float = parameter(
        0.0, "signal_boost", NONNEGATIVE, Role.EFFECT, r"\varphi",
        r"Informational signals raise selective benefits by :math:`1 + \varphi v_{info}`.")
    incentive_subsidy: float = parameter(
        0.0, "incentive_subsidy", NONNEGATIVE, Role.EFFECT, r"\sigma",
        "Transfer to each cooperator at full incentive intervention.")
    innovation_crowding: float = parameter(
        1.0, "innovation_crowding", POSITIVE, Role.SHAPE, r"\mu",
        r"Innovation value is scaled by :math:`(1 - v_{auth})^\mu`.")
    expected_penalty: float = parameter(
        0.0, "expected_penalty", NONNEGATIVE, Role.EFFECT, r"\pi F",
        "Expected penalty on open exit at a full mandate (administrative naming, 点名).")
    standards_on_coordination: float = parameter(
        0.0, "standards_on_coordination", UNIT, Role.EFFECT, "e_{cs}",
        "Unified standards and platforms cut coordination failure.")
    standards_on_negotiation: float = parameter(
        0.0, "standards_on_negotiation", UNIT, Role.EFFECT, "e_{ns}",
        "Unified standards cut bargaining.")
    standards_on_enforcement: float = parameter(
        0.0, "standards_on_enforcement", UNIT, Role.EFFECT, "e_{es}",
        "Unified standards and regional rules cut the cost of enforcing agreements.")
    standards_on_defection: float = parameter(
        0.0, "standards_on_defection", UNIT, Role.EFFECT, "e_{qs}",
        "Regional rules make reneging less likely.")
    standards_autonomy: float = parameter(
        0.0, "standards_autonomy", UNIT, Role.EFFECT, r"\epsilon_s",
        r"Autonomy loss of standards relative to mandates: :math:`c_{auto}(v_{auth}^\gamma + "
        r"\epsilon_s v_{std}^\gamma)`.")


@_documented
@dataclass(frozen=True)
class TokenCompliance(_Validated):
    """The optional third action ``T``: token compliance (躺平).

    A token complier complies on paper with mandated items: it contributes a weight
    :math:`\\omega_T` of a cooperator's participation, enjoys a spillover share
    :math:`\\theta_T`, earns a share :math:`s_T` of its selective benefit *in proportion to
    the mandate* :math:`v_{auth}` (there is nothing to comply with when there is no mandate),
    bears the autonomy loss and a share :math:`t` of the information and enforcement costs,
    and pays no penalty. With the mechanism of discretion it bears only a share
    :math:`\\psi` of the autonomy loss and risks a sanction if detected."""

    enabled: bool = parameter(False, "token_compliance", SWITCH, Role.SWITCH, "T",
                              "Whether T is an action; disabled, the game is exactly the "
                              "{C, D} game.", symbolic=False)
    participation_weight: float = parameter(
        0.2, "token_weight", Domain(0.0, 1.0, high_open=True), Role.TOKEN, r"\omega_T",
        "Weight of a token complier in the effective participation.")
    spillover: float = parameter(
        0.0, "token_spillover", UNIT, Role.TOKEN, r"\theta_T",
        "Share of the non-excludable output a token complier enjoys.")
    credit: float = parameter(
        0.5, "token_credit", NONNEGATIVE, Role.TOKEN, "s_T",
        "Share of its selective benefit a token complier earns, per unit of mandate.")
    cost_share: float = parameter(
        0.1, "token_cost_share", UNIT, Role.TOKEN, "t",
        "Share of the information and enforcement costs a token complier bears.")
    autonomy_share: float = parameter(
        1.0, "token_autonomy_share", UNIT, Role.TOKEN, r"\psi",
        "Share of the mandate's autonomy loss a token complier bears: paper compliance keeps de "
        "facto discretion (selective implementation, decoupling).")
    detection: float = parameter(
        0.0, "detection", UNIT, Role.TOKEN, r"\chi_0",
        "Chance that inspection detects paper compliance with no informational supervision.")
    detection_by_information: float = parameter(
        0.0, "detection_by_information", UNIT, Role.TOKEN, r"\chi_1",
        r"Added chance of detection at full informational (digital) supervision: "
        r":math:`\chi = \min(1, \chi_0 + \chi_1 v_{info})`.")
    detected_sanction: float = parameter(
        0.0, "detected_sanction", NONNEGATIVE, Role.TOKEN, "F_T",
        "Sanction on detected paper compliance at a full mandate.")


@_documented
@dataclass(frozen=True)
class Distribution(_Validated):
    """How cooperators share the gross output, and compensation among them (分配, 补偿机制)."""

    sharing: float = parameter(
        0.0, "sharing", UNIT, Role.DESIGN, r"\eta",
        r"Each cooperator's gross value is :math:`((1-\eta) b_i + \eta \bar b_S)(1 - p)\,E[G]`;"
        " 0 is own demand, 1 an equal split of the cooperators' total value.")
    compensation: float = parameter(
        0.0, "compensation", UNIT, Role.DESIGN, r"\tau",
        r"Budget-balanced transfer :math:`\tau (\bar U_S - U_i)` to each cooperator, where "
        r":math:`\bar U_S` is the cooperators' mean payoff before transfers; 1 equalises them.")


@_documented
@dataclass(frozen=True)
class OutsideOptions(_Validated):
    """National integration outside the group widens each member's choice of partners and
    delivers part of the service through a higher-level platform."""

    integration: float = parameter(
        0.0, "national_integration", UNIT, Role.GROUP, "O",
        "Level of national (and regional) integration outside the group: national lists, "
        "platforms and partners elsewhere. Exogenous; it changes over time.")
    negotiation_rise: float = parameter(
        0.0, "outside_on_negotiation", NONNEGATIVE, Role.EFFECT, r"\eta",
        "Bargaining inside the group costs :math:`1 + \\eta O` times more when partners can be "
        "found elsewhere.")
    coordination_rise: float = parameter(
        0.0, "outside_on_coordination", UNIT, Role.EFFECT, r"\xi",
        "Share :math:`\\xi O` of the remaining reliability that national integration takes "
        "from the group's joint service: :math:`p = p_{in} + \\xi O p_{in} (1 - p_{in})`.")
    substitution: float = parameter(
        0.0, "platform_substitution", UNIT, Role.EFFECT, r"\varsigma",
        "The higher-level platform delivers part of the service to all: the group's own output "
        "is worth :math:`1 - \\varsigma O` of what it was.")


@_documented
@dataclass(frozen=True)
class Pilots(_Validated):
    """Pilots build the joint service; later joiners connect to what they built and pay less
    (free riding on the pilots' sunk costs); joiners may compensate the pilots, and the
    authority may support them."""

    setup_cost: float = parameter(
        0.0, "setup_cost", NONNEGATIVE, Role.COST, "c_{dev}",
        "Cost of building a technical connection, paid in full by a cooperating pilot.")
    joiner_saving: float = parameter(
        0.0, "joiner_saving", UNIT, Role.DESIGN, r"\zeta",
        "Share of the set-up cost a joiner saves once a pilot has built the connection.")
    compensation: float = parameter(
        0.0, "pilot_compensation", UNIT, Role.DESIGN, r"\tau_p",
        "Share of its saving each cooperating joiner pays to the cooperating pilots "
        "(budget-balanced).")
    support: float = parameter(
        0.0, "pilot_support", NONNEGATIVE, Role.EFFECT, r"\sigma_p",
        "Authority-funded support to each cooperating pilot at full incentive intervention.")


#: Switches of the cost and risk terms: (name, meaning). With the kinds of
#: :data:`INTERVENTION_KINDS` they make the fields of :class:`Terms`.
TERM_SWITCHES = (
    ("information_cost", "The information cost."),
    ("negotiation_cost", "The negotiation cost."),
    ("enforcement_cost", "The enforcement cost."),
    ("autonomy_cost", "The autonomy loss under mandates."),
    ("coordination_risk", "The coordination risk."),
    ("defection_risk", "The defection risk."),
    ("distribution_risk", "Free riding on the non-excludable output (the spillover shares)."),
    ("token_discretion", "Token compliers bear only a share of the autonomy loss."),
    ("paper_compliance_detection", "Paper compliance may be detected and sanctioned."),
    ("list_credit", "Cooperators, like token compliers, earn credit for meeting a mandated list."),
    ("outside_options", "National integration raises bargaining and coordination costs inside "
                        "the group and substitutes for its own platform."),
    ("pilot_costs", "Pilots pay the set-up cost; joiners pay less, may compensate them."),
)


_SWITCH_MEANINGS = {**dict(TERM_SWITCHES),
                    **{kind.name: f"The {kind.name} intervention kind." for kind in INTERVENTION_KINDS}}


def _switch(name: str) -> Any:
    """The schema field of the switch of term ``name`` (declared in :data:`TERM_SWITCHES`
    or :data:`INTERVENTION_KINDS`)."""
    return parameter(True, f"{name}_term", SWITCH, Role.SWITCH, name.replace("_", r"\_"),
                     _SWITCH_MEANINGS[name], symbolic=False)


@_documented
@dataclass(frozen=True)
class Terms(_Validated):
    """Switches of every named term of the payoffs: the four transaction costs, the three
    collaboration risks and the intervention kinds. A switched-off term is removed from the
    symbolic payoffs (not merely set to zero numerically)."""

    # one field per entry of TERM_SWITCHES, then one per kind of INTERVENTION_KINDS, in
    # their order (a test checks it)
    information_cost: bool = _switch("information_cost")
    negotiation_cost: bool = _switch("negotiation_cost")
    enforcement_cost: bool = _switch("enforcement_cost")
    autonomy_cost: bool = _switch("autonomy_cost")
    coordination_risk: bool = _switch("coordination_risk")
    defection_risk: bool = _switch("defection_risk")
    distribution_risk: bool = _switch("distribution_risk")
    token_discretion: bool = _switch("token_discretion")
    paper_compliance_detection: bool = _switch("paper_compliance_detection")
    list_credit: bool = _switch("list_credit")
    outside_options: bool = _switch("outside_options")
    pilot_costs: bool = _switch("pilot_costs")
    authority: bool = _switch("authority")
    incentive: bool = _switch("incentive")
    information: bool = _switch("information")
    standards: bool = _switch("standards")


@_documented
@dataclass(frozen=True)
class Scenario(_Validated):
    """A region: its actors and every parameter of the cost–risk model.

    Attributes
    ----------
    name : str
        Short name (``"g60"``).
    actors : tuple of Actor
        At least two local governments.
    costs, risks, effects, token, distribution, outside, pilots, terms
        See :class:`Costs`, :class:`Risks`, :class:`InterventionEffects`,
        :class:`TokenCompliance`, :class:`Distribution`, :class:`OutsideOptions`,
        :class:`Pilots`, :class:`Terms`.
    description : str
        What the scenario represents.
    sources : tuple of str
        Where each parameter value comes from.
    """

    name: str
    actors: tuple[Actor, ...]
    costs: Costs = field(default_factory=Costs)
    risks: Risks = field(default_factory=Risks)
    effects: InterventionEffects = field(default_factory=InterventionEffects)
    token: TokenCompliance = field(default_factory=TokenCompliance)
    distribution: Distribution = field(default_factory=Distribution)
    outside: OutsideOptions = field(default_factory=OutsideOptions)
    pilots: Pilots = field(default_factory=Pilots)
    terms: Terms = field(default_factory=Terms)
    agreement_hardness: float = parameter(
        0.0, "agreement_hardness", UNIT, Role.DESIGN, r"\rho",
        "0 verbal and informal agreements, 1 formal, binding and monitored.")
    network_exponent: int = parameter(
        1, "network_exponent", Domain(1, 8, integer=True), Role.SHAPE, r"\alpha",
        r"Exponent of the collective output :math:`G(x) = (x/n)^\alpha`; an integer, so that the "
        "expected output over random defections has an exact polynomial closed form.",
        symbolic=False)
    group_heterogeneity: float | None = parameter(
        None, "heterogeneity", UNIT, Role.GROUP, "H",
        "None: the spread H(S) is computed from the cooperators' preferences. A number: H(S) is "
        "that constant for every coalition, the mean-field reading used for homogeneous groups, "
        "whose identical actors would otherwise never disagree.")
    description: str = ""
    sources: tuple[str, ...] = ()

    def _check(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"Scenario.name must be a str, got {self.name!r}")
        actors = self.actors
        if isinstance(actors, Actor) or not isinstance(actors, Sequence) or isinstance(actors, str):
            raise TypeError(f"Scenario.actors must be a sequence of Actor, got {actors!r}")
        actors = tuple(actors)
        for k, actor in enumerate(actors):
            if not isinstance(actor, Actor):
                raise TypeError(f"Scenario.actors[{k}] must be an Actor, got {actor!r}")
        if len(actors) < 2:
            raise ValueError(f"Scenario.actors must hold at least 2 actors, got {len(actors)}")
        object.__setattr__(self, "actors", actors)
        for name, kind in _PARTS.items():
            if not isinstance(getattr(self, name), kind):
                raise TypeError(f"Scenario.{name} must be a {kind.__name__}, "
                                f"got {getattr(self, name)!r}")
        if isinstance(self.sources, str) or not isinstance(self.sources, Sequence):
            raise TypeError(f"Scenario.sources must be a sequence of str, got {self.sources!r}")
        object.__setattr__(self, "sources", tuple(self.sources))

    @property
    def n(self) -> int:
        """Number of actors."""
        return len(self.actors)

    @property
    def is_homogeneous(self) -> bool:
        """True when all actors are identical in every payoff-relevant attribute, so that
        payoffs depend only on counts of actions (the symmetric game)."""
        first = self.actors[0]
        for entry in parameters_with_role(Role.ACTOR):
            if entry.aggregate == "spread" and self.group_heterogeneity is not None:
                continue
            if any(getattr(a, entry.name) != getattr(first, entry.name) for a in self.actors):
                return False
        return True

    @property
    def actions(self) -> tuple[str, ...]:
        """Action labels: ``("C", "D")`` or ``("C", "D", "T")`` with token compliance."""
        return ("C", "D", "T") if self.token.enabled else ("C", "D")

    def _summary(self) -> Any:
        from .._display import Summary, listing

        off = [name for name in self.terms.__dataclass_fields__ if not getattr(self.terms, name)]
        return Summary(f"Scenario {self.name!r}", [
            ("actors", f"{self.n}: {listing(a.name for a in self.actors)}"),
            ("actions", ", ".join(self.actions)),
            ("national integration", self.outside.integration),
            ("agreement hardness", self.agreement_hardness),
            ("terms off", ", ".join(off) or "none"),
            ("description", self.description)])

    def __repr__(self) -> str:
        """A few lines: the actors, actions, national integration and what is switched
        off; every value is in the fields (``dataclasses.asdict``)."""
        from .._display import text

        return text(self._summary())

    def _repr_html_(self) -> str:
        from .._display import html

        return html(self._summary())

    def with_group_size(self, n: int) -> Scenario:
        """The same homogeneous scenario with ``n`` copies of its first actor."""
        n = check_size("n", n, bytes_each=_ACTOR_BYTES, low=2)
        if not self.is_homogeneous:
            raise ValueError(f"with_group_size needs a homogeneous scenario; {self.name!r} is not")
        actors = tuple(dataclasses.replace(self.actors[0], name=f"actor {k + 1}") for k in range(n))
        return dataclasses.replace(self, actors=actors)

    def value(self, symbol: str) -> Any:
        """The scenario's value of a scenario-level parameter, by symbol.

        Examples
        --------
        >>> from ica_model.cases import g60
        >>> g60().value("negotiation_cost")
        0.0591
        """
        entry = _scenario_entry(symbol)
        owner: Any = self
        for part in entry.path.split(".")[:-1]:
            owner = getattr(owner, part)
        return getattr(owner, entry.name)

    def with_values(self, **values: Any) -> Scenario:
        """The same scenario with scenario-level parameters changed, by symbol.

        Each keyword is a symbol of the schema (:data:`SCHEMA`, as in :meth:`value`) and
        each value is validated as at construction. Actor attributes, intervention levels
        and the authority's preferences are not parameters of a scenario; for the group
        size use :meth:`with_group_size`.

        Examples
        --------
        >>> from ica_model.cases import g60
        >>> bottleneck = g60().with_values(national_integration=0.947, negotiation_cost=0.1)
        >>> bottleneck.outside.integration, bottleneck.value("negotiation_cost")
        (0.947, 0.1)
        >>> g60().with_values(national_integration=2)
        Traceback (most recent call last):
        ...
        ValueError: national_integration must lie in [0, 1], got 2
        """
        parts: dict[str, dict[str, Any]] = {}
        for symbol, value in values.items():
            entry = _scenario_entry(symbol)
            if entry.path == "n":
                raise ValueError("with_values cannot change the group size; use with_group_size")
            part, _, name = entry.path.rpartition(".")
            # checked here, so that an error names the keyword given, not the field it sets
            optional = value is None and entry.default is None   # an optional one, unset
            parts.setdefault(part, {})[name] = (None if optional
                                                else entry.domain.check(symbol, value))
        changes = parts.pop("", {})
        for part, fields in parts.items():
            changes[part] = dataclasses.replace(getattr(self, part), **fields)
        return dataclasses.replace(self, **changes)


def _scenario_entry(symbol: str) -> Parameter:
    """The schema entry of a parameter a scenario holds (not an actor's, an intervention's
    or the authority's)."""
    entry = schema_entry(symbol)
    if entry.path.startswith(("actor.", "intervention.", "preferences.")):
        raise ValueError(f"{symbol!r} is not a scenario-level parameter ({entry.path})")
    return entry


#: The parts of a scenario that hold parameters: field name -> dataclass.
_PARTS = {"costs": Costs, "risks": Risks, "effects": InterventionEffects,
          "token": TokenCompliance, "distribution": Distribution, "outside": OutsideOptions,
          "pilots": Pilots, "terms": Terms}


def _effort(name: str) -> Any:
    """The schema field of the authority's effort weight for intervention kind ``name``
    (its default: the kind's ``effort_weight`` in :data:`INTERVENTION_KINDS`)."""
    kind = _KIND_BY_NAME[name]
    return parameter(kind.effort_weight, f"{kind.name}_effort", NONNEGATIVE, Role.AUTHORITY,
                     rf"\kappa_{{\mathrm{{{kind.name}}}}}",
                     f"Cost scale of {kind.name} effort: the authority pays it times the squared "
                     "level.")


@_documented
@dataclass(frozen=True)
class AuthorityPreferences(_Validated):
    """The authority's weights in its objective :math:`W(v)` (illustrative defaults): the
    value of coverage :math:`\\Gamma` and one effort weight :math:`\\kappa` per intervention
    kind."""

    output_weight: float = parameter(
        2.0, "output_weight", NONNEGATIVE, Role.AUTHORITY, r"\Gamma",
        "Value of the integrated service's coverage to the authority, beyond the local payoffs "
        '(the national "one network" goal).')
    # one effort weight per kind of INTERVENTION_KINDS, in its order (a test checks it)
    authority_effort: float = _effort("authority")
    incentive_effort: float = _effort("incentive")
    information_effort: float = _effort("information")
    standards_effort: float = _effort("standards")


# --------------------------------------------------------------------------- the schema
def _schema() -> tuple[Parameter, ...]:
    entries = [*_entries(Actor, "actor."), *_entries(Intervention, "intervention.")]
    for name, part in _PARTS.items():
        entries += _entries(part, f"{name}.")
    entries += _entries(Scenario, "")
    entries += _entries(AuthorityPreferences, "preferences.")
    # bounded: far past any group of governments, and every integer below exact in a float
    group_size = Parameter("n", "group_size", Domain(2, MAX_GROUP_SIZE, integer=True), Role.GROUP,
                           "Number of actors (only closed forms take it as a value).", "n", 9)
    entries.insert(entries.index(next(e for e in entries if e.symbol == "heterogeneity")),
                   group_size)
    symbols = [e.symbol for e in entries]
    duplicated = sorted({s for s in symbols if symbols.count(s) > 1})
    if duplicated:  # pragma: no cover - a declaration error caught at import
        raise RuntimeError(f"schema symbols declared twice: {duplicated}")
    return tuple(entries)


#: Every parameter of the model, in declaration order.
SCHEMA: tuple[Parameter, ...] = _schema()
_BY_SYMBOL = {entry.symbol: entry for entry in SCHEMA}


def schema_entry(symbol: str) -> Parameter:
    """The schema entry of a parameter, by symbol.

    Raises
    ------
    ValueError
        If no parameter has that symbol (the message lists the known ones).
    """
    if not isinstance(symbol, str):
        raise TypeError(f"a parameter symbol must be a str, got {symbol!r}")
    try:
        return _BY_SYMBOL[symbol]
    except KeyError:
        raise ValueError(f"unknown parameter {symbol!r}; "
                         f"{did_you_mean(symbol, sorted(_BY_SYMBOL), 'known')}") from None


def parameters_with_role(*roles: Role) -> tuple[Parameter, ...]:
    """The schema entries with any of ``roles``, in declaration order.

    Examples
    --------
    >>> [p.symbol for p in parameters_with_role(Role.RISK)]
    ['coordination_risk', 'defection_risk', 'spillover']
    """
    for role in roles:
        if not isinstance(role, Role):
            raise TypeError(f"roles must be Role members ({', '.join(r.name for r in Role)}), "
                            f"got {role!r} of type {type(role).__name__}")
    return tuple(entry for entry in SCHEMA if entry.role in roles)


def parameter_table() -> list[dict[str, str]]:
    """The schema as rows (symbol, path, domain, role, default, meaning), for documentation.

    Examples
    --------
    >>> next(row for row in parameter_table() if row["symbol"] == "capacity")["domain"]
    '(0, 1]'
    """
    return [{"symbol": e.symbol, "path": e.path, "latex": e.latex, "domain": str(e.domain),
             "role": e.role.value, "default": repr(e.default), "meaning": e.meaning}
            for e in SCHEMA]


def check_scenario(value: object) -> Scenario:
    """Return ``value`` if it is a :class:`Scenario`; otherwise raise a TypeError naming it.

    Examples
    --------
    >>> check_scenario("g60")
    Traceback (most recent call last):
    ...
    TypeError: scenario must be a Scenario, got str
    """
    if not isinstance(value, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(value).__name__}")
    return value


def check_intervention(value: object, name: str = "intervention") -> Intervention:
    """Return ``value`` if it is an :class:`Intervention` (None: no intervention); otherwise
    raise a TypeError naming ``name``.

    Examples
    --------
    >>> check_intervention(None)
    Intervention(authority=0.0, incentive=0.0, information=0.0, standards=0.0)
    >>> check_intervention({"authority": 0.5})
    Traceback (most recent call last):
    ...
    TypeError: intervention must be an Intervention or None, got dict
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be the argument's name (a string), got {name!r}")
    if value is None:
        return Intervention()
    if not isinstance(value, Intervention):
        raise TypeError(f"{name} must be an Intervention or None, got {type(value).__name__}")
    return value

