"""The Yangtze River Delta "one network" (一网通办): three provinces and one city, from
provincial platforms (2013 to mid-2018) to central integration (mid-2018 to 2019).

Source: 钟伟军, 《地方政府的分散创新与中央主导下的创新整合——长三角政务服务"一网通办"的实践路径》,
《江苏社会科学》2022(1) (cited as "the Yangtze River Delta study").

Examples
--------
>>> from ica_model import cases
>>> [fact.name for fact in cases.YANGTZE_RIVER_DELTA.facts]
['no integration', 'integration']
>>> print(cases.YANGTZE_RIVER_DELTA.facts[0].citation.quote)
试图通过地方政府间进行区域合作来完全消除行政壁垒的想法显然是不切实际的
"""

from __future__ import annotations

from ..model.facts import Citation, Epoch, Fact, Study
from ..model.history_records import AllCooperate, CaseHistory, Cooperating, Event, HistoryFact
from ..model.parameters import Actor, Scenario, TokenCompliance
from ._case import Case, Representative
from .shared import ORDERED_TOKEN, all_cooperate, all_cooperate_gap, no_integration, no_integration_gap, prior

__all__ = ["CASE", "EPOCHS", "FACTS", "HISTORY", "PRIOR", "PROVINCES", "REPRESENTATIVE",
           "STUDY"]

#: The source.
STUDY = Study("钟伟军", "地方政府的分散创新与中央主导下的创新整合——长三角政务服务"
              "\u201c一网通办\u201d的实践路径", "《江苏社会科学》2022(1)")

#: The four provincial actors.
PROVINCES = ("Shanghai", "Jiangsu", "Zhejiang", "Anhui")

#: The epochs: the ranges the dated events allow, and the levels at the representative draw.
EPOCHS = (
    Epoch("provincial platforms", "2013 to mid-2018",
          {"information": (0.1, 0.3)},
          "Mature provincial platforms (Shanghai and Zhejiang from 2013, Jiangsu from 2014, "
          "Anhui from June 2018) and dense horizontal learning, but no cross-province "
          "integration: administrative, interest and technical barriers stand.",
          Citation(STUDY, "sections 3 and 4"), {"information": 0.208}),
    Epoch("central integration", "mid-2018 to 2019",
          {"standards": (0.6, 0.9), "authority": (0.2, 0.5), "incentive": (0.0, 0.1),
           "information": (0.4, 0.8), "national_integration": (0.0, 0.3)},
          "The State Council's pilot (July 2018) and work plan (March 2019): national codes, "
          "identity, e-licences and e-seals, a data exchange platform, deadlines; 51 items in "
          "14 cities of all four in May 2019.", Citation(STUDY, "section 5"),
          {"standards": 0.824, "authority": 0.477, "incentive": 0.0777, "information": 0.791,
           "national_integration": 0.0293}),
)

#: Provincial self-organisation could not integrate across provinces; central integration
#: brought all four in.
FACTS = (
    Fact("no integration", "provincial platforms", "No cross-province integration: full "
         "integration is not an equilibrium and at most one province cooperates in the "
         "selected equilibrium.",
         Citation(STUDY, "section 4(3)",
                  "试图通过地方政府间进行区域合作来完全消除行政壁垒的想法显然是不切实际的"),
         no_integration, gap=no_integration_gap),
    Fact("integration", "central integration", "All four provinces integrate: full "
         "cooperation is an equilibrium.", Citation(STUDY, "section 5(3)"), all_cooperate,
         needs_response=False, gap=all_cooperate_gap),
)

#: The plausible ranges of what the study does not observe, each with its reason. Capacity
#: follows the start of each provincial reform (Shanghai and Zhejiang 2013, Jiangsu 2014,
#: Anhui June 2018): Anhui's range lies below the others'.
PRIOR = prior({
    "information_cost": ((0.2, 0.8), "A 'technical gulf' between provincial systems (技术沟壑)."),
    "negotiation_cost": ((0.05, 0.3), "Administrative and interest barriers between "
                         "jurisdiction-maximising provinces."),
    "coordination_risk": ((0.5, 1.0), "Four provincial platforms built apart; the barriers "
                          "'stay firm' (坚不可摧)."),
    "capacity": ((0.7, 1.0), "Shanghai, Jiangsu and Zhejiang: reforms from 2013-2014, the top "
                 "three of six practices promoted nationally in May 2018."),
    "capacity.3": ((0.2, 0.6), "Anhui started last (June 2018), learning from the others."),
    "preference": ((0.1, 0.9), "Competing provincial brands and priorities."),
}, ORDERED_TOKEN)

#: The representative accepted draw of ``calibrate(CASE, draws=400_000, rng=0)`` (its epoch
#: levels are each epoch's ``representative``).
REPRESENTATIVE = Representative(draws=400_000, rng=0, row=2760, values={
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
})


def base() -> Scenario:
    """The scenario the sources fix, before the representative draw's values.

    From the Yangtze River Delta study: four provincial actors; mature provincial platforms
    but administrative, interest and technical barriers between them (the ranges of
    negotiation, information cost and coordination risk lie above the G60 corridor's);
    Anhui's reform started last (its capacity range lies below the others'). Demand is
    equal (illustrative). The lead items each province took in the 2019 batch (Shanghai
    36, Jiangsu 15, Zhejiang 15, Anhui 23) are an assignment of integration work, not
    capacity, and are not used.
    """
    return Scenario(name="yangtze_river_delta",
                    actors=tuple(Actor(name) for name in PROVINCES),
                    token=TokenCompliance(enabled=True), agreement_hardness=0.0,
                    description="Yangtze River Delta, four provincial actors with high barriers.",
                    sources=("Yangtze River Delta study: four actors, barriers, reform start "
                             "dates", "other values: representative draw of the calibration"))


#: The case.
CASE = Case("yangtze_river_delta", EPOCHS, FACTS, PRIOR, base, REPRESENTATIVE)


#: The Yangtze River Delta's history, year by year (:mod:`ica_model.history`): no first-mover
#: credit for cross-province work (the integration was the centre's), the State Council's
#: guidance and pilot plan as events. The representative draw is row 431 of
#: ``calibrate_histories("yangtze_river_delta", 600, rng=0)``.
HISTORY = CaseHistory(
    "yangtze_river_delta",
    "Yangtze River Delta, four provincial actors, one network (一网通办)",
    PROVINCES, (2016, 2017, 2018, 2019, 2020),
    {2016: "provincial platforms", 2017: "provincial platforms", 2018: "provincial platforms",
     2019: "central integration", 2020: "central integration"},
    (Event(2018, "State Council", "guidance on a national integrated online platform "
           "(July 2018)", Citation(STUDY, "section 5(1)",
           "2018年7月国务院就出台了《关于加快推进全国一体化在线政务服务平台建设的指导意见》")),
     Event(2019, "State Council", "the pilot work plan of the Yangtze River Delta's one "
           "network (March 2019)", Citation(STUDY, "section 5(1)",
           "国务院办公厅印发了《长三角地区政务服务“一网通办”试点工作方案》"))),
    facts=(HistoryFact("no integration before", "No cross-province integration before the "
                       "central push: at most one province cooperates each year to 2017.",
                       Citation(STUDY, "section 4(3)",
                                "试图通过地方政府间进行区域合作来完全消除行政壁垒的想法显然是不切实际的"),
                       Cooperating(2016, 2017, high=1)),
           HistoryFact("all four after", "All four integrate from 2019 on.",
                       Citation(STUDY, "section 5(3)",
                                "首批51个政务服务事项在上海、江苏、浙江、安徽的14个城市实现区域“一网通办”"),
                       AllCooperate(2019, 2020))),
    first_mover=0.0,
    representative=(600, 0, 431),
)
