"""Sweeps: agreement with the per-point solvers, determinism across backends, streaming."""

from __future__ import annotations

import contextlib
import dataclasses

import numpy as np
import pandas as pd
import pytest

from ica_model import (
    Intervention,
    TokenCompliance,
    pure_equilibria,
    pure_equilibria_by_counts,
    symmetric_game,
)
from ica_model.analysis.sweeps import read_sweep, sweep
from ica_model.cases import g60, symmetric
from ica_model.model.payoffs import scenario_game
from ica_model.runtime import Grid, RandomSample
from ica_model.runtime.dask import _LOCAL_SCHEDULER


def test_closed_form_regimes_match_the_count_solver() -> None:
    """Every regime of the closed form agrees with brute-force pure equilibria by counts."""
    points = Grid({"authority": np.linspace(0, 1, 11), "incentive": [0.0, 0.6],
                   "group_size": [3, 9, 25]})
    table = sweep(symmetric(), points)
    assert set(table["regime"]) >= {"full cooperation", "neither"}
    for row in table.itertuples():
        scenario = symmetric(int(row.group_size))
        counts = pure_equilibria_by_counts(symmetric_game(
            scenario, Intervention(authority=row.authority, incentive=row.incentive)), 0.0)
        n = int(row.group_size)
        assert row.full_cooperation == any(r[0] == n for r in counts)
        assert row.no_cooperation == any(r[0] == 0 and r[2] == 0 for r in counts)


def test_pure_equilibria_sweep_matches_the_solver_point_by_point() -> None:
    points = RandomSample({"authority": (0, 1), "incentive": (0, 1), "negotiation_cost": (0, 0.2),
                           "demand.7": (0.2, 2.0), "preference": (0.3, 0.7)}, size=12, rng=5)
    table = sweep(g60(), points, chunk_size=5)
    assert list(table.index) == list(range(12))
    for row in table.to_dict("records"):
        scenario = g60()
        actors = list(scenario.actors)
        actors = [dataclasses.replace(a, preference=row["preference"]) for a in actors]
        actors[7] = dataclasses.replace(actors[7], demand=row["demand.7"])
        scenario = dataclasses.replace(scenario, actors=tuple(actors)).with_values(
            negotiation_cost=row["negotiation_cost"])
        result = pure_equilibria(scenario_game(scenario, Intervention(authority=row["authority"],
                                                            incentive=row["incentive"])))
        cooperators = [int((np.array(eq.profile) == 0).sum()) for eq in result.equilibria]
        assert row["equilibria"] == len(result.equilibria)
        assert row["full_cooperation"] == ((0,) * 9 in {eq.profile for eq in result.equilibria})
        assert row["most_cooperators"] == (max(cooperators) if cooperators else -1)
        assert row["fewest_cooperators"] == (min(cooperators) if cooperators else -1)


def test_random_sample_does_not_depend_on_chunking() -> None:
    sample = RandomSample({"authority": (0, 1), "negotiation_cost": (0, 0.3)}, size=200_000,
                          rng=3)
    whole = sample.chunk(0, 200_000)
    pieces = [sample.chunk(a, b) for a, b in [(0, 70_000), (70_000, 131_073), (131_073, 200_000)]]
    for name in sample.names:
        np.testing.assert_array_equal(whole[name], np.concatenate([p[name] for p in pieces]))
    assert RandomSample({"authority": (0, 1)}, 10, rng=4).chunk(0, 10)["authority"].tolist() != \
        RandomSample({"authority": (0, 1)}, 10, rng=5).chunk(0, 10)["authority"].tolist()


