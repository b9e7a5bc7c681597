"""Named canonical scenarios shared by tests, docs and experiments.

Every value is either taken from a source or marked *illustrative*. Sources:

* [S004] 刘露露, 《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"的政务观测》.
* [S003] 钟伟军, 《地方政府的分散创新与中央主导下的创新整合——长三角政务服务"一网通办"的实践路径》.
* [CENSUS] Resident population of the Seventh National Population Census (2020), in
  millions, used only to order demand between cities.

Illustrative values are chosen so that the reference model's mechanisms all act at the
same order of magnitude (benefit of one cooperator of order 1); they are not estimates.
"""

from __future__ import annotations

import dataclasses

from .._validation import check_int
from .parameters import (
    Actor,
    Costs,
    InterventionEffects,
    Risks,
    Scenario,
    TokenCompliance,
)

__all__ = ["CASES", "g60", "symmetric", "yangtze_river_delta"]

#: Costs common to the named cases (illustrative). Negotiation grows linearly with the
#: number of partners (beta = 1, [S004]: "the more actors ... the higher the cost");
#: autonomy loss is convex (gamma = 2).
REFERENCE_COSTS = Costs(information=0.3, negotiation=0.06, enforcement=0.3, autonomy=0.8,
                        negotiation_exponent=1.0, autonomy_exponent=2.0)

#: Risks (illustrative): coordination failure up to 40% at maximal disagreement, a 30%
#: chance a partner reneges on a verbal agreement ([S004]: most G60 agreements were
#: "leaders' verbal consultations"), defectors enjoy 60% of the non-excludable output.
REFERENCE_RISKS = Risks(coordination=0.4, defection=0.3, spillover=0.6)

#: How each intervention kind acts (illustrative; which kind acts on which term follows [S004]):
#: authority unifies standards and enforces; information guides and signals; incentives pay.
REFERENCE_EFFECTS = InterventionEffects(
    authority_on_coordination=0.8, information_on_coordination=0.5, authority_on_defection=0.8,
    information_on_information_cost=0.6, authority_on_negotiation=0.6,
    authority_on_enforcement=0.8, signal_boost=0.5, incentive_subsidy=0.3,
    innovation_crowding=1.0, expected_penalty=0.3)

#: Token compliance (躺平, [S004]): on-paper compliance counts for 20% of participation.
REFERENCE_TOKEN = TokenCompliance(enabled=True, participation_weight=0.2, spillover=0.6,
                                  credit=0.6, cost_share=0.1)


def symmetric(n: int = 9, token_compliance: bool = True) -> Scenario:
    """A homogeneous reference group of ``n`` identical local governments (illustrative).

    The group's preference spread is the mean-field constant :math:`H = 0.3`.

    Examples
    --------
    >>> symmetric().n, symmetric().is_homogeneous
    (9, True)
    """
    n = check_int("n", n, 2)
    actor = Actor("member", demand=1.0, capacity=0.6, preference=0.5, selective_benefit=0.45,
                  innovation_value=0.3)
    return Scenario(
        name="symmetric",
        actors=tuple(dataclasses.replace(actor, name=f"member {k + 1}") for k in range(n)),
        costs=REFERENCE_COSTS,
        risks=REFERENCE_RISKS,
        effects=REFERENCE_EFFECTS,
        token=dataclasses.replace(REFERENCE_TOKEN, enabled=token_compliance),
        agreement_hardness=0.0,
        group_heterogeneity=0.3,
        description="Homogeneous reference group; every value illustrative.",
        sources=("all values illustrative",),
    )


# name, 2020 resident population (millions) [CENSUS], capacity, preference,
# selective benefit, innovation value.
_G60_CITIES = (
    ("Songjiang", 1.91, 1.0, 0.45, 0.70, 0.5),   # originator of the corridor [S004]
    ("Jiaxing", 5.40, 0.7, 0.45, 0.45, 0.3),
    ("Hangzhou", 11.94, 0.9, 0.35, 0.35, 0.4),   # competes with Songjiang and Suzhou [S004]
    ("Jinhua", 7.05, 0.6, 0.50, 0.45, 0.3),
    ("Suzhou", 12.75, 0.9, 0.35, 0.35, 0.4),
    ("Huzhou", 3.37, 0.6, 0.45, 0.45, 0.3),
    ("Xuancheng", 2.50, 0.4, 0.55, 0.55, 0.2),   # smallest capacity, gains most from the ticket
    ("Wuhu", 3.64, 0.6, 0.90, 0.45, 0.3),        # shipping specialisation [S004]
    ("Hefei", 9.37, 0.8, 0.50, 0.45, 0.4),
)


