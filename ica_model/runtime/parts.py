"""A run's folder: Parquet parts, a manifest of the finished ones, resume and checks.

A run streamed to a folder writes one Parquet file per chunk, ``part-00000.parquet``, ...,
each to a hidden temporary file first and renamed when complete, and records each finished
part in ``sweep-manifest.json`` with the SHA-256 digest of its bytes and the chunk's tallies.
The manifest also records the run's fingerprint (a digest of what determines its results:
the metric's inputs, the design, the chunk size), its size in points and chunks, and whether
it completed. So:

* a run into a folder that holds an unfinished run with the same fingerprint resumes it:
  only the chunks without a verified part are computed;
* a folder that holds an unfinished run of something else, parts that no manifest lists,
  or a manifest that cannot be read, is refused with a message that says so (those files
  are not ours to delete); a *finished* run of something else is replaced (its listed parts
  and manifest removed, no other file touched);
* a hidden lock file keeps two runs from writing into one folder at once;
* :func:`read_parts` refuses an unfinished run unless asked for the part it has, and says
  which chunks are missing.

Nothing is written outside the folder. This module knows no model.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._validation import check_bool, check_int

__all__ = ["MANIFEST", "Folder", "fingerprint", "read_parts"]

#: The file in a run's folder that lists the parts the run finished.
MANIFEST = "sweep-manifest.json"
#: The manifest's layout (1: a list of parts, no fingerprint or digests).
FORMAT = 2
_LOCK = ".ica-run.lock"
_PART = re.compile(r"part-(\d{5,})\.parquet")


def part_name(number: int) -> str:
    return f"part-{number:05d}.parquet"


def scratch_name(number: int) -> str:
    return f".{part_name(number)}.partial"


def fingerprint(identity: object) -> str:
    """A digest of ``identity`` (anything picklable: what determines a run's results)."""
    try:
        data = pickle.dumps(identity, protocol=4)
    except (pickle.PicklingError, AttributeError, TypeError) as error:   # a lambda, a lock...
        raise TypeError(f"identity must be picklable (what determines a run's results), got "
                        f"{identity!r}: {error}") from None
    return hashlib.sha256(data).hexdigest()[:32]


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_part(frame: Any, folder: Path, number: int) -> tuple[str, str]:
    """Write ``frame`` as chunk ``number``'s part, atomically; its name and digest."""
    name, scratch = part_name(number), folder / scratch_name(number)
    try:
        frame.to_parquet(scratch)
        digest = file_digest(scratch)
        os.replace(scratch, folder / name)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    return name, digest


def _read_manifest(folder: Path) -> dict | None:
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        parts = manifest["parts"]
        if not isinstance(parts, list):
            raise TypeError("parts is not a list")
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{path} is not a sweep manifest ({error}); choose another folder "
                         f"or remove it") from None
    if not all(isinstance(p, str) and _PART.fullmatch(p) for p in parts):
        raise ValueError(f"{path} lists files that are not sweep parts")
    return manifest


def _chunk_of(name: str) -> int:
    match = _PART.fullmatch(name)
    assert match is not None
    return int(match.group(1))


