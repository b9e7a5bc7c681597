"""The sources' histories: each case's governments, years, epochs, dated events and facts.

A history fact is an ordinal statement about a whole path, with its paper, section and a short
quote; a fact that constrains nothing (it holds on every simulated path) is reported as such
by :func:`ica_model.history.calibration.calibrate_histories`. Events raise political
potential energy according to the rank of the issuing body (State Council > ministry >
province > city; 贺东航、孔繁斌 2019): an event of rank :math:`k` (0 for the State Council)
adds :math:`r^k`, :math:`r` the ``rank_step`` prior.

Sources: 刘露露, 《数字治理跨界行动中的困境及优化策略——基于G60九城"跨省通办"的政务观测》 (G60);
钟伟军, 《地方政府的分散创新与中央主导下的创新整合——长三角政务服务"一网通办"的实践路径》,
《江苏社会科学》2022(1) (Yangtze River Delta); 陈璐, 《从技术引入转向组织变革：地方数字政府改革
何以深入》 (A district); 黄六招、顾丽梅、尚虎平, 《地方公共服务创新是如何生成的？——以"惠企一码通"
项目为例》, 《公共行政评论》2019(2) (J district).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .path import History

__all__ = ["CASES", "RANKS", "CaseHistory", "Event", "HistoryFact"]

G60_STUDY = "刘露露, 数字治理跨界行动中的困境及优化策略——基于G60九城\u201c跨省通办\u201d的政务观测"
YRD_STUDY = ("钟伟军, 地方政府的分散创新与中央主导下的创新整合——长三角政务服务\u201c一网通办\u201d的"
             "实践路径")
CHEN_STUDY = "陈璐, 从技术引入转向组织变革:地方数字政府改革何以深入"
HUANG_STUDY = ("黄六招、顾丽梅、尚虎平, 地方公共服务创新是如何生成的?——以\u201c惠企一码通\u201d"
               "项目为例")

#: Ranks of the issuing bodies, highest first.
RANKS = ("State Council", "ministry", "province", "city")


@dataclass(frozen=True)
class Event:
    """A dated event that re-injects political potential energy."""

    year: int
    rank: str
    what: str
    source: str
    quote: str

    def __post_init__(self) -> None:
        if self.rank not in RANKS:
            raise ValueError(f"Event.rank must be one of {RANKS}, got {self.rank!r}")


@dataclass(frozen=True)
class HistoryFact:
    """An ordinal statement about a case's whole path, with its source.

    ``holds(history)`` returns one boolean per simulated draw.
    """

    name: str
    statement: str
    source: str
    quote: str
    holds: Callable[[History], np.ndarray]


@dataclass(frozen=True)
class CaseHistory:
    """One case over time.

    Attributes
    ----------
    name, title : str
    governments : tuple of str
    years : tuple of int
    epoch_of_year : dict
        Year to the name of its epoch (the snapshot model's intervention levels).
    events : tuple of Event
    rival : dict
        Year to the rival region's visibility, in units of the ``rival_visibility`` prior
        (0 before the rival exists).
    national_channels : tuple of str
        Governments the source names as drawn to national channels.
    facts : tuple of HistoryFact
    district : bool
        A single government's reform (:mod:`ica_model.history.district`) rather than a
        game among governments.
    first_mover : float
        The credit for being first each government starts with: 1 where the source says the
        governments were first (G60: 「领先国家战略行动2年」; A district: the province's first
        demonstration zone; J district: seeking the 「先发权」), 0 where the joint work was
        the centre's (the Yangtze River Delta's integration).
    representative : (draws, rng, row) or None
        The representative accepted draw: row ``row`` of
        ``calibrate_histories(name, draws, rng=rng)``, the accepted draw nearest the accepted
        medians (:meth:`~ica_model.history.calibration.HistoryCalibration.representative_row`;
        the experiment ``{name}_dynamics`` recomputes it and says whether it still is).
    """

    name: str
    title: str
    governments: tuple[str, ...]
    years: tuple[int, ...]
    epoch_of_year: Mapping[int, str]
    events: tuple[Event, ...]
    rival: Mapping[int, float] = field(default_factory=dict)
    national_channels: tuple[str, ...] = ()
    facts: tuple[HistoryFact, ...] = ()
    district: bool = False
    first_mover: float = 1.0
    representative: tuple[int, int, int] | None = None

    def event_weights(self, rank_step: Any) -> np.ndarray:
        """Each year's event weight (years × draws), :math:`\\sum r^{k}` over its events."""
        step = np.atleast_1d(np.asarray(rank_step, dtype=float))
        weights = np.zeros((len(self.years), step.size))
        for event in self.events:
            if event.year in self.years:
                weights[self.years.index(event.year)] += step ** RANKS.index(event.rank)
        return weights


