r"""Paths through a case's years: the stage game given the state, then the state's update.

Each year :math:`t` the governments play the stage game given the state :math:`s_t`
(:mod:`ica_model.history.stage`): every pure equilibrium is found and one is selected (most
cooperators, then the largest total payoff). The selected actions move the state
(:mod:`ica_model.history.terms`), which sets the next year's stage game.

Two solution concepts:

* **Myopic** (``forward=False``): each year's stage game as it is. The results the
  experiments report use this one unless they say otherwise.
* **Forward-looking** (``forward=True``): governments also value the state they leave, with
  discount :math:`\beta`. The continuation value of a government's own state is linear,
  :math:`\beta(\lambda^K_{t+1} K' + \lambda^R_{t+1} R')`, with shadow prices computed by
  backward recursion along the path (the envelope theorem):

  .. math::

      \lambda^K_t = c_t\, \text{setup}_t + \beta (1-c_t)(1-\delta_K)\lambda^K_{t+1}, \qquad
      \lambda^R_t = c_t + \beta\,(1-\delta_R + \rho\, c_t A_t)\,\lambda^R_{t+1},

  iterated with the path to a fixed point. This is an approximation of a Markov perfect
  equilibrium: it ignores the effect of a government's action on the region's state
  (attention, momentum, institutionalisation) and on which equilibrium is selected later.
  :func:`ica_model.history.exact.subgame_perfect_path` solves small cases exactly by
  backward induction over every history, and measures the error.

Randomness (``stochastic=True``, from ``rng``; draw :math:`r` reads its own stream, so a
draw's path does not depend on which draws run with it): a bureau chief leaves with the
``cadre_turnover`` hazard each year; momentum is re-injected (an event of province rank)
with probability ``reinjection`` times the mean cadre learning. Deterministic paths use no
turnover and the expected re-injection.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validation import check_bool, check_int, check_real_array, generator_of
from ..model.facts import prior_sample, split_column
from ..model.history_records import RANKS, CaseHistory, History
from ..model.parameters import KINDS, Scenario, Terms
from ..model.points import as_points
from . import district
from .stage import COOPERATE, LIE_FLAT, lying_flat_scenario, period_points, select_equilibria, stage_payoffs
from .terms import GOVERNMENT_STATE, PARAMETERS, REGION_STATE, TERMS, check_terms, step

__all__ = ["EXTRA_PARAMETERS", "case_history", "dynamic_parameters", "simulate_history"]

#: Parameters of the path that belong to no single term, with their prior ranges.
EXTRA_PARAMETERS = {
    "rank_step": (0.4, 0.9),          # an event one rank lower weighs this much less
    "rival_visibility": (0.5, 3.0),   # the demonstration zone against the corridor
    "reinjection": (0.0, 0.5),        # chance of re-injected momentum per unit cadre learning
    "discount": (0.5, 0.95),          # forward-looking governments
} | {name: (low, high) for name, (low, high, _) in district.PARAMETERS.items()}
#: Every term's name.
TERMS_ALL = frozenset(TERMS)
_MAX_ITERATIONS = 12


def dynamic_parameters(draws: int | None = None, rng: Any = 0
                       ) -> dict[str, np.ndarray]:
    """The parameters of the dynamic terms: the midpoints of their prior ranges (the
    representative values, ``draws=None``) or ``draws`` uniform draws, each an array."""
    ranges = PARAMETERS | EXTRA_PARAMETERS
    generator = generator_of(rng)   # checked even when unused (draws=None): rng=-1 was taken
    if draws is None:
        return {name: np.array([(low + high) / 2]) for name, (low, high) in ranges.items()}
    draws = check_int("draws", draws, 1, 10**7)
    uniform = generator.random((draws, len(ranges)))
    return {name: low + (high - low) * uniform[:, j]
            for j, (name, (low, high)) in enumerate(ranges.items())}


@dataclass(eq=False)
class _Context:
    """Everything a path needs that does not change from year to year."""

    case: CaseHistory
    scenario: Scenario | None
    base: dict[str, np.ndarray]         # static parameters per draw
    levels: dict[str, dict[str, np.ndarray]]   # epoch -> kind -> (V,)
    parameters: dict[str, np.ndarray]   # dynamic parameters per draw, (V,)
    terms: frozenset[str]
    channels: np.ndarray                # (n,) 1 for governments drawn to national channels
    rows: np.ndarray | None = None      # each draw's index among all draws (default: 0..V-1)

    @property
    def size(self) -> int:
        return len(next(iter(self.parameters.values())))

    def take(self, index: np.ndarray) -> _Context:
        return dataclasses.replace(
            self, base={k: v[index] for k, v in self.base.items()},
            levels={e: {k: v[index] for k, v in lv.items()} for e, lv in self.levels.items()},
            parameters={k: v[index] for k, v in self.parameters.items()},
            rows=self.draw_rows[index])

    @property
    def draw_rows(self) -> np.ndarray:
        """Each draw's index among all draws (its random stream's key)."""
        return np.arange(self.size) if self.rows is None else self.rows


def case_history(case: str | CaseHistory) -> CaseHistory:
    """A named case's history (:data:`ica_model.cases.HISTORIES`), or ``case`` itself."""
    if isinstance(case, CaseHistory):
        return case
    from ..cases import HISTORIES

    if not isinstance(case, str) or case not in HISTORIES:
        raise ValueError(f"case must be one of {sorted(HISTORIES)} or a CaseHistory, "
                         f"got {case!r}")
    return HISTORIES[case]


