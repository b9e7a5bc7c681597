"""The experiments: each writes tidy data (CSV) and figures (PNG, SVG).

:data:`EXPERIMENTS` is the one registry of experiments: name, title and module, in the
order ``ica-model run all`` runs them. Every experiment module has ``compute`` (the
analysis, returning tables), functions that draw one panel on a given matplotlib ``ax``
and return it, a ``figure`` that assembles them, and ``run(out, quick=False, rng=0)``,
which writes its files into the folder ``out`` and returns their paths. Run an experiment
with :func:`run_experiment`, ``python -m ica_model.experiments NAME`` or ``ica-model run
NAME``.

Examples
--------
>>> from ica_model.experiments import EXPERIMENTS, experiment
>>> list(EXPERIMENTS)[:2]
['intervention_sweep', 'group_size']
>>> experiment("group_size").title
'Group size: the stable window of authority and the critical number of governments'
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING

from .._validation import did_you_mean

if TYPE_CHECKING:
    import numpy as np

__all__ = ["EXPERIMENTS", "Experiment", "experiment", "run_experiment"]


@dataclass(frozen=True)
class Experiment:
    """One experiment of the registry.

    Attributes
    ----------
    name : str
        Its name: the folder it writes into and the argument of ``ica-model run``.
    title : str
        One line saying what it shows.
    module : str
        The module that computes and draws it (imported on first use, so listing the
        experiments imports none of them).
    docs_tables : tuple of str
        Tables (CSV files it writes) that the documentation shows as they are;
        ``ica-model figures`` copies them beside the figures.
    """

    name: str
    title: str
    module: str
    docs_tables: tuple[str, ...] = ()

    def load(self) -> ModuleType:
        """The experiment's module, imported."""
        return importlib.import_module(self.module)


def _register(*entries: tuple[str, ...]) -> Mapping[str, Experiment]:
    return MappingProxyType({name: Experiment(name, title, f"{__name__}.{name}", tuple(tables))
                             for name, title, *tables in entries})


#: The registry: experiment name -> :class:`Experiment`, in the order ``run all`` runs them.
EXPERIMENTS: Mapping[str, Experiment] = _register(
    ("intervention_sweep",
     "Intervention sweep by kind and mix at the G60 bottleneck: margin, robustness, "
     "equilibrium"),
    ("group_size",
     "Group size: the stable window of authority and the critical number of governments"),
    ("phase_portraits", "Phase portraits of the population game with the ESS marked"),
    ("calibration",
     "Calibration: the region where every observed fact holds, and the claims as shares",
     "calibration_claims_table.csv"),
    ("inverted_u",
     "The inverted U at the G60 bottleneck: the balance point, lying flat past it"),
    ("mix_heatmaps", "Standards against mandates at the G60 bottleneck: what the nine do"),
    ("g60_timeline",
     "G60 timeline: launch, pilot, national lists; the cities and the facts' ranges"),
    ("yangtze_river_delta",
     "Yangtze River Delta: no integration, then the central push and its balance point"),
    ("agreements_compensation",
     "Hard against soft agreements, compensation, and pilots at the G60 bottleneck"),
    ("follow_up_strategies",
     "Follow-up strategies of a follower government: competition × capacity"),
    ("sensitivity", "Global sensitivity (Sobol indices) of the full-cooperation margin"),
    ("follow_up_modes",
     "The four follow-up modes among the provinces: paths, and the placement as a share"),
    ("diffusion_china",
     "Diffusion across China: adoption by level, modes by province, mandate against "
     "championship"),
    ("scale_up", "Scale-up: local innovation, national integration and the G60 bottleneck"),
    ("claims_robustness",
     "Claims' shares under alternative priors: which priors each share depends on",
     "claims_robustness.csv"),
    ("claim_boxes",
     "Where each claim holds (PRIM boxes) and which parameters decide it (Shapley effects)"),
    ("g60_dynamics", "G60 over time: each city's path with its state, conditioned on the "
     "history facts"),
    ("yrd_dynamics", "The Yangtze River Delta over time: provincial platforms, then the "
     "central push"),
    ("momentum", "Political momentum in a district: no automatic slide, timely "
     "reinforcement, hysteresis"),
    ("rival_explanations", "Rival explanations of the fading of G60 self-organisation, "
     "compared"),
    ("evolutionary_workbench",
     "The evolutionary workbench's figure set from one payoff table, and the reproduction "
     "gallery"),
    ("region_sensitivity",
     "Which parameters move the claims on the fact-consistent region, and which are inert"),
)


def experiment(name: str) -> Experiment:
    """The registry entry of experiment ``name``.

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`EXPERIMENTS`.
    """
    if not isinstance(name, str) or name not in EXPERIMENTS:
        raise ValueError(f"unknown experiment {name!r}; "
                         f"{did_you_mean(name, EXPERIMENTS, 'choose one of')}")
    return EXPERIMENTS[name]


