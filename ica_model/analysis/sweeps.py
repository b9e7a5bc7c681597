r"""Parameter sweeps at scale: vectorised, chunked, streamed to disk, on several backends.

A sweep evaluates equilibria and stability metrics of a scenario at many parameter
points. Points come from a design of :mod:`ica_model.runtime.designs`, a
:class:`~ica_model.runtime.designs.Grid` (the cross product of axes) or a
:class:`~ica_model.runtime.designs.RandomSample` (seeded uniform draws), whose names are
parameters of the model (checked when the sweep starts); both are lazy, so a sweep of
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

A sweep is a metric run over a design by :func:`ica_model.runtime.run`: backends
``"serial"`` (default), ``"processes"`` (a local process pool) and ``"dask"`` (a
``dask.distributed`` client: pass ``client=``, or let the sweep start a ``LocalCluster``,
kept for the later sweeps of the session: :func:`ica_model.runtime.dask.local_dask_client`).
With ``out=`` the chunks are written as Parquet files ``part-00000.parquet``, ... in that
folder instead of being returned, so memory stays bounded by ``chunk_size``; a sweep that
was stopped resumes when the same call is repeated (:mod:`ica_model.runtime.parts`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .._validation import check_size
from ..model.closed_form import homogeneous_margins
from ..model.parameters import Intervention, Scenario, check_scenario
from ..model.payoffs import MAX_PROFILES
from ..model.points import POINT_PARAMETERS, as_points
from ..runtime import designs
from ..runtime.parts import read_parts
from ..runtime.runner import run
from .follower import FUSED_POINTS, _follower_response

__all__ = ["read_sweep", "scenario_at", "sweep"]


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
    >>> from ica_model.cases import symmetric
    >>> from ica_model.runtime import Grid
    >>> table = sweep(symmetric(), Grid({"authority": [0.0, 0.5], "group_size": [9, 30]}))
    >>> game_scenario, intervention = scenario_at(symmetric(), table.iloc[3])
    >>> game_scenario.n, intervention.authority
    (30, 0.5)
    """
    if not isinstance(row, Mapping) and not hasattr(row, "items"):  # a dict or a pandas row
        raise TypeError(f"row must be a row of a sweep's table (a mapping of columns to "
                        f"values), got {row!r}")
    values = {str(name): [value] for name, value in dict(row.items()).items()
              if str(name).partition(".")[0] in POINT_PARAMETERS}
    try:
        points = as_points(scenario, values)
    except (TypeError, ValueError) as error:   # named as the row's, not as points'
        raise type(error)(f"row: {error}".replace("points[", "row[")) from None
    return points.scenario_at(0), points.intervention(0)


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


#: Bytes per point of a returned table's result columns, besides the swept columns (8 each):
#: closed form, two float margins, two flags and the regime's one-byte code; pure
#: equilibria, three int64 counts, a flag and the margin.
_RESULT_BYTES = {"closed_form": 19, "pure_equilibria": 33}


def table_bytes(names: int, method: str) -> int:
    """The peak memory per point of a sweep that returns its table, at worst: where the
    chunks are joined at the end (a remote Dask cluster's workers, or no room in
    ``/dev/shm`` for a shared table), the chunks' frames and their concatenation are alive
    together, so twice the table's bytes. Where the chunks go into one table made for the
    run (a serial run, local workers: :func:`ica_model.runtime.run`), the peak is the table
    once and a chunk's work.

    Measured with tracemalloc (``tests/unit/test_sweep_memory.py``): the chunks joined,
    70.1 bytes a point for a closed-form sweep of two names (the estimate: 70), 118.1 for
    five (118); the per-chunk work of the pure-equilibrium method is bounded by the chunk,
    not by the number of points.
    """
    return 2 * (8 * names + _RESULT_BYTES[method])


#: Points per evaluation of the closed-form margins within a chunk: the generated margins
#: make many passes over their arrays, which stay in the caches at this size (measured:
#: 0.29 us a point in blocks of 25,000 to 100,000 points, 0.50 in one block of 1.25 million).
_CLOSED_FORM_BLOCK = 65_536


def _closed_form_chunk(points: Any) -> dict:
    full, none = np.empty(points.size), np.empty(points.size)
    for start in range(0, points.size, _CLOSED_FORM_BLOCK):
        part = slice(start, min(points.size, start + _CLOSED_FORM_BLOCK))
        margins = homogeneous_margins(points.scenario,
                                      points if points.size <= _CLOSED_FORM_BLOCK else
                                      points.take(part))
        full[part], none[part] = margins["full_cooperation"], margins["no_cooperation"]
    regime = _regime_categorical(full >= 0, none >= 0)
    return {"full_cooperation_margin": full, "no_cooperation_margin": none,
            "full_cooperation": full >= 0, "no_cooperation": none >= 0, "regime": regime}


def _pure_equilibria_chunk(points: Any, fused: bool | None = None) -> dict:
    response = _follower_response(points.scenario, points, fused=fused)
    return {"equilibria": response.equilibrium_count,
            "full_cooperation": response.full_cooperation,
            "most_cooperators": response.most_cooperators,
            "fewest_cooperators": response.fewest_cooperators,
            "full_cooperation_margin": response.margin}


def _evaluate(scenario: Scenario, method: str, columns: Mapping[str, np.ndarray], start: int,
              stop: int, fused: bool | None = None) -> Any:
    """The sweep's metric: one chunk of points, validated, and its metric columns.
    ``fused``: the follower's path for the whole sweep (its chunks may be smaller than
    :data:`~ica_model.analysis.follower.FUSED_POINTS`)."""
    import pandas as pd

    checked = as_points(scenario, columns)
    if method == "closed_form":
        metrics = _closed_form_chunk(checked)
    else:
        metrics = _pure_equilibria_chunk(checked, fused)
    frame = pd.DataFrame(dict(columns) | metrics)
    frame.index = pd.RangeIndex(start, start + len(frame))
    return frame


