"""The chunks' compact columnar form (ica_model.runtime._columnar): joined, the packed
chunks give exactly what pandas.concat gives of their frames, and a chunk's result pickles
to little more than its columns' bytes; the runner's measured chunk sizes."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ica_model.runtime import Grid, _columnar, run, runner
from ica_model.runtime._columnar import Columns, InShared, SharedColumns, can_name, join, pack
from ica_model.runtime.dask import _LOCAL_SCHEDULER
from ica_model.runtime.runner import _measured_chunk_size as measured_chunk_size


def _chunk(start: int, rows: int, index: str = "range") -> pd.DataFrame:
    values = np.arange(start, start + rows)
    frame = pd.DataFrame({
        "x": values * 0.5,
        "count": values.astype(np.int64),
        "small": (values % 7).astype(np.int8),
        "flag": values % 2 == 0,
        "regime": pd.Categorical.from_codes(values % 3, categories=["a", "b", "c"]),
    })
    frame.index = pd.RangeIndex(start, start + rows) if index == "range" else \
        pd.RangeIndex(0, rows)
    return frame


def _assert_same(joined: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(joined, expected, check_exact=True, check_index_type=True)
    assert type(joined.index) is type(expected.index)
    assert list(joined.dtypes) == list(expected.dtypes)


@pytest.mark.parametrize("sizes", [[5], [3, 4, 1], [100, 100, 37], [2, 0, 3]])
@pytest.mark.parametrize("index", ["range", "zero"])
def test_joined_columns_equal_pandas_concat(sizes, index) -> None:
    starts = np.cumsum([0, *sizes[:-1]])
    frames = [_chunk(int(start), rows, index) for start, rows in zip(starts, sizes, strict=True)]
    packed = [pack(frame) for frame in frames]
    assert all(isinstance(chunk, Columns) for chunk in packed)
    _assert_same(join(packed), pd.concat(frames))


def test_frames_that_are_not_simple_are_joined_by_pandas() -> None:
    plain = _chunk(0, 3)
    named = _chunk(3, 2)
    named.index = pd.Index([10, 11], name="row")          # not a range
    text = _chunk(5, 2).assign(label=["p", "q"])          # strings: left to pandas
    for frame in (named, text):
        assert pack(frame) is frame
    frames = [plain, named]
    _assert_same(join([pack(frame) for frame in frames]), pd.concat(frames))
    # chunks whose columns differ are joined as pandas joins them
    frames = [plain, plain.drop(columns="flag").set_axis(pd.RangeIndex(3, 6))]
    _assert_same(join([pack(frame) for frame in frames]), pd.concat(frames))
    with pytest.raises(ValueError):
        join([])


def test_a_packed_chunk_pickles_to_about_its_columns_bytes() -> None:
    packed = pack(_chunk(0, 10_000))
    assert isinstance(packed, Columns) and packed.rows == 10_000
    # 8 + 8 + 1 + 1 + 1 bytes a row, and a fixed header
    assert len(pickle.dumps(packed, protocol=5)) < packed.nbytes + 2_000
    _assert_same(pickle.loads(pickle.dumps(packed)).frame(), _chunk(0, 10_000))


def _slow(columns, start, stop):
    total = 0.0
    for value in columns["x"]:          # about a microsecond a point, in Python
        total += value ** 0.5
    return pd.DataFrame({"x": columns["x"]}, index=pd.RangeIndex(start, stop))


def _columns_of_x(width):
    def metric(columns, start, stop):
        return pd.DataFrame({f"x{k}": columns["x"] for k in range(width)},
                            index=pd.RangeIndex(start, stop))
    return metric


def test_a_cheap_metric_gets_chunks_bounded_by_their_tables_bytes() -> None:
    design = Grid({"x": np.arange(3_000_000, dtype=float)})
    for width in (1, 64, 2_000):       # a first call's one-off costs are not the metric's
        _columns_of_x(width)(design.chunk(0, 16), 0, 16)
    # one float column: 8 bytes a point count as 16, so up to 4 Mi points a chunk: the
    # chunks are as the metric's cost makes them (at most four a worker), past 100,000
    size, _, _ = measured_chunk_size(_columns_of_x(1), design, 2, "dask")
    assert 100_000 < size <= 4 * 2**20
    # 64 float columns: 512 bytes a point, so at most 64 MiB / 512 = 131,072 points, in a
    # number of chunks the two workers share evenly
    for width, most in ((64, 131_072), (2_000, 4_194)):       # 2,000 columns: 16,000 bytes
        size, probed, _ = measured_chunk_size(_columns_of_x(width), design, 2, "dask")
        chunks = -(-(design.size - probed) // size)
        assert 0.95 * most <= size <= most and chunks % 2 == 0, (width, size)


def _twenty_microseconds_a_point(columns, start, stop):
    time.sleep(20e-6 * (stop - start))
    return pd.DataFrame({"x": columns["x"]}, index=pd.RangeIndex(start, stop))


def test_an_expensive_metric_gets_chunks_of_at_most_two_seconds() -> None:
    # 20 us a point: two seconds are 100,000 points at most (fewer: the probe's calls cost
    # a little more than their sleep), where four chunks a worker would be 250,000
    design = Grid({"x": np.arange(2_000_000, dtype=float)})
    size, _, _ = measured_chunk_size(_twenty_microseconds_a_point, design, 2, "processes")
    assert 60_000 <= size <= 100_000


def test_measured_chunks_are_shared_evenly_by_the_workers() -> None:
    design = Grid({"x": np.arange(200_000, dtype=float)})
    size, probed, outcome = measured_chunk_size(_slow, design, 2, "processes")
    chunks = -(-(design.size - probed) // size)
    assert 2 <= chunks and chunks % 2 == 0 and size <= 100_000
    # the probe's calls (on consecutive points, each once) are the run's first chunk
    assert 16 <= probed <= 4096
    pd.testing.assert_frame_equal(join([outcome[0]]), _slow(design.chunk(0, probed), 0, probed),
                                  check_exact=True)
    # a cheap metric on few points: one chunk a worker, not many small ones
    small = Grid({"x": np.arange(10_000, dtype=float)})
    size, probed, _ = measured_chunk_size(_slow, small, 2, "dask")
    assert probed == 4096 and -(-(small.size - probed) // size) == 2
    # on fewer points than the probe takes, the probe is the whole run
    assert measured_chunk_size(_slow, Grid({"x": np.arange(1_000.0)}), 2, "dask")[1] == 1_000
    # the table is the serial one whatever the sizes
    pd.testing.assert_frame_equal(run(_slow, small, backend="processes", workers=2).table,
                                  run(_slow, small).table, check_exact=True)


def _third_call_slow(metric, design, start, stop):
    """A stand-in for the probe's timer: the calls from point 64 on (its third) are slow."""
    return (1.0 if start >= 64 else 0.0), metric(design.chunk(start, stop), start, stop)


