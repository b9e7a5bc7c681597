r"""Replicator systems in reduced coordinates: the ODEs that papers print, their Jacobian,
their rest points, and a fast numeric right-hand side.

A :class:`ReplicatorSystem` is either the replicator dynamics of a
:class:`~ica_model.engine.evolutionary.game.PopulationGame` (then ``system.game`` is
set and the eigenvalues at the vertices are read off the payoffs), or any system of
printed equations :math:`\dot x_i = F_i(x; \theta)` on the unit cube
(:meth:`ReplicatorSystem.from_equations`), e.g. with "dynamic" penalties that depend on
a population's own share, which no normal-form game produces.

Rest points
-----------
Every vertex of the state space is a rest point of a replicator system. Other rest
points lie in the relative interior of a face where some populations mix: with the
supports fixed, they solve the indifference equations (equal payoffs of the supported
strategies), which sympy solves for symbolic parameters when it can. A point found this
way exists when all its supported shares are strictly positive; :attr:`SymbolicRestPoint.exists`
holds that condition.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from ..._lambdify import to_numpy
from ..._validation import to_sympy

if TYPE_CHECKING:  # pragma: no cover
    from .game import PopulationGame

__all__ = ["ORDERS", "ReplicatorSystem", "SymbolicRestPoint", "Vertex"]

#: Orders of the vertices: ``"papers"`` (E1 = (0, 0, 0), then one population at its first
#: strategy, (1, 0, 0), (0, 1, 0), (0, 0, 1), then two, ..., the last (1, 1, 1): the order of
#: most tripartite papers), ``"binary"`` ((0, 0, 0), (0, 0, 1), (0, 1, 0), ...), and
#: ``"profiles"`` (pure profiles in order of strategy indices, (1, 1, 1) first).
ORDERS = ("papers", "binary", "profiles")


@dataclass(frozen=True)
class Vertex:
    """A vertex of the state space: every population plays one strategy.

    Attributes
    ----------
    label : str
        ``"E1"``, ``"E2"``, ... in the chosen order.
    profile : tuple of int
        The strategy index of each population.
    point : tuple of int
        Its reduced coordinates, e.g. ``(1, 0, 0)``.
    """

    label: str
    profile: tuple[int, ...]
    point: tuple[int, ...]


@dataclass(frozen=True)
class SymbolicRestPoint:
    """A rest point of a replicator system, exact.

    Attributes
    ----------
    label : str
        ``"E1"``, ... for vertices (in the table's order), ``"M1"``, ... for the others.
    point : tuple of sympy expressions
        Reduced coordinates (functions of the parameters for mixed points).
    profile : tuple of int or None
        The pure profile of a vertex; None for a mixed point.
    support : tuple of tuple of int
        The strategies each population uses.
    exists : sympy Boolean
        When the point lies in the state space (its supported shares positive):
        ``True`` for vertices.
    """

    label: str
    point: tuple[sp.Expr, ...]
    profile: tuple[int, ...] | None
    support: tuple[tuple[int, ...], ...]
    exists: Any = sp.true

    @property
    def is_vertex(self) -> bool:
        return self.profile is not None


def _as_symbols(variables: Sequence[Any]) -> tuple[sp.Symbol, ...]:
    if isinstance(variables, (str, sp.Symbol)) or not isinstance(variables, Sequence):
        raise TypeError(f"variables must be a sequence of sympy symbols, got {variables!r}")
    symbols = tuple(sp.Symbol(v, real=True) if isinstance(v, str) else v for v in variables)
    for v in symbols:
        if not isinstance(v, sp.Symbol):
            raise TypeError(f"variables must be sympy symbols or names, got {v!r}")
    if len(set(symbols)) != len(symbols):
        raise ValueError(f"variables must be distinct, got {variables!r}")
    return symbols


class ReplicatorSystem:
    """A replicator system in reduced coordinates.

    Parameters
    ----------
    equations : sequence of sympy expressions
        :math:`F_i`, one per variable.
    variables : sequence of sympy.Symbol
        The reduced coordinates, population after population.
    populations : sequence of str, optional
    strategies : sequence of sequence of str, optional
    sizes : sequence of int, optional
        Strategies per population (default: 2 each, one variable per population).
    game : PopulationGame, optional
        The game whose dynamics this is (set by :meth:`PopulationGame.replicator`).
    title : str

    Raises
    ------
    ValueError
        If the numbers of equations, variables and strategies do not match.
    """

    def __init__(self, equations: Sequence[Any], variables: Sequence[Any],
                 populations: Sequence[str] | None = None,
                 strategies: Sequence[Sequence[str]] | None = None,
                 sizes: Sequence[int] | None = None, game: PopulationGame | None = None,
                 title: str = "system") -> None:
        self.variables = _as_symbols(variables)
        equations = [to_sympy(f"equations[{i}]", e) for i, e in enumerate(equations)]
        if len(equations) != len(self.variables):
            raise ValueError(f"there must be one equation per variable: {len(equations)} "
                             f"equations, {len(self.variables)} variables")
        for i, e in enumerate(equations):
            if not isinstance(e, sp.Expr) or e.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.I):
                raise ValueError(f"equation {i} must be a finite sympy expression, got {e!r}")
        self.equations: tuple[sp.Expr, ...] = tuple(equations)
        self.sizes = tuple(int(k) for k in sizes) if sizes is not None else (2,) * len(equations)
        if any(k < 2 for k in self.sizes) or sum(k - 1 for k in self.sizes) != len(equations):
            raise ValueError(f"sizes {self.sizes} must be >= 2 and give {len(equations)} reduced "
                             f"coordinates in total")
        n = len(self.sizes)
        self.populations = (tuple(str(p) for p in populations) if populations is not None
                            else tuple(f"population {p + 1}" for p in range(n)))
        if strategies is None:
            strategies = [[f"s{a + 1}" for a in range(k)] for k in self.sizes]
        self.strategies = tuple(tuple(str(a) for a in s) for s in strategies)
        if len(self.populations) != n or tuple(len(s) for s in self.strategies) != self.sizes:
            raise ValueError(f"populations {self.populations} and strategies {self.strategies} "
                             f"must match the sizes {self.sizes}")
        self.game = game
        self.title = str(title)

    @classmethod
    def from_equations(cls, equations: Any, variables: Sequence[Any],
                       populations: Sequence[str] | None = None,
                       strategies: Sequence[Sequence[str]] | None = None,
                       title: str = "system", detect_game: bool = True) -> ReplicatorSystem:
        r"""A system from printed equations, one two-strategy population per variable.

        Parameters
        ----------
        equations : sequence or mapping
            Right-hand sides in the order of ``variables``, or a mapping variable to
            right-hand side.
        variables : sequence of sympy.Symbol
            The share of each population's first strategy.
        detect_game : bool
            If the equations are those of a game (each :math:`x_p(1-x_p)D_p` with
            :math:`D_p` free of :math:`x_p` and affine in every other share), attach the
            equivalent :class:`PopulationGame` as ``system.game``.

        Examples
        --------
        A "dynamic penalty" :math:`F(1 - y)` that grows with the share of violators: not
        a game, but Friedman's vertex analysis still applies.

        >>> x, y = sp.symbols("x y")
        >>> C, F, R = sp.symbols("C F R", positive=True)
        >>> system = ReplicatorSystem.from_equations(
        ...     [x * (1 - x) * (F * (1 - y) * (1 - x) - C), y * (1 - y) * (x * F - R)], [x, y])
        >>> system.game is None
        True
        """
        variables = _as_symbols(variables)
        if isinstance(equations, Mapping):
            missing = [v for v in variables if v not in equations]
            if missing or len(equations) != len(variables):
                raise ValueError(f"equations must give one right-hand side for each of "
                                 f"{list(variables)}")
            equations = [equations[v] for v in variables]
        elif isinstance(equations, str) or not isinstance(equations, Iterable):
            raise TypeError(f"equations must be a sequence or a mapping of right-hand sides, got "
                            f"{equations!r}")
        system = cls(list(equations), variables, populations, strategies, title=title)
        if detect_game:
            differences = _game_differences(system)
            if not isinstance(differences, str):
                from .game import PopulationGame

                game = PopulationGame.from_replicator(system.equations, variables,
                                                      system.populations, system.strategies,
                                                      title=title)
                system = cls(system.equations, variables, system.populations, system.strategies,
                             game=game, title=title)
        return system

    # ------------------------------------------------------------------ structure
    @cached_property
    def parameters(self) -> tuple[sp.Symbol, ...]:
        """Free symbols of the equations other than the variables, sorted by name."""
        symbols: set[sp.Symbol] = set()
        for e in self.equations:
            symbols |= e.free_symbols
        return tuple(sorted(symbols - set(self.variables), key=str))

    @cached_property
    def groups(self) -> tuple[tuple[sp.Symbol, ...], ...]:
        """The variables of each population."""
        edges = np.cumsum([0, *(k - 1 for k in self.sizes)])
        return tuple(self.variables[a:b] for a, b in itertools.pairwise(edges))

    def jacobian(self) -> sp.Matrix:
        """The Jacobian :math:`\\partial F_i / \\partial x_j` (cached)."""
        return self._jacobian

    @cached_property
    def _jacobian(self) -> sp.Matrix:
        return sp.Matrix(self.equations).jacobian(sp.Matrix(self.variables))

    def _point_of(self, profile: Sequence[int]) -> tuple[int, ...]:
        point: list[int] = []
        for a, k in zip(profile, self.sizes, strict=True):
            point.extend(1 if b == a else 0 for b in range(k - 1))
        return tuple(point)

    def vertices(self, order: str = "papers") -> list[Vertex]:
        """Every vertex, labelled E1, E2, ... in ``order`` (see :data:`ORDERS`).

        Examples
        --------
        >>> x, y, z = sp.symbols("x y z")
        >>> system = ReplicatorSystem([x * (1 - x), y * (1 - y), z * (1 - z)], [x, y, z])
        >>> [v.point for v in system.vertices()][:5]
        [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 0)]
        """
        if order not in ORDERS:
            raise ValueError(f"order must be one of {ORDERS}, got {order!r}")
        profiles = list(itertools.product(*(range(k) for k in self.sizes)))
        points = {p: self._point_of(p) for p in profiles}
        if order == "papers":
            profiles.sort(key=lambda p: (sum(points[p]), tuple(-v for v in points[p])))
        elif order == "binary":
            profiles.sort(key=lambda p: points[p])
        return [Vertex(f"E{i + 1}", p, points[p]) for i, p in enumerate(profiles)]

    def vertex_eigenvalues(self, profile: Sequence[int]) -> tuple[sp.Expr, ...]:
        """Eigenvalues of the Jacobian at a vertex, in the order of the variables.

        From the game's payoffs when the system is a game's (exact payoff differences);
        otherwise from the Jacobian: its diagonal when it is triangular there (always, for
        equations :math:`x(1-x)D(x)`), else sympy's eigenvalues.
        """
        profile = tuple(int(a) for a in profile)
        if self.game is not None:
            return self.game.vertex_eigenvalues(profile)
        point = dict(zip(self.variables, self._point_of(profile), strict=True))
        matrix = self._jacobian.subs(point).applyfunc(sp.expand)
        return _matrix_eigenvalues(matrix)

    def jacobian_at(self, point: Sequence[Any]) -> sp.Matrix:
        """The Jacobian at a point given in reduced coordinates."""
        if len(point) != len(self.variables):
            raise ValueError(f"point must have {len(self.variables)} coordinates, got {len(point)}")
        return self._jacobian.subs(dict(zip(self.variables, point, strict=True)))

    # ------------------------------------------------------------------ rest points
    def rest_points(self, mixed: bool = True, order: str = "papers") -> list[SymbolicRestPoint]:
        """Every vertex and, if ``mixed``, every isolated rest point that sympy can solve on
        the faces where some populations mix.

        Faces holding a continuum of rest points are skipped (their points are not
        isolated); so are faces whose equations sympy cannot solve.

        Examples
        --------
        Two-population hawk–dove (V = 2, C = 4): the mixed rest point (1/2, 1/2).

        >>> x, y = sp.symbols("x y")
        >>> hd = ReplicatorSystem([x * (1 - x) * (1 - 2 * y), y * (1 - y) * (1 - 2 * x)], [x, y])
        >>> [p.point for p in hd.rest_points()][4:]
        [(1/2, 1/2)]
        """
        points = [SymbolicRestPoint(v.label, tuple(sp.Integer(c) for c in v.point), v.profile,
                                    tuple((a,) for a in v.profile))
                  for v in self.vertices(order)]
        if mixed:
            found = (_mixed_game_points(self.game) if self.game is not None
                     else _mixed_cube_points(self))
            points.extend(SymbolicRestPoint(f"M{i + 1}", point, None, support, exists)
                          for i, (point, support, exists) in enumerate(found))
        return points

    # ------------------------------------------------------------------ numbers
    @cached_property
    def _numeric(self) -> tuple[Callable[..., Any], Callable[..., Any]]:
        arguments = [*self.variables, *self.parameters]
        field = to_numpy(arguments, list(self.equations), cse=True)
        jacobian = to_numpy(arguments, self._jacobian.tolist(), cse=True)
        return field, jacobian

    def parameter_values(self, values: Mapping[Any, Any]) -> dict[sp.Symbol, Any]:
        """``values`` keyed by the system's parameter symbols (names accepted); every
        parameter must have a value. Parameters of the game's payoffs that cancel out of
        the dynamics may be given too; they are ignored. Other names (a paper's full value
        set for a system rebuilt from printed equations, where some parameters cancel, or
        values of another variant) are ignored with a warning naming them.

        Raises
        ------
        ValueError
            On a missing parameter, or an unknown name close to a parameter's (a typo:
            the error says which was meant).
        """
        if not isinstance(values, Mapping):
            raise TypeError(f"values must map parameters (symbols or names) to numbers, got "
                            f"{type(values).__name__}")
        by_name = {str(s): s for s in self.parameters}
        # parameters of the game's payoffs that cancel out of the dynamics are accepted
        ignored = {str(s) for s in self.game.parameters} if self.game is not None else set()
        result: dict[sp.Symbol, Any] = {}
        extra = []
        for key, value in values.items():
            if str(key) in ignored and str(key) not in by_name:
                continue
            if str(key) not in by_name:
                extra.append(_unknown_name(str(key), by_name))
                continue
            result[by_name[str(key)]] = value
        if extra:
            import warnings

            warnings.warn(f"values names {extra}, which are not parameters of this system "
                          f"(they cancel out of its equations, or belong to another variant "
                          f"of the game): ignored", UserWarning, stacklevel=2)
        missing = [str(s) for s in self.parameters if s not in result]
        if missing:
            raise ValueError(f"values has no value for the parameters {missing}")
        return result

    def _numbers(self, values: Mapping[Any, Any]) -> list[Any]:
        checked = self.parameter_values(values)
        numbers = []
        for symbol in self.parameters:
            array = np.asarray(checked[symbol], dtype=float)
            if not np.all(np.isfinite(array)):
                raise ValueError(f"parameter {symbol} must be finite, got {checked[symbol]!r}")
            numbers.append(array)
        return numbers

    def field(self, states: Any, values: Mapping[Any, Any]) -> np.ndarray:
        """The right-hand side at ``states`` (shape ``(n,)`` or ``(G, n)``) and parameter
        ``values`` (scalars, or arrays of shape ``(G,)``), lambdified once.

        Examples
        --------
        >>> x, y = sp.symbols("x y")
        >>> a = sp.Symbol("a", positive=True)
        >>> system = ReplicatorSystem([x * (1 - x) * (a - y), y * (1 - y) * (x - a)], [x, y])
        >>> system.field([0.5, 0.5], {"a": 1}).tolist()
        [0.125, -0.125]
        """
        z = np.asarray(states, dtype=float)
        single = z.ndim == 1
        z = np.atleast_2d(z)
        if z.shape[-1] != len(self.variables):
            raise ValueError(f"states must have {len(self.variables)} coordinates, got "
                             f"{z.shape[-1]}")
        function, _ = self._numeric
        result = function(*z.T, *self._numbers(values))
        stacked = np.stack([np.broadcast_to(np.asarray(r, dtype=float), z.shape[:1])
                            for r in result], axis=-1)
        return stacked[0] if single else stacked

    def numeric_jacobian(self, state: Any, values: Mapping[Any, Any]) -> np.ndarray:
        """The Jacobian at one state and numeric parameter values."""
        z = np.asarray(state, dtype=float)
        if z.shape != (len(self.variables),):
            raise ValueError(f"state must have {len(self.variables)} coordinates, got {z.shape}")
        _, function = self._numeric
        return np.array(function(*z, *self._numbers(values)), dtype=float)

    def full_state(self, reduced: Any) -> np.ndarray:
        """Reduced coordinates to the full layout ``[x, 1 - x, y, 1 - y, ...]`` of
        :mod:`ica_model.engine.dynamics`."""
        z = np.asarray(reduced, dtype=float)
        if z.shape[-1] != len(self.variables):
            raise ValueError(f"reduced state must have {len(self.variables)} entries, got "
                             f"{z.shape[-1]}")
        parts, start = [], 0
        for k in self.sizes:
            block = z[..., start:start + k - 1]
            parts.extend([block, 1 - block.sum(axis=-1, keepdims=True)])
            start += k - 1
        return np.concatenate(parts, axis=-1)

    def __repr__(self) -> str:
        return (f"ReplicatorSystem({self.title!r}, variables={tuple(map(str, self.variables))}, "
                f"parameters={tuple(map(str, self.parameters))}, game={self.game is not None})")


# ---------------------------------------------------------------------- helpers
def _unknown_name(name: str, parameters: Mapping[str, Any]) -> str:
    """``name`` when no parameter's name is close to it; a typo raises ValueError."""
    import difflib

    from ..._validation import did_you_mean

    same = [p for p in parameters if p.casefold() == name.casefold()]
    if same:
        raise ValueError(f"{name!r} is not a parameter; did you mean {same[0]!r}?")
    if difflib.get_close_matches(name, list(parameters), n=1, cutoff=0.8):
        raise ValueError(f"{name!r} is not a parameter; {did_you_mean(name, parameters)}")
    return name


