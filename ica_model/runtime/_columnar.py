"""Chunks' tables in compact columnar form: what a worker sends back and the parent joins.

A metric returns a :class:`pandas.DataFrame` per chunk. Pickled as it is, each frame is
rebuilt in the parent (its block manager, its index) and :func:`pandas.concat` then joins
the frames column block by column block: measured on a closed-form sweep of 2,000,000 points
in 20 chunks, the parent spent 0.34 s (0.79 s on frames built in the parent) joining what the
numpy concatenation of the same columns does in 0.04 s, a third of the whole run's CPU on two
workers. So :func:`pack` turns a chunk's frame into a :class:`Columns` record (one numpy
array per column; a categorical column as its integer codes and its dtype; the range of its
index) in the worker, and :func:`join` concatenates the records column by column into one
frame in the parent.

The joined frame equals :func:`pandas.concat` of the chunks' frames (values, dtypes, column
order and index), by construction: a frame is packed only when it is that simple (unique
column names, a default range index, numpy or categorical columns, no ``attrs``), and
records are joined this way only when every chunk has the same columns and dtypes (the rows
labelled as :func:`pandas.concat` labels them: a range index when the chunks' ranges follow
each other, their labels in order otherwise); otherwise the frames are rebuilt and joined by
:func:`pandas.concat`.

Better still, where the layout is known from a run's first chunk, :class:`SharedColumns` is
the whole table, made once: the serial run and the workers on this machine put each chunk
into its rows, and the run's table is those columns, never joined (memory of this process,
memory shared with forked workers, or a named segment for the others). This module knows
no model.
"""

from __future__ import annotations

import contextlib
import itertools
import mmap
import os
import secrets
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Columns", "InShared", "SharedColumns", "can_name", "join", "pack"]


@dataclass(frozen=True, eq=False)
class Columns:
    """One chunk's table as numpy arrays.

    Attributes
    ----------
    names : tuple of str
        The columns, in order.
    arrays : tuple of numpy.ndarray
        Each column's values (a categorical column's integer codes).
    dtypes : tuple
        Each column's dtype (a :class:`pandas.CategoricalDtype` for a categorical column).
    start : int
        The first row's index label (the rows are labelled ``start``, ``start + 1``, ...).
    """

    names: tuple[str, ...]
    arrays: tuple[np.ndarray, ...]
    dtypes: tuple[Any, ...]
    start: int

    @property
    def rows(self) -> int:
        return len(self.arrays[0]) if self.arrays else 0

    @property
    def nbytes(self) -> int:
        """The bytes of the columns' values."""
        return sum(array.nbytes for array in self.arrays)

    def labelled(self, start: int, stop: int) -> bool:
        """Whether its rows are labelled ``start`` to ``stop - 1``: the table of those points,
        one row each."""
        return self.start == start and self.rows == stop - start

    def frame(self) -> Any:
        """The chunk's table as a DataFrame again."""
        return _frame(self.names, self.arrays, self.dtypes, self.start, self.rows)


def _frame(names: Sequence[str], arrays: Sequence[np.ndarray], dtypes: Sequence[Any],
           start: int, rows: int) -> Any:
    import pandas as pd

    data = {}
    for name, array, dtype in zip(names, arrays, dtypes, strict=True):
        data[name] = pd.Categorical.from_codes(array, dtype=dtype) \
            if isinstance(dtype, pd.CategoricalDtype) else array
    # the dict's order is the columns' (names are unique); columns= as well made pandas 2.0
    # copy a categorical column through int64 (16 bytes a point at the peak)
    return pd.DataFrame(data, index=pd.RangeIndex(start, start + rows), copy=False)


def pack(frame: Any) -> Any:
    """``frame`` as a :class:`Columns` record, or ``frame`` itself when it is not simple
    enough to be rebuilt exactly from one (see the module docstring); anything that is not a
    DataFrame is returned as it is."""
    import pandas as pd

    if type(frame) is not pd.DataFrame or frame.attrs or frame.columns.name is not None or \
            type(frame.columns) is not pd.Index or not frame.columns.is_unique or \
            not all(type(name) is str for name in frame.columns):
        return frame
    index = frame.index
    if type(index) is not pd.RangeIndex or index.step != 1 or index.name is not None:
        return frame
    arrays, dtypes = [], []
    for name in frame.columns:
        column = frame[name]
        dtype = column.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            arrays.append(np.asarray(column.cat.codes.to_numpy()))
        elif isinstance(dtype, np.dtype) and dtype.kind in "biuf":
            arrays.append(column.to_numpy())
        else:                       # objects, strings, extension types: left to pandas
            return frame
        dtypes.append(dtype)
    return Columns(tuple(frame.columns), tuple(arrays), tuple(dtypes), int(index.start))


class SharedColumns:
    """A whole run's table as columns in memory shared with the run's worker processes: each
    worker copies its chunk's columns into their rows and sends back only where they are
    (:class:`InShared`), so that the table does not travel through a pipe or a socket and
    get unpickled in the parent (on two workers, receiving a closed-form sweep's 44 bytes a
    point had cost the parent a fifth of all the run's CPU time).

    The columns lie in one mapping of memory, of one of three kinds:

    * ``"anonymous"`` (``mmap``; the default): shared with the processes forked after it is
      made, never a file;
    * ``"private"``: anonymous memory of this process only, for a serial run (its chunks are
      put into the table as they come, so that they are not joined at the end; as any
      array, copied on write by a process forked later);
    * ``"named"``: a POSIX shared-memory segment (Linux's ``/dev/shm``, memory, not
      disk), for workers that are not forked from this process (a Dask cluster's). Pickled,
      the object carries only the segment's name and a random token; a copy unpickled on
      this machine attaches to the segment for each :meth:`put` and detaches after it, and
      one that finds no segment with that name and token (another machine, or after
      :meth:`release`) puts nothing, so that its chunk is sent back as before. The parent
      unlinks the segment when the run ends (:meth:`release`: its own mapping, the
      returned table, stays valid until the table is freed), and :mod:`multiprocessing`'s
      resource tracker (a process of its own) unlinks it if the parent dies first, even by
      SIGKILL (not when both are killed at once, e.g. a whole process group). Its memory is
      reserved when it is made: where ``/dev/shm`` is too small, making it raises OSError
      and the run sends its tables instead.

    A chunk goes in only when it has the layout of ``template`` (the same names, dtypes and
    array types) and is labelled by its rows; a chunk that does not is sent back as before.

    Parameters
    ----------
    template : Columns
        A chunk of the run (its layout).
    rows : int
        The run's points, one row each.
    kind : {"anonymous", "private", "named"}
        The memory (``"named"`` on Linux only: see :func:`can_name`).
    """

    def __init__(self, template: Columns, rows: int, kind: str = "anonymous") -> None:
        self.template = Columns(template.names, tuple(array[:0] for array in template.arrays),
                                template.dtypes, 0)
        if kind not in ("anonymous", "private", "named"):
            raise ValueError(f"kind must be 'anonymous', 'private' or 'named', got {kind!r}")
        self.rows = rows
        self.size = _HEADER + sum(_aligned(rows * array.dtype.itemsize)
                                  for array in template.arrays)
        self.name: str | None = None
        self._linked = False        # whether this process created the segment and keeps it
        if kind == "named":
            self.name, self.token = f"ica-model-{secrets.token_hex(12)}", secrets.token_bytes(16)
            self.arrays: tuple[np.ndarray, ...] | None = self._views(_create_segment(
                self.name, self.size, self.token))
            self._linked = True
        else:
            self.token = b""
            self.arrays = self._views(mmap.mmap(-1, self.size, flags=mmap.MAP_PRIVATE
                                                if kind == "private" else mmap.MAP_SHARED))

    def _views(self, buffer: Any) -> tuple[np.ndarray, ...]:
        views, offset = [], _HEADER
        for array in self.template.arrays:
            views.append(np.frombuffer(buffer, dtype=array.dtype, count=self.rows,
                                       offset=offset))
            offset += _aligned(self.rows * array.dtype.itemsize)
        return tuple(views)

    def __getstate__(self) -> dict[str, Any]:
        if self.name is None:
            raise TypeError("a table of anonymous or private memory is inherited by forked "
                            "processes, not pickled (kind='named' for other processes)")
        return {"template": self.template, "rows": self.rows, "size": self.size,
                "name": self.name, "token": self.token, "arrays": None, "_linked": False}

    def put(self, chunk: Any, start: int, stop: int) -> bool:
        """Copy ``chunk`` (the table of points ``start`` to ``stop - 1``) into its rows;
        False (nothing copied) when it does not have the template's layout or labels, or
        when this copy of a named table finds no segment to attach to."""
        if not (_same_layout([self.template, chunk]) and chunk.labelled(start, stop)
                and 0 <= start <= stop <= self.rows):
            return False
        if self.arrays is not None:
            _copy(self.arrays, chunk, start, stop)
            return True
        mapping = _attach_segment(str(self.name), self.size, self.token)
        if mapping is None:
            return False
        try:
            _copy(self._views(mapping), chunk, start, stop)
        finally:
            with contextlib.suppress(BufferError):    # else closed with its last view
                mapping.close()
        return True

    def release(self) -> None:
        """Unlink a named segment this process made (its mapping stays valid); nothing
        otherwise, or when called again."""
        if self._linked:
            self._linked = False
            _unlink_segment(str(self.name))

    def take(self, start: int, stop: int) -> SharedChunk:
        """The chunk of rows ``start`` to ``stop - 1`` (views of the shared columns)."""
        assert self.arrays is not None, "a table is taken where it was made"
        return SharedChunk(self.template.names, tuple(array[start:stop] for array in self.arrays),
                           self.template.dtypes, start, self)

    def frame(self) -> Any:
        """The whole table, on the shared columns themselves (no copy)."""
        assert self.arrays is not None, "a table is taken where it was made"
        return _frame(self.template.names, self.arrays, self.template.dtypes, 0, self.rows)


@dataclass(frozen=True)
class InShared:
    """A chunk's table copied into the run's :class:`SharedColumns` (what a worker sends
    back instead of the table)."""

    start: int
    stop: int