# --- facts over paths -------------------------------------------------------------------------

C, D, T = 0, 1, 2


def _year(history: History, year: int) -> np.ndarray:
    return history.actions[:, history.years.index(year), :]


def _all_cooperate_in(year: int) -> Callable[[History], np.ndarray]:
    return lambda h: (_year(h, year) == C).all(axis=1)


def _no_exit(h: History) -> np.ndarray:
    return (h.actions != D).all(axis=(1, 2)) & (h.actions >= 0).all(axis=(1, 2))


def _flat_gradually(h: History) -> np.ndarray:
    flat = (h.actions == T).sum(axis=2)                       # (draws, years)
    first = np.where(flat > 0, flat, np.iinfo(flat.dtype).max).min(axis=1)
    return (np.diff(flat, axis=1) >= 0).all(axis=1) & (flat[:, -1] >= 1) & (first < flat[:, -1])


def _joint_innovation_visible(h: History) -> np.ndarray:
    return (h.actions[:, -1, :] == C).sum(axis=1) >= 2


def _yrd_no_integration_before(h: History) -> np.ndarray:
    before = [i for i, y in enumerate(h.years) if y < 2018]
    return ((h.actions[:, before, :] == C).sum(axis=2) <= 1).all(axis=1)


def _yrd_all_four_after(h: History) -> np.ndarray:
    after = [i for i, y in enumerate(h.years) if y >= 2019]
    return (h.actions[:, after, :] == C).all(axis=(1, 2))


def _district_stalls_then_deepens(h: History) -> np.ndarray:
    a = h.actions[:, :, 0]
    observed = [t for t, year in enumerate(h.years) if 2021 <= year <= 2023]
    return (a[:, h.years.index(2019)] != C) & (a[:, observed] == C).all(axis=1)


def _district_generated(h: History) -> np.ndarray:
    return (h.actions[:, :, 0] == C).any(axis=1)


def _district_reinforced(h: History) -> np.ndarray:
    resources = h.state["resources"][:, :, 0]
    return np.diff(resources, axis=1).max(axis=1) > 0


G60 = CaseHistory(
    "g60", "G60 corridor, nine cities, cross-province services (跨省通办)",
    ("Songjiang", "Jiaxing", "Hangzhou", "Jinhua", "Suzhou", "Huzhou", "Xuancheng", "Wuhu",
     "Hefei"),
    (2018, 2019, 2020, 2021, 2022, 2023),
    {2018: "launch", 2019: "pilot", 2020: "lists", 2021: "lists", 2022: "more lists",
     2023: "more lists"},
    (Event(2019, "State Council", "the nine named a pilot region of the Yangtze River Delta's "
           "one network (March 2019)", f"{G60_STUDY}, section 3(2)",
           "2019年3月G60科創走廊九城市被國務院辦公廳確定為長三角地區政務服務“一網通辦”試點區域"),
     Event(2019, "ministry", "ministries led by the Ministry of Science and Technology start "
           "the corridor's leadership mechanism (December 2019)", f"{G60_STUDY}, section 3(1)",
           "同年12月以科技部為代表的中央部委"),
     Event(2020, "State Council", "the national list of 140 cross-province items",
           f"{G60_STUDY}, section 3(2)", "2020年國家層面出臺相關文件,提出140項政務服務"),
     Event(2022, "State Council", "22 more listed items", f"{G60_STUDY}, section 3(2)",
           "2022年國家再次出臺文件,新增了22項")),
    # the demonstration zone, founded in late 2019, competes for attention from 2020
    {2020: 1.0, 2021: 1.0, 2022: 1.0, 2023: 1.0},
    ("Songjiang", "Suzhou", "Hangzhou"),
    (HistoryFact("launch", "All nine cooperate in 2018, with no mandate.",
                 f"{G60_STUDY}, section 3(1)", "九城市間的政務合作完全由地方政府自主發起",
                 _all_cooperate_in(2018)),
     HistoryFact("pilot", "All nine cooperate in 2019, the pilot year.",
                 f"{G60_STUDY}, section 3(2)", "從區域性自主探索上升為國家戰略的一部分",
                 _all_cooperate_in(2019)),
     HistoryFact("no exit", "No city stays out in any year.",
                 f"{G60_STUDY}, section 3(2): all nine in the joint work plan (March 2023) "
                 "and the remote windows (June 2023)", "G60九城市第一時間開通", _no_exit),
     HistoryFact("lying flat gradually", "Lying flat spreads over the years, not at once, "
                 "and some city lies flat by the end.", f"{G60_STUDY}, section 4(2)2",
                 "漸漸的大家就想‘躺平’了", _flat_gradually),
     HistoryFact("joint innovation visible", "Joint innovation continues to the end: at "
                 "least two cities still cooperate in 2023.", f"{G60_STUDY}, section 3(2)",
                 "2023年6月6日在第五屆長三角一體化發展高層論壇會上正式上線發布“遠程虛擬窗口”新模式",
                 _joint_innovation_visible)),
    representative=(240, 0, 73),
)

