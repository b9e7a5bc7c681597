r"""Cooperative games: the surplus of coalitions and its division.

* :class:`CoalitionalGame`: a transferable-utility game :math:`v : 2^N \to \mathbb R`,
  stored by bitmask (bit :math:`i` set when player :math:`i` is in the coalition).
* :func:`shapley_values` (exact, :math:`n \cdot 2^{n-1}` terms, vectorised) and
  :func:`shapley_sample` (seeded random permutations with standard errors; Castro, Gómez
  and Tejada 2009, *Comput. Oper. Res.* 36).
* :func:`core` and :func:`in_core`: :math:`\{x : \sum_N x = v(N),\ \sum_S x \ge v(S)\}`;
  non-emptiness by the linear programme :math:`\min \sum_i x_i` s.t. the coalition
  constraints (Bondareva 1963, Shapley 1967), solved with ``scipy.optimize.linprog``.
* :func:`nucleolus`: the allocation that lexicographically minimises the largest
  excesses, by the sequence of linear programmes of Maschler, Peleg and Shapley (1979,
  "Geometric properties of the kernel, nucleolus and related solution concepts", *Math.
  Oper. Res.* 4) with Kohlberg's (1971) characterisation deciding which coalitions to fix.
* Cost games (``kind="cost"``, :meth:`CoalitionalGame.from_costs`): :math:`c(S)` is what
  coalition :math:`S` pays on its own; Shapley values, the core
  :math:`\{y : \sum_N y = c(N),\ \sum_S y \le c(S)\}` and the nucleolus come as cost
  shares, with no negation by hand (airport games, Littlechild and Owen 1973).
* :func:`coalition_stability`, :func:`stable_coalitions`, :func:`stable_sizes`: internal
  and external stability of a coalition in any game given by the payoff of each player
  when a coalition forms and the others stay out (cartels, international environmental
  agreements; d'Aspremont, Jacquemin, Gabszewicz and Weymark 1983, "On the stability of
  collusive price leadership", *Can. J. Econ.* 16), with the weak convention or
  d'Aspremont's (weak internal, strict external).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from math import factorial
from typing import Any

import numpy as np
from scipy.optimize import linprog

from .._validation import (
    check_bool,
    check_callable,
    check_int,
    check_real_array,
    check_size,
    check_unique,
    generator_of,
)
from .solvers.verify import check_tolerance

__all__ = [
    "CONVENTIONS",
    "CoalitionStability",
    "CoalitionalGame",
    "CoreResult",
    "coalition_stability",
    "core",
    "in_core",
    "nucleolus",
    "shapley_sample",
    "shapley_values",
    "stable_coalitions",
    "stable_sizes",
]

_MAX_EXACT = 22


def _popcount(masks: np.ndarray) -> np.ndarray:
    counts = np.zeros(masks.shape, dtype=np.int64)
    work = masks.copy()
    while work.any():
        counts += work & 1
        work >>= 1
    return counts


class CoalitionalGame:
    """A transferable-utility game in characteristic-function form.

    Parameters
    ----------
    values : array_like
        ``values[mask]`` is :math:`v(S)` (or the cost :math:`c(S)`) of the coalition whose
        bitmask is ``mask``; length :math:`2^n`, with ``values[0] == 0``.
    players : sequence of str, optional
    kind : {"profit", "cost"}
        ``"profit"``: :math:`v(S)` is what :math:`S` can earn and share (the default).
        ``"cost"``: :math:`c(S)` is what :math:`S` must pay on its own; solutions are then
        cost shares (Shapley values, core, nucleolus), computed on the game
        :math:`v = -c` and given back with their sign restored.

    Examples
    --------
    The glove game: player 0 holds a left glove, players 1 and 2 right gloves.

    >>> glove = CoalitionalGame.from_function(3, lambda s: float(0 in s and len(s) >= 2))
    >>> [round(float(x), 6) for x in shapley_values(glove)]
    [0.666667, 0.166667, 0.166667]
    """

    def __init__(self, values: Any, players: Sequence[str] | None = None,
                 kind: str = "profit") -> None:
        array = check_real_array("values", values)
        n = int(np.log2(max(array.size, 1)))
        if array.ndim != 1 or array.size != 2**n or n < 1:
            raise ValueError(f"values must have length 2**n for n >= 1 players, got shape "
                             f"{array.shape}")
        if not np.all(np.isfinite(array)):
            raise ValueError("values must be finite")
        if array[0] != 0:
            raise ValueError(f"values[0] (the empty coalition) must be 0, got {array[0]}")
        if not isinstance(kind, str) or kind not in ("profit", "cost"):
            raise ValueError(f"kind must be 'profit' or 'cost', got {kind!r}")
        array.setflags(write=False)
        self.values = array
        self.n = n
        self.kind = kind
        if players is not None and (isinstance(players, (str, bytes))
                                    or not isinstance(players, Sequence)):
            raise TypeError(f"players must be a sequence of names, got {players!r}")
        self.players = tuple(players) if players is not None else tuple(str(i) for i in range(n))
        if len(self.players) != n:
            raise ValueError(f"players names {len(self.players)} players, values hold {n}")

    @classmethod
    def from_function(cls, n: int, function: Callable[[frozenset[int]], float],
                      players: Sequence[str] | None = None, kind: str = "profit"
                      ) -> CoalitionalGame:
        """Build from ``function(coalition)`` on frozensets of player indices."""
        n = check_int("n", n, 1, _MAX_EXACT)
        check_callable("function", function, "coalition -> value")
        values = [0.0 if mask == 0 else float(function(frozenset(
            i for i in range(n) if mask >> i & 1))) for mask in range(2**n)]
        return cls(values, players, kind)

    @classmethod
    def from_costs(cls, n: int, cost: Callable[[frozenset[int]], float],
                   players: Sequence[str] | None = None) -> CoalitionalGame:
        """A cost game from ``cost(coalition)``.

        Examples
        --------
        The airport game of Littlechild and Owen (1973): a runway long enough for the
        largest plane of a coalition costs that plane's requirement.

        >>> airport = CoalitionalGame.from_costs(3, lambda s: max([1.0, 3.0, 6.0][i] for i in s))
        >>> shapley_values(airport).round(4).tolist()     # each segment split equally
        [0.3333, 1.3333, 4.3333]
        """
        check_callable("cost", cost, "coalition -> cost")
        return cls.from_function(n, cost, players, kind="cost")

    @property
    def profit_values(self) -> np.ndarray:
        """:math:`v(S)`, or :math:`-c(S)` for a cost game."""
        return self.values if self.kind == "profit" else -self.values

    def savings_game(self) -> CoalitionalGame:
        r"""For a cost game, the profit game of savings
        :math:`s(S) = \sum_{i \in S} c(\{i\}) - c(S)`."""
        if self.kind != "cost":
            raise ValueError("savings_game needs a cost game (kind='cost')")
        masks = np.arange(2**self.n, dtype=np.int64)
        singles = self.values[1 << np.arange(self.n)]
        alone = ((masks[:, None] >> np.arange(self.n)) & 1) @ singles
        return CoalitionalGame(alone - self.values, self.players)

    def value(self, coalition: Iterable[int]) -> float:
        """:math:`v(S)` (or :math:`c(S)`) for a coalition given by player indices."""
        mask = 0
        for i in coalition:
            if not 0 <= int(i) < self.n:
                raise ValueError(f"player index must be in 0..{self.n - 1}, got {i}")
            mask |= 1 << int(i)
        return float(self.values[mask])

    def __repr__(self) -> str:
        return f"CoalitionalGame(n={self.n}, kind={self.kind!r}, players={self.players})"


def shapley_values(game: CoalitionalGame) -> np.ndarray:
    """Exact Shapley values (Shapley 1953), vectorised over coalitions; cost shares for a
    cost game (the formula is linear in the values).

    :math:`\\phi_i = \\sum_{S \\not\\ni i} \\frac{|S|!(n-|S|-1)!}{n!}(v(S \\cup i) - v(S))`.
    """
    if not isinstance(game, CoalitionalGame):
        raise TypeError(f"game must be a CoalitionalGame, got {type(game).__name__}")
    n = game.n
    masks = np.arange(2**n, dtype=np.int64)
    sizes = _popcount(masks)
    weights = np.array([factorial(s) * factorial(n - s - 1) / factorial(n) if s < n else 0.0
                        for s in range(n + 1)])
    phi = np.empty(n)
    for i in range(n):
        without = masks[(masks >> i & 1) == 0]
        phi[i] = np.sum(weights[sizes[without]] * (game.values[without | (1 << i)]
                                                   - game.values[without]))
    return phi


def shapley_sample(value: Callable[[np.ndarray], np.ndarray], n: int, permutations: int = 1000,
                   rng: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """Shapley values estimated from random permutations, with standard errors.

    Parameters
    ----------
    value : callable
        ``value(members)`` takes a boolean array ``(k, n)`` of coalitions and returns
        their values ``(k,)``: so games too large to tabulate can be sampled.
    n : int
    permutations : int
    rng : int or numpy.random.Generator
        Seed or generator; the same seed gives the same estimate.

    Returns
    -------
    (estimate, standard_error) : tuple of ndarray

    Examples
    --------
    >>> glove = lambda members: (members[:, 0] & (members[:, 1:].sum(axis=1) >= 1)).astype(float)
    >>> estimate, error = shapley_sample(glove, 3, permutations=4000, rng=1)
    >>> bool(abs(estimate[0] - 2 / 3) < 4 * error[0])
    True
    """
    check_callable("value", value, "boolean coalitions (k, n) -> values (k,)")
    n = check_int("n", n, 1)
    check_size("n", n, 2 * (n + 10) + 48)   # two permutations' coalitions, the fewest allowed
    # per permutation: n + 1 coalitions of n booleans, their values, orders and marginals
    permutations = check_size("permutations", permutations, (n + 1) * (n + 9) + 24 * n, low=2)
    generator = generator_of(rng)
    orders = np.argsort(generator.random((permutations, n)), axis=1)
    members = np.zeros((permutations, n + 1, n), dtype=bool)
    for step in range(n):
        members[:, step + 1] = members[:, step]
        members[np.arange(permutations), step + 1, orders[:, step]] = True
    values = check_real_array("value(members)", value(members.reshape(-1, n)))
    if values.shape != (permutations * (n + 1),) or not np.isfinite(values).all():
        raise ValueError(f"value must return one finite value per coalition, shape "
                         f"({permutations * (n + 1)},); got shape {values.shape}")
    values = values.reshape(permutations, n + 1)
    marginal = np.empty((permutations, n))
    marginal[np.arange(permutations)[:, None], orders] = np.diff(values, axis=1)
    return marginal.mean(axis=0), marginal.std(axis=0, ddof=1) / np.sqrt(permutations)


def _coalition_matrix(n: int) -> np.ndarray:
    masks = np.arange(1, 2**n, dtype=np.int64)
    return ((masks[:, None] >> np.arange(n)) & 1).astype(float)


def in_core(game: CoalitionalGame, allocation: Sequence[float], tolerance: float = 1e-9) -> bool:
    """Whether ``allocation`` is efficient and no coalition can do better on its own (for a
    cost game: no coalition pays more than its stand-alone cost)."""
    if not isinstance(game, CoalitionalGame):
        raise TypeError(f"game must be a CoalitionalGame, got {type(game).__name__}")
    tolerance = check_tolerance(tolerance)
    x = check_real_array("allocation", allocation)
    if x.shape != (game.n,):
        raise ValueError(f"allocation must have {game.n} entries, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"allocation must be finite, got {x.tolist()}")
    sign = 1.0 if game.kind == "profit" else -1.0
    x, values = sign * x, game.profit_values
    scale = tolerance * max(1.0, float(np.abs(values).max()))
    with np.errstate(over="ignore"):   # entries near 1e308: a sum of inf is not efficient
        if abs(x.sum() - values[-1]) > scale:
            return False
        return bool(np.all(_coalition_matrix(game.n) @ x >= values[1:] - scale))


@dataclass(frozen=True)
class CoreResult:
    """Whether the core is non-empty, and a point of it.

    Attributes
    ----------
    nonempty : bool
    allocation : tuple of float or None
        A core allocation (None if the core is empty).
    deficit : float
        :math:`\\min \\sum_i x_i - v(N)` over allocations no coalition blocks: positive
        exactly when the core is empty (the subsidy it would take to make it non-empty).
    """

    nonempty: bool
    allocation: tuple[float, ...] | None
    deficit: float


def core(game: CoalitionalGame, tolerance: float = 1e-9) -> CoreResult:
    """Non-emptiness of the core and a core allocation, by linear programming.

    For a cost game the allocation is a vector of cost shares and ``deficit`` is the part
    of :math:`c(N)` that no core-respecting division can charge.

    Examples
    --------
    >>> majority = CoalitionalGame.from_function(3, lambda s: float(len(s) >= 2))
    >>> core(majority).nonempty, round(core(majority).deficit, 6)
    (False, 0.5)
    """
    if not isinstance(game, CoalitionalGame):
        raise TypeError(f"game must be a CoalitionalGame, got {type(game).__name__}")
    tolerance = check_tolerance(tolerance)
    values = game.profit_values
    matrix = _coalition_matrix(game.n)
    solution = linprog(np.ones(game.n), A_ub=-matrix, b_ub=-values[1:],
                       bounds=[(None, None)] * game.n, method="highs")
    if not solution.success:  # pragma: no cover - the LP is always feasible and bounded
        raise RuntimeError(f"linprog failed: {solution.message}")
    assert solution.x is not None and solution.fun is not None  # set whenever success is
    deficit = float(solution.fun - values[-1])
    if deficit > tolerance * max(1.0, float(np.abs(values).max())):
        return CoreResult(False, None, deficit)
    x = solution.x + (values[-1] - solution.x.sum()) / game.n  # raise to efficiency
    sign = 1.0 if game.kind == "profit" else -1.0
    return CoreResult(True, tuple(float(sign * v) for v in x), deficit)


_MAX_NUCLEOLUS = 16


def _span_residual(basis: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Distance of each row of ``rows`` from the row space of ``basis``."""
    if basis.size == 0:
        return np.linalg.norm(rows, axis=1)
    # an orthonormal basis of the row space from the SVD (a QR's first rank columns do not
    # span it when a dependent row comes before an independent one)
    _, singular, vt = np.linalg.svd(basis, full_matrices=False)
    q = vt[singular > 1e-9 * singular.max()].T
    return np.linalg.norm(rows - (rows @ q) @ q.T, axis=1)


