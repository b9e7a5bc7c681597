"""Observed facts each named case must reproduce, as ordinal patterns, with their sources,
and the plausible ranges of the parameters that are not observed.

A fact is not a number the model is fitted to: it is a pattern of the selected pure
equilibrium of the followers at an *epoch*, a period whose intervention (and national
integration) is given as ranges, because the sources date what happened but never
measure how much. Calibration (:mod:`ica_model.analysis.calibration`) searches the
parameters for the region where every fact of a case holds at once.

Sources
-------
刘露露, 《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"的政务观测》 (the G60
corridor; cited below as "the G60 study"); 钟伟军, 《地方政府的分散创新与中央主导下的创新整合
——长三角政务服务"一网通办"的实践路径》, 《江苏社会科学》2022(1) (the Yangtze River Delta;
"the Yangtze River Delta study").

Examples
--------
>>> [fact.name for fact in G60_FACTS.facts]
['launch', 'pilot', 'lists', 'more lists']
>>> G60_FACTS.epoch("lists").levels["authority"]
(0.5, 0.8)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from .parameters import schema_entry

__all__ = ["CASE_FACTS", "G60_FACTS", "YRD_FACTS", "CaseFacts", "Epoch", "Fact", "Outcome",
           "Prior"]

G60_STUDY = ("刘露露, 《数字治理跨界行动中的困境及优化策略——基于G60九城\u201c跨省通办\u201d的"
             "政务观测》")
YRD_STUDY = ("钟伟军, 《地方政府的分散创新与中央主导下的创新整合——长三角政务服务\u201c一网通办\u201d的"
             "实践路径》, 《江苏社会科学》2022(1)")


@dataclass(frozen=True)
class Epoch:
    """A period of a case: its intervention levels and national integration, as ranges.

    Attributes
    ----------
    name : str
    period : str
        The years it covers.
    levels : dict
        Intervention kind (and ``national_integration``) to its ``(low, high)`` range; a
        kind not listed is 0.
    description : str
        What happened, in words.
    source : str
        Paper and section.
    """

    name: str
    period: str
    levels: Mapping[str, tuple[float, float]]
    description: str
    source: str

    def __post_init__(self) -> None:
        for name, (low, high) in self.levels.items():
            entry = schema_entry(name)
            entry.domain.check_array(f"epoch {self.name!r}: {name}", np.array([low, high]))
            if low > high:
                raise ValueError(f"epoch {self.name!r}: {name} range ({low}, {high}) is empty")


@dataclass(frozen=True, eq=False)
class Outcome:
    """What a fact may look at, for V parameter points (arrays of shape ``(V,)``).

    ``cooperators``, ``token_compliers`` and ``defectors`` count the actions in the
    selected pure equilibrium (−1 where there is none); ``full_cooperation`` says whether
    all cooperating is an equilibrium; ``margin`` is the full-cooperation margin.
    """

    cooperators: np.ndarray
    token_compliers: np.ndarray
    defectors: np.ndarray
    full_cooperation: np.ndarray
    margin: np.ndarray


@dataclass(frozen=True)
class Fact:
    """One ordinal pattern that must hold at one epoch.

    Attributes
    ----------
    name : str
    epoch : str
        The name of its epoch.
    statement : str
        The pattern, in words and in game terms.
    source : str
        Paper and section of the observation.
    holds : callable
        ``holds(outcome, n)`` returns a boolean array: where the pattern holds.
    needs_response : bool
        False when the full-cooperation margin suffices (checked first, cheaply).
    """

    name: str
    epoch: str
    statement: str
    source: str
    holds: Callable[[Outcome, int], np.ndarray]
    needs_response: bool = True


@dataclass(frozen=True)
class Prior:
    """Plausible ranges of the parameters a calibration draws, uniformly and independently,
    with the reason for each range, and the orderings the sources impose.

    Attributes
    ----------
    ranges : dict
        Parameter symbol to ``(low, high)``. A scenario-level symbol is drawn once per
        draw; an actor attribute (``"capacity"``) once per actor; ``"capacity.3"`` for
        actor 3 only (it overrides the attribute's range for that actor).
    reasons : dict
        Symbol (as in ``ranges``) to why the range is plausible.
    constraints : tuple of (str, callable)
        A description and a predicate on the drawn columns (symbol or ``"attribute.k"``
        to an array of draws) that must hold; draws that break one are rejected.
    """

    ranges: Mapping[str, tuple[float, float]]
    reasons: Mapping[str, str]
    constraints: tuple[tuple[str, Callable[[Mapping[str, np.ndarray]], np.ndarray]], ...] = ()

    def __post_init__(self) -> None:
        for name, (low, high) in self.ranges.items():
            entry = schema_entry(name.partition(".")[0])
            entry.domain.check_array(f"prior range of {name}", np.array([low, high]))
            if not low <= high:
                raise ValueError(f"prior range of {name} ({low}, {high}) is empty")
            if name not in self.reasons:
                raise ValueError(f"prior range of {name} has no reason")


@dataclass(frozen=True)
class CaseFacts:
    """The epochs, facts and prior of one named case (its scenario:
    :mod:`ica_model.model.cases`)."""

    case: str
    epochs: tuple[Epoch, ...]
    facts: tuple[Fact, ...]
    prior: Prior

    def epoch(self, name: str) -> Epoch:
        """The epoch called ``name``."""
        for epoch in self.epochs:
            if epoch.name == name:
                return epoch
        raise ValueError(f"case {self.case!r} has no epoch {name!r}; epochs: "
                         f"{[e.name for e in self.epochs]}")


def _all_cooperate(outcome: Outcome, n: int) -> np.ndarray:
    return outcome.full_cooperation


def _lying_flat(outcome: Outcome, n: int) -> np.ndarray:
    return ((outcome.defectors == 0) & (outcome.token_compliers >= 1)
            & ~outcome.full_cooperation)


def _no_integration(outcome: Outcome, n: int) -> np.ndarray:
    return ~outcome.full_cooperation & (outcome.cooperators <= 1) & (outcome.cooperators >= 0)


_G60_EPOCHS = (
    Epoch("launch", "2018",
          {"standards": (0.0, 0.1), "information": (0.05, 0.2),
           "national_integration": (0.0, 0.1)},
          "The nine cities open cross-province services on their own, with no mandate; the "
          "2016-17 central speeches and a 2018 State Council document are signals only.",
          f"{G60_STUDY}, sections 1(1) and 3(1)"),
    Epoch("pilot", "2019",
          {"standards": (0.2, 0.5), "authority": (0.0, 0.2), "incentive": (0.2, 0.5),
           "information": (0.3, 0.7), "national_integration": (0.0, 0.2)},
          "The State Council names the nine a pilot region (March 2019); provincial support "
          "reaches Songjiang first and spreads to the other eight; business standards are still "
          "not unified.", f"{G60_STUDY}, sections 3(1)2 and 3(2)"),
    Epoch("lists", "2020-2021",
          {"standards": (0.2, 0.4), "authority": (0.5, 0.8), "incentive": (0.0, 0.2),
           "information": (0.1, 0.3), "national_integration": (0.4, 0.8)},
          "A national list of 140 cross-province items (2020); a higher-level platform comes "
          "online; upper-level attention drifts to the demonstration zone.",
          f"{G60_STUDY}, section 4(2)"),
    Epoch("more lists", "2022-2023",
          {"standards": (0.2, 0.4), "authority": (0.7, 0.95), "incentive": (0.0, 0.1),
           "information": (0.0, 0.2), "national_integration": (0.6, 1.0)},
          "22 more listed items (2022); the cities' items converge on the national lists; "
          "their own platform becomes a 'sample' (样品); officials 'lie flat' (躺平式顺从).",
          f"{G60_STUDY}, section 4(2)"),
)

_MECHANISM_RANGES = {
    "token_weight": ((0.1, 0.6), "National-list items are delivered (全面且成效显著), so a token "
                     "complier counts for something; self-organised innovation is gone, so well "
                     "below a cooperator."),
    "token_spillover": ((0.3, 0.9), "A token complier is formally in, so its residents get at "
                        "least a defector's spillover, less than a full member's."),
    "token_credit": ((0.3, 1.0), "Meeting upper-level requirements is one of the selective "
                     "benefits; it cannot exceed the whole selective benefit."),
    "token_cost_share": ((0.0, 0.3), "Token compliers keep some administrative contact (joint "
                         "conference, special windows)."),
    "token_autonomy_share": ((0.1, 0.5), "Paper compliance keeps most de facto discretion "
                             "(O'Brien and Li 1999; Meyer and Rowan 1977), but a complier still "
                             "implements the national list."),
    "detection": ((0.0, 0.2), "Inspections exist, but collusion with immediate superiors "
                  "(Zhou 2010) lets most paper compliance pass."),
    "detection_by_information": ((0.1, 0.6), "Digital supervision raises detection (Greenstone "
                                 "et al. 2022) but also invites token entries."),
    "detected_sanction": ((0.05, 0.6), "Formalism is sanctioned, less visibly than open "
                          "non-compliance (constrained below the exit penalty)."),
    "expected_penalty": ((0.1, 0.6), "Naming (点名) of inaction: a reputational and career "
                         "penalty below the benefit of the service (彭小兵、彭洋)."),
    "standards_on_coordination": ((0.3, 0.9), "The cross-province breakthrough is credited to "
                                  "unified codes and standards; business standards are still "
                                  "not unified in 2023."),
    "standards_on_negotiation": ((0.3, 0.9), "Unified standards cut the coordination cost of "
                                 "agreeing on them; verbal agreements remain."),
    "standards_on_enforcement": ((0.3, 0.9), "Weak standards raise enforcement cost; unified "
                                 "ones cut it, not entirely."),
    "standards_on_defection": ((0.0, 0.5), "Regional rules bind somewhat; standards alone do "
                               "not stop a city walking away."),
    "standards_autonomy": ((0.0, 0.2), "Standards cost little autonomy: provinces adapted "
                           "their platforms but kept their features."),
    "authority_on_coordination": ((0.0, 0.3), "Mandated lists fix which items, not how "
                                  "systems interoperate."),
    "authority_on_negotiation": ((0.0, 0.3), "A list settles which items; bargaining over how "
                                 "remains."),
    "authority_on_enforcement": ((0.0, 0.3), "Listed items are inspected; the rest is not."),
    "authority_on_defection": ((0.3, 0.9), "Reneging on a listed item becomes sanctionable; no "
                               "exits were observed under the lists."),
    "information_on_coordination": ((0.2, 0.7), "Guidance and technical support help, never "
                                    "completely."),
    "information_on_information_cost": ((0.3, 0.8), "Guidance, technical and expert support."),
    "signal_boost": ((0.0, 1.0), "National commendation circulars raise credit; no magnitude "
                     "is reported."),
    "incentive_subsidy": ((0.0, 0.5), "Material support (technology, equipment, talent, "
                          "funds), below the benefit of the service."),
    "innovation_crowding": ((0.5, 2.0), "No magnitude in the sources: below 1 the first "
                            "mandated items take most of the freedom, above 1 only heavy ones."),
    "outside_on_negotiation": ((0.0, 1.0), "Bargaining inside the group gets 'ever higher' "
                               "(协商成本越来越高) as partners can be found nationally; at most "
                               "doubling."),
    "outside_on_coordination": ((0.0, 1.0), "Coordination risk inside the group gets 'ever "
                                "higher' for the same reason."),
    "platform_substitution": ((0.3, 0.8), "The group's own platform became a 'sample' (样品) "
                              "once the higher-level platform came online, yet the nine still "
                              "built a zone on it."),
    "setup_cost": ((0.1, 0.5), "A real cost (equipment, development: 试运行的成本), below the "
                   "benefit: the pilots did go first."),
    "joiner_saving": ((0.3, 0.9), "Joiners connect to equipment already developed, yet still "
                      "have to connect and coordinate."),
    "pilot_support": ((0.0, 0.5), "The 2019 provincial support to Songjiang; the same scale as "
                      "the incentive subsidy."),
    "negotiation_exponent": ((0.5, 1.5), "'The more actors, the higher the cost'; 1 is "
                             "bilateral links, above 1 unanimity, below 1 a joint office."),
    "autonomy_exponent": ((1.5, 3.0), "Convex; no data."),
    "enforcement_cost": ((0.05, 0.5), "Verbal agreements make enforcement costly."),
    "autonomy_cost": ((0.3, 1.5), "At a full mandate the loss can rival the whole benefit "
                      "('we can do very little once the state is in')."),
    "defection_risk": ((0.1, 0.4), "Verbal agreements and leader turnover make reneging "
                       "likely."),
    "spillover": ((0.1, 0.6), "Cross-province handling needs the home city's back office, so "
                  "a non-member's residents get much less."),
    "selective_benefit": ((0.2, 0.8), "Credit, reputation, the ticket into the data platform, "
                          "meeting upper-level requirements."),
    "innovation_value": ((0.1, 0.6), "Highest where everything was new ('a blank sheet')."),
}


def _prior(overrides: Mapping[str, tuple[tuple[float, float], str]],
           constraints: tuple = ()) -> Prior:
    ranges = _MECHANISM_RANGES | dict(overrides)
    return Prior({k: v[0] for k, v in ranges.items()}, {k: v[1] for k, v in ranges.items()},
                 constraints)


_ORDERED_TOKEN = (
    ("a token complier gets at least a defector's spillover",
     lambda c: c["token_spillover"] >= c["spillover"]),
    ("detected paper compliance is sanctioned less than open exit",
     lambda c: c["detected_sanction"] <= c["expected_penalty"]))

G60_PRIOR = _prior({
    "information_cost": ((0.05, 0.4), "Information asymmetry is real but smaller than the "
                         "benefit: the nine launched anyway."),
    "negotiation_cost": ((0.01, 0.1), "Per partner: from enterprise items on which the nine "
                         "'easily agree' to deadlocks that shelve an item."),
    "coordination_risk": ((0.2, 0.8), "'Not connecting is normal, connecting the exception' "
                          "(不通是常态,通是例外)."),
    "capacity": ((0.4, 1.0), "No city capacities in the sources: illustrative."),
    "preference": ((0.3, 0.6), "Enterprise items first: priorities close."),
    "preference.7": ((0.8, 1.0), "Wuhu's services centre on shipping (以航运为特色)."),
}, _ORDERED_TOKEN)

YRD_PRIOR = _prior({
    "information_cost": ((0.2, 0.8), "A 'technical gulf' between provincial systems (技术沟壑)."),
    "negotiation_cost": ((0.05, 0.3), "Administrative and interest barriers between "
                         "jurisdiction-maximising provinces."),
    "coordination_risk": ((0.5, 1.0), "Four provincial platforms built apart; the barriers "
                          "'stay firm' (坚不可摧)."),
    "capacity": ((0.7, 1.0), "Shanghai, Jiangsu and Zhejiang: reforms from 2013-2014, the top "
                 "three of six practices promoted nationally in May 2018."),
    "capacity.3": ((0.2, 0.6), "Anhui started last (June 2018), learning from the others."),
    "preference": ((0.1, 0.9), "Competing provincial brands and priorities."),
}, _ORDERED_TOKEN)


#: The G60 corridor: launch without a mandate, a pilot that holds, then mandated lists under
#: which all nine stay in while genuine cooperation gives way to compliance on paper.
G60_FACTS = CaseFacts("g60", _G60_EPOCHS, (
    Fact("launch", "launch", "All nine cities cooperate: full cooperation is an equilibrium "
         "(so the selected one) with no mandate.",
         f"{G60_STUDY}, section 3(1): 九城市间的政务合作完全由地方政府自主发起",
         _all_cooperate, needs_response=False),
    Fact("pilot", "pilot", "Cooperation holds through the national pilot: all nine cooperate.",
         f"{G60_STUDY}, section 3(2)", _all_cooperate, needs_response=False),
    Fact("lists", "lists", "No city exits and genuine cooperation gives way to token "
         "compliance: the selected equilibrium has no defector, at least one token complier, "
         "and full cooperation is not an equilibrium.",
         f"{G60_STUDY}, section 4(2): 更倾向于\u201c躺平\u201d式顺从纵向强制性行动机制", _lying_flat),
    Fact("more lists", "more lists", "The same under the longer lists: no exit, token "
         "compliance, full cooperation not an equilibrium.",
         f"{G60_STUDY}, section 4(2); all nine in the joint work plan of 9 March 2023 and the "
         "remote windows of June 2023 (section 3(2))", _lying_flat),
), G60_PRIOR)

_YRD_EPOCHS = (
    Epoch("provincial platforms", "2013 to mid-2018",
          {"information": (0.1, 0.3)},
          "Mature provincial platforms (Shanghai and Zhejiang from 2013, Jiangsu from 2014, "
          "Anhui from June 2018) and dense horizontal learning, but no cross-province "
          "integration: administrative, interest and technical barriers stand.",
          f"{YRD_STUDY}, sections 3 and 4"),
    Epoch("central integration", "mid-2018 to 2019",
          {"standards": (0.6, 0.9), "authority": (0.2, 0.5), "incentive": (0.0, 0.1),
           "information": (0.4, 0.8), "national_integration": (0.0, 0.3)},
          "The State Council's pilot (July 2018) and work plan (March 2019): national codes, "
          "identity, e-licences and e-seals, a data exchange platform, deadlines; 51 items in "
          "14 cities of all four in May 2019.", f"{YRD_STUDY}, section 5"),
)

#: The Yangtze River Delta: provincial self-organisation could not integrate across
#: provinces; central integration brought all four in.
YRD_FACTS = CaseFacts("yangtze_river_delta", _YRD_EPOCHS, (
    Fact("no integration", "provincial platforms", "No cross-province integration: full "
         "integration is not an equilibrium and at most one province cooperates in the "
         "selected equilibrium.", f"{YRD_STUDY}, section 4(3): 试图通过地方政府间进行区域合作来"
         "完全消除行政壁垒的想法显然是不切实际的", _no_integration),
    Fact("integration", "central integration", "All four provinces integrate: full "
         "cooperation is an equilibrium.", f"{YRD_STUDY}, section 5(3)", _all_cooperate,
         needs_response=False),
), YRD_PRIOR)

#: Facts by case name.
CASE_FACTS = {facts.case: facts for facts in (G60_FACTS, YRD_FACTS)}
