"""The one call of the ODE solver, shared by every deterministic replicator integration
(:mod:`ica_model.engine.evolutionary.simulation` and :mod:`ica_model.engine.evolutionary.dynamics`).

Every trajectory is integrated by SciPy's ``solve_ivp`` with DOP853, the explicit
Runge–Kutta method of order 8 with error estimates of orders 5 and 3 (Hairer, Nørsett and
Wanner 1993, *Solving Ordinary Differential Equations I*, section II.10): the replicator
fields are smooth and non-stiff on the simplex, and a high order keeps long horizons cheap
at tight tolerances.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.integrate import solve_ivp


def integrate(rhs: Callable[[float, np.ndarray], np.ndarray], t_max: float, start: np.ndarray,
              *, rtol: float, atol: float, times: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Integrate :math:`\\dot y = f(t, y)` from :math:`y(0)` = ``start`` to ``t_max``.

    Parameters
    ----------
    rhs : callable
        ``rhs(t, y)``, the right-hand side.
    t_max : float
    start : ndarray, shape (m,)
    rtol, atol : float
        The solver's relative and absolute error tolerances.
    times : array_like, optional
        Where to report the solution (default: the solver's own steps).

    Returns
    -------
    times, states : ndarray, shapes (k,) and (m, k)

    Raises
    ------
    RuntimeError
        If the solver fails or its states are not finite (a field scaled by parameters near
        the float limit). The floating-point warnings of such a field are silenced for this
        call only (``numpy.errstate``, local to the call and thread): the error reports it.
    """
    with np.errstate(all="ignore"):
        solution = solve_ivp(rhs, (0.0, t_max), start, method="DOP853", t_eval=times,
                             rtol=rtol, atol=atol)
    if not solution.success:
        raise RuntimeError(f"solve_ivp failed: {solution.message}")
    if not np.isfinite(solution.y).all():
        raise RuntimeError("solve_ivp failed: the states overflowed")
    return solution.t, solution.y
