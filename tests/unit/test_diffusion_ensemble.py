"""Diffusion ensembles on the runner: the same table for any chunking or backend, equal to
one simulate() call, and a stopped ensemble resumes by chunk."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ica_model.diffusion import china_network, ensemble, simulate
from ica_model.diffusion import ensembles as ensemble_module
from ica_model.runtime import read_parts

NETWORK = china_network("provinces")


def test_backends_and_chunkings_give_one_table_equal_to_simulate() -> None:
    serial = ensemble(NETWORK, periods=25, replicates=12, seed=3, chunk_size=12)
    for table in (ensemble(NETWORK, periods=25, replicates=12, seed=3, chunk_size=5),
                  ensemble(NETWORK, periods=25, replicates=12, seed=3, chunk_size=4,
                           backend="processes", workers=2)):
        pd.testing.assert_frame_equal(serial, table, check_exact=True)
    direct = simulate(NETWORK, periods=25, replicates=12, seed=3)
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
