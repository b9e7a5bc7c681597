"""The records of a case's evidence: where a fact comes from, the epochs it is dated in,
the patterns it must show, the plausible ranges of what is not observed, and how a
calibration draw names its values.

This module is the *schema* of a case, as :mod:`ica_model.model.parameters` is the schema
of a scenario; the named cases themselves (their actors, epochs, facts, priors and
representative draws) live in :mod:`ica_model.cases`, one module per case.

A fact is not a number the model is fitted to: it is a pattern of the selected pure
equilibrium of the followers at an *epoch*, a period whose intervention (and national
integration) is given as ranges, because the sources date what happened but never
measure how much. Calibration (:mod:`ica_model.analysis.calibration`) searches the
parameters for the region where every fact of a case holds at once.

The names of a calibration draw
-------------------------------
A draw is a mapping from *column names* to values, and this is the one grammar for them
(:meth:`CaseFacts.columns` makes them, :meth:`CaseFacts.range_of` and
:meth:`CaseFacts.at_epoch` read them):

* ``"negotiation_cost"``: a scenario-level parameter, by its symbol in the schema;
* ``"capacity.3"``: the actor attribute ``capacity`` of actor 3 (0-based, in the order of
  the scenario's actors); the same grammar :func:`~ica_model.model.points.as_points` reads;
* ``"lists:authority"``: the level of intervention kind ``authority`` (or
  ``national_integration``) in the epoch called ``lists``.

Examples
--------
>>> from ica_model import cases
>>> [fact.name for fact in cases.G60.facts]
['launch', 'pilot', 'lists', 'more lists']
>>> cases.G60.epoch("lists").ranges["authority"]
(0.5, 0.8)
>>> epoch_column("lists", "authority"), split_column("lists:authority")
('lists:authority', ('authority', None, 'lists'))
>>> split_column("capacity.3"), split_column("negotiation_cost")
(('capacity', 3, None), ('negotiation_cost', None, None))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import check_instance, check_int, check_real
from .parameters import KINDS, Role, check_scenario, schema_entry

if TYPE_CHECKING:
    from ..runtime.designs import UniformStream
    from .parameters import Scenario

__all__ = ["CaseFacts", "Citation", "Epoch", "Fact", "Outcome", "Prior", "Study",
           "epoch_column", "prior_sample", "split_column"]


def epoch_column(epoch: str, kind: str) -> str:
    """The column of a draw holding the level of ``kind`` in ``epoch`` (``"epoch:kind"``)."""
    for name, value in (("epoch", epoch), ("kind", kind)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, got {value!r}")
        if not value:
            raise ValueError(f"{name} must not be empty (the column would be {epoch}:{kind!r})")
    return f"{epoch}:{kind}"


def split_column(column: str) -> tuple[str, int | None, str | None]:
    """``(symbol, actor, epoch)`` of a draw's column: ``actor`` is the index of
    ``"symbol.k"`` and ``epoch`` the epoch of ``"epoch:kind"`` (else None)."""
    if not isinstance(column, str):
        raise TypeError(f"column must be a string, got {column!r}")
    if not column:
        raise ValueError("column must name a draw's column, got ''")
    epoch, colon, kind = column.partition(":")
    if colon:
        return kind, None, epoch
    symbol, dot, actor = column.partition(".")
    return (symbol, int(actor), None) if dot else (column, None, None)


@dataclass(frozen=True)
class Study:
    """A source paper as users see it cited: author(s), title and where it appeared.

    Examples
    --------
    >>> str(Study("钟伟军", "地方政府的分散创新", "《江苏社会科学》2022(1)"))
    '钟伟军, 《地方政府的分散创新》, 《江苏社会科学》2022(1)'
    """

    author: str
    title: str
    venue: str = ""

    def __post_init__(self) -> None:
        _check_texts(self, ("author", "title", "venue"))

    def __str__(self) -> str:
        return ", ".join(part for part in (self.author, f"《{self.title}》", self.venue) if part)


@dataclass(frozen=True)
class Citation:
    """Where a statement comes from: the study, its section, the words it uses, and a note.

    ``study`` may be a :class:`Study` or plain text (``"city reports"``).

    Examples
    --------
    >>> str(Citation("city reports", "section 2", "we met every month", "minutes of 2019"))
    'city reports, section 2: we met every month; minutes of 2019'
    """

    study: Study | str
    section: str = ""
    quote: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        check_instance("study", self.study, (Study, str), "a Study or a string")
        _check_texts(self, ("section", "quote", "note"))

    def __str__(self) -> str:
        text = ", ".join(part for part in (str(self.study), self.section) if part)
        return text + (f": {self.quote}" if self.quote else "") + \
            (f"; {self.note}" if self.note else "")


def _citation(value: Citation | str) -> Citation:
    check_instance("citation", value, (Citation, str), "a Citation or a string (the study)")
    return value if isinstance(value, Citation) else Citation(value)


def _check_texts(record: Any, labels: tuple[str, ...]) -> None:
    """Each field of ``record`` named in ``labels`` is a string (a TypeError naming it)."""
    for label in labels:
        check_instance(label, getattr(record, label), str, "a string")


@dataclass(frozen=True)
class Epoch:
    """A period of a case: its intervention levels and national integration, as the ranges
    the dated sources allow, and the levels at the case's representative draw.

    Attributes
    ----------
    name : str
    period : str
        The years it covers.
    ranges : dict
        Intervention kind (and ``national_integration``) to its ``(low, high)`` range; a
        kind not listed is 0.
    description : str
        What happened, in words.
    citation : Citation or str
        Paper and section (text is taken as the study).
    representative : dict
        The level of each kind in ``ranges`` at the case's representative draw (empty for
        a case that has none yet); each lies in its range.
    """

    name: str
    period: str
    ranges: Mapping[str, tuple[float, float]]
    description: str
    citation: Citation
    representative: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_texts(self, ("name", "period", "description"))
        object.__setattr__(self, "citation", _citation(self.citation))
        for name, (low, high) in _checked_ranges(self.ranges).items():
            entry = _ranges_entry(name, name)
            entry.domain.check_array(f"epoch {self.name!r}: ranges of {name}",
                                     np.array([low, high]))
            if low > high:
                raise ValueError(f"epoch {self.name!r}: ranges of {name} ({low}, {high}) is empty")
        for name, level in self.representative.items():
            low, high = self.ranges.get(name, (0.0, 0.0))
            if not low <= level <= high:
                raise ValueError(f"epoch {self.name!r}: representative {name} = {level} lies "
                                 f"outside its range ({low}, {high})")

    @property
    def source(self) -> str:
        """The citation as text."""
        return str(self.citation)


def _checked_ranges(ranges: object) -> dict[str, tuple[float, float]]:
    """``ranges`` as symbol -> (low, high) finite reals; otherwise an error naming it."""
    given: Mapping[Any, Any] = check_instance("ranges", ranges, Mapping,
                                              "a mapping of symbol to (low, high)")
    checked = {}
    for name, pair in given.items():
        if not isinstance(name, str) or not isinstance(pair, tuple | list) or len(pair) != 2:
            raise TypeError(f"ranges must map each symbol to a (low, high) pair, got {pair!r} "
                            f"for {name!r}")
        checked[name] = (check_real(f"ranges of {name} (low)", pair[0]),
                         check_real(f"ranges of {name} (high)", pair[1]))
    return checked


def _ranges_entry(symbol: str, name: str) -> Any:
    """The schema entry of ``symbol``, a key of ``ranges``; an error naming ``ranges``."""
    try:
        return schema_entry(symbol)
    except ValueError as error:
        raise ValueError(f"ranges names {name!r}: {error}") from None


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
    """One ordinal pattern that must hold at one epoch (a *snapshot* fact).

    Attributes
    ----------
    name : str
    epoch : str
        The name of its epoch.
    statement : str
        The pattern, in words and in game terms.
    citation : Citation or str
        Paper, section and quote of the observation (text is taken as the study).
    holds : callable
        ``holds(outcome, n)`` returns a boolean array: where the pattern holds.
    needs_response : bool
        False when the full-cooperation margin suffices (checked first, cheaply).
    gap : callable, optional
        ``gap(outcome, n)`` returns a non-negative array: how far the pattern is from
        holding, from the outcome's own quantities (0 where it holds, larger further
        away). Only :func:`~ica_model.analysis.calibration_smc.calibrate_smc` reads it, to
        grade its distance; it never decides whether a fact holds (``holds`` does), and a
        fact without one counts 1 where it fails.
    """

    name: str
    epoch: str
    statement: str
    citation: Citation
    holds: Callable[[Outcome, int], np.ndarray]
    needs_response: bool = True
    gap: Callable[[Outcome, int], np.ndarray] | None = None

    def __post_init__(self) -> None:
        _check_texts(self, ("name", "epoch", "statement"))
        object.__setattr__(self, "citation", _citation(self.citation))
        if not callable(self.holds):
            raise TypeError(f"holds must be a callable holds(outcome, n), got {self.holds!r}")
        check_instance("needs_response", self.needs_response, bool, "True or False")
        if self.gap is not None and not callable(self.gap):
            raise TypeError(f"gap must be None or a callable gap(outcome, n), got {self.gap!r}")

    @property
    def source(self) -> str:
        """The citation as text."""
        return str(self.citation)


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
        if not isinstance(self.constraints, tuple | list) or not all(
                isinstance(c, tuple | list) and len(c) == 2 and isinstance(c[0], str)
                and callable(c[1]) for c in self.constraints):
            raise TypeError(f"constraints must be a tuple of (description, predicate) pairs, "
                            f"got {self.constraints!r}")
        check_instance("reasons", self.reasons, Mapping, "a mapping of symbol to reason")
        for name, reason in self.reasons.items():
            if not isinstance(reason, str):
                raise TypeError(f"reasons must map each symbol to a string, got {reason!r} "
                                f"for {name!r}")
        for name, (low, high) in _checked_ranges(self.ranges).items():
            entry = _ranges_entry(name.partition(".")[0], name)
            entry.domain.check_array(f"prior ranges of {name}", np.array([low, high]))
            if not low <= high:
                raise ValueError(f"prior ranges of {name} ({low}, {high}) is empty")
            if name not in self.reasons:
                raise ValueError(f"prior ranges of {name} has no reason")


@dataclass(frozen=True)
class CaseFacts:
    """The epochs, facts and prior of one case: what a calibration needs besides a
    scenario (a named case, :class:`ica_model.cases.Case`, adds its scenario and
    representative draw).

    Attributes
    ----------
    case : str
        Its name.
    epochs : tuple of Epoch
        In time order.
    facts : tuple of Fact
        Snapshot facts: each a pattern of the equilibrium at one epoch.
    prior : Prior
    """

    case: str
    epochs: tuple[Epoch, ...]
    facts: tuple[Fact, ...]
    prior: Prior

    def __post_init__(self) -> None:
        check_instance("case", self.case, str, "a string")
        check_instance("prior", self.prior, Prior)
        for label, kind in (("epochs", Epoch), ("facts", Fact)):
            values = getattr(self, label)
            if not isinstance(values, tuple | list) or not all(isinstance(v, kind) for v in values):
                raise TypeError(f"{label} must be a tuple of {kind.__name__}, got {values!r}")
        names = [epoch.name for epoch in self.epochs]
        for fact in self.facts:
            if fact.epoch not in names:
                raise ValueError(f"case {self.case!r}: fact {fact.name!r} is dated in epoch "
                                 f"{fact.epoch!r}, which is not one of {names}")

    def epoch(self, name: str) -> Epoch:
        """The epoch called ``name``."""
        if not isinstance(name, str):
            raise TypeError(f"epoch must be the name of an epoch of case {self.case!r} "
                            f"({[e.name for e in self.epochs]}), got {name!r}")
        for epoch in self.epochs:
            if epoch.name == name:
                return epoch
        raise ValueError(f"case {self.case!r} has no epoch {name!r}; epochs: "
                         f"{[e.name for e in self.epochs]}")

    def columns(self, n: int) -> list[tuple[str, float, float]]:
        """Every column a calibration draws for ``n`` actors, with its range, in a fixed
        order: the prior's ranges (an actor attribute once per actor, ``"symbol.k"``, where
        ``"symbol.k"`` in the prior overrides actor ``k``'s range), then each epoch's
        levels (``"epoch:kind"``)."""
        columns = []
        ranges = self.prior.ranges
        for name, (low, high) in ranges.items():
            symbol, actor, _ = split_column(name)
            if schema_entry(symbol).role is Role.ACTOR and actor is None:
                columns += [(f"{symbol}.{k}", *ranges.get(f"{symbol}.{k}", (low, high)))
                            for k in range(n)]
            elif actor is None:
                columns.append((name, low, high))
        for epoch in self.epochs:
            columns += [(epoch_column(epoch.name, kind), low, high)
                        for kind, (low, high) in epoch.ranges.items()]
        return columns

    def range_of(self, column: str) -> tuple[float, float]:
        """The range a draw's ``column`` comes from (``(0, 0)`` for one never drawn)."""
        symbol, _, epoch = split_column(column)
        if epoch is not None:
            return self.epoch(epoch).ranges.get(symbol, (0.0, 0.0))
        return self.prior.ranges.get(column, self.prior.ranges.get(symbol, (0.0, 0.0)))

    def at_epoch(self, draws: Mapping[str, Any], epoch: str) -> dict[str, Any]:
        """The values of ``draws`` (columns to values or arrays) as points at ``epoch``:
        the parameters as they are, every intervention kind at the epoch's level (0 where
        the epoch lists none) and ``national_integration`` where it lists one; ready for
        :func:`~ica_model.model.points.as_points`."""
        size = np.shape(next(iter(draws.values())))
        values = {column: value for column, value in draws.items()
                  if split_column(column)[2] is None}
        levels: dict[str, Any] = dict.fromkeys(KINDS, np.zeros(size))
        levels |= {symbol: value for column, value in draws.items()
                   for symbol, _, at in [split_column(column)] if at == epoch}
        return values | levels


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
    # here, not at the top: the case records load without the runtime
    from ..runtime.designs import UniformStream

    check_case_inputs(facts, scenario)
    return UniformStream(tuple(facts.columns(scenario.n)), check_int("draws", draws, 1), rng)


def check_case_inputs(facts: CaseFacts, scenario: Scenario) -> None:
    """A TypeError naming ``facts`` or ``scenario`` when either is of another type."""
    check_instance("facts", facts, CaseFacts, "a CaseFacts (a case's facts and prior)")
    check_scenario(scenario)
