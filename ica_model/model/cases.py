"""Named canonical scenarios shared by tests, docs and experiments.

Every value is either taken from a source, or is a *representative point of a
calibration* (:mod:`ica_model.analysis.calibration`: drawn from the plausible ranges of
:mod:`ica_model.model.facts` and accepted because every observed fact of the case holds),
or is marked *illustrative*. Nothing here is an estimate; the calibration's accepted region
is the honest statement, and claims are reported as shares of it.

Sources: 刘露露, 《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"的政务观测》 (the
G60 corridor); 钟伟军, 《地方政府的分散创新与中央主导下的创新整合——长三角政务服务"一网通办"的
实践路径》, 《江苏社会科学》2022(1) (the Yangtze River Delta); the Seventh National Population
Census (2020), resident population in millions, used only to order demand between cities.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from .._validation import check_bool, check_int
from .parameters import Actor, Scenario, TokenCompliance
from .points import as_points

__all__ = ["CASES", "EPOCH_LEVELS", "g60", "symmetric", "yangtze_river_delta"]

# name, 2020 resident population (millions), pilot: Songjiang originated the corridor and
# received the 2019 provincial support first, which it spread to the other eight (G60 study,
# sections 1(1) and 3(1)2).
_G60_CITIES = (
    ("Songjiang", 1.91, 1.0), ("Jiaxing", 5.40, 0.0), ("Hangzhou", 11.94, 0.0),
    ("Jinhua", 7.05, 0.0), ("Suzhou", 12.75, 0.0), ("Huzhou", 3.37, 0.0),
    ("Xuancheng", 2.50, 0.0), ("Wuhu", 3.64, 0.0), ("Hefei", 9.37, 0.0),
)

#: The representative accepted draw (row 3375 of ``calibrate("g60", draws=200_000, rng=0)``,
#: the accepted draw nearest the accepted medians; three significant digits). Actor
#: attributes are numbered in the order of the cities above.
G60_CALIBRATED = {
    "token_weight": 0.39, "token_spillover": 0.558, "token_credit": 0.771,
    "token_cost_share": 0.182, "token_autonomy_share": 0.328, "detection": 0.0479,
    "detection_by_information": 0.466, "detected_sanction": 0.262, "expected_penalty": 0.541,
    "standards_on_coordination": 0.639, "standards_on_negotiation": 0.681,
    "standards_on_enforcement": 0.666, "standards_on_defection": 0.181,
    "standards_autonomy": 0.0879, "authority_on_coordination": 0.173,
    "authority_on_negotiation": 0.208, "authority_on_enforcement": 0.0629,
    "authority_on_defection": 0.467, "information_on_coordination": 0.431,
    "information_on_information_cost": 0.467, "signal_boost": 0.672,
    "incentive_subsidy": 0.436, "innovation_crowding": 0.917, "outside_on_negotiation": 0.468,
    "outside_on_coordination": 0.41, "platform_substitution": 0.422, "setup_cost": 0.47,
    "joiner_saving": 0.601, "pilot_support": 0.394, "negotiation_exponent": 0.736,
    "autonomy_exponent": 2.11, "enforcement_cost": 0.215, "autonomy_cost": 0.874,
    "defection_risk": 0.169, "spillover": 0.34, "selective_benefit.0": 0.653,
    "selective_benefit.1": 0.375, "selective_benefit.2": 0.322, "selective_benefit.3": 0.502,
    "selective_benefit.4": 0.724, "selective_benefit.5": 0.277, "selective_benefit.6": 0.421,
    "selective_benefit.7": 0.672, "selective_benefit.8": 0.203, "innovation_value.0": 0.401,
    "innovation_value.1": 0.502, "innovation_value.2": 0.426, "innovation_value.3": 0.205,
    "innovation_value.4": 0.36, "innovation_value.5": 0.521, "innovation_value.6": 0.481,
    "innovation_value.7": 0.362, "innovation_value.8": 0.428, "information_cost": 0.107,
    "negotiation_cost": 0.0591, "coordination_risk": 0.521, "capacity.0": 0.84,
    "capacity.1": 0.551, "capacity.2": 0.712, "capacity.3": 0.718, "capacity.4": 0.994,
    "capacity.5": 0.65, "capacity.6": 0.647, "capacity.7": 0.736, "capacity.8": 0.517,
    "preference.0": 0.455, "preference.1": 0.533, "preference.2": 0.401, "preference.3": 0.407,
    "preference.4": 0.355, "preference.5": 0.44, "preference.6": 0.529, "preference.7": 0.839,
    "preference.8": 0.398,
}

#: The intervention and national integration of each G60 epoch at the representative draw.
G60_EPOCH_LEVELS = {
    "launch": {"standards": 0.0329, "information": 0.0771, "national_integration": 0.0604},
    "pilot": {"standards": 0.407, "authority": 0.108, "incentive": 0.247, "information": 0.497,
              "national_integration": 0.0278},
    "lists": {"standards": 0.319, "authority": 0.796, "incentive": 0.128, "information": 0.181,
              "national_integration": 0.463},
    "more lists": {"standards": 0.358, "authority": 0.833, "incentive": 0.0136,
                   "information": 0.0853, "national_integration": 0.947},
}

_YRD_PROVINCES = ("Shanghai", "Jiangsu", "Zhejiang", "Anhui")

#: The representative accepted draw (row 2760 of
#: ``calibrate("yangtze_river_delta", draws=400_000, rng=0)``; three significant digits).
#: Capacity follows the start of each provincial reform (Shanghai and Zhejiang 2013, Jiangsu
#: 2014, Anhui June 2018): Anhui's range lies below the others'.
YRD_CALIBRATED = {
    "token_weight": 0.299, "token_spillover": 0.53, "token_credit": 0.534,
    "token_cost_share": 0.154, "token_autonomy_share": 0.394, "detection": 0.0587,
    "detection_by_information": 0.325, "detected_sanction": 0.152, "expected_penalty": 0.541,
    "standards_on_coordination": 0.478, "standards_on_negotiation": 0.821,
    "standards_on_enforcement": 0.475, "standards_on_defection": 0.209,
    "standards_autonomy": 0.0741, "authority_on_coordination": 0.0236,
    "authority_on_negotiation": 0.224, "authority_on_enforcement": 0.0953,
    "authority_on_defection": 0.64, "information_on_coordination": 0.471,
    "information_on_information_cost": 0.765, "signal_boost": 0.518,
    "incentive_subsidy": 0.416, "innovation_crowding": 1.57, "outside_on_negotiation": 0.25,
    "outside_on_coordination": 0.63, "platform_substitution": 0.681, "setup_cost": 0.277,
    "joiner_saving": 0.559, "pilot_support": 0.287, "negotiation_exponent": 0.688,
    "autonomy_exponent": 2.81, "enforcement_cost": 0.311, "autonomy_cost": 0.992,
    "defection_risk": 0.212, "spillover": 0.341, "selective_benefit.0": 0.329,
    "selective_benefit.1": 0.316, "selective_benefit.2": 0.625, "selective_benefit.3": 0.265,
    "innovation_value.0": 0.275, "innovation_value.1": 0.138, "innovation_value.2": 0.432,
    "innovation_value.3": 0.161, "information_cost": 0.561, "negotiation_cost": 0.232,
    "coordination_risk": 0.715, "capacity.0": 0.807, "capacity.1": 0.844, "capacity.2": 0.913,
    "capacity.3": 0.325, "preference.0": 0.182, "preference.1": 0.534, "preference.2": 0.528,
    "preference.3": 0.67,
}

#: The intervention and national integration of each Yangtze River Delta epoch at the
#: representative draw.
YRD_EPOCH_LEVELS = {
    "provincial platforms": {"information": 0.208},
    "central integration": {"standards": 0.824, "authority": 0.477, "incentive": 0.0777,
                            "information": 0.791, "national_integration": 0.0293},
}


def _with(base: Scenario, values: Mapping[str, float]) -> Scenario:
    """``base`` with the given parameter values (symbols, ``"attribute.k"`` per actor)."""
    return as_points(base, {name: [value] for name, value in values.items()}).scenario_at(0)


def g60() -> Scenario:
    """The nine cities of the G60 Science and Technology Innovation Corridor.

    From the G60 study: the nine cities, their verbal agreements (:math:`\\rho = 0`),
    Songjiang as the originator and the pilot that 2019's support reached first, Wuhu's
    shipping priorities (its preference range lies apart). Demand is
    :math:`b_i = (\\text{pop}_i / \\overline{\\text{pop}})^{1/2}` from the 2020 census (a
    concave, illustrative scale of the population ordering). Every other value is the
    representative draw of the calibration (:data:`G60_CALIBRATED`); the epochs' levels are
    :data:`G60_EPOCH_LEVELS`.

    Examples
    --------
    >>> [a.name for a in g60().actors][:3]
    ['Songjiang', 'Jiaxing', 'Hangzhou']
    >>> g60().actors[0].pilot, g60().agreement_hardness
    (1.0, 0.0)
    """
    mean_population = sum(city[1] for city in _G60_CITIES) / len(_G60_CITIES)
    actors = tuple(Actor(name, demand=round((population / mean_population) ** 0.5, 4),
                         pilot=pilot) for name, population, pilot in _G60_CITIES)
    base = Scenario(name="g60", actors=actors, token=TokenCompliance(enabled=True),
                    agreement_hardness=0.0,
                    description="G60 corridor, nine cities, cross-province services (跨省通办).",
                    sources=("G60 study: the nine cities, verbal agreements, Songjiang's origin "
                             "and 2019 support, Wuhu's shipping",
                             "2020 census: population ordering of demand",
                             "other values: representative draw of the calibration"))
    return _with(base, G60_CALIBRATED)


def yangtze_river_delta() -> Scenario:
    """The three provinces and one city of the Yangtze River Delta "one network".

    From the Yangtze River Delta study: four provincial actors; mature provincial platforms
    but administrative, interest and technical barriers between them (the ranges of
    negotiation, information cost and coordination risk lie above the G60 corridor's);
    Anhui's reform started last (its capacity range lies below the others'). Demand is
    equal (illustrative). Every other value is the representative draw of the calibration
    (:data:`YRD_CALIBRATED`; epochs: :data:`YRD_EPOCH_LEVELS`). The lead items each
    province took in the 2019 batch (Shanghai 36, Jiangsu 15, Zhejiang 15, Anhui 23) are an
    assignment of integration work, not capacity, and are not used.

    Examples
    --------
    >>> [round(a.capacity, 3) for a in yangtze_river_delta().actors]
    [0.807, 0.844, 0.913, 0.325]
    """
    base = Scenario(name="yangtze_river_delta",
                    actors=tuple(Actor(name) for name in _YRD_PROVINCES),
                    token=TokenCompliance(enabled=True), agreement_hardness=0.0,
                    description="Yangtze River Delta, four provincial actors with high barriers.",
                    sources=("Yangtze River Delta study: four actors, barriers, reform start "
                             "dates", "other values: representative draw of the calibration"))
    return _with(base, YRD_CALIBRATED)


def symmetric(n: int = 9, token_compliance: bool = True) -> Scenario:
    """A homogeneous reference group of ``n`` identical local governments (illustrative).

    It takes the G60 corridor's calibrated costs, risks, effects and mechanisms, and the
    mean of the nine cities' attributes, at the corridor's last national integration (its
    bottleneck); no pilot; the group's preference spread is the mean-field constant
    :math:`H = 0.3`; the autonomy exponent
    is 2 and the innovation crowding 1, so that the margins are polynomials in the
    intervention levels (exact roots: :func:`~ica_model.model.closed_form.critical_authority_roots`).

    Examples
    --------
    >>> symmetric().n, symmetric().is_homogeneous
    (9, True)
    """
    n = check_int("n", n, 2, 10**6)
    token_compliance = check_bool("token_compliance", token_compliance)
    corridor = g60()
    means = {name: sum(getattr(a, name) for a in corridor.actors) / corridor.n
             for name in ("demand", "capacity", "selective_benefit", "innovation_value")}
    actor = Actor("member", preference=0.5, **{k: round(v, 4) for k, v in means.items()})
    return dataclasses.replace(
        corridor, name="symmetric",
        actors=tuple(dataclasses.replace(actor, name=f"member {k + 1}") for k in range(n)),
        token=dataclasses.replace(corridor.token, enabled=token_compliance),
        costs=dataclasses.replace(corridor.costs, autonomy_exponent=2.0),
        effects=dataclasses.replace(corridor.effects, innovation_crowding=1.0),
        outside=dataclasses.replace(
            corridor.outside,
            integration=G60_EPOCH_LEVELS["more lists"]["national_integration"]),
        group_heterogeneity=0.3,
        description="Homogeneous reference group with the G60 corridor's calibrated "
                    "parameters and mean attributes; illustrative.",
        sources=("G60 calibration (costs, risks, effects, mechanisms; mean attributes)",
                 "group size and heterogeneity illustrative"))


#: Named scenarios by name.
CASES = {"symmetric": symmetric, "g60": g60, "yangtze_river_delta": yangtze_river_delta}

#: The representative epochs' levels by case.
EPOCH_LEVELS = {"g60": G60_EPOCH_LEVELS, "yangtze_river_delta": YRD_EPOCH_LEVELS}
