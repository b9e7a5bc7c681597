"""Ensembles of diffusions run by :func:`ica_model.runtime.run`: one row per replicate.

The design is the replicates' indices (:class:`ica_model.runtime.designs.Indices`); replicate
:math:`r` draws its numbers from ``SeedSequence(seed, spawn_key=(r,))``
(:func:`~ica_model.diffusion.model.run_chunk`), so the table is the same for any chunking,
backend or number of workers, and an ensemble streamed to a folder with ``out=`` resumes
chunk by chunk after a crash or a killed worker.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .._validation import check_int, check_size
from ..runtime.designs import Indices
from ..runtime.runner import run
from .model import MODES, DiffusionParameters, run_chunk
from .network import Network

__all__ = ["ensemble"]


def _summaries(network: Network, parameters: DiffusionParameters, periods: int, seed: int,
               columns: Mapping[str, np.ndarray], start: int, stop: int) -> Any:
    """The ensemble's metric: each replicate's last period and when half had adopted."""
    import pandas as pd

    result = run_chunk(network, parameters, periods, seed, start, stop)
    adopted = result.adopted
    reached = adopted >= 0.5
    frame = pd.DataFrame({
        "replicate": columns["replicate"],
        "adopted": adopted[:, -1],
        "following": result.stages[:, -1, 1],
        "advanced": result.stages[:, -1, 2],
        **{f"mode_{mode}": result.modes[:, -1, k] for k, mode in enumerate(MODES)},
        "half_adopted_period": np.where(reached.any(axis=1), reached.argmax(axis=1), -1),
        "promoted": result.promoted[:, -1],
        "national_integration": result.national_integration[:, -1]})
    frame.index = pd.RangeIndex(start, stop)
    return frame


def ensemble(network: Network, parameters: DiffusionParameters | None = None,
             periods: int = 120, replicates: int = 1000, seed: int = 0, *,
             chunk_size: int | None = None, backend: str = "serial",
             workers: int | None = None, client: Any = None, out: str | Path | None = None,
             progress: bool | None = None) -> Any:
    """Run ``replicates`` diffusions on the runner; one row per replicate.

    Parameters
    ----------
    network, parameters, periods, seed
        As for :func:`~ica_model.diffusion.model.simulate_diffusion`.
    replicates : int
        At most 10**9.
    chunk_size, backend, workers, client, out, progress
        As for :func:`ica_model.runtime.run`: replicates per chunk, ``"serial"``,
        ``"processes"`` or ``"dask"``, Parquet parts in ``out`` (then the folder is
        returned; the same call resumes an unfinished folder).

    Returns
    -------
    pandas.DataFrame or pathlib.Path
        Columns ``replicate``, ``adopted``, ``following``, ``advanced`` (shares at the last
        period), ``mode_<mode>`` for each of :data:`~ica_model.diffusion.model.MODES`,
        ``half_adopted_period`` (first period with half adopted; -1 if never),
        ``promoted`` and ``national_integration`` (last period).

    Examples
    --------
    >>> from ica_model.diffusion import china_network
    >>> table = ensemble(china_network("provinces"), periods=30, replicates=4, seed=1,
    ...                  chunk_size=3)
    >>> len(table), bool(table["adopted"].between(0, 1).all())
    (4, True)
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {type(network).__name__}")
    parameters = DiffusionParameters() if parameters is None else parameters
    if not isinstance(parameters, DiffusionParameters):
        raise TypeError(f"parameters must be DiffusionParameters, got {type(parameters).__name__}")
    periods = check_int("periods", periods, 1, 10**5)
    seed = check_int("seed", seed, 0)
    # the table holds one row of 12 numbers per replicate, twice while its parts are joined
    design = Indices(check_size("replicates", replicates, bytes_each=2 * 12 * 8), "replicate")
    from .. import __version__

    result = run(functools.partial(_summaries, network, parameters, periods, seed), design,
                 chunk_size=chunk_size, backend=backend, workers=workers, client=client,
                 out=out, progress=progress, desc="diffusion ensemble", unit="run",
                 identity=("diffusion ensemble", __version__, network, parameters, periods,
                           seed))
    return result.folder if out is not None else result.table
