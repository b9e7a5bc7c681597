"""Figures of replicator simulations: time series, phase trajectories, sensitivity panels.

Every function takes a :class:`~ica_model.engine.evolutionary.simulation.Simulation`
(the analysis is done before) and an optional matplotlib ``ax``, draws with labelled
axes and a legend, and returns the ``ax`` (its figure is ``ax.figure``). Without an
``ax`` a new :class:`matplotlib.figure.Figure` is made (no pyplot state); matplotlib is
imported only when a function is called.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .simulation import Simulation

__all__ = ["plot_phase", "plot_sensitivity", "plot_time_series"]


def _new_axes(projection: str | None = None, size: tuple[float, float] = (6.0, 4.0)) -> Any:
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, layout="constrained")
    return figure.add_subplot(projection=projection)


def _check(simulation: Simulation) -> None:
    if not isinstance(simulation, Simulation):
        raise TypeError(f"simulation must be a Simulation, got {type(simulation).__name__}")


def _axes(ax: Any, projection: str | None = None, size: tuple[float, float] = (6.0, 4.0)) -> Any:
    """``ax``, checked to be a matplotlib Axes, or a new one."""
    if ax is None:
        return _new_axes(projection, size)
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes (figure.add_subplot()), got "
                        f"{type(ax).__name__}")
    return ax


def _index(name: str, value: Any, count: int) -> int:
    """An index in 0..count-1 (an integer, not a bool or a float)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer index, got {value!r}")
    if not 0 <= int(value) < count:
        raise ValueError(f"{name} must be in 0..{count - 1}, got {value}")
    return int(value)


def _variable_label(simulation: Simulation, index: int) -> str:
    system = simulation.system
    owners = [(p, a) for p, k in enumerate(system.sizes) for a in range(k - 1)]
    p, a = owners[index]
    return f"{system.populations[p]}: share choosing {system.strategies[p][a]} ({system.variables[index]})"


def _runs(simulation: Simulation, runs: Sequence[int] | int | None, name: str = "runs"
          ) -> list[int]:
    count = simulation.states.shape[0]
    if runs is None:
        return list(range(count))
    listed: Any = [runs] if isinstance(runs, numbers.Integral) else runs
    if isinstance(listed, str | bytes) or not isinstance(listed, Iterable):
        raise TypeError(f"{name} must be a run index or a sequence of them, got {runs!r}")
    selected = [_index(name, r, count) for r in listed]
    if len(set(selected)) < len(selected):
        raise ValueError(f"{name} must list each run once, got {selected}")
    return selected


def _variable_index(simulation: Simulation, variable: int | str, name: str = "variable") -> int:
    names = [str(v) for v in simulation.system.variables]
    if isinstance(variable, str):
        if variable in names:
            return names.index(variable)
        populations = simulation.system.populations
        if variable in populations:
            p = populations.index(variable)
            return sum(k - 1 for k in simulation.system.sizes[:p])
        raise ValueError(f"{name} must be one of {names} or a population of {populations}, "
                         f"got {variable!r}")
    return _index(name, variable, len(names))


def plot_time_series(simulation: Simulation, run: int | None = 0, variable: int | str | None = None,
                     ax: Any = None) -> Any:
    """Shares over time.

    With ``variable=None``: every population's share in one ``run`` (the papers'
    "evolution of the three parties" figure). With a ``variable`` (index, name such as
    ``"x"``, or population name): that share in every run (``run=None``) or in one,
    one line per starting point (the "different initial willingness" figure).

    Returns
    -------
    matplotlib Axes
    """
    _check(simulation)
    ax = _axes(ax)
    if variable is None:
        if run is None:
            raise ValueError("give a run, or a variable to compare runs")
        (r,) = _runs(simulation, run, "run")
        for i in range(len(simulation.system.variables)):
            ax.plot(simulation.times, simulation.states[r, :, i],
                    label=_variable_label(simulation, i))
        start = ", ".join(f"{v:g}" for v in simulation.initial[r])
        ax.set_title(f"start ({start})", fontsize=10)
        ax.set_ylabel("share choosing the first strategy")
    else:
        i = _variable_index(simulation, variable)
        labels = simulation.labels()
        for r in _runs(simulation, run, "run"):
            ax.plot(simulation.times, simulation.states[r, :, i], label=labels[r])
        ax.set_ylabel(_variable_label(simulation, i))
    ax.set_xlabel("time t")
    ax.set_ylim(-0.03, 1.03)
    ax.legend(fontsize=8)
    return ax


