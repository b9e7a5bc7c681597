"""``run.json``: how an experiment's result folder was made.

Written last into every result folder by :func:`~ica_model.experiments.run_experiment`: the
experiment, the library's version, the seed and options, the Python and library versions,
the platform, the git commit of the source when it runs from a git checkout, the start and
end times (UTC), the elapsed time, and the SHA-256 of every other file of the folder. The
times live only here, so the data and figures stay the same bytes from run to run.
"""

from __future__ import annotations

import datetime as _datetime
import hashlib
import json
import platform
import subprocess
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["PACKAGES", "RUN_FILE", "git_commit", "provenance", "write_provenance"]

#: The name of the provenance file.
RUN_FILE = "run.json"
#: Distributions whose versions the file records (those installed).
PACKAGES = ("numpy", "scipy", "sympy", "pandas", "matplotlib", "tqdm", "SALib", "numba",
            "pyarrow", "networkx")


def _versions(names: Sequence[str]) -> dict[str, str]:
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def _git(root: Path, *arguments: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *arguments], capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_commit(root: Path | None = None) -> dict[str, Any] | None:
    """The commit of the ica_model source and whether its tracked files differ from it, or
    None when the package does not run from a git checkout of its repository (an
    installed wheel, no git)."""
    if root is None:
        root = Path(__file__).resolve().parents[2]
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None or Path(top).resolve() != root.resolve() or \
            not (root / "ica_model" / "__init__.py").is_file():
        return None
    commit = _git(root, "rev-parse", "HEAD")
    if commit is None:
        return None
    changes = _git(root, "status", "--porcelain", "--untracked-files=no", "--", "ica_model")
    return {"commit": commit, "source_changed": bool(changes) if changes is not None else None}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _utc(timestamp: float) -> str:
    return _datetime.datetime.fromtimestamp(timestamp, _datetime.timezone.utc).isoformat(
        timespec="seconds")


def provenance(name: str, folder: Path, seed: int, quick: bool, options: Mapping[str, Any],
               started: float, finished: float, elapsed: float) -> dict[str, Any]:
    """The record :func:`write_provenance` writes (see the module docstring); ``started``
    and ``finished`` are POSIX times, ``elapsed`` seconds of a monotonic clock."""
    from .. import __version__

    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != RUN_FILE)
    return {
        "experiment": name,
        "ica_model": __version__,
        "seed": seed,
        "quick": quick,
        "options": dict(options),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": _versions(PACKAGES),
        "git": git_commit(),
        "started_utc": _utc(started),
        "finished_utc": _utc(finished),
        "elapsed_seconds": round(elapsed, 3),
        "files": {p.name: {"bytes": p.stat().st_size, "sha256": _sha256(p)} for p in files},
    }


def write_provenance(folder: Path, **record: Any) -> Path:
    """Write :func:`provenance` as ``folder/run.json``; return its path."""
    path = Path(folder) / RUN_FILE
    path.write_text(json.dumps(provenance(folder=Path(folder), **record), indent=2,
                               ensure_ascii=False) + "\n", encoding="utf-8")
    return path
