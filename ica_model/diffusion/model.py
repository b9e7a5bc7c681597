r"""Diffusion and tournament among many governments: 跟 (follow) and 进 (advance).

Each period every government that has not adopted may adopt by *following* (跟: fast,
largely symbolic adoption, copying documents and a portal section), and every follower
may *advance* (进: costly re-innovation and localisation). 彭小兵、彭洋, 《地方政府数字化转型
创新扩散中的跟进应对与竞争策略》, section 3(1)2: 「“跟”是“进”的趋同回应，“进”是“跟”的优化升级」.

Hazards (discrete-time event history, Berry & Berry 1990), logit in each period:

.. math::

   \eta^{adopt}_i &= \beta_0 + n_i + C\,\beta_v G^{follow}_i + L\,\beta_n a^{\text{nb}}_i
       + I\,\beta_r a^{\text{rank}}_i + K\,\beta_c T_i, \\
   \eta^{advance}_i &= \gamma_0 + \gamma\,G^{advance}_i,

with internal need :math:`n_i`; vertical pressure through the symbolic gain of following
(:func:`follow_up_gains`: the credit for the mandated list :math:`s_T v`, the avoided
penalty of being named :math:`\pi F v` (点名), the token share of the information cost);
learning from neighbours who have re-innovated, :math:`a^{\text{nb}}`; imitation of the
same-rank rivals who adopted, :math:`a^{\text{rank}}`; competition, the tournament value
:math:`T_i` (:mod:`ica_model.diffusion.state_terms`). :math:`C, L, I, K \in \{0, 1\}`
switch Shipan & Volden's (2008) mechanisms coercion, learning, imitation and competition.
The gain of advancing is the innovation value crowded out by the mandate,
:math:`g (1 - v)^{\mu}` (mandates make instruments converge, tournaments make them
diverge: Zhu 2014), minus the rest of the information cost, plus the tournament value and
the credit for being first. Capacity grows by learning by doing.

The four follow-up modes (section 3(2)) are the quadrants of (competition
:math:`T_i`, capacity :math:`k_i`) of an adopter: competition-expansion (high, high),
learning-localisation (low, high), absorption-coordination (high, low), wait-and-see
(low, low); ``none`` before adoption. Modes move when either dimension moves.

Randomness: replicate :math:`r` draws its uniforms from
``SeedSequence(seed, spawn_key=(r,))``, so any chunking of replicates gives identical
results (:func:`run_chunk` is the unit a parallel runner calls).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from .._validation import check_bool, check_int, check_real, check_real_array, check_size
from ..model.symbolic import symbols
from . import state_terms as terms
from .network import Network

__all__ = ["MODES", "DiffusionParameters", "DiffusionRun", "Mechanisms", "follow_up_gains",
           "heterogeneous_parameters",
           "mean_field", "modes_of", "run_chunk", "simulate_diffusion"]

#: Mode names by code.
MODES = ("none", "wait-and-see", "absorption-coordination", "learning-localisation",
         "competition-expansion")
_BATCH_BYTES = 2**26


@dataclass(frozen=True)
class Mechanisms:
    """Shipan & Volden's (2008) mechanisms of diffusion, each a switch."""

    learning: bool = True
    competition: bool = True
    imitation: bool = True
    coercion: bool = True

    def __post_init__(self) -> None:
        for f in fields(self):
            check_bool(f.name, getattr(self, f.name))


#: The parameters that may hold one value per government, with their ranges.
_PER_GOVERNMENT = (("need", None, None), ("stake", 0.0, None), ("capacity", 0.0, 1.0))


