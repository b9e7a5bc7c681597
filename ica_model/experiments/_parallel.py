"""Several experiments at once, on every core: what ``ica-model run all`` does by default.

The experiments are independent but for the calibrations they share
(:func:`~ica_model.experiments._calibrated.calibration`, listed per experiment in
:data:`~ica_model.experiments._calibrated.SHARED`). A run of several experiments on
``jobs`` processes therefore goes in two steps:

1. this process computes each shared calibration once, its draws spread over ``jobs``
   worker processes (:func:`ica_model.runtime.run`; the accepted region does not depend on
   the chunking), and the claims' indicators on it (:func:`~ica_model.analysis.claims.claim_holds`);
2. each experiment then runs in a process forked from this one, at most ``jobs`` at a time,
   the longest first: every child inherits the calibrations and writes exactly the files
   a serial run writes (:func:`~ica_model.experiments.run_experiment`, same seeds).

A single experiment runs in this process, after step 1 for the calibrations it reads.

Results come back in the order the experiments were given, each as soon as those before it
have finished. Ctrl-C (or SIGTERM) stops every child; each removes its half-written folder
as a serial run would, and nothing else is left behind. A failed experiment stops the run
with its error. The children draw no progress bars of their own: the parent's bar counts
the experiments and names those running.

Forking needs Linux and a process running no other thread (a thread holding a lock at the
fork would leave the child waiting for it); elsewhere the experiments run one after the
other in this process, as with ``jobs=1``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = ["can_fork", "default_jobs", "run_experiments"]

#: Seconds a child has, after SIGTERM, to remove its half-written folder before SIGKILL.
_GRACE = 10.0
#: Roughly how long each experiment takes, relative to one another (measured: CPU seconds,
#: full size, after the shared calibrations and the claims' indicators): the longest start
#: first, so that no long one is left to run alone at the end. An experiment not listed
#: counts as 10. (Measured again after the full-cooperation margins were made faster: the
#: calibration experiment went from 60 to 14.)
COST = {"g60_dynamics": 53, "rival_explanations": 49, "claim_boxes": 47,
        "region_sensitivity": 25, "yrd_dynamics": 20, "evolutionary_workbench": 20,
        "calibration": 14, "claims_robustness": 13,
        "agreements_compensation": 11, "inverted_u": 9, "sensitivity": 9,
        "follow_up_modes": 9, "mix_heatmaps": 8, "intervention_sweep": 6, "g60_timeline": 6,
        "yangtze_river_delta": 4}


def default_jobs() -> int:
    """The cores this process may use (its CPU affinity where the platform tells it)."""
    with contextlib.suppress(AttributeError, OSError):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether experiments can run in forked children here: Linux, and no other thread."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def run_experiments(names: Sequence[str], out: str | Path, *, quick: bool = False,
                    seed: int = 0, jobs: int = 1, bar: Any = None, **options: Any
                    ) -> Iterator[tuple[str, list[Path], float]]:
    """Run the experiments ``names`` into ``out``, ``jobs`` at a time; yield ``(name,
    paths, seconds)`` for each, in the order of ``names``.

    ``bar``: a tqdm bar to advance by one per finished experiment (its postfix names the
    running ones). ``options`` go to :func:`~ica_model.experiments.run_experiment`.
    """
    from . import run_experiment

    names = list(names)
    start = time.perf_counter()
    if jobs > 1 and len(names) == 1 and can_fork():     # its calibrations on every core
        share_calibrations(names, quick, seed, jobs, bar)
    if jobs <= 1 or len(names) <= 1 or not can_fork():
        for name in names:
            paths = run_experiment(name, out, quick=quick, rng=seed, **options)
            if bar is not None:
                bar.update()
            yield name, paths, time.perf_counter() - start
            start = time.perf_counter()
        return
    share_calibrations(names, quick, seed, jobs, bar)
    yield from _forked(names, Path(out), quick, seed, jobs, bar, options)


def share_calibrations(names: Sequence[str], quick: bool, seed: int, jobs: int,
                       bar: Any = None) -> None:
    """Compute, in this process, each calibration two or more of ``names`` read (every one
    when ``names`` is one experiment) on ``jobs`` processes, and the claims' indicators on
    it, so that forked children (or the one experiment, run here) find them done."""
    from ..analysis.claims import claim_holds
    from ._calibrated import SHARED, calibration, calibration_workers, claims_read

    needed = [case for name in names for case in SHARED.get(name, ())]
    shared = sorted({case for case in needed if needed.count(case) > 1 or len(names) == 1},
                    key=needed.index)
    for case in shared:
        if bar is not None:
            bar.set_postfix_str(f"calibrating {case} for {needed.count(case)} experiments")
        with calibration_workers(jobs):
            result = calibration(case, quick, seed)
        if len(result.accepted):
            claim_holds(result, claims_read(case), workers=jobs)
    if bar is not None and shared:
        bar.set_postfix_str("")


def _forked(names: list[str], out: Path, quick: bool, seed: int, jobs: int, bar: Any,
            options: dict[str, Any]) -> Iterator[tuple[str, list[Path], float]]:
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    queue = sorted(names, key=lambda name: -COST.get(name, 10))      # stable: ties in order
    running: dict[Any, tuple[str, Any, float]] = {}                  # pipe -> child
    finished: dict[str, tuple[list[Path], float]] = {}
    started_at: dict[str, float] = {}
    shown = 0
    parent = os.getpid()
    signals: list[int] = []
    try:
        with _interruptible(signals):        # SIGTERM stops the children as Ctrl-C does
            while queue or running:
                while queue and len(running) < jobs:
                    name = queue.pop(0)
                    receive, send = context.Pipe(duplex=False)
                    child = context.Process(target=_child, name=f"ica-model {name}",
                                            args=(name, out, quick, seed, options, send, parent))
                    _forking(True)
                    try:
                        child.start()
                    finally:
                        _forking(False)
                    send.close()            # so that a child's death reads as end of file
                    running[receive] = (name, child, time.perf_counter())
                    started_at[name] = time.time()
                    if signals:                 # came during the fork
                        raise KeyboardInterrupt
                if bar is not None:
                    bar.set_postfix_str(", ".join(name for name, *_ in running.values()))
                for ready in wait(list(running)):
                    name, child, started = running.pop(ready)
                    receiver: Any = ready
                    try:
                        message = receiver.recv()
                    except EOFError:        # it died before saying anything
                        message = None
                    receiver.close()
                    child.join()
                    if message is None:
                        _remove_partial(out, name, started_at[name])
                    finished[name] = _outcome(name, child.exitcode, message,
                                              time.perf_counter() - started)
                    if bar is not None:
                        bar.update()
                while shown < len(names) and names[shown] in finished:
                    yield names[shown], *finished.pop(names[shown])
                    shown += 1
    finally:
        _stop([child for _, child, _ in running.values()])
        for name, _, _ in running.values():     # stopped before it could remove its own
            _remove_partial(out, name, started_at[name])


#: Whether this process is forking a child (see :func:`_interruptible`).
_FORKING = False


def _forking(now: bool) -> None:
    global _FORKING
    _FORKING = now


@contextlib.contextmanager
def _interruptible(signals: list[int]) -> Iterator[None]:
    """Within the block, Ctrl-C and SIGTERM raise KeyboardInterrupt and are noted in
    ``signals``; while this process forks (:data:`_FORKING`) they are only noted (the
    handler would run inside an at-fork callback, which drops the exception), and the
    caller raises after the fork. The previous actions are restored after. Only in the main
    thread, for signals with the default action."""
    def interrupt(signum: int, frame: Any) -> None:
        signals.append(signum)
        if not _FORKING:
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {}
    for number, default in ((signal.SIGINT, signal.default_int_handler),
                            (signal.SIGTERM, signal.SIG_DFL)):
        if signal.getsignal(number) is default:
            saved[number] = signal.signal(number, interrupt)
    try:
        yield
    finally:
        for number, previous in saved.items():
            signal.signal(number, previous)


def _remove_partial(out: Path, name: str, since: float) -> None:
    """Remove the half-written folder a child that died left (``out/.NAME.*.partial``,
    made since it started): a child that could, removed its own."""
    import shutil

    for folder in out.glob(f".{name}.*.partial"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_mtime >= since - 1:
                shutil.rmtree(folder)


def _outcome(name: str, exitcode: int | None, message: Any, seconds: float
             ) -> tuple[list[Path], float]:
    """A child's paths, or its error raised again here."""
    if message is not None and message[0] == "done":
        return [Path(p) for p in message[1]], seconds
    if message is not None and message[0] == "error":
        kind, text, trace = message[1:]
        error = {"ValueError": ValueError, "TypeError": TypeError,
                 "OSError": OSError}.get(kind)
        if error is not None:
            raise error(text)
        raise RuntimeError(f"experiment {name} failed:\n{trace}")
    if message is not None and message[0] == "interrupted":
        raise KeyboardInterrupt
    raise RuntimeError(f"the process running experiment {name} ended without a result "
                       f"(exit code {exitcode}; killed, or out of memory?)")


