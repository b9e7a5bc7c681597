r"""Coalitions: the cooperative surplus, its division, and which coalitions are stable.

* :class:`CoalitionalGame`: a transferable-utility game :math:`v : 2^N \to \mathbb R`,
  stored by bitmask (bit :math:`i` set when player :math:`i` is in the coalition).
* :func:`characteristic_function`: the cooperative surplus of a scenario,
  :math:`v(S) = \sum_{i \in S} [U_i(S \text{ cooperate, others defect}) - U_i(\text{nobody cooperates})]`.
* :func:`shapley_values` (exact, :math:`n \cdot 2^{n-1}` terms, vectorised) and
  :func:`shapley_sample` (seeded random permutations with standard errors; Castro, Gómez
  and Tejada 2009, *Comput. Oper. Res.* 36).
* :func:`core` and :func:`in_core`: :math:`\{x : \sum_N x = v(N),\ \sum_S x \ge v(S)\}`;
  non-emptiness by the linear programme :math:`\min \sum_i x_i` s.t. the coalition
  constraints (Bondareva 1963, Shapley 1967), solved with ``scipy.optimize.linprog``.
* :func:`coalition_stability`: internal stability (no member gains by leaving) and
  external stability (no outsider gains by joining) of a set of cooperators when the
  others defect (d'Aspremont, Jacquemin, Gabszewicz and Weymark 1983, *Can. J. Econ.*
  16); :func:`stable_coalitions` (n up to 12) and :func:`stable_sizes` (homogeneous,
  any n): the cooperator sets of the pure equilibria, the same notion with outsiders
  free to defect or comply on paper.
* :func:`minimal_compensation`: the smallest transfers among members (plus outside
  funding, e.g. from incentive intervention, when members' surplus does not suffice)
  that make a coalition internally stable — the compensation mechanism (补偿机制) of
  刘露露, 《数字治理跨界行动中的困境及优化策略》.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from math import factorial
from typing import Any

import numpy as np
from scipy.optimize import linprog

from ._validation import check_int
from .model import profile_payoffs
from .parameters import Intervention, Scenario

__all__ = [
    "CoalitionStability",
    "CoalitionalGame",
    "Compensation",
    "CoreResult",
    "characteristic_function",
    "coalition_stability",
    "core",
    "in_core",
    "minimal_compensation",
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
        ``values[mask]`` is :math:`v(S)` for the coalition whose bitmask is ``mask``;
        length :math:`2^n`, with ``values[0] == 0``.
    players : sequence of str, optional

    Examples
    --------
    The glove game: player 0 holds a left glove, players 1 and 2 right gloves.

    >>> glove = CoalitionalGame.from_function(3, lambda s: float(0 in s and len(s) >= 2))
    >>> [round(float(x), 6) for x in shapley_values(glove)]
    [0.666667, 0.166667, 0.166667]
    """

    def __init__(self, values: Any, players: Sequence[str] | None = None) -> None:
        array = np.asarray(values, dtype=float)
        n = int(np.log2(max(array.size, 1)))
        if array.ndim != 1 or array.size != 2**n or n < 1:
            raise ValueError(f"values must have length 2**n for n >= 1 players, got shape "
                             f"{array.shape}")
        if not np.all(np.isfinite(array)):
            raise ValueError("values must be finite")
        if array[0] != 0:
            raise ValueError(f"the empty coalition must have value 0, got {array[0]}")
        array.setflags(write=False)
        self.values = array
        self.n = n
        self.players = tuple(players) if players is not None else tuple(str(i) for i in range(n))
        if len(self.players) != n:
            raise ValueError(f"players names {len(self.players)} players, values hold {n}")

    @classmethod
    def from_function(cls, n: int, function: Callable[[frozenset[int]], float],
                      players: Sequence[str] | None = None) -> CoalitionalGame:
        """Build from ``function(coalition)`` on frozensets of player indices."""
        n = check_int("n", n, 1, _MAX_EXACT)
        values = [0.0 if mask == 0 else float(function(frozenset(
            i for i in range(n) if mask >> i & 1))) for mask in range(2**n)]
        return cls(values, players)

    def value(self, coalition: Iterable[int]) -> float:
        """:math:`v(S)` for a coalition given by player indices."""
        mask = 0
        for i in coalition:
            if not 0 <= int(i) < self.n:
                raise ValueError(f"player index must be in 0..{self.n - 1}, got {i}")
            mask |= 1 << int(i)
        return float(self.values[mask])