@dataclass(frozen=True)
class DiffusionParameters:
    """Parameters of the diffusion model (defaults illustrative, not calibrated).

    ``need``, ``stake`` and ``capacity`` may be arrays, one value per government; the rest
    are scalars. ``mandate`` is the authority level :math:`v \\in [0, 1]` from period
    ``mandate_start`` on (0 before).

    The centre as promoter (钟伟军, section 3: in May 2018 the centre 「向全国推广了6项地方
    先进经验」; Heilmann 2008, experimentation under hierarchy): from ``mandate_start`` on,
    every ``promotion_every`` periods it promotes the ``promotion_size`` best-scoring
    re-innovations (进) not yet promoted. Promoted practices are demonstrations: with the
    learning mechanism on, every government's adoption logit gains
    ``promotion_weight * P / (P + integration_half)``, :math:`P` the number promoted; and
    national integration (the library's :math:`O`, usable by the ICA cases) is
    :math:`O = a P / (P + P_{1/2})`, :math:`a` the share adopted
    (:attr:`DiffusionRun.national_integration`).
    """

    need: Any = 0.0
    stake: Any = 1.0
    capacity: Any = 0.3
    baseline: float = -4.0
    pressure_weight: float = 3.0
    neighbour_weight: float = 3.0
    rival_weight: float = 2.0
    competition_weight: float = 2.0
    advance_baseline: float = -3.0
    advance_weight: float = 4.0
    learning_rate: float = 0.05
    noise: float = 0.5
    mandate: float = 0.8
    mandate_start: int = 10
    token_credit: float = 0.5
    expected_penalty: float = 0.6
    information_cost: float = 0.8
    token_cost_share: float = 0.1
    detection: float = 0.0
    detected_sanction: float = 0.0
    innovation_value: float = 0.6
    innovation_crowding: float = 1.0
    first_credit: float = 0.3
    competition_threshold: float = 0.5
    capacity_threshold: float = 0.5
    promotion_every: int = 8
    promotion_size: int = 6
    promotion_weight: float = 1.0
    integration_half: float = 6.0
    mechanisms: Mechanisms = field(default_factory=Mechanisms)

    def __post_init__(self) -> None:
        unit = ("learning_rate", "mandate", "token_cost_share", "capacity_threshold", "detection")
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("need", "stake", "capacity", "mechanisms", "mandate_start",
                          "promotion_every", "promotion_size"):
                continue
            if f.name in unit:
                check_real(f.name, value, 0, 1)
            elif f.name in ("baseline", "advance_baseline"):
                check_real(f.name, value)
            elif f.name == "noise":
                check_real(f.name, value, 0, low_open=True)
            else:
                check_real(f.name, value, 0)
        for name, low, high in _PER_GOVERNMENT:   # the length is checked for a network
            raw = check_real_array(name, getattr(self, name), booleans=False)
            if raw.ndim > 1 or raw.size == 0:
                raise ValueError(f"{name} must be a number or one number per government, got "
                                 f"shape {raw.shape}")
            if not np.isfinite(raw).all() or (low is not None and raw.min() < low) or (
                    high is not None and raw.max() > high):
                raise ValueError(f"{name} must be finite and in [{low}, {high}], got "
                                 f"{raw.min():g} to {raw.max():g}")
        check_int("mandate_start", self.mandate_start, 0)
        check_int("promotion_every", self.promotion_every, 1)
        check_int("promotion_size", self.promotion_size, 0)
        check_real("integration_half", self.integration_half, 0, low_open=True)
        if not isinstance(self.mechanisms, Mechanisms):
            raise TypeError(f"mechanisms must be a Mechanisms, got {self.mechanisms!r}")

    def per_government(self, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``need``, ``stake`` and ``capacity`` as arrays of length ``n`` (checked)."""
        out = []
        for name, low, high in _PER_GOVERNMENT:
            raw = np.asarray(getattr(self, name), dtype=float)
            try:
                values = np.broadcast_to(raw, (n,)).astype(float)
            except ValueError:
                raise ValueError(f"{name} must be a number or {n} numbers, got shape "
                                 f"{raw.shape}") from None
            if not np.isfinite(values).all() or (low is not None and values.min() < low) or (
                    high is not None and values.max() > high):
                raise ValueError(f"{name} must be finite and in [{low}, {high}], got "
                                 f"{values.min():g} to {values.max():g}")
            out.append(values)
        return out[0], out[1], out[2]


@lru_cache(maxsize=1)
def follow_up_gains() -> dict[str, sp.Expr]:
    r"""The symbolic gains of following (vs not adopting) and advancing (vs following).

    Built from the library's symbols (:func:`ica_model.model.symbolic.symbols`), with the
    mandate's authority level :math:`v` and two state terms, the tournament value
    :math:`T` and the credit for being first :math:`F`:

    .. math::

       G^{follow} &= s_T v + \pi F\, v - t\, c_{info} (1 - k/2), \\
       G^{advance} &= g (1 - v)^{\mu} - (1 - t)\, c_{info} (1 - k/2) + \chi F_T v + T + F.

    :math:`\chi F_T v` is the sanction on paper compliance that inspection (检查验收)
    detects with probability :math:`\chi` (the library's ``detection`` and
    ``detected_sanction``; 0 by default): advancing avoids it.

    Examples
    --------
    >>> sorted(follow_up_gains())
    ['advance', 'follow']
    """
    x = symbols()
    v, tournament, first = sp.symbols("v T F", nonnegative=True)
    information = x["information_cost"] * (1 - x["capacity"] / 2)
    share = x["token_cost_share"]
    return {
        "follow": (x["token_credit"] * v + x["expected_penalty"] * v - share * information),
        "advance": (x["innovation_value"] * (1 - v) ** x["innovation_crowding"]
                    - (1 - share) * information + x["detection"] * x["detected_sanction"] * v
                    + tournament + first),
    }


@lru_cache(maxsize=1)
def _gain_functions() -> tuple[Any, Any]:
    gains = follow_up_gains()
    names = ("v", "capacity", "T", "F", "token_credit", "expected_penalty", "information_cost",
             "token_cost_share", "innovation_value", "innovation_crowding", "detection",
             "detected_sanction")
    table = symbols() | {s.name: s for s in sp.symbols("v T F", nonnegative=True)}
    arguments = [table[name] for name in names]
    return (sp.lambdify(arguments, gains["follow"], "numpy"),
            sp.lambdify(arguments, gains["advance"], "numpy"))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def modes_of(stage: np.ndarray, competition: np.ndarray, capacity: np.ndarray,
             parameters: DiffusionParameters) -> np.ndarray:
    """Mode codes (indices into :data:`MODES`): 0 before adoption, else
    ``1 + [competition high] + 2 [capacity high]``.

    Examples
    --------
    >>> p = DiffusionParameters()
    >>> modes_of(np.array([0, 1, 1, 2]), np.array([0.9, 0.1, 0.9, 0.9]),
    ...          np.array([0.9, 0.1, 0.1, 0.9]), p).tolist()
    [0, 1, 2, 4]
    """
    if not isinstance(parameters, DiffusionParameters):
        raise TypeError(f"parameters must be DiffusionParameters, got "
                        f"{type(parameters).__name__}")
    stage, competition, capacity = (
        check_real_array(name, value, booleans=False) for name, value in [
            ("stage", stage), ("competition", competition), ("capacity", capacity)])
    if not np.all((stage >= 0) & (stage == np.round(stage))):
        raise ValueError(f"stage must hold whole stage numbers >= 0, got {stage!r}")
    try:
        np.broadcast_shapes(stage.shape, competition.shape, capacity.shape)
    except ValueError:
        raise ValueError(f"stage, competition and capacity must broadcast together, got shapes "
                         f"{stage.shape}, {competition.shape} and {capacity.shape}") from None
    return _modes(stage, competition, capacity, parameters)


def _modes(stage: np.ndarray, competition: np.ndarray, capacity: np.ndarray,
           parameters: DiffusionParameters) -> np.ndarray:
    """:func:`modes_of` unchecked (every period of a run)."""
    code = (1 + (competition >= parameters.competition_threshold)
            + 2 * (capacity >= parameters.capacity_threshold))
    return np.where(stage > 0, code, 0).astype(np.int8)


@dataclass(frozen=True, eq=False)
class DiffusionRun:
    """Replicates of one diffusion (arrays indexed by replicate first).

    Attributes
    ----------
    stages : ndarray, shape (replicates, periods + 1, 3)
        Share of governments not adopted / following / advanced at each period.
    modes : ndarray, shape (replicates, periods + 1, 5)
        Share of governments in each of :data:`MODES`.
    tracked : ndarray of int8, shape (replicates, periods + 1, len(track))
        Mode codes of the tracked governments.
    final_modes, final_stage : ndarray of int8, shape (replicates, n)
    final_capacity, final_competition : ndarray, shape (replicates, n)
    promoted : ndarray, shape (replicates, periods + 1)
        Number of practices the centre has promoted.
    tracked_competition, tracked_capacity : ndarray, shape (replicates, periods + 1, len(track))
        The two dimensions of the modes for the tracked governments.
    integration_half : float
        :math:`P_{1/2}` of :attr:`national_integration`.
    """

    stages: np.ndarray
    modes: np.ndarray
    tracked: np.ndarray
    final_modes: np.ndarray
    final_stage: np.ndarray
    final_capacity: np.ndarray
    final_competition: np.ndarray
    promoted: np.ndarray
    tracked_competition: np.ndarray
    tracked_capacity: np.ndarray
    integration_half: float = 6.0

    @property
    def national_integration(self) -> np.ndarray:
        """National integration :math:`O = a P / (P + P_{1/2})` each period, shape
        (replicates, periods + 1)."""
        return self.adopted * self.promoted / (self.promoted + self.integration_half)

    @property
    def adopted(self) -> np.ndarray:
        """Share adopted (following or advanced), shape (replicates, periods + 1)."""
        return 1.0 - self.stages[:, :, 0]

    @staticmethod
    def concatenate(runs: list[DiffusionRun]) -> DiffusionRun:
        """Join chunks of replicates, in order."""
        arrays = {f.name: np.concatenate([getattr(r, f.name) for r in runs])
                  for f in fields(DiffusionRun) if f.name != "integration_half"}
        return DiffusionRun(**arrays, integration_half=runs[0].integration_half)


def _step(network: Network, p: DiffusionParameters, stage: np.ndarray, capacity: np.ndarray,
          need: np.ndarray, stake: np.ndarray, v: float, promoted: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray]:
    """Hazards of adopting/advancing and the competition (tournament value) of a period."""
    m = p.mechanisms
    follow, advance = _gain_functions()
    r = stage.shape[0]
    adopted = (stage > 0).astype(float)
    advanced = (stage == terms.ADVANCE).astype(float)
    score = terms.index_score(capacity, stage)
    means = network.rival_mean(np.concatenate([adopted, advanced]))
    competition = (terms.tournament_value(score - network.rival_top(score), stake, p.noise)
                   if m.competition else np.zeros_like(score))
    first = terms.first_credit(means[r:], p.first_credit) if m.competition else 0.0
    v = v if m.coercion else 0.0
    common = (p.token_credit, p.expected_penalty, p.information_cost, p.token_cost_share,
              p.innovation_value, p.innovation_crowding, p.detection, p.detected_sanction)
    eta = p.baseline + need + p.pressure_weight * follow(v, capacity, 0.0, 0.0, *common)
    if m.learning:
        demonstration = p.promotion_weight * promoted / (promoted + p.integration_half)
        eta = eta + p.neighbour_weight * network.neighbour_share(advanced) + demonstration[:, None]
    if m.imitation:
        eta = eta + p.rival_weight * means[:r]
    if m.competition:
        eta = eta + p.competition_weight * competition
    eta_advance = p.advance_baseline + p.advance_weight * advance(
        v, capacity, competition, first, *common)
    hazard = np.where(stage == terms.NONE, _sigmoid(eta),
                      np.where(stage == terms.FOLLOW, _sigmoid(eta_advance), 0.0))
    return hazard, competition


def _record(stage: np.ndarray, modes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = stage.shape[1]
    stages = np.stack([(stage == s).sum(axis=1) for s in range(3)], axis=1) / n
    shares = np.stack([(modes == c).sum(axis=1) for c in range(len(MODES))], axis=1) / n
    return stages, shares


def run_chunk(network: Network, parameters: DiffusionParameters, periods: int, seed: int,
              start: int, stop: int, track: tuple[int, ...] = ()) -> DiffusionRun:
    """Replicates ``start`` to ``stop - 1`` of a diffusion (the unit a runner calls).

    Replicate :math:`r` uses ``SeedSequence(seed, spawn_key=(r,))``; chunks concatenate
    to exactly the result of one call over all replicates.
    """
    periods = check_int("periods", periods, 1, 10**5)
    seed = check_int("seed", seed, 0)
    start = check_int("start", start, 0)
    stop = check_int("stop", stop, 1)
    if stop <= start:       # named both: either may be the mistake
        raise ValueError(f"stop must exceed start, got start={start}, stop={stop}")
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network (e.g. china_network('provinces')), got "
                        f"{type(network).__name__}")
    if not isinstance(parameters, DiffusionParameters):
        raise TypeError(f"parameters must be DiffusionParameters, got "
                        f"{type(parameters).__name__}")
    n = network.size
    if isinstance(track, str | bytes) or not isinstance(track, Iterable):
        raise TypeError(f"track must be a sequence of government indices, got {track!r}")
    track_index = np.asarray([check_int("track", i) for i in track], dtype=np.intp)
    # what one replicate keeps: final arrays (n), per-period shares and the tracked units
    check_size("stop - start (replicates in one chunk)", stop - start,
               bytes_each=26 * n + (periods + 1) * (8 * (3 + len(MODES) + 1) + 17 * track_index.size))
    if track_index.size and (track_index.min() < 0 or track_index.max() >= n):
        raise ValueError(f"track must hold government indices in [0, {n - 1}], got {track}")
    batch = max(1, _BATCH_BYTES // (8 * periods * n))
    runs = []
    for first in range(start, stop, batch):
        reps = range(first, min(stop, first + batch))
        uniforms = np.stack([np.random.default_rng(np.random.SeedSequence(
            seed, spawn_key=(r,))).random((periods, n)) for r in reps])
        runs.append(_simulate_batch(network, parameters, periods, uniforms, track_index))
    return DiffusionRun.concatenate(runs)


def _simulate_batch(network: Network, p: DiffusionParameters, periods: int,
                    uniforms: np.ndarray, track: np.ndarray) -> DiffusionRun:
    r, n = uniforms.shape[0], network.size
    need, stake, capacity0 = p.per_government(n)
    stage = np.zeros((r, n), dtype=np.int8)
    capacity = np.broadcast_to(capacity0, (r, n)).copy()
    stages = np.empty((r, periods + 1, 3))
    shares = np.empty((r, periods + 1, len(MODES)))
    tracked = np.empty((r, periods + 1, track.size), dtype=np.int8)
    tracked_competition = np.empty((r, periods + 1, track.size))
    tracked_capacity = np.empty((r, periods + 1, track.size))
    competition = np.zeros((r, n))
    modes = np.zeros((r, n), dtype=np.int8)
    is_promoted = np.zeros((r, n), dtype=bool)
    promoted = np.zeros((r, periods + 1))
    for t in range(periods + 1):
        v = p.mandate if t >= p.mandate_start else 0.0
        if t >= p.mandate_start and (t - p.mandate_start) % p.promotion_every == 0:
            _promote(is_promoted, stage, terms.index_score(capacity, stage), p.promotion_size)
        promoted[:, t] = is_promoted.sum(axis=1)
        hazard, competition = _step(network, p, stage, capacity, need, stake, v, promoted[:, t])
        modes = _modes(stage, competition, capacity, p)
        stages[:, t], shares[:, t] = _record(stage, modes)
        tracked[:, t] = modes[:, track]
        tracked_competition[:, t] = competition[:, track]
        tracked_capacity[:, t] = capacity[:, track]
        if t == periods:
            break
        capacity = terms.learn_by_doing(capacity, stage, p.learning_rate)
        stage = stage + (uniforms[:, t] < hazard).astype(np.int8)
    return DiffusionRun(stages, shares, tracked, modes, stage, capacity, competition, promoted,
                        tracked_competition, tracked_capacity, p.integration_half)


def _promote(is_promoted: np.ndarray, stage: np.ndarray, score: np.ndarray, size: int) -> None:
    """The centre promotes the ``size`` best-scoring re-innovations not yet promoted
    (in place; ties by index)."""
    candidates = np.where((stage == terms.ADVANCE) & ~is_promoted, score, -np.inf)
    k = min(size, candidates.shape[1])
    if k == 0:
        return
    best = np.argsort(-candidates, axis=1, kind="stable")[:, :k]
    chosen = np.take_along_axis(candidates, best, axis=1) > -np.inf
    rows = np.repeat(np.arange(stage.shape[0]), k).reshape(-1, k)
    is_promoted[rows[chosen], best[chosen]] = True


def simulate_diffusion(network: Network, parameters: DiffusionParameters | None = None,
             periods: int = 120, replicates: int = 1, seed: int = 0,
             track: tuple[int, ...] = ()) -> DiffusionRun:
    """Run ``replicates`` diffusions of ``periods`` periods (all replicates in one process).

    Examples
    --------
    >>> from ica_model.diffusion import china_network
    >>> run = simulate_diffusion(china_network("provinces"), periods=40, replicates=2, seed=1)
    >>> run.stages.shape, bool(run.adopted[:, -1].min() > 0.9)
    ((2, 41, 3), True)
    """
    parameters = DiffusionParameters() if parameters is None else parameters
    replicates = check_int("replicates", replicates, 1, 10**7)
    return run_chunk(network, parameters, periods, seed, 0, replicates, track)


def mean_field(parameters: DiffusionParameters, periods: int, n: int = 10**4) -> np.ndarray:
    r"""The mean-field limit for identical governments on the complete graph.

    With identical capacities and no learning by doing (``learning_rate = 0``) every
    government in a stage has the same hazard, so the shares :math:`(x_0, x_1, x_2)` of
    the three stages follow the deterministic map :math:`x_0' = x_0 (1 - h_a)`,
    :math:`x_1' = x_1 (1 - h_b) + x_0 h_a`, :math:`x_2' = x_2 + x_1 h_b`, the hazards
    evaluated at the shares (rival means over the whole population; the top of the rank,
    for the tournament, is the highest stage held by at least half a government of ``n``;
    the centre promotes from the ``floor(n x_2)`` re-innovators; ``n >= 2``).

    Returns
    -------
    ndarray, shape (periods + 1, 3)
    """
    if not isinstance(parameters, DiffusionParameters):
        raise TypeError(f"parameters must be a DiffusionParameters, got {type(parameters).__name__}")
    periods = check_size("periods", periods, bytes_each=3 * 8)
    # at least two governments: with one, no stage need be held by half a government, and
    # the tournament's top was the max of nothing (numpy's "empty sequence")
    n = check_int("n", n, 2)
    if parameters.learning_rate != 0:
        raise ValueError("mean_field needs learning_rate=0 (identical capacities), got "
                         f"{parameters.learning_rate!r}")
    need, stake, capacity = (float(np.ravel(a)[0]) for a in parameters.per_government(1))
    p, m = parameters, parameters.mechanisms
    follow, advance = _gain_functions()
    common = (p.token_credit, p.expected_penalty, p.information_cost, p.token_cost_share,
              p.innovation_value, p.innovation_crowding, p.detection, p.detected_sanction)
    x = np.array([1.0, 0.0, 0.0])
    out = [x]
    promoted = 0.0
    for t in range(periods):
        v = (p.mandate if t >= p.mandate_start else 0.0) if m.coercion else 0.0
        if t >= p.mandate_start and (t - p.mandate_start) % p.promotion_every == 0:
            promoted += min(p.promotion_size, max(0.0, np.floor(x[2] * n + 1e-9) - promoted))
        demonstration = p.promotion_weight * promoted / (promoted + p.integration_half)
        top = capacity + 0.5 * max(s for s in range(3) if x[s] * n >= 0.5)
        value = [terms.tournament_value(np.array(capacity + 0.5 * s - top), np.array(stake),
                                        p.noise) if m.competition else 0.0 for s in range(3)]
        first = terms.first_credit(np.array(x[2]), p.first_credit) if m.competition else 0.0
        eta = (p.baseline + need + p.pressure_weight * follow(v, capacity, 0, 0, *common)
               + (p.neighbour_weight * x[2] + demonstration if m.learning else 0.0)
               + (p.rival_weight * (1 - x[0]) if m.imitation else 0.0)
               + (p.competition_weight * value[0] if m.competition else 0.0))
        h_a = float(_sigmoid(np.array(eta)))
        h_b = float(_sigmoid(np.array(p.advance_baseline + p.advance_weight * advance(
            v, capacity, value[1], first, *common))))
        x = np.array([x[0] * (1 - h_a), x[1] * (1 - h_b) + x[0] * h_a, x[2] + x[1] * h_b])
        out.append(x)
    return np.array(out)


def heterogeneous_parameters(n: int, rng: object = 0, **overrides: Any) -> DiffusionParameters:
    """Illustrative heterogeneous governments: need ~ U(-1, 1), stake ~ U(0, 1.2),
    initial capacity ~ U(0.05, 0.6), one draw each from ``rng``; other fields default or
    from ``overrides``.

    Examples
    --------
    >>> heterogeneous_parameters(3, rng=0).per_government(3)[2].round(2)
    array([0.38, 0.45, 0.35])
    """
    from .._validation import generator_of

    n = check_int("n", n, 1, 10**8)
    generator = generator_of(rng)
    need, stake, capacity = (generator.uniform(-1.0, 1.0, n), generator.uniform(0.0, 1.2, n),
                             generator.uniform(0.05, 0.6, n))
    return DiffusionParameters(**({"need": need, "stake": stake, "capacity": capacity}
                                  | overrides))
