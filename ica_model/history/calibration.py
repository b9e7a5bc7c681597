r"""Calibration over histories: keep the draws whose whole path reproduces every fact.

Draws come from the case's snapshot prior (:mod:`ica_model.model.facts`, the same ranges the
snapshot calibration uses) and from the dynamic terms' ranges (:mod:`ica_model.history.terms`);
a draw is accepted when every history fact of the case (:data:`ica_model.cases.HISTORIES`) holds
on its path. Reported: the accepted share with its Wilson interval; each fact's share on its
own (a fact that holds on every path constrains nothing, and is said to); the posterior
predictive share of each action per government and year; and, per parameter, the
Kolmogorov–Smirnov distance between prior and accepted draws (which parameters the facts
inform).

Rival explanations (:func:`rival_explanations`) switch one mechanism on alone over the same
prior and compare acceptance: ABC model choice with equal prior weights, where the posterior
probability of an explanation is proportional to its acceptance rate (Pritchard et al. 1999;
Grelaud et al. 2009).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._validation import check_int, seed_of
from ..model.history_records import ACTION_CODES, CaseHistory, History
from ..stats import Z95_SIX_DECIMALS, wilson_interval
from .path import case_history, simulate_history
from .terms import check_terms

__all__ = ["EXPLANATIONS", "HistoryCalibration", "calibrate_histories", "rival_explanations"]

@dataclass(frozen=True, eq=False)
class HistoryCalibration:
    """The draws of a case's prior whose paths reproduce every history fact.

    Attributes
    ----------
    case : CaseHistory
    history : History
        Every simulated path.
    holds : dict
        Fact name to one boolean per draw.
    accepted : ndarray of bool
        Every fact holds.
    """

    case: CaseHistory
    history: History
    holds: Mapping[str, np.ndarray]
    accepted: np.ndarray

    @property
    def share(self) -> tuple[float, float, float]:
        """The accepted share and its 95 % Wilson interval."""
        k, total = int(self.accepted.sum()), len(self.accepted)
        return (k / total, *wilson_interval(k, total, z=Z95_SIX_DECIMALS))

    def fact_table(self) -> pd.DataFrame:
        """Each fact: its source and quote, the share of paths on which it holds (with its
        interval), and whether it constrains anything."""
        rows = []
        for fact in self.case.facts:
            held = self.holds[fact.name]
            low, high = wilson_interval(int(held.sum()), len(held), z=Z95_SIX_DECIMALS)
            citation = fact.citation
            rows.append({"fact": fact.name, "statement": fact.statement,
                         "source": ", ".join(p for p in (str(citation.study), citation.section)
                                             if p),
                         "quote": citation.quote, "share": held.mean(), "low": low, "high": high,
                         "constrains": bool((~held).any())})
        return pd.DataFrame(rows)

    def action_bands(self) -> pd.DataFrame:
        """Posterior predictive: the share of accepted paths in which each government takes
        each action, per year (all paths if none is accepted, flagged)."""
        h = self.history
        chosen = self.accepted if self.accepted.any() else np.ones_like(self.accepted)
        rows = []
        for t, year in enumerate(h.years):
            for i, name in enumerate(h.governments):
                taken = h.actions[chosen, t, i]
                rows.append({"year": year, "government": name,
                             **{code: float((taken == a).mean())
                                for a, code in enumerate(ACTION_CODES)},
                             "accepted_paths": int(chosen.sum()),
                             "conditioned": bool(self.accepted.any())})
        return pd.DataFrame(rows)

    def representative_row(self) -> int:
        """The accepted draw nearest the accepted medians, every drawn parameter (dynamic
        and snapshot) in units of its range over all draws; its index among all draws.

        Raises
        ------
        ValueError
            If no draw is accepted.
        """
        if not self.accepted.any():
            raise ValueError("no draw is accepted: there is no representative draw")
        columns = {**self.history.parameters, **self.history.snapshot}
        scaled = []
        for values in columns.values():
            values = np.asarray(values, dtype=float)
            span = values.max() - values.min()
            scaled.append((values - values.min()) / (span if span > 0 else 1.0))
        table = np.column_stack(scaled)
        accepted = np.flatnonzero(self.accepted)
        median = np.median(table[accepted], axis=0)
        return int(accepted[np.argmin(((table[accepted] - median) ** 2).sum(axis=1))])

    def informed(self) -> pd.DataFrame:
        """Per drawn parameter (dynamic, then the snapshot's): the Kolmogorov–Smirnov
        distance between its prior and accepted draws (NaN with fewer than two accepted)."""
        rows = []
        for name, values in {**self.history.parameters, **self.history.snapshot}.items():
            accepted = values[self.accepted]
            distance = (stats.ks_2samp(values, accepted).statistic if len(accepted) >= 2
                        else np.nan)
            rows.append({"parameter": name, "ks_distance": float(distance),
                         "accepted": len(accepted)})
        return pd.DataFrame(rows).sort_values("ks_distance", ascending=False,
                                              ignore_index=True)


#: Bytes of stage payoffs one chunk of draws may hold (the runner's chunks are sized by it).
_CHUNK_BYTES = 2**29


def _chunk_size(case: CaseHistory) -> int:
    profiles = 2 if case.district else 3 ** len(case.governments)
    per_draw = 4 * 8 * profiles * len(case.governments)    # payoffs, set-up, free, masks
    return max(1, _CHUNK_BYTES // per_draw)


def _paths_metric(case: str | CaseHistory, draws: int, terms: frozenset[str], forward: bool,
                  snapshot_terms: Mapping[str, bool] | None, seed: int,
                  columns: Mapping[str, np.ndarray], start: int, stop: int) -> pd.DataFrame:
    """The runner's metric: the paths of draws ``start`` to ``stop - 1``, one row each."""
    rows = np.asarray(columns["row"], dtype=np.intp)
    history = simulate_history(case, draws, terms=terms, forward=forward,
                       snapshot_terms=snapshot_terms, rows=rows, rng=seed)
    n_years, n = history.actions.shape[1:]
    table = {"row": rows}
    for t in range(n_years):
        for i in range(n):
            table[f"action:{t}:{i}"] = history.actions[:, t, i]
        table[f"equilibria:{t}"] = history.equilibria[:, t]
    for name, values in history.state.items():
        for t in range(n_years + 1):
            for i in range(n):
                table[f"state:{name}:{t}:{i}"] = values[:, t, i]
    table |= {f"parameter:{k}": v for k, v in history.parameters.items()}
    table |= {f"snapshot:{k}": v for k, v in history.snapshot.items()}
    table["converged"] = history.converged
    return pd.DataFrame(table)


def _history_from(table: pd.DataFrame, case: CaseHistory, terms: frozenset[str],
                  forward: bool) -> History:
    """The paths the runner's chunks returned, as one :class:`History`."""
    years, n = len(case.years), len(case.governments)
    actions = np.stack([np.stack([table[f"action:{t}:{i}"].to_numpy() for i in range(n)],
                                 axis=1) for t in range(years)], axis=1).astype(np.int8)
    state = {name: np.stack([np.stack([table[f"state:{name}:{t}:{i}"].to_numpy()
                                       for i in range(n)], axis=1)
                             for t in range(years + 1)], axis=1)
             for name in dict.fromkeys(c.split(":")[1] for c in table.columns
                                       if c.startswith("state:"))}
    equilibria = np.stack([table[f"equilibria:{t}"].to_numpy() for t in range(years)], axis=1)
    parameters = {c.partition(":")[2]: table[c].to_numpy() for c in table.columns
                  if c.startswith("parameter:")}
    snapshot = {c.partition(":")[2]: table[c].to_numpy() for c in table.columns
                if c.startswith("snapshot:")}
    return History(case.name, case.governments, case.years, actions, state, equilibria,
                   parameters, snapshot, terms, forward, table["converged"].to_numpy())


def calibrate_histories(case: str | CaseHistory = "g60", draws: int = 200, *,
                        terms: Any = None, forward: bool = False,
                        snapshot_terms: Mapping[str, bool] | None = None, rng: Any = 0,
                        backend: str = "serial", workers: int | None = None,
                        chunk_size: int | None = None, progress: bool | None = None
                        ) -> HistoryCalibration:
    """Simulate ``draws`` draws of the case's prior and keep those whose whole path
    reproduces every fact.

    The draws run through the runner (:func:`ica_model.runtime.runner.run`) in chunks of
    draws sized by the memory of their stage games; every draw's values and path are the
    same for any chunking or backend (a named case runs on ``"processes"`` or ``"dask"``;
    a case object of your own, serially).

    Examples
    --------
    >>> result = calibrate_histories("a_district", draws=400, rng=0)
    >>> result.fact_table()[["fact", "constrains"]].values.tolist()
    [['stalls, then deepens', True]]
    >>> 0 < result.share[0] < 1
    True
    """
    from ..runtime.designs import Grid
    from ..runtime.runner import run

    named = case if isinstance(case, str) else None
    case = case_history(case)
    if named is None and backend != "serial":
        raise ValueError(f"backend must be 'serial' for a case of your own (its facts need "
                         f"not be picklable), got {backend!r}")
    draws = check_int("draws", draws, 1, 10**6)
    on = check_terms(terms)
    metric = functools.partial(_paths_metric, named or case, draws, on, forward,
                               None if snapshot_terms is None else dict(snapshot_terms),
                               seed_of(rng))
    result = run(metric, Grid({"row": np.arange(draws, dtype=float).tolist()}),
                 chunk_size=chunk_size or min(draws, _chunk_size(case)), backend=backend,
                 workers=workers, progress=progress, desc=f"histories {case.name}",
                 unit="draw")
    history = _history_from(result.table.reset_index(drop=True), case, on, forward)
    holds = {fact.name: np.asarray(fact.holds(history), dtype=bool) for fact in case.facts}
    accepted = np.logical_and.reduce(list(holds.values())) if holds else \
        np.ones(draws, dtype=bool)
    return HistoryCalibration(case, history, holds, accepted)


#: The rival explanations of the fading of the G60 corridor's self-organisation: the dynamic
#: terms switched on and the snapshot switches, for each.
EXPLANATIONS = {
    "autonomy loss under mandates": (frozenset({"lists_conflict"}), {"autonomy_cost": True}),
    "erosion of the credit for being first": (frozenset({"first_credit"}),
                                              {"autonomy_cost": False}),
    "attention drifting to the demonstration zone": (frozenset({"attention"}),
                                                     {"autonomy_cost": False}),
}


def rival_explanations(case: str = "g60", draws: int = 200, rng: Any = 0) -> pd.DataFrame:
    """Each rival explanation switched on alone over the same prior draws: the share of
    paths reproducing every fact and each fact alone, and the ABC posterior probability of
    the explanation (equal prior weights; NaN where none is accepted)."""
    rows = []
    for name, (terms, switches) in EXPLANATIONS.items():
        result = calibrate_histories(case, draws, terms=terms, snapshot_terms=switches, rng=rng)
        share, low, high = result.share
        row = {"explanation": name, "terms": ", ".join(sorted(terms)),
               "snapshot": ", ".join(f"{k}={'on' if v else 'off'}" for k, v in switches.items()),
               "draws": draws, "accepted": int(result.accepted.sum()), "share": share,
               "low": low, "high": high}
        row |= {f"holds: {fact}": float(held.mean()) for fact, held in result.holds.items()}
        rows.append(row)
    table = pd.DataFrame(rows)
    total = table["accepted"].sum()
    table["posterior"] = table["accepted"] / total if total else np.nan
    return table
