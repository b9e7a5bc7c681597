r"""Where each rest point is stable: two-parameter maps with exact boundaries, basins of
initial shares, bifurcation diagrams along one parameter, and rest points at numbers.

* :func:`rest_points_at` — every rest point at numeric values (vertices and mixed points
  on every face), with its numeric label. Substituting the numbers first makes sympy's
  work on the faces instant, where the symbolic mixed rest points of a game with 16–24
  parameters can take minutes: use this by default, and :func:`symbolic_rest_points`
  (with a time budget) only when the formulas are needed.
* :func:`stability_map` — over a grid of two parameters (the others fixed), which vertices
  are ESS (every vertex eigenvalue negative, read off the exact eigenvalues), and the
  exact boundary curves :math:`\lambda = 0` solved by sympy.
* :func:`basin_map` — where the dynamics end from a grid of initial shares of two
  populations (the others fixed): the field's "initial-share" figures, for any printed
  system (the attractors a batch of starts of a *numeric* game reaches, in its full layout,
  are :func:`ica_model.engine.evolutionary.dynamics.basins`).
* :func:`bifurcation_diagram` — along one parameter, each rest point's existence and label,
  and the exact parameter values where a vertex eigenvalue changes sign (exchanges of
  stability at the vertices: transcritical bifurcations with the mixed point that enters
  or leaves through the face).

Every label here is numeric evidence at the grid's values (the exact statement for every
value is :func:`~ica_model.engine.evolutionary.proved.prove_table`); the exchange points
are exact roots.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from ..._validation import check_instance, check_int, check_real
from ...runtime.progress import progress_bar
from .dynamics import RestPoint
from .game import PopulationGame, ReplicatorSystem
from .labels import eigenvalue_label
from .restpoints import SymbolicRestPoint, _unknown_name, full_layout
from .simulation import simulate_replicator

__all__ = [
    "BasinMap",
    "BifurcationDiagram",
    "StabilityMap",
    "basin_map",
    "bifurcation_diagram",
    "rest_points_at",
    "stability_map",
    "symbolic_rest_points",
]


def _system(model: PopulationGame | ReplicatorSystem) -> ReplicatorSystem:
    if isinstance(model, PopulationGame):
        return model.replicator()
    if isinstance(model, ReplicatorSystem):
        return model
    raise TypeError(f"model must be a PopulationGame or a ReplicatorSystem, got "
                    f"{type(model).__name__}")


def _substituted(model: PopulationGame | ReplicatorSystem, values: Mapping[Any, Any]
                 ) -> ReplicatorSystem:
    """The system with ``values`` substituted (names or symbols; missing ones stay symbolic;
    names that are not parameters are ignored with a warning, a typo is an error)."""

    system = _system(model)
    check_instance("values", values, Mapping, "a mapping of parameter to value")
    by_name = {str(s): s for s in system.parameters}
    cancelled = {str(s) for s in system.game.parameters} if system.game is not None else set()
    extra = [_unknown_name(str(k), by_name) for k in values
             if str(k) not in by_name and str(k) not in cancelled]
    if extra:
        warnings.warn(f"values names {extra}, which are not parameters of this system (they "
                      f"cancel out of its equations, or belong to another variant of the "
                      f"game): ignored", UserWarning, stacklevel=3)
    substitution = {by_name[str(k)]: sp.nsimplify(v, rational=True) for k, v in values.items()
                    if str(k) in by_name}
    if isinstance(model, PopulationGame):
        game_symbols = {str(s): s for s in model.parameters}
        kept = {str(k): sp.nsimplify(v, rational=True) for k, v in values.items()
                if str(k) in game_symbols}
        return model.subs(kept).replicator()
    equations = [e.subs(substitution) for e in system.equations]
    return ReplicatorSystem(equations, system.variables, system.populations, system.strategies,
                            system.sizes, title=system.title)


# ---------------------------------------------------------------------- rest points
def rest_points_at(model: PopulationGame | ReplicatorSystem, values: Mapping[Any, Any],
                   tolerance: float = 1e-9) -> list[RestPoint]:
    """Every rest point at numeric ``values``: the vertices and the isolated mixed points of
    every face, each with its Jacobian's eigenvalues and label, as the numeric dynamics'
    record (:class:`~ica_model.engine.evolutionary.dynamics.RestPoint`, named ``E1``/``M1``
    as the symbolic tables name it; :attr:`~ica_model.engine.evolutionary.dynamics.RestPoint.reduced`
    gives the papers' coordinates). A system of printed equations has no game to test the
    Nash property against: ``is_nash`` is None.

    ``tolerance`` is relative to the largest absolute eigenvalue at the vertices.

    Examples
    --------
    >>> from ica_model.engine.gallery import GALLERY
    >>> game = GALLERY["hawk_dove_asymmetric"].model()
    >>> [(p.label, p.reduced.round(3).tolist(), p.classification)
    ...  for p in rest_points_at(game, {"V": 2, "C": 4})]  # doctest: +NORMALIZE_WHITESPACE
    [('E1', [0.0, 0.0], 'unstable point'), ('E2', [1.0, 0.0], 'ESS'),
     ('E3', [0.0, 1.0], 'ESS'), ('E4', [1.0, 1.0], 'unstable point'),
     ('M1', [0.5, 0.5], 'saddle point')]
    """
    check_instance("values", values, Mapping, "a mapping of parameter to value")
    for name, value in values.items():
        check_real(f"values[{str(name)!r}]", value)
    tolerance = check_real("tolerance", tolerance, 0.0, 1.0, high_open=True)
    system = _substituted(model, values)
    if system.parameters:
        raise ValueError(f"values must give every parameter; missing: "
                         f"{[str(s) for s in system.parameters]}")
    points = system.rest_points(mixed=True)
    jacobian = sp.lambdify(system.variables, system.jacobian(), "numpy")
    found = []
    for p in points:
        coordinates = np.array([complex(sp.N(c)) for c in p.point])
        if np.abs(coordinates.imag).max(initial=0) > 1e-12:
            continue
        z = coordinates.real
        if p.profile is None and (np.any(system.full_state(z) < -1e-12)
                                  or np.any(system.full_state(z) > 1 + 1e-12)):
            continue
        found.append((p, z, np.linalg.eigvals(np.array(jacobian(*z), dtype=float))))
    scale = max([float(np.abs(e).max(initial=0)) for q, _, e in found if q.is_vertex] or [1.0])
    sizes = tuple(system.sizes)
    return [RestPoint(tuple(float(v) for v in full_layout(z, sizes)), tuple(complex(v) for v in e),
                      eigenvalue_label(e, tolerance * max(scale, 1e-300)), None, sizes=sizes,
                      label=p.label, support=p.support)
            for p, z, e in found]


def _recipe(system: ReplicatorSystem) -> tuple[Any, ...]:
    """What the child needs to rebuild the system (caches hold lambdified functions,
    which do not pickle)."""
    game = system.game
    if game is not None:
        return ("game", game.payoffs, game.populations, game.strategies, game.variables,
                game.title)
    return ("system", system.equations, system.variables, system.populations,
            system.strategies, system.sizes, system.title)


def _rebuild(recipe: tuple[Any, ...]) -> ReplicatorSystem:
    if recipe[0] == "game":
        _, payoffs, populations, strategies, variables, title = recipe
        return PopulationGame(payoffs, populations, strategies, variables, title).replicator()
    _, equations, variables, populations, strategies, sizes, title = recipe
    return ReplicatorSystem(equations, variables, populations, strategies, sizes, title=title)


def _symbolic_worker(recipe: tuple[Any, ...], out: Any) -> None:  # pragma: no cover - child
    try:
        out.put(("done", _rebuild(recipe).rest_points(mixed=True)))
    except BaseException as error:
        out.put(("error", repr(error)))


def symbolic_rest_points(model: PopulationGame | ReplicatorSystem, budget: float = 60.0,
                         progress: bool | None = None) -> list[SymbolicRestPoint] | None:
    """The rest points as formulas of the parameters, within a time ``budget`` (seconds).

    Sympy solves every face in a child process; when the budget runs out the child is
    stopped and None is returned (then use :func:`rest_points_at` at numbers, which is
    instant). Ctrl-C stops the child too. A bar shows the elapsed time against the budget
    (``progress``: see :mod:`ica_model._progress`).

    Examples
    --------
    >>> from ica_model.engine.gallery import GALLERY
    >>> points = symbolic_rest_points(GALLERY["hawk_dove_asymmetric"].model(), budget=60,
    ...                               progress=False)
    >>> [p.point for p in points if not p.is_vertex]
    [(V/C, V/C)]
    """
    budget = check_real("budget", budget, 0.0, 86_400.0, low_open=True)
    system = _system(model)
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    child = context.Process(target=_symbolic_worker, args=(_recipe(system), out), daemon=True)
    child.start()
    start = time.monotonic()
    bar = progress_bar(progress, total=round(budget), desc="symbolic rest points", unit="s")
    try:
        while True:
            elapsed = time.monotonic() - start
            if elapsed >= budget:
                return None
            try:
                kind, result = out.get(timeout=min(1.0, budget - elapsed))
            except queue.Empty:
                bar.update(min(round(time.monotonic() - start), round(budget)) - bar.n)
                continue
            if kind == "error":
                raise RuntimeError(f"sympy failed on the rest points: {result}")
            return list(result)
    finally:
        bar.close()
        if child.is_alive():
            child.terminate()
        child.join(5)


# ---------------------------------------------------------------------- two-parameter maps
@dataclass(frozen=True, eq=False)
class StabilityMap:
    """Which vertices are ESS over a grid of two parameters.

    Attributes
    ----------
    x, y : sympy.Symbol
        The parameters on the axes.
    xs, ys : numpy.ndarray
        Grid values.
    ess : dict
        Vertex label -> boolean array, shape ``(len(ys), len(xs))``.
    boundaries : dict
        Vertex label -> list of (eigenvalue index, sympy expression of ``y`` in ``x``) or
        (index, ``"x = value"``), the exact curves where an eigenvalue is zero.
    points : dict
        Vertex label -> reduced coordinates.
    """

    x: sp.Symbol
    y: sp.Symbol
    xs: np.ndarray
    ys: np.ndarray
    ess: dict[str, np.ndarray]
    boundaries: dict[str, list[tuple[int, Any]]]
    points: dict[str, tuple[int, ...]]

    def regime(self) -> np.ndarray:
        """Per cell, the ESS labels joined by ``"+"`` (``"none"`` where no vertex is one)."""
        labels = np.full(self.ys.shape + self.xs.shape, "", dtype=object)
        for label, mask in self.ess.items():
            labels = np.where(mask, np.where(labels == "", label, labels + "+" + label), labels)
        return np.where(labels == "", "none", labels)


def _parameter(system: ReplicatorSystem, name: Any) -> sp.Symbol:
    by_name = {str(s): s for s in system.parameters}
    if str(name) not in by_name:
        raise ValueError(f"parameter must be one of {sorted(by_name)}, got {name!r}")
    return by_name[str(name)]


def _axis(name: str, spec: Any, resolution: int) -> tuple[Any, np.ndarray]:
    if not isinstance(spec, (tuple, list)) or len(spec) != 3:
        raise TypeError(f"{name} must be (parameter, low, high), got {spec!r}")
    parameter, low, high = spec
    low = check_real(f"{name} low", low)
    high = check_real(f"{name} high", high)
    if not high > low:
        raise ValueError(f"{name} needs high > low, got {low} and {high}")
    return parameter, np.linspace(low, high, resolution)


def stability_map(model: PopulationGame | ReplicatorSystem, x: Any, y: Any,
                  values: Mapping[Any, Any] | None = None, resolution: int = 201
                  ) -> StabilityMap:
    """Where each vertex is an ESS over two parameters, with the exact boundaries.

    Parameters
    ----------
    model : PopulationGame or ReplicatorSystem
    x, y : tuple
        ``(parameter, low, high)``.
    values : mapping
        The other parameters.
    resolution : int
        Grid points per axis (2 to 2001).

    Examples
    --------
    >>> from ica_model.engine.gallery import GALLERY
    >>> game = GALLERY["hawk_dove_asymmetric"].model()
    >>> m = stability_map(game, ("V", 0.5, 4), ("C", 0.5, 4), resolution=8)
    >>> sorted(set(m.regime().ravel()))
    ['E2+E3', 'E4', 'none']
    >>> m.boundaries["E4"]
    [(0, C - V), (1, C - V)]
    """
    system = _system(model)
    resolution = check_int("resolution", resolution, 2, 2001)
    xp, xs = _axis("x", x, resolution)
    yp, ys = _axis("y", y, resolution)
    xs_symbol, ys_symbol = _parameter(system, xp), _parameter(system, yp)
    others = {str(k): v for k, v in (values or {}).items()
              if str(k) not in (str(xs_symbol), str(ys_symbol))}
    reduced = _substituted(model, others)
    missing = set(reduced.parameters) - {xs_symbol, ys_symbol}
    if missing:
        raise ValueError(f"values must give every other parameter; missing: "
                         f"{sorted(map(str, missing))}")
    grid_x, grid_y = np.meshgrid(xs, ys)
    ess: dict[str, np.ndarray] = {}
    boundaries: dict[str, list[tuple[int, Any]]] = {}
    points: dict[str, tuple[int, ...]] = {}
    for vertex in reduced.vertices():
        eigenvalues = reduced.vertex_eigenvalues(vertex.profile)
        negative = np.ones(grid_x.shape, dtype=bool)
        curves: list[tuple[int, Any]] = []
        for i, e in enumerate(eigenvalues):
            function = sp.lambdify((xs_symbol, ys_symbol), e, "numpy")
            with np.errstate(all="ignore"):
                numbers = np.broadcast_to(np.asarray(function(grid_x, grid_y), dtype=complex),
                                          grid_x.shape)
            negative &= numbers.real < 0
            curves.extend((i, c) for c in _zero_curves(e, xs_symbol, ys_symbol))
        ess[vertex.label] = negative
        boundaries[vertex.label] = curves
        points[vertex.label] = vertex.point
    return StabilityMap(xs_symbol, ys_symbol, xs, ys, ess, boundaries, points)


def _zero_curves(expression: sp.Expr, x: sp.Symbol, y: sp.Symbol) -> list[Any]:
    """The curves where ``expression`` is zero: ``y`` as functions of ``x`` (returned as
    ``y - f(x)``), or vertical lines ``x - c``."""
    if expression.is_number or not expression.free_symbols & {x, y}:
        return []
    numerator = sp.numer(sp.together(sp.expand(expression)))
    curves: list[Any] = []
    for factor, _ in sp.factor_list(numerator)[1]:
        if y in factor.free_symbols:
            try:
                solutions = sp.solve(factor, y)
            except NotImplementedError:  # pragma: no cover - sympy gives up
                continue
            curves.extend(y - s for s in solutions if not s.has(sp.I))
        elif x in factor.free_symbols:
            curves.extend(x - s for s in sp.solve(factor, x) if not s.has(sp.I))
    return curves


# ---------------------------------------------------------------------- basins
@dataclass(frozen=True, eq=False)
class BasinMap:
    """Where trajectories end, over a grid of two initial shares.

    Attributes
    ----------
    axes : tuple of int
        The two reduced coordinates on the axes.
    levels : numpy.ndarray
        Grid values of both initial shares.
    start : numpy.ndarray
        The initial point of the other coordinates.
    final : numpy.ndarray
        Vertex label (or ``"no vertex"``) per cell, shape ``(len(levels), len(levels))``
        (rows: the second axis).
    variables : tuple of str
    """

    axes: tuple[int, int]
    levels: np.ndarray
    start: np.ndarray
    final: np.ndarray
    variables: tuple[str, ...]

    def shares(self) -> dict[str, float]:
        """The share of the grid's starts that end at each label."""
        labels, counts = np.unique(self.final, return_counts=True)
        return {str(k): float(c) / self.final.size for k, c in zip(labels, counts, strict=True)}


def basin_map(model: PopulationGame | ReplicatorSystem, values: Mapping[Any, Any],
              axes: tuple[int, int] = (0, 1), start: Sequence[float] | None = None,
              resolution: int = 21, t_max: float = 100.0, tolerance: float = 1e-3
              ) -> BasinMap:
    """The end of the dynamics from every start of a grid over two initial shares.

    Parameters
    ----------
    axes : tuple of int
        The reduced coordinates that vary (default the first two).
    start : sequence of float, optional
        The other coordinates' initial values (default 0.5 each).
    resolution : int
        Grid points per axis; the grid avoids the faces (from ``0.5/resolution``).
    t_max, tolerance
        As in :meth:`~ica_model.engine.evolutionary.Simulation.final`.

    Examples
    --------
    >>> from ica_model.engine.gallery import GALLERY
    >>> b = basin_map(GALLERY["hawk_dove_asymmetric"].model(), {"V": 2, "C": 4}, resolution=4)
    >>> b.final.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['no vertex', 'E2', 'E2', 'E2'], ['E3', 'no vertex', 'E2', 'E2'],
     ['E3', 'E3', 'no vertex', 'E2'], ['E3', 'E3', 'E3', 'no vertex']]

    On the diagonal the starts lie on the stable manifold of the saddle (1/2, 1/2): they
    end there, at no vertex.
    """
    system = _system(model)
    n = len(system.variables)
    if n < 2:
        raise ValueError("basins need at least two reduced coordinates")
    resolution = check_int("resolution", resolution, 2, 101)
    tolerance = check_real("tolerance", tolerance, 0.0, 1.0)   # shares: checked before the runs
    a, b = (int(v) for v in axes)
    if a == b or not (0 <= a < n and 0 <= b < n):
        raise ValueError(f"axes must name two different coordinates among 0..{n - 1}, got {axes}")
    base = np.full(n, 0.5) if start is None else np.array(start, dtype=float)
    if base.shape != (n,):
        raise ValueError(f"start must give {n} coordinates, got {base.shape}")
    levels = (np.arange(resolution) + 0.5) / resolution
    grid_a, grid_b = np.meshgrid(levels, levels)
    initial = np.repeat(base[None, :], resolution * resolution, axis=0)
    initial[:, a] = grid_a.ravel()
    initial[:, b] = grid_b.ravel()
    run = simulate_replicator(system, values, initial, t_max=t_max, points=2)
    final = run.final(tolerance)["vertex"].to_numpy().reshape(resolution, resolution)
    return BasinMap((a, b), levels, base, final, tuple(str(v) for v in system.variables))


# ---------------------------------------------------------------------- bifurcations
@dataclass(frozen=True, eq=False)
class BifurcationDiagram:
    """Rest points and their labels along one parameter.

    Attributes
    ----------
    parameter : sympy.Symbol
    grid : numpy.ndarray
    labels : dict
        Rest-point label -> array of numeric labels along the grid (``""`` where the point
        does not exist).
    coordinates : dict
        Rest-point label -> array ``(len(grid), n)`` of its coordinates (NaN where absent).
    exchanges : list of (float, str, int)
        Exact parameter values where eigenvalue ``i`` of a vertex is zero, inside the grid.
    """

    parameter: sp.Symbol
    grid: np.ndarray
    labels: dict[str, np.ndarray]
    coordinates: dict[str, np.ndarray]
    exchanges: list[tuple[float, str, int]]

    def stable(self, label: str) -> np.ndarray:
        """Where the rest point ``label`` is an ESS."""
        return np.asarray(self.labels[label] == "ESS")


def bifurcation_diagram(model: PopulationGame | ReplicatorSystem, parameter: Any, low: float,
                        high: float, values: Mapping[Any, Any] | None = None,
                        points: int = 201, tolerance: float = 1e-9) -> BifurcationDiagram:
    """Every rest point along ``parameter`` in ``[low, high]``, the others at ``values``.

    The rest points are solved once with the one parameter symbolic (fast: only one
    symbol is left), evaluated along the grid, and labelled from the Jacobian's
    eigenvalues there; the exchanges of stability at the vertices are the exact roots of
    their eigenvalues in the parameter.

    Examples
    --------
    >>> from ica_model.engine.gallery import GALLERY
    >>> d = bifurcation_diagram(GALLERY["hawk_dove_asymmetric"].model(), "C", 1, 4,
    ...                         {"V": 2}, points=7)
    >>> d.exchanges
    [(2.0, 'E2', 1), (2.0, 'E3', 0), (2.0, 'E4', 0), (2.0, 'E4', 1)]
    >>> d.labels["E2"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['saddle point', 'saddle point', 'non-hyperbolic', 'ESS', 'ESS', 'ESS', 'ESS']
    >>> d.labels["M1"].tolist()   # (V/C, V/C) enters through the vertex (1, 1) at C = V
    ['', '', '', 'saddle point', 'saddle point', 'saddle point', 'saddle point']
    """
    system = _system(model)
    symbol = _parameter(system, parameter)
    low, high = check_real("low", low), check_real("high", high)
    if not high > low:
        raise ValueError(f"bifurcation_diagram needs high > low, got {low} and {high}")
    points = check_int("points", points, 2, 10_001)
    others = {str(k): v for k, v in (values or {}).items() if str(k) != str(symbol)}
    reduced = _substituted(model, others)
    if set(reduced.parameters) - {symbol}:
        raise ValueError(f"values must give every other parameter; missing: "
                         f"{sorted(str(s) for s in set(reduced.parameters) - {symbol})}")
    grid = np.linspace(low, high, points)
    rest = reduced.rest_points(mixed=True)
    jacobian = sp.lambdify([*reduced.variables, symbol], reduced.jacobian(), "numpy")
    labels: dict[str, np.ndarray] = {}
    coordinates: dict[str, np.ndarray] = {}
    for p in rest:
        labels[p.label], coordinates[p.label] = _along(reduced, p, symbol, grid, jacobian,
                                                       tolerance)
    exchanges = []
    for p in rest:
        if p.profile is None:
            continue
        for i, e in enumerate(reduced.vertex_eigenvalues(p.profile)):
            if symbol not in e.free_symbols:
                continue
            for root in sp.solve(sp.numer(sp.together(e)), symbol):
                if root.is_real and low <= float(root) <= high:
                    exchanges.append((float(root), p.label, i))
    return BifurcationDiagram(symbol, grid, labels, coordinates, sorted(exchanges))


def _along(system: ReplicatorSystem, p: SymbolicRestPoint, symbol: sp.Symbol, grid: np.ndarray,
           jacobian: Any, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    n = len(system.variables)
    labels = np.full(len(grid), "", dtype=object)
    coordinates = np.full((len(grid), n), np.nan)
    functions = [sp.lambdify(symbol, c, "numpy") for c in p.point]
    for k, value in enumerate(grid):
        with np.errstate(all="ignore"):
            z = np.array([complex(f(value)) for f in functions])
        if not np.all(np.isfinite(z)) or np.abs(z.imag).max(initial=0) > 1e-12:
            continue
        z = z.real
        shares = system.full_state(z)
        if p.profile is None:
            supported = [shares[sum(system.sizes[:q]) + a]
                         for q, s in enumerate(p.support) for a in s]
            if np.any(shares < -1e-12) or np.any(shares > 1 + 1e-12) or min(supported) <= 1e-12:
                continue
        eigenvalues = np.linalg.eigvals(np.array(jacobian(*z, value), dtype=float))
        scale = max(1.0, float(np.abs(eigenvalues).max(initial=0)))
        labels[k] = eigenvalue_label(eigenvalues, tolerance * scale)
        coordinates[k] = z
    return labels, coordinates