def plot_phase(simulation: Simulation, runs: Sequence[int] | int | None = None, ax: Any = None,
               variables: Sequence[int | str] | None = None) -> Any:
    """Trajectories in the phase space: the unit square for two variables, the unit cube
    (a 3-d axes) for three. Starts are open circles, ends filled.

    Parameters
    ----------
    runs : int or sequence of int, optional
        Default all.
    ax : matplotlib Axes, optional
        Must be a 3-d axes (``projection="3d"``) for three variables.
    variables : sequence, optional
        Which two or three variables to show (default the first three, or two).

    Returns
    -------
    matplotlib Axes
    """
    _check(simulation)
    n = len(simulation.system.variables)
    if variables is not None and (isinstance(variables, str | bytes)
                                  or not isinstance(variables, Iterable)):
        raise TypeError(f"variables must be a sequence of 2 or 3 variables, got {variables!r}")
    chosen = ([_variable_index(simulation, v, "variables") for v in variables] if variables is not None
              else list(range(min(n, 3))))
    if len(chosen) not in (2, 3):
        raise ValueError(f"plot_phase shows 2 or 3 variables, got {len(chosen)}")
    three = len(chosen) == 3
    if len(set(chosen)) < len(chosen):
        raise ValueError(f"variables must be distinct, got {list(variables or [])}")
    given = ax is not None
    ax = _axes(ax, "3d" if three else None, (6.0, 5.0))
    if given and three and getattr(ax, "name", "") != "3d":
        raise ValueError("three variables need a 3-d axes: figure.add_subplot(projection='3d')")
    labels = simulation.labels()
    for k, r in enumerate(_runs(simulation, runs)):
        path = simulation.states[r][:, chosen]
        (line,) = ax.plot(*path.T, lw=1.2, label=labels[r])
        ax.plot(*[[c] for c in path[0]], "o", mfc="white", mec=line.get_color(), ms=5,
                label="start" if k == 0 else None)
        ax.plot(*[[c] for c in path[-1]], "o", color=line.get_color(), ms=6,
                label="end" if k == 0 else None)
    short = [str(simulation.system.variables[i]) for i in chosen]
    names = [_variable_label(simulation, i) for i in chosen]
    ax.set_xlabel(names[0] if not three else short[0] + "  " + names[0].split(":")[0])
    ax.set_ylabel(names[1] if not three else short[1] + "  " + names[1].split(":")[0])
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    if three:
        # labelpad keeps the axis labels clear of the tick labels (3-d axes put them close)
        ax.set_zlabel(short[2] + "  " + names[2].split(":")[0], labelpad=12)
        ax.xaxis.labelpad = ax.yaxis.labelpad = 10
        ax.set_zlim(0, 1)
        ax.set_box_aspect(None, zoom=0.85)
    if len(labels) <= 12:
        ax.legend(fontsize=7)
    return ax


def plot_sensitivity(simulation: Simulation, variable: int | str = 0, ax: Any = None,
                     start: int = 0) -> Any:
    """One share over time for each level of the varied parameter (from one start).

    Parameters
    ----------
    simulation : Simulation
        From :func:`~ica_model.engine.evolutionary.simulation.sensitivity`.
    variable : int or str
        Index, name (``"x"``) or population name.
    start : int
        Which starting point, when the sensitivity ran from several.

    Returns
    -------
    matplotlib Axes
    """
    _check(simulation)
    if simulation.parameter is None or simulation.levels is None:
        raise ValueError("simulation must be made by sensitivity() (plot_sensitivity draws one "
                         "curve per level of its parameter)")
    i = _variable_index(simulation, variable)
    levels = np.unique(simulation.levels)
    per_start = len(simulation.levels) // max(len(levels), 1)
    start = _index("start", start, per_start)
    ax = _axes(ax)
    colours = _colours(len(simulation.levels) // per_start)
    block = range(start * (len(simulation.levels) // per_start),
                  (start + 1) * (len(simulation.levels) // per_start))
    for colour, r in zip(colours, block, strict=True):
        ax.plot(simulation.times, simulation.states[r, :, i], color=colour,
                label=f"{simulation.parameter} = {simulation.levels[r]:g}")
    ax.set_xlabel("time t")
    ax.set_ylabel(_variable_label(simulation, i))
    ax.set_ylim(-0.03, 1.03)
    begin = ", ".join(f"{v:g}" for v in simulation.initial[block[0]])
    ax.set_title(f"sensitivity to {simulation.parameter}, start ({begin})", fontsize=10)
    ax.legend(fontsize=8)
    return ax


def _colours(count: int) -> list[Any]:
    from matplotlib import colormaps

    cmap = colormaps["viridis"]
    return [cmap(v) for v in np.linspace(0.0, 0.9, max(count, 1))]
