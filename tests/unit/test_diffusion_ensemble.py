"""Diffusion ensembles on the runner: the same table for any chunking or backend, equal to
one simulate_diffusion() call, and a stopped ensemble resumes by chunk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ica_model.diffusion import china_network, ensemble, simulate_diffusion
from ica_model.diffusion import ensembles as ensemble_module
from ica_model.diffusion.model import heterogeneous_parameters
from ica_model.runtime import read_parts
from ica_model.runtime.dask import _LOCAL_SCHEDULER

NETWORK = china_network("provinces")
PARAMETERS = heterogeneous_parameters(NETWORK.size, 1)


def test_backends_and_chunkings_give_one_table_equal_to_simulate() -> None:
    serial = ensemble(NETWORK, periods=25, replicates=12, seed=3, chunk_size=12)
    for table in (ensemble(NETWORK, periods=25, replicates=12, seed=3, chunk_size=5),
                  ensemble(NETWORK, periods=25, replicates=12, seed=3, chunk_size=4,
                           backend="processes", workers=2)):
        pd.testing.assert_frame_equal(serial, table, check_exact=True)
    direct = simulate_diffusion(NETWORK, periods=25, replicates=12, seed=3)
    np.testing.assert_array_equal(serial["adopted"].to_numpy(), direct.adopted[:, -1])
    np.testing.assert_array_equal(serial["mode_competition-expansion"].to_numpy(),
                                  direct.modes[:, -1, 4])


def test_a_stopped_ensemble_resumes_by_chunk(tmp_path, monkeypatch) -> None:
    real = ensemble_module._summaries
    calls = []

    def stop_at_third(*args):
        calls.append(args[-2])
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(ensemble_module, "_summaries", stop_at_third)
    with pytest.raises(KeyboardInterrupt):
        ensemble(NETWORK, periods=20, replicates=10, seed=2, chunk_size=2, out=tmp_path)
    resumed = []

    def count(*args):
        resumed.append(args[-2])
        return real(*args)

    monkeypatch.setattr(ensemble_module, "_summaries", count)
    with pytest.raises(ValueError, match="missing chunks 2, 3, 4"):
        read_parts(tmp_path)
    ensemble(NETWORK, periods=20, replicates=10, seed=2, chunk_size=2, out=tmp_path)
    assert resumed == [4, 6, 8]                  # only the missing chunks are computed
    pd.testing.assert_frame_equal(read_parts(tmp_path)[0],
                                  ensemble(NETWORK, periods=20, replicates=10, seed=2),
                                  check_exact=True)
    assert calls[:2] == [0, 2]                  # chunks 0 and 1 ran before the stop


def test_the_ensemble_is_the_same_on_dask() -> None:
    distributed = pytest.importorskip("distributed")
    one = ensemble(NETWORK, PARAMETERS, periods=30, replicates=12, seed=3, chunk_size=12)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None,
                                  scheduler_kwargs=_LOCAL_SCHEDULER) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = ensemble(NETWORK, PARAMETERS, periods=30, replicates=12, seed=3,
                           chunk_size=5, client=client)
    assert on_dask.reset_index(drop=True).equals(one.reset_index(drop=True))


def test_a_killed_ensemble_resumes_from_its_parts(tmp_path: Path) -> None:
    folder = tmp_path / "ensemble"
    code = ("from ica_model.diffusion import china_network, ensemble\n"
            "from ica_model.diffusion.model import heterogeneous_parameters\n"
            "n = china_network('provinces')\n"
            f"ensemble(n, heterogeneous_parameters(n.size, 1), periods=30, replicates=400, "
            f"seed=3, chunk_size=1, out={str(folder)!r})\n")
    child = subprocess.Popen([sys.executable, "-c", code], env=os.environ.copy())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(folder.glob("part-*.parquet"))) < 3:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    finished = len(list(folder.glob("part-*.parquet")))
    if finished >= 400:
        pytest.skip("the child finished before it was killed")
    assert finished >= 3
    resumed = read_parts(ensemble(NETWORK, PARAMETERS, periods=30, replicates=400, seed=3,
                                  chunk_size=1, out=folder))[0]
    whole = ensemble(NETWORK, PARAMETERS, periods=30, replicates=400, seed=3, chunk_size=50)
    assert resumed.reset_index(drop=True).equals(whole.reset_index(drop=True))