def nucleolus(game: CoalitionalGame, imputations: bool = True) -> np.ndarray:
    r"""The nucleolus (Schmeidler 1969): the allocation whose vector of excesses
    :math:`e(S, x) = v(S) - x(S)`, sorted decreasingly, is lexicographically smallest.

    Computed by the sequence of linear programmes of Maschler, Peleg and Shapley (1979):
    minimise the largest excess :math:`t` over the coalitions not yet fixed; the coalitions
    whose constraint has a positive dual value are tight at every optimum (Kohlberg 1971,
    "On the nucleolus of a characteristic function game", *SIAM J. Appl. Math.* 20), so
    their excess is fixed at :math:`t`; coalitions whose excess is then determined leave
    the programme; repeat until the fixed coalitions determine :math:`x`. At most
    :math:`n` rounds of programmes with :math:`2^n` constraints.

    Parameters
    ----------
    game : CoalitionalGame
        Up to 16 players. For a cost game the result is a vector of cost shares, the
        nucleolus of :math:`v = -c` with its sign restored (excess :math:`y(S) - c(S)`).
    imputations : bool
        Restrict to imputations (:math:`x_i \ge v(\{i\})`), the nucleolus proper; False
        gives the pre-nucleolus (efficiency only).

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    ValueError
        If ``imputations`` and the imputation set is empty
        (:math:`\sum_i v(\{i\}) > v(N)`).

    Examples
    --------
    The bankruptcy problem of the Talmud (Aumann and Maschler 1985, "Game theoretic
    analysis of a bankruptcy problem from the Talmud", *J. Econ. Theory* 36): claims 100,
    200 and 300 on an estate of 200; the nucleolus is the Talmud's division 50, 75, 75.

    >>> claims, estate = [100, 200, 300], 200
    >>> game = CoalitionalGame.from_function(
    ...     3, lambda s: max(0, estate - sum(c for i, c in enumerate(claims) if i not in s)))
    >>> nucleolus(game).round(6).tolist()
    [50.0, 75.0, 75.0]
    """
    if not isinstance(game, CoalitionalGame):
        raise TypeError(f"game must be a CoalitionalGame, got {type(game).__name__}")
    check_bool("imputations", imputations)
    n = check_int("the number of players of game", game.n, 1, _MAX_NUCLEOLUS)
    values = game.profit_values
    sign = 1.0 if game.kind == "profit" else -1.0
    singles = values[1 << np.arange(n)]
    scale = max(1.0, float(np.abs(values).max()))
    tol = 1e-9 * scale
    if imputations and singles.sum() > values[-1] + tol:
        raise ValueError(f"the imputation set is empty: the players' stand-alone values sum to "
                         f"{singles.sum():g} > v(N) = {values[-1]:g}; use imputations=False for "
                         f"the pre-nucleolus")
    if n == 1:
        return np.array([sign * values[-1]])
    masks = np.arange(1, 2**n - 1, dtype=np.int64)
    incidence = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    active = np.ones(len(masks), dtype=bool)
    fixed_rows = [np.ones(n)]
    fixed_rhs = [float(values[-1])]
    bounds = [(float(v), None) for v in singles] if imputations else [(None, None)] * n
    for _ in range(2**n):
        basis = np.array(fixed_rows)
        if np.linalg.matrix_rank(basis, tol=1e-9) >= n:
            break
        # coalitions whose excess is already determined leave the programme
        active &= _span_residual(basis, incidence) > 1e-9
        if not active.any():
            break
        rows = incidence[active]
        # variables (x, t): minimise t; -x(S) - t <= -v(S); fixed: x(S) = v(S) - t_S
        a_ub = np.hstack([-rows, -np.ones((len(rows), 1))])
        b_ub = -values[masks[active]]
        a_eq = np.hstack([basis, np.zeros((len(basis), 1))])
        solution = linprog(np.r_[np.zeros(n), 1.0], A_ub=a_ub, b_ub=b_ub, A_eq=a_eq,
                           b_eq=np.array(fixed_rhs), bounds=[*bounds, (None, None)],
                           method="highs")
        if not solution.success:  # pragma: no cover - feasible and bounded by construction
            raise RuntimeError(f"linprog failed: {solution.message}")
        assert solution.x is not None  # set whenever success is
        level = solution.x[-1]
        duals = -solution.ineqlin.marginals
        tight = np.flatnonzero(duals > 1e-10)
        if tight.size == 0:  # pragma: no cover - degenerate duals: test each tight coalition
            slack = b_ub - a_ub @ solution.x
            tight = np.flatnonzero(np.abs(slack) <= tol)
        indices = np.flatnonzero(active)[tight]
        for index in indices:
            fixed_rows.append(incidence[index])
            fixed_rhs.append(float(values[masks[index]] - level))
        active[indices] = False
        if imputations:  # imputation bounds with a positive dual are tight at every optimum
            lower = solution.lower.marginals[:n]
            for i in np.flatnonzero(lower > 1e-10):
                fixed_rows.append(np.eye(n)[i])
                fixed_rhs.append(float(singles[i]))
    x, *_ = np.linalg.lstsq(np.array(fixed_rows), np.array(fixed_rhs), rcond=None)
    return sign * x


