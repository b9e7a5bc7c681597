"""The records of a case's history: dated events, facts about whole paths, the case itself.

The histories themselves live with their cases (:mod:`ica_model.cases`: each case module holds
its ``HISTORY``, :data:`ica_model.cases.HISTORIES` lists them). A history fact is an ordinal
statement about a whole path, with its citation (study, section, words); a fact that
constrains nothing (it holds on every simulated path) is reported as such by
:func:`ica_model.history.calibration.calibrate_histories`. Events raise political potential
energy according to the rank of the issuing body (State Council > ministry > province > city;
贺东航、孔繁斌 2019): an event of rank :math:`k` (0 for the State Council) adds :math:`r^k`,
:math:`r` the ``rank_step`` prior.

The statements are small picklable classes (so that a calibration over histories can run on
worker processes) built from the action codes of :class:`History` (the paths
:func:`ica_model.history.simulate_history` returns):
0 cooperate, 1 stay out, 2 lie flat; for a district, 0 deepen the reform, 1 stay with
technology.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._validation import check_int
from .facts import Citation

__all__ = ["ACTION_CODES", "RANKS", "AllCooperate", "CaseHistory", "Cooperating", "DeepensAfter",
           "Event", "Generated", "History", "HistoryFact", "LyingFlatGradually", "NoExit", "ResourcesGrow"]

#: The actions' codes in the command line's JSON: cooperate, stay out, lie flat.
ACTION_CODES = ("C", "D", "T")


@dataclass(frozen=True, eq=False)
class History:
    """Simulated paths of one case.

    Attributes
    ----------
    case : str
    governments : tuple of str
    years : tuple of int
    actions : ndarray (draws, years, governments) of int
        0 cooperate (C), 1 stay out (D), 2 lie flat (T); −1 where the stage game had no pure
        equilibrium.
    state : dict of ndarray
        Each state variable at the start of each year and after the last:
        (draws, years + 1, governments); a region's variable is repeated per government.
    equilibria : ndarray (draws, years) of int
        The number of pure equilibria of each stage game.
    parameters : dict of ndarray
        Every parameter of the dynamic terms, per draw.
    snapshot : dict of ndarray
        The snapshot model's drawn parameters and epoch levels (``"epoch:kind"``), per draw
        (empty at the representative point).
    terms : frozenset of str
        The switched-on terms.
    forward : bool
        Forward-looking governments (see the module).
    converged : ndarray (draws,) of bool
        Whether the forward-looking fixed point was reached (always True when myopic).
    """

    case: str
    governments: tuple[str, ...]
    years: tuple[int, ...]
    actions: np.ndarray
    state: Mapping[str, np.ndarray]
    equilibria: np.ndarray
    parameters: Mapping[str, np.ndarray]
    snapshot: Mapping[str, np.ndarray]
    terms: frozenset[str]
    forward: bool
    converged: np.ndarray

    @property
    def draws(self) -> int:
        return int(self.actions.shape[0])

    def to_json(self, draw: int = 0) -> dict[str, Any]:
        """One draw's path in the command line's JSON layout.

        Examples
        --------
        >>> from ica_model.history import simulate_history
        >>> history = simulate_history("a_district")
        >>> record = history.to_json()
        >>> record["case"], [period["year"] for period in record["periods"]][:2]
        ('a_district', [2019, 2020])
        """
        draw = check_int("draw", draw, 0, self.draws - 1)
        periods = []
        for t, year in enumerate(self.years):
            actions = {name: (ACTION_CODES[a] if a >= 0 else None)
                       for name, a in zip(self.governments, self.actions[draw, t].tolist(),
                                          strict=True)}
            state = {variable: {name: round(float(x), 6) for name, x in
                                zip(self.governments, values[draw, t], strict=True)}
                     for variable, values in self.state.items()}
            periods.append({"year": year, "actions": actions, "state": state})
        return {"case": self.case, "periods": periods}

    def counts(self) -> dict[str, np.ndarray]:
        """Cooperators, those lying flat and those staying out: (draws, years) each."""
        return {code: (self.actions == index).sum(axis=2)
                for index, code in enumerate(ACTION_CODES)}



#: Ranks of the issuing bodies, highest first.
RANKS = ("State Council", "ministry", "province", "city")

C, D, T = 0, 1, 2


@dataclass(frozen=True)
class Event:
    """A dated event that re-injects political potential energy."""

    year: int
    rank: str
    what: str
    citation: Citation

    def __post_init__(self) -> None:
        if self.rank not in RANKS:
            raise ValueError(f"Event.rank must be one of {RANKS}, got {self.rank!r}")


@dataclass(frozen=True)
class HistoryFact:
    """An ordinal statement about a case's whole path, with its citation.

    ``holds(history)`` returns one boolean per simulated draw.
    """

    name: str
    statement: str
    citation: Citation
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
        Year to the name of its epoch (the snapshot case's intervention levels).
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
        governments were first, 0 where the joint work was the centre's.
    representative : (draws, rng, row) or None
        The representative accepted draw: row ``row`` of
        ``calibrate_histories(name, draws, rng=rng)``, the accepted draw nearest the accepted
        medians (:meth:`~ica_model.history.calibration.HistoryCalibration.representative_row`;
        the case's dynamics experiment recomputes it and says whether it still is).
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


def _check_years(record: Any, *names: str) -> None:
    """A record's years (and counts) checked: whole numbers, ``first <= last``."""
    for name in names:
        check_int(name, getattr(record, name))
    if record.first > record.last:
        raise ValueError(f"first must not exceed last, got {record.first} > {record.last}")


