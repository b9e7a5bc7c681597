"""The runner (ica_model.runtime): designs give the same table for any chunking or backend;
faults (a killed worker, a crash, SIGTERM, a full disk, foreign or stale folders) lose no
chunk and count none twice."""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ica_model.runtime import Grid, RandomSample, UniformStream, read_parts, run
from ica_model.runtime.dask import _LOCAL_SCHEDULER
from ica_model.runtime.parts import MANIFEST

ROOT = Path(__file__).resolve().parents[2]


def square(columns, start, stop):
    """A metric: every column and x² + y, with a tally of the points seen."""
    frame = pd.DataFrame(dict(columns))
    frame["value"] = frame["x"] ** 2 + frame["y"]
    frame.index = pd.RangeIndex(start, stop)
    return frame, {"points": stop - start}


def kill_once(marker: str, chunk_start: int, columns, start, stop):
    """``square``, but the worker process running the chunk that starts at ``chunk_start``
    kills itself (SIGKILL) the first time (``marker`` records that it did); with an empty
    marker, every time."""
    if start == chunk_start and (not marker or not os.path.exists(marker)):
        if marker:
            Path(marker).write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)
    return square(columns, start, stop)


def fail_at(chunk_start: int, columns, start, stop):
    if start == chunk_start:
        raise RuntimeError(f"chunk at {start} failed")
    return square(columns, start, stop)


DESIGNS = {
    "grid": Grid({"x": np.linspace(0, 1, 23), "y": [0.5, 1.5, 2.5]}),
    "random": RandomSample({"x": (0, 1), "y": (-1, 1)}, size=70_001, rng=5),
    "stream": UniformStream((("x", 0.0, 1.0), ("y", -1.0, 1.0)), size=501, rng=9),
}


@pytest.mark.parametrize("name", sorted(DESIGNS))
def test_same_table_for_any_chunking_and_backend(name) -> None:
    design = DESIGNS[name]
    reference = run(square, design, chunk_size=design.size)
    assert reference.totals == {"points": design.size}
    small, large = design.size // 7 + 1, design.size // 3 + 1
    for table in (run(square, design, chunk_size=small).table,
                  run(square, design, chunk_size=large).table,
                  run(square, design, chunk_size=small, backend="processes", workers=2).table):
        pd.testing.assert_frame_equal(reference.table, table, check_exact=True)


def test_uniform_stream_reads_one_generator_in_order() -> None:
    stream = UniformStream((("a", 0.0, 1.0), ("b", 2.0, 4.0)), size=1000, rng=3)
    direct = np.random.default_rng(3).random((1000, 2))
    np.testing.assert_array_equal(stream.chunk(333, 1000)["b"], 2.0 + 2.0 * direct[333:, 1])
    generator = np.random.default_rng(3)
    from_generator = UniformStream((("a", 0.0, 1.0), ("b", 2.0, 4.0)), size=1000, rng=generator)
    np.testing.assert_array_equal(from_generator.chunk(0, 1000)["a"], direct[:, 0])
    # the caller's generator moves past the draws, as if they had been drawn from it
    after = np.random.default_rng(3)
    after.random((1000, 2))
    assert generator.random() == after.random()
    mt = np.random.Generator(np.random.MT19937(4))            # no advance(): draw and discard
    reference = np.random.Generator(np.random.MT19937(4)).random((50, 1))[:, 0]
    np.testing.assert_array_equal(UniformStream((("a", 0.0, 1.0),), 50, rng=mt)
                                  .chunk(20, 50)["a"], reference[20:])


def test_a_worker_killed_once_is_replaced_and_its_chunk_run_again(tmp_path) -> None:
    design = DESIGNS["grid"]
    marker = tmp_path / "killed"
    result = run(functools.partial(kill_once, str(marker), 20), design, chunk_size=10,
                 backend="processes", workers=2)
    assert marker.exists()                                     # a worker did die
    pd.testing.assert_frame_equal(result.table, run(square, design).table, check_exact=True)
    assert result.totals == {"points": design.size}           # no chunk lost or counted twice


def kill_first(marker: str, parent: int, columns, start, stop):
    """``square``, but the first chunk a worker runs (not the probe's, run by ``parent``)
    kills its worker."""
    if os.getpid() != parent and not os.path.exists(marker):
        Path(marker).write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)
    return square(columns, start, stop)


