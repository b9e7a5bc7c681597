r"""Multi-population games with symbolic payoffs (sympy), the object of the tripartite and
four-party evolutionary games of the applied literature, and their replicator systems.

A :class:`PopulationGame` has :math:`P` populations (the higher authority, two groups
of local governments, firms, the public, ...); population :math:`p` has :math:`k_p`
strategies, and ``payoffs[p][a_0, ..., a_{P-1}]`` is the payoff of population
:math:`p` when one member of each population meets, with any sympy expression in free
parameters (costs, subsidies, penalties, shares) declared with their assumptions
(``sp.Symbol("C", positive=True)``).

State layout
------------
A state is written in *reduced coordinates*, the ones papers use: for each population in
order, the shares of its first :math:`k_p - 1` strategies (the last share is one minus
their sum). With two strategies per population this is one number per population, the
share :math:`x, y, z, \dots` choosing the *first* strategy, so the vertex
:math:`(1, 0, 0)` means that the first population plays its first strategy and the
others their second. The numeric dynamics of a numeric game
(:mod:`ica_model.engine.evolutionary.dynamics`, for any number of actions) use the *full*
layout instead, every share of every population in order, ``[x, 1 - x, y, 1 - y, z,
1 - z]``; :meth:`PopulationGame.full_state` and :meth:`PopulationGame.reduced_state`
convert.

Replicator dynamics
-------------------
With :math:`u_{p,a}(x)` the expected payoff of strategy :math:`a` of population
:math:`p` against the other populations' shares and :math:`\bar u_p = \sum_a x_{p,a}
u_{p,a}`,

.. math:: \dot x_{p,a} = x_{p,a}\,\bigl(u_{p,a}(x) - \bar u_p(x)\bigr),

which for two strategies is the form printed in papers,
:math:`\dot x = x(1 - x)\,(u_{p,1} - u_{p,2})`.

A :class:`ReplicatorSystem` is either the replicator dynamics of a
:class:`PopulationGame` (:meth:`PopulationGame.replicator`; then ``system.game`` is set
and the eigenvalues at the vertices are read off the payoffs), or any system of printed
equations :math:`\dot x_i = F_i(x; \theta)` on the unit cube
(:meth:`ReplicatorSystem.from_equations`), e.g. with "dynamic" penalties that depend on
a population's own share, which no normal-form game produces. The two classes build
each other (a game its system, printed equations the game they are), so they share this
module; the rest points they solve sit beneath it
(:mod:`~ica_model.engine.evolutionary.restpoints`).
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from ..._lambdify import to_numpy
from ..._validation import check_callable, check_instance, check_int, check_sequence, to_sympy
from ..game import NormalFormGame
from .restpoints import (
    ORDERS,
    SymbolicRestPoint,
    Vertex,
    _as_symbols,
    _game_differences,
    _matrix_eigenvalues,
    _mixed_cube_points,
    _mixed_game_points,
    _unknown_name,
    full_layout,
    reduced_layout,
)

__all__ = ["MAX_PROFILES", "PopulationGame", "ReplicatorSystem", "default_variables"]

#: Largest number of pure profiles a symbolic game may have (every entry is a sympy
#: expression; 4096 profiles is e.g. six populations of four strategies).
MAX_PROFILES = 4096

_BASE_NAMES = ("x", "y", "z", "w", "v", "u")


def default_variables(sizes: Sequence[int]) -> tuple[str, ...]:
    """Names of the reduced coordinates: ``x, y, z, w`` for two-strategy populations (the
    papers' convention), ``x1, x2`` for the first shares of a population with three
    strategies, and ``s1_1, ...`` beyond six populations.

    Examples
    --------
    >>> default_variables((2, 2, 2))
    ('x', 'y', 'z')
    >>> default_variables((2, 3))
    ('x', 'y1', 'y2')
    """
    if isinstance(sizes, str | Mapping) or not isinstance(sizes, Sequence | np.ndarray):
        raise TypeError(f"sizes must be a sequence of strategy counts, got {sizes!r}")
    sizes = [check_int(f"sizes[{p}]", k, 1, 10**6) for p, k in enumerate(sizes)]
    names: list[str] = []
    for p, k in enumerate(sizes):
        base = _BASE_NAMES[p] if len(sizes) <= len(_BASE_NAMES) else f"s{p + 1}_"
        if k == 2:
            names.append(base if len(sizes) <= len(_BASE_NAMES) else f"s{p + 1}")
        else:
            names.extend(f"{base}{a + 1}" for a in range(k - 1))
    return tuple(names)


def _to_expression(value: Any, where: str) -> sp.Expr:
    expression = to_sympy(f"payoff {where}", value)
    if not isinstance(expression, sp.Expr):
        raise TypeError(f"payoff {where} must be a number or a sympy expression, got {value!r}")
    if expression.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.I):
        raise ValueError(f"payoff {where} must be finite and real, got {expression}")
    if isinstance(expression, sp.Float):
        # floats from tables become exact rationals, so tables and conditions are exact
        expression = sp.nsimplify(expression, rational=True)
    return expression


def _labels(name: str, values: Any) -> tuple[str, ...]:
    """Distinct labels (strings or numbers) as a tuple of strings."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a sequence of names, got {values!r}")
    labels = tuple(str(value) for value in values)
    if len(set(labels)) < len(labels):
        raise ValueError(f"{name} must be distinct, got {list(labels)}")
    return labels


