"""The G60 Science and Technology Innovation Corridor: nine cities, cross-province services
(跨省通办) from 2018 to 2023.

Source: 刘露露, 《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"的政务观测》 (cited as
"the G60 study"); the Seventh National Population Census (2020), resident population in
millions, used only to order demand between cities.

What the study states enters as facts (patterns of the cities' equilibrium at dated
epochs, each with its section and words) and as ranges with reasons; every other value of
the scenario is the representative draw of the calibration over those ranges
(:data:`REPRESENTATIVE`, with the call that reproduces it), never an estimate.

Examples
--------
>>> from ica_model import cases
>>> [(epoch.name, epoch.period) for epoch in cases.G60.epochs]
[('launch', '2018'), ('pilot', '2019'), ('lists', '2020-2021'), ('more lists', '2022-2023')]
>>> bottleneck = cases.G60.epoch("more lists")
>>> bottleneck.ranges["authority"], bottleneck.representative["authority"]
((0.7, 0.95), 0.833)
"""

from __future__ import annotations

from ..model.facts import Citation, Epoch, Fact, Study
from ..model.history_records import (
    AllCooperate,
    CaseHistory,
    Cooperating,
    Event,
    HistoryFact,
    LyingFlatGradually,
    NoExit,
)
from ..model.parameters import Actor, Scenario, TokenCompliance
from ._case import Case, Representative
from .shared import (
    ORDERED_TOKEN,
    all_cooperate,
    all_cooperate_gap,
    lying_flat,
    lying_flat_gap,
    no_exit,
    no_exit_gap,
    prior,
)

__all__ = ["CASE", "CITIES", "EPOCHS", "FACTS", "HISTORY", "PRIOR", "REPRESENTATIVE", "STUDY"]

#: The source.
STUDY = Study("刘露露", "数字治理跨界行动中的困境及优化策略——基于G60九城\u201c跨省通办\u201d的政务观测")

#: Name, 2020 resident population (millions), pilot: Songjiang originated the corridor and
#: received the 2019 provincial support first, which it spread to the other eight (G60 study,
#: sections 1(1) and 3(1)2).
CITIES = (
    ("Songjiang", 1.91, 1.0), ("Jiaxing", 5.40, 0.0), ("Hangzhou", 11.94, 0.0),
    ("Jinhua", 7.05, 0.0), ("Suzhou", 12.75, 0.0), ("Huzhou", 3.37, 0.0),
    ("Xuancheng", 2.50, 0.0), ("Wuhu", 3.64, 0.0), ("Hefei", 9.37, 0.0),
)

#: The epochs: the ranges the dated events allow, and the levels at the representative draw.
EPOCHS = (
    Epoch("launch", "2018",
          {"standards": (0.0, 0.1), "information": (0.05, 0.2),
           "national_integration": (0.0, 0.1)},
          "The nine cities open cross-province services on their own, with no mandate; the "
          "2016-17 central speeches and a 2018 State Council document are signals only.",
          Citation(STUDY, "sections 1(1) and 3(1)"),
          {"standards": 0.0329, "information": 0.0771, "national_integration": 0.0604}),
    Epoch("pilot", "2019",
          {"standards": (0.2, 0.5), "authority": (0.0, 0.2), "incentive": (0.2, 0.5),
           "information": (0.3, 0.7), "national_integration": (0.0, 0.2)},
          "The State Council names the nine a pilot region (March 2019); provincial support "
          "reaches Songjiang first and spreads to the other eight; business standards are still "
          "not unified.", Citation(STUDY, "sections 3(1)2 and 3(2)"),
          {"standards": 0.407, "authority": 0.108, "incentive": 0.247, "information": 0.497,
           "national_integration": 0.0278}),
    Epoch("lists", "2020-2021",
          {"standards": (0.2, 0.4), "authority": (0.5, 0.8), "incentive": (0.0, 0.2),
           "information": (0.1, 0.3), "national_integration": (0.4, 0.8)},
          "A national list of 140 cross-province items (2020); a higher-level platform comes "
          "online; upper-level attention drifts to the demonstration zone.",
          Citation(STUDY, "section 4(2)"),
          {"standards": 0.319, "authority": 0.796, "incentive": 0.128, "information": 0.181,
           "national_integration": 0.463}),
    Epoch("more lists", "2022-2023",
          {"standards": (0.2, 0.4), "authority": (0.7, 0.95), "incentive": (0.0, 0.1),
           "information": (0.0, 0.2), "national_integration": (0.6, 1.0)},
          "22 more listed items (2022); the cities' items converge on the national lists; "
          "their own platform becomes a 'sample' (样品); officials 'lie flat' (躺平式顺从).",
          Citation(STUDY, "section 4(2)"),
          {"standards": 0.358, "authority": 0.833, "incentive": 0.0136, "information": 0.0853,
           "national_integration": 0.947}),
)