def g60() -> Scenario:
    """The nine cities of the G60 Science and Technology Innovation Corridor ([S004]).

    Demand is :math:`b_i = (\\text{pop}_i / \\overline{\\text{pop}})^{1/2}`, ordered by 2020
    population [CENSUS] with a concave scale (illustrative). Capacity, preferences,
    selective benefits and innovation values are illustrative, with the orderings that
    [S004] reports: Songjiang originated the corridor and pilots first; Wuhu's services
    centre on shipping, so its priorities sit apart; Songjiang, Suzhou and Hangzhou both
    cooperate and compete. Agreements are verbal (:math:`\\rho = 0`, [S004]).

    Examples
    --------
    >>> [a.name for a in g60().actors][:3]
    ['Songjiang', 'Jiaxing', 'Hangzhou']
    """
    mean_population = sum(city[1] for city in _G60_CITIES) / len(_G60_CITIES)
    actors = tuple(
        Actor(name, demand=round((population / mean_population) ** 0.5, 4), capacity=capacity,
              preference=preference, selective_benefit=selective, innovation_value=innovation)
        for name, population, capacity, preference, selective, innovation in _G60_CITIES
    )
    return Scenario(
        name="g60",
        actors=actors,
        costs=REFERENCE_COSTS,
        risks=REFERENCE_RISKS,
        effects=REFERENCE_EFFECTS,
        token=REFERENCE_TOKEN,
        agreement_hardness=0.0,
        description="G60 corridor, nine cities, cross-province services (跨省通办).",
        sources=("[S004] cities, verbal agreements, Wuhu shipping, Songjiang origin",
                 "[CENSUS] population ordering of demand", "other values illustrative"),
    )


# name, lead items of the first cross-province batch [S003], preference.
_YRD_PROVINCES = (
    ("Shanghai", 36, 0.30),
    ("Jiangsu", 15, 0.60),
    ("Zhejiang", 15, 0.50),
    ("Anhui", 23, 0.80),
)


def yangtze_river_delta() -> Scenario:
    """The three provinces and one city of the Yangtze River Delta "one network" ([S003]).

    Capacity is proportional to the number of items each led in the cross-province
    batch (Shanghai 36, Jiangsu 15, Zhejiang 15, Anhui 23 [S003]), normalised by
    Shanghai's. High administrative, interest and technical barriers ([S003]) are
    represented by doubled negotiation cost and coordination risk and widely spread
    preferences (illustrative magnitudes).

    Examples
    --------
    >>> [round(a.capacity, 3) for a in yangtze_river_delta().actors]
    [1.0, 0.417, 0.417, 0.639]
    """
    actors = tuple(
        Actor(name, demand=1.0, capacity=items / 36, preference=preference,
              selective_benefit=0.45, innovation_value=0.4)
        for name, items, preference in _YRD_PROVINCES
    )
    return Scenario(
        name="yangtze_river_delta",
        actors=actors,
        costs=dataclasses.replace(REFERENCE_COSTS, negotiation=2 * REFERENCE_COSTS.negotiation),
        risks=dataclasses.replace(REFERENCE_RISKS, coordination=min(1.0, 2 * REFERENCE_RISKS.
                                                                    coordination)),
        effects=REFERENCE_EFFECTS,
        token=REFERENCE_TOKEN,
        agreement_hardness=0.0,
        description="Yangtze River Delta, four provincial actors with high barriers.",
        sources=("[S003] four actors, lead items for capacity, high barriers",
                 "other values illustrative"),
    )


#: Named scenarios by name.
CASES = {"symmetric": symmetric, "g60": g60, "yangtze_river_delta": yangtze_river_delta}
