"""The optional numba accelerator of the two-player solvers.

:func:`kernels` returns the compiled kernels (:mod:`ica_model.engine.solvers._kernels`)
when numba is installed (``pip install ica_model[fast]``) and not switched off, else None;
the solvers then run their numpy code paths, which compute the same equilibria with the
same tolerances. Set the environment variable ``ICA_MODEL_NUMBA=0`` (before importing
ica_model) or :data:`ENABLED` to False to switch the accelerator off. A numba that is
installed but fails to load is reported by a RuntimeWarning, and numpy is used.
"""

from __future__ import annotations

import os
import warnings
from types import ModuleType

__all__ = ["ENABLED", "kernels"]

#: Use the compiled kernels when numba is available.
ENABLED = os.environ.get("ICA_MODEL_NUMBA", "1").strip().lower() not in {"0", "false", "no", "off"}

_loaded: list[ModuleType | None] = []


def kernels() -> ModuleType | None:
    """The compiled kernels module, or None (numba missing, or the accelerator switched
    off). numba is imported on the first call, not with ``ica_model``."""
    if not ENABLED:
        return None
    if not _loaded:
        try:
            from . import _kernels
        except ImportError:  # numba missing, or too old or too new for this numpy
            _loaded.append(None)
        except Exception as error:  # a broken installation: say so, use numpy
            warnings.warn(f"numba is installed but failed to load ({type(error).__name__}: "
                          f"{error}); the two-player solvers use their numpy code",
                          RuntimeWarning, stacklevel=2)
            _loaded.append(None)
        else:
            _loaded.append(_kernels)
    return _loaded[0]