#: Launch without a mandate, a pilot that holds, then mandated lists under which all nine
#: stay in, and by the longer lists genuine cooperation has given way to lying flat.
FACTS = (
    Fact("launch", "launch", "All nine cities cooperate: full cooperation is an equilibrium "
         "(so the selected one) with no mandate.",
         Citation(STUDY, "section 3(1)", "九城市间的政务合作完全由地方政府自主发起"),
         all_cooperate, needs_response=False,
         gap=all_cooperate_gap),
    Fact("pilot", "pilot", "Cooperation holds through the national pilot: all nine cooperate.",
         Citation(STUDY, "section 3(2)"), all_cooperate, needs_response=False,
         gap=all_cooperate_gap),
    Fact("lists", "lists", "No city exits under the first lists: the selected equilibrium "
         "has no defector. Whether some city already lies flat the study does not say: they "
         "lay flat gradually (渐渐), so the fact leaves it open.",
         Citation(STUDY, "section 3(2)", "G60九城市第一时间开通"), no_exit, gap=no_exit_gap),
    Fact("more lists", "more lists", "No exit, and genuine cooperation has given way to "
         "lying flat under the longer lists: the selected equilibrium has no defector, at "
         "least one token complier, and full cooperation is not an equilibrium.",
         Citation(STUDY, "section 4(2)", "更倾向于\u201c躺平\u201d式顺从纵向强制性行动机制",
                  note="all nine in the joint work plan of 9 March 2023 and the remote "
                  "windows of June 2023 (section 3(2))"), lying_flat, gap=lying_flat_gap),
)

#: The plausible ranges of what the study does not observe, each with its reason.
PRIOR = prior({
    "information_cost": ((0.05, 0.4), "Information asymmetry is real but smaller than the "
                         "benefit: the nine launched anyway."),
    "negotiation_cost": ((0.01, 0.1), "Per partner: from enterprise items on which the nine "
                         "'easily agree' to deadlocks that shelve an item."),
    "coordination_risk": ((0.2, 0.8), "'Not connecting is normal, connecting the exception' "
                          "(不通是常态,通是例外)."),
    "capacity": ((0.4, 1.0), "No city capacities in the sources: illustrative."),
    "preference": ((0.3, 0.6), "Enterprise items first: priorities close."),
    "preference.7": ((0.8, 1.0), "Wuhu's services centre on shipping (以航运为特色)."),
}, ORDERED_TOKEN)

#: The representative accepted draw of ``calibrate(CASE, draws=200_000, rng=0)`` (its epoch
#: levels are each epoch's ``representative``). Actor attributes are numbered in the order
#: of :data:`CITIES`.
REPRESENTATIVE = Representative(draws=200_000, rng=0, row=4000, values={
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
})


