r"""Calibration as a search over the parameter space: the region that reproduces the facts.

The observed facts of a case (:mod:`ica_model.cases`; their records:
:mod:`ica_model.model.facts`) are ordinal patterns, so the natural rule is rejection: draw
the parameters uniformly from their plausible ranges (the case's
:class:`~ica_model.model.facts.Prior`) and the intervention of every epoch from its
ranges, and accept a draw when *every* fact holds. This is rejection approximate Bayesian
computation with a zero-tolerance, pattern-valued distance (Beaumont, Zhang and Balding
2002, "Approximate Bayesian computation in population genetics", *Genetics* 162, 2025),
the pattern-oriented modelling of Grimm et al. (2005, *Science* 310, 987), and history
matching with an implausibility that is either 0 or infinite (Vernon, Goldstein and Bower
2010, *Bayesian Analysis* 5, 619). The accepted draws are a sample of the prior restricted
to the fact-consistent region: claims about the model are reported as shares of it
(:mod:`ica_model.analysis.claims`), never at one hand-picked point.

Cheap facts (those decided by the full-cooperation margin alone, :math:`2n + 1` profiles
per point) are checked first; the full follower response (every state) only for the draws
that pass them. Draws come from one generator in a fixed order (the design
:func:`prior_sample`, read chunk by chunk), so the accepted set depends only on the seed and
the number of draws, never on the chunk size; the chunks are run by
:func:`ica_model.runtime.run`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import check_instance, check_int
from ..model.closed_form import full_cooperation_margin
from ..model.facts import CaseFacts, Outcome, split_column
from ..model.parameters import Scenario, check_scenario
from ..model.points import Points, as_points
from ..runtime.designs import UniformStream
from ..runtime.runner import run
from .follower import follower_response

if TYPE_CHECKING:
    from ..cases import Case

__all__ = ["Calibration", "calibrate", "prior_sample", "reproduce_representative", "resolve_case"]


@dataclass(frozen=True, eq=False)
class Calibration:
    """The accepted region of a calibration.

    Attributes
    ----------
    case : str
    scenario : Scenario
        The scenario whose unlisted parameters every draw keeps.
    facts : CaseFacts
    draws : int
        Draws made.
    accepted : pandas.DataFrame
        One row per accepted draw: its parameters (symbol, ``"attribute.k"`` per actor)
        and each epoch's levels (``"epoch:kind"``).
    passed : dict
        Fact name to the number of draws that reached it and passed it (draws that break
        a constraint of the prior reach no fact; facts are checked in order, cheap ones
        first, so later counts are conditional).
    rng : int or numpy.random.Generator
        The ``rng`` the draws came from.
    """

    case: str
    scenario: Scenario
    facts: CaseFacts
    draws: int
    accepted: Any
    passed: Mapping[str, tuple[int, int]]
    rng: Any

    @property
    def share(self) -> float:
        """The share of draws accepted."""
        return len(self.accepted) / self.draws

    def ranges(self, quantiles: tuple[float, ...] = (0.05, 0.5, 0.95)) -> Any:
        """Quantiles of each parameter over the accepted draws, next to its prior range."""
        import pandas as pd

        rows = []
        for column in self.accepted.columns:
            prior = self.facts.range_of(column)
            values = self.accepted[column].to_numpy()
            row = {"parameter": column, "prior_low": prior[0], "prior_high": prior[1]}
            row |= {f"q{round(100 * q):02d}": float(np.quantile(values, q)) if len(values)
                    else np.nan for q in quantiles}
            rows.append(row)
        return pd.DataFrame(rows)

    def _summary(self) -> Any:
        from .._display import Summary

        rows = [("draws", f"{self.draws:,}"),
                ("accepted", f"{len(self.accepted):,} ({100 * self.share:.2f} %)"),
                ("facts", f"{len(self.passed)}, checked cheap first"),
                ("parameters", f"{self.accepted.shape[1]} columns per accepted draw"),
                ("rng", self.rng if isinstance(self.rng, int) else type(self.rng).__name__)]
        table = self.facts_frame()
        note = ""
        if not len(self.accepted):
            stop = next((name for name, (reached, passed) in self.passed.items()
                         if reached and not passed), None)
            note = ("no draw was accepted" + (f": none passed the fact {stop!r}" if stop else "")
                    + "; widen the prior ranges or draw more")
        return Summary(f"Calibration of {self.case!r}", rows, table, note, "facts_frame()")

    def facts_frame(self) -> Any:
        """One row per fact, in the order checked: the draws that reached it, those that
        passed it and the share passed (conditional on the earlier facts)."""
        import pandas as pd

        return pd.DataFrame([{"fact": name, "reached": reached, "passed": passed,
                              "share_passed": passed / reached if reached else np.nan}
                             for name, (reached, passed) in self.passed.items()])

    def __repr__(self) -> str:
        """A few lines: draws made and accepted, the facts; the accepted draws are in
        ``accepted``, their ranges in :meth:`ranges`."""
        from .._display import text

        return text(self._summary())

    def _repr_html_(self) -> str:
        from .._display import html

        return html(self._summary())

    def plot(self, ax: Any = None, shown: int = 12) -> Any:
        """Each parameter's accepted 5--95 % range (dark bar) and median (black tick)
        inside its prior range (the light bar, the whole axis), scaled to the prior; the
        ``shown`` parameters the facts narrow most. Return the axes (a new figure's
        when ``ax`` is None)."""
        if ax is None:
            from matplotlib.figure import Figure

            ax = Figure(figsize=(7.0, 0.25 * shown + 1.2), layout="constrained").subplots()
        table = self.ranges()
        width = (table["prior_high"] - table["prior_low"]).to_numpy()
        scale = np.where(width > 0, width, 1.0)
        low, mid, high = ((table[q].to_numpy() - table["prior_low"].to_numpy()) / scale
                          for q in ("q05", "q50", "q95"))
        drawn = np.flatnonzero(width > 0)            # fixed parameters narrow nothing
        order = drawn[np.argsort((high - low)[drawn], kind="stable")[:shown]][::-1]
        y = np.arange(len(order))
        ax.barh(y, 1.0, height=0.7, color="0.88", lw=0, label="prior range")
        ax.barh(y, (high - low)[order], left=low[order], height=0.7, color="#0072b2",
                label="accepted 5–95 %")
        ax.plot(mid[order], y, ls="none", marker="|", ms=9, mew=2, color="black",
                label="accepted median")
        ax.set_yticks(y, [str(table["parameter"].iloc[i]) for i in order])
        ax.set_xlim(0, 1)
        ax.set_xlabel("position in the prior range (0 = low end, 1 = high end)")
        ax.set_title(f"{self.case}: {len(self.accepted):,} of {self.draws:,} draws accepted",
                     loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, borderaxespad=0)
        return ax

    def representative(self) -> int:
        """Row of the accepted draw nearest the accepted medians (each parameter scaled by
        its prior range): a documented point inside the region, not its mode."""
        if not len(self.accepted):
            raise ValueError("no draw was accepted")
        table = self.accepted
        scaled = np.column_stack([
            (table[c].to_numpy() - lo) / (hi - lo if hi > lo else 1.0)
            for c in table.columns for lo, hi in [self.facts.range_of(c)]])
        median = np.median(scaled, axis=0)
        return int(np.argmin(((scaled - median) ** 2).sum(axis=1)))

    def scenario_at(self, row: int) -> Scenario:
        """The scenario of accepted draw ``row`` (its epoch levels are in the row)."""
        values = self.accepted.iloc[row]
        columns = {name: [values[name]] for name in self.accepted.columns
                   if split_column(name)[2] is None}
        return _points(self.scenario, columns).scenario_at(0)

    def epoch_points(self, epoch: str) -> Points:
        """Every accepted draw at one epoch, as points of the case's scenario."""
        return _epoch_points(self.scenario, self.facts, epoch, {
            c: self.accepted[c].to_numpy() for c in self.accepted.columns})