def _strategy_labels(strategies: Any) -> tuple[tuple[str, ...], ...]:
    """Each population's strategy names."""
    if isinstance(strategies, str | bytes) or not isinstance(strategies, Iterable):
        raise TypeError(f"strategies must be one sequence of names per population, got "
                        f"{strategies!r}")
    return tuple(_labels("strategies", names) for names in strategies)


class PopulationGame:
    """A game between populations with symbolic payoffs.

    Parameters
    ----------
    payoffs : array_like of sympy expressions
        Shape ``(P, k_0, ..., k_{P-1})``: ``payoffs[p][profile]`` is population ``p``'s
        payoff at the pure profile. Numbers are accepted (floats become exact
        rationals).
    populations : sequence of str, optional
        Names (default ``"population 1"``, ...).
    strategies : sequence of sequence of str, optional
        Strategy names per population (default ``"s1"``, ``"s2"``, ...).
    variables : sequence of str or sympy.Symbol, optional
        Names of the reduced coordinates (see the module docstring), default
        :func:`default_variables`. They must not be names of parameters.
    title : str

    Raises
    ------
    ValueError
        On a wrong shape, a population with fewer than 2 strategies, more than
        :data:`MAX_PROFILES` profiles, non-finite payoffs, names that do not match the
        shape, or a variable that shares its name with a parameter.
    TypeError
        If an entry is not a number or a sympy expression.

    Examples
    --------
    A two-population inspection game: the inspector inspects at cost ``c`` and fines a
    cheating inspectee ``f``; cheating gains ``g``.

    >>> c, f, g = sp.symbols("c f g", positive=True)
    >>> game = PopulationGame.from_table(
    ...     {("inspect", "cheat"): (f - c, g - f), ("inspect", "comply"): (-c, 0),
    ...      ("trust", "cheat"): (-g, g), ("trust", "comply"): (0, 0)},
    ...     populations=("inspector", "inspectee"))
    >>> game.variables, game.parameters
    ((x, y), (c, f, g))
    >>> game.replicator().equations[0]
    x*(1 - x)*(-c + y*(f + g))
    """

    def __init__(self, payoffs: Any, populations: Sequence[str] | None = None,
                 strategies: Sequence[Sequence[str]] | None = None,
                 variables: Sequence[str | sp.Symbol] | None = None, title: str = "game") -> None:
        raw = np.array(payoffs, dtype=object)
        if raw.ndim < 2:
            raise ValueError(f"payoffs must have shape (populations, strategies_1, ...), got "
                             f"shape {raw.shape}")
        n = raw.shape[0]
        if raw.ndim != n + 1:
            raise ValueError(f"payoffs has {n} populations on axis 0 but {raw.ndim - 1} strategy "
                             f"axes (shape {raw.shape}); they must be equal")
        if min(raw.shape[1:]) < 2:
            raise ValueError(f"payoffs must give every population at least 2 strategies, got "
                             f"shape {raw.shape}")
        profiles = int(np.prod(raw.shape[1:]))
        if profiles > MAX_PROFILES:
            raise ValueError(f"the game has {profiles} pure profiles, more than MAX_PROFILES="
                             f"{MAX_PROFILES} (shape {raw.shape})")
        # annotated: numpy's stubs type np.empty of an unknown-length shape as 0-d
        grid: np.ndarray = np.empty(raw.shape, dtype=object)
        for index, value in np.ndenumerate(raw):
            grid[index] = _to_expression(value, f"at index {index}")
        self._payoffs = grid
        self.title = check_instance("title", title, str, "a string")
        self.populations = (_labels("populations", populations) if populations is not None
                            else tuple(f"population {p + 1}" for p in range(n)))
        if len(self.populations) != n:
            raise ValueError(f"populations names {len(self.populations)} populations, payoffs {n}")
        if strategies is None:
            strategies = [[f"s{a + 1}" for a in range(k)] for k in raw.shape[1:]]
        self.strategies = _strategy_labels(strategies)
        if tuple(len(s) for s in self.strategies) != raw.shape[1:]:
            raise ValueError(f"strategies give {[len(s) for s in self.strategies]} strategies per "
                             f"population, payoffs {list(raw.shape[1:])}")
        names = variables if variables is not None else default_variables(self.shape)
        if isinstance(names, str) or not isinstance(names, Sequence) or len(names) != sum(
                k - 1 for k in self.shape):
            raise ValueError(f"variables must name {sum(k - 1 for k in self.shape)} reduced "
                             f"coordinates (one per strategy but the last of each population), "
                             f"got {names!r}")
        for v in names:     # a number would make a symbol named "1"
            check_instance("variables", v, (str, sp.Symbol), "names (strings or sympy Symbols)")
        symbols = tuple(v if isinstance(v, sp.Symbol) else sp.Symbol(str(v), real=True)
                        for v in names)
        if len(set(symbols)) != len(symbols):
            raise ValueError(f"variables must be distinct, got {names!r}")
        clash = {str(s) for s in symbols} & {str(s) for s in self.parameters}
        if clash:
            raise ValueError(f"variables {sorted(clash)} are also parameters of the payoffs; "
                             f"choose other variable names")
        self.variables: tuple[sp.Symbol, ...] = symbols

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_table(cls, table: Mapping[Sequence[Any], Sequence[Any]],
                   populations: Sequence[str] | None = None,
                   strategies: Sequence[Sequence[str]] | None = None,
                   **options: Any) -> PopulationGame:
        """Build from the payoff table papers print: one row per pure profile.

        Parameters
        ----------
        table : mapping
            Profile (a tuple of strategy names, or of indices) to the tuple of the
            populations' payoffs at that profile. Every profile must appear once.
        populations, strategies : optional
            Names; when ``strategies`` is omitted they are read from the table's keys in
            order of first appearance.
        **options
            ``variables`` and ``title`` (see :class:`PopulationGame`).

        Raises
        ------
        ValueError
            If a profile is missing, unknown, or a row has the wrong length.
        """
        if not isinstance(table, Mapping) or not table:
            raise TypeError(f"table must be a non-empty mapping from profiles to payoffs, got "
                            f"{type(table).__name__}")
        keys = [tuple(k) if isinstance(k, (tuple, list)) else (k,) for k in table]
        n = len(keys[0])
        if any(len(k) != n for k in keys):
            raise ValueError("every profile of table must name one strategy per population")
        by_name = all(isinstance(a, str) for k in keys for a in k)
        if strategies is None:
            if by_name:
                strategies = [list(dict.fromkeys(k[p] for k in keys)) for p in range(n)]
            else:
                strategies = [[f"s{a + 1}" for a in range(max(int(k[p]) for k in keys) + 1)]
                              for p in range(n)]
        strategies = [list(s) for s in strategies]
        shape = tuple(len(s) for s in strategies)
        grid = np.empty((n, *shape), dtype=object)
        seen = set()
        for key, row in zip(keys, table.values(), strict=True):
            try:
                index = tuple(strategies[p].index(a) if by_name else int(a) for p, a in enumerate(key))
            except ValueError:
                raise ValueError(f"table profile {key} names a strategy not in {strategies}") from None
            if any(not 0 <= i < k for i, k in zip(index, shape, strict=True)):
                raise ValueError(f"table profile {key} is outside the strategy sets {strategies}")
            row = list(row) if isinstance(row, (tuple, list, np.ndarray)) else [row]
            if len(row) != n:
                raise ValueError(f"table row {key} must hold {n} payoffs (one per population), "
                                 f"got {len(row)}")
            for p, value in enumerate(row):
                cell = (p, *index)
                grid[cell] = value
            seen.add(index)
        missing = [tuple(strategies[p][a] for p, a in enumerate(i))
                   for i in itertools.product(*(range(k) for k in shape)) if i not in seen]
        if missing:
            raise ValueError(f"table has no row for the profiles {missing}")
        return cls(grid, populations, strategies, **options)

    @classmethod
    def from_function(cls, function: Callable[[tuple[str, ...]], Sequence[Any]],
                      strategies: Sequence[Sequence[str]],
                      populations: Sequence[str] | None = None, **options: Any) -> PopulationGame:
        """Build from ``function(profile)``, profile a tuple of strategy names, returning
        the populations' payoffs."""
        check_callable("function", function, "profile -> payoffs")
        strategies = _strategy_labels(strategies)
        table: dict[Sequence[Any], Sequence[Any]] = {
            profile: function(profile) for profile in itertools.product(*strategies)}
        return cls.from_table(table, populations, strategies, **options)

    @classmethod
    def from_normal_form(cls, game: NormalFormGame, **options: Any) -> PopulationGame:
        """The numeric :class:`~ica_model.engine.game.NormalFormGame` with rational payoffs
        (each float read as the decimal it prints as: 0.1 becomes 1/10)."""
        if not isinstance(game, NormalFormGame):
            raise TypeError(f"game must be a NormalFormGame, got {type(game).__name__}")
        grid = np.vectorize(lambda v: sp.nsimplify(float(v), rational=True),
                            otypes=[object])(game.payoffs)
        options.setdefault("title", game.title)
        return cls(grid, game.players, game.actions, **options)

    @classmethod
    def from_replicator(cls, equations: Any, variables: Sequence[sp.Symbol],
                        populations: Sequence[str] | None = None,
                        strategies: Sequence[Sequence[str]] | None = None,
                        title: str = "game") -> PopulationGame:
        r"""The game of printed replicator equations, two strategies per population.

        Each equation must be :math:`\dot x_p = x_p(1 - x_p)\,D_p` with :math:`D_p` free
        of :math:`x_p` and affine in each other population's share: the equations of a
        game. The game returned has :math:`u_p(\text{first}, a_{-p}) = D_p(a_{-p})` and
        :math:`u_p(\text{second}, \cdot) = 0`: payoffs are determined only up to terms
        that do not depend on the population's own strategy, which change neither the
        dynamics, nor the Nash equilibria, nor the ESS.

        Parameters
        ----------
        equations : sequence or mapping
            Right-hand sides in the order of ``variables`` (or a mapping variable to
            right-hand side).
        variables : sequence of sympy.Symbol
            The shares of each population's first strategy, as used in ``equations``.

        Raises
        ------
        ValueError
            If an equation is not of that form (use
            :meth:`ReplicatorSystem.from_equations` for any printed system).

        Examples
        --------
        >>> x, y = sp.symbols("x y")
        >>> a, b = sp.symbols("a b", positive=True)
        >>> game = PopulationGame.from_replicator([x * (1 - x) * (a - y),
        ...                                        y * (1 - y) * (x - b)], [x, y])
        >>> game.payoffs[0].tolist()
        [[a - 1, a], [0, 0]]
        """
        system = ReplicatorSystem.from_equations(equations, variables, populations, strategies,
                                                 title=title, detect_game=False)
        differences = _game_differences(system)
        if isinstance(differences, str):
            raise ValueError(differences)
        n = len(system.variables)
        grid = np.empty((n,) + (2,) * n, dtype=object)
        for profile in itertools.product(range(2), repeat=n):
            point = {v: 1 - a for v, a in zip(system.variables, profile, strict=True)}
            for p in range(n):
                cell = (p, *profile)
                grid[cell] = (sp.expand(differences[p].subs(point))
                                       if profile[p] == 0 else sp.Integer(0))
        return cls(grid, system.populations, system.strategies, variables=system.variables,
                   title=title)

    # ------------------------------------------------------------------ access
    @property
    def payoffs(self) -> np.ndarray:
        """The payoff array of sympy expressions, shape ``(P, k_0, ..., k_{P-1})`` (a copy)."""
        return self._payoffs.copy()

    @property
    def n_populations(self) -> int:
        """Number of populations."""
        return self._payoffs.shape[0]

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each population."""
        return tuple(self._payoffs.shape[1:])

    @cached_property
    def parameters(self) -> tuple[sp.Symbol, ...]:
        """The free symbols of the payoffs, sorted by name."""
        symbols: set[sp.Symbol] = set()
        for value in self._payoffs.flat:
            symbols |= value.free_symbols
        return tuple(sorted(symbols, key=str))

    @cached_property
    def population_variables(self) -> tuple[tuple[sp.Symbol, ...], ...]:
        """The reduced coordinates of each population."""
        edges = np.cumsum([0, *(k - 1 for k in self.shape)])
        return tuple(self.variables[a:b] for a, b in itertools.pairwise(edges))

    def payoff(self, population: int, profile: Sequence[int | str]) -> sp.Expr:
        """Payoff of ``population`` at a pure profile (strategy indices or names)."""
        if not 0 <= int(population) < self.n_populations:
            raise ValueError(f"population must be in 0..{self.n_populations - 1}, got {population}")
        index = self._profile_index(profile)
        cell = (int(population), *index)
        return self._payoffs[cell]

    def _profile_index(self, profile: Sequence[int | str]) -> tuple[int, ...]:
        if len(profile) != self.n_populations:
            raise ValueError(f"profile must name one strategy per population, got {profile!r}")
        index = []
        for p, a in enumerate(profile):
            if isinstance(a, str):
                if a not in self.strategies[p]:
                    raise ValueError(f"{a!r} is not a strategy of {self.populations[p]!r}: "
                                     f"{self.strategies[p]}")
                index.append(self.strategies[p].index(a))
            else:
                if not 0 <= int(a) < self.shape[p]:
                    raise ValueError(f"strategy index {a} of {self.populations[p]!r} must be in "
                                     f"0..{self.shape[p] - 1}")
                index.append(int(a))
        return tuple(index)

    @cached_property
    def shares(self) -> tuple[tuple[sp.Expr, ...], ...]:
        """Each population's shares of every strategy in reduced coordinates."""
        return tuple((*group, 1 - sum(group, sp.Integer(0)))
                     for group in self.population_variables)

    @cached_property
    def expected_payoffs(self) -> tuple[tuple[sp.Expr, ...], ...]:
        """:math:`u_{p,a}(x)`: expected payoff of each strategy of each population against
        the other populations' shares (expanded polynomials)."""
        values = []
        for p in range(self.n_populations):
            per_strategy = []
            for a in range(self.shape[p]):
                total = sp.Integer(0)
                others = [range(k) if q != p else (a,) for q, k in enumerate(self.shape)]
                for profile in itertools.product(*others):
                    weight = sp.Mul(*(self.shares[q][profile[q]]
                                      for q in range(self.n_populations) if q != p))
                    cell = (p, *profile)
                    total += self._payoffs[cell] * weight
                per_strategy.append(sp.expand(total))
            values.append(tuple(per_strategy))
        return tuple(values)

    def payoff_difference(self, population: int) -> sp.Expr:
        r""":math:`u_{p,1}(x) - u_{p,2}(x)` of a two-strategy population, factored by the
        other populations' shares (the bracket of :math:`\dot x = x(1-x)[\dots]`)."""
        if self.shape[population] != 2:
            raise ValueError(f"population {self.populations[population]!r} has "
                             f"{self.shape[population]} strategies; the payoff difference is "
                             f"defined for 2")
        first, second = self.expected_payoffs[population]
        return sp.collect(sp.expand(first - second), list(self.variables))

    def replicator(self) -> ReplicatorSystem:
        """The replicator dynamics in reduced coordinates (cached)."""
        return self._replicator

    @cached_property
    def _replicator(self) -> ReplicatorSystem:
        equations = []
        for p, group in enumerate(self.population_variables):
            u = self.expected_payoffs[p]
            mean = sum((s * v for s, v in zip(self.shares[p], u, strict=True)), sp.Integer(0))
            for a, variable in enumerate(group):
                if self.shape[p] == 2:
                    # the printed form x(1 - x)(u_1 - u_2), kept factored
                    equations.append(variable * (1 - variable) * self.payoff_difference(p))
                else:
                    equations.append(variable * sp.expand(u[a] - mean))
        return ReplicatorSystem(equations, self.variables, self.populations, self.strategies,
                                sizes=self.shape, game=self, title=self.title)

    def vertex_eigenvalues(self, profile: Sequence[int | str]) -> tuple[sp.Expr, ...]:
        r"""Eigenvalues of the replicator Jacobian at the vertex where every population
        plays the strategy of ``profile``: the payoff gains
        :math:`u_p(b, a_{-p}) - u_p(a_p, a_{-p})` of switching to each other strategy
        :math:`b`, population after population.

        At a vertex every row of the Jacobian that belongs to an unused strategy has only
        its diagonal entry, so the matrix is triangular in the coordinates of the unused
        strategies and these differences are its eigenvalues exactly (e.g. Friedman 1991,
        "Evolutionary games in economics", *Econometrica* 59; Weibull 1995, *Evolutionary
        Game Theory*, sec. 5.1).
        """
        index = self._profile_index(profile)
        values = []
        for p, chosen in enumerate(index):
            cell = (p, *index)
            here = self._payoffs[cell]
            for b in range(self.shape[p]):
                if b != chosen:
                    other = list(index)
                    other[p] = b
                    other_key = (p, *other)
                    values.append(self._payoffs[other_key] - here)
        return tuple(values)

    # ------------------------------------------------------------------ numbers
    def _values(self, values: Mapping[Any, Any]) -> dict[sp.Symbol, Any]:
        if not isinstance(values, Mapping):
            raise TypeError(f"values must map parameters (symbols or names) to numbers, got "
                            f"{type(values).__name__}")
        by_name = {str(s): s for s in self.parameters}
        result = {}
        for key, value in values.items():
            name = str(key)
            if name not in by_name:
                raise ValueError(f"{name!r} is not a parameter of the game; parameters: "
                                 f"{sorted(by_name)}")
            result[by_name[name]] = value
        return result

    def subs(self, values: Mapping[Any, Any]) -> PopulationGame:
        """The game with some parameters replaced (by numbers or expressions)."""
        substitution = self._values(values)
        grid = np.vectorize(lambda e: e.subs(substitution), otypes=[object])(self._payoffs)
        return PopulationGame(grid, self.populations, self.strategies, self.variables, self.title)

    def to_normal_form(self, values: Mapping[Any, Any] | None = None) -> NormalFormGame:
        """The numeric game at parameter ``values`` (every parameter needs a value), for
        the solvers and the numeric dynamics of :mod:`ica_model.engine.evolutionary.dynamics`.

        Raises
        ------
        ValueError
            If a parameter has no value or a payoff is not finite there.
        """
        substitution = self._values(values or {})
        missing = [str(s) for s in self.parameters if s not in substitution]
        if missing:
            raise ValueError(f"values has no value for the parameters {missing}")
        numbers = np.empty(self._payoffs.shape, dtype=float)
        for index, expression in np.ndenumerate(self._payoffs):
            number = complex(sp.N(expression.subs(substitution)))
            if abs(number.imag) > 0 or not np.isfinite(number.real):
                raise ValueError(f"payoff at {index} is {number} at these values; it must be a "
                                 f"finite real number")
            numbers[index] = number.real
        return NormalFormGame(numbers, self.populations, self.strategies, self.title)

    def full_state(self, reduced: Any) -> np.ndarray:
        """Reduced coordinates (shape ``(..., len(variables))``) to the full layout of
        :mod:`ica_model.engine.evolutionary.dynamics` (every share, population after population)."""
        return full_layout(reduced, self.shape)

    def reduced_state(self, full: Any) -> np.ndarray:
        """The full layout ``[x, 1 - x, y, 1 - y, ...]`` to reduced coordinates."""
        return reduced_layout(full, self.shape)

    # ------------------------------------------------------------------ dunder
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PopulationGame):
            return NotImplemented
        return (self.populations == other.populations and self.strategies == other.strategies
                and self.variables == other.variables and self.shape == other.shape
                and all(sp.expand(a - b) == 0 for a, b in zip(self._payoffs.flat,
                                                             other._payoffs.flat, strict=True)))

    def __hash__(self) -> int:
        return hash((self.populations, self.strategies, self.variables, self.shape))

    def __repr__(self) -> str:
        return (f"PopulationGame({self.title!r}, populations={self.populations}, "
                f"shape={self.shape}, parameters={tuple(str(s) for s in self.parameters)})")


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
        equations = [to_sympy(f"equations[{i}]", e) for i, e in enumerate(check_sequence(
            "equations", equations, "a sequence of expressions, one per variable"))]
        if len(equations) != len(self.variables):
            raise ValueError(f"there must be one equation per variable: {len(equations)} "
                             f"equations, {len(self.variables)} variables")
        for i, e in enumerate(equations):
            if not isinstance(e, sp.Expr) or e.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.I):
                raise ValueError(f"equation {i} must be a finite sympy expression, got {e!r}")
        self.equations: tuple[sp.Expr, ...] = tuple(equations)
        if sizes is not None and (isinstance(sizes, str | bytes) or not isinstance(sizes, Iterable)):
            raise TypeError(f"sizes must be a sequence of strategy counts, got {sizes!r}")
        self.sizes = (tuple(check_int(f"sizes[{p}]", k, 2) for p, k in enumerate(sizes))
                      if sizes is not None else (2,) * len(equations))
        if any(k < 2 for k in self.sizes) or sum(k - 1 for k in self.sizes) != len(equations):
            raise ValueError(f"sizes {self.sizes} must be >= 2 and give {len(equations)} reduced "
                             f"coordinates in total")
        n = len(self.sizes)
        self.populations = (_labels("populations", populations) if populations is not None
                            else tuple(f"population {p + 1}" for p in range(n)))
        if strategies is None:
            strategies = [[f"s{a + 1}" for a in range(k)] for k in self.sizes]
        self.strategies = _strategy_labels(strategies)
        if len(self.populations) != n or tuple(len(s) for s in self.strategies) != self.sizes:
            raise ValueError(f"populations {self.populations} and strategies {self.strategies} "
                             f"must match the sizes {self.sizes}")
        self.game = game
        self.title = check_instance("title", title, str, "a string")

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
        :mod:`ica_model.engine.evolutionary.dynamics`."""
        return full_layout(reduced, self.sizes)

    def reduced_state(self, full: Any) -> np.ndarray:
        """The full layout ``[x, 1 - x, y, 1 - y, ...]`` to reduced coordinates."""
        return reduced_layout(full, self.sizes)

    def __repr__(self) -> str:
        return (f"ReplicatorSystem({self.title!r}, variables={tuple(map(str, self.variables))}, "
                f"parameters={tuple(map(str, self.parameters))}, game={self.game is not None})")