def base() -> Scenario:
    """The scenario the sources fix, before the representative draw's values.

    From the G60 study: the nine cities, their verbal agreements (:math:`\\rho = 0`),
    Songjiang as the originator and the pilot that 2019's support reached first, Wuhu's
    shipping priorities (its preference range lies apart). Demand is
    :math:`b_i = (\\text{pop}_i / \\overline{\\text{pop}})^{1/2}` from the 2020 census (a
    concave, illustrative scale of the population ordering).
    """
    mean_population = sum(city[1] for city in CITIES) / len(CITIES)
    actors = tuple(Actor(name, demand=round((population / mean_population) ** 0.5, 4),
                         pilot=pilot) for name, population, pilot in CITIES)
    return Scenario(name="g60", actors=actors, token=TokenCompliance(enabled=True),
                    agreement_hardness=0.0,
                    description="G60 corridor, nine cities, cross-province services (跨省通办).",
                    sources=("G60 study: the nine cities, verbal agreements, Songjiang's origin "
                             "and 2019 support, Wuhu's shipping",
                             "2020 census: population ordering of demand",
                             "other values: representative draw of the calibration"))


#: The case.
CASE = Case("g60", EPOCHS, FACTS, PRIOR, base, REPRESENTATIVE)


#: The corridor's history, year by year (:mod:`ica_model.history`): the dated events that
#: re-inject political momentum, the demonstration zone competing for attention from 2020, the
#: three cities the study names as drawn to national-level cooperation, and the facts about
#: the whole path. The representative draw is row 73 of
#: ``calibrate_histories("g60", 240, rng=0)``.
HISTORY = CaseHistory(
    "g60", "G60 corridor, nine cities, cross-province services (跨省通办)",
    tuple(city[0] for city in CITIES), (2018, 2019, 2020, 2021, 2022, 2023),
    {2018: "launch", 2019: "pilot", 2020: "lists", 2021: "lists", 2022: "more lists",
     2023: "more lists"},
    (Event(2019, "State Council", "the nine named a pilot region of the Yangtze River Delta's "
           "one network (March 2019)", Citation(STUDY, "section 3(2)",
           "2019年3月G60科創走廊九城市被國務院辦公廳確定為長三角地區政務服務“一網通辦”試點區域")),
     Event(2019, "ministry", "ministries led by the Ministry of Science and Technology start "
           "the corridor's leadership mechanism (December 2019)",
           Citation(STUDY, "section 3(1)", "同年12月以科技部為代表的中央部委")),
     Event(2020, "State Council", "the national list of 140 cross-province items",
           Citation(STUDY, "section 3(2)", "2020年國家層面出臺相關文件,提出140項政務服務")),
     Event(2022, "State Council", "22 more listed items",
           Citation(STUDY, "section 3(2)", "2022年國家再次出臺文件,新增了22項"))),
    # the demonstration zone, founded in late 2019, competes for attention from 2020
    {2020: 1.0, 2021: 1.0, 2022: 1.0, 2023: 1.0},
    ("Songjiang", "Suzhou", "Hangzhou"),
    (HistoryFact("launch", "All nine cooperate in 2018, with no mandate.",
                 Citation(STUDY, "section 3(1)", "九城市間的政務合作完全由地方政府自主發起"),
                 AllCooperate(2018, 2018)),
     HistoryFact("pilot", "All nine cooperate in 2019, the pilot year.",
                 Citation(STUDY, "section 3(2)", "從區域性自主探索上升為國家戰略的一部分"),
                 AllCooperate(2019, 2019)),
     HistoryFact("no exit", "No city stays out in any year.",
                 Citation(STUDY, "section 3(2)", "G60九城市第一時間開通",
                          "all nine in the joint work plan (March 2023) and the remote "
                          "windows (June 2023)"), NoExit()),
     HistoryFact("lying flat gradually", "Lying flat spreads over the years, not at once, "
                 "and some city lies flat by the end.",
                 Citation(STUDY, "section 4(2)2", "漸漸的大家就想‘躺平’了"),
                 LyingFlatGradually()),
     HistoryFact("joint innovation visible", "Joint innovation continues to the end: at "
                 "least two cities still cooperate in 2023.",
                 Citation(STUDY, "section 3(2)", "2023年6月6日在第五屆長三角一體化發展高層論壇會上"
                          "正式上線發布“遠程虛擬窗口”新模式"),
                 Cooperating(2023, 2023, low=2))),
    representative=(240, 0, 73),
)