def _representative_static(case: CaseHistory) -> tuple[Scenario, dict, dict]:
    """The snapshot case's scenario at its representative draw and each epoch's levels."""
    from ..cases import CASES as SNAPSHOTS

    snapshot = SNAPSHOTS[case.name]
    levels = {epoch.name: {kind: np.array([value]) for kind, value in
                           epoch.representative.items()} for epoch in snapshot.epochs}
    return lying_flat_scenario(snapshot.scenario()), {}, levels


def _prior_static(case: CaseHistory, draws: int, rng: np.random.Generator
                  ) -> tuple[Scenario, dict, dict]:
    """The first ``draws`` draws of the snapshot calibration's prior design
    (:func:`~ica_model.model.facts.prior_sample`) that meet its constraints."""
    from ..cases import CASES as SNAPSHOTS

    snapshot = SNAPSHOTS[case.name]
    scenario = lying_flat_scenario(snapshot.scenario())
    # the prior's constraints reject a share of draws: read enough, in one stream
    design = prior_sample(scenario, snapshot, 4 * draws + 64, rng)
    sample = design.chunk(0, design.size)
    alive = np.ones(design.size, dtype=bool)
    for _, holds in snapshot.prior.constraints:
        alive &= np.asarray(holds(sample), dtype=bool)
    kept = np.flatnonzero(alive)[:draws]
    if len(kept) < draws:
        raise RuntimeError(f"the prior's constraints of {case.name} kept {len(kept)} of "
                           f"{design.size} draws, fewer than the {draws} asked for")
    base: dict[str, np.ndarray] = {}
    levels: dict[str, dict[str, np.ndarray]] = {}
    for name, value in sample.items():
        symbol, _, epoch = split_column(name)
        if epoch is None:
            base[name] = value[kept]
        else:
            levels.setdefault(epoch, {})[symbol] = value[kept]
    return scenario, base, levels


def _context(case: CaseHistory, draws: int | None, terms: frozenset[str],
             rng: np.random.Generator, parameters: Mapping[str, Any] | None) -> _Context:
    size = 1 if draws is None else draws
    dynamic = dynamic_parameters(draws, rng)
    if parameters is not None and not isinstance(parameters, Mapping):
        raise TypeError(f"parameters must be a mapping of names to values, got {parameters!r}")
    for name, value in (parameters or {}).items():
        if name not in dynamic:
            raise ValueError(f"parameters: unknown {name!r}; allowed {sorted(dynamic)}")
        low, high = (PARAMETERS | EXTRA_PARAMETERS)[name]
        array = check_real_array(f"parameters[{name!r}]", value)
        if array.ndim > 1 or array.size not in (1, size):
            raise ValueError(f"parameters[{name!r}] must be a scalar or one value per draw "
                             f"({size}), got shape {array.shape}")
        array = np.broadcast_to(array, (size,)).copy()
        if not np.all((array >= low) & (array <= high)):
            raise ValueError(f"parameters[{name!r}] must lie in [{low}, {high}], got {value!r}")
        dynamic[name] = array
    if case.district:
        return _Context(case, None, {}, {}, dynamic, terms, np.zeros(1))
    scenario, base, levels = (_representative_static(case) if draws is None
                              else _prior_static(case, draws, rng))
    channels = np.array([name in case.national_channels for name in case.governments], float)
    return _Context(case, scenario, base, levels, dynamic, terms, channels)


def _initial_state(size: int, n: int, first_mover: float = 1.0) -> dict[str, np.ndarray]:
    state = {name: np.full((size, n), value) for name, value in GOVERNMENT_STATE.items()}
    state["first_credit"][:] = first_mover
    state |= {name: np.full((size, 1), value) for name, value in REGION_STATE.items()}
    return state


def _stage(ctx: _Context, year: int, state: Mapping[str, np.ndarray],
           shadow: Mapping[str, np.ndarray] | None
           ) -> tuple[np.ndarray, int, np.ndarray | None, np.ndarray]:
    """The year's stage game: payoffs (V, P, n), the number of actions, the set-up array,
    and the mandate (V,)."""
    on, par, n = ctx.terms, ctx.parameters, len(ctx.case.governments)
    momentum = np.ones((ctx.size, 1))                                      # (V, 1)
    if "potential" in on:
        momentum = momentum + par["momentum_credit"][:, None] * state["potential"]
    bonus = np.zeros((ctx.size, n, 3))
    if "resources" in on:
        bonus[:, :, COOPERATE] += state["resources"]
    if "first_credit" in on:
        bonus[:, :, COOPERATE] += par["novelty_credit"][:, None] * state["first_credit"] * momentum
    if ctx.case.district:
        payoff = district.reform_payoff(ctx, state, momentum)
        payoffs = np.stack([payoff + bonus[:, 0, COOPERATE], np.zeros(ctx.size)], axis=1)
        if shadow is not None:
            payoffs[:, 0] += shadow["cooperate"][:, 0]
        return payoffs[:, :, None], 2, None, np.zeros(ctx.size)
    scenario = ctx.scenario
    if scenario is None:             # pragma: no cover - a game case always has one
        raise ValueError(f"case {ctx.case.name!r} has no snapshot scenario")
    epoch = ctx.case.epoch_of_year[year]
    levels = {kind: np.broadcast_to(ctx.levels.get(epoch, {}).get(kind, 0.0), (ctx.size,))
              for kind in (*KINDS, "national_integration")}
    mandate = _mandate(ctx, year)
    if "attention" in on:
        levels["information"] = state["attention"][:, 0] * par["attention_budget"]
    scale: dict[str, np.ndarray] = {}
    if "potential" in on:
        scale |= {"selective_benefit": momentum[:, 0], "expected_penalty": momentum[:, 0]}
    if "institution" in on:
        relief = 1 - par["institution_relief"] * state["institution"][:, 0]
        scale |= {"defection_risk": relief, "enforcement_cost": relief}
    demand = np.ones((ctx.size, n))
    if "item_mix" in on:
        own = np.asarray(as_points(scenario, ctx.base or None).values()["demand"], dtype=float)
        own = np.broadcast_to(own, (ctx.size, n))
        share = np.minimum(1.0, par["individual_items_growth"]
                           * (year - ctx.case.years[0]))[:, None]
        demand = demand * ((1 - share) * own.mean(axis=1, keepdims=True) + share * own) / own
    if "technical_failure" in on:
        demand = demand * (1 - par["technical_failure"] * (1 - levels["standards"]))[:, None]
    if "item_mix" in on or "technical_failure" in on:
        scale["demand"] = demand
    points = period_points(scenario, ctx.base, levels, scale)
    if "lists_conflict" in on:
        bonus[:, :, COOPERATE] -= (par["lists_conflict"] * mandate)[:, None]
    if "outside_pull" in on:
        bonus[:, :, LIE_FLAT] += (par["outside_pull"] * levels["national_integration"])[:, None] \
            * ctx.channels[None, :]
    if shadow is not None:
        bonus[:, :, COOPERATE] += shadow["cooperate"]
    sunk = state["sunk"] if "sunk" in on else None
    payoffs, setup = stage_payoffs(points, sunk, bonus, mandate)
    return payoffs, 3, setup, mandate