def _matrix_eigenvalues(matrix: sp.Matrix) -> tuple[sp.Expr, ...]:
    if matrix.is_upper or matrix.is_lower:
        return tuple(sp.expand(matrix[i, i]) for i in range(matrix.rows))
    values: list[sp.Expr] = []
    for value, multiplicity in matrix.eigenvals().items():
        values.extend([sp.simplify(value)] * multiplicity)
    return tuple(values)


def _game_differences(system: ReplicatorSystem) -> list[sp.Expr] | str:
    """:math:`D_p` with :math:`F_p = x_p(1 - x_p) D_p` for each population, or a sentence
    saying why the equations are not those of a game."""
    if any(k != 2 for k in system.sizes):
        return "from_replicator needs two strategies per population"
    differences = []
    for p, (variable, equation) in enumerate(zip(system.variables, system.equations, strict=True)):
        quotient = sp.cancel(sp.together(equation / (variable * (1 - variable))))
        numerator, denominator = sp.fraction(quotient)
        if denominator.free_symbols & set(system.variables):
            return (f"equation {p} ({equation}) is not x(1 - x) times a polynomial in the "
                    f"shares, with x = {variable}")
        if variable in quotient.free_symbols:
            return (f"equation {p}: the bracket of x(1 - x)[...] depends on the population's own "
                    f"share {variable}, so it is not the replicator equation of a game; use "
                    f"ReplicatorSystem.from_equations")
        others = [v for v in system.variables if v != variable]
        if others:
            poly = sp.Poly(numerator, *others)
            if any(max(monomial) > 1 for monomial in poly.monoms()):
                return (f"equation {p}: the bracket is not affine in each other population's "
                        f"share, so it is not the replicator equation of a game")
        differences.append(sp.expand(quotient))
    return differences