def test_designs_take_numpy_integers_and_refuse_what_they_cannot_hold() -> None:
    assert RandomSample({"authority": (0, 1)}, size=np.int64(5)).size == 5
    assert type(RandomSample({"authority": (0, 1)}, size=np.int64(5)).size) is int
    with pytest.raises(ValueError, match=r"size must be an integer in \[1, 4611686018427387904\]"):
        RandomSample({"authority": (0, 1)}, size=2**63)
    with pytest.raises(TypeError, match="size must be an integer"):
        RandomSample({"authority": (0, 1)}, size=5.0)
    with pytest.raises(ValueError, match=r"axes\['authority'\] must be one-dimensional"):
        Grid({"authority": [[0.0, 0.5], [1.0, 0.2]]})


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None,
                                       scheduler_kwargs=_LOCAL_SCHEDULER)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_same_seed_same_results_on_every_backend(dask_client) -> None:
    scenario = dataclasses.replace(g60(), token=TokenCompliance(enabled=False))
    points = RandomSample({"authority": (0, 1), "incentive": (0, 1)}, size=300, rng=11)
    serial = sweep(scenario, points, chunk_size=70)
    processes = sweep(scenario, points, chunk_size=70, backend="processes", workers=2)
    on_dask = sweep(scenario, points, chunk_size=70, client=dask_client)
    pd.testing.assert_frame_equal(serial, processes)
    pd.testing.assert_frame_equal(serial, on_dask)
    homogeneous = RandomSample({"authority": (0, 1), "group_size": (2, 2)}, size=5000, rng=1)
    pd.testing.assert_frame_equal(sweep(symmetric(), homogeneous, chunk_size=999),
                                  sweep(symmetric(), homogeneous, chunk_size=999,
                                        client=dask_client))


def test_nine_cities_give_one_table_whatever_the_backend_workers_and_chunks(dask_client) -> None:
    """With token compliance: the default chunking of each backend, one and two processes,
    and chunks that split the sample unevenly all give the serial table, bit for bit."""
    points = RandomSample({"authority": (0, 1), "incentive": (0, 1), "demand.2": (0.5, 2.0)},
                          size=60, rng=4)
    serial = sweep(g60(), points)
    for table in (sweep(g60(), points, backend="processes", workers=1),
                  sweep(g60(), points, backend="processes", workers=2),
                  sweep(g60(), points, backend="processes", workers=2, chunk_size=7),
                  sweep(g60(), points, client=dask_client),
                  sweep(g60(), points, client=dask_client, chunk_size=13)):
        pd.testing.assert_frame_equal(serial, table, check_exact=True)


def test_dask_backend_keeps_its_local_cluster_for_the_next_sweeps() -> None:
    """Without client=, the first sweep starts a local cluster and the next ones run on it
    (the same table each time); another worker count replaces it; closing it stops it."""
    pytest.importorskip("distributed")
    from ica_model.runtime.dask import close_local_dask_cluster, local_dask_client

    points = RandomSample({"authority": (0, 1), "incentive": (0, 1)}, size=40, rng=2)
    serial = sweep(g60(), points)
    try:
        first = sweep(g60(), points, backend="dask", workers=2)
        client = local_dask_client(2)
        second = sweep(g60(), points, backend="dask", workers=2)
        assert local_dask_client(2) is client and len(client.scheduler_info()["workers"]) == 2
        pd.testing.assert_frame_equal(serial, first, check_exact=True)
        pd.testing.assert_frame_equal(serial, second, check_exact=True)
        pd.testing.assert_frame_equal(serial, sweep(g60(), points, backend="dask", workers=1),
                                      check_exact=True)
        assert client.status != "running"                     # replaced by a 1-worker cluster
        assert len(local_dask_client(1).scheduler_info()["workers"]) == 1
    finally:
        close_local_dask_cluster()
    assert client.status != "running"
    close_local_dask_cluster()                                 # nothing left: does nothing


def test_the_local_cluster_takes_a_free_port_quietly() -> None:
    """Dask's default HTTP port taken (another session's cluster): the local cluster starts
    without a warning, its scheduler's HTTP server on a free port of this machine only."""
    import socket
    import warnings

    pytest.importorskip("distributed")
    from ica_model.runtime.dask import close_local_dask_cluster, local_dask_client

    with socket.socket() as taken:
        with contextlib.suppress(OSError):                 # already taken: as good
            taken.bind(("127.0.0.1", 8787))
            taken.listen()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                client = local_dask_client(1)
            address = client.cluster.scheduler.http_server.address
            assert address == "127.0.0.1"
        finally:
            close_local_dask_cluster()