@dataclass
class Folder:
    """The folder of one run, prepared by :meth:`open`: the chunks already finished (a
    resumed run) and a manifest updated as chunks finish."""

    path: Path
    key: str
    points: int
    chunk_size: int
    chunks: int
    finished: dict[int, dict[str, Any]] = field(default_factory=dict)
    _lock: Any = None
    _adopted: bool = False      # the folder's parts are this run's (after :meth:`_adopt`)

    @classmethod
    def open(cls, out: object, key: str, points: int, chunk_size: int) -> Folder:
        if not isinstance(key, str) or not key:
            raise TypeError(f"key must be a non-empty string (the run's fingerprint), got {key!r}")
        points, chunk_size = check_int("points", points, 1), check_int("chunk_size", chunk_size, 1)
        if not isinstance(out, str | os.PathLike) or str(out).strip() == "":
            raise ValueError(f"out must name a folder, got {out!r}")
        if "\0" in str(out):
            raise ValueError(f"out must name a folder by a path without a NUL byte, got {out!r}")
        path = Path(out)
        if path.exists() and not path.is_dir():
            raise ValueError(f"out must be a folder; {path} is a file")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ValueError(f"out={str(out)!r} cannot be created: {error.strerror or error}"
                             ) from None
        chunks = -(-points // chunk_size)
        folder = cls(path, key, points, chunk_size, chunks)
        folder._lock = _take_lock(path)
        try:
            folder._adopt()
            folder._adopted = True
            folder.save(complete=False)
        except BaseException:
            folder.close()
            raise
        return folder

    def _adopt(self) -> None:
        """Resume our own unfinished run, replace a finished foreign one, refuse the rest."""
        manifest = _read_manifest(self.path)
        on_disk = {p.name for p in self.path.glob("part-*.parquet")}
        for stale in self.path.glob(".part-*.parquet.partial"):   # left by a killed writer
            stale.unlink(missing_ok=True)
        if manifest is None:
            if on_disk:
                shown = sorted(on_disk)
                raise ValueError(f"{self.path} holds sweep parts that no sweep manifest lists "
                                 f"({', '.join(shown[:3])}{', ...' if len(shown) > 3 else ''}); "
                                 f"choose another folder or remove them")
            return
        ours = manifest.get("format") == FORMAT and manifest.get("key") == self.key and \
            manifest.get("points") == self.points and manifest.get("chunk_size") == self.chunk_size
        listed = set(manifest["parts"])
        if not ours:
            if not manifest.get("complete", False):
                raise ValueError(
                    f"{self.path} holds an unfinished run of another sweep ({len(listed)} parts; "
                    f"different inputs, design or chunk size): repeat that call to finish it, "
                    f"or choose another folder or remove it")
            unlisted = sorted(on_disk - listed)
            if unlisted:
                raise ValueError(f"{self.path} holds sweep parts that no sweep manifest lists "
                                 f"({', '.join(unlisted[:3])}); choose another folder or remove "
                                 f"them")
            for name in listed:
                (self.path / name).unlink(missing_ok=True)
            (self.path / MANIFEST).unlink(missing_ok=True)
            return
        records = manifest.get("records", {})
        for name in on_disk:
            number = _chunk_of(name)
            record = records.get(name)
            if number >= self.chunks:
                raise ValueError(f"{self.path / name} is not a part of this sweep "
                                 f"({self.chunks} chunks); choose another folder or remove it")
            if name in listed and isinstance(record, dict) and \
                    record.get("digest") == file_digest(self.path / name):
                self.finished[number] = {"name": name, **record}
            else:         # written but never recorded, or altered: computed again
                (self.path / name).unlink()

    def add(self, number: int, name: str, digest: str, tallies: Mapping[str, Any]) -> None:
        self.finished[number] = {"name": name, "digest": digest, "tallies": dict(tallies)}
        self.save(complete=False)

    def save(self, complete: bool) -> None:
        """Write the manifest atomically (a temporary file, then a rename)."""
        records = {r["name"]: {"digest": r["digest"], "tallies": r["tallies"]}
                   for _, r in sorted(self.finished.items())}
        manifest = {"format": FORMAT, "key": self.key, "points": self.points,
                    "chunk_size": self.chunk_size, "chunks": self.chunks,
                    "complete": complete, "parts": sorted(records), "records": records}
        scratch = self.path / f".{MANIFEST}.partial"
        try:
            scratch.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            os.replace(scratch, self.path / MANIFEST)
        except BaseException:
            scratch.unlink(missing_ok=True)
            raise

    def close(self) -> None:
        """Remove what stopped workers left (half-written scratch files, and parts written
        but never recorded: the manifest lists exactly the parts on disk) and release the
        lock."""
        for stale in self.path.glob(".part-*.parquet.partial"):
            stale.unlink(missing_ok=True)
        recorded = {record["name"] for record in self.finished.values()}
        for part in self.path.glob("part-*.parquet") if self._adopted else ():
            if part.name not in recorded:
                part.unlink(missing_ok=True)
        if self._lock is not None:
            _release_lock(self.path, self._lock)
            self._lock = None


def _take_lock(path: Path) -> Any:
    """An exclusive lock on the folder for this run (released by the system if the process
    dies), or None where the platform has no ``fcntl``."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        return None
    handle = open(path / _LOCK, "a")  # held for the run
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ValueError(f"another run is writing into {path}; wait for it to end or choose "
                         f"another folder") from None
    return handle


def _release_lock(path: Path, handle: Any) -> None:
    (path / _LOCK).unlink(missing_ok=True)
    handle.close()


def read_parts(folder: str | os.PathLike[str], partial: bool = False) -> tuple[Any, dict]:
    """The parts of the run in ``folder`` as one DataFrame in chunk order, and its manifest.

    Raises
    ------
    ValueError
        If ``folder`` holds no run, if the run is unfinished (naming the missing chunks;
        pass ``partial=True`` to read the parts it has), or if a listed part is missing or
        does not match its digest.
    """
    import pandas as pd

    if not isinstance(folder, str | os.PathLike):
        raise TypeError(f"folder must be a path (str or Path), got {folder!r}")
    partial = check_bool("partial", partial)
    path = Path(folder)
    manifest = _read_manifest(path)
    if manifest is None:
        raise ValueError(f"no sweep in {path}: it has no {MANIFEST} (folder={str(folder)!r})")
    records = manifest.get("records", {})
    for name in manifest["parts"]:
        part = path / name
        if not part.is_file():
            raise ValueError(f"{part} is listed in {MANIFEST} but missing: the folder was "
                             f"changed after the run; run it again")
        if name in records and records[name].get("digest") != file_digest(part):
            raise ValueError(f"{part} does not match the digest in {MANIFEST}: it was changed "
                             f"after the run; run it again")
    if not manifest.get("complete", False):
        chunks = manifest.get("chunks")
        done = {_chunk_of(name) for name in manifest["parts"]}
        missing = sorted(set(range(chunks)) - done) if isinstance(chunks, int) else []
        shown = ", ".join(map(str, missing[:8])) + (", ..." if len(missing) > 8 else "")
        if not partial:
            raise ValueError(
                f"the sweep in {path} is unfinished: {len(done)} of "
                f"{chunks if isinstance(chunks, int) else 'its'} chunks are written"
                f"{f' (missing chunks {shown})' if missing else ''}; repeat the call that "
                f"wrote it to finish it, or read the finished part with partial=True")
        if not manifest["parts"]:
            raise ValueError(f"the sweep in {path} finished no part")
    if not manifest["parts"]:
        raise ValueError(f"the sweep in {path} finished no part")
    frames = [pd.read_parquet(path / p) for p in sorted(manifest["parts"], key=_chunk_of)]
    return pd.concat(frames), manifest