def _run(ctx: _Context, shadow: np.ndarray | None, shocks: np.ndarray | None
         ) -> tuple[np.ndarray, dict, np.ndarray, np.ndarray]:
    """One pass over the years. ``shadow``: (years, V, n) bonus of cooperating, or None."""
    case = ctx.case
    years, n, size = case.years, len(case.governments), ctx.size
    state = _initial_state(size, n, case.first_mover)
    record = {name: np.empty((size, len(years) + 1, n)) for name in state}
    actions = np.full((size, len(years), n), -1, dtype=np.int8)
    equilibria = np.zeros((size, len(years)), dtype=np.int64)
    setup_paid = np.zeros((size, len(years), n))
    for t, year in enumerate(years):
        for name, value in state.items():
            record[name][:, t] = value
        bonus = None if shadow is None else {"cooperate": shadow[t]}
        payoffs, k, setup, mandate = _stage(ctx, year, state, bonus)
        chosen = select_equilibria(payoffs, k)
        actions[:, t] = chosen.profile
        equilibria[:, t] = chosen.count
        if setup is not None:
            index = np.maximum(chosen.index, 0)
            setup_paid[:, t] = setup[np.arange(size), index]
        state = advance(ctx, t, state, chosen.profile, mandate,
                        None if shocks is None else shocks[:, t])
    for name, value in state.items():
        record[name][:, -1] = value
    state_record = {name: np.broadcast_to(value, (size, len(years) + 1, n)).copy()
                    for name, value in record.items()}
    return actions, state_record, equilibria, setup_paid


def _mandate(ctx: _Context, year: int) -> np.ndarray:
    """The level of the lists in ``year`` at each draw, (V,)."""
    if ctx.case.district:
        return np.zeros(ctx.size)
    epoch = ctx.case.epoch_of_year[year]
    return np.broadcast_to(np.asarray(ctx.levels.get(epoch, {}).get("authority", 0.0), float),
                           (ctx.size,))


