"""Imported by the process pool's fork server only (the ``preload`` a sweep gives
:func:`ica_model.runtime.run`; used when the sweep's process runs other threads).

The server imports the library once and evaluates one point of the G60 case, so that
numba's compiled kernels (with the ``fast`` extra) and the payoff functions are loaded in
it: each worker it forks for a sweep then starts warm (0.08 s for a sweep's two workers
instead of 0.6 s). Warming is only a head start: if it fails, the workers load what they
need themselves.
"""

from ..cases import g60
from .follower import follower_response

try:
    follower_response(g60(), {"authority": [0.5]})
except Exception:  # pragma: no cover - never seen; the workers would warm themselves
    pass
