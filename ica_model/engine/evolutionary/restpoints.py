r"""The rest points of a replicator system: the vertices of the state space, their orders,
and the exact rest points on the faces where some populations mix.

Every vertex of the state space is a rest point of a replicator system. Other rest
points lie in the relative interior of a face where some populations mix: with the
supports fixed, they solve the indifference equations (equal payoffs of the supported
strategies), which sympy solves for symbolic parameters when it can. A point found this
way exists when all its supported shares are strictly positive; :attr:`SymbolicRestPoint.exists`
holds that condition.

This module sits beneath :mod:`~ica_model.engine.evolutionary.game` (the game and its
:class:`~ica_model.engine.evolutionary.game.ReplicatorSystem`), which calls its face
solvers; it imports neither.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from ..._validation import check_int, check_real_array, check_sequence, did_you_mean

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from .game import PopulationGame, ReplicatorSystem

__all__ = ["ORDERS", "SymbolicRestPoint", "Vertex", "full_layout", "reduced_layout"]

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


# ---------------------------------------------------------------------- the two layouts
def full_layout(reduced: Any, sizes: Sequence[int]) -> np.ndarray:
    """Reduced coordinates (shape ``(..., sum(k - 1))``: each population's shares but its
    last) to the full layout (every share, population after population), for populations
    of ``sizes`` strategies: the one conversion between the papers' coordinates and the
    numeric dynamics' (:mod:`~ica_model.engine.evolutionary.dynamics`).

    Examples
    --------
    >>> full_layout([0.25, 0.5], (2, 2)).tolist()
    [0.25, 0.75, 0.5, 0.5]
    """
    z = check_real_array("reduced", reduced)
    if not np.isfinite(z).all():
        raise ValueError(f"reduced must be finite, got {reduced!r}")
    sizes = _checked_sizes(sizes)
    if z.ndim == 0 or z.shape[-1] != sum(k - 1 for k in sizes):
        raise ValueError(f"reduced state must have {sum(k - 1 for k in sizes)} entries for "
                         f"sizes {sizes}, got shape {z.shape}")
    parts, start = [], 0
    for k in sizes:
        block = z[..., start:start + k - 1]
        parts.extend([block, 1 - block.sum(axis=-1, keepdims=True)])
        start += k - 1
    return np.concatenate(parts, axis=-1)


def reduced_layout(full: Any, sizes: Sequence[int]) -> np.ndarray:
    """The full layout ``[x, 1 - x, y, 1 - y, ...]`` to reduced coordinates (the inverse
    of :func:`full_layout` on the simplex)."""
    x = check_real_array("full", full)
    if not np.isfinite(x).all():
        raise ValueError(f"full must be finite, got {full!r}")
    sizes = _checked_sizes(sizes)
    if x.ndim == 0 or x.shape[-1] != sum(sizes):
        raise ValueError(f"full state must have {sum(sizes)} entries for sizes {sizes}, got "
                         f"shape {x.shape}")
    parts, start = [], 0
    for k in sizes:
        parts.append(x[..., start:start + k - 1])
        start += k
    return np.concatenate(parts, axis=-1)


# ---------------------------------------------------------------------- helpers
def _checked_sizes(sizes: object) -> tuple[int, ...]:
    """``sizes`` as a tuple of strategy counts (each at least 1)."""
    return tuple(check_int("sizes", k, 1, 10**6) for k in check_sequence(
        "sizes", sizes, "a sequence of strategy counts"))


def _unknown_name(name: str, parameters: Mapping[str, Any]) -> str:
    """``name`` when no parameter's name is close to it; a typo raises ValueError."""
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
                    f"shares, with x the variable {variable}")
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