def _points(scenario: Scenario, columns: Mapping[str, Any]) -> Points:
    return as_points(scenario, columns)


def _epoch_points(scenario: Scenario, facts: CaseFacts, epoch: str,
                  draws: Mapping[str, np.ndarray]) -> Points:
    return _points(scenario, facts.at_epoch(draws, epoch))


def _outcome(scenario: Scenario, points: Points, response: bool) -> Outcome:
    if not response:
        margin = full_cooperation_margin(scenario, points)
        unknown = np.full(points.size, -1)
        return Outcome(unknown, unknown, unknown, margin >= 0, margin)
    result = follower_response(scenario, points)
    defectors = np.where(result.has_equilibrium, (result.profile == 1).sum(axis=1), -1)
    return Outcome(result.cooperators, result.token_compliers, defectors,
                   result.full_cooperation, result.margin)


def calibrate(case: str | CaseFacts, draws: int = 100_000, rng: Any = 0,
              scenario: Scenario | None = None, progress: bool | None = None, *,
              backend: str = "serial", workers: int | None = None) -> Calibration:
    """Draw parameters and epoch interventions from the case's prior; keep the draws under
    which every fact of the case holds.

    Parameters
    ----------
    case : str, Case or CaseFacts
        A named case (``"g60"``, ``"yangtze_river_delta"``: :mod:`ica_model.cases`) or your
        own region's facts (epochs, facts and prior: :mod:`ica_model.model.facts`).
    draws : int
        Number of draws (at most 10**8).
    rng : int or numpy.random.Generator
        The same seed gives the same accepted region.
    scenario : Scenario, optional
        Supplies every parameter the prior does not draw (default: the named case's
        scenario; required for a plain CaseFacts).
    progress : bool, optional
        Progress bar on standard error (default: when standard error is a terminal, in
        Jupyter, and under ``ica-model run``).
    backend, workers : optional
        Where the draws are checked, chunk by chunk (:func:`ica_model.runtime.run`:
        ``"serial"``, ``"processes"`` on ``workers`` processes, or ``"dask"``); the
        accepted region is the same on any. ``"processes"`` with a forkserver and
        ``"dask"`` need picklable facts (the named cases' are).

    Returns
    -------
    Calibration

    Examples
    --------
    Of 2000 draws, 942 meet the prior's constraints and reach the first fact; 355 of them
    pass it, and 20 of those pass the second:

    >>> result = calibrate("yangtze_river_delta", draws=2000, rng=1)
    >>> result.passed
    {'integration': (942, 355), 'no integration': (355, 20)}
    >>> len(result.accepted), result.share
    (20, 0.01)
    """
    facts, scenario = resolve_case(case, scenario)
    draws = check_int("draws", draws, 1, 10**8)
    ordered = sorted(facts.facts, key=lambda fact: fact.needs_response)   # cheap facts first
    result = run(functools.partial(_accept, scenario, facts), prior_sample(scenario, facts,
                 draws, rng), progress=progress, desc=f"calibrate {facts.case}", unit="draw",
                 backend=backend, workers=workers)
    passed = {fact.name: (result.totals.get(f"{fact.name}:reached", 0),
                          result.totals.get(f"{fact.name}:passed", 0)) for fact in ordered}
    return Calibration(facts.case, scenario, facts, draws,
                       result.table.reset_index(drop=True), passed, rng)