def _sign_known(expression: sp.Expr) -> str | None:
    if expression.is_positive:
        return "+"
    if expression.is_negative:
        return "-"
    if expression.is_zero:
        return "0"
    return None


def _existence(point: Sequence[sp.Expr], support_shares: Sequence[sp.Expr]) -> Any:
    """The condition that every supported share is positive; False when one is provably
    not."""
    conditions = []
    for share in support_shares:
        share = sp.simplify(share)
        sign = _sign_known(share)
        if sign == "+":
            continue
        if sign in ("-", "0"):
            return sp.false
        if share.is_number:
            if share <= 0:
                return sp.false
            continue
        conditions.append(sp.StrictGreaterThan(share, 0))
    return sp.And(*conditions)


def _mixed_game_points(game: PopulationGame) -> list[tuple[tuple[sp.Expr, ...], tuple, Any]]:
    """Rest points with at least one mixing population, support by support."""
    shares = [[sp.Dummy(f"s{p}_{a}") for a in range(k)] for p, k in enumerate(game.shape)]
    values = []
    for p in range(game.n_populations):
        per_strategy = []
        for a in range(game.shape[p]):
            total = sp.Integer(0)
            others = [range(k) if q != p else (a,) for q, k in enumerate(game.shape)]
            for profile in itertools.product(*others):
                weight = sp.Mul(*(shares[q][profile[q]] for q in range(game.n_populations)
                                  if q != p))
                total += game.payoff(p, profile) * weight
            per_strategy.append(total)
        values.append(per_strategy)
    found = []
    subsets = [[c for r in range(1, k + 1) for c in itertools.combinations(range(k), r)]
               for k in game.shape]
    for supports in itertools.product(*subsets):
        if all(len(s) == 1 for s in supports):
            continue
        substitution: dict[sp.Dummy, sp.Expr] = {}
        unknowns: list[sp.Dummy] = []
        for p, support in enumerate(supports):
            for a in range(game.shape[p]):
                if a not in support:
                    substitution[shares[p][a]] = sp.Integer(0)
            substitution[shares[p][support[-1]]] = 1 - sum(shares[p][a] for a in support[:-1])
            unknowns.extend(shares[p][a] for a in support[:-1])
        equations = [sp.expand((values[p][a] - values[p][support[-1]]).subs(substitution))
                     for p, support in enumerate(supports) for a in support[:-1]]
        equations = [e for e in equations if e != 0]
        if not equations:
            continue  # a continuum of rest points: none is isolated
        try:
            solutions = sp.solve(equations, unknowns, dict=True)
        except (NotImplementedError, ValueError):  # pragma: no cover - sympy gives up
            continue
        for solution in solutions:
            if set(solution) != set(unknowns) or any(
                    v.free_symbols & set(unknowns) for v in solution.values()):
                continue  # not isolated
            full = [[sp.simplify(shares[p][a].subs(substitution).subs(solution))
                     for a in range(k)] for p, k in enumerate(game.shape)]
            if any(v.has(sp.I) for row in full for v in row):
                continue
            exists = _existence([], [full[p][a] for p, s in enumerate(supports) for a in s])
            if exists is sp.false:
                continue
            point = tuple(v for row in full for v in row[:-1])
            found.append((point, tuple(supports), exists))
    return found