def shapley_values(game: CoalitionalGame) -> np.ndarray:
    """Exact Shapley values (Shapley 1953), vectorised over coalitions.

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
    n = check_int("n", n, 1)
    permutations = check_int("permutations", permutations, 2)
    generator = np.random.default_rng(rng)
    orders = np.argsort(generator.random((permutations, n)), axis=1)
    members = np.zeros((permutations, n + 1, n), dtype=bool)
    for step in range(n):
        members[:, step + 1] = members[:, step]
        members[np.arange(permutations), step + 1, orders[:, step]] = True
    values = np.asarray(value(members.reshape(-1, n)), dtype=float).reshape(permutations, n + 1)
    marginal = np.empty((permutations, n))
    marginal[np.arange(permutations)[:, None], orders] = np.diff(values, axis=1)
    return marginal.mean(axis=0), marginal.std(axis=0, ddof=1) / np.sqrt(permutations)


def _coalition_matrix(n: int) -> np.ndarray:
    masks = np.arange(1, 2**n, dtype=np.int64)
    return ((masks[:, None] >> np.arange(n)) & 1).astype(float)


def in_core(game: CoalitionalGame, allocation: Sequence[float], tolerance: float = 1e-9) -> bool:
    """Whether ``allocation`` is efficient and no coalition can do better on its own."""
    x = np.asarray(allocation, dtype=float)
    if x.shape != (game.n,):
        raise ValueError(f"allocation must have {game.n} entries, got shape {x.shape}")
    if abs(x.sum() - game.values[-1]) > tolerance:
        return False
    return bool(np.all(_coalition_matrix(game.n) @ x >= game.values[1:] - tolerance))


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

    Examples
    --------
    >>> majority = CoalitionalGame.from_function(3, lambda s: float(len(s) >= 2))
    >>> core(majority).nonempty, round(core(majority).deficit, 6)
    (False, 0.5)
    """
    if not isinstance(game, CoalitionalGame):
        raise TypeError(f"game must be a CoalitionalGame, got {type(game).__name__}")
    matrix = _coalition_matrix(game.n)
    solution = linprog(np.ones(game.n), A_ub=-matrix, b_ub=-game.values[1:],
                       bounds=[(None, None)] * game.n, method="highs")
    if not solution.success:  # pragma: no cover - the LP is always feasible and bounded
        raise RuntimeError(f"linprog failed: {solution.message}")
    deficit = float(solution.fun - game.values[-1])
    if deficit > tolerance:
        return CoreResult(False, None, deficit)
    x = solution.x + (game.values[-1] - solution.x.sum()) / game.n  # raise to efficiency
    return CoreResult(True, tuple(float(v) for v in x), deficit)


def _coalition_profiles(scenario: Scenario, masks: np.ndarray) -> np.ndarray:
    n = scenario.n
    members = (masks[:, None] >> np.arange(n)) & 1
    return np.where(members == 1, 0, 1).astype(np.int8)