def advance(ctx: _Context, t: int, state: Mapping[str, np.ndarray], profile: np.ndarray,
            mandate: np.ndarray, shocks: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The state after year index ``t`` in which each draw played ``profile`` (V, n);
    ``shocks`` (V, n + 1) uniform numbers for turnover and re-injection (None: none, the
    expected re-injection)."""
    par, case = ctx.parameters, ctx.case
    size, n = profile.shape
    cooperated = (profile == COOPERATE).astype(float)
    cadre_mean = state["cadre"].mean(axis=1, keepdims=True)
    chance = par["reinjection"][:, None] * cadre_mean
    if shocks is not None:
        turnover = (shocks[:, :n] < par["cadre_turnover"][:, None]).astype(float)
        reinjected = (shocks[:, n:] < chance).astype(float)
    else:
        turnover, reinjected = np.zeros((size, n)), chance
    extra = reinjected * par["rank_step"][:, None] ** RANKS.index("province") \
        if "cadre" in ctx.terms else 0.0
    year = case.years[t]
    inputs = {"cooperated": cooperated, "share": cooperated.mean(axis=1, keepdims=True),
              "mandate": np.asarray(mandate, float).reshape(-1, 1),
              "event": case.event_weights(par["rank_step"])[t][:, None] + extra,
              "rival": case.rival.get(year, 0.0) * par["rival_visibility"][:, None],
              "turnover": turnover, "cadre_mean": cadre_mean}
    return step(state, inputs, {name: value[:, None] for name, value in par.items()}, ctx.terms)


def _shadow_prices(ctx: _Context, actions: np.ndarray, state: Mapping[str, np.ndarray],
                   setup_paid: np.ndarray) -> np.ndarray:
    """The forward-looking bonus of cooperating, (years, V, n), from the path's shadow
    prices of the government's own sunk connection and resources (see the module)."""
    par, on = ctx.parameters, ctx.terms
    beta = par["discount"][:, None]
    size, years, n = actions.shape
    lam_k = np.zeros((size, n))
    lam_r = np.zeros((size, n))
    bonus = np.zeros((years, size, n))
    for t in range(years - 1, -1, -1):
        k, r, a = state["sunk"][:, t], state["resources"][:, t], state["attention"][:, t]
        if "sunk" in on:
            bonus[t] += beta * lam_k * (1 - (1 - par["sunk_depreciation"][:, None]) * k)
        if "resources" in on:
            bonus[t] += beta * lam_r * par["resource_gain"][:, None] * (1 + r) * a
        c = (actions[:, t] == COOPERATE).astype(float)
        lam_k = c * setup_paid[:, t] + beta * (1 - c) * (
            1 - par["sunk_depreciation"][:, None]) * lam_k
        lam_r = c + beta * (1 - par["resource_decay"][:, None]
                            + par["resource_gain"][:, None] * c * a) * lam_r
    return bonus


def simulate_history(case: str | CaseHistory = "g60", draws: int | None = None, *,
             terms: Any = None, forward: bool = False, stochastic: bool = False,
             parameters: Mapping[str, Any] | None = None, years: Sequence[int] | None = None,
             snapshot_terms: Mapping[str, bool] | None = None,
             rows: Sequence[int] | np.ndarray | None = None, rng: Any = 0) -> History:
    """Simulate a case's history.

    Parameters
    ----------
    case : str or CaseHistory
        ``"g60"``, ``"yangtze_river_delta"``, ``"a_district"`` (陈璐) or ``"j_district"``
        (黄六招等).
    draws : int, optional
        None: the representative point: the case's representative accepted draw of the
        calibration over histories (:attr:`CaseHistory.representative`, the call that
        reproduces it), or, for a case without one, the snapshot case's representative draw
        and the midpoints of the dynamic terms' ranges. An integer: that many draws of the
        case's snapshot prior and of the dynamic terms' ranges.
    terms : iterable of str, optional
        The switched-on dynamic terms (default: all of :data:`~ica_model.history.terms.TERMS`).
    forward : bool
        Forward-looking governments (see the module).
    stochastic : bool
        Cadre turnover and re-injected momentum drawn from ``rng``.
    parameters : mapping, optional
        Values of dynamic parameters to fix (scalars or one per draw).
    snapshot_terms : mapping, optional
        Switches of the snapshot model's terms to change (:class:`~ica_model.model.parameters.
        Terms`), e.g. ``{"autonomy_cost": False}``.
    rows : sequence of int, optional
        Simulate only these of the ``draws`` draws (the same values as in the full run:
        e.g. the accepted draws of a calibration, or its representative draw).
    years : sequence of int, optional
        A contiguous run of the case's years to report (the path always starts at the
        case's first year, because the state carries over).
    rng : int or numpy.random.Generator

    Returns
    -------
    History

    Examples
    --------
    Three draws of 陈璐's A district, five years, one government (0 deepens the reform,
    1 stays with technology):

    >>> history = simulate_history("a_district", draws=3, rng=0)
    >>> history.actions.shape, history.years[0]
    ((3, 5, 1), 2019)
    """
    case = case_history(case)
    forward = check_bool("forward", forward)
    stochastic = check_bool("stochastic", stochastic)
    if draws is None and case.representative is not None:
        draws, rng, row = case.representative
        rows = [row]
    if draws is not None:
        draws = check_int("draws", draws, 1, 10**6)
    on = check_terms(terms)
    generator = generator_of(rng)
    ctx = _context(case, draws, on, generator, parameters)
    if rows is not None:
        index = np.asarray(rows, dtype=np.intp).ravel()
        if draws is None or not index.size or index.min() < 0 or index.max() >= draws:
            raise ValueError(f"rows must be indices of the {draws} draws, got {rows!r}")
        ctx = ctx.take(index)
    if snapshot_terms and ctx.scenario is not None:
        unknown = sorted(set(snapshot_terms) - {f.name for f in dataclasses.fields(Terms)})
        if unknown:
            raise ValueError(f"snapshot_terms: unknown {unknown}; allowed "
                             f"{[f.name for f in dataclasses.fields(Terms)]}")
        switched = dataclasses.replace(ctx.scenario.terms, **dict(snapshot_terms))
        ctx = dataclasses.replace(ctx, scenario=dataclasses.replace(ctx.scenario, terms=switched))
    paths = solve_paths(ctx, forward, stochastic, int(generator.integers(2**63)))
    snapshot = dict(ctx.base) | {f"{epoch}:{kind}": value for epoch, levels in ctx.levels.items()
                                 for kind, value in levels.items()} if draws is not None else {}
    history = History(case.name, case.governments, case.years, paths.actions, paths.state,
                      paths.equilibria, ctx.parameters, snapshot, on, forward, paths.converged)
    return _years(history, years)


@dataclass(frozen=True, eq=False)
class Paths:
    """The solved paths of a context: actions, state, equilibria, convergence."""

    actions: np.ndarray
    state: dict[str, np.ndarray]
    equilibria: np.ndarray
    converged: np.ndarray


def solve_paths(ctx: _Context, forward: bool, stochastic: bool = False, seed: int = 0
                ) -> Paths:
    """The myopic paths, or the forward-looking fixed point (see the module)."""
    shocks = None
    if stochastic:   # each draw's own stream, whichever draws are simulated together
        years, n = len(ctx.case.years), len(ctx.case.governments)
        shocks = np.stack([np.random.default_rng([seed, int(row)]).random((years, n + 1))
                           for row in ctx.draw_rows])
    actions, state, equilibria, setup_paid = _run(ctx, None, shocks)
    converged = np.ones(ctx.size, dtype=bool)
    if forward:
        converged[:] = False
        for _ in range(_MAX_ITERATIONS):
            shadow = _shadow_prices(ctx, actions, state, setup_paid)
            again = _run(ctx, shadow, shocks)
            same = (again[0] == actions).all(axis=(1, 2))
            actions, state, equilibria, setup_paid = again
            converged |= same
            if converged.all():
                break
    return Paths(actions, state, equilibria, converged)


def _years(history: History, years: Sequence[int] | None) -> History:
    if years is None:
        return history
    wanted = [int(y) for y in years]
    unknown = [y for y in wanted if y not in history.years]
    if unknown or not wanted:
        raise ValueError(f"years: {unknown or wanted} not in the case's years {history.years}")
    index = [history.years.index(y) for y in wanted]
    state_index = [*index, index[-1] + 1]
    return dataclasses.replace(
        history, years=tuple(wanted), actions=history.actions[:, index],
        equilibria=history.equilibria[:, index],
        state={k: v[:, state_index] for k, v in history.state.items()})