def _years(history: History, first: int, last: int) -> list[int]:
    return [t for t, year in enumerate(history.years) if first <= year <= last]


@dataclass(frozen=True)
class AllCooperate:
    """Every government cooperates in every year from ``first`` to ``last``."""

    first: int
    last: int

    def __post_init__(self) -> None:
        _check_years(self, "first", "last")

    def __call__(self, history: History) -> np.ndarray:
        chosen = _years(history, self.first, self.last)
        return (history.actions[:, chosen, :] == C).all(axis=(1, 2))


@dataclass(frozen=True)
class Cooperating:
    """Between ``low`` and ``high`` governments cooperate in every year from ``first`` to
    ``last``."""

    first: int
    last: int
    low: int = 0
    high: int = 10**9

    def __post_init__(self) -> None:
        _check_years(self, "first", "last", "low", "high")

    def __call__(self, history: History) -> np.ndarray:
        count = (history.actions[:, _years(history, self.first, self.last), :] == C).sum(axis=2)
        return ((count >= self.low) & (count <= self.high)).all(axis=1)


@dataclass(frozen=True)
class NoExit:
    """No government stays out in any year (and every stage game has a pure equilibrium)."""

    def __call__(self, history: History) -> np.ndarray:
        actions = history.actions
        return (actions != D).all(axis=(1, 2)) & (actions >= 0).all(axis=(1, 2))


@dataclass(frozen=True)
class LyingFlatGradually:
    """The number lying flat never falls, is at least one in the last year, and the first
    year with any has fewer than the last: it spreads, not at once."""

    def __call__(self, history: History) -> np.ndarray:
        flat = (history.actions == T).sum(axis=2)                      # (draws, years)
        first = np.where(flat > 0, flat, np.iinfo(flat.dtype).max).min(axis=1)
        return ((np.diff(flat, axis=1) >= 0).all(axis=1) & (flat[:, -1] >= 1)
                & (first < flat[:, -1]))


@dataclass(frozen=True)
class DeepensAfter:
    """A district stays with technology in ``stalled`` and deepens the reform in every year
    from ``first`` to ``last``."""

    stalled: int
    first: int
    last: int

    def __post_init__(self) -> None:
        _check_years(self, "stalled", "first", "last")

    def __call__(self, history: History) -> np.ndarray:
        actions = history.actions[:, :, 0]
        deep = _years(history, self.first, self.last)
        return ((actions[:, history.years.index(self.stalled)] != C)
                & (actions[:, deep] == C).all(axis=1))


@dataclass(frozen=True)
class Generated:
    """A district reforms (innovates) in at least one year."""

    def __call__(self, history: History) -> np.ndarray:
        return (history.actions[:, :, 0] == C).any(axis=1)


@dataclass(frozen=True)
class ResourcesGrow:
    """A district's resources from superiors grow in some year (after success)."""

    def __call__(self, history: History) -> np.ndarray:
        resources = history.state["resources"][:, :, 0]
        return np.diff(resources, axis=1).max(axis=1) > 0
