"""Ensembles of diffusions on the runner: many replicates, any backend, resumable.

An ensemble's design is the replicate index; its metric runs a chunk of replicates
(:func:`~ica_model.diffusion.model.run_chunk`, whose replicate :math:`r` takes its randomness
from ``SeedSequence(seed, spawn_key=(r,))`` alone) and keeps one row of summaries per
replicate. Through :func:`ica_model.runtime.runner.run` the ensemble is therefore the same for
any chunking, backend (serial, processes, Dask) or worker count, and with ``out=`` each
finished chunk is a Parquet part: a run killed midway resumes from its manifest, computing
only the missing chunks.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_int
from .model import MODES, DiffusionParameters, run_chunk
from .network import Network

__all__ = ["ensemble"]

#: Replicates of a county-level run that fit in one chunk's memory budget (about 0.5 GiB).
_CHUNK_BYTES = 2**29


def _summaries(network: Network, parameters: DiffusionParameters, periods: int, seed: int,
               columns: Mapping[str, np.ndarray], start: int, stop: int) -> pd.DataFrame:
    """One row per replicate ``start`` to ``stop - 1``: final shares adopted and by mode,
    and the first period at which half the governments had adopted (−1: never)."""
    run = run_chunk(network, parameters, periods, seed, start, stop)
    adopted = run.adopted                                  # (replicates, periods + 1)
    half = np.where((adopted >= 0.5).any(axis=1), np.argmax(adopted >= 0.5, axis=1), -1)
    table = {"replicate": np.arange(start, stop), "adopted": adopted[:, -1],
             "half_adopted_period": half}
    table |= {f"mode:{mode}": run.modes[:, -1, k] for k, mode in enumerate(MODES)}
    return pd.DataFrame(table)


def ensemble(network: Network, parameters: DiffusionParameters | None = None,
             periods: int = 120, replicates: int = 1000, seed: int = 0, *,
             chunk_size: int | None = None, backend: str = "serial",
             workers: int | None = None, client: Any = None, out: Any = None,
             progress: bool | None = None) -> pd.DataFrame:
    """Summaries of ``replicates`` diffusions, one row per replicate, run on the runner.

    Parameters
    ----------
    network : Network
    parameters : DiffusionParameters, optional
    periods, replicates, seed : int
    chunk_size : int, optional
        Replicates per chunk (default: as many as fit in about 0.5 GiB of a chunk's arrays).
    backend, workers, client, out, progress
        As :func:`ica_model.runtime.runner.run`: ``out`` streams each chunk to a Parquet
        part in that folder, and a later call with the same arguments resumes it.

    Returns
    -------
    pandas.DataFrame
        ``replicate``, ``adopted`` (final share), ``half_adopted_period``, and
        ``mode:<mode>`` (final share of each of :data:`~ica_model.diffusion.MODES`).

    Examples
    --------
    >>> from ica_model.diffusion import china_network
    >>> table = ensemble(china_network("provinces"), periods=20, replicates=6, seed=1,
    ...                  chunk_size=4)
    >>> len(table), list(table.columns[:3])
    (6, ['replicate', 'adopted', 'half_adopted_period'])
    """
    from ..runtime.designs import Grid
    from ..runtime.parts import read_parts
    from ..runtime.runner import run

    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {type(network).__name__}")
    parameters = DiffusionParameters() if parameters is None else parameters
    if not isinstance(parameters, DiffusionParameters):
        raise TypeError(f"parameters must be DiffusionParameters, got "
                        f"{type(parameters).__name__}")
    periods = check_int("periods", periods, 1, 10**5)
    replicates = check_int("replicates", replicates, 1, 10**7)
    seed = check_int("seed", seed, 0, 2**63 - 1)
    if chunk_size is None:
        chunk_size = max(1, min(replicates, _CHUNK_BYTES // (8 * 20 * network.size
                                                            + 80 * (periods + 1))))
    metric = functools.partial(_summaries, network, parameters, periods, seed)
    identity = ("diffusion ensemble", network, parameters, periods, seed)
    result = run(metric, Grid({"replicate": np.arange(replicates, dtype=float).tolist()}),
                 chunk_size=chunk_size, backend=backend, workers=workers, client=client,
                 out=out, identity=identity, progress=progress, desc="diffusion ensemble",
                 unit="run")
    if result.table is not None:
        table = result.table
    else:
        assert result.folder is not None       # out= was given
        table = read_parts(result.folder)[0]
    return table.reset_index(drop=True)
