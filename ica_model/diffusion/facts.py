r"""The follow-up facts of 彭小兵、彭洋 and the calibration of the diffusion model over them.

彭小兵、彭洋 (Peng Xiaobing and Peng Yang), 《地方政府数字化转型创新扩散中的跟进应对与竞争策略——
基于黔、鄂、渝、辽四地政务服务改革的探索性分析》, 电子政务 2023(3), place four follower
provinces in the quadrants of competition (府际竞争度) and capacity (创新行动力). Two kinds
of statements are kept apart:

* :data:`OBSERVED`: what the provinces *did* (when they adopted, whether they re-innovated
  by 2020, their order on the 2020 index). These define the fact-consistent region.
* :data:`PLACEMENTS`: where the paper *places* them (the mode of each; Liaoning's later
  upgrade). These are the claim, reported as a share of the fact-consistent region.

Time: one period is a quarter, period 0 is 2016 Q1; the central mandate 《关于深入推进审批服务
便民化的指导意见》 of May 2018 is period 9 (钟伟军, section 3: 「2018年5月，中共中央和国务院办公厅发布
了《关于深入推进审批服务便民化的指导意见》，向全国推广了6项地方先进经验」); end 2019 is period 16;
the index of October 2020 is period 19; May 2022 is period 25.

The prior (:func:`draw_prior`) is illustrative: ranges wide enough to hold every
behaviour, not estimated. :func:`placement_share` reports the share with a Wilson
interval; it depends on the prior and on the mode thresholds (0.5, 0.5).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .._validation import check_int, check_real_array, generator_of
from ..model.facts import Citation, Study
from ..stats import Z95_TWO_DECIMALS, wilson_interval
from .model import MODES, DiffusionParameters
from .network import PROVINCES, Network, china_network

__all__ = [
    "FOLLOWERS",
    "LEADERS",
    "OBSERVED",
    "PENG_STUDY",
    "PLACEMENTS",
    "STUDY",
    "Placement",
    "PlacementShare",
    "draw_prior",
    "observed_holds",
    "placement_share",
    "placements_hold",
    "simulate_one",
]

#: The source.
STUDY = Study("彭小兵、彭洋", "地方政府数字化转型创新扩散中的跟进应对与竞争策略——基于黔、鄂、渝、辽四地"
              "政务服务改革的探索性分析", "电子政务 2023(3)")
#: The source, as users see it cited.
PENG_STUDY = str(STUDY)
#: The four followers and the leaders the paper names (section 1: 江苏「不见面审批」、上海「一网通办」、
#: 安徽「智慧政务」; section 4(1): 浙江「最多跑一次」).
FOLLOWERS = ("Guizhou", "Hubei", "Chongqing", "Liaoning")
LEADERS = ("Zhejiang", "Jiangsu", "Shanghai", "Anhui")
INDEX_PERIOD, UPGRADE_PERIOD, ADOPTED_BY, MANDATE_PERIOD = 19, 25, 16, 9


@dataclass(frozen=True)
class Placement:
    """A statement of the paper: province, mode or stage, period, section and quote."""

    province: str
    statement: str
    period: int
    section: str
    quote: str

    @property
    def citation(self) -> Citation:
        """Study, section and words, as every fact of the library cites them."""
        return Citation(STUDY, f"section {self.section}", self.quote)


#: Behaviour: the fact-consistent region.
OBSERVED = (
    Placement("Hubei", "adopted", ADOPTED_BY, "4(2)2",
              "2018年7月，湖北省人民政府……出台《关于印发湖北省深化“互联网+政务服务”推进“一网、一门、一次”改革工作方案的通知》"),
    Placement("Chongqing", "adopted", ADOPTED_BY, "4(2)3",
              "同年11月，重庆市依托全市一体化在线政务服务平台，创新推出“渝快办”移动政务服务平台"),
    Placement("Liaoning", "adopted", ADOPTED_BY, "4(2)4",
              "2019年10月20日，辽宁政务便民服务平台——“辽事通”App正式上线"),
    Placement("Guizhou", "advanced", INDEX_PERIOD, "4(2)1",
              "率先完成了由“跟”到“进”的转变，并成为数字政府建设“优质型”的代表"),
    Placement("Liaoning", "following", INDEX_PERIOD, "4(2)4",
              "地方政府的技术跟进以复制、效仿为主，缺乏在地化的改造、升级"),
    Placement("Guizhou > Hubei > Chongqing > Liaoning", "index order", INDEX_PERIOD, "4(1)",
              "选取了“引领型”以外的贵州(优质型)、湖北(特色型)、重庆(发展型)、辽宁(追赶型)四地"),
)

#: The paper's placement: the claim.
PLACEMENTS = (
    Placement("Guizhou", "competition-expansion", INDEX_PERIOD, "4(2)1",
              "这种“高府际竞争度-高创新行动力”的“竞争-扩充式”跟进模式"),
    Placement("Hubei", "learning-localisation", INDEX_PERIOD, "4(2)2",
              "这种“学习-在地化”的跟进模式以提高政务服务能力为目标"),
    Placement("Chongqing", "absorption-coordination", INDEX_PERIOD, "4(2)3",
              "在这种“吸纳-协调式”跟进中，中央的政策信号是地方政府政务服务数字化改革的重要推动力"),
    Placement("Liaoning", "wait-and-see", INDEX_PERIOD, "4(2)4",
              "这种“观望-被动式”跟进对应着较低水平的创新行动力与较低水平的府际竞争度"),
    Placement("Liaoning", "not wait-and-see", UPGRADE_PERIOD, "4(2)4",
              "如2022年5月，“辽事通”App改版升级……政务服务改革由“起步”向“成熟”迈进"),
)

_INDEX = {p[0]: i for i, p in enumerate(PROVINCES)}
TRACK = tuple(_INDEX[name] for name in FOLLOWERS)


def draw_prior(rng: np.random.Generator) -> DiffusionParameters:
    """One draw of the illustrative prior over the 31 provinces (see the module)."""
    rng = generator_of(rng)
    n = len(PROVINCES)
    leaders = np.isin(np.arange(n), [_INDEX[name] for name in LEADERS])
    need = rng.uniform(-1.0, 1.0, n) + 2.0 * leaders
    stake = rng.uniform(0.0, 1.2, n)
    capacity = np.where(leaders, rng.uniform(0.5, 0.8, n), rng.uniform(0.05, 0.6, n))
    return DiffusionParameters(
        need=need, stake=stake, capacity=capacity, baseline=rng.uniform(-7.0, -3.0),
        pressure_weight=rng.uniform(2.0, 8.0), neighbour_weight=rng.uniform(0.0, 4.0),
        rival_weight=rng.uniform(0.0, 4.0), competition_weight=rng.uniform(0.0, 4.0),
        advance_baseline=rng.uniform(-5.0, -1.0), advance_weight=rng.uniform(1.0, 6.0),
        learning_rate=rng.uniform(0.01, 0.1), noise=rng.uniform(0.2, 1.0),
        mandate=rng.uniform(0.3, 1.0), mandate_start=MANDATE_PERIOD)


def observed_holds(stage: np.ndarray, score: np.ndarray) -> bool:
    """Whether one run's stages (periods + 1, 4) and index scores at the index period
    (4,) satisfy :data:`OBSERVED` (followers in :data:`FOLLOWERS` order)."""
    guizhou, hubei, chongqing, liaoning = range(4)
    stage = _tracked("stage", stage, (max(ADOPTED_BY, INDEX_PERIOD) + 1, 4))
    score = _tracked("score", score, (4,))
    return bool(stage[ADOPTED_BY, [hubei, chongqing, liaoning]].min() >= 1
                and stage[INDEX_PERIOD, guizhou] == 2 and stage[INDEX_PERIOD, liaoning] == 1
                and np.all(np.diff(score) < 0))


def placements_hold(modes: np.ndarray) -> np.ndarray:
    """Which of :data:`PLACEMENTS` hold for one run's tracked modes (periods + 1, 4)."""
    code = {name: k for k, name in enumerate(MODES)}
    modes = _tracked("modes", modes, (max(INDEX_PERIOD, UPGRADE_PERIOD) + 1, 4))
    at = modes[INDEX_PERIOD]
    return np.array([at[0] == code["competition-expansion"],
                     at[1] == code["learning-localisation"],
                     at[2] == code["absorption-coordination"],
                     at[3] == code["wait-and-see"],
                     modes[UPGRADE_PERIOD, 3] not in (0, code["wait-and-see"])])