YANGTZE_RIVER_DELTA = CaseHistory(
    "yangtze_river_delta", "Yangtze River Delta, four provincial actors, one network (一网通办)",
    ("Shanghai", "Jiangsu", "Zhejiang", "Anhui"),
    (2016, 2017, 2018, 2019, 2020),
    {2016: "provincial platforms", 2017: "provincial platforms", 2018: "provincial platforms",
     2019: "central integration", 2020: "central integration"},
    (Event(2018, "State Council", "guidance on a national integrated online platform "
           "(July 2018)", f"{YRD_STUDY}, section 5(1)",
           "2018年7月国务院就出台了《关于加快推进全国一体化在线政务服务平台建设的指导意见》"),
     Event(2019, "State Council", "the pilot work plan of the Yangtze River Delta's one "
           "network (March 2019)", f"{YRD_STUDY}, section 5(1)",
           "国务院办公厅印发了《长三角地区政务服务“一网通办”试点工作方案》")),
    facts=(HistoryFact("no integration before", "No cross-province integration before the "
                       "central push: at most one province cooperates each year to 2017.",
                       f"{YRD_STUDY}, section 4(3)",
                       "试图通过地方政府间进行区域合作来完全消除行政壁垒的想法显然是不切实际的",
                       _yrd_no_integration_before),
           HistoryFact("all four after", "All four integrate from 2019 on.",
                       f"{YRD_STUDY}, section 5(3)",
                       "首批51个政务服务事项在上海、江苏、浙江、安徽的14个城市实现区域“一网通办”",
                       _yrd_all_four_after)),
    first_mover=0.0,
    representative=(600, 0, 431),
)

A_DISTRICT = CaseHistory(
    "a_district", "陈璐's A district: from technology to organisational change", ("A district",),
    (2019, 2020, 2021, 2022, 2023), {},
    (Event(2019, "province", "selected as the province's pilot for lighter grassroots burdens "
           "(May 2019)", f"{CHEN_STUDY}, section 3(1)",
           "2019年5月,具有坚实信息化基础和较强社会治理能力的A区,被选为省级“基层减负便民专项试点区”"),
     Event(2020, "province", "the governor's visit proposes a demonstration zone (June 2020) and "
           "the province's first demonstration-zone plaque (December 2020)",
           f"{CHEN_STUDY}, section 3(2)",
           "2020年6月,时任S省省长在A区考察时"),
     Event(2020, "province", "the plaque (December 2020)", f"{CHEN_STUDY}, section 3(2)",
           "2020年12月,S省首个数字政府改革建设示范区在A区挂牌")),
    facts=(HistoryFact("stalls, then deepens", "Technology is introduced in 2019 without "
                       "organisational change; after the visit and the plaque the reform "
                       "deepens and stays deep.", f"{CHEN_STUDY}, sections 3(1)-3(2)",
                       "政府组织层面的系统重塑也还未出现", _district_stalls_then_deepens),),
    district=True,
)

J_DISTRICT = CaseHistory(
    "j_district", "黄六招等's J district service centre: how an innovation is generated",
    ("J district",), (2015, 2016, 2017), {},
    (Event(2015, "State Council", "State Council circulars praising local practice "
           "(five from 2015 to 2018)", f"{HUANG_STUDY}, section 2, 1(1)",
           "從2015年至2018年,國務院連續五次頒布了對地方典型經驗做法進行表揚通報的規范性文件"),
     Event(2016, "city", "provincial and city leaders' visits to the model project",
           f"{HUANG_STUDY}, section 4", "先后獲得省市級領導的重點視察和多次表揚")),
    facts=(HistoryFact("generated", "The innovation is generated when credit-seeking meets a "
                       "performance gap.", f"{HUANG_STUDY}, section 4",
                       "這種對組織績效差距的主觀認知極大地引發了地方政治精英的創新需求",
                       _district_generated),
           HistoryFact("reinforced", "Resources from superiors reinforce it: resources grow "
                       "after success.", f"{HUANG_STUDY}, proposition 4", "自我累進、自我強化",
                       _district_reinforced)),
    district=True,
)

#: Every case with a history, by name.
CASES: dict[str, CaseHistory] = {case.name: case for case in (
    G60, YANGTZE_RIVER_DELTA, A_DISTRICT, J_DISTRICT)}
