r"""Parameter sweeps at scale: vectorised, chunked, streamed to disk, on several backends.

A sweep evaluates equilibria and stability metrics of a scenario at many parameter
points. Points come from a :class:`Grid` (the cross product of axes) or a
:class:`RandomSample` (seeded uniform draws); both are lazy, so a sweep of
:math:`10^7` points is never held in memory, and both give every point the same value
whatever the chunk size or backend.

Columns are named after the model's symbols (:func:`ica_model.model.symbolic.symbols`):
scenario-level parameters such as ``negotiation_cost`` or ``authority``, ``group_size``
and ``heterogeneity`` for homogeneous scenarios, and actor attributes for one actor as
``demand.3`` (actor index 3) or for all actors at once as ``demand``.

Two methods:

* ``"closed_form"`` (homogeneous scenarios): the lambdified margins of
  :mod:`ica_model.model.closed_form`, one array operation per chunk. Columns:
  ``full_cooperation_margin``, ``no_cooperation_margin``, ``full_cooperation``,
  ``no_cooperation`` and ``regime`` (``"full cooperation"``, ``"no cooperation"``,
  ``"both"`` — a coordination game — or ``"neither"``: only partial or mixed equilibria).
* ``"pure_equilibria"`` (any scenario up to :data:`ica_model.model.payoffs.MAX_PROFILES`
  profiles): the profile game of every point at once
  (:func:`ica_model.model.payoffs.batch_profile_payoffs`) and all its pure equilibria.
  Columns: ``equilibria``, ``full_cooperation``, ``most_cooperators``,
  ``fewest_cooperators`` (−1 where there is no pure equilibrium) and
  ``full_cooperation_margin`` (the smallest gain of any actor from staying when all
  cooperate).

Backends: ``"serial"`` (default), ``"processes"`` (a local process pool) and ``"dask"``
(a ``dask.distributed`` client: pass ``client=``, or let the sweep start a
``LocalCluster``, kept for the later sweeps of the session: :func:`local_dask_client`).
With ``out=`` the chunks are written as Parquet files ``part-00000.parquet``, ... in that
folder instead of being returned, so memory stays bounded by ``chunk_size``.
"""

from __future__ import annotations

import atexit
import itertools
import math
import multiprocessing
import os
import sys
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .._memory import keep_freed_memory
from .._progress import show_progress
from .._validation import check_int, check_real_array, check_size, did_you_mean, seed_of
from ..model.closed_form import homogeneous_margins
from ..model.parameters import Intervention, Scenario, check_scenario
from ..model.payoffs import MAX_PROFILES
from ..model.points import POINT_PARAMETERS, as_points
from .follower import follower_response

__all__ = ["CHUNK_SIZE", "DASK_WORKER_CONFIG", "DASK_WORKER_ENVIRON", "Grid", "RandomSample",
           "chunk_size_for", "close_local_dask_cluster", "dask_worker_settings",
           "local_dask_client", "read_sweep", "scenario_at", "sweep"]


def _check_columns(scenario: Scenario, names: Sequence[str], method: str) -> None:
    """Checks of the swept names that depend on the method (the names and values
    themselves are checked by :func:`~ica_model.model.points.as_points`, chunk by chunk)."""
    for name in names:
        base, dot, _ = name.partition(".")
        if method == "closed_form" and dot:
            raise ValueError(f"column {name!r}: the closed form needs identical actors; "
                             f"sweep {base!r} for all of them or use method='pure_equilibria'")
        if method == "pure_equilibria" and base == "group_size":
            raise ValueError("group_size can only be swept with method='closed_form'")
        if base == "heterogeneity" and scenario.group_heterogeneity is None and \
                method == "pure_equilibria":
            raise ValueError("heterogeneity is computed from preferences in this scenario; sweep "
                             "'preference' columns instead")


def scenario_at(scenario: Scenario, row: Mapping[str, Any]) -> tuple[Scenario, Intervention]:
    """The scenario and the intervention behind one row of a sweep, to look at its game.

    Parameters
    ----------
    scenario : Scenario
        The scenario that was swept.
    row : mapping
        A row of the sweep's table (e.g. ``table.iloc[k]``); its parameter columns are used,
        its metric columns ignored.

    Examples
    --------
    >>> from ica_model.model.cases import symmetric
    >>> table = sweep(symmetric(), Grid({"authority": [0.0, 0.5], "group_size": [9, 30]}))
    >>> game_scenario, intervention = scenario_at(symmetric(), table.iloc[3])
    >>> game_scenario.n, intervention.authority
    (30, 0.5)
    """
    values = {str(name): [value] for name, value in dict(row).items()
              if str(name).partition(".")[0] in POINT_PARAMETERS}
    points = as_points(scenario, values)
    return points.scenario_at(0), points.intervention(0)


def _known_name(argument: str, name: object) -> str:
    """``name`` if it names a parameter a sweep can vary (``demand.3``: actor 3's demand)."""
    if str(name).partition(".")[0] not in POINT_PARAMETERS:
        raise ValueError(f"{argument} has an unknown parameter {name!r}; "
                         f"{did_you_mean(str(name).partition('.')[0], sorted(POINT_PARAMETERS))}")
    return str(name)


@dataclass(frozen=True)
class Grid:
    """The cross product of parameter axes, enumerated lazily (last axis fastest).

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
            label = f"axes[{_known_name('axes', name)!r}]"
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
        if self.size > 2**62:
            raise ValueError(f"axes span {self.size} points; a grid holds at most 2**62")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.axes)

    @property
    def size(self) -> int:
        return math.prod(len(v) for v in self.axes.values())

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Points ``start`` to ``stop - 1`` as columns."""
        index = np.arange(start, min(stop, self.size), dtype=np.int64)
        shape = [len(v) for v in self.axes.values()]
        positions = np.unravel_index(index, shape)
        return {name: np.asarray(values)[pos]
                for (name, values), pos in zip(self.axes.items(), positions, strict=True)}


@dataclass(frozen=True)
class RandomSample:
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
        if not isinstance(self.ranges, Mapping) or not self.ranges:
            raise ValueError(f"ranges must be a non-empty mapping, got {self.ranges!r}")
        frozen = {}
        for name, bounds in self.ranges.items():
            label = f"ranges[{_known_name('ranges', name)!r}]"
            pair = None if isinstance(bounds, str | bytes) else check_real_array(label, bounds)
            if pair is None or pair.shape != (2,) or not (np.isfinite(pair).all()
                                                         and pair[0] <= pair[1]):
                raise ValueError(f"{label} must be finite (low, high) with low <= high, "
                                 f"got {bounds!r}")
            frozen[str(name)] = (float(pair[0]), float(pair[1]))
        object.__setattr__(self, "ranges", frozen)
        # numpy integers too; at most 2**62 points, like a grid (indices stay int64)
        object.__setattr__(self, "size", check_int("size", self.size, 1, 2**62))
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


#: The ``regime`` column's categories, in the order of their integer codes.
REGIME_CATEGORIES = ("full cooperation", "both", "neither", "no cooperation")


def _regime_categorical(full: np.ndarray, none: np.ndarray) -> Any:
    """The ``regime`` column built from integer codes, never from strings.

    Code ``2`` (neither) plus ``-2`` where only full cooperation is an equilibrium, ``-1`` where
    both are and ``+1`` where only no cooperation is: indices into :data:`REGIME_CATEGORIES`.
    """
    import pandas as pd

    codes: np.ndarray[tuple[int, ...], np.dtype[np.int8]] = np.full(full.shape, 2, dtype=np.int8)
    codes -= 2 * (full & ~none)
    codes -= full & none
    codes += none & ~full
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(list(REGIME_CATEGORIES)))


def _closed_form_chunk(points: Any) -> dict:
    margins = homogeneous_margins(points.scenario, points)
    full, none = margins["full_cooperation"], margins["no_cooperation"]
    regime = _regime_categorical(full >= 0, none >= 0)
    return {"full_cooperation_margin": full, "no_cooperation_margin": none,
            "full_cooperation": full >= 0, "no_cooperation": none >= 0, "regime": regime}


def _pure_equilibria_chunk(points: Any) -> dict:
    response = follower_response(points.scenario, points)
    return {"equilibria": response.equilibrium_count,
            "full_cooperation": response.full_cooperation,
            "most_cooperators": response.most_cooperators,
            "fewest_cooperators": response.fewest_cooperators,
            "full_cooperation_margin": response.margin}