def run_experiment(name: str, out: str | Path = "results", quick: bool = False,
                   rng: int | np.random.Generator = 0, *, caption: bool = False,
                   tables: str | tuple[str, ...] = "csv", width: str = "double") -> list[Path]:
    """Run one experiment, writing into ``out/name/``; return the paths written.

    Besides its tables (CSV) and figures (PNG, SVG), the folder holds each figure's
    caption line as ``NAME.caption.txt`` and, written last, ``run.json``: the library's
    version, the seed and options, the Python and library versions, the git commit of the
    source when it runs from a checkout, the times and the SHA-256 of every file (the times
    are only there, so the other files are the same bytes from run to run).

    The files are written into a temporary folder beside ``out/name`` (a hidden
    ``.name.*.partial``) that replaces ``out/name`` only when the experiment has finished,
    so an interrupted or failed run leaves no empty or half-written folder, and a
    previous complete one stays as it was. A previous ``out/name`` that holds only the
    experiment's own files is replaced whole; one that also holds other files keeps them
    (each output replaces its namesake).

    Parameters
    ----------
    name : str
        One of :data:`EXPERIMENTS`.
    out : path
        Parent folder; created if needed (and removed again if the run fails and left it
        empty).
    quick : bool
        Coarse grids and few draws (seconds; for tests).
    rng : int or numpy.random.Generator
        Seeds every random draw: the same integer gives the same files. A generator
        gives one integer seed drawn from it.
    caption : bool
        Burn each figure's caption line into its PNG and SVG (off: the caption is only
        in ``NAME.caption.txt``).
    tables : "csv" or "latex"
        ``"latex"`` writes a booktabs ``NAME.tex`` beside the CSV tables that a paper
        prints (:mod:`ica_model.tables`).
    width : "single" or "double"
        Draw the figures for the whole page (174 mm wide, panels side by side) or for one
        column (85 mm, panels stacked); text is 7 pt or more at that printed size.

    Raises
    ------
    ValueError
        If ``name`` is unknown, ``rng`` is a negative integer, ``out`` is empty or
        ``tables`` is not ``"csv"`` or ``"latex"``, or ``width`` not ``"single"`` or
        ``"double"``.
    """
    import shutil
    import time

    entry = experiment(name)
    from ._common import seed_of
    from ._options import OutputOptions, output_options
    from ._provenance import write_provenance

    seed = seed_of(rng)
    formats = (tables,) if isinstance(tables, str) else tuple(tables)
    options = OutputOptions(caption=caption, tables=tuple(dict.fromkeys(("csv", *formats))),
                            width=width)
    if str(out).strip() == "":
        raise ValueError("out must name a folder, got ''")
    parent = Path(out)
    if (parent / name).exists() and not (parent / name).is_dir():
        raise ValueError(f"{parent / name} exists and is not a folder")
    created = _make_folder(parent)
    scratch = _scratch_folder(parent, name)
    try:
        started, clock = time.time(), time.perf_counter()
        with output_options(options):
            paths = list(entry.load().run(scratch, quick=quick, rng=seed))
        paths += sorted(p for p in scratch.iterdir() if p not in paths)   # .tex, captions
        paths.append(write_provenance(
            scratch, name=name, seed=seed, quick=quick,
            options={"caption": caption, "tables": list(options.tables), "width": width},
            started=started, finished=time.time(), elapsed=time.perf_counter() - clock))
        target = parent / name
        _replace_folder(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        _remove_empty(parent, created)
        raise
    return [target / Path(p).relative_to(scratch) for p in paths]


def _scratch_folder(parent: Path, name: str) -> Path:
    """A new hidden folder ``parent/.name.<host>.<pid>-<random>.partial`` (with the usual
    permissions, unlike ``tempfile.mkdtemp``'s owner-only ones, as it becomes the output
    folder), after removing the stale ones of ``name`` (:func:`_remove_stale_scratch`)."""
    import os
    import secrets

    _remove_stale_scratch(parent, name)
    while True:
        folder = parent / f".{name}.{_host()}.{os.getpid()}-{secrets.token_hex(4)}.partial"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:   # pragma: no cover - 1 in 4e9
            continue


def _host() -> str:
    import re
    import socket

    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname()) or "host"


def _remove_stale_scratch(parent: Path, name: str) -> None:
    """Remove the scratch folders of ``name`` in ``parent`` that a run killed before it
    could clean up (SIGKILL, a power cut) left behind: those of a process of this host that
    no longer exists, and those of earlier versions (``.name.<random>.partial``, no owner).
    A live run's folder, or another host's, is kept."""
    import glob
    import os
    import re
    import shutil

    for folder in parent.glob(f".{glob.escape(name)}.*.partial"):
        middle = folder.name[len(name) + 2:-len(".partial")]
        owner = re.fullmatch(r"(?P<host>[A-Za-z0-9-]+)\.(?P<pid>\d+)-[0-9a-f]{8}", middle)
        if owner is None:
            stale = re.fullmatch(r"[0-9a-f]{8}", middle) is not None
        elif owner["host"] != _host():
            stale = False
        else:
            try:
                os.kill(int(owner["pid"]), 0)
                stale = False
            except ProcessLookupError:
                stale = True
            except (PermissionError, OverflowError):   # another user's live process
                stale = False
        if stale and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


def _make_folder(folder: Path) -> Path | None:
    """Create ``folder`` and its missing parents; return the top one created (or None)."""
    missing = [f for f in (folder, *folder.parents) if not f.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return missing[-1] if missing else None


def _remove_empty(folder: Path, top: Path | None) -> None:
    """Remove ``folder`` and its parents up to ``top`` (folders a failed run created) while
    they are empty."""
    if top is None:
        return
    while True:
        try:
            folder.rmdir()
        except OSError:     # not empty
            return
        if folder == top:
            return
        folder = folder.parent


def _replace_folder(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` at ``target`` by renaming."""
    import os
    import shutil
    import tempfile

    if not target.exists():
        os.replace(new, target)
        return
    ours = {p.name for p in new.iterdir()}
    if {p.name for p in target.iterdir()} <= ours:
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.replace(target, old / target.name)     # swap: two renames
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)
        return
    for path in sorted(new.iterdir()):            # keep files that are not ours
        os.replace(path, target / path.name)
    new.rmdir()