# ---------------------------------------------------------------------- coalition stability
#: ``"weak"``: a member leaves, an outsider joins, only for a strict gain (ties stay put).
#: ``"d'Aspremont"``: weak internal, strict external stability (d'Aspremont et al. 1983):
#: an outsider joins as soon as joining does not make it worse off.
CONVENTIONS = ("weak", "d'Aspremont")


@dataclass(frozen=True)
class CoalitionStability:
    r"""Internal and external stability of one coalition.

    Attributes
    ----------
    members : frozenset
        Player indices (or the names a caller labels them with, as
        :func:`ica_model.analysis.coalitions.scenario_coalition_stability` does).
    internal : bool
        No member gains by leaving.
    external : bool
        No outsider gains by joining (under d'Aspremont's convention: every outsider
        strictly loses by joining).
    leaving_gains : dict
        Member to :math:`u_i(S \setminus i) - u_i(S)` (positive: it would leave).
    joining_gains : dict
        Outsider to :math:`u_j(S \cup j) - u_j(S)`.
    convention : str
    """

    members: frozenset[Any]
    internal: bool
    external: bool
    leaving_gains: dict[Any, float]
    joining_gains: dict[Any, float]
    convention: str

    @property
    def stable(self) -> bool:
        return self.internal and self.external


def _check_convention(convention: str) -> str:
    if not isinstance(convention, str) or convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")
    return convention