def _evaluate(scenario: Scenario, points: Grid | RandomSample, start: int, stop: int,
              method: str) -> Any:
    import pandas as pd

    columns = points.chunk(start, stop)
    checked = as_points(scenario, columns)
    if method == "closed_form":
        metrics = _closed_form_chunk(checked)
    else:
        metrics = _pure_equilibria_chunk(checked)
    frame = pd.DataFrame(columns | metrics)
    frame.index = pd.RangeIndex(start, start + len(frame))
    return frame


#: The file in a sweep's ``out`` folder that lists the parts the sweep wrote.
MANIFEST = "sweep-manifest.json"


def _part(number: int) -> str:
    return f"part-{number:05d}.parquet"


def _write(frame: Any, out: Path | None, number: int) -> Any:
    """The chunk's frame, or, with ``out``, the name of the part written atomically
    (to a hidden temporary file first, then renamed)."""
    if out is None:
        return frame
    import os

    name = _part(number)
    scratch = out / f".{name}.partial"
    try:
        frame.to_parquet(scratch)
        os.replace(scratch, out / name)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    return name


def _write_manifest(folder: Path, parts: Sequence[str], points: int, complete: bool) -> None:
    """Record the parts written so far (atomically: a temporary file, then a rename)."""
    import json
    import os

    scratch = folder / f".{MANIFEST}.partial"
    scratch.write_text(json.dumps({"format": 1, "points": points, "complete": complete,
                                   "parts": sorted(parts)}, indent=1), encoding="utf-8")
    os.replace(scratch, folder / MANIFEST)


def _read_manifest(folder: Path) -> dict | None:
    import json

    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        parts = manifest["parts"]
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{path} is not a sweep manifest: {error}") from None
    if not all(isinstance(p, str) and p.startswith("part-") and "/" not in p for p in parts):
        raise ValueError(f"{path} lists files that are not sweep parts")
    return manifest


def _prepare_folder(out: str | Path) -> Path:
    """Check ``out`` and make it ready: remove the parts an earlier sweep listed in its
    manifest, and refuse a folder with parts that no manifest lists (they are not ours to
    delete, and :func:`read_sweep` would mix them in)."""
    if str(out).strip() == "":
        raise ValueError("out must name a folder, got ''")
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"out must be a folder; {folder} is a file")
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(folder)
    ours = set(manifest["parts"]) if manifest else set()
    foreign = sorted(p.name for p in folder.glob("part-*.parquet") if p.name not in ours)
    if foreign:
        raise ValueError(f"{folder} holds sweep parts that no sweep manifest lists "
                         f"({', '.join(foreign[:3])}{', ...' if len(foreign) > 3 else ''}); "
                         f"choose another folder or remove them")
    for name in sorted(ours):
        (folder / name).unlink(missing_ok=True)
    (folder / MANIFEST).unlink(missing_ok=True)
    return folder


#: The largest chunk :func:`sweep` chooses by itself (points).
CHUNK_SIZE = 100_000

#: Chunks per worker :func:`chunk_size_for` aims at: enough that a worker finishing early
#: finds more work, few enough that each chunk's fixed cost (a DataFrame, a message, a
#: Parquet file) stays small.
CHUNKS_PER_WORKER = 4


def chunk_size_for(size: int, workers: int) -> int:
    """The chunk size :func:`sweep` uses by default: :data:`CHUNK_SIZE`, or less, so that
    each of ``workers`` gets about :data:`CHUNKS_PER_WORKER` chunks of ``size`` points.

    Examples
    --------
    >>> chunk_size_for(10_000, 1), chunk_size_for(10_000, 2), chunk_size_for(10**7, 2)
    (10000, 1250, 100000)
    """
    if workers <= 1:
        return min(size, CHUNK_SIZE)
    return max(1, min(CHUNK_SIZE, math.ceil(size / (CHUNKS_PER_WORKER * workers))))


def _chunks(size: int, chunk_size: int) -> Iterator[tuple[int, int, int]]:
    for number, start in enumerate(range(0, size, chunk_size)):
        yield number, start, min(size, start + chunk_size)