def _child(name: str, out: Path, quick: bool, seed: int, options: dict[str, Any], send: Any,
           parent: int) -> None:
    """Run one experiment in a forked child; send back its paths or its error."""
    import traceback

    from ..runtime.progress import progress_default
    from . import run_experiment

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    _forking(False)                                  # the parent's flag, inherited
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # the parent stops its children itself
    signal.signal(signal.SIGTERM, interrupt)         # run_experiment then removes its folder
    try:
        _stop_with(parent)
        with progress_default(False):
            paths = run_experiment(name, out, quick=quick, rng=seed, **options)
        send.send(("done", [str(p) for p in paths]))
    except KeyboardInterrupt:
        send.send(("interrupted",))
    except BaseException as error:      # every failure goes to the parent
        send.send(("error", type(error).__name__, str(error), traceback.format_exc()))
    finally:
        send.close()


def _stop_with(parent: int) -> None:
    """On Linux, have the system send this child SIGTERM when the parent dies, even by
    SIGKILL: the child then removes its half-written folder and ends (no orphan)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)      # PR_SET_PDEATHSIG
    if os.getppid() != parent:                                   # it died before that
        raise KeyboardInterrupt


def _stop(children: list[Any]) -> None:
    """Ask each child still running to stop (it removes its half-written folder), and kill
    any that has not stopped after :data:`_GRACE` seconds."""
    for child in children:
        with contextlib.suppress(Exception):
            child.terminate()                        # SIGTERM: KeyboardInterrupt inside
    deadline = time.monotonic() + _GRACE
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            child.kill()
            child.join()