def test_the_probe_evaluates_each_point_once_and_stops_at_a_slow_call(monkeypatch) -> None:
    design = Grid({"x": np.arange(100_000, dtype=float)})
    calls: list[tuple[int, int]] = []

    def metric(columns, start, stop):
        calls.append((start, stop))
        return pd.DataFrame({"x": columns["x"]}, index=pd.RangeIndex(start, stop)), \
            {"points": stop - start}

    monkeypatch.setattr(runner, "_timed", _third_call_slow)
    _, probed, (table, _, tallies) = measured_chunk_size(metric, design, 2, "processes")
    assert calls == [(0, 16), (16, 64), (64, 256)] and probed == 256
    assert tallies == {"points": 256}
    pd.testing.assert_frame_equal(join([table]), _slow(design.chunk(0, 256), 0, 256),
                                  check_exact=True)

    # a call that fails after the first: a failed probe (nothing of it kept)
    def failing(columns, start, stop):
        if start > 0:
            raise ValueError("no")
        return metric(columns, start, stop)

    assert measured_chunk_size(failing, design, 2, "processes")[1:] == (0, None)


def test_a_probe_of_a_metric_labelling_rows_from_0_gives_one_calls_table(monkeypatch) -> None:
    # rows labelled from 0 at each call (the run's own docstring example): the probe's
    # calls joined would label them 0-15, 0-47, ...; its chunk is one call's table instead
    design = Grid({"x": np.arange(1_000, dtype=float)})
    calls: list[tuple[int, int]] = []

    def metric(columns, start, stop):
        calls.append((start, stop))
        return pd.DataFrame({"x": columns["x"]}), {"points": stop - start}

    monkeypatch.setattr(runner, "_timed", _third_call_slow)
    _, probed, (table, _, tallies) = measured_chunk_size(metric, design, 2, "processes")
    assert probed == 256 and tallies == {"points": 256}
    assert calls == [(0, 16), (16, 64), (64, 256), (0, 256)]
    pd.testing.assert_frame_equal(join([table]), metric(design.chunk(0, 256), 0, 256)[0],
                                  check_exact=True)
    # the whole design in the probe (every call fast): the run's one chunk is one call's
    monkeypatch.setattr(runner, "_timed", lambda metric, design, start, stop: (
        0.0, metric(design.chunk(start, stop), start, stop)))
    small = Grid({"x": np.arange(40, dtype=float)})
    result = run(metric, small, backend="processes", workers=2, progress=False)
    assert result.chunks == 1 and result.totals == {"points": 40}
    pd.testing.assert_frame_equal(result.table, metric(small.chunk(0, 40), 0, 40)[0],
                                  check_exact=True)