def sweep(scenario: Scenario, points: Grid | RandomSample, *, method: str = "auto",
          chunk_size: int | None = None, backend: str = "serial", workers: int | None = None,
          client: Any = None, out: str | Path | None = None, progress: bool | None = None
          ) -> Any:
    """Evaluate equilibria and stability metrics of ``scenario`` at every point.

    Parameters
    ----------
    scenario : Scenario
        Supplies every parameter the points do not set.
    points : Grid or RandomSample
    method : {"auto", "closed_form", "pure_equilibria"}
        ``"auto"``: the closed form for homogeneous scenarios swept without per-actor
        columns, the pure-equilibrium enumeration otherwise.
    chunk_size : int, optional
        Points per chunk: the unit of work, of memory and of each Parquet file. By
        default :data:`CHUNK_SIZE`, and on several workers small enough that each worker
        gets a few chunks (:func:`chunk_size_for`), so that none waits for the last one.
    backend : {"serial", "processes", "dask"}
        ``"processes"`` starts a local process pool once per sweep (forked where the
        platform allows it, so the workers inherit the compiled payoff functions) and
        sends each worker only the bounds of its chunks.
    workers : int, optional
        Processes for ``"processes"``, or the workers of the local Dask cluster that
        ``"dask"`` without ``client`` runs on (default: CPU count). That cluster is started
        by the first such sweep and kept for the next ones (:func:`local_dask_client`).
    client : dask.distributed.Client, optional
        Runs on that cluster (implies ``backend="dask"``).
    out : path, optional
        Folder to stream the chunks to as Parquet (``part-00000.parquet``, ...; each
        written to a temporary file and renamed when complete), listed in
        ``sweep-manifest.json``; then the folder is returned. Parts of an earlier sweep
        into the same folder (those its manifest lists) are replaced; no other file is
        touched.
    progress : bool, optional
        Progress bar with an ETA (tqdm); by default shown when standard error is a
        terminal and in Jupyter.

    Returns
    -------
    pandas.DataFrame or pathlib.Path
        One row per point, one column per parameter and per metric (see the module
        docstring); or the Parquet folder when ``out`` is given (read it with
        :func:`read_sweep`).

    Raises
    ------
    ValueError
        On an unknown method, backend or parameter name, or a parameter value outside
        its range (checked chunk by chunk before evaluation); on an empty ``out``, or
        one that holds ``part-*.parquet`` files no sweep manifest lists.
    KeyboardInterrupt
        Re-raised after pending work is cancelled and workers are shut down; chunks
        already written to ``out`` stay valid.

    Examples
    --------
    Unified standards at 0.5 sustain full cooperation of nine identical governments, not
    of thirty:

    >>> from ica_model.model.cases import symmetric
    >>> table = sweep(symmetric(), Grid({"standards": [0.0, 0.5], "group_size": [9, 30]}))
    >>> print(table[["standards", "group_size", "regime"]].to_string(index=False))
     standards  group_size           regime
           0.0         9.0          neither
           0.0        30.0          neither
           0.5         9.0 full cooperation
           0.5        30.0          neither
    """
    import pandas as pd

    check_scenario(scenario)
    if not isinstance(points, Grid | RandomSample):
        raise TypeError(f"points must be a Grid or a RandomSample, got {type(points).__name__}")
    if out is None:   # the table is returned, so it must fit in memory
        check_size("the number of points (without out=)", points.size,
                   8 * (len(points.names) + 4 * scenario.n + 8))
    per_actor = any("." in name or name == "preference" for name in points.names)
    as_points(scenario, points.chunk(0, 1))      # unknown names and bad first values fail now
    if not isinstance(method, str):
        raise TypeError(f"method must be 'auto', 'closed_form' or 'pure_equilibria', got {method!r}")
    if method == "auto":
        method = "closed_form" if scenario.is_homogeneous and not per_actor else "pure_equilibria"
    if method not in ("closed_form", "pure_equilibria"):
        raise ValueError(f"method must be 'auto', 'closed_form' or 'pure_equilibria', got {method!r}")
    if method == "closed_form" and not scenario.is_homogeneous:
        raise ValueError(f"method='closed_form' needs a homogeneous scenario; {scenario.name!r} is not")
    if method == "pure_equilibria" and len(scenario.actions) ** scenario.n > MAX_PROFILES:
        raise ValueError(f"scenario {scenario.name!r} has too many profiles for pure_equilibria")
    _check_columns(scenario, points.names, method)
    if client is not None:
        backend = "dask"
    if not isinstance(backend, str) or backend not in ("serial", "processes", "dask"):
        raise ValueError(f"backend must be 'serial', 'processes' or 'dask', got {backend!r}")
    if chunk_size is not None:
        chunk_size = check_int("chunk_size", chunk_size, 1)
    if workers is not None:
        workers = check_int("workers", workers, 1, 4096)
    if chunk_size is None:
        if client is not None:
            workers = max(1, len(client.scheduler_info()["workers"]))
        chunk_size = chunk_size_for(points.size, 1 if backend == "serial" else
                                    workers or os.cpu_count() or 1)
    folder = None if out is None else _prepare_folder(out)
    show = show_progress(progress)
    bar = _progress_bar()(total=points.size, unit="pt", disable=not show,
                          desc=f"sweep {scenario.name}")
    jobs = list(_chunks(points.size, chunk_size))
    results: dict[int, Any] = _Results(folder, points.size)
    complete = False
    try:
        if backend == "serial":
            for number, start, stop in jobs:
                results[number] = _write(_evaluate(scenario, points, start, stop, method),
                                         folder, number)
                bar.update(stop - start)
        elif backend == "processes":
            _run_processes(scenario, points, method, jobs, folder, workers, results, bar)
        else:
            _run_dask(scenario, points, method, jobs, folder, workers, client, results, bar)
        complete = True
    finally:
        bar.close()
        if folder is not None:
            _write_manifest(folder, list(results.values()), points.size, complete)
            for number, _, _ in jobs:         # a part a stopped worker left half-written
                (folder / f".{_part(number)}.partial").unlink(missing_ok=True)
    if folder is not None:
        return folder
    return pd.concat([results[k] for k in sorted(results)])


