r"""Validated, immutable parameters of the ICA cost–risk model.

Every concept of the reference model (``shared/MODEL.md`` section 2) is a frozen
dataclass whose fields are checked in ``__post_init__``: a bad value raises a
``ValueError`` or ``TypeError`` naming the field, the value and the allowed range.
Variations are made with :func:`dataclasses.replace`, which re-runs the checks.

The symbols used in the documentation of the payoffs (:mod:`ica_model.model.symbolic`) are
given with each field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from .._validation import check_bool, check_int, check_real

__all__ = [
    "Actor",
    "Costs",
    "Distribution",
    "Intervention",
    "InterventionEffects",
    "Risks",
    "Scenario",
    "Terms",
    "TokenCompliance",
    "check_scenario",
]

_UNIT = (0.0, 1.0)  # closed unit interval
_NONNEG = (0.0, None)


def _real(default: float, bounds: tuple[float | None, float | None], *, low_open: bool = False,
          high_open: bool = False, doc: str = "") -> float:
    return field(default=default, metadata={"bounds": bounds, "low_open": low_open,
                                            "high_open": high_open, "doc": doc})


def _validate_reals(instance: object) -> None:
    """Check every field that carries ``bounds`` metadata, and store it as a float."""
    for item in dataclasses.fields(instance):  # type: ignore[arg-type]
        bounds = item.metadata.get("bounds")
        if bounds is None:
            continue
        value = check_real(
            f"{type(instance).__name__}.{item.name}",
            getattr(instance, item.name),
            bounds[0],
            bounds[1],
            low_open=item.metadata["low_open"],
            high_open=item.metadata["high_open"],
        )
        object.__setattr__(instance, item.name, value)


@dataclass(frozen=True)
class Actor:
    """One local government (city or province).

    Parameters
    ----------
    name : str
        Label used in tables and figures.
    demand : float
        :math:`b_i > 0`, value of the integrated service to its residents and firms.
    capacity : float
        :math:`k_i \\in (0, 1]`, technical, fiscal and organisational capacity; lowers the
        information cost by up to half.
    preference : float
        :math:`h_i \\in [0, 1]`, position of its service priorities; the spread of the
        cooperators' preferences drives coordination risk and negotiation cost.
    selective_benefit : float
        :math:`s_i \\ge 0`, political credit, reputation, a ticket into the shared platform.
    innovation_value : float
        :math:`g_i \\ge 0`, value of self-directed innovation, crowded out by mandates.
    """

    name: str = "actor"
    demand: float = _real(1.0, _NONNEG, low_open=True)
    capacity: float = _real(1.0, _UNIT, low_open=True)
    preference: float = _real(0.5, _UNIT)
    selective_benefit: float = _real(0.0, _NONNEG)
    innovation_value: float = _real(0.0, _NONNEG)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"Actor.name must be a str, got {self.name!r}")
        _validate_reals(self)


@dataclass(frozen=True)
class Intervention:
    """The higher authority's intervention vector :math:`v \\in [0, 1]^3`.

    Parameters
    ----------
    authority : float
        :math:`v_{auth}`: mandates, laws, unified standards (权威型).
    incentive : float
        :math:`v_{incent}`: fiscal, personnel and equipment support (激励型).
    information : float
        :math:`v_{info}`: guidance, signals, technical and expert support (信息型).

    Examples
    --------
    >>> Intervention.from_level(0.5, (1.0, 0.0, 0.5))
    Intervention(authority=0.5, incentive=0.0, information=0.25)
    """

    authority: float = _real(0.0, _UNIT)
    incentive: float = _real(0.0, _UNIT)
    information: float = _real(0.0, _UNIT)

    def __post_init__(self) -> None:
        _validate_reals(self)

    @classmethod
    def from_level(cls, level: float, mix: Sequence[float] = (1.0, 1.0, 1.0)) -> Intervention:
        """Build :math:`v = \\lambda w` from a level :math:`\\lambda \\in [0,1]` and a mix ``w``.

        ``mix`` holds the weights of (authority, incentive, information), each in [0, 1].
        """
        level = check_real("level", level, 0.0, 1.0)
        if isinstance(mix, str) or not isinstance(mix, Sequence) or len(mix) != 3:
            raise ValueError(f"mix must be 3 weights (authority, incentive, information), got {mix!r}")
        weights = [check_real(f"mix[{k}]", w, 0.0, 1.0) for k, w in enumerate(mix)]
        return cls(*(level * w for w in weights))


@dataclass(frozen=True)
class Costs:
    """Transaction costs of cooperation (seed 004: 信息成本, 协商成本, 执行成本, 自主权丧失成本).

    Parameters
    ----------
    information : float
        :math:`c_{info} \\ge 0`, information asymmetry cost.
    negotiation : float
        :math:`c_{neg} \\ge 0`, bargaining cost per partner (scaled by :math:`(m-1)^\\beta`).
    enforcement : float
        :math:`c_{enf} \\ge 0`, cost of enforcing a soft agreement (scaled by :math:`1-\\rho`).
    autonomy : float
        :math:`c_{auto} \\ge 0`, autonomy loss under full mandate (scaled by :math:`v_{auth}^\\gamma`).
    negotiation_exponent : float
        :math:`\\beta > 0`, how fast bargaining grows with the number of partners.
    autonomy_exponent : float
        :math:`\\gamma \\ge 1`, convexity of autonomy loss in the mandate.
    """

    information: float = _real(0.0, _NONNEG)
    negotiation: float = _real(0.0, _NONNEG)
    enforcement: float = _real(0.0, _NONNEG)
    autonomy: float = _real(0.0, _NONNEG)
    negotiation_exponent: float = _real(1.0, _NONNEG, low_open=True)
    autonomy_exponent: float = _real(2.0, (1.0, None))

    def __post_init__(self) -> None:
        _validate_reals(self)


@dataclass(frozen=True)
class Risks:
    """Collaboration risks (seed 004: 协调不力, 背弃合作, 分配不公).

    Parameters
    ----------
    coordination : float
        :math:`p_0 \\in [0, 1]`, chance that the joint service fails to interoperate when the
        cooperators' preferences are maximally spread (:math:`H = 1`).
    defection : float
        :math:`q_0 \\in [0, 1]`, chance that a committed partner reneges under a verbal
        agreement and no authority.
    spillover : float
        :math:`\\theta \\in [0, 1]`, share of the non-excludable output a defector enjoys
        (free riding on the pilots' sunk costs: the distribution risk).
    """

    coordination: float = _real(0.0, _UNIT)
    defection: float = _real(0.0, _UNIT)
    spillover: float = _real(0.0, _UNIT)

    def __post_init__(self) -> None:
        _validate_reals(self)


@dataclass(frozen=True)
class InterventionEffects:
    """How strongly each intervention kind acts on each cost and risk.

    Efficacies lie in [0, 1]: at full intervention the targeted term is multiplied by
    ``1 - efficacy``.

    Parameters
    ----------
    authority_on_coordination : float
        :math:`e_{ca}`: unified standards cut coordination failure.
    information_on_coordination : float
        :math:`e_{ci}`: guidance and signals cut coordination failure.
    authority_on_defection : float
        :math:`e_q`: authority makes reneging costly.
    information_on_information_cost : float
        :math:`e_{info}`: expert support cuts the information cost.
    authority_on_negotiation : float
        :math:`e_{neg}`: unified standards cut bargaining.
    authority_on_enforcement : float
        :math:`e_{enf}`: authority enforces agreements.
    signal_boost : float
        :math:`\\varphi \\ge 0`: informational signals raise selective benefits by
        :math:`1 + \\varphi v_{info}`.
    incentive_subsidy : float
        :math:`\\sigma \\ge 0`: transfer to each cooperator at full incentive intervention.
    innovation_crowding : float
        :math:`\\mu > 0`: innovation value is scaled by :math:`(1 - v_{auth})^\\mu`.
    expected_penalty : float
        :math:`\\pi F \\ge 0`: expected penalty on a defector at full authority.
    """

    authority_on_coordination: float = _real(0.0, _UNIT)
    information_on_coordination: float = _real(0.0, _UNIT)
    authority_on_defection: float = _real(0.0, _UNIT)
    information_on_information_cost: float = _real(0.0, _UNIT)
    authority_on_negotiation: float = _real(0.0, _UNIT)
    authority_on_enforcement: float = _real(0.0, _UNIT)
    signal_boost: float = _real(0.0, _NONNEG)
    incentive_subsidy: float = _real(0.0, _NONNEG)
    innovation_crowding: float = _real(1.0, _NONNEG, low_open=True)
    expected_penalty: float = _real(0.0, _NONNEG)

    def __post_init__(self) -> None:
        _validate_reals(self)


@dataclass(frozen=True)
class TokenCompliance:
    """The optional third action ``T``: token compliance (躺平).

    A token complier complies on paper with mandated items: it contributes a weight
    :math:`\\omega_T` of a cooperator's participation, enjoys a spillover share
    :math:`\\theta_T`, earns a share :math:`s_T` of its selective benefit *in proportion to
    the mandate* :math:`v_{auth}` (there is nothing to comply with when there is no mandate),
    bears the autonomy loss and a share :math:`t` of the information and enforcement costs,
    and pays no penalty.

    Parameters
    ----------
    enabled : bool
        Whether ``T`` is an action. Disabled, the game is exactly the {C, D} game.
    participation_weight : float
        :math:`\\omega_T \\in [0, 1)`.
    spillover : float
        :math:`\\theta_T \\in [0, 1]`.
    credit : float
        :math:`s_T \\ge 0`.
    cost_share : float
        :math:`t \\in [0, 1]`.
    """

    enabled: bool = False
    participation_weight: float = _real(0.2, _UNIT, high_open=True)
    spillover: float = _real(0.0, _UNIT)
    credit: float = _real(0.5, _NONNEG)
    cost_share: float = _real(0.1, _UNIT)

    def __post_init__(self) -> None:
        check_bool("TokenCompliance.enabled", self.enabled)
        _validate_reals(self)


@dataclass(frozen=True)
class Distribution:
    """How cooperators share the gross output, and compensation among them (分配, 补偿机制).

    Parameters
    ----------
    sharing : float
        :math:`\\eta \\in [0, 1]`: each cooperator's gross value is
        :math:`((1-\\eta) b_i + \\eta \\bar b_S)(1 - p)\\,E[G]`; 0 is "own demand", 1 is an
        equal split of the cooperators' total value.
    compensation : float
        :math:`\\tau \\in [0, 1]`: budget-balanced transfer
        :math:`\\tau (\\bar U_S - U_i)` to each cooperator, where :math:`\\bar U_S` is the
        cooperators' mean payoff before transfers; 1 equalises the cooperators' payoffs.
    """

    sharing: float = _real(0.0, _UNIT)
    compensation: float = _real(0.0, _UNIT)

    def __post_init__(self) -> None:
        _validate_reals(self)


@dataclass(frozen=True)
class Terms:
    """Switches for every named term of the payoffs: the four transaction costs, the three
    collaboration risks and the three intervention kinds. A switched-off term is removed
    from the symbolic payoffs (not merely set to zero numerically).
    """

    information_cost: bool = True
    negotiation_cost: bool = True
    enforcement_cost: bool = True
    autonomy_cost: bool = True
    coordination_risk: bool = True
    defection_risk: bool = True
    distribution_risk: bool = True
    authority: bool = True
    incentive: bool = True
    information: bool = True

    def __post_init__(self) -> None:
        for item in dataclasses.fields(self):
            check_bool(f"Terms.{item.name}", getattr(self, item.name))


@dataclass(frozen=True)
class Scenario:
    """A region: its actors and every parameter of the cost–risk model.

    Parameters
    ----------
    name : str
        Short name (``"g60"``).
    actors : tuple of Actor
        At least two local governments.
    costs, risks, effects, token, distribution, terms
        See :class:`Costs`, :class:`Risks`, :class:`InterventionEffects`,
        :class:`TokenCompliance`, :class:`Distribution`, :class:`Terms`.
    agreement_hardness : float
        :math:`\\rho \\in [0, 1]`: 0 verbal and informal, 1 formal, binding and monitored.
    network_exponent : int
        :math:`\\alpha \\ge 1` in :math:`G(x) = (x/n)^\\alpha`. An integer, so that the
        expected output over random defections has an exact polynomial closed form.
    group_heterogeneity : float or None
        ``None``: :math:`H(S)` is computed from the cooperators' preferences. A number in
        [0, 1]: :math:`H(S)` is that constant for every coalition, the mean-field reading
        used for homogeneous groups, whose identical actors would otherwise never disagree.
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
    terms: Terms = field(default_factory=Terms)
    agreement_hardness: float = _real(0.0, _UNIT)
    network_exponent: int = 1
    group_heterogeneity: float | None = None
    description: str = ""
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"Scenario.name must be a str, got {self.name!r}")
        actors = self.actors
        if isinstance(actors, Actor) or not isinstance(actors, Sequence):
            raise TypeError(f"Scenario.actors must be a sequence of Actor, got {actors!r}")
        actors = tuple(actors)
        for k, actor in enumerate(actors):
            if not isinstance(actor, Actor):
                raise TypeError(f"Scenario.actors[{k}] must be an Actor, got {actor!r}")
        if len(actors) < 2:
            raise ValueError(f"Scenario.actors must hold at least 2 actors, got {len(actors)}")
        object.__setattr__(self, "actors", actors)
        for name, kind in [("costs", Costs), ("risks", Risks), ("effects", InterventionEffects),
                           ("token", TokenCompliance), ("distribution", Distribution),
                           ("terms", Terms)]:
            if not isinstance(getattr(self, name), kind):
                raise TypeError(f"Scenario.{name} must be a {kind.__name__}, "
                                f"got {getattr(self, name)!r}")
        _validate_reals(self)
        check_int("Scenario.network_exponent", self.network_exponent, 1, 8)
        if self.group_heterogeneity is not None:
            object.__setattr__(self, "group_heterogeneity", check_real(
                "Scenario.group_heterogeneity", self.group_heterogeneity, 0.0, 1.0))
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
        same = all(
            (a.demand, a.capacity, a.selective_benefit, a.innovation_value)
            == (first.demand, first.capacity, first.selective_benefit, first.innovation_value)
            for a in self.actors
        )
        same_preferences = self.group_heterogeneity is not None or all(
            a.preference == first.preference for a in self.actors)
        return same and same_preferences

    @property
    def actions(self) -> tuple[str, ...]:
        """Action labels: ``("C", "D")`` or ``("C", "D", "T")`` with token compliance."""
        return ("C", "D", "T") if self.token.enabled else ("C", "D")

    def with_group_size(self, n: int) -> Scenario:
        """The same homogeneous scenario with ``n`` copies of its first actor."""
        n = check_int("n", n, 2)
        if not self.is_homogeneous:
            raise ValueError(f"with_group_size needs a homogeneous scenario; {self.name!r} is not")
        actors = tuple(dataclasses.replace(self.actors[0], name=f"actor {k + 1}") for k in range(n))
        return dataclasses.replace(self, actors=actors)


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