def _where(columns, start, stop):
    _slow(columns, start, stop)
    return pd.DataFrame({"x": columns["x"], "process": os.getpid()},
                        index=pd.RangeIndex(start, stop))


def test_the_probed_points_are_not_computed_again() -> None:
    design = Grid({"x": np.arange(20_000, dtype=float)})
    result = run(_where, design, backend="processes", workers=2)
    table = result.table
    # every point once, in order; the probe's (this process's) points first, then the workers'
    assert table.index.equals(pd.RangeIndex(0, design.size))
    assert np.array_equal(table["x"], design.chunk(0, design.size)["x"])
    here = (table["process"] == os.getpid()).to_numpy()
    probed = int(here.sum())
    assert probed >= 16 and here[:probed].all()
    assert table["process"].nunique() >= 2 and result.chunks == result.computed >= 3


def test_shared_columns_take_chunks_of_the_template_layout_only() -> None:
    shared = SharedColumns(pack(_chunk(0, 10)), 30)
    assert shared.put(pack(_chunk(10, 10)), 10, 20)
    assert not shared.put(pack(_chunk(20, 10)), 0, 10)                 # labelled elsewhere
    assert not shared.put(pack(_chunk(20, 10).astype({"x": "float32"})), 20, 30)
    assert not shared.put(pack(_chunk(20, 11)), 20, 31)                # beyond the rows
    assert not shared.put(_chunk(20, 10).set_index("count"), 20, 30)   # not packed
    _assert_same(shared.take(10, 20).frame(), _chunk(10, 10))
    # joined, chunks covering the rows in order are the shared columns, not a copy
    for start in (0, 20):
        assert shared.put(pack(_chunk(start, 10)), start, start + 10)
    whole = join([shared.take(0, 10), shared.take(10, 25), shared.take(25, 30)])
    _assert_same(whole, _chunk(0, 30))
    assert np.shares_memory(whole["x"].to_numpy(), shared.arrays[0])
    part = join([shared.take(0, 10), shared.take(10, 20)])
    _assert_same(part, _chunk(0, 20))
    assert not np.shares_memory(part["x"].to_numpy(), shared.arrays[0])
    _assert_same(join([shared.take(10, 20), shared.take(0, 10)]),
                 pd.concat([_chunk(10, 10), _chunk(0, 10)]))