def resolve_case(case: str | CaseFacts, scenario: Scenario | None = None
                 ) -> tuple[CaseFacts, Scenario]:
    """The facts of ``case`` (a name of :mod:`ica_model.cases`, a Case or a CaseFacts) and
    the scenario they are checked on (the named case's, unless ``scenario`` is given),
    checked."""
    if isinstance(case, str):       # a name is looked up among the named cases at call time
        from ..cases import case as named_case

        case = named_case(case)
    facts = case
    if not isinstance(facts, CaseFacts):
        raise ValueError(f"case must be a case name, a Case or a CaseFacts, got {case!r}")
    named_scenario = getattr(facts, "scenario", None)
    if scenario is None:
        if named_scenario is None:
            raise ValueError(f"case {facts.case!r} is not a named case; pass scenario=")
        scenario = named_scenario()
    check_scenario(scenario)
    if named_scenario is not None:   # a named case's facts are about its own actors
        own = tuple(actor.name for actor in named_scenario().actors)
        given = tuple(actor.name for actor in scenario.actors)
        if given != own:
            raise ValueError(
                f"scenario has the actors {', '.join(given)}, but the facts of case {facts.case!r} "
                f"are about {', '.join(own)}: pass a scenario of that case (e.g. "
                f"ica_model.cases.scenario({facts.case!r}).with_values(...)) or the facts of "
                f"your own case")
    return facts, scenario