def test_process_pool_forks_only_when_no_other_thread_runs(monkeypatch) -> None:
    """Forking a process that runs other threads can leave a worker holding a lock: then
    the pool's workers come from a fork server, with the same table."""
    import sys
    import threading

    from ica_model.runtime.runner import _pool_context

    if not sys.platform.startswith("linux"):
        pytest.skip("the fork and fork-server start methods are chosen on Linux")
    points = RandomSample({"authority": (0, 1), "incentive": (0, 1)}, size=30, rng=5)
    serial = sweep(g60(), points)
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()
    try:
        assert _pool_context().get_start_method() == "forkserver"
        pd.testing.assert_frame_equal(serial, sweep(g60(), points, backend="processes",
                                                    workers=2), check_exact=True)
    finally:
        stop.set()
        waiting.join()
    # alone (other tests' Dask clients may still run threads here, so the count is set)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert _pool_context().get_start_method() == "fork"
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert _pool_context().get_start_method() == "forkserver"


def test_streaming_to_parquet_round_trips(tmp_path) -> None:
    points = Grid({"authority": np.linspace(0, 1, 50), "group_size": np.arange(2, 42)})
    folder = sweep(symmetric(), points, chunk_size=300, out=tmp_path / "sweep")
    assert len(list(folder.glob("part-*.parquet"))) == 7  # 2,000 points in chunks of 300
    pd.testing.assert_frame_equal(read_sweep(folder), sweep(symmetric(), points))


def test_interrupted_sweep_stops_cleanly(tmp_path, monkeypatch) -> None:
    from ica_model.analysis import sweeps

    calls = {"n": 0}
    real = sweeps._evaluate

    def interrupt_on_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(sweeps, "_evaluate", interrupt_on_third)
    points = Grid({"authority": np.linspace(0, 1, 100)})
    with pytest.raises(KeyboardInterrupt):
        sweep(symmetric(), points, chunk_size=20, out=tmp_path)
    parts = sorted(tmp_path.glob("part-*.parquet"))
    assert len(parts) == 2  # the two finished chunks are complete and readable
    with pytest.raises(ValueError, match=r"unfinished: 2 of 5 chunks .*missing chunks 2, 3, 4"):
        read_sweep(tmp_path)
    assert len(read_sweep(tmp_path, partial=True)) == 40
    assert not list(tmp_path.glob(".*"))  # no temporary file left


def test_streaming_refuses_an_empty_out_and_deletes_only_its_own_parts(tmp_path) -> None:
    from ica_model.runtime.parts import MANIFEST

    points = Grid({"authority": np.linspace(0, 1, 30)})
    with pytest.raises(ValueError, match="out must name a folder, got ''"):
        sweep(symmetric(), points, out="")
    folder = tmp_path / "sweep"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    sweep(symmetric(), points, chunk_size=10, out=folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "notes.txt", "part-00000.parquet", "part-00001.parquet", "part-00002.parquet", MANIFEST]
    # a second sweep into the folder replaces the parts the first one wrote, nothing else
    fewer = Grid({"authority": [0.1, 0.2]})
    sweep(symmetric(), fewer, chunk_size=10, out=folder)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "part-00000.parquet",
                                                        MANIFEST]
    assert (folder / "notes.txt").read_text() == "mine"
    pd.testing.assert_frame_equal(read_sweep(folder), sweep(symmetric(), fewer))
    # parts that no manifest lists are not ours: refused, left alone
    other = tmp_path / "other"
    other.mkdir()
    (other / "part-00007.parquet").write_bytes(b"someone else's")
    with pytest.raises(ValueError, match="holds sweep parts that no sweep manifest lists"):
        sweep(symmetric(), points, out=other)
    assert (other / "part-00007.parquet").read_bytes() == b"someone else's"
    with pytest.raises(ValueError, match="no sweep in"):
        read_sweep(other)


@pytest.mark.parametrize("points,message", [
    (Grid({"authority": [0.5, 1.5]}), r"points\['authority'\] must lie in \[0, 1\], got 1.5"),
    (Grid({"negotiation_cost": [-0.1]}), "negotiation_cost"),
    (Grid({"group_size": [2.5]}), "group_size"),
    (Grid({"demand.12": [1.0]}), "actor index"),
])
def test_bad_sweeps_raise_clear_errors(points, message) -> None:
    scenario = symmetric() if "demand" not in points.names[0] else g60()
    with pytest.raises(ValueError, match=message):
        sweep(scenario, points)