def _metric(scenario: Scenario, method: str, size: int | None = None) -> Any:
    """The sweep's metric for a sweep of ``size`` points (the follower's path chosen for the
    whole sweep, not per chunk: both give the same numbers)."""
    # looked up at each call, so that a test can replace _evaluate
    fused = None if size is None else size >= FUSED_POINTS
    return functools.partial(_call_evaluate, scenario, method, fused)


def _call_evaluate(scenario: Scenario, method: str, fused: bool | None,
                   columns: Mapping[str, np.ndarray], start: int, stop: int) -> Any:
    return _evaluate(scenario, method, columns, start, stop, fused)


#: What a fork server imports once for a sweep's workers (:func:`ica_model.runtime.run`).
_PRELOAD = (__name__, "pandas", "ica_model.analysis._forkserver")


def sweep(scenario: Scenario, points: designs.Design, *, method: str = "auto",
          chunk_size: int | None = None, backend: str = "serial", workers: int | None = None,
          client: Any = None, out: str | Path | None = None, progress: bool | None = None
          ) -> Any:
    """Evaluate equilibria and stability metrics of ``scenario`` at every point.

    Parameters
    ----------
    scenario : Scenario
        Supplies every parameter the points do not set.
    points : Grid, RandomSample or another design
        The points (:mod:`ica_model.runtime.designs`); their names are parameters.
    method : {"auto", "closed_form", "pure_equilibria"}
        ``"auto"``: the closed form for homogeneous scenarios swept without per-actor
        columns, the pure-equilibrium enumeration otherwise.
    chunk_size : int, optional
        Points per chunk: the unit of work, of memory and of each Parquet file. By
        default as :func:`ica_model.runtime.run` chooses: on several workers without
        ``out``, from the cost measured on the first points (a few chunks a worker, each
        worth its fixed cost, its table at most 64 MiB); otherwise
        :func:`ica_model.runtime.chunk_size_for` (at most 100,000).
    backend : {"serial", "processes", "dask"}
        ``"processes"`` starts a local process pool once per sweep (forked where the
        platform allows it, so the workers inherit the compiled payoff functions) and
        sends each worker only the bounds of its chunks.
    workers : int, optional
        Processes for ``"processes"``, or the workers of the local Dask cluster that
        ``"dask"`` without ``client`` runs on (default: CPU count). That cluster is started
        by the first such sweep and kept for the next ones
        (:func:`ica_model.runtime.dask.local_dask_client`).
    client : dask.distributed.Client, optional
        Runs on that cluster (implies ``backend="dask"``).
    out : path, optional
        Folder to stream the chunks to as Parquet (``part-00000.parquet``, ...; each
        written to a temporary file and renamed when complete), listed in
        ``sweep-manifest.json`` with their digests; then the folder is returned. The same
        call repeated into a folder it did not finish resumes it (only the missing chunks
        are computed). A finished sweep of other inputs in the folder is replaced (the
        parts its manifest lists); no other file is touched.
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
        its range (checked chunk by chunk before evaluation); on an empty ``out``, one
        that holds ``part-*.parquet`` files no sweep manifest lists, an unfinished sweep of
        other inputs, or another sweep writing into it now.
    RuntimeError
        If worker processes die twice while running the same chunk (the error names it).
    KeyboardInterrupt
        On Ctrl-C (or SIGTERM), re-raised after pending work is cancelled and the workers
        are stopped; chunks already written to ``out`` stay valid, and the same call
        resumes the sweep.

    Examples
    --------
    Unified standards at 0.5 sustain full cooperation of nine identical governments, not
    of thirty:

    >>> from ica_model.cases import symmetric
    >>> from ica_model.runtime import Grid
    >>> table = sweep(symmetric(), Grid({"standards": [0.0, 0.5], "group_size": [9, 30]}))
    >>> print(table[["standards", "group_size", "regime"]].to_string(index=False))
     standards  group_size           regime
           0.0         9.0          neither
           0.0        30.0          neither
           0.5         9.0 full cooperation
           0.5        30.0          neither
    """
    check_scenario(scenario)
    if not isinstance(points, designs.Design):
        raise TypeError(f"points must be a Grid or a RandomSample (or another design of "
                        f"ica_model.runtime.designs), got {type(points).__name__}")
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
    if out is None:   # the table is returned, so it must fit in memory
        check_size("the number of points (without out=)", points.size,
                   table_bytes(len(points.names), method))
    from .. import __version__

    result = run(_metric(scenario, method, points.size), points, chunk_size=chunk_size, backend=backend,
                 workers=workers, client=client, out=out, progress=progress,
                 identity=("sweep", __version__, scenario, method), desc=f"sweep {scenario.name}",
                 preload=_PRELOAD)
    return result.folder if out is not None else result.table


def read_sweep(folder: str | Path, partial: bool = False) -> Any:
    """Read a sweep streamed to ``folder`` back as one DataFrame, in point order.

    Parameters
    ----------
    folder : path
    partial : bool
        Read the parts an unfinished sweep wrote (otherwise an unfinished sweep is an
        error that names its missing chunks).

    Raises
    ------
    ValueError
        If ``folder`` holds no sweep, an unfinished one (without ``partial=True``), or a
        part that is missing or was changed after it was written.
    """
    return read_parts(folder, partial=partial)[0]
