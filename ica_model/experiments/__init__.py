"""The experiments of MODEL.md §6: each writes tidy data (CSV) and figures (PNG, SVG).

Every experiment module has a ``TITLE`` and ``run(out, quick=False, seed=0)``, which
writes its files into the folder ``out`` and returns their paths. Run them with
:func:`run_experiment`, the ``ica-model run`` command, or the scripts in ``experiments/``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

__all__ = ["EXPERIMENTS", "experiment", "run_experiment"]

#: Experiment names, in the order ``run all`` runs them.
EXPERIMENTS = (
    "intervention_sweep",
    "group_size",
    "phase_portraits",
    "mix_heatmaps",
    "g60_timeline",
    "yangtze_river_delta",
    "agreements_compensation",
    "follow_up_strategies",
    "sensitivity",
)


def experiment(name: str) -> ModuleType:
    """The module of experiment ``name``.

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`EXPERIMENTS`.
    """
    if name not in EXPERIMENTS:
        raise ValueError(f"unknown experiment {name!r}; choose one of: {', '.join(EXPERIMENTS)}")
    return importlib.import_module(f"{__name__}.{name}")


def run_experiment(name: str, out: str | Path = "results", quick: bool = False,
                   seed: int = 0) -> list[Path]:
    """Run one experiment, writing into ``out/name/``; return the paths written.

    Parameters
    ----------
    name : str
        One of :data:`EXPERIMENTS`.
    out : path
        Parent folder; created if needed.
    quick : bool
        Coarse grids and few draws (seconds; for tests).
    seed : int
        Seeds every random draw; the same seed gives the same files.
    """
    module = experiment(name)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    folder = Path(out) / name
    folder.mkdir(parents=True, exist_ok=True)
    return module.run(folder, quick=quick, seed=seed)
