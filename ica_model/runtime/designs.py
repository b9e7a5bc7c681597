r"""Designs: where a run evaluates its metric, as named columns of points, chunk by chunk.

A design has a ``size`` (points), ``names`` (columns) and ``chunk(start, stop)``: the
points ``start`` to ``stop - 1`` as a mapping of name to a one-dimensional array. Every
design here is lazy (a chunk is computed when asked for, never the whole design) and gives
each point the same value whatever the chunking or the backend, so a run's table does not
depend on how it was split (:func:`ica_model.runtime.run`).

* :class:`Grid`: the cross product of axes (last axis fastest).
* :class:`RandomSample`: seeded uniform draws in fixed blocks of 65,536 points, each block
  from its own generator ``numpy.random.default_rng([seed, block])``.
* :class:`RowSample`: at most so many rows of a table (the accepted draws of a
  calibration), chosen without replacement by a seeded generator, each repeated.
* :class:`UniformStream`: uniform draws read in order from one generator (draw :math:`i`
  takes the numbers :math:`ik, \dots, ik + k - 1` of the stream, :math:`k` columns): the
  draws of ``rng.random((size, k))``, available chunk by chunk by jumping ahead in the stream.

Designs know no model: they check that the names are strings and the values finite
numbers; what runs over them checks the names it accepts (a sweep names an unknown parameter
when it starts), or a subclass overrides :meth:`Grid.check_name` to refuse them earlier.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .._validation import check_int, check_real_array, check_size, seed_of

__all__ = ["Design", "Grid", "Indices", "RandomSample", "RowSample", "UniformStream",
           "stream_start", "stream_uniform"]

#: The largest design: point indices stay in int64.
MAX_POINTS = 2**62


@runtime_checkable
class Design(Protocol):
    """What :func:`ica_model.runtime.run` needs of a design."""

    @property
    def size(self) -> int: ...

    @property
    def names(self) -> tuple[str, ...]: ...

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]: ...


class _Named:
    """The name check a subclass can override (a model's own parameter names)."""

    @classmethod
    def check_name(cls, argument: str, name: object) -> str:
        """``name``, a string (override to refuse names the metric cannot take)."""
        if not isinstance(name, str):   # an array, None or an object became its repr
            raise TypeError(f"{argument} must name a column with a string, got {name!r}")
        if not name:
            raise ValueError(f"{argument} must name a column, got ''")
        return str(name)


@dataclass(frozen=True)
class Grid(_Named):
    """The cross product of axes, enumerated lazily (last axis fastest).

    Examples
    --------
    >>> grid = Grid({"authority": [0.0, 0.5, 1.0], "negotiation_cost": [0.1, 0.2]})
    >>> grid.size, grid.chunk(2, 4)["authority"].tolist()
    (6, [0.5, 0.5])
    """

    axes: Mapping[str, Sequence[float]]

    def __post_init__(self) -> None:
        if not isinstance(self.axes, Mapping) or not self.axes:
            raise ValueError(f"axes must be a non-empty mapping of name to values, got {self.axes!r}")
        frozen = {}
        for name, values in self.axes.items():
            label = f"axes[{self.check_name('axes', name)!r}]"
            if isinstance(values, str | bytes):
                raise TypeError(f"{label} must hold real numbers, got {values!r}")
            array = check_real_array(label, values)
            if array.ndim > 1:
                raise ValueError(f"{label} must be one-dimensional (a list of values), got an "
                                 f"array of shape {array.shape}")
            array = array.ravel()
            if array.size == 0:
                raise ValueError(f"{label} has no values")
            if not np.isfinite(array).all():
                raise ValueError(f"{label} must be finite, got {values!r}")
            frozen[str(name)] = tuple(array.tolist())
        object.__setattr__(self, "axes", frozen)
        if self.size > MAX_POINTS:
            raise ValueError(f"axes span {self.size} points; a grid holds at most 2**62")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.axes)

    @property
    def size(self) -> int:
        return math.prod(len(v) for v in self.axes.values())

    @cached_property
    def _arrays(self) -> tuple[np.ndarray, ...]:
        """The axes as arrays, made once (each chunk had converted every axis again: 65 ms
        a chunk for an axis of 3 million values)."""
        return tuple(np.asarray(values) for values in self.axes.values())

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)     # a subclass's fields too
        state.pop("_arrays", None)      # not the arrays: a run's fingerprint pickles this
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Points ``start`` to ``stop - 1`` as columns."""
        index = np.arange(start, min(stop, self.size), dtype=np.int64)
        positions = np.unravel_index(index, [len(v) for v in self.axes.values()])
        return {name: values[pos]
                for name, values, pos in zip(self.axes, self._arrays, positions, strict=True)}


def _ranges(cls: Any, ranges: object) -> dict[str, tuple[float, float]]:
    if not isinstance(ranges, Mapping) or not ranges:
        raise ValueError(f"ranges must be a non-empty mapping, got {ranges!r}")
    frozen = {}
    for name, bounds in ranges.items():
        label = f"ranges[{cls.check_name('ranges', name)!r}]"
        pair = None if isinstance(bounds, str | bytes) else check_real_array(label, bounds)
        if pair is None or pair.shape != (2,) or not (np.isfinite(pair).all()
                                                     and pair[0] <= pair[1]):
            raise ValueError(f"{label} must be finite (low, high) with low <= high, "
                             f"got {bounds!r}")
        frozen[str(name)] = (float(pair[0]), float(pair[1]))
    return frozen


@dataclass(frozen=True)
class RandomSample(_Named):
    """``size`` uniform draws of each parameter in its ``(low, high)`` range.

    ``rng`` is a non-negative integer seed or a :class:`numpy.random.Generator` (one
    integer seed is drawn from it). Draws are made in fixed blocks of 65,536 points, each
    from its own generator ``numpy.random.default_rng([seed, block])``, so a point's value
    depends only on the seed and its index, never on the chunk size or the backend.

    Examples
    --------
    >>> sample = RandomSample({"authority": (0, 1)}, size=5, rng=1)
    >>> bool(np.array_equal(sample.chunk(0, 5)["authority"][2:], sample.chunk(2, 5)["authority"]))
    True
    """

    ranges: Mapping[str, tuple[float, float]]
    size: int
    rng: Any = 0
    _seed: int = field(init=False, repr=False, compare=False)  # set by __post_init__

    BLOCK = 65_536

    def __post_init__(self) -> None:
        object.__setattr__(self, "ranges", _ranges(self, self.ranges))
        # numpy integers too; at most 2**62 points, like a grid (indices stay int64)
        object.__setattr__(self, "size", check_int("size", self.size, 1, MAX_POINTS))
        object.__setattr__(self, "_seed", seed_of(self.rng))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.ranges)

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        stop = min(stop, self.size)
        first, last = start // self.BLOCK, (stop - 1) // self.BLOCK
        blocks = []
        for block in range(first, last + 1):
            rng = np.random.default_rng([self._seed, block])
            draws = rng.random((self.BLOCK, len(self.ranges)))
            blocks.append(draws)
        draws = np.vstack(blocks)[start - first * self.BLOCK: stop - first * self.BLOCK]
        return {name: low + (high - low) * draws[:, k]
                for k, (name, (low, high)) in enumerate(self.ranges.items())}


#: Bit generators whose ``advance(n)`` skips exactly ``n`` doubles of ``Generator.random``.
_ADVANCES_BY_DOUBLES = ("PCG64", "PCG64DXSM")


@dataclass(frozen=True)
class UniformStream(_Named):
    """``size`` draws of the columns ``(name, low, high)``, read in order from one generator.

    Draw :math:`i` is row :math:`i` of ``generator.random((size, k))`` scaled to the ranges,
    whatever the chunking: a chunk starting at draw ``start`` jumps ahead ``start * k``
    numbers in the stream (PCG64's ``advance``; other bit generators draw and discard).
    A :class:`numpy.random.Generator` given as ``rng`` is left where those draws end, as
    if they had been drawn from it.

    Examples
    --------
    >>> stream = UniformStream((("a", 0.0, 1.0), ("b", 2.0, 4.0)), size=5, rng=3)
    >>> direct = np.random.default_rng(3).random((5, 2))
    >>> bool(np.array_equal(stream.chunk(2, 5)["b"], 2.0 + 2.0 * direct[2:, 1]))
    True
    """

    columns: Sequence[tuple[str, float, float]]
    size: int
    rng: Any = 0
    _state: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.columns, str) or not isinstance(self.columns, Sequence) or not all(
                isinstance(c, Sequence) and not isinstance(c, str) and len(c) == 3
                for c in self.columns):
            raise TypeError(f"columns must be a sequence of (name, low, high), got "
                            f"{self.columns!r}")
        try:
            columns = tuple((self.check_name("columns", name), *_ranges(self, {name: (low, high)})
                             [str(name)]) for name, low, high in self.columns)
        except (TypeError, ValueError) as error:   # _ranges words it for a mapping of ranges
            raise type(error)(f"columns: {error}") from None
        if not columns:
            raise ValueError("columns must name at least one (name, low, high)")
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "size", check_int("size", self.size, 1, MAX_POINTS))
        object.__setattr__(self, "_state", stream_start(self.rng, self.size * len(columns)))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _, _ in self.columns)

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        stop = min(stop, self.size)
        width = len(self.columns)
        uniform = stream_uniform(self._state, start * width, (stop - start) * width
                                 ).reshape(stop - start, width)
        return {name: low + (high - low) * uniform[:, j]
                for j, (name, low, high) in enumerate(self.columns)}


def stream_start(rng: object, used: int) -> dict[str, Any]:
    """The state a stream of uniform numbers starts from: that of ``rng`` (a non-negative
    integer seed, or a :class:`numpy.random.Generator`, which is then moved past the
    ``used`` numbers the stream will read, as if they had been drawn from it)."""
    used = check_int("used", used, 0)
    if isinstance(rng, np.random.Generator):
        bits = rng.bit_generator
        state = dict(bits.state)
        _skip(bits, used)
        return state
    return dict(np.random.default_rng(seed_of(rng)).bit_generator.state)


#: numpy's bit generators a stream's state may name.
_BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")


def stream_uniform(state: Mapping[str, Any], offset: int, count: int) -> np.ndarray:
    """Numbers ``offset`` to ``offset + count - 1`` of ``Generator.random`` from ``state``
    (:func:`stream_start`): the same values whatever the pieces a stream is read in."""
    offset = check_int("offset", offset, 0)
    count = check_size("count", count, 8.0, 0)
    if not (isinstance(state, Mapping) and state.get("bit_generator") in _BIT_GENERATORS):
        raise TypeError(f"state must be a bit generator's state (from stream_start), got "
                        f"{state!r}"[:300])
    bits = getattr(np.random, state["bit_generator"])()
    bits.state = dict(state)
    _skip(bits, offset)
    return np.random.Generator(bits).random(count)


def _skip(bits: Any, count: int) -> None:
    """Move the bit generator ``bits`` past ``count`` doubles of ``Generator.random``."""
    if count <= 0:
        return
    if type(bits).__name__ in _ADVANCES_BY_DOUBLES:
        bits.advance(count)
        return
    generator = np.random.Generator(bits)
    while count:
        step = min(count, 2**20)
        generator.random(step)
        count -= step


@dataclass(frozen=True)
class Indices(_Named):
    """The integers ``0, ..., size - 1`` as one column ``name`` (replicates of a
    simulation, each seeding its own stream from its index).

    Examples
    --------
    >>> Indices(5, "replicate").chunk(3, 5)["replicate"].tolist()
    [3, 4]
    """

    size: int
    name: str = "index"

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", check_int("size", self.size, 1, MAX_POINTS))
        object.__setattr__(self, "name", self.check_name("name", self.name))

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name,)

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        return {self.name: np.arange(start, min(stop, self.size), dtype=np.int64)}


@dataclass(frozen=True, eq=False)
class RowSample(_Named):
    """At most ``at_most`` of the rows ``0, ..., total - 1`` of a table, chosen without
    replacement by the generator ``numpy.random.default_rng(rng)`` and sorted (every row
    when there are no more), each repeated ``repeat`` times in a row, as one column
    ``name``: the draws of a calibration an experiment evaluates, laid out draw-major.

    Examples
    --------
    >>> draws = RowSample(10, 3, rng=[0, 6], repeat=2)
    >>> draws.rows.tolist(), draws.size
    ([3, 5, 8], 6)
    >>> draws.chunk(1, 4)["row"].tolist()
    [3, 5, 5]
    >>> RowSample(2, 3).rows.tolist()
    [0, 1]
    """

    total: int
    at_most: int
    rng: Any = 0
    repeat: int = 1
    name: str = "row"
    rows: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", check_int("total", self.total, 0, MAX_POINTS))
        object.__setattr__(self, "at_most", check_int("at_most", self.at_most, 0, MAX_POINTS))
        object.__setattr__(self, "repeat", check_int("repeat", self.repeat, 1, MAX_POINTS))
        object.__setattr__(self, "name", self.check_name("name", self.name))
        if isinstance(self.rng, bool | float | str | complex) or self.rng is None:
            raise TypeError(f"rng must be a non-negative integer seed, a sequence of them or a "
                            f"numpy Generator, got {self.rng!r}")
        try:
            generator = np.random.default_rng(self.rng)
        except (TypeError, ValueError) as error:
            raise TypeError(f"rng must be a non-negative integer seed, a sequence of them or a "
                            f"numpy Generator, got {self.rng!r}: {error}") from None
        rows = (np.arange(self.total) if self.total <= self.at_most else
                np.sort(generator.choice(self.total, self.at_most, replace=False)))
        rows.setflags(write=False)
        object.__setattr__(self, "rows", rows)

    @property
    def size(self) -> int:
        return len(self.rows) * self.repeat

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name,)

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        return {self.name: self.rows[np.arange(start, min(stop, self.size)) // self.repeat]}