def _tracked(name: str, values: Any, at_least: tuple[int, ...]) -> np.ndarray:
    """``values`` as a finite real array of ``len(at_least)`` axes, each at least as long as
    ``at_least`` says (the last exactly: the tracked followers); else an error naming it."""
    array = check_real_array(name, values)
    if (array.ndim != len(at_least) or array.shape[-1] != at_least[-1]
            or any(a < b for a, b in zip(array.shape, at_least, strict=True))
            or not np.isfinite(array).all()):
        raise ValueError(f"{name} must be a finite array of shape at least {at_least} (last axis "
                         f"the {at_least[-1]} followers), got shape {array.shape}")
    return array


@dataclass(frozen=True, eq=False)
class PlacementShare:
    """The placement over the fact-consistent region.

    Attributes
    ----------
    draws, accepted : int
        Prior draws and those consistent with :data:`OBSERVED`.
    each : ndarray, shape (5,)
        Share of accepted draws where each of :data:`PLACEMENTS` holds.
    joint : float
        Share where all five hold; ``interval`` its 95% Wilson interval.
    prior_joint : float
        The same share over all draws (what the facts add).
    """

    draws: int
    accepted: int
    each: np.ndarray
    joint: float
    interval: tuple[float, float]
    prior_joint: float




def placement_share(draws: int = 400, seed: int = 0, network: Network | None = None,
                    **overrides: Any) -> PlacementShare:
    """Draw the prior, keep the draws consistent with :data:`OBSERVED`, report the share
    of them where the paper's placement holds (one stochastic run per draw; draw ``j``
    uses prior stream ``[seed, j]`` and replicate seed ``seed``, replicate ``j``).

    ``overrides`` replace fields of every drawn :class:`DiffusionParameters` (e.g.
    ``mechanisms=Mechanisms(competition=False)``).
    """
    draws = check_int("draws", draws, 1, 10**6)
    seed = check_int("seed", seed, 0)
    network = china_network("provinces") if network is None else network
    if network.size != len(PROVINCES):
        raise ValueError(f"network must hold the {len(PROVINCES)} provinces, got {network.size}")
    accepted, joint, placed, prior_hits = 0, 0, np.zeros(5), 0
    for j in range(draws):
        parameters = replace(draw_prior(np.random.default_rng([seed, j])), **overrides)
        run = simulate_one(network, parameters, seed, j)
        hits = placements_hold(run["modes"])
        prior_hits += bool(hits.all())
        if observed_holds(run["stages"], run["score"]):
            accepted += 1
            placed += hits
            joint += bool(hits.all())
    return PlacementShare(draws, accepted, placed / max(accepted, 1),
                          joint / max(accepted, 1), wilson_interval(joint, accepted, z=Z95_TWO_DECIMALS),
                          prior_hits / draws)


def simulate_one(network: Network, parameters: DiffusionParameters, seed: int,
                 replicate: int) -> dict[str, np.ndarray]:
    """One run of the four followers to the upgrade period: their stages, modes and index
    scores at the index period."""
    from .model import run_chunk

    seed, replicate = check_int("seed", seed, 0), check_int("replicate", replicate, 0)
    run = run_chunk(network, parameters, UPGRADE_PERIOD, seed, replicate, replicate + 1,
                    TRACK)
    modes = run.tracked[0]
    stages = np.where(modes == 0, 0, 1)
    # stage and score at the index period come from a run stopped there (same stream)
    at_index = run_chunk(network, parameters, INDEX_PERIOD, seed, replicate, replicate + 1)
    stage_now = at_index.final_stage[0, list(TRACK)]
    score = at_index.final_capacity[0, list(TRACK)] + 0.5 * stage_now
    stages = stages.astype(np.int8)
    stages[INDEX_PERIOD] = stage_now
    return {"modes": modes, "stages": stages, "score": score}