@pytest.mark.skipif(not can_name(), reason="named shared memory: Linux's /dev/shm")
def test_a_named_table_is_filled_by_its_pickled_copies_until_released() -> None:
    shared = SharedColumns(pack(_chunk(0, 10)), 30, "named")
    segment = Path("/dev/shm", shared.name)
    copy = pickle.loads(pickle.dumps(shared))       # what a Dask worker gets: a name, a token
    assert len(pickle.dumps(shared)) < 2_000 and copy.arrays is None
    assert copy.put(pack(_chunk(10, 10)), 10, 20) and shared.put(pack(_chunk(0, 10)), 0, 10)
    assert not copy.put(pack(_chunk(20, 10).astype({"x": "float32"})), 20, 30)
    assert copy.put(pack(_chunk(20, 10)), 20, 30)
    whole = join([shared.take(0, 10), shared.take(10, 30)])
    shared.release()
    shared.release()                    # again: nothing (the resource tracker is not told)
    assert not segment.exists()
    _assert_same(whole, _chunk(0, 30))               # the parent's mapping outlives the name
    assert not copy.put(pack(_chunk(10, 10)), 10, 20)   # gone: the chunk is sent back instead
    # a segment of that name but another token (another run's) is not written to
    other = SharedColumns(pack(_chunk(0, 10)), 30, "named")
    impostor = pickle.loads(pickle.dumps(other))
    impostor.token = bytes(16)
    assert not impostor.put(pack(_chunk(10, 10)), 10, 20)
    other.release()
    with pytest.raises(TypeError, match="not pickled"):
        pickle.dumps(SharedColumns(pack(_chunk(0, 10)), 30))


_KILLED_OWNER = """
import os, signal, sys
import numpy as np, pandas as pd
from ica_model.runtime._columnar import SharedColumns, pack
shared = SharedColumns(pack(pd.DataFrame({"x": np.zeros(10)})), 1_000, "named")
print(shared.name, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not can_name(), reason="named shared memory: Linux's /dev/shm")
def test_a_named_table_of_a_killed_process_is_unlinked() -> None:
    done = subprocess.run([sys.executable, "-c", _KILLED_OWNER], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == -9, done.stderr[-2000:]
    segment = Path("/dev/shm", done.stdout.split()[0])
    deadline = time.monotonic() + 30
    while segment.exists() and time.monotonic() < deadline:   # the resource tracker's work
        time.sleep(0.1)
    assert not segment.exists()


def _recording(monkeypatch) -> tuple[list[int], list[Path]]:
    """The rows where this process takes shared chunks, and the segments it makes (other
    tests running beside this one make their own)."""
    taken: list[int] = []
    take = SharedColumns.take
    monkeypatch.setattr(SharedColumns, "take",
                        lambda self, start, stop: taken.append(start) or take(self, start, stop))
    segments: list[Path] = []
    create = _columnar._create_segment
    monkeypatch.setattr(_columnar, "_create_segment", lambda name, size, token: segments.append(
        Path(_columnar._SEGMENTS, name)) or create(name, size, token))
    return taken, segments


@pytest.mark.skipif(not can_name(), reason="named shared memory: Linux's /dev/shm")
def test_a_fork_servers_workers_put_their_tables_in_a_named_table(monkeypatch) -> None:
    taken, segments = _recording(monkeypatch)
    design = Grid({"x": np.arange(30_000, dtype=float)})
    serial = run(_slow, design).table
    # another thread running: the pool's workers come from a fork server, not forked from here
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        result = run(_slow, design, backend="processes", workers=2)
        pd.testing.assert_frame_equal(result.table, serial, check_exact=True)
        assert len(taken) == result.chunks >= 2
        assert len(segments) == 1 and not segments[0].exists()
        # a /dev/shm too small for the table (a container's 64 MiB): the tables are sent
        def full(*args):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "posix_fallocate", full)
        taken.clear()
        result = run(_slow, design, backend="processes", workers=2)
        pd.testing.assert_frame_equal(result.table, serial, check_exact=True)
        assert not taken and len(segments) == 2 and not segments[1].exists()
    finally:
        release.set()
        other.join()


def _fails_late(columns, start, stop):
    if start > 10_000:
        raise ValueError("a late chunk fails")
    return _slow(columns, start, stop)


@pytest.mark.skipif(not can_name(), reason="named shared memory: Linux's /dev/shm")
def test_dask_workers_put_their_tables_in_a_named_table(monkeypatch) -> None:
    distributed = pytest.importorskip("distributed")
    taken, segments = _recording(monkeypatch)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None,
                                       scheduler_kwargs=_LOCAL_SCHEDULER)
    client = distributed.Client(cluster, set_as_default=False)
    try:
        design = Grid({"x": np.arange(30_000, dtype=float)})
        result = run(_slow, design, client=client)
        pd.testing.assert_frame_equal(result.table, run(_slow, design).table, check_exact=True)
        assert len(taken) == result.chunks >= 2          # every chunk, the probe's too
        with pytest.raises(ValueError, match="a late chunk fails"):
            run(_fails_late, design, client=client)
    finally:
        client.close()
        cluster.close()
    assert len(segments) == 2 and not any(segment.exists() for segment in segments)


def _changing(columns, start, stop):
    """A metric whose chunks after the first change a column's dtype."""
    _slow(columns, start, stop)
    x = columns["x"] if start == 0 else columns["x"].astype(np.float32)
    return pd.DataFrame({"x": x}, index=pd.RangeIndex(start, stop))


def test_a_serial_run_puts_its_chunks_in_one_table(monkeypatch) -> None:
    taken, _ = _recording(monkeypatch)
    design = Grid({"x": np.arange(30_000, dtype=float)})
    for metric, shared in ((_slow, 5), (_changing, 1)):
        taken.clear()
        result = run(metric, design, chunk_size=7_000)
        expected = pd.concat([metric(design.chunk(start, min(start + 7_000, design.size)),
                                     start, min(start + 7_000, design.size))
                              for start in range(0, design.size, 7_000)])
        pd.testing.assert_frame_equal(result.table, expected, check_exact=True)
        # every chunk into one table; a chunk whose layout changed is joined as before
        assert len(taken) == shared and result.chunks == 5
    # the table is this process's own memory: a process forked later writes to its copy
    result = run(_slow, design, chunk_size=7_000)
    child = os.fork()
    if child == 0:                                     # pragma: no cover - the child
        column = result.table["x"].to_numpy()
        column.setflags(write=True)
        column[0] = -1.0
        os._exit(0)
    os.waitpid(child, 0)
    assert result.table["x"].iloc[0] == 0.0


def _counted(columns, start, stop):
    """A metric that tallies its points and turns float32 from point 2,000 on."""
    x = columns["x"] if start < 2_000 else columns["x"].astype(np.float32)
    return pd.DataFrame({"x": x}, index=pd.RangeIndex(start, stop)), {"points": stop - start}


