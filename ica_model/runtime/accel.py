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
"""

from __future__ import annotations

import importlib
import os
import warnings
from types import ModuleType

__all__ = ["ENABLED", "compiled"]

#: Use the compiled kernels when numba is available.
ENABLED = os.environ.get("ICA_MODEL_NUMBA", "1").strip().lower() not in {"0", "false", "no", "off"}

_loaded: dict[str, ModuleType | None] = {}


def compiled(module: str) -> ModuleType | None:
    """The compiled kernels module ``module`` (a full name), or None (numba missing, or the
    accelerator switched off). numba is imported on the first call, not with ``ica_model``."""
    if not ENABLED:
        return None
    if module not in _loaded:
        try:
            _loaded[module] = importlib.import_module(module)
        except ImportError:  # numba missing, or too old or too new for this numpy
            _loaded[module] = None
        except Exception as error:  # a broken installation: say so, use numpy
            warnings.warn(f"numba is installed but failed to load ({type(error).__name__}: "
                          f"{error}); {module} runs its numpy code", RuntimeWarning, stacklevel=2)
            _loaded[module] = None
    return _loaded[module]