#: The bytes before the first column of a shared table (its token, and alignment).
_HEADER = 64
#: Where Linux keeps POSIX shared-memory segments (``shm_open`` names).
_SEGMENTS = "/dev/shm"


def _copy(targets: Sequence[np.ndarray], chunk: Columns, start: int, stop: int) -> None:
    for target, array in zip(targets, chunk.arrays, strict=True):
        target[start:stop] = array


def _aligned(size: int) -> int:
    return -(-size // _HEADER) * _HEADER


def can_name() -> bool:
    """Whether named shared tables can be made here (Linux with ``/dev/shm``)."""
    return sys.platform.startswith("linux") and os.path.isdir(_SEGMENTS)


def _create_segment(name: str, size: int, token: bytes) -> mmap.mmap:
    """A new segment of ``size`` bytes holding ``token`` first, mapped; registered with the
    resource tracker, which unlinks it should this process die before
    :func:`_unlink_segment`. Its memory is reserved at once: where ``/dev/shm`` is smaller
    than the table (a container's 64 MiB), this raises OSError (ENOSPC) instead of a worker
    dying of SIGBUS on a page beyond the limit."""
    from multiprocessing import resource_tracker

    path = os.path.join(_SEGMENTS, name)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    registered = False
    try:
        resource_tracker.register(f"/{name}", "shared_memory")
        registered = True
        os.posix_fallocate(descriptor, 0, size)
        mapping = mmap.mmap(descriptor, size)
        mapping[:len(token)] = token
        return mapping
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        if registered:
            resource_tracker.unregister(f"/{name}", "shared_memory")
        raise
    finally:
        os.close(descriptor)


def _attach_segment(name: str, size: int, token: bytes) -> mmap.mmap | None:
    """The segment ``name`` mapped, if it is there with ``size`` bytes and ``token``."""
    if not can_name():
        return None
    try:
        descriptor = os.open(os.path.join(_SEGMENTS, name), os.O_RDWR)
    except OSError:
        return None
    try:
        if os.fstat(descriptor).st_size != size:
            return None
        mapping = mmap.mmap(descriptor, size)
    except (OSError, ValueError):
        return None
    finally:
        os.close(descriptor)
    if mapping[:len(token)] != token:
        mapping.close()
        return None
    return mapping


def _unlink_segment(name: str) -> None:
    from multiprocessing import resource_tracker

    with contextlib.suppress(FileNotFoundError):
        os.unlink(os.path.join(_SEGMENTS, name))
    resource_tracker.unregister(f"/{name}", "shared_memory")


@dataclass(frozen=True, eq=False)
class SharedChunk(Columns):
    """A chunk of a :class:`SharedColumns` table: :func:`join` of chunks that cover its
    rows in order is that table, without a copy."""

    source: SharedColumns | None = None


def _same_layout(chunks: Sequence[Any]) -> bool:
    if not chunks or not all(isinstance(chunk, Columns) for chunk in chunks):
        return False
    first = chunks[0]
    for chunk in chunks:
        if chunk.names != first.names or \
                any(a.dtype != b.dtype for a, b in zip(chunk.arrays, first.arrays, strict=True)) \
                or any(a != b for a, b in zip(chunk.dtypes, first.dtypes, strict=True)):
            return False
    return True


def join(chunks: Sequence[Any]) -> Any:
    """The chunks' tables (:class:`Columns` records or DataFrames, in order) as one
    DataFrame, equal to :func:`pandas.concat` of their frames.

    Examples
    --------
    >>> import pandas as pd
    >>> parts = [pd.DataFrame({"x": [1.0, 2.0]}), pd.DataFrame({"x": [3.0]}, index=[2])]
    >>> parts[1].index = pd.RangeIndex(2, 3)
    >>> join([pack(part) for part in parts])["x"].tolist()
    [1.0, 2.0, 3.0]
    """
    import pandas as pd

    chunks = list(chunks)
    source = getattr(chunks[0], "source", None) if chunks else None
    if source is not None and all(getattr(chunk, "source", None) is source for chunk in chunks) \
            and [chunk.start for chunk in chunks] == list(
                itertools.accumulate([0] + [chunk.rows for chunk in chunks[:-1]])) \
            and sum(chunk.rows for chunk in chunks) == source.rows:
        return source.frame()
    if not _same_layout(chunks):
        return pd.concat([chunk.frame() if isinstance(chunk, Columns) else chunk
                          for chunk in chunks])
    first = chunks[0]
    consecutive = all(chunk.start == earlier.start + earlier.rows
                      for earlier, chunk in itertools.pairwise(chunks))
    rows = sum(chunk.rows for chunk in chunks)
    arrays = [np.concatenate([chunk.arrays[position] for chunk in chunks])
              for position in range(len(first.names))]
    frame = _frame(first.names, arrays, first.dtypes, first.start, rows)
    if not consecutive:     # as pandas.concat labels rows of ranges that do not follow
        frame.index = pd.Index(np.concatenate([np.arange(chunk.start, chunk.start + chunk.rows)
                                               for chunk in chunks]))
    return frame
