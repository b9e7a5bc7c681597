"""A validated batch of parameter points: the one door through which arrays of parameters
and interventions enter the model.

A :class:`Points` holds, for V points of one scenario, the values that differ from the
scenario's own: intervention levels, scenario-level parameters and actor attributes, each
checked once against its domain in the schema (:mod:`ica_model.model.parameters`).
Analyses (the follower response, stability metrics, closed forms, sweeps) take a
``Points`` or anything :func:`as_points` turns into one, check it once at their public
entry and pass the checked object down.

Examples
--------
>>> from ica_model.cases import g60
>>> points = as_points(g60(), {"authority": [0.0, 0.4], "negotiation_cost": 0.1,
...                            "demand.8": [1.0, 2.0]})
>>> len(points), points.intervention(1).authority
(2, 0.4)
>>> rebuilt = points.scenario_at(1)
>>> rebuilt.costs.negotiation, rebuilt.actors[8].demand
(0.1, 2.0)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .._validation import did_you_mean
from .parameters import (
    KINDS,
    SCHEMA,
    Intervention,
    Role,
    Scenario,
    check_scenario,
    schema_entry,
)

__all__ = ["ACTOR_ATTRIBUTES", "POINT_PARAMETERS", "Points", "as_points"]

#: Actor attributes, by symbol (a point may set them for every actor or for actor ``k``).
ACTOR_ATTRIBUTES = tuple(entry.symbol for entry in SCHEMA if entry.role is Role.ACTOR)
#: Every parameter a point may set: the symbolic parameters of the schema but the
#: authority's preferences.
POINT_PARAMETERS = tuple(entry.symbol for entry in SCHEMA
                         if entry.symbolic and entry.role is not Role.AUTHORITY)


@dataclass(frozen=True, eq=False)
class Points:
    """V validated parameter points of one scenario. Build it with :func:`as_points`.

    Attributes
    ----------
    scenario : Scenario
        Supplies every value the points do not set.
    columns : dict of ndarray
        The values the points set, checked: intervention kinds and scenario-level
        parameters by symbol, shape ``(V,)``; actor attributes by symbol, shape ``(V, n)``.
        Every intervention kind is present (0 where not given).
    size : int
        V.
    """

    scenario: Scenario
    columns: Mapping[str, np.ndarray]
    size: int

    def __len__(self) -> int:
        return self.size

    def derive(self, values: Any, argument: str = "points") -> Points:
        """New points of the same scenario from ``values`` (anything :func:`as_points`
        accepts, checked as it checks them); the scenario, checked when these points were
        made, is not checked again.

        Examples
        --------
        >>> from ica_model.cases import symmetric
        >>> points = as_points(symmetric(), {"authority": 0.5})
        >>> points.derive({"authority": [0.1, 0.2]}).columns["authority"].tolist()
        [0.1, 0.2]
        """
        return _points(self.scenario, values, argument)

    @property
    def interventions(self) -> dict[str, np.ndarray]:
        """The intervention levels, one array ``(V,)`` per kind."""
        return {kind: self.columns[kind] for kind in KINDS}

    def varies(self, symbol: str) -> bool:
        """Whether the points set ``symbol`` (rather than taking the scenario's value)."""
        return symbol in self.columns

    def intervention(self, index: int) -> Intervention:
        """The intervention at point ``index``."""
        return Intervention(*(float(self.columns[kind][index]) for kind in KINDS))

    def take(self, index: Any) -> Points:
        """The points at ``index`` (a slice, an integer array or a boolean mask)."""
        positions = np.atleast_1d(np.arange(self.size)[index])
        return Points(self.scenario, {name: values[positions] for name, values in
                                      self.columns.items()}, len(positions))

    def point_at(self, index: int) -> Points:
        """Point ``index`` as one point of its own scenario (:meth:`scenario_at`): every value
        the points set is put in the scenario but the intervention levels. Nothing is checked
        again: the values were checked when these points were made.

        Examples
        --------
        >>> from ica_model.cases import symmetric
        >>> point = as_points(symmetric(), {"authority": [0.1, 0.2],
        ...                                 "national_integration": [0.3, 0.4]}).point_at(1)
        >>> point.size, point.scenario.outside.integration, point.intervention(0).authority
        (1, 0.4, 0.2)
        """
        index = int(index)
        scenario = self.scenario_at(index)          # checks the index
        return Points(scenario, {kind: self.columns[kind][[index]] for kind in KINDS}, 1)

    def scenario_at(self, index: int) -> Scenario:
        """The scenario of point ``index``: every parameter the points set, put in place.

        Use it with :meth:`intervention` to look at the game behind one row of a sweep.
        """
        index = int(index)
        if not -self.size <= index < self.size:
            raise IndexError(f"point index {index} out of range for {self.size} points")
        scenario = self.scenario
        if self.varies("group_size"):
            scenario = scenario.with_group_size(int(self.columns["group_size"][index]))
        actors = list(scenario.actors)
        for name, values in self.columns.items():
            entry = schema_entry(name)
            if entry.role is Role.KIND or name == "group_size":
                continue
            if entry.role is Role.ACTOR:
                row = values[index]
                row = np.broadcast_to(row, (len(actors),)) if np.ndim(row) else [row] * len(actors)
                changes: list[dict[str, Any]] = [{entry.name: float(value)} for value in row]
                actors = [dataclasses.replace(actor, **change)
                          for actor, change in zip(actors, changes, strict=True)]
                continue
            value = values[index].item()
            if entry.domain.integer:
                value = int(value)
            part, _, field_name = entry.path.rpartition(".")
            if part:
                owner = getattr(scenario, part)
                scenario = dataclasses.replace(
                    scenario, **{part: dataclasses.replace(owner, **{field_name: value})})
            else:
                scenario = dataclasses.replace(scenario, **{field_name: value})
        return dataclasses.replace(scenario, actors=tuple(actors))

    def values(self) -> dict[str, Any]:
        """Every value the payoffs need, points and scenario merged: scenario-level symbols
        as scalars (or ``(V,)`` arrays where the points set them), actor attributes as
        ``(V, n)`` arrays. Used by :mod:`ica_model.model.payoffs`."""
        try:
            scenario_part, actor_part = _scenario_part(self.scenario)
        except TypeError:          # a scenario holding something unhashable: not cached
            scenario_part, actor_part = _scenario_part.__wrapped__(self.scenario)
        merged = dict(scenario_part)
        for name, own in actor_part.items():
            merged[name] = np.broadcast_to(own, (self.size, len(own)))
        merged |= self.columns
        return merged


@lru_cache(maxsize=32)
def _scenario_part(scenario: Scenario) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The scenario's own values of :meth:`Points.values` (its symbols, and each actor
    attribute as a read-only ``(n,)`` array): the same for every batch of points of a
    sweep, so computed once (they took 0.17 ms per batch, a tenth of a G60 sweep)."""
    from .symbolic import _scenario_values

    actors = {}
    for name in ACTOR_ATTRIBUTES:
        own = np.array([getattr(actor, name) for actor in scenario.actors])
        own.setflags(write=False)
        actors[name] = own
    return _scenario_values(scenario, Intervention()), actors    # checked with the points


def _column(argument: str, name: str, values: Any, n: int) -> tuple[str, np.ndarray]:
    """Validate one column ``name`` of ``argument``; ``demand.3`` becomes (``demand``, values
    for actor 3)."""
    label = f"{argument}[{name!r}]"
    base, dot, index = name.partition(".")
    if base not in POINT_PARAMETERS:
        raise ValueError(f"{argument} has an unknown parameter {name!r}; "
                         f"{did_you_mean(base, sorted(POINT_PARAMETERS))} (actor attributes "
                         f"{list(ACTOR_ATTRIBUTES)} optionally as '<name>.<k>' for actor k)")
    entry = schema_entry(base)
    if dot and (entry.role is not Role.ACTOR or not index.isdigit() or int(index) >= n):
        raise ValueError(f"{label}: only actor attributes take an actor index, which must be "
                         f"0..{n - 1}")
    if isinstance(values, str | bytes) or (isinstance(values, Sequence)
                                           and any(isinstance(v, str | bytes) for v in values)):
        raise TypeError(f"{label} must hold real numbers, got {values!r}")
    array = entry.domain.check_array(label, values)
    if array.ndim > 2 or (array.ndim == 2 and (dot or entry.role is not Role.ACTOR)):
        raise ValueError(f"{label} must be a scalar or a 1-d array of points"
                         f"{'' if dot or entry.role is not Role.ACTOR else ' (or (V, n) per actor)'}"
                         f", got shape {array.shape}")
    if array.ndim == 2 and array.shape[1] != n:
        raise ValueError(f"{label} per actor must have shape (V, {n}), got {array.shape}")
    return name, array


def as_points(scenario: Scenario, values: Any = None, argument: str = "points") -> Points:
    """Check parameter points once, and return them as :class:`Points`.

    Parameters
    ----------
    scenario : Scenario
    values : Points, Intervention, sequence of Intervention, mapping, array or None
        A :class:`Points` of the same scenario (returned as it is); one
        :class:`~ica_model.model.parameters.Intervention` or a sequence of them; an array of
        shape ``(V, K)`` of intervention levels in the order of
        :data:`~ica_model.model.parameters.KINDS`; or a mapping of parameter symbols to
        scalars or arrays of V points (missing kinds are 0, other parameters take the
        scenario's value): intervention kinds, scenario-level parameters, ``group_size``
        (closed forms only) and actor attributes, for every actor (``"demand"``, shape
        ``(V,)`` or ``(V, n)``) or for actor ``k`` (``"demand.3"``). None: one point with
        no intervention.
    argument : str
        The caller's name for ``values``, which error messages name.

    Raises
    ------
    TypeError
        On another type, or values that are not real numbers.
    ValueError
        On an unknown name, arrays of different lengths, or a value outside its domain
        (the message names the parameter, the value and the domain).

    Examples
    --------
    >>> from ica_model.cases import symmetric
    >>> as_points(symmetric(), {"authority": [0.0, 0.5]}).columns["information"].tolist()
    [0.0, 0.0]
    >>> as_points(symmetric(), {"authority": 1.5})
    Traceback (most recent call last):
    ...
    ValueError: points['authority'] must lie in [0, 1], got 1.5
    """
    if isinstance(values, Points) and values.scenario is scenario:
        return values           # checked when it was made: not again
    check_scenario(scenario)
    return _points(scenario, values, argument)


def _points(scenario: Scenario, values: Any, argument: str) -> Points:
    """:func:`as_points` of a checked ``scenario``."""
    n = scenario.n
    if isinstance(values, Points):
        if values.scenario is not scenario and values.scenario != scenario:
            raise ValueError(f"{argument} belong to scenario {values.scenario.name!r}, "
                             f"not to {scenario.name!r}")
        return values
    if values is None:
        values = {}
    if isinstance(values, Intervention):
        values = [values]
    if isinstance(values, np.ndarray):
        if values.ndim != 2 or values.shape[1] != len(KINDS):
            raise ValueError(f"{argument} as an array of interventions must have shape "
                             f"(V, {len(KINDS)}) {KINDS}, got {values.shape}")
        values = dict(zip(KINDS, values.T, strict=True))
    elif isinstance(values, Sequence) and not isinstance(values, str) and values and all(
            isinstance(v, Intervention) for v in values):
        values = {kind: [getattr(v, kind) for v in values] for kind in KINDS}
    if not isinstance(values, Mapping):
        raise TypeError(f"{argument} must be Points, an Intervention, a sequence of them, a mapping of "
                        f"parameters to arrays or an array of shape (V, {len(KINDS)}), got "
                        f"{type(values).__name__}")
    checked = dict(_column(argument, str(name), v, n) for name, v in values.items())
    lengths = {name: a.shape[0] for name, a in checked.items() if a.ndim >= 1}
    sizes = set(lengths.values())
    if len(sizes) > 1:
        raise ValueError(f"{argument}: parameter arrays must have one length (the number of "
                         f"points), got {lengths}")
    size = sizes.pop() if sizes else 1
    if size < 1:
        raise ValueError(f"{argument} must hold at least one point")
    columns: dict[str, np.ndarray] = {}
    for kind in KINDS:
        columns[kind] = np.ascontiguousarray(np.broadcast_to(checked.pop(kind, 0.0), (size,)))
    for name, array in sorted(checked.items(), key=lambda item: "." in item[0]):  # all, then one
        base, _, index = name.partition(".")
        entry = schema_entry(base)
        if entry.role is Role.ACTOR:
            if base not in columns:
                own = np.array([getattr(a, base) for a in scenario.actors])
                columns[base] = np.tile(own, (size, 1))
            if index:
                columns[base][:, int(index)] = np.broadcast_to(array, (size,))
            elif array.ndim == 2:
                columns[base][:] = array
            else:
                columns[base][:] = np.broadcast_to(array, (size,))[:, None]
        else:
            columns[name] = np.ascontiguousarray(np.broadcast_to(array, (size,)))
    return Points(scenario, columns, size)
