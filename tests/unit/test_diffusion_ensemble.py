"""Diffusion ensembles on the runner: the same for any chunking and backend, resumable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ica_model.diffusion import china_network, ensemble
from ica_model.diffusion.model import heterogeneous_parameters

NETWORK = china_network("provinces")
PARAMETERS = heterogeneous_parameters(NETWORK.size, 1)


def test_the_ensemble_is_the_same_for_any_chunking_and_backend() -> None:
    one = ensemble(NETWORK, PARAMETERS, periods=30, replicates=18, seed=3, chunk_size=18)
    assert one.equals(ensemble(NETWORK, PARAMETERS, periods=30, replicates=18, seed=3,
                               chunk_size=4))
    assert one.equals(ensemble(NETWORK, PARAMETERS, periods=30, replicates=18, seed=3,
                               chunk_size=5, backend="processes", workers=2))
    assert one["replicate"].tolist() == list(range(18))


def test_the_ensemble_is_the_same_on_dask() -> None:
    distributed = pytest.importorskip("distributed")
    one = ensemble(NETWORK, PARAMETERS, periods=30, replicates=12, seed=3, chunk_size=12)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = ensemble(NETWORK, PARAMETERS, periods=30, replicates=12, seed=3,
                           chunk_size=5, client=client)
    assert on_dask.equals(one)


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
    resumed = ensemble(NETWORK, PARAMETERS, periods=30, replicates=400, seed=3, chunk_size=1,
                       out=folder)
    whole = ensemble(NETWORK, PARAMETERS, periods=30, replicates=400, seed=3, chunk_size=50)
    assert resumed.equals(whole)
