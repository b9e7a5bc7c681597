"""A disk cache of generated Python functions (e.g. those lambdified from sympy).

Deriving and lambdifying the payoffs of one set of switched-on terms takes about two
seconds of sympy; every later process that uses the same model reads the generated
Python source back instead (a few milliseconds). The cache is a folder of JSON files, one
per key; the caller derives the key with :func:`model_key` from everything that determines
the generated code (for the payoff model, :func:`ica_model.model.symbolic.cache_key`: the
terms, the network exponent, the library's version and the source of the modules that
build the expressions), to which the versions of sympy and numpy are added. Each entry is
stored with the SHA-256 digest of its content and checked on load: a file that cannot be
read, was altered, or whose functions need a name that cannot be resolved is ignored, and
the caller regenerates and rewrites it. The same folder's ``fused/`` subfolder holds the
numba kernels generated from these functions (:mod:`ica_model.model._fused`), as Python
modules numba caches beside.

This module knows nothing of the model (it is part of :mod:`ica_model.runtime`).

Where: the folder named by the environment variable ``ICA_MODEL_CACHE``; ``off`` (or an
empty value) turns the cache off. Without the variable: the user's cache folder for
``ica_model`` as ``platformdirs.user_cache_dir`` names it on each system
(``$XDG_CACHE_HOME/ica_model``, else ``~/.cache/ica_model`` on Linux;
``~/Library/Caches/ica_model`` on macOS; ``%LOCALAPPDATA%\\ica_model\\Cache`` on
Windows). Writing is best effort: a folder that cannot be written only costs the time of
the derivation.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import linecache
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import CodeType, FunctionType
from typing import Any

__all__ = ["CACHE_ENVIRONMENT", "cache_folder", "compile_function", "describe_function",
           "load", "model_key", "store"]

#: The environment variable that names the cache folder (``off`` turns the cache off).
CACHE_ENVIRONMENT = "ICA_MODEL_CACHE"

#: Modules searched, in order, for the global names a generated function uses.
_NAMESPACES = ("numpy", "functools", "math", "builtins")

def cache_folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    value = os.environ.get(CACHE_ENVIRONMENT)
    if value is not None:
        value = value.strip()
        return None if value.lower() in ("", "0", "off", "no", "false") else Path(value)
    from platformdirs import user_cache_dir

    # appauthor=False: no vendor folder above ours on Windows
    return Path(user_cache_dir("ica_model", appauthor=False))


def model_key(*identity: object, sources: tuple[str, ...] = ()) -> str:
    """A hash of ``identity`` (e.g. a version, the terms and the network exponent), the
    versions of sympy and numpy, and the source of the modules named in ``sources`` (those
    that build the expressions)."""
    import numpy
    import sympy

    digest = hashlib.sha256()
    for part in (sympy.__version__, numpy.__version__, *map(repr, identity)):
        digest.update(part.encode())
        digest.update(b"\0")
    if not isinstance(sources, (tuple, list)) or not all(
            isinstance(name, str) and name.startswith("ica_model.") for name in sources):
        raise TypeError(f"sources must be a tuple of ica_model module names, got {sources!r}")
    for name in sources:
        try:
            module = importlib.import_module(name)
        except ImportError:
            raise ValueError(f"sources names {name!r}, which is no module") from None
        digest.update(inspect.getsource(module).encode())
    return digest.hexdigest()[:32]


def _global_names(code: CodeType) -> set[str]:
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            names |= _global_names(constant)
    return names


def describe_function(function: Callable[..., Any]) -> dict[str, Any] | None:
    """The source of a lambdified function and the module of each global name it uses, or
    None when a name is not found in numpy, functools, math or builtins."""
    if not isinstance(function, FunctionType):
        raise TypeError(f"function must be a Python function (a lambdified one), got "
                        f"{type(function).__name__}")
    modules = {}
    for name in sorted(_global_names(function.__code__)):
        if name not in function.__globals__:
            continue                      # an attribute name (numpy.x), not a global
        value = function.__globals__[name]
        home = next((m for m in _NAMESPACES
                     if getattr(importlib.import_module(m), name, None) is value), None)
        if home is None:
            return None
        modules[name] = home
    return {"name": function.__name__, "source": inspect.getsource(function),
            "globals": modules}


def compile_function(record: dict[str, Any]) -> Callable[..., Any]:
    """The function a :func:`describe_function` record describes."""
    if not (isinstance(record, dict) and isinstance(record.get("name"), str)
            and isinstance(record.get("source"), str) and isinstance(record.get("globals"), dict)
            and all(module in _NAMESPACES for module in record["globals"].values())):
        raise ValueError("record must be a describe_function record (name, source, and "
                         f"globals from {', '.join(_NAMESPACES)}), got {record!r}"[:300])
    namespace: dict[str, Any] = {name: getattr(importlib.import_module(module), name)
                                 for name, module in record["globals"].items()}
    source = record["source"]
    # one file name per source, registered with linecache as lambdify does: so that
    # inspect.getsource reads the function back (the fused kernels are generated from it)
    filename = (f"<ica_model cached {record['name']} "
                f"{hashlib.sha256(source.encode()).hexdigest()[:16]}>")
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[record["name"]]


def load(key: str) -> dict[str, Any] | None:
    """The cached data of ``key``, or None (no cache, no file, or unreadable)."""
    _check_key(key)
    folder = cache_folder()
    if folder is None:
        return None
    try:
        entry = json.loads((folder / f"{key}.json").read_text())
    except (OSError, ValueError):
        return None
    if not (isinstance(entry, dict) and entry.get("key") == key
            and isinstance(entry.get("data"), dict)
            and entry.get("digest") == content_digest(entry["data"])):
        return None                       # truncated, garbage, altered or an older layout
    data: dict[str, Any] = entry["data"]
    return data


def _check_key(key: object) -> None:
    """A key names a file in the cache folder: letters, digits, ``_`` and ``-`` only."""
    if not isinstance(key, str) or not key or not all(c.isascii() and (c.isalnum() or c in "_-")
                                                      for c in key):
        raise ValueError(f"key must be letters, digits, '_' or '-' (a model_key), got {key!r}")


def content_digest(data: dict[str, Any]) -> str:
    """The SHA-256 of ``data``'s canonical JSON: stored with each entry, checked on load."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def store(key: str, data: dict[str, Any]) -> None:
    """Write ``data`` for ``key`` atomically with its digest (best effort: errors are
    ignored, e.g. a cache folder that is a file)."""
    _check_key(key)
    if not isinstance(data, dict):      # load hands back a dict: a list or text is refused
        raise TypeError(f"data must be a dict (JSON-ready), got {type(data).__name__}")
    try:
        content_digest(data)
    except (TypeError, ValueError) as error:
        raise TypeError(f"data must be JSON-ready (a dict of strings, numbers, lists): {error}"
                        ) from None
    folder = cache_folder()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".json.tmp")
        try:
            with os.fdopen(handle, "w") as file:
                json.dump({"key": key, "digest": content_digest(data), "data": data}, file)
            os.replace(temporary, folder / f"{key}.json")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass
