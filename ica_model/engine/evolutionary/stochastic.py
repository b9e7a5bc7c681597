r"""Stochastic replicator dynamics as the Chinese applied literature writes them.

Each population :math:`i` with two strategies has the share :math:`x_i` choosing its
first strategy, and the deterministic replicator equation
:math:`\dot x_i = x_i(1 - x_i)\,\Delta_i(x)` (:math:`\Delta_i` the payoff gain of the
first strategy over the second) is perturbed by Gaussian white noise of intensity
:math:`\sigma_i`, read in the Itô sense:

.. math::

   \mathrm{d}x_i = x_i(1 - x_i)\,\Delta_i(x)\,\mathrm{d}t
                   + \sigma_i\, x_i(1 - x_i)\,\mathrm{d}W_i(t),

with independent standard Brownian motions :math:`W_i` (Foster & Young 1990 introduced
the stochastic replicator dynamic; the applied papers use this form with one noise
intensity per population). The drift is the system's own right-hand side
(:meth:`~ica_model.engine.evolutionary.game.ReplicatorSystem.field`), so the
stochastic model is derived from the same symbolic payoffs as the deterministic one.

Schemes (Kloeden & Platen 1992, sections 10.2 and 10.3), for a step :math:`h` and
Brownian increments :math:`\Delta W_i \sim N(0, h)`:

* Euler–Maruyama, strong order 0.5:
  :math:`x_i \leftarrow x_i + f_i h + g_i \Delta W_i`;
* Milstein, strong order 1.0 (the noise is diagonal, :math:`g_i` depends on
  :math:`x_i` only, so no Lévy areas are needed):
  :math:`x_i \leftarrow x_i + f_i h + g_i \Delta W_i
  + \tfrac12 g_i g_i' (\Delta W_i^2 - h)`,

with :math:`f_i = x_i(1 - x_i)\Delta_i(x)`, :math:`g_i = \sigma_i x_i(1 - x_i)` and
:math:`g_i' = \sigma_i(1 - 2x_i)`.

**Staying in the unit box.** The exact solution never leaves :math:`[0, 1]` (both drift
and diffusion vanish on the faces), but a discrete step can overshoot a face when the
step is large next to the noise. Each step is therefore projected onto :math:`[0, 1]`
(clipping) and the number of steps in which a path was clipped is returned
(:attr:`StochasticSimulation.clipped`); a non-zero count says the step is too coarse
for the noise, and the path's statistics near the faces should not be trusted.

References
----------
Foster, D. and Young, P. (1990). Stochastic evolutionary game dynamics. *Theoretical
Population Biology* 38(2), 219–232.

Kloeden, P. E. and Platen, E. (1992). *Numerical Solution of Stochastic Differential
Equations*. Springer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..._validation import check_int, check_real, check_real_array, check_size, generator_of
from .dynamics import MAX_TIME
from .game import PopulationGame, ReplicatorSystem
from .simulation import _check_initial, _named_values, _system

__all__ = ["SCHEMES", "StochasticSimulation", "simulate_stochastic"]

#: The integration schemes of :func:`simulate_stochastic`.
SCHEMES = ("euler-maruyama", "milstein")


@dataclass(frozen=True, eq=False)
class StochasticSimulation:
    """Sample paths of a stochastic replicator system.

    Attributes
    ----------
    system : ReplicatorSystem
    values : dict
        Parameter name to value.
    initial : ndarray, shape (n,)
        The common starting point in reduced coordinates.
    sigma : ndarray, shape (n,)
        Noise intensity of each coordinate.
    scheme : str
        ``"euler-maruyama"`` or ``"milstein"``.
    times : ndarray, shape (steps + 1,)
    states : ndarray, shape (paths, steps + 1, n)
    clipped : ndarray of int, shape (paths,)
        Number of steps in which the path left the unit box and was projected back.
    """

    system: ReplicatorSystem
    values: dict[str, Any]
    initial: np.ndarray
    sigma: np.ndarray
    scheme: str
    times: np.ndarray
    states: np.ndarray
    clipped: np.ndarray

    @property
    def mean_path(self) -> np.ndarray:
        """The mean over paths at each time, shape ``(steps + 1, n)``."""
        return np.asarray(self.states.mean(axis=0))

    @property
    def final_states(self) -> np.ndarray:
        """Where each path ends, shape ``(paths, n)``."""
        return np.asarray(self.states[:, -1, :])


#: Largest noise intensity: sigma squared times a step (at most MAX_TIME) stays finite.
MAX_SIGMA = 1e100


def _check_sigma(sigma: Any, n: int) -> np.ndarray:
    try:    # a string, a ragged list, 10**400; a complex (numpy warned and dropped its
        array = check_real_array("sigma", sigma)   # imaginary part)
    except TypeError:
        array = None
    if array is None or array.ndim > 1 or (array.ndim == 1 and array.shape != (n,)):
        raise ValueError(f"sigma must be a number or a sequence of {n} numbers (one per "
                         f"coordinate), got {sigma!r}")
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError(f"sigma must be finite and >= 0, got {sigma!r}")
    if np.any(array > MAX_SIGMA):   # its square enters each Milstein step: 1e308 overflowed
        raise ValueError(f"sigma must be at most {MAX_SIGMA:g}, got {sigma!r}")
    return np.broadcast_to(array, (n,)).astype(float)


def _check_scheme(scheme: Any) -> str:
    if not isinstance(scheme, str) or scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
    return str(scheme)


def _integrate_paths(drift: Callable[[np.ndarray], np.ndarray], sigma: np.ndarray,
                     start: np.ndarray, step: float, increments: np.ndarray,
                     scheme: str) -> tuple[np.ndarray, np.ndarray]:
    """Paths from ``start`` driven by the Brownian ``increments`` (shape
    ``(paths, steps, n)``, each :math:`N(0, h)`); returns the states, shape
    ``(paths, steps + 1, n)``, and the number of clipped steps per path."""
    paths, steps, n = increments.shape
    states = np.empty((paths, steps + 1, n))
    states[:, 0] = start
    clipped = np.zeros(paths, dtype=np.int64)
    z = np.broadcast_to(start, (paths, n)).astype(float)
    for k in range(steps):
        dw = increments[:, k]
        spread = z * (1.0 - z)
        g = sigma * spread
        new = z + drift(z) * step + g * dw
        if scheme == "milstein":
            new += 0.5 * g * sigma * (1.0 - 2.0 * z) * (dw * dw - step)
        outside = np.any((new < 0.0) | (new > 1.0), axis=1)
        clipped += outside
        z = np.clip(new, 0.0, 1.0)
        states[:, k + 1] = z
    return states, clipped


def simulate_stochastic(model: PopulationGame | ReplicatorSystem, values: Mapping[Any, Any],
                        initial: Any, sigma: Any, t_max: float = 50.0, steps: int = 5000,
                        paths: int = 100, scheme: str = "milstein",
                        rng: Any = 0) -> StochasticSimulation:
    r"""Sample paths of the Itô stochastic replicator dynamics
    :math:`\mathrm{d}x_i = x_i(1 - x_i)\Delta_i(x)\,\mathrm{d}t + \sigma_i x_i(1 - x_i)\,
    \mathrm{d}W_i`, vectorised over paths.

    See :mod:`~ica_model.engine.evolutionary.stochastic` for the equation, the schemes and
    how states are kept in the unit box.

    Parameters
    ----------
    model : PopulationGame or ReplicatorSystem
        Every population with two strategies (reduced coordinates are the shares
        choosing the first strategy).
    values : mapping
        Every parameter (symbol or name) to a number.
    initial : array_like, shape (n,)
        The starting shares, common to all paths, in [0, 1].
    sigma : float or array_like, shape (n,)
        Noise intensity per coordinate (population), in [0, 1e100] (``MAX_SIGMA``); 0
        gives the deterministic dynamics integrated by the same scheme.
    t_max : float
        Length of the simulated time, in (0, 10**4] (``dynamics.MAX_TIME``).
    steps : int
        Number of equal time steps (the step is ``t_max / steps``).
    paths : int
        Number of independent sample paths.
    scheme : {"milstein", "euler-maruyama"}
        Milstein (strong order 1.0) or Euler–Maruyama (strong order 0.5).
    rng : int or numpy.random.Generator
        Seed (default 0) or generator of the Brownian increments.

    Returns
    -------
    StochasticSimulation
        ``states`` of shape ``(paths, steps + 1, n)`` and the count of clipped steps.

    Raises
    ------
    ValueError
        Naming the argument: a population with more than two strategies, shares outside
        [0, 1], a negative or non-finite ``sigma``, an unknown ``scheme``, sizes beyond the
        memory budget.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> a = sp.Symbol("a", positive=True)
    >>> system = ReplicatorSystem([x * (1 - x) * (a - y), y * (1 - y) * (x - a)], [x, y])
    >>> run = simulate_stochastic(system, {"a": 2}, [0.5, 0.5], sigma=0.5, t_max=20,
    ...                           steps=2000, paths=50, rng=1)
    >>> run.states.shape
    (50, 2001, 2)
    >>> bool(run.final_states[:, 0].min() > 0.99), int(run.clipped.sum())
    (True, 0)
    """
    system = _system(model)
    if any(k != 2 for k in system.sizes):
        raise ValueError(f"model must have two strategies per population for the stochastic "
                         f"replicator dynamics, got strategy counts {system.sizes}")
    named = _named_values(system, values)
    n = len(system.variables)
    start = check_real_array("initial", initial)
    if start.shape != (n,):
        raise ValueError(f"initial must be one starting point of {n} shares "
                         f"{tuple(map(str, system.variables))}, got shape {start.shape}")
    start = _check_initial(system, start)[0]
    noise = _check_sigma(sigma, n)
    scheme = _check_scheme(scheme)
    t_max = check_real("t_max", t_max, 0.0, MAX_TIME, low_open=True)   # the dynamics' bound
    steps = check_int("steps", steps, 1)
    paths = check_int("paths", paths, 1)
    check_size("paths * (steps + 1)", paths * (steps + 1), 16.0 * n)
    generator = generator_of(rng)
    step = t_max / steps
    increments = generator.normal(0.0, np.sqrt(step), size=(paths, steps, n))
    states, clipped = _integrate_paths(lambda z: system.field(z, named), noise, start, step,
                                       increments, scheme)
    times = np.linspace(0.0, t_max, steps + 1)
    return StochasticSimulation(system, named, start, noise, scheme, times, states, clipped)
