r"""Numerical simulation of replicator systems: trajectories from a grid of starting shares
and one-parameter sensitivity runs, the figures of every applied paper.

Each run of a call is integrated on its own (``scipy.integrate.solve_ivp``, DOP853,
with its own step-size and error control), with the right-hand side lambdified once
(:meth:`~ica_model.engine.evolutionary.game.ReplicatorSystem.field`), so a run's
trajectory does not depend on the other runs of the batch. (Integrating a batch as one
stacked system shares one step sequence and one error norm among all runs, so each
run's error grew with the batch: 2.8e-7 alone, 6.4e-6 in a batch of 27.)
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..._validation import check_int, check_real, check_real_array, check_sequence, check_size
from ._ode import integrate
from .dynamics import MAX_TIME
from .game import PopulationGame, ReplicatorSystem

__all__ = ["Simulation", "initial_grid", "sensitivity", "simulate_replicator"]

#: Largest number of runs (starting points times parameter levels) in one call.
MAX_RUNS = 10_000


def initial_grid(levels: Sequence[float] = (0.2, 0.5, 0.8), populations: int = 3,
                 kind: str = "product") -> np.ndarray:
    """Starting shares for populations with two strategies each.

    Parameters
    ----------
    levels : sequence of float
        Shares in [0, 1] (the papers' 0.2 / 0.5 / 0.8).
    populations : int
    kind : {"product", "diagonal"}
        Every combination of levels (``len(levels) ** populations`` starts), or the
        same level for every population (``len(levels)`` starts).

    Returns
    -------
    ndarray, shape (starts, populations)

    Examples
    --------
    >>> initial_grid((0.2, 0.8), 2).tolist()
    [[0.2, 0.2], [0.2, 0.8], [0.8, 0.2], [0.8, 0.8]]
    >>> initial_grid((0.2, 0.5), 3, kind="diagonal").tolist()
    [[0.2, 0.2, 0.2], [0.5, 0.5, 0.5]]
    """
    populations = check_int("populations", populations, 1, 8)
    levels = [check_real(f"levels[{i}]", v, 0.0, 1.0)
              for i, v in enumerate(check_sequence("levels", levels, "a sequence of shares"))]
    if not levels:
        raise ValueError("levels must hold at least one share")
    if not isinstance(kind, str):
        raise TypeError(f"kind must be 'product' or 'diagonal', got {kind!r}")
    if kind == "product":
        check_size("starts len(levels) ** populations", len(levels) ** populations, 8 * populations)
        return np.array(list(itertools.product(levels, repeat=populations)), dtype=float)
    if kind == "diagonal":
        return np.array([[v] * populations for v in levels], dtype=float)
    raise ValueError(f"kind must be 'product' or 'diagonal', got {kind!r}")


@dataclass(frozen=True, eq=False)
class Simulation:
    """Trajectories of a replicator system.

    Attributes
    ----------
    system : ReplicatorSystem
    values : dict
        Parameter name to value (the sensitivity parameter holds its levels).
    initial : ndarray, shape (runs, n)
        Starting points in reduced coordinates.
    times : ndarray, shape (T,)
    states : ndarray, shape (runs, T, n)
    parameter : str or None
        The parameter varied by :func:`sensitivity`.
    levels : ndarray or None, shape (runs,)
        Its value in each run.
    """

    system: ReplicatorSystem
    values: dict[str, Any]
    initial: np.ndarray
    times: np.ndarray
    states: np.ndarray
    parameter: str | None = None
    levels: np.ndarray | None = None

    @property
    def final_states(self) -> np.ndarray:
        """Where each run ends, shape ``(runs, n)``."""
        return self.states[:, -1, :]

    def labels(self) -> list[str]:
        """A legend label per run: its start, and the parameter level for sensitivity runs."""
        labels = []
        for run, start in enumerate(self.initial):
            text = "(" + ", ".join(f"{v:g}" for v in start) + ")"
            if self.parameter is not None and self.levels is not None:
                labels.append(f"{self.parameter} = {self.levels[run]:g}")
            else:
                labels.append(f"start {text}")
        return labels

    def frame(self) -> Any:
        """Tidy DataFrame: one row per run, time and variable, with columns ``run``,
        ``time``, ``variable``, ``population``, ``strategy``, ``share`` (and the
        sensitivity parameter)."""
        import pandas as pd

        runs, steps, n = self.states.shape
        owners = [(p, a) for p, k in enumerate(self.system.sizes) for a in range(k - 1)]
        frame = pd.DataFrame({
            "run": np.repeat(np.arange(runs), steps * n),
            "time": np.tile(np.repeat(self.times, n), runs),
            "variable": np.tile([str(v) for v in self.system.variables], runs * steps),
            "population": np.tile([self.system.populations[p] for p, _ in owners], runs * steps),
            "strategy": np.tile([self.system.strategies[p][a] for p, a in owners], runs * steps),
            "share": self.states.reshape(-1),
        })
        if self.parameter is not None and self.levels is not None:
            frame.insert(1, self.parameter, np.repeat(self.levels, steps * n))
        return frame

    def final(self, tolerance: float = 1e-3) -> Any:
        """Where each run ends: its start, its end and the vertex (``"E1"``, ...) it is
        within ``tolerance`` of in every coordinate (``"no vertex"`` if none: still
        moving, or an interior attractor or cycle)."""
        import pandas as pd

        vertices = self.system.vertices()
        records = []
        for run, (start, end) in enumerate(zip(self.initial, self.final_states, strict=True)):
            record: dict[str, Any] = {"run": run}
            if self.parameter is not None and self.levels is not None:
                record[self.parameter] = float(self.levels[run])
            for v, s, e in zip(self.system.variables, start, end, strict=True):
                record[f"{v}0"] = float(s)
                record[str(v)] = float(e)
            record["vertex"] = next((w.label for w in vertices
                                     if np.abs(end - np.array(w.point)).max() <= tolerance),
                                    "no vertex")
            records.append(record)
        return pd.DataFrame.from_records(records)


def _system(model: PopulationGame | ReplicatorSystem) -> ReplicatorSystem:
    if isinstance(model, PopulationGame):
        return model.replicator()
    if isinstance(model, ReplicatorSystem):
        return model
    raise TypeError(f"model must be a PopulationGame or a ReplicatorSystem, got "
                    f"{type(model).__name__}")


def _check_initial(system: ReplicatorSystem, initial: Any) -> np.ndarray:
    z = np.atleast_2d(check_real_array("initial", initial))   # a ragged nesting is named
    if not np.isfinite(z).all():   # before the layout, whose error named "reduced"
        raise ValueError(f"initial must be finite, got {initial!r}")
    if z.ndim != 2 or z.shape[1] != len(system.variables):
        raise ValueError(f"initial must hold starting points of {len(system.variables)} reduced "
                         f"coordinates {tuple(map(str, system.variables))}, got shape "
                         f"{np.shape(initial)}")
    shares = system.full_state(z)
    if not np.all(np.isfinite(z)) or np.any(shares < 0) or np.any(shares > 1):
        bad = z[np.any((shares < 0) | (shares > 1) | ~np.isfinite(shares), axis=1)][0]
        raise ValueError(f"initial shares must lie in [0, 1] and sum to at most 1 per population, "
                         f"got {bad.tolist()}")
    if len(z) > MAX_RUNS:
        raise ValueError(f"at most MAX_RUNS={MAX_RUNS} runs per call, got {len(z)}")
    return z


def _integrate(system: ReplicatorSystem, initial: np.ndarray, values: Mapping[str, Any],
               t_max: float, points: int, rtol: float) -> tuple[np.ndarray, np.ndarray]:
    # the games' bound (dynamics.MAX_TIME): on a cycle the steps grow with the horizon, and
    # t_max=1e308 ran for ever (sensitivity, simulate_replicator)
    t_max = check_real("t_max", t_max, 0.0, MAX_TIME, low_open=True)
    points = check_int("points", points, 2, 100_000)
    rtol = check_real("rtol", rtol, 1e-13, 1e-2)
    runs, n = initial.shape
    times = np.linspace(0.0, t_max, points)
    states = np.empty((runs, points, n))
    for run in range(runs):
        states[run] = _integrate_run(system, initial[run], _run_values(values, run, runs),
                                     times, rtol)
    return times, np.clip(states, 0.0, 1.0)


def _run_values(values: Mapping[str, Any], run: int, runs: int) -> dict[str, Any]:
    """The parameter values of one run (arrays of shape ``(runs,)`` give one entry each)."""
    picked = {}
    for name, value in values.items():
        array = np.asarray(value, dtype=float)
        picked[name] = float(array[run]) if array.shape == (runs,) and array.ndim else value
    return picked


def _integrate_run(system: ReplicatorSystem, start: np.ndarray, values: Mapping[str, Any],
                   times: np.ndarray, rtol: float) -> np.ndarray:
    """One trajectory with its own error control, shape ``(len(times), n)``."""

    function, _ = system._numeric
    numbers = [float(v) for v in system._numbers(values)]  # checked once, not at every step

    def rhs(_: float, state: np.ndarray) -> np.ndarray:
        return np.array(function(*state, *numbers), dtype=float)

    try:
        _, y = integrate(rhs, float(times[-1]), start, times=times, rtol=rtol, atol=1e-12)
    except RuntimeError as error:   # a field scaled by a parameter near 1e308: too stiff
        raise ValueError(f"values {dict(values)} make the replicator field too steep to "
                         f"integrate from {start.tolist()} ({error}); use smaller parameter "
                         f"values") from None
    return np.asarray(y.T)


def _named_values(system: ReplicatorSystem, values: Mapping[Any, Any]) -> dict[str, Any]:
    checked = system.parameter_values(values)
    return {str(symbol): _number(symbol, value) for symbol, value in checked.items()}


def _number(symbol: Any, value: Any) -> float:
    """The value of parameter ``symbol`` as a finite float."""
    if isinstance(value, str | bytes):   # numpy would parse "2" (never evaluated): refused
        raise TypeError(f"values[{str(symbol)!r}] must be a number, not a string, got {value!r}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):   # a complex, a string, an int past floats
        array = np.asarray(np.nan)
    if array.ndim != 0 or not np.isfinite(array):
        raise ValueError(f"values[{str(symbol)!r}]: parameter {symbol} must be a finite "
                         f"number, got {value!r}")
    return float(array)


def simulate_replicator(model: PopulationGame | ReplicatorSystem, values: Mapping[Any, Any],
             initial: Any = None, t_max: float = 50.0, points: int = 501,
             rtol: float = 1e-8) -> Simulation:
    """Trajectories from every starting point at parameter ``values``.

    Parameters
    ----------
    model : PopulationGame or ReplicatorSystem
    values : mapping
        Every parameter (symbol or name) to a number.
    initial : array_like, shape (runs, n), optional
        Starting points in reduced coordinates; default
        ``initial_grid((0.2, 0.5, 0.8), n)`` for two-strategy populations.
    t_max : float
        Length of the simulated time, at most 10**4 (``dynamics.MAX_TIME``: on a cycle the
        steps grow with the horizon).
    points : int
        Number of time points recorded.
    rtol : float
        Relative tolerance of the integrator (absolute 1e-12).

    Returns
    -------
    Simulation

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> a = sp.Symbol("a", positive=True)
    >>> system = ReplicatorSystem([x * (1 - x) * (a - y), y * (1 - y) * (x - a)], [x, y])
    >>> run = simulate_replicator(system, {"a": 2}, [[0.5, 0.5]], t_max=40)
    >>> run.final()[["x", "y", "vertex"]].round(4).to_dict("records")
    [{'x': 1.0, 'y': 0.0, 'vertex': 'E2'}]
    """
    system = _system(model)
    named = _named_values(system, values)
    if initial is None:
        if any(k != 2 for k in system.sizes):
            raise ValueError("initial is required when a population has more than 2 strategies")
        initial = initial_grid((0.2, 0.5, 0.8), len(system.variables))
    z = _check_initial(system, initial)
    times, states = _integrate(system, z, named, t_max, points, rtol)
    return Simulation(system, named, z, times, states)


def sensitivity(model: PopulationGame | ReplicatorSystem, values: Mapping[Any, Any],
                parameter: Any, levels: Sequence[float], initial: Any = None,
                t_max: float = 50.0, points: int = 501, rtol: float = 1e-8) -> Simulation:
    """Trajectories as one parameter varies, everything else fixed: the sensitivity panels
    of the papers.

    Parameters
    ----------
    model : PopulationGame or ReplicatorSystem
    values : mapping
        Values of the other parameters. A value given for ``parameter`` too is the
        baseline the ``levels`` replace (so one mapping of every parameter serves every
        panel): it is checked like the others, then not used.
    parameter : sympy.Symbol or str
    levels : sequence of float
        The values it takes.
    initial : array_like, optional
        One starting point (default 0.5 for every coordinate), or several (every level
        is run from every start).

    Returns
    -------
    Simulation
        With ``parameter`` and ``levels`` set; run ``r`` has level ``levels[r]``.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> a = sp.Symbol("a", positive=True)
    >>> system = ReplicatorSystem([x * (1 - x) * (a - y), y * (1 - y) * (x - a)], [x, y])
    >>> panel = sensitivity(system, {}, "a", [0.5, 2.0], t_max=60)
    >>> panel.final()[["a", "vertex"]].to_dict("records")
    [{'a': 0.5, 'vertex': 'no vertex'}, {'a': 2.0, 'vertex': 'E2'}]
    """
    system = _system(model)
    names = {str(s): s for s in system.parameters}
    if str(parameter) not in names:
        raise ValueError(f"parameter must be one of {sorted(names)}, got {parameter!r}")
    name = str(parameter)
    if not isinstance(values, Mapping):
        raise TypeError(f"values must map parameters to numbers, got {values!r}")
    if isinstance(levels, str) or not isinstance(levels, Sequence | np.ndarray):
        raise TypeError(f"levels must be a sequence of numbers, got {levels!r}")
    grid = np.array([check_real(f"levels[{i}]", v) for i, v in enumerate(levels)])
    if grid.size == 0:
        raise ValueError("levels must hold at least one value")
    baseline = {str(k): v for k, v in values.items()}
    if name in baseline:   # the baseline the levels replace: checked like any value
        _number(names[name], baseline[name])
    named = _named_values(system, {**baseline, name: float(grid[0])})
    if initial is None:
        initial = np.full((1, len(system.variables)), 0.5)
    starts = _check_initial(system, initial)
    run_levels = np.tile(grid, len(starts))
    z = np.concatenate([np.repeat(starts[i:i + 1], len(grid), axis=0)
                        for i in range(len(starts))])
    if len(z) > MAX_RUNS:
        raise ValueError(f"at most MAX_RUNS={MAX_RUNS} runs per call, got {len(z)}")
    named_arrays: dict[str, Any] = {**named, name: run_levels}
    times, states = _integrate(system, z, named_arrays, t_max, points, rtol)
    named[name] = grid.tolist()
    return Simulation(system, named, z, times, states, name, run_levels)