def _mixed_cube_points(system: ReplicatorSystem) -> list[tuple[tuple[sp.Expr, ...], tuple, Any]]:
    """Rest points of a printed system on the unit cube off the vertices, face by face."""
    if any(k != 2 for k in system.sizes):
        return []
    found = []
    n = len(system.variables)
    for pattern in itertools.product((0, 1, None), repeat=n):
        free = [i for i, v in enumerate(pattern) if v is None]
        if not free:
            continue
        fixed = {system.variables[i]: sp.Integer(v) for i, v in enumerate(pattern) if v is not None}
        unknowns = [system.variables[i] for i in free]
        equations = []
        for i in free:
            v = system.variables[i]
            reduced = sp.cancel(sp.together(system.equations[i].subs(fixed) / (v * (1 - v))))
            if sp.fraction(reduced)[1].free_symbols & set(unknowns):
                reduced = system.equations[i].subs(fixed)
            equations.append(sp.numer(sp.together(reduced)))
        equations = [e for e in equations if sp.expand(e) != 0]
        if not equations:
            continue
        try:
            solutions = sp.solve(equations, unknowns, dict=True)
        except (NotImplementedError, ValueError):  # pragma: no cover
            continue
        for solution in solutions:
            if set(solution) != set(unknowns) or any(
                    v.free_symbols & set(unknowns) for v in solution.values()):
                continue
            point = tuple(sp.simplify(fixed.get(v, solution.get(v, v))) for v in system.variables)
            if any(c.has(sp.I) for c in point):
                continue
            if any(sp.simplify(e.subs(dict(zip(system.variables, point, strict=True)))) != 0
                   for e in system.equations):
                continue
            exists = _existence(point, [c for i in free for c in (point[i], 1 - point[i])])
            if exists is sp.false:
                continue
            found.append((point, tuple((0, 1) if v is None else (1 - v,) for v in pattern), exists))
    return found