class _Results(dict):
    """Finished chunks by number; with a folder, each new part is recorded in the
    manifest at once, so an interrupted sweep's manifest lists every part it finished."""

    def __init__(self, folder: Path | None, points: int) -> None:
        super().__init__()
        self.folder, self.points = folder, points

    def __setitem__(self, number: int, value: Any) -> None:
        super().__setitem__(number, value)
        if self.folder is not None:
            _write_manifest(self.folder, list(self.values()), self.points, complete=False)


def _evaluate_and_write(scenario: Scenario, points: Grid | RandomSample, start: int, stop: int,
                        method: str, folder: Path | None, number: int) -> Any:
    return _write(_evaluate(scenario, points, start, stop, method), folder, number)


def _warm(scenario: Scenario, points: Grid | RandomSample, method: str) -> None:
    """Evaluate the first point, so that the payoff functions are compiled (or read from
    the disk cache) and every module is imported before the first chunk."""
    _evaluate(scenario, points, 0, 1, method)


#: What a worker of the process pool evaluates: set once per worker by
#: :func:`_start_worker`, so that each task ships only the bounds of its chunk.
_TASK: dict[str, Any] = {}


def _start_worker(scenario: Scenario, points: Grid | RandomSample, method: str,
                  folder: Path | None) -> None:
    _TASK.update(scenario=scenario, points=points, method=method, folder=folder)
    keep_freed_memory()      # the sweep's own worker process: opt in (ica_model._memory)
    _warm(scenario, points, method)


def _dask_chunk(scenario: Scenario, points: Grid | RandomSample, start: int, stop: int,
                method: str, folder: Path | None, number: int) -> Any:
    keep_freed_memory()      # a Dask worker runs sweep chunks: opt in (ica_model._memory)
    return _evaluate_and_write(scenario, points, start, stop, method, folder, number)


def _run_chunk(number: int, start: int, stop: int) -> Any:
    return _evaluate_and_write(_TASK["scenario"], _TASK["points"], start, stop, _TASK["method"],
                               _TASK["folder"], number)


