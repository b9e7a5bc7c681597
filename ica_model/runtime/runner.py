"""The runner: any metric over any design, serial, on local processes or on Dask.

``run(metric, design)`` splits the design into chunks of points, evaluates
``metric(columns, start, stop)`` on each (a :class:`pandas.DataFrame`, or a DataFrame and a
mapping of tallies that the runner sums over chunks), and either returns the tables joined
in chunk order or streams them to a folder of Parquet parts with a manifest
(:mod:`ica_model.runtime.parts`), which a later call with the same inputs resumes.

Backends:

* ``"serial"``: in this process.
* ``"processes"``: :class:`concurrent.futures.ProcessPoolExecutor`, started once per run
  (forked on Linux while this process runs no other thread, so the workers inherit what
  is already imported and compiled; otherwise from a fork server, or the platform's
  default). Each worker receives the metric and design once and then only the bounds of
  its chunks; at most two chunks per worker are in flight, which bounds memory. Without a
  folder and with chunk sizes measured, forked workers copy their tables into columns
  shared with this process (anonymous shared memory, never a file) instead of sending them
  back: the returned table is those columns.
* ``"dask"``: a ``dask.distributed`` client given as ``client=``, or a local cluster started
  on first use and kept for the session (:func:`ica_model.runtime.dask.local_client`).

Faults: a worker process that dies (killed, out of memory) breaks the process pool; the
runner runs each chunk that was in flight again, once, alone in a fresh process, and the
rest on a new pool. A chunk whose process dies again fails the run with an error naming it
(Dask reschedules a killed worker's tasks itself; a chunk that kills several workers fails
as ``KilledWorker``, reported the same way). Ctrl-C, and SIGTERM while the run holds the
main thread with the default SIGTERM action, stop the run: pending chunks are cancelled,
the worker processes are stopped (no orphans), half-written parts removed, and the folder
keeps every finished part in its manifest, ready to resume.

Whatever the backend, the chunking or a resume, the table is the same: designs give
each point the same value for any chunking, and the runner joins chunks in their order.
This module knows no model.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .._validation import check_int
from ._columnar import Columns, InShared, SharedColumns, can_name, join, pack
from .designs import Design
from .memory import keep_freed_memory
from .parts import Folder, fingerprint, write_part
from .progress import show_progress

__all__ = ["Run", "chunk_size_for", "run"]

#: The largest chunk :func:`run` chooses by itself without measuring the metric (points).
_LARGEST_CHUNK = 100_000
#: The largest chunk's table when the metric is measured (bytes): a chunk's points are at
#: most this over the probe's table bytes a point (at least :data:`_LEAST_ROW_BYTES`). A
#: cheap metric then gets chunks worth their fixed cost: a closed-form sweep's 35 bytes a
#: point allow 1.9 million points (its peak memory in a chunk was 3.2 times its table),
#: where 100,000 points had cost a Dask task's 6 ms of the parent's CPU every 34 ms of work.
_LARGEST_CHUNK_BYTES = 64 * 2**20
#: The least table bytes a point counts for in that cap (a metric returning only tallies
#: still holds its points' values while it runs).
_LEAST_ROW_BYTES = 16
#: Points a worker evaluates at a time of a measured chunk that goes into a shared table:
#: such a chunk may be large (a Dask task worth its fixed cost), and a metric's frames and
#: temporaries cost less at the size of the caches (a closed-form sweep's chunks of 1.25
#: million points in one call had cost the workers 1.23 times the serial run's CPU time).
_PIECE = 100_000
#: Chunks per worker :func:`chunk_size_for` aims at: enough that a worker finishing early
#: finds more work, few enough that each chunk's fixed cost (a DataFrame, a message, a
#: Parquet file) stays small.
_CHUNKS_PER_WORKER = 4
#: How often a chunk may be in flight when a worker dies before the run gives up on it.
_ATTEMPTS = 2

Metric = Callable[[Mapping[str, Any], int, int], Any]


def chunk_size_for(size: int, workers: int) -> int:
    """The chunk size :func:`run` uses by default: at most 100,000 points, and on several
    workers small enough that each gets about four chunks, so that none waits for the last.

    Examples
    --------
    >>> chunk_size_for(10_000, 1), chunk_size_for(10_000, 2), chunk_size_for(10**7, 2)
    (10000, 1250, 100000)
    """
    size = check_int("size", size, 0)
    workers = check_int("workers", workers, 1)
    if workers <= 1:
        return max(1, min(size, _LARGEST_CHUNK))
    return max(1, min(_LARGEST_CHUNK, math.ceil(size / (_CHUNKS_PER_WORKER * workers))))


#: The least a chunk of the runner's own sizing should cost, in seconds of a worker, on
#: each backend: twenty times its fixed cost there (a process pool's round trip about
#: 2 ms, a Dask task's about 10 ms, both measured on two cores).
_CHUNK_SECONDS = {"processes": 0.04, "dask": 0.2}
#: The most a measured chunk should cost, in seconds of a worker, on each backend (50 and
#: 10 times the least; its fixed cost is then under a percent). It bounds the memory of an
#: expensive metric's chunk, whose table says little of it: the G60 follower's peak was 23
#: times its table's 41 bytes a point.
_LONGEST_CHUNK_SECONDS = {"processes": 2.0, "dask": 2.0}
#: A probe of the metric stops at the first call that takes this long (seconds): it runs
#: before the workers start, so its time is the run's fixed cost (the G60 follower: 16 then
#: 48 points, 17 ms; at 20 ms it had also taken 192 more, 32 ms, while the other core idled).
_PROBE_SECONDS = 0.01


def _timed(metric: Metric, design: Design, start: int, stop: int) -> tuple[float, Any]:
    """The seconds ``metric`` takes on points ``start`` to ``stop - 1``, and what it
    returned."""
    import time

    begin = time.perf_counter()
    result = metric(design.chunk(start, stop), start, stop)
    return time.perf_counter() - begin, result


def _measured_chunk_size(metric: Metric, design: Design, workers: int, backend: str
                         ) -> tuple[int, int, tuple[Any, Any, dict[str, Any]] | None]:
    """Points per chunk from the metric's measured cost: four chunks a worker when each is
    worth it, fewer when the whole run is cheap, so that each chunk costs at least twenty
    times its fixed cost on the backend; always a multiple of ``workers`` chunks of equal
    size, so that each worker gets the same share; a chunk costs at most
    :data:`_LONGEST_CHUNK_SECONDS` on the backend (at most :data:`_LARGEST_CHUNK` points
    when the probe made one call only, whose time may be mostly the metric's loading), and
    its table is at most :data:`_LARGEST_CHUNK_BYTES` (by the probe's table bytes a point).

    The metric is timed on the first 16 points of the design, then on the next 48, 192,
    768, ... (so that the first 64, 256, 1,024, ... points are evaluated once each), until a
    call takes :data:`_PROBE_SECONDS` or 4,096 points are done; the cost per point is that
    last call's time over its points, which counts the call's fixed cost too, so that a
    noisy probe (another process taking the core) can only make the chunks smaller, down to
    :func:`chunk_size_for`'s. A metric that fails on those points gets
    :func:`chunk_size_for`'s size (its error surfaces in the run). A metric whose tables
    are not labelled by their points (e.g. from 0 at each call) is evaluated again on all
    the probe's points in one call, so that the first chunk is one call's table as the
    others are.

    Returns
    -------
    (chunk_size, probed, outcome)
        The chunk size of the points after the probe's ``probed`` points, and the outcome
        (:func:`_outcome`) of the metric on those (the run's first chunk: its calls'
        tables joined, their tallies summed; not computed again). ``probed`` is 0 (and
        ``outcome`` None) when the probe failed.
    """
    size = design.size
    points, taken, step, table_bytes = 0, 0.0, 0, 0
    outcomes, labelled = [], True
    try:
        while taken < _PROBE_SECONDS and points < min(size, 4096):
            stop = min(size, 4096, max(_WARM_POINTS, 4 * points))
            taken, result = _timed(metric, design, points, stop)
            table_bytes += _table_bytes(_split(result)[0])
            outcomes.append(_outcome(result, 0, None))
            labelled = labelled and _labelled_by_points(outcomes[-1][0], points, stop)
            step, points = stop - points, stop
        if len(outcomes) > 1 and not labelled:
            # rows labelled by the call (e.g. from 0 at each), not by their points: joined,
            # the calls' tables would not be the one chunk's table; evaluated again in one call
            outcomes = [_outcome(metric(design.chunk(0, points), 0, points), 0, None)]
    except Exception:
        return chunk_size_for(size, workers), 0, None
    each = size * taken / step / workers                   # seconds of work per worker
    chunks = min(_CHUNKS_PER_WORKER, max(1, math.floor(each / _CHUNK_SECONDS[backend])))
    rest = size - points
    # a cost measured after the first call is the metric's own; the first call's may be
    # mostly loading and compiling (the G60 follower's first 16 points: 0.6 s, then 5 ms)
    longest = math.floor(_LONGEST_CHUNK_SECONDS[backend] * step / taken) \
        if step < points and taken > 0 else _LARGEST_CHUNK
    largest = min(longest, _LARGEST_CHUNK_BYTES // max(
        _LEAST_ROW_BYTES, math.ceil(table_bytes / points)))
    tables = [outcome[0] for outcome in outcomes]
    tallies: dict[str, Any] = {}
    for outcome in outcomes:
        _add_tallies(tallies, outcome[2])
    table = tables[0] if len(tables) == 1 else pack(join(tables))
    # as many chunks as the caps need, rounded up to a multiple of the workers
    count = math.ceil(rest / max(1, min(largest, math.ceil(rest / (chunks * workers)))))
    count = workers * max(1, math.ceil(count / workers))
    return max(1, math.ceil(rest / count)), points, (table, None, tallies)


def _labelled_by_points(table: Any, start: int, stop: int) -> bool:
    """Whether a packed table's rows are labelled ``start`` to ``stop - 1`` (its points)."""
    if isinstance(table, Columns):
        return table.labelled(start, stop)
    import pandas as pd

    index = getattr(table, "index", None)
    return index is not None and index.equals(pd.RangeIndex(start, stop))


def _table_bytes(table: Any) -> int:
    """The bytes of a metric's table (its columns; 0 for what is not a DataFrame)."""
    usage = getattr(table, "memory_usage", None)
    if not callable(usage):
        return 0
    try:
        return int(usage(index=False, deep=True).sum())
    except Exception:
        return 0


@dataclass(frozen=True, eq=False)
class Run:
    """What :func:`run` returns.

    Attributes
    ----------
    table : pandas.DataFrame or None
        The metric's tables joined in chunk order (None when streamed to ``folder``).
    totals : dict
        Each tally the metric returned, summed over every chunk (resumed ones included).
    folder : pathlib.Path or None
        The folder of Parquet parts, when ``out`` was given.
    chunks : int
        Chunks of the design.
    computed : int
        Chunks computed by this call (fewer than ``chunks`` when it resumed a folder).
    """

    table: Any
    totals: dict[str, Any]
    folder: Path | None
    chunks: int
    computed: int


def _split(result: Any) -> tuple[Any, dict[str, Any]]:
    if isinstance(result, tuple):
        frame, tallies = result
        return frame, dict(tallies)
    return result, {}


def _execute(metric: Metric, design: Design, number: int, start: int, stop: int,
             folder: Path | None, shared: SharedColumns | None = None,
             piece: int | None = None) -> tuple[Any, Any, dict[str, Any]]:
    """Chunk ``number``: (its table packed in columns, None, tallies), or with a folder
    (part name, digest, tallies); with ``shared``, the table is put there when it can be,
    and is sent back as :class:`InShared` (where it is), evaluated in pieces of at most
    ``piece`` points if given (each put as it is made; the tallies summed)."""
    if shared is None or folder is not None:
        return _outcome(metric(design.chunk(start, stop), start, stop), number, folder)
    tallies: dict[str, Any] = {}
    placed = start            # the points before this one are in the shared table
    refused: list[Any] = []   # the tables of the pieces from the first it refused on
    step = piece or max(1, stop - start)
    for begin in range(start, stop, step):
        end = min(stop, begin + step)
        outcome = _outcome(metric(design.chunk(begin, end), begin, end), number, None)
        if placed == begin and shared.put(outcome[0], begin, end):
            placed = end
        elif begin == start:
            # not a table the shared one takes (e.g. rows labelled from 0 at each call): the
            # chunk in one call, as without a shared table
            return outcome if end == stop else \
                _outcome(metric(design.chunk(start, stop), start, stop), number, None)
        else:
            refused.append(outcome[0])
        _add_tallies(tallies, outcome[2])
    if placed == stop:
        return InShared(start, stop), None, tallies
    # a later piece's layout differs: the chunk's table is sent whole, its pieces put before
    # that evaluated again (a piece's table is not kept once put: kept, every piece's arrays
    # had been new memory, a page fault each 4 KiB, 7 % of a closed-form worker's time)
    again = _outcome(metric(design.chunk(start, placed), start, placed), number, None)
    return pack(join([again[0], *refused])), None, tallies


def _add_tallies(totals: dict[str, Any], tally: Mapping[str, Any]) -> None:
    """Add a chunk's (or a piece's) tallies to ``totals``, name by name."""
    for name, value in tally.items():
        totals[name] = totals.get(name, 0) + value


def _outcome(result: Any, number: int, folder: Path | None) -> tuple[Any, Any, dict[str, Any]]:
    """What :func:`_execute` returns for the metric's ``result`` on chunk ``number``."""
    frame, tallies = _split(result)
    if folder is None:
        return pack(frame), None, tallies
    name, digest = write_part(frame, folder, number)
    return name, digest, tallies


#: Points the probe's first call evaluates, and :func:`_warm` after a probe whose first
#: call was cheap: what a metric compiles for many points is then ready (the G60
#: follower's kernels for one point are other specialisations: warming a worker on one
#: point had cost it 50 ms more, never used).
_WARM_POINTS = 16


def _warm(metric: Metric, design: Design, points: int = 1) -> None:
    """Evaluate the first ``points`` points, so that what the metric compiles or reads from
    a disk cache is ready before the first chunk (a head start only: errors surface
    later)."""
    points = min(design.size, points)
    with contextlib.suppress(Exception):
        metric(design.chunk(0, points), 0, points)


def _chunks(size: int, chunk_size: int, first: int = 0) -> Iterator[tuple[int, int, int]]:
    """``(number, start, stop)`` of each chunk: ``chunk_size`` points each, after a first
    chunk of ``first`` points if ``first`` is positive."""
    if first > 0:
        yield 0, 0, min(size, first)
    for number, start in enumerate(range(first, size, chunk_size), start=1 if first > 0 else 0):
        yield number, start, min(size, start + chunk_size)


@lru_cache(maxsize=2)
def _bar_class(shown: bool) -> Any:
    """tqdm's bar without its monitor thread (the runner updates it chunk by chunk), so
    that a run adds no thread that would keep the process pool from forking; the
    :mod:`tqdm.auto` front end only for a bar that shows (see
    :func:`~ica_model.runtime.progress.progress_bar`)."""
    base: Any
    if shown:
        from tqdm.auto import tqdm as base
    else:
        from tqdm.std import tqdm as base

    class RunBar(base):
        monitor_interval = 0

    return RunBar


class _Sigterm(KeyboardInterrupt):
    """SIGTERM received during a run: handled as Ctrl-C."""


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises KeyboardInterrupt, if this is the main thread and
    SIGTERM has its default action (which would end the process with no clean-up); the
    previous action is restored after."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise _Sigterm("SIGTERM")

    signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def run(metric: Metric, design: Design, *, chunk_size: int | None = None,
        backend: str = "serial", workers: int | None = None, client: Any = None,
        out: str | os.PathLike[str] | None = None, identity: object = None,
        progress: bool | None = None, desc: str = "run", unit: str = "pt",
        preload: tuple[str, ...] = ()) -> Run:
    """Evaluate ``metric`` on every chunk of ``design``.

    Parameters
    ----------
    metric : callable
        ``metric(columns, start, stop)``: ``columns`` maps each of the design's names to the
        values of points ``start`` to ``stop - 1``; returns a DataFrame, or a DataFrame and a
        mapping of tallies (summed over chunks). Picklable for ``"processes"`` and ``"dask"``
        (a module-level function or a :func:`functools.partial` of one).
    design : Design
        Points (:mod:`ica_model.runtime.designs`).
    chunk_size : int, optional
        Points per chunk (default: on several workers without ``out``, from the metric's
        cost measured on the first points, which are then the first chunk: about four
        chunks a worker, fewer when the run is cheap, more when a chunk would cost more
        than two seconds or its table more than 64 MiB;
        otherwise :func:`chunk_size_for`). With measured chunks, workers on this machine put
        their chunks' tables in memory shared with this process (anonymous for forked
        workers; a named segment in ``/dev/shm``, unlinked when the run ends, for the
        others) instead of sending them.
    backend : {"serial", "processes", "dask"}
    workers : int, optional
        Processes, or the workers of the local Dask cluster (default: CPU count).
    client : dask.distributed.Client, optional
        Run on that cluster (implies ``backend="dask"``).
    out : path, optional
        Stream each chunk's table to a Parquet part in that folder (see
        :mod:`ica_model.runtime.parts`: resume, refusals, manifest).
    identity : object, optional
        What determines the results besides the design and chunk size (picklable; e.g. the
        metric's inputs). A folder is resumed only by a run of the same identity.
    progress : bool, optional
        Progress bar (:func:`ica_model.runtime.progress.show_progress`).
    desc, unit : str
        The bar's label and the name of its points.
    preload : tuple of str
        Modules a fork server imports once for all the workers it forks (``"processes"``
        when this process runs other threads, so that its workers cannot be forked from
        it): a module that loads and warms what the metric needs saves each worker that
        work.

    Raises
    ------
    ValueError
        On a bad backend, chunk size, worker count or folder.
    RuntimeError
        When a worker process dies twice while running the same chunk (naming it).
    KeyboardInterrupt
        On Ctrl-C or SIGTERM, after the workers are stopped; finished parts stay valid.

    Examples
    --------
    >>> import pandas as pd
    >>> from ica_model.runtime.designs import Grid
    >>> def total(columns, start, stop):
    ...     return pd.DataFrame({"x": columns["x"]}), {"sum": float(columns["x"].sum())}
    >>> result = run(total, Grid({"x": [1.0, 2.0, 3.0]}), chunk_size=2)
    >>> result.table["x"].tolist(), result.totals, result.chunks
    ([1.0, 2.0, 3.0], {'sum': 6.0}, 2)
    """
    if not callable(metric):
        raise TypeError(f"metric must be a callable metric(columns, start, stop), got {metric!r}")
    if not isinstance(design, Design):
        raise TypeError(f"design must be a Design (Grid, RandomSample, UniformStream, Indices), "
                        f"got {type(design).__name__}")
    if out is not None:
        if not isinstance(out, str | os.PathLike) or "\0" in os.fspath(out):
            raise ValueError(f"out must be a folder path (str or Path, no NUL byte), got {out!r}")
        if not str(os.fspath(out)).strip():          # Path('') is the working folder
            raise ValueError(f"out must name a folder, got {out!r}")
    if client is not None:
        backend = "dask"
    if not isinstance(backend, str) or backend not in ("serial", "processes", "dask"):
        raise ValueError(f"backend must be 'serial', 'processes' or 'dask', got {backend!r}")
    if workers is not None:
        workers = check_int("workers", workers, 1, 4096)
    probed, probe_outcome = 0, None
    if chunk_size is None:
        if client is not None:
            count = max(1, len(client.scheduler_info()["workers"]))
        else:
            count = 1 if backend == "serial" else workers or os.cpu_count() or 1
        if out is None and count > 1 and design.size > count:
            # a folder's chunks must be the same in the run that resumes it: not measured
            # (the probe's first call warms the metric as _warm would)
            chunk_size, probed, probe_outcome = _measured_chunk_size(metric, design, count,
                                                                     backend)
        else:
            chunk_size = chunk_size_for(design.size, count)
    else:
        chunk_size = check_int("chunk_size", chunk_size, 1)
    show = show_progress(progress)
    folder = None if out is None else Folder.open(
        out, fingerprint((identity, design, chunk_size)), design.size, chunk_size)
    finished: dict[int, Any] = {} if folder is None else dict(folder.finished)
    jobs = [job for job in _chunks(design.size, chunk_size, probed) if job[0] not in finished]
    done_points = sum(min(design.size, (k + 1) * chunk_size) - k * chunk_size
                      for k in finished)
    results: dict[int, tuple[Any, Any, dict[str, Any]]] = {}
    if probe_outcome is not None:  # the probe's points are the first chunk (no folder here)
        results[0] = probe_outcome
        done_points, jobs = probed, jobs[1:]

    def record(number: int, outcome: tuple[Any, Any, dict[str, Any]]) -> None:
        results[number] = outcome
        if folder is not None:
            folder.add(number, outcome[0], outcome[1], outcome[2])

    bar = _bar_class(show)(total=design.size, initial=done_points, unit=unit, disable=not show,
                       desc=desc)
    complete = False
    try:
        with _sigterm_as_interrupt():
            path = None if folder is None else folder.path
            if backend == "serial" or not jobs:
                _run_serial(metric, design, jobs, path, record, bar)
            else:
                first = results[0] if probed and getattr(results[0][0], "rows", None) == probed \
                    else None      # one row a point: what the shared columns hold
                # a probe past its first call found the first points cheap to evaluate
                warm_points = _WARM_POINTS if probed > _WARM_POINTS else 1
                if backend == "processes":
                    _run_processes(metric, design, jobs, path, workers, record, bar, preload,
                                   first, warm_points)
                else:
                    from .dask import run_on_dask

                    with _sharing(first, design.size, record, "named") as (shared, record):
                        run_on_dask(metric, design, jobs, path, workers, client, record, bar,
                                    functools.partial(_execute, piece=_PIECE),
                                    functools.partial(_warm, points=warm_points), shared)
        complete = True
    finally:
        bar.close()
        if folder is not None:
            folder.save(complete=complete)
            folder.close()
    totals: dict[str, Any] = {}
    tallies = [outcome[2] for outcome in results.values()]
    if folder is not None:
        tallies = [r["tallies"] for _, r in sorted(folder.finished.items())]
    for tally in tallies:
        _add_tallies(totals, tally)
    chunks = (probed > 0) + -(-(design.size - probed) // chunk_size)
    if folder is not None:
        return Run(None, totals, folder.path, chunks, len(results))
    table = join([results[k][0] for k in sorted(results)])
    return Run(table, totals, None, chunks, len(results))


def _run_serial(metric: Metric, design: Design, jobs: list[tuple[int, int, int]],
                folder: Path | None, record: Callable[..., None], bar: Any) -> None:
    """Run ``jobs`` here, in order. Without a folder, the chunks after the first are put
    into a table of the first one's layout made for the whole run (private memory), so
    that the table is not joined at the end: measured on a closed-form sweep of 10,000,000
    points, the join had doubled the run's memory and its page faults had cost 0.6-5 s."""
    jobs = list(jobs)
    first = None
    if folder is None and len(jobs) > 1 and jobs[0][1] == 0:
        number, start, stop = jobs.pop(0)
        first = _execute(metric, design, number, start, stop, None)
        record(number, first)         # (again as a view of the shared table, if one is made)
        bar.update(stop - start)
        if getattr(first[0], "rows", None) != stop:
            first = None              # not a table of one row a point: no shared table
    with _sharing(first, design.size, record, "private") as (shared, record):
        for number, start, stop in jobs:
            record(number, _execute(metric, design, number, start, stop, folder, shared))
            bar.update(stop - start)


def _pool_context() -> Any:
    """Fork on Linux while this process runs no other thread (the workers start at once,
    with the parent's imports and compiled functions); with other threads (a Dask client's
    event loop, the caller's own) forking could leave a worker holding a lock no thread will
    release, so the fork server; elsewhere the platform's default start method."""
    if not sys.platform.startswith("linux"):
        return multiprocessing.get_context()
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver")


@contextlib.contextmanager
def _preloading(context: Any, modules: tuple[str, ...]) -> Iterator[None]:
    """Within the block, a fork server started by ``context`` imports ``modules`` first
    (measured: a G60 sweep of 2,000 points on two workers from a fork server took 2.5x as
    long when each worker loaded the library and compiled its kernels itself). The
    process's preload list is restored after; a server already running keeps what it
    loaded."""
    if context.get_start_method() != "forkserver" or not modules:
        yield
        return
    from multiprocessing import forkserver

    server = forkserver._forkserver                     # the process's fork server
    saved = list(getattr(server, "_preload_modules", []))
    context.set_forkserver_preload([*saved, *modules])
    try:
        yield
    finally:
        context.set_forkserver_preload(saved)


#: What a worker of the process pool evaluates: set once per worker by
#: :func:`_start_worker`, so that each task ships only the bounds of its chunk.
_TASK: dict[str, Any] = {}


def _die_with(parent: int | None) -> None:
    """On Linux, have the system kill this worker when its parent (the run's process, or
    the fork server, which ends with it) dies, even by SIGKILL, which leaves the run no
    time to stop its workers: no orphan keeps computing. ``parent``: the run's process id
    for a forked worker (which exits at once if that process is already gone)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)      # PR_SET_PDEATHSIG
    if parent is not None and os.getppid() != parent:            # it died before that
        os._exit(1)


def _start_worker(metric: Metric, design: Design, folder: Path | None,
                  parent: int | None, shared: SharedColumns | None = None,
                  warm_points: int = 1) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent stops its workers itself
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the run's handler, if forked
    _die_with(parent)
    _TASK.update(metric=metric, design=design, folder=folder, shared=shared)
    keep_freed_memory()      # the runner's own worker process: opt in (runtime.memory)
    if parent is None:       # a forked worker inherits the metric the parent warmed
        _warm(metric, design, warm_points)


def _run_chunk(number: int, start: int, stop: int) -> tuple[Any, Any, dict[str, Any]]:
    return _execute(_TASK["metric"], _TASK["design"], number, start, stop, _TASK["folder"],
                    _TASK["shared"], _PIECE)


@contextlib.contextmanager
def _sharing(first: Any, rows: int, record: Callable[..., None], kind: str
             ) -> Iterator[tuple[SharedColumns | None, Callable[..., None]]]:
    """The run's :class:`SharedColumns` of ``kind`` (``"anonymous"``, ``"private"`` or
    ``"named"``), made
    when ``first`` (chunk 0's outcome, or None) has a :class:`Columns` table of one row a
    point and that kind can be made here, and a ``record`` that turns what workers put
    there into views of it; chunk 0 is put and recorded at once. Else (None, ``record``).
    A named table's segment is unlinked when the block ends; where it cannot be made
    (``/dev/shm`` too small or not writable), the tables are sent as without one."""
    if first is None or not isinstance(first[0], Columns) or \
            (kind == "named" and not can_name()):
        yield None, record
        return
    shared = None
    try:
        with contextlib.suppress(OSError):
            shared = SharedColumns(first[0], rows, kind)
        if shared is None:
            yield None, record
            return
        if shared.put(first[0], 0, first[0].rows):
            record(0, (shared.take(0, first[0].rows), *first[1:]))

        def record_shared(number: int, outcome: tuple[Any, Any, dict[str, Any]]) -> None:
            table = outcome[0]
            if isinstance(table, InShared):
                outcome = (shared.take(table.start, table.stop), *outcome[1:])
            record(number, outcome)

        yield shared, record_shared
    finally:
        if shared is not None:
            shared.release()


def _stop(executor: Any) -> None:
    """Cancel what is pending and stop the worker processes now (no orphans)."""
    processes = list(getattr(executor, "_processes", {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)


def _run_processes(metric: Metric, design: Design, jobs: list[tuple[int, int, int]],
                   folder: Path | None, workers: int | None, record: Callable[..., None],
                   bar: Any, preload: tuple[str, ...] = (), first: Any = None,
                   warm_points: int = 1) -> None:
    """Run ``jobs`` on a process pool (a worker not forked from here warms the metric on
    ``warm_points`` points). ``first``: the outcome of chunk 0, already computed (or None);
    when its table is a :class:`Columns` record, a row a point, the workers copy
    their tables into :class:`SharedColumns` of that layout (chunk 0's too; anonymous
    memory for forked workers, a named segment for a fork server's), and ``record`` gets
    views of them: joined, the shared columns themselves."""
    from concurrent.futures.process import BrokenProcessPool

    if first is None:                # (the probe that computed chunk 0 warmed the metric)
        _warm(metric, design)        # forked workers inherit what this compiles
    # forked workers inherit anonymous memory; others attach to a named segment
    kind = "anonymous" if _pool_context().get_start_method() == "fork" else "named"
    with _sharing(first, design.size, record, kind) as (shared, record):
        remaining = list(jobs)
        while remaining:
            lost, remaining = _run_pool(metric, design, remaining, folder, workers, record, bar,
                                        BrokenProcessPool, preload, shared, warm_points)
            # a worker died: each chunk that was in flight runs again once, alone in a fresh
            # process, so that a second death is the chunk's own
            for job in sorted(lost):
                again, _ = _run_pool(metric, design, [job], folder, 1, record, bar,
                                     BrokenProcessPool, preload, shared, warm_points)
                if again:
                    number, start, stop = job
                    raise RuntimeError(
                        f"a worker process died while running chunk {number} (points {start} "
                        f"to {stop - 1}), twice; the chunk may need more memory than a worker "
                        f"has (try a smaller chunk_size), or its points crash the metric"
                        f"{'; the parts finished so far stay in ' + str(folder) if folder else ''}")


def _run_pool(metric: Metric, design: Design, jobs: list[tuple[int, int, int]],
              folder: Path | None, workers: int | None, record: Callable[..., None], bar: Any,
              broken: type[BaseException], preload: tuple[str, ...] = (),
              shared: SharedColumns | None = None, warm_points: int = 1
              ) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """Run ``jobs`` on one pool. If a worker dies, the pool is stopped and the jobs that
    were in flight and those not started are returned (each list empty otherwise).
    ``shared``: where the workers put their tables (inherited by forked workers; others
    get its name)."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = _pool_context()
    forked = context.get_start_method() == "fork"
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=_start_worker,
                                   initargs=(metric, design, folder,
                                             os.getpid() if forked else None,
                                             # an anonymous table is inherited, not sent
                                             shared if forked or (shared is not None and
                                                                  shared.name) else None,
                                             warm_points))
    # bounded in-flight work bounds memory; _max_workers (private, so not in the stubs) is
    # the count the executor chose when workers is None
    limit = 2 * executor._max_workers  # type: ignore[attr-defined]
    pending: dict[Any, tuple[int, int, int]] = {}
    unstarted: list[tuple[int, int, int]] = []    # refused by a pool that broke meanwhile
    queue = iter(jobs)

    def submit(job: tuple[int, int, int]) -> None:
        # a worker can die between two results: the pool then refuses new work, and the
        # chunk that killed it shows up among the pending futures
        if not unstarted:
            try:
                pending[executor.submit(_run_chunk, *job)] = job
                return
            except broken:
                pass
        unstarted.append(job)

    try:
        with _preloading(context, preload):        # the first submissions start the workers
            for job in itertools.islice(queue, limit):
                submit(job)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            lost = []
            for future in done:
                job = pending.pop(future)
                try:
                    outcome = future.result()
                except broken:
                    lost.append(job)
                    continue
                record(job[0], outcome)
                bar.update(job[2] - job[1])
            if lost:
                _stop(executor)
                return [*lost, *pending.values()], [*unstarted, *queue]
            for job in itertools.islice(queue, len(done)):
                submit(job)
    except BaseException:
        _stop(executor)
        raise
    if unstarted:
        _stop(executor)
        return [], [*unstarted, *queue]
    executor.shutdown(wait=True)
    return [], []