def test_a_killed_worker_of_a_shared_table_loses_no_chunk(tmp_path) -> None:
    # measured chunks, no folder: the workers copy their tables into shared columns
    design = DESIGNS["random"]
    marker = tmp_path / "killed"
    result = run(functools.partial(kill_first, str(marker), os.getpid()), design,
                 backend="processes", workers=2)
    assert marker.exists() and result.chunks >= 3
    pd.testing.assert_frame_equal(result.table, run(square, design).table, check_exact=True)
    assert result.totals == {"points": design.size}


def test_a_chunk_that_kills_its_worker_twice_fails_the_run_naming_it(tmp_path) -> None:
    design = DESIGNS["grid"]
    with pytest.raises(RuntimeError, match=r"died while running chunk 2 \(points 20 to 29\), twice"):
        run(functools.partial(kill_once, "", 20), design, chunk_size=10, backend="processes",
            workers=2, out=tmp_path / "run")
    manifest = json.loads((tmp_path / "run" / MANIFEST).read_text())
    on_disk = sorted(p.name for p in (tmp_path / "run").glob("part-*.parquet"))
    assert manifest["parts"] == on_disk and "part-00002.parquet" not in on_disk
    assert not manifest["complete"]
    assert not list((tmp_path / "run").glob(".*partial"))
    # the folder resumes: only the missing chunks are computed
    resumed = run(square, design, chunk_size=10, out=tmp_path / "run")
    assert resumed.computed == 7 - len(on_disk)
    pd.testing.assert_frame_equal(read_parts(tmp_path / "run")[0], run(square, design).table,
                                  check_exact=True)


def test_a_crashed_run_resumes_computing_only_the_missing_chunks(tmp_path) -> None:
    design = DESIGNS["random"]
    folder = tmp_path / "run"
    with pytest.raises(RuntimeError, match="chunk at 30000 failed"):
        run(functools.partial(fail_at, 30_000), design, chunk_size=10_000, out=folder)
    assert sorted(p.name for p in folder.glob("part-*")) == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    with pytest.raises(ValueError, match=r"unfinished: 3 of 8 chunks .*missing chunks 3, 4, 5"):
        read_parts(folder)
    assert len(read_parts(folder, partial=True)[0]) == 30_000
    resumed = run(square, design, chunk_size=10_000, out=folder)
    assert resumed.computed == 5 and resumed.chunks == 8
    assert resumed.totals == {"points": design.size}
    table, manifest = read_parts(folder)
    assert manifest["complete"]
    pd.testing.assert_frame_equal(table, run(square, design).table, check_exact=True)
    again = run(square, design, chunk_size=10_000, out=folder)       # finished: nothing to do
    assert again.computed == 0


def test_an_altered_part_is_computed_again_and_reading_it_is_refused(tmp_path) -> None:
    design = DESIGNS["grid"]
    folder = run(square, design, chunk_size=10, out=tmp_path / "run").folder
    assert folder is not None
    part = folder / "part-00001.parquet"
    pd.DataFrame({"x": [0.0]}).to_parquet(part)                      # valid but not ours
    with pytest.raises(ValueError, match="does not match the digest"):
        read_parts(folder)
    assert run(square, design, chunk_size=10, out=folder).computed == 1
    pd.testing.assert_frame_equal(read_parts(folder)[0], run(square, design).table,
                                  check_exact=True)


def test_foreign_stale_and_busy_folders_are_refused(tmp_path) -> None:
    design = DESIGNS["grid"]
    unfinished = tmp_path / "unfinished"
    with pytest.raises(RuntimeError):
        run(functools.partial(fail_at, 20), design, chunk_size=10, out=unfinished)
    other = Grid({"x": [1.0, 2.0], "y": [0.0]})
    with pytest.raises(ValueError, match="holds an unfinished run of another sweep"):
        run(square, other, out=unfinished)
    with pytest.raises(ValueError, match="holds an unfinished run of another sweep"):
        run(square, design, chunk_size=5, out=unfinished)                # another chunking
    (tmp_path / "garbage").mkdir()
    (tmp_path / "garbage" / MANIFEST).write_text("{not json")
    with pytest.raises(ValueError, match="is not a sweep manifest"):
        run(square, design, out=tmp_path / "garbage")
    (tmp_path / "file").write_text("a file")
    with pytest.raises(ValueError, match="out must be a folder"):
        run(square, design, out=tmp_path / "file")
    busy = tmp_path / "busy"
    from ica_model.runtime.parts import _take_lock

    busy.mkdir()
    lock = _take_lock(busy)
    try:
        with pytest.raises(ValueError, match="another run is writing into"):
            run(square, design, out=busy)
    finally:
        lock.close()
    assert run(square, design, out=busy).computed == 1