@lru_cache(maxsize=1)
def _progress_bar() -> Any:
    """tqdm's bar without its monitor thread (a sweep's bar is updated chunk by chunk, so
    it needs none), so that a sweep adds no thread that would keep the pool from forking."""
    from tqdm.auto import tqdm

    class SweepBar(tqdm):
        monitor_interval = 0

    return SweepBar


def _pool_context() -> Any:
    """Fork on Linux while this process runs no other thread: the workers start at once,
    with the parent's imports and compiled functions. With other threads (a Dask
    cluster's event loop, the caller's own), forking could leave a worker holding a lock
    no thread will release, so the workers come from a fork server instead, which has
    loaded the library and its compiled kernels once (:mod:`._forkserver`); elsewhere
    from the platform's default start method, whose workers read the compiled payoff
    functions from the disk cache."""
    if not sys.platform.startswith("linux"):
        return multiprocessing.get_context()
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    # the server loads the library and its compiled kernels once, for every worker it forks
    context.set_forkserver_preload([__name__, "pandas", "ica_model.analysis._forkserver"])
    return context


def _run_processes(scenario, points, method, jobs, folder, workers, results, bar) -> None:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    _warm(scenario, points, method)           # forked workers inherit what this compiles
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(),
                                   initializer=_start_worker,
                                   initargs=(scenario, points, method, folder))
    # bounded in-flight work bounds memory; _max_workers (private, so not in the stubs) is
    # the count the executor chose when workers is None
    limit = 2 * (executor._max_workers)  # type: ignore[attr-defined]
    pending: dict[Any, tuple[int, int]] = {}
    queue = iter(jobs)

    def submit(job: tuple[int, int, int]) -> None:
        number, start, stop = job
        pending[executor.submit(_run_chunk, number, start, stop)] = (number, stop - start)

    try:
        for job in itertools.islice(queue, limit):
            submit(job)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                number, count = pending.pop(future)
                results[number] = future.result()
                bar.update(count)
                for job in itertools.islice(queue, 1):
                    submit(job)
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


#: The environment a Dask worker process of a sweep starts with, on top of Dask's own.
#: Dask's default ``MALLOC_TRIM_THRESHOLD_`` makes glibc hand every freed temporary array
#: back to the system (and keeps :func:`ica_model._memory.keep_freed_memory` from
#: changing it); unset, and with one allocator arena for the task thread, a worker runs
#: the G60 follower at 3.7 s per 10,000 points, as a plain process does, instead of about
#: twice that.
DASK_WORKER_ENVIRON: dict[str, str | None] = {"MALLOC_TRIM_THRESHOLD_": None,
                                              "MALLOC_ARENA_MAX": "1"}

#: Dask settings that wake a worker's event loop less often while a chunk runs: by
#: default it ticks every 20 ms, checks its memory every 100 ms and samples the running
#: task for its profiler every 10 ms, each time taking the interpreter lock from the task.
#: Measured on 2 cores, 10,000 G60 points: 2.08 s instead of 2.23 s (mean of 5 and 4 runs).
DASK_WORKER_CONFIG: dict[str, str | bool] = {
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.profile.enabled": False,
}


def dask_worker_settings() -> dict[str, str | bool | None]:
    """:data:`DASK_WORKER_ENVIRON` and :data:`DASK_WORKER_CONFIG` as Dask settings, for
    ``dask.config.set`` around a ``LocalCluster`` of one's own (the cluster a sweep starts
    itself uses them).

    Examples
    --------
    >>> settings = dask_worker_settings()
    >>> settings["distributed.nanny.pre-spawn-environ.MALLOC_ARENA_MAX"]
    '1'
    >>> settings["distributed.worker.profile.enabled"]
    False
    """
    return {**{f"distributed.nanny.pre-spawn-environ.{name}": value
               for name, value in DASK_WORKER_ENVIRON.items()}, **DASK_WORKER_CONFIG}


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("backend='dask' needs dask.distributed: pip install 'dask[distributed]'"
                          ) from error
    return distributed


#: The ``LocalCluster`` and client that ``backend="dask"`` without ``client=`` started, kept
#: for the sweeps that follow in this process (see :func:`local_dask_client`).
_LOCAL_CLUSTER: dict[str, Any] = {}