def characteristic_function(scenario: Scenario, intervention: Intervention | None = None
                            ) -> CoalitionalGame:
    """The cooperative surplus of each coalition of a scenario's actors.

    :math:`v(S)` is the gain of :math:`S`'s members, summed, when exactly they cooperate
    and everyone else defects, over the status quo where nobody cooperates. Budget-balanced
    compensation inside :math:`S` does not change it.

    Examples
    --------
    >>> from ica_model.cases import yangtze_river_delta
    >>> game = characteristic_function(yangtze_river_delta(), Intervention(authority=0.5))
    >>> game.players
    ('Shanghai', 'Jiangsu', 'Zhejiang', 'Anhui')
    """
    n = check_int("number of actors", scenario.n, 1, _MAX_EXACT)
    masks = np.arange(2**n, dtype=np.int64)
    profiles = _coalition_profiles(scenario, masks)
    payoffs = profile_payoffs(scenario, intervention, profiles)
    status_quo = payoffs[0]  # mask 0: nobody cooperates
    members = profiles == 0
    values = ((payoffs - status_quo) * members).sum(axis=1)
    return CoalitionalGame(values, [a.name for a in scenario.actors])


@dataclass(frozen=True)
class CoalitionStability:
    """Stability of the coalition of cooperators ``members`` when the others defect
    (d'Aspremont et al. 1983); members may leave to defect or to comply on paper.

    Attributes
    ----------
    members : frozenset of str
    internal : bool
        No member gains by leaving (to defect or, if enabled, to comply on paper).
    external : bool
        No outsider gains by joining.
    leaving_gains : dict
        Each member's gain from its best way of leaving (positive: it would leave).
    """

    members: frozenset[str]
    internal: bool
    external: bool
    leaving_gains: dict[str, float]

    @property
    def stable(self) -> bool:
        return self.internal and self.external


