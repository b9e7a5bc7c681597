"""The optional numba accelerator.

:func:`compiled` returns a module of compiled kernels when numba is installed
(``pip install ica_model[fast]``) and the accelerator is not switched off, else None; the
callers then run their numpy code paths, which compute the same results with the same
tolerances. Three modules have kernels: the two-player solvers
(:mod:`ica_model.engine.solvers._kernels`), the follower's equilibrium test
(:mod:`ica_model.analysis._follower_kernels`) and the state payoffs
(:mod:`ica_model.model._state_kernels`); the payoff parts' kernels are generated from the
lambdified model (:mod:`ica_model.model._fused`). Set the environment variable
``ICA_MODEL_NUMBA=0`` (before importing ica_model) or :data:`ENABLED` to False to switch
the accelerator off. A numba that is installed but fails to load is reported by a
RuntimeWarning, and numpy is used.

numba's disk cache is best effort here (:func:`guard_cache_saves`): a kernel whose compiled
code numba cannot write to its cache (numba's ``RuntimeError: no compiled object yet``,
seen when several processes fill one fresh cache) is used from memory, not raised.
"""

from __future__ import annotations

import functools
import importlib
import os
import warnings
from collections.abc import Callable
from types import ModuleType
from typing import Any

__all__ = ["ENABLED", "compiled", "guard_cache_saves"]

#: Use the compiled kernels when numba is available.
ENABLED = os.environ.get("ICA_MODEL_NUMBA", "1").strip().lower() not in {"0", "false", "no", "off"}

_loaded: dict[str, ModuleType | None] = {}


def compiled(module: str) -> ModuleType | None:
    """The compiled kernels module ``module`` (a full name), or None (numba missing, or the
    accelerator switched off). numba is imported on the first call, not with ``ica_model``."""
    if not isinstance(module, str) or not module.startswith("ica_model."):
        raise ValueError(f"module must be the full name of an ica_model kernels module, got "
                         f"{module!r}")
    if not ENABLED:
        return None
    if module not in _loaded:
        try:
            _loaded[module] = guard_cache_saves(importlib.import_module(module))
        except ImportError:  # numba missing, or too old or too new for this numpy
            _loaded[module] = None
        except Exception as error:  # a broken installation: say so, use numpy
            warnings.warn(f"numba is installed but failed to load ({type(error).__name__}: "
                          f"{error}); {module} runs its numpy code", RuntimeWarning, stacklevel=2)
            _loaded[module] = None
    return _loaded[module]


def guard_cache_saves(module: ModuleType) -> ModuleType:
    """``module`` with the disk-cache writes of its numba functions made best effort.

    numba compiles a function for new argument types, adds it to the function, then saves
    it to its cache. The save can fail with ``RuntimeError: no compiled object yet`` when
    the function's machine code was already handed to the JIT without a copy kept for the
    cache (a function loaded from a cache another process was writing). The compiled
    function is then fine, only not cached: the call is not failed for that (the next
    process compiles it again and caches it). Other errors are raised as before.
    """
    if not isinstance(module, ModuleType):
        raise TypeError(f"module must be a module of numba functions, got {type(module).__name__}")
    for value in vars(module).values():
        cache: Any = getattr(value, "_cache", None)
        save = getattr(cache, "save_overload", None)
        if save is not None and not getattr(save, "_ica_model_guarded", False):
            cache.save_overload = _best_effort(save)
    return module


def _best_effort(save: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
    @functools.wraps(save)
    def save_overload(signature: Any, data: Any) -> None:
        try:
            save(signature, data)
        except RuntimeError as error:
            if "no compiled object yet" not in str(error):
                raise

    save_overload._ica_model_guarded = True  # type: ignore[attr-defined]
    return save_overload