def test_a_large_shared_chunk_is_evaluated_in_pieces() -> None:
    design = Grid({"x": np.arange(5_000, dtype=float)})
    shared = SharedColumns(pack(_slow(design.chunk(0, 10), 0, 10)), design.size)
    calls: list[tuple[int, int]] = []

    def metric(columns, start, stop):
        calls.append((start, stop))
        return _slow(columns, start, stop)

    outcome = runner._execute(metric, design, 1, 500, 4_000, None, shared, piece=1_000)
    assert calls == [(500, 1_500), (1_500, 2_500), (2_500, 3_500), (3_500, 4_000)]
    assert outcome[0] == InShared(500, 4_000)
    _assert_same(shared.take(500, 4_000).frame(), _slow(design.chunk(500, 4_000), 500, 4_000))
    # a piece of another layout: the chunk's whole table comes back, the tallies summed
    # once; the pieces put before it (not kept) are evaluated again, in one call
    counted_calls: list[tuple[int, int]] = []

    def counted(columns, start, stop):
        counted_calls.append((start, stop))
        return _counted(columns, start, stop)

    table, _, tallies = runner._execute(counted, design, 1, 500, 4_000, None, shared,
                                        piece=1_000)
    assert counted_calls == [(500, 1_500), (1_500, 2_500), (2_500, 3_500), (3_500, 4_000),
                             (500, 2_500)]
    expected = pd.concat([_counted(design.chunk(a, min(a + 1_000, 4_000)), a,
                                   min(a + 1_000, 4_000))[0] for a in range(500, 4_000, 1_000)])
    _assert_same(table.frame(), expected)
    assert tallies == {"points": 3_500}
    # rows labelled from 0 at each call (a default index): not what the shared table takes,
    # so the chunk is evaluated in one call, its labels as without a shared table
    def unlabelled(columns, start, stop):
        return pd.DataFrame({"x": columns["x"]})

    table = runner._execute(unlabelled, design, 1, 500, 4_000, None, shared, piece=1_000)[0]
    _assert_same(table.frame(), unlabelled(design.chunk(500, 4_000), 500, 4_000))
    # without pieces: one call
    calls.clear()
    runner._execute(metric, design, 1, 500, 4_000, None, shared)
    assert calls == [(500, 4_000)]


#: Run in a fresh interpreter: the pool forks (and shares its tables) only while the process
#: runs no other thread, and earlier tests may have left some (a Dask cluster's).
_SHARING = """
import json, sys
import numpy as np, pandas as pd
sys.path.insert(0, sys.argv[1])
from test_columnar import _changing, _slow
from ica_model.runtime import Grid, _columnar, run
from ica_model.runtime._columnar import SharedColumns
taken = []
take = SharedColumns.take
def counted(self, start, stop):    # the parent takes each chunk a worker shared
    taken.append(start)
    return take(self, start, stop)
SharedColumns.take = counted
design = Grid({"x": np.arange(30_000, dtype=float)})
report = {}
for metric in (_slow, _changing):
    taken.clear()
    result = run(metric, design, backend="processes", workers=2)
    pd.testing.assert_frame_equal(result.table, run(metric, design).table, check_exact=True)
    report[metric.__name__] = [len(taken), result.chunks]
print(json.dumps(report))
"""


def test_forked_workers_share_their_tables_or_send_them() -> None:
    done = subprocess.run([sys.executable, "-c", _SHARING, str(Path(__file__).parent)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.splitlines()[-1])
    # every chunk is shared (the probe's, computed in the parent, too) ...
    taken, chunks = report["_slow"]
    assert taken == chunks >= 3
    # ... unless its layout changed: only the probe's then
    taken, chunks = report["_changing"]
    assert taken == 1 and chunks >= 3


def _doubled(columns, start, stop):
    """Two rows a point: not what the shared columns hold."""
    _slow(columns, start, stop)
    x = np.repeat(columns["x"], 2)
    return pd.DataFrame({"x": x}, index=pd.RangeIndex(2 * start, 2 * stop))


def test_a_metric_of_several_rows_a_point_sends_its_tables(monkeypatch) -> None:
    design = Grid({"x": np.arange(30_000, dtype=float)})
    monkeypatch.setattr(SharedColumns, "__init__", None)        # never made
    result = run(_doubled, design, backend="processes", workers=2)
    pd.testing.assert_frame_equal(result.table, run(_doubled, design).table, check_exact=True)
    assert len(result.table) == 60_000 and result.chunks >= 3


@dataclasses.dataclass(frozen=True)
class _TaggedGrid(Grid):
    tag: str = "untagged"


def test_a_grid_pickles_its_fields_not_its_arrays() -> None:
    grid = _TaggedGrid({"x": [0.0, 1.0, 2.0]}, tag="mine")
    before = pickle.dumps(grid)
    grid.chunk(0, 2)                                  # makes the arrays
    assert pickle.dumps(grid) == before               # a folder's fingerprint is unchanged
    copy = pickle.loads(before)
    assert copy == grid and copy.tag == "mine"
    assert copy.chunk(1, 3)["x"].tolist() == [1.0, 2.0]