@pytest.mark.parametrize("axes,error,message", [
    ({"authority": [np.nan]}, ValueError, r"axes\['authority'\] must be finite"),
    ({"authority": "0.5"}, TypeError, r"axes\['authority'\] must hold real numbers"),
    ({"authority": [1j]}, TypeError, r"axes\['authority'\] must be a real numeric array"),
    ({"mandate": [0.1]}, ValueError, "points has an unknown parameter 'mandate'"),
    ({"authority": []}, ValueError, r"axes\['authority'\] has no values"),
])
def test_bad_grids_raise_clear_errors(axes, error, message) -> None:
    with pytest.raises(error, match=message):
        sweep(symmetric(), Grid(axes))


def test_sizes_do_not_overflow() -> None:
    axes = {name: np.linspace(0, 1, 2**16) for name in ("authority", "incentive", "information")}
    with pytest.raises(ValueError, match=r"the number of points \(without out=\)=281474976710656"):
        sweep(symmetric(), Grid(axes))
    with pytest.raises(ValueError, match=r"axes span 18446744073709551616 points"):
        Grid(axes | {"standards": np.linspace(0, 1, 2**16)})


def test_bad_arguments_raise_clear_errors() -> None:
    grid = Grid({"authority": [0.1]})
    with pytest.raises(ValueError, match="backend"):
        sweep(symmetric(), grid, backend="spark")
    with pytest.raises(ValueError, match="method"):
        sweep(symmetric(), grid, method="lemke")
    with pytest.raises(ValueError, match="homogeneous"):
        sweep(g60(), grid, method="closed_form")
    with pytest.raises(ValueError, match="chunk_size"):
        sweep(symmetric(), grid, chunk_size=0)
    with pytest.raises(TypeError, match="workers"):
        sweep(symmetric(), grid, workers="2")
    with pytest.raises(ValueError, match=r"ranges\['authority'\] must be finite"):
        RandomSample({"authority": (0, 1, 2)}, 10)
    with pytest.raises(ValueError, match="group_size"):
        sweep(g60(), Grid({"group_size": [3]}))
    with pytest.raises(TypeError, match="Grid or a RandomSample"):
        sweep(symmetric(), {"authority": [0.1]})
    with pytest.raises(ValueError, match="low <= high"):
        RandomSample({"authority": (1, 0)}, 10)
    with pytest.raises(ValueError, match="size"):
        RandomSample({"authority": (0, 1)}, 0)
    with pytest.raises(ValueError, match="no values"):
        Grid({"authority": []})


def test_regime_codes_match_the_string_rule():
    import numpy as np
    import pandas as pd

    from ica_model.analysis.sweeps import REGIME_CATEGORIES, _regime_categorical

    full = np.array([True, True, False, False])
    none = np.array([True, False, True, False])
    regime = _regime_categorical(full, none)
    assert isinstance(regime, pd.Categorical)
    assert list(regime.categories) == list(REGIME_CATEGORIES)
    assert list(regime) == ["both", "full cooperation", "no cooperation", "neither"]


def test_chunks_of_a_large_sweep_take_its_fused_path_with_the_same_numbers() -> None:
    """A sweep of 2,000 points or more evaluates the follower's payoff parts by the fused
    kernels in every chunk, however small: the same table as the numpy parts."""
    pytest.importorskip("numba")
    from ica_model.analysis import sweeps

    columns = RandomSample({"authority": (0, 1), "incentive": (0, 1), "demand": (0.5, 2.0)},
                           size=30, rng=5).chunk(0, 30)
    assert sweeps._metric(g60(), "pure_equilibria", 2_000).args[2] is True
    assert sweeps._metric(g60(), "pure_equilibria", 1_999).args[2] is False
    fused, plain = (sweeps._metric(g60(), "pure_equilibria", size)(columns, 0, 30)
                    for size in (2_000, 30))
    pd.testing.assert_frame_equal(fused, plain, check_exact=True)
