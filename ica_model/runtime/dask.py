"""The runner's Dask backend: a user's ``client=``, or a local cluster kept for the session.

A run with ``backend="dask"`` and no client runs on a ``LocalCluster`` that the first such
run starts and later runs reuse (:func:`local_dask_client`; closed by
:func:`close_local_dask_cluster` or at exit). Its workers run one thread each with
:func:`dask_worker_settings`. Each chunk is a task with a fresh key; a worker that dies has
its tasks rescheduled by Dask, and a part written twice is the same file written again
(atomically), so no chunk is lost or counted twice. This module knows no model.
"""

from __future__ import annotations

import atexit
import itertools
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._validation import check_int
from .memory import keep_freed_memory

__all__ = ["close_local_dask_cluster", "dask_worker_settings", "local_dask_client"]

# The environment a Dask worker process of a run starts with, on top of Dask's own.
# Dask's default ``MALLOC_TRIM_THRESHOLD_`` makes glibc hand every freed temporary array
# back to the system (and keeps :func:`ica_model.runtime.memory.keep_freed_memory` from
# changing it); unset, and with one allocator arena for the task thread, a worker runs
# the G60 follower at 3.7 s per 10,000 points, as a plain process does, instead of about
# twice that.
_WORKER_ENVIRON: dict[str, str | None] = {"MALLOC_TRIM_THRESHOLD_": None, "MALLOC_ARENA_MAX": "1"}

# Dask settings that wake a worker's event loop less often while a chunk runs: by default
# it ticks every 20 ms, checks its memory every 100 ms and samples the running task for its
# profiler every 10 ms, each time taking the interpreter lock from the task. Measured on 2
# cores, 10,000 G60 points: 2.08 s instead of 2.23 s (mean of 5 and 4 runs).
_WORKER_CONFIG: dict[str, str | bool] = {
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.profile.enabled": False,
}


def dask_worker_settings() -> dict[str, str | bool | None]:
    """The Dask settings of the runner's own workers, for ``dask.config.set`` around a
    ``LocalCluster`` of one's own: glibc keeps freed memory for reuse (Dask's default
    ``MALLOC_TRIM_THRESHOLD_`` unset, one arena) and the event loop wakes less often.

    Examples
    --------
    >>> settings = dask_worker_settings()
    >>> settings["distributed.nanny.pre-spawn-environ.MALLOC_ARENA_MAX"]
    '1'
    >>> settings["distributed.worker.profile.enabled"]
    False
    """
    return {**{f"distributed.nanny.pre-spawn-environ.{name}": value
               for name, value in _WORKER_ENVIRON.items()}, **_WORKER_CONFIG}


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("backend='dask' needs dask.distributed: pip install 'dask[distributed]'"
                          ) from error
    return distributed


#: The scheduler of the local cluster: no dashboard, and its HTTP server (health and metrics
#: routes, which Dask starts even without one) on a free port of this machine only. On
#: Dask's default port, 8787, a second cluster on the machine (another session, another
#: test process) found it taken and warned ("Port 8787 is already in use").
_LOCAL_SCHEDULER = {"dashboard_address": "127.0.0.1:0"}

#: The ``LocalCluster`` and client that ``backend="dask"`` without ``client=`` started.
_LOCAL_CLUSTER: dict[str, Any] = {}


def local_dask_client(workers: int | None = None) -> Any:
    """The client of the local Dask cluster that runs with ``backend="dask"`` and no
    ``client=`` use: started on first use, kept for the runs that follow, closed by
    :func:`close_local_dask_cluster` or when Python exits.

    Starting a cluster (worker processes, their imports and compiled functions) takes
    about 2 s; keeping it makes the later runs of a session pay nothing. A request for a
    different number of workers, or a cluster that lost its workers, replaces it. The
    client is not made Dask's default, so ``dask.compute`` elsewhere is unaffected.

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
                                           processes=True, dashboard_address=None,
                                           scheduler_kwargs=_LOCAL_SCHEDULER)
    client = distributed.Client(cluster, set_as_default=False)
    if not _LOCAL_CLUSTER:      # the first in this process ("workers" outlives a close)
        atexit.register(close_local_dask_cluster)
    _LOCAL_CLUSTER.update(cluster=cluster, client=client, workers=workers)
    return client


def close_local_dask_cluster() -> None:
    """Close the local Dask cluster that :func:`local_dask_client` keeps, if there is one.

    Examples
    --------
    >>> close_local_dask_cluster()     # nothing to close: does nothing
    """
    client, cluster = _LOCAL_CLUSTER.pop("client", None), _LOCAL_CLUSTER.pop("cluster", None)
    if client is not None:
        client.close()
    if cluster is not None:
        cluster.close()


def _task(execute: Callable[..., Any], metric: Any, design: Any, number: int, start: int,
          stop: int, folder: Path | None, shared: Any) -> Any:
    keep_freed_memory()      # a Dask worker runs the runner's chunks: opt in (runtime.memory)
    return execute(metric, design, number, start, stop, folder, shared)


def run_on_dask(metric: Any, design: Any, jobs: list[tuple[int, int, int]], folder: Path | None,
                workers: int | None, client: Any, record: Callable[..., None], bar: Any,
                execute: Callable[..., Any], warm: Callable[..., Any], shared: Any = None
                ) -> None:
    """Run ``jobs`` as tasks on ``client`` (or the local cluster), at most four per worker
    in flight; each result goes to ``record`` as it arrives. ``shared``: the run's named
    :class:`~ica_model.runtime._columnar.SharedColumns` (or None), where workers on this
    machine put their tables."""
    as_completed = _distributed().as_completed
    if client is None:
        client = local_dask_client(workers)
    client.run(warm, metric, design)      # every worker compiles, at once
    # fresh keys: with keys hashed from the data, a run that scatters what the previous
    # one just released races the scheduler forgetting those keys, and may hang there
    # (dask/distributed issues 4907 and 8576)
    scattered = client.scatter([metric, design, shared], broadcast=True, hash=False)
    limit = 4 * max(1, len(client.scheduler_info()["workers"]))
    queue = iter(jobs)
    run_key = f"ica-run-{uuid.uuid4().hex}"     # unique on a cluster that outlives runs
    meta: dict[str, tuple[int, int, int]] = {}

    def submit(job: tuple[int, int, int]) -> Any:
        number, start, stop = job
        future = client.submit(_task, execute, *scattered[:2], number, start, stop, folder,
                               scattered[2], key=f"{run_key}-{number}", pure=False)
        meta[future.key] = job
        return future

    completed = as_completed([submit(job) for job in itertools.islice(queue, limit)],
                             loop=client.loop)
    try:
        for future in completed:
            number, start, stop = meta.pop(future.key)
            try:
                outcome = future.result()
            except Exception as error:
                if type(error).__name__ != "KilledWorker":
                    raise
                raise RuntimeError(
                    f"Dask workers died while running chunk {number} (points {start} to "
                    f"{stop - 1}) in every attempt the scheduler allows ({error}); the chunk "
                    f"may need more memory than a worker has (try a smaller chunk_size)"
                    ) from None
            record(number, outcome)
            bar.update(stop - start)
            for job in itertools.islice(queue, 1):
                completed.add(submit(job))
    except BaseException:
        client.cancel(list(completed.futures) if hasattr(completed, "futures") else [])
        raise