def local_dask_client(workers: int | None = None) -> Any:
    """The client of the local Dask cluster that sweeps with ``backend="dask"`` and no
    ``client=`` run on: started on first use, kept for the sweeps that follow, closed by
    :func:`close_local_dask_cluster` or when Python exits.

    Starting a cluster (worker processes, their imports and compiled payoff functions)
    takes about 2 s, as long as a sweep of 10,000 G60 points on two workers; keeping it makes
    the second and later sweeps of a session pay nothing. A request for a different
    number of workers, or a cluster that lost its workers, replaces it. The workers run
    one thread each, with :func:`dask_worker_settings`. The client is not made Dask's
    default, so ``dask.compute`` elsewhere in the session is unaffected.

    Parameters
    ----------
    workers : int, optional
        Worker processes (default: CPU count).
    """
    workers = (os.cpu_count() or 1) if workers is None else check_int("workers", workers, 1, 4096)
    held = _LOCAL_CLUSTER.get("client")
    if held is not None and _LOCAL_CLUSTER["workers"] == workers and held.status == "running" \
            and len(held.scheduler_info()["workers"]) == workers:
        return held
    close_local_dask_cluster()
    distributed = _distributed()
    import dask

    with dask.config.set(dask_worker_settings()):
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                           processes=True, dashboard_address=None)
    client = distributed.Client(cluster, set_as_default=False)
    if not _LOCAL_CLUSTER:      # the first in this process ("workers" outlives a close)
        atexit.register(close_local_dask_cluster)
    _LOCAL_CLUSTER.update(cluster=cluster, client=client, workers=workers)
    return client


def close_local_dask_cluster() -> None:
    """Close the local Dask cluster that :func:`local_dask_client` keeps, if there is one
    (its worker processes stop). The next sweep with ``backend="dask"`` starts a new one.

    Examples
    --------
    >>> close_local_dask_cluster()     # nothing to close: does nothing
    """
    client, cluster = _LOCAL_CLUSTER.pop("client", None), _LOCAL_CLUSTER.pop("cluster", None)
    if client is not None:
        client.close()
    if cluster is not None:
        cluster.close()


def _run_dask(scenario, points, method, jobs, folder, workers, client, results, bar) -> None:
    as_completed = _distributed().as_completed
    if client is None:
        client = local_dask_client(workers)
    client.run(_warm, scenario, points, method)      # every worker compiles, at once
    # fresh keys: with keys hashed from the data, a sweep that scatters what the previous
    # one just released races the scheduler forgetting those keys, and may hang there
    # (dask/distributed issues 4907 and 8576)
    scattered = client.scatter([scenario, points], broadcast=True, hash=False)
    limit = 4 * max(1, len(client.scheduler_info()["workers"]))
    queue = iter(jobs)
    sweep_key = f"ica-sweep-{uuid.uuid4().hex}"     # unique on a cluster that outlives sweeps

    def submit(job):
        number, start, stop = job
        return client.submit(_dask_chunk, scattered[0], scattered[1], start, stop,
                             method, folder, number, key=f"{sweep_key}-{number}",
                             pure=False), (number, stop - start)

    first = [submit(job) for job in itertools.islice(queue, limit)]
    sizes = {future.key: meta for future, meta in first}
    completed = as_completed([future for future, _ in first], loop=client.loop)
    try:
        for future in completed:
            number, count = sizes.pop(future.key)
            results[number] = future.result()
            bar.update(count)
            for job in itertools.islice(queue, 1):
                nxt, meta = submit(job)
                sizes[nxt.key] = meta
                completed.add(nxt)
    except BaseException:
        client.cancel(list(completed.futures) if hasattr(completed, "futures") else [])
        raise


def read_sweep(folder: str | Path) -> Any:
    """Read a sweep streamed to ``folder`` back as one DataFrame, in point order: the
    parts its manifest lists (all of them, or those an interrupted sweep finished)."""
    import pandas as pd

    folder = Path(folder)
    manifest = _read_manifest(folder)
    if manifest is None:
        raise ValueError(f"no sweep in {folder}: it has no {MANIFEST}")
    if not manifest["parts"]:
        raise ValueError(f"the sweep in {folder} finished no part")
    return pd.concat([pd.read_parquet(folder / p) for p in sorted(manifest["parts"])])
