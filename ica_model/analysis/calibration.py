r"""Calibration as a search over the parameter space: the region that reproduces the facts.

The observed facts of a case (:mod:`ica_model.model.facts`) are ordinal patterns, so the
natural rule is rejection: draw the parameters uniformly from their plausible ranges (the
case's :class:`~ica_model.model.facts.Prior`) and the intervention of every epoch from its
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
that pass them. Draws come from one generator in a fixed order, so the accepted set
depends only on the seed and the number of draws, never on the chunk size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._progress import progress_bar
from .._validation import check_int, generator_of
from ..model.cases import CASES
from ..model.closed_form import full_cooperation_margin
from ..model.facts import CASE_FACTS, CaseFacts, Outcome
from ..model.parameters import KINDS, Role, Scenario, check_scenario, schema_entry
from ..model.points import Points, as_points
from .follower import follower_response

__all__ = ["Calibration", "calibrate"]

#: Draws evaluated per batch (memory bound).
CHUNK = 20_000


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
            prior = _prior_range(self.facts, column)
            values = self.accepted[column].to_numpy()
            row = {"parameter": column, "prior_low": prior[0], "prior_high": prior[1]}
            row |= {f"q{round(100 * q):02d}": float(np.quantile(values, q)) if len(values)
                    else np.nan for q in quantiles}
            rows.append(row)
        return pd.DataFrame(rows)

    def representative(self) -> int:
        """Row of the accepted draw nearest the accepted medians (each parameter scaled by
        its prior range): a documented point inside the region, not its mode."""
        if not len(self.accepted):
            raise ValueError("no draw was accepted")
        table = self.accepted
        scaled = np.column_stack([
            (table[c].to_numpy() - lo) / (hi - lo if hi > lo else 1.0)
            for c in table.columns for lo, hi in [_prior_range(self.facts, c)]])
        median = np.median(scaled, axis=0)
        return int(np.argmin(((scaled - median) ** 2).sum(axis=1)))

    def scenario_at(self, row: int) -> Scenario:
        """The scenario of accepted draw ``row`` (its epoch levels are in the row)."""
        values = self.accepted.iloc[row]
        columns = {name: [values[name]] for name in self.accepted.columns if ":" not in name}
        return _points(self.scenario, columns).scenario_at(0)

    def epoch_points(self, epoch: str) -> Points:
        """Every accepted draw at one epoch, as points of the case's scenario."""
        return _epoch_points(self.scenario, self.facts, epoch, {
            c: self.accepted[c].to_numpy() for c in self.accepted.columns})


def _prior_range(facts: CaseFacts, column: str) -> tuple[float, float]:
    if ":" in column:
        epoch, _, kind = column.partition(":")
        return facts.epoch(epoch).levels.get(kind, (0.0, 0.0))
    base = column.partition(".")[0]
    return facts.prior.ranges.get(column, facts.prior.ranges.get(base, (0.0, 0.0)))


def _columns(scenario: Scenario, facts: CaseFacts) -> list[tuple[str, float, float]]:
    """Every drawn column and its range, in a fixed order."""
    columns = []
    for name, (low, high) in facts.prior.ranges.items():
        base, dot, _ = name.partition(".")
        entry = schema_entry(base)
        if entry.role is Role.ACTOR and not dot:
            columns += [(f"{base}.{k}", *facts.prior.ranges.get(f"{base}.{k}", (low, high)))
                        for k in range(scenario.n)]
        elif not (entry.role is Role.ACTOR and dot):
            columns.append((name, low, high))
    for epoch in facts.epochs:
        columns += [(f"{epoch.name}:{kind}", low, high)
                    for kind, (low, high) in epoch.levels.items()]
    return columns


def _points(scenario: Scenario, columns: Mapping[str, Any]) -> Points:
    return as_points(scenario, columns)


def _epoch_points(scenario: Scenario, facts: CaseFacts, epoch: str,
                  draws: Mapping[str, np.ndarray]) -> Points:
    size = len(next(iter(draws.values())))
    values = {name: value for name, value in draws.items() if ":" not in name}
    levels = dict.fromkeys(KINDS, np.zeros(size))
    levels |= {name.partition(":")[2]: value for name, value in draws.items()
               if name.partition(":")[0] == epoch}
    return _points(scenario, values | levels)


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
              scenario: Scenario | None = None, progress: bool | None = None) -> Calibration:
    """Draw parameters and epoch interventions from the case's prior; keep the draws under
    which every fact of the case holds.

    Parameters
    ----------
    case : str or CaseFacts
        A named case (``"g60"``, ``"yangtze_river_delta"``) or your own region's facts
        (epochs, facts and prior: :mod:`ica_model.model.facts`).
    draws : int
        Number of draws (at most 10**8).
    rng : int or numpy.random.Generator
        The same seed gives the same accepted region.
    scenario : Scenario, optional
        Supplies every parameter the prior does not draw (default: the named case's
        scenario).
    progress : bool, optional
        Progress bar on standard error (default: when standard error is a terminal, in
        Jupyter, and under ``ica-model run``).

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
    import pandas as pd

    facts = CASE_FACTS[case] if isinstance(case, str) and case in CASE_FACTS else case
    if not isinstance(facts, CaseFacts):
        raise ValueError(f"case must be one of {sorted(CASE_FACTS)} or a CaseFacts, got {case!r}")
    if scenario is None:
        if facts.case not in CASES:
            raise ValueError(f"case {facts.case!r} is not a named scenario; pass scenario=")
        scenario = CASES[facts.case]()
    check_scenario(scenario)
    draws = check_int("draws", draws, 1, 10**8)
    generator = generator_of(rng)
    columns = _columns(scenario, facts)
    ordered = sorted(facts.facts, key=lambda fact: fact.needs_response)   # cheap facts first
    passed = {fact.name: [0, 0] for fact in ordered}
    kept = []
    with progress_bar(progress, total=draws, unit="draw", desc=f"calibrate {facts.case}") as bar:
        for start in range(0, draws, CHUNK):
            size = min(CHUNK, draws - start)
            uniform = generator.random((size, len(columns)))
            sample = {name: low + (high - low) * uniform[:, j]
                      for j, (name, low, high) in enumerate(columns)}
            alive = np.ones(size, dtype=bool)
            for _, holds in facts.prior.constraints:
                alive &= np.asarray(holds(sample), dtype=bool)
            for fact in ordered:
                index = np.flatnonzero(alive)
                if not len(index):
                    break
                subset = {name: value[index] for name, value in sample.items()}
                points = _epoch_points(scenario, facts, fact.epoch, subset)
                held = np.asarray(fact.holds(_outcome(scenario, points, fact.needs_response),
                                             scenario.n), dtype=bool)
                passed[fact.name][0] += len(index)
                passed[fact.name][1] += int(held.sum())
                alive[index[~held]] = False
            kept.append(pd.DataFrame({name: value[alive] for name, value in sample.items()}))
            bar.update(size)
    accepted = pd.concat(kept, ignore_index=True)
    return Calibration(facts.case, scenario, facts, draws, accepted,
                       {name: (reached, held) for name, (reached, held) in passed.items()}, rng)