def _leaving_and_joining(scenario: Scenario, intervention: Intervention | None,
                         masks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gains of leaving (members) and of joining (outsiders), shape (len(masks), n);
    NaN where not applicable."""
    n = scenario.n
    base = _coalition_profiles(scenario, masks)
    stay = profile_payoffs(scenario, intervention, base)
    leave = np.full(base.shape, np.nan)
    join = np.full(base.shape, np.nan)
    alternatives = [1, 2] if scenario.token.enabled else [1]
    for i in range(n):
        member = base[:, i] == 0
        best = np.full(len(masks), -np.inf)
        for action in alternatives:
            moved = base.copy()
            moved[:, i] = action
            best = np.maximum(best, profile_payoffs(scenario, intervention, moved)[:, i])
        leave[member, i] = (best - stay[:, i])[member]
        moved = base.copy()
        moved[:, i] = 0
        joined = profile_payoffs(scenario, intervention, moved)[:, i]
        join[~member, i] = (joined - stay[:, i])[~member]
    return leave, join


def _unique_names(scenario: Scenario) -> list[str]:
    names = [a.name for a in scenario.actors]
    if len(set(names)) != len(names):
        raise ValueError(f"coalitions are named by actor; scenario {scenario.name!r} repeats actor "
                         f"names {sorted({x for x in names if names.count(x) > 1})}")
    return names


def coalition_stability(scenario: Scenario, members: Iterable[str],
                        intervention: Intervention | None = None,
                        tolerance: float = 1e-9) -> CoalitionStability:
    """Internal and external stability of one coalition of cooperators (by actor name)."""
    names = _unique_names(scenario)
    members = frozenset(members)
    unknown = members - set(names)
    if unknown:
        raise ValueError(f"members {sorted(unknown)} are not actors of {scenario.name!r}")
    mask = sum(1 << names.index(m) for m in members)
    leave, join = _leaving_and_joining(scenario, intervention, np.array([mask]))
    gains = {names[i]: float(leave[0, i]) for i in range(scenario.n) if names[i] in members}
    internal = all(g <= tolerance for g in gains.values())
    external = bool(np.all(np.nan_to_num(join[0], nan=-np.inf) <= tolerance))
    return CoalitionStability(members, internal, external, gains)


def stable_coalitions(scenario: Scenario, intervention: Intervention | None = None,
                      tolerance: float = 1e-9) -> list[frozenset[str]]:
    """Every stable coalition of cooperators (n up to 12).

    A coalition is stable when it is the set of cooperators of some pure Nash
    equilibrium: no member gains by leaving and no outsider by joining, with outsiders
    free to defect or, if enabled, comply on paper. In the {C, D} game this is exactly
    d'Aspremont et al.'s internal plus external stability (a test checks it against
    :func:`coalition_stability`).

    Examples
    --------
    >>> from ica_model.cases import g60
    >>> [sorted(set(a.name for a in g60().actors) - s)
    ...  for s in stable_coalitions(g60(), Intervention(authority=0.5))]
    [['Wuhu'], ['Xuancheng']]
    """
    from .solvers.pure import pure_equilibria

    check_int("number of actors", scenario.n, 1, 12)
    names = _unique_names(scenario)
    found: list[frozenset[str]] = []
    result = pure_equilibria(scenario.game(intervention), tolerance)
    for eq in result.equilibria:
        members = frozenset(names[i] for i, a in enumerate(eq.profile) if a == 0)
        if members not in found:
            found.append(members)
    return found


def stable_sizes(scenario: Scenario, intervention: Intervention | None = None,
                 tolerance: float = 1e-9) -> np.ndarray:
    """Sizes of the stable coalitions of a homogeneous group of any size: the numbers of
    cooperators at its pure equilibria (by counts, so n may be in the thousands).

    Examples
    --------
    >>> from ica_model.cases import symmetric
    >>> stable_sizes(symmetric(n=200), Intervention(authority=0.5)).tolist()
    [4]
    """
    from .model import symmetric_game
    from .solvers.symmetric import pure_equilibria_by_counts

    counts = pure_equilibria_by_counts(symmetric_game(scenario, intervention), tolerance)
    return np.unique(counts[:, 0])


@dataclass(frozen=True)
class Compensation:
    """Smallest transfers that make a coalition internally stable.

    Attributes
    ----------
    transfers : dict
        Member name to transfer received (negative: paid).
    external_funding : float
        What the members cannot fund themselves: :math:`\\max(0, \\sum_i d_i)` for
        leaving gains :math:`d_i`; 0 means the compensation is budget-balanced.
    volume : float
        :math:`\\sum_i |t_i|`, the smallest possible.
    """

    transfers: dict[str, float]
    external_funding: float
    volume: float

    @property
    def budget_balanced(self) -> bool:
        return self.external_funding <= 1e-12


def minimal_compensation(scenario: Scenario, members: Iterable[str],
                         intervention: Intervention | None = None) -> Compensation:
    """Transfers :math:`t` with :math:`t_i \\ge d_i` (each member's gain from leaving),
    :math:`\\sum t_i = \\max(0, \\sum d_i)` and the smallest :math:`\\sum |t_i|`
    (a linear programme).

    Examples
    --------
    >>> from ica_model.cases import g60
    >>> everyone = [a.name for a in g60().actors]
    >>> plan = minimal_compensation(g60(), everyone)
    >>> plan.budget_balanced, sorted(k for k, v in plan.transfers.items() if v > 1e-9)
    (True, ['Huzhou', 'Jiaxing', 'Wuhu', 'Xuancheng'])
    """
    stability = coalition_stability(scenario, members, intervention)
    names = sorted(stability.leaving_gains, key=[a.name for a in scenario.actors].index)
    gains = np.array([stability.leaving_gains[k] for k in names])
    k = len(names)
    funding = max(0.0, float(gains.sum()))
    # variables: received r >= 0 and paid p >= 0, t = r - p
    objective = np.ones(2 * k)
    equality = np.concatenate([np.ones(k), -np.ones(k)])[None, :]
    inequality = np.hstack([-np.eye(k), np.eye(k)])  # -(r - p) <= -d
    solution = linprog(objective, A_ub=inequality, b_ub=-gains, A_eq=equality, b_eq=[funding],
                       bounds=[(0, None)] * (2 * k), method="highs")
    if not solution.success:  # pragma: no cover - feasible by construction
        raise RuntimeError(f"linprog failed: {solution.message}")
    transfers = solution.x[:k] - solution.x[k:]
    return Compensation({name: float(t) for name, t in zip(names, transfers, strict=True)},
                        funding, float(np.abs(transfers).sum()))