def _judge(leaving: np.ndarray, joining: np.ndarray, convention: str, tolerance: float
           ) -> tuple[bool, bool]:
    internal = bool(np.all(leaving <= tolerance))
    if convention == "weak":
        external = bool(np.all(joining <= tolerance))
    else:
        external = bool(np.all(joining < -tolerance))
    return internal, external


def coalition_stability(n: int, members: Iterable[int],
                        payoff: Callable[[frozenset[int], int], float],
                        convention: str = "weak", tolerance: float = 1e-9) -> CoalitionStability:
    """Internal and external stability of the coalition ``members`` in any game.

    Parameters
    ----------
    n : int
        Number of players.
    members : iterable of int
    payoff : callable
        ``payoff(coalition, player)``: the payoff of ``player`` when exactly
        ``coalition`` (a frozenset) forms and the others stay out, as members or
        outsiders alike; asymmetric games welcome.
    convention : {"weak", "d'Aspremont"}
        See :data:`CONVENTIONS`.
    tolerance : float
        Relative to the largest payoff involved.

    Examples
    --------
    A public good with linear benefit and quadratic cost (benefit 1 per unit of the total,
    cost q**2 / 2; members choose their output jointly): with n = 10, a coalition of 3 is
    stable, one of 4 is not (a member gains by leaving).

    >>> def payoff(s, i, n=10):
    ...     k = len(s)
    ...     total = k * k + (n - k)          # members produce k each, outsiders 1
    ...     own = k if i in s else 1
    ...     return total - own**2 / 2
    >>> coalition_stability(10, {0, 1, 2}, payoff).stable
    True
    >>> coalition_stability(10, {0, 1, 2, 3}, payoff).internal
    False
    """
    n = check_int("n", n, 1, _MAX_EXACT)
    _check_convention(convention)
    tolerance = check_tolerance(tolerance)
    check_callable("payoff", payoff, "coalition, player -> payoff")
    if isinstance(members, str | bytes) or not isinstance(members, Iterable):
        raise TypeError(f"members must be an iterable of player indices, got {members!r}")
    listed = [check_int("members", i) for i in members]
    check_unique("members", listed)
    members = frozenset(listed)
    if any(not 0 <= i < n for i in members):
        raise ValueError(f"members must be player indices in 0..{n - 1}, got {sorted(members)}")
    here = {i: float(payoff(members, i)) for i in range(n)}
    leaving = {i: float(payoff(members - {i}, i)) - here[i] for i in sorted(members)}
    joining = {j: float(payoff(members | {j}, j)) - here[j] for j in range(n) if j not in members}
    involved = [*here.values(), *(here[i] + g for i, g in leaving.items()),
                *(here[j] + g for j, g in joining.items())]
    if not np.all(np.isfinite(involved)):
        raise ValueError(f"payoff returned a non-finite value around coalition {sorted(members)}")
    scale = tolerance * max(1.0, float(np.abs(involved).max()))
    internal, external = _judge(np.array(list(leaving.values())), np.array(list(joining.values())),
                                convention, scale)
    return CoalitionStability(members, internal, external, leaving, joining, convention)


def stable_coalitions(n: int, payoff: Callable[[frozenset[int], int], float],
                      convention: str = "weak", tolerance: float = 1e-9,
                      ) -> list[frozenset[int]]:
    """Every internally and externally stable coalition (``n`` up to 16; the empty coalition
    included when stable), in order of size then members.

    Examples
    --------
    >>> def payoff(s, i, n=5):
    ...     k = len(s)
    ...     return k * k + (n - k) - (k if i in s else 1) ** 2 / 2
    >>> sorted(len(s) for s in stable_coalitions(5, payoff, "d'Aspremont"))[:3]
    [3, 3, 3]
    """
    n = check_int("n", n, 1, _MAX_NUCLEOLUS)
    _check_convention(convention)
    tolerance = check_tolerance(tolerance)
    found = []
    for size in range(n + 1):
        for members in itertools.combinations(range(n), size):
            if coalition_stability(n, members, payoff, convention, tolerance).stable:
                found.append(frozenset(members))
    return found


def stable_sizes(n: int, insider: Callable[[np.ndarray], Any], outsider: Callable[[np.ndarray], Any],
                 convention: str = "weak", tolerance: float = 1e-9) -> np.ndarray:
    r"""Stable coalition sizes of a symmetric game, for any ``n`` (vectorised).

    Parameters
    ----------
    n : int
    insider, outsider : callable
        Per-member payoff of a member (sizes 1..n) and of an outsider (sizes 0..n-1) as
        functions of the coalition's size, called with integer arrays.
    convention : {"weak", "d'Aspremont"}

    Returns
    -------
    ndarray of int
        The sizes :math:`k` with :math:`\pi_I(k) \ge \pi_O(k-1)` (internal; always true
        at :math:`k = 0`) and :math:`\pi_O(k) \ge \pi_I(k+1)` (external; strict under
        d'Aspremont's convention; always true at :math:`k = n`).

    Examples
    --------
    The cartel of the linear public good above: sizes 2 and 3 are stable under the weak
    convention (an outsider of a pair is indifferent about joining), and so is the empty
    coalition (a lone member is no different from an outsider); only 3 under
    d'Aspremont's.

    >>> n = 10
    >>> insider = lambda k: k * k / 2 + n - k
    >>> outsider = lambda k: k * k + n - k - 0.5
    >>> stable_sizes(n, insider, outsider).tolist(), stable_sizes(n, insider, outsider,
    ...                                                            "d'Aspremont").tolist()
    ([0, 2, 3], [3])
    """
    n = check_size("n", n, 64 * 8)          # sizes, payoffs and the comparisons per size
    _check_convention(convention)
    tolerance = check_tolerance(tolerance)
    check_callable("insider", insider, "sizes -> payoffs")
    check_callable("outsider", outsider, "sizes -> payoffs")
    sizes = np.arange(n + 1)
    inside = np.asarray(insider(sizes[1:]), dtype=float)
    outside = np.asarray(outsider(sizes[:-1]), dtype=float)
    if inside.shape != (n,) or outside.shape != (n,):
        raise ValueError(f"insider and outsider must return one payoff per size, got shapes "
                         f"{inside.shape} and {outside.shape} for {n} sizes")
    if not (np.all(np.isfinite(inside)) and np.all(np.isfinite(outside))):
        raise ValueError("insider and outsider must return finite payoffs")
    scale = tolerance * max(1.0, float(np.abs(inside).max()), float(np.abs(outside).max()))
    leaving = np.r_[-np.inf, outside - inside]          # k = 0 has nobody to leave
    joining = np.r_[inside - outside, -np.inf]          # k = n has nobody to join
    internal = leaving <= scale
    external = joining <= scale if convention == "weak" else joining < -scale
    return sizes[internal & external]