def test_a_write_error_leaves_no_part_marked_complete(tmp_path, monkeypatch) -> None:
    design = DESIGNS["grid"]
    real = pd.DataFrame.to_parquet
    calls = {"n": 0}

    def full_disk(self, path, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            Path(path).write_bytes(b"PAR1 half")                   # a half-written file
            raise OSError(28, "No space left on device")
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full_disk)
    with pytest.raises(OSError, match="No space left"):
        run(square, design, chunk_size=10, out=tmp_path / "run")
    manifest = json.loads((tmp_path / "run" / MANIFEST).read_text())
    assert manifest["parts"] == ["part-00000.parquet", "part-00001.parquet"]
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet", MANIFEST]


SCRIPT = """
import functools, sys, time
import pandas as pd
from ica_model.runtime import Grid, run

def slow(log, columns, start, stop):
    import os
    with open(log, "a") as handle:
        handle.write(f"{os.getpid()}\\n")
    time.sleep(0.4)
    frame = pd.DataFrame(dict(columns))
    frame.index = pd.RangeIndex(start, stop)
    return frame

design = Grid({"x": [float(k) for k in range(40)]})
try:
    run(functools.partial(slow, sys.argv[2]), design, chunk_size=2, backend=sys.argv[3],
        workers=2, out=sys.argv[1])
except KeyboardInterrupt:
    sys.exit(130)
"""


def _start(tmp_path: Path, backend: str) -> tuple[subprocess.Popen, Path, Path]:
    folder, log = tmp_path / "run", tmp_path / "pids"
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(SCRIPT))
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, str(script), str(folder), str(log), backend],
                               env=environment, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(folder.glob("part-*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(folder.glob("part-*.parquet")), "the run wrote no part in 60 s"
    return process, folder, log


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def _resume_and_compare(folder: Path) -> None:
    design = Grid({"x": [float(k) for k in range(40)]})

    def plain(columns, start, stop):
        frame = pd.DataFrame(dict(columns))
        frame.index = pd.RangeIndex(start, stop)
        return frame

    finished = len(json.loads((folder / MANIFEST).read_text())["parts"])
    resumed = run(plain, design, chunk_size=2, out=folder)
    assert 0 < resumed.computed <= 20 - finished + 2          # parts never recorded: again
    pd.testing.assert_frame_equal(read_parts(folder)[0], run(plain, design).table,
                                  check_exact=True)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and /proc")
@pytest.mark.parametrize("backend", ["serial", "processes"])
def test_sigterm_stops_cleanly_with_no_orphan_and_a_resumable_folder(tmp_path, backend) -> None:
    process, folder, log = _start(tmp_path, backend)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    time.sleep(0.5)
    pids = {int(line) for line in log.read_text().split()}
    assert not [pid for pid in pids if _alive(pid)], "a worker outlived the run"
    manifest = json.loads((folder / MANIFEST).read_text())
    assert sorted(p.name for p in folder.glob("part-*.parquet")) == manifest["parts"]
    assert not manifest["complete"] and not list(folder.glob(".*"))
    # the identity of the script's run is None, like this one's, and its metric differs
    # only in sleeping: the same table
    _resume_and_compare(folder)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and /proc")
def test_a_killed_run_leaves_a_folder_the_next_run_cleans_and_resumes(tmp_path) -> None:
    process, folder, log = _start(tmp_path, "processes")
    process.kill()                                             # SIGKILL: no clean-up at all
    process.communicate(timeout=60)                            # (would hang on an orphan's pipe)
    time.sleep(0.5)
    pids = {int(line) for line in log.read_text().split()}
    assert not [pid for pid in pids if _alive(pid)], "a worker outlived the run"
    _resume_and_compare(folder)
    assert not list(folder.glob(".*"))                         # no stale scratch or lock file


def test_on_dask_a_killed_worker_loses_no_chunk(tmp_path) -> None:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None,
                                       scheduler_kwargs=_LOCAL_SCHEDULER)
    client = distributed.Client(cluster, set_as_default=False)
    try:
        design = DESIGNS["grid"]
        marker = tmp_path / "killed"
        result = run(functools.partial(kill_once, str(marker), 20), design, chunk_size=10,
                     client=client, out=tmp_path / "run")
        assert marker.exists()
        assert result.totals == {"points": design.size}
        pd.testing.assert_frame_equal(read_parts(tmp_path / "run")[0],
                                      run(square, design).table, check_exact=True)
    finally:
        client.close()
        cluster.close()