def prior_sample(scenario: Scenario, facts: CaseFacts, draws: int, rng: Any = 0
                 ) -> UniformStream:
    """The design of a calibration: ``draws`` draws of the case's prior (every parameter
    it lists, per actor where it is an actor attribute, and each epoch's levels as
    ``"epoch:kind"``), uniform in their ranges, read in a fixed order from one generator.

    Examples
    --------
    >>> from ica_model.cases import YANGTZE_RIVER_DELTA, yangtze_river_delta
    >>> design = prior_sample(yangtze_river_delta(), YANGTZE_RIVER_DELTA, 10)
    >>> design.size, design.names[0]
    (10, 'token_weight')
    """
    check_case_inputs(facts, scenario)
    return UniformStream(tuple(facts.columns(scenario.n)), check_int("draws", draws, 1), rng)


def check_case_inputs(facts: CaseFacts, scenario: Scenario) -> None:
    """A TypeError naming ``facts`` or ``scenario`` when either is of another type."""
    check_instance("facts", facts, CaseFacts, "a CaseFacts (a case's facts and prior)")
    check_scenario(scenario)


def _accept(scenario: Scenario, facts: CaseFacts, sample: Mapping[str, np.ndarray], start: int,
            stop: int) -> tuple[Any, dict[str, int]]:
    """The calibration's metric: the draws of one chunk under which every fact holds, and
    per fact the draws that reached it and passed it."""
    import pandas as pd

    size = stop - start
    alive = np.ones(size, dtype=bool)
    for _, holds in facts.prior.constraints:
        alive &= np.asarray(holds(sample), dtype=bool)
    tallies = {}
    for fact in sorted(facts.facts, key=lambda fact: fact.needs_response):
        index = np.flatnonzero(alive)
        if not len(index):
            break
        subset = {name: value[index] for name, value in sample.items()}
        points = _epoch_points(scenario, facts, fact.epoch, subset)
        held = np.asarray(fact.holds(_outcome(scenario, points, fact.needs_response),
                                     scenario.n), dtype=bool)
        tallies[f"{fact.name}:reached"] = len(index)
        tallies[f"{fact.name}:passed"] = int(held.sum())
        alive[index[~held]] = False
    return pd.DataFrame({name: value[alive] for name, value in sample.items()}), tallies


def reproduce_representative(case: str | Case, progress: bool | None = False
                             ) -> tuple[int, dict[str, float]]:
    """Rerun the calibration call a named case records for its representative draw
    (:class:`~ica_model.cases.Representative`): the representative row of its accepted
    draws and that row's values, rounded as the case stores them (slow: the full
    calibration; ``tests/claims/test_cases.py`` checks both against the stored ones).

    Parameters
    ----------
    case : str or Case
        A name of :mod:`ica_model.cases` or a :class:`~ica_model.cases.Case`.
    """
    from ..cases import Case
    from ..cases import case as named_case
    from ..cases._case import significant

    if isinstance(case, str):
        case = named_case(case)
    if not isinstance(case, Case):
        raise TypeError(f"case must be a case name or a Case, got {type(case).__name__}")
    call = case.representative
    result = calibrate(case, draws=call.draws, rng=call.rng, progress=progress)
    row = result.representative()
    values = result.accepted.iloc[row]
    return row, {name: significant(float(values[name]), call.digits)
                 for name in result.accepted.columns}
