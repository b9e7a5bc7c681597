r"""Evolutionary dynamics: replicator flows, rest points, their stability, and basins.

**Single population** (a :class:`~ica_model.engine.solvers.SymmetricGame`: groups of :math:`n`
drawn from one population, so payoffs are averaged over the multinomial composition of
the other :math:`n-1` members):

.. math:: \dot x_a = x_a\,(E_a(x) - x \cdot E(x)).

**Several populations** (a :class:`~ica_model.engine.game.NormalFormGame` whose players are
populations, e.g. the authority and two groups of cities):

.. math:: \dot x_{p,a} = x_{p,a}\,(u_{p,a}(x_{-p}) - x_p \cdot u_p(x_{-p})).

Rest points are the states whose supported actions earn equal payoffs. Stability comes
from the eigenvalues of the Jacobian in *reduced* coordinates (each population's last
share eliminated, :math:`x_{p,k} = 1 - \sum_{a<k} x_{p,a}`), so the simplex constraint
contributes no spurious eigenvalue (a Jacobian in full coordinates adds one along the
simplex's normal, which can reverse a rest point's label), and is labelled in the
engine's one vocabulary (:mod:`~ica_model.engine.evolutionary.labels`: ``"ESS"`` when
every real part is negative, ``"unstable point"``, ``"saddle point"``, ``"unstable"``,
``"centre"``, ``"non-hyperbolic"``), the words of the symbolic tables. In
multi-population games the asymptotically stable rest points are exactly the strict
Nash equilibria (Ritzberger and Weibull 1995; the ESS conditions of Friedman 1991,
"Evolutionary games in economics", *Econometrica* 59, the method used in the tripartite
evolutionary games of the Chinese public-administration literature).

One system, numeric and symbolic: the rest points of a multi-population game are the
exact ones of its :class:`~ica_model.engine.evolutionary.game.ReplicatorSystem` (its
payoffs read as rationals, solved by sympy face by face), classified here from the
numeric Jacobian; single-population games are solved numerically. States here are in
the full layout (every share of every population in order), the one a numeric game of
any number of actions needs; :meth:`~ica_model.engine.evolutionary.game.PopulationGame.full_state`
converts the papers' reduced coordinates.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from ..._validation import check_int, check_real, check_real_array, check_size
from ..game import NormalFormGame
from ..solvers.symmetric import SymmetricGame, indifference_points
from ..solvers.verify import action_values
from ._ode import integrate
from .game import PopulationGame, ReplicatorSystem
from .labels import eigenvalue_label
from .restpoints import reduced_layout

__all__ = [
    "MAX_SYSTEMS",
    "MAX_UNKNOWNS",
    "BasinResult",
    "RestPoint",
    "Trajectory",
    "basins",
    "classify",
    "final_states",
    "payoff_ranges",
    "replicator_field",
    "rest_points",
    "trajectory",
]

#: Longest horizon ``t_max`` of an integration: on a cycle (matching pennies) the steps
#: grow with it (about 10 s at this limit), so a longer one would not finish.
MAX_TIME = 1e4

#: Most support systems :func:`rest_points` solves by default (one per face of the product
#: of simplices, :math:`\prod_p (2^{k_p} - 1)`): about 40 ms each for two populations
#: (measured: a 5×5 game's 961 systems take ~40 s), so the default bounds a call near a
#: minute. Raise it with ``max_systems=``.
MAX_SYSTEMS = 1000

#: Most unknowns of one support system :func:`rest_points` solves by default with three or
#: more populations, whose systems are polynomial (degree ``populations - 1``) and solved by
#: Gröbner bases: a 2×2×3 game's largest systems (4 unknowns) take seconds, a 2×3×3 game's
#: (5 unknowns) more than two minutes. Raise it with ``max_unknowns=``.
MAX_UNKNOWNS = 4

Game = SymmetricGame | NormalFormGame


def _sizes(game: Game) -> tuple[int, ...]:
    if isinstance(game, SymmetricGame):
        return (len(game.actions),)
    if isinstance(game, NormalFormGame):
        return game.shape
    raise TypeError(f"game must be a SymmetricGame or a NormalFormGame, got {type(game).__name__}")


def _split(state: np.ndarray, sizes: Sequence[int]) -> list[np.ndarray]:
    edges = np.cumsum([0, *sizes])
    return [state[..., a:b] for a, b in itertools.pairwise(edges)]


def _values_function(game: Game) -> Callable[[list[np.ndarray]], list[np.ndarray]]:
    """Each population's action values (centred payoffs) as a function of the shares of
    a batch of states (one ``(G, k_p)`` array per population).

    Multi-population payoffs are contracted as one matrix product per population: the
    product distribution of the *other* populations' shares, built for a block of
    states from prefix and suffix outer products, times the population's payoff table
    stored as one row per own action, ``(k_p, prod k_{-p})``. The work per state is one read
    of the payoff array, as for a plain ``einsum`` contraction, in blocks of states small
    enough to stay in cache. Payoffs are centred
    on the middle of each population's range (the field does not change: it depends on
    payoff differences only), so a large common offset costs no accuracy.
    """
    sizes = _sizes(game)
    if isinstance(game, SymmetricGame):
        def values(shares: list[np.ndarray]) -> list[np.ndarray]:
            return [np.atleast_2d(game._centred_values(shares[0]))]
    else:
        n = game.n_players
        tables = []
        for p in range(n):
            table = np.moveaxis(game.payoffs[p], p, -1).reshape(-1, sizes[p])
            centre = (float(table.max()) + float(table.min())) / 2
            # one row per own action: matrix-vector products over contiguous rows
            tables.append(np.ascontiguousarray((table - centre).T))
        # states per block: the others' product distribution of a block (about 512 kB)
        # stays in cache
        block = max(1, 2**16 // max(1, max(t.shape[1] for t in tables)))

        def values(shares: list[np.ndarray]) -> list[np.ndarray]:
            count = shares[0].shape[0]
            out = [np.empty((count, k)) for k in sizes]
            for start in range(0, count, block):
                part = [x[start:start + block] for x in shares]
                g = part[0].shape[0]
                prefix = [np.ones((g, 1))]
                for q in range(n - 1):
                    prefix.append((prefix[-1][:, :, None] * part[q][:, None, :]).reshape(g, -1))
                suffix = [np.ones((g, 1))]
                for q in range(n - 1, 0, -1):
                    suffix.append((part[q][:, :, None] * suffix[-1][:, None, :]).reshape(g, -1))
                suffix.reverse()
                for p in range(n):
                    others = (prefix[p][:, :, None] * suffix[p][:, None, :]).reshape(g, -1)
                    for action, row in enumerate(tables[p]):
                        out[p][start:start + g, action] = others @ row
            return out

    return values


def _field_function(game: Game) -> Callable[[np.ndarray], np.ndarray]:
    """The replicator field as a function of a batch of states ``(G, dim)``."""
    sizes = _sizes(game)
    values = _values_function(game)

    def field(x: np.ndarray) -> np.ndarray:
        shares = _split(x, sizes)
        # x (v - x.v / sum x): equal to the replicator field on the simplex, and its
        # components sum to exactly 0, so integrators (which preserve linear invariants)
        # keep every population's shares summing to 1.
        return np.hstack([s * (v - (s * v).sum(axis=1, keepdims=True) / s.sum(axis=1, keepdims=True))
                          for s, v in zip(shares, values(shares), strict=True)])

    return field


def replicator_field(game: Game, state: Any) -> np.ndarray:
    """The replicator vector field at ``state`` (one state or a batch ``(G, dim)``).

    ``state`` concatenates each population's shares.

    Examples
    --------
    >>> rps = SymmetricGame(2, lambda a, c: np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])[a]
    ...                     @ c.T, ("R", "P", "S"))
    >>> replicator_field(rps, [1 / 3, 1 / 3, 1 / 3]).round(12).tolist()
    [0.0, 0.0, 0.0]
    """
    sizes = _sizes(_check_game(game))
    x = check_real_array("state", state)
    single = x.ndim == 1
    x = np.atleast_2d(x)
    if x.ndim != 2 or x.shape[1] != sum(sizes):
        raise ValueError(f"state must have {sum(sizes)} entries, got {x.shape[-1]}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"state must be finite, got {x.tolist() if x.size <= 12 else 'NaN/inf'}")
    field = _field_function(game)(x)
    return field[0] if single else field


def _reduced_jacobian(game: Game, state: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Jacobian of the field in reduced coordinates, by central differences."""
    sizes = _sizes(game)
    free = [(p, a) for p, k in enumerate(sizes) for a in range(k - 1)]
    offsets = np.cumsum([0, *sizes])

    def embed(z: np.ndarray) -> np.ndarray:
        x = np.empty(sum(sizes))
        for p, k in enumerate(sizes):
            part = z[offsets[p] - p: offsets[p] - p + k - 1]
            x[offsets[p]: offsets[p] + k - 1] = part
            x[offsets[p] + k - 1] = 1 - part.sum()
        return x

    def reduce(x: np.ndarray) -> np.ndarray:
        return np.concatenate([x[offsets[p]: offsets[p] + k - 1] for p, k in enumerate(sizes)])

    z0 = reduce(state)
    steps = step * np.eye(len(free))
    points = np.array([embed(z) for z in np.concatenate([z0 + steps, z0 - steps])])
    fields = np.array([reduce(f) for f in _field_function(game)(points)])
    return (fields[:len(free)] - fields[len(free):]).T / (2 * step)


@dataclass(frozen=True)
class RestPoint:
    r"""A rest point of the replicator dynamics at numbers and its stability: the one
    numeric record, of a numeric game's dynamics (:func:`classify`, :func:`rest_points`)
    and of a symbolic system at numbers
    (:func:`~ica_model.engine.evolutionary.bifurcation.rest_points_at`).

    The state is kept in the full layout; :attr:`reduced` gives the papers' reduced
    coordinates (:func:`~ica_model.engine.evolutionary.restpoints.reduced_layout`).

    Attributes
    ----------
    state : tuple of float
        Shares of every action, population after population (the full layout).
    eigenvalues : tuple of complex
        Of the Jacobian in reduced coordinates.
    classification : str
        One of the engine's labels (:data:`~ica_model.engine.evolutionary.labels.LABELS`):
        ``"ESS"`` (every real part < 0), ``"unstable point"``, ``"saddle point"``,
        ``"unstable"``, ``"centre"`` or ``"non-hyperbolic"``.
    is_nash : bool or None
        Whether the state is a Nash equilibrium of the underlying game; None where there is
        no game to test (a system of printed equations at numbers).
    exact : tuple of sympy expressions or None
        The exact state when it was solved symbolically.
    scaled_eigenvalues : tuple of complex
        Of the same Jacobian with each population's rows divided by that population's
        payoff range (:func:`payoff_ranges`): the eigenvalues of the game measured in each
        population's own payoff unit, unchanged by :math:`u_p \mapsto \alpha_p u_p +
        \beta_p`. ``classification`` is read from these (empty where there is no game:
        then from ``eigenvalues``).
    sizes : tuple of int
        Strategies per population (the layout of ``state``).
    label : str
        The point's name in the symbolic tables, ``"E1"``, ... for vertices and ``"M1"``, ...
        for mixed points (numbered face by face); empty where it has none.
    support : tuple of tuple of int or None
        Per population, the strategies with a positive share, where the rest point was
        found face by face.
    """

    state: tuple[float, ...]
    eigenvalues: tuple[complex, ...]
    classification: str
    is_nash: bool | None
    exact: tuple[Any, ...] | None = None
    scaled_eigenvalues: tuple[complex, ...] = ()
    sizes: tuple[int, ...] = ()
    label: str = ""
    support: tuple[tuple[int, ...], ...] | None = None

    @property
    def reduced(self) -> np.ndarray:
        """The state in reduced coordinates: each population's shares but its last."""
        return reduced_layout(self.state, self.sizes or (len(self.state),))

    @property
    def is_ess(self) -> bool:
        """Asymptotically stable and Nash (where a game can tell): an evolutionarily stable
        state."""
        return self.classification == "ESS" and self.is_nash is not False


def payoff_ranges(game: Game) -> np.ndarray:
    """Each population's payoff range ``max u_p - min u_p`` (1 where it is 0): the unit
    in which its tolerances and its rows of the Jacobian are measured."""
    if isinstance(game, SymmetricGame):
        ranges = np.array([game.scale])
    elif isinstance(game, NormalFormGame):
        ranges = np.ptp(game.payoffs.reshape(game.n_players, -1), axis=1)
    else:
        raise TypeError(f"game must be a SymmetricGame or a NormalFormGame, got "
                        f"{type(game).__name__}")
    return np.where(ranges > 0, ranges, 1.0)


def _is_nash(game: Game, state: np.ndarray, tolerance: float) -> bool:
    """No population gains more than ``tolerance`` times its payoff range by deviating."""
    sizes = _sizes(game)
    shares = _split(state, sizes)
    ranges = payoff_ranges(game)
    if isinstance(game, SymmetricGame):
        return game.regret(shares[0]) <= tolerance * ranges[0]
    values = action_values(game, shares)
    return all(v.max() - v @ s <= tolerance * r
               for v, s, r in zip(values, shares, ranges, strict=True))


def classify(game: Game, state: Any, tolerance: float = 1e-7) -> RestPoint:
    r"""Stability of the rest point ``state`` from its Jacobian's eigenvalues.

    Scale-free: each population's field and its rows of the Jacobian (in reduced
    coordinates) are divided by that population's payoff range, so the rest-point test,
    the Nash test and the labels do not change under :math:`u_p \mapsto \alpha_p u_p +
    \beta_p` (:math:`\alpha_p > 0`). Such a change multiplies population :math:`p`'s field
    by :math:`\alpha_p`: at a vertex each eigenvalue belongs to one population (it is a
    payoff difference), so its sign is unchanged, but at other rest points the
    eigenvalues of the unscaled Jacobian can depend on the relative units (a per-population
    change of adjustment speed); the labels are read from the scaled eigenvalues, which
    depend on the game only.

    Parameters
    ----------
    game : SymmetricGame or NormalFormGame
    state : array_like
        A rest point: shares of every action, population after population.
    tolerance : float
        Relative: a field component, a regret or the real part of a scaled eigenvalue
        counts as zero up to ``tolerance`` (in units of the population's payoff range).

    Raises
    ------
    ValueError
        If ``state`` is not a rest point.
    """
    sizes = _sizes(_check_game(game))
    x = check_real_array("state", state)
    # relative to the payoff range: 1 or more would call any state a rest point (and 1e308
    # overflowed when scaled)
    tolerance = check_real("tolerance", tolerance, 0.0, 1.0, high_open=True)
    ranges = payoff_ranges(game)
    field = replicator_field(game, x)
    relative = max(float(np.abs(part).max()) / r
                   for part, r in zip(_split(field, sizes), ranges, strict=True))
    if relative > tolerance:
        raise ValueError(f"state {x.tolist()} is not a rest point: the field is "
                         f"{relative:.3g} times the payoff range there")
    jacobian = _reduced_jacobian(game, x)
    eigenvalues = np.linalg.eigvals(jacobian)
    rows = np.repeat(ranges, [k - 1 for k in sizes])
    scaled = np.linalg.eigvals(jacobian / rows[:, None])
    return RestPoint(tuple(float(v) for v in x), tuple(complex(e) for e in eigenvalues),
                     eigenvalue_label(scaled, tolerance), _is_nash(game, x, tolerance),
                     scaled_eigenvalues=tuple(complex(e) for e in scaled), sizes=tuple(sizes))


@lru_cache(maxsize=32)
def _replicator_of(game: NormalFormGame) -> ReplicatorSystem:
    """The replicator system of a numeric game, its payoffs read as rationals."""
    return PopulationGame.from_normal_form(game).replicator()


def _full_layout(point: Sequence[sp.Expr], sizes: Sequence[int]) -> list[sp.Expr]:
    """Exact reduced coordinates to every share, population after population."""
    full: list[sp.Expr] = []
    start = 0
    for k in sizes:
        block = list(point[start:start + k - 1])
        full.extend([*block, sp.simplify(1 - sum(block, sp.Integer(0)))])
        start += k - 1
    return full


def _game_rest_points(game: NormalFormGame, tolerance: float) -> list[RestPoint]:
    """The exact rest points of the game's replicator system
    (:meth:`ReplicatorSystem.rest_points`: the vertices and the isolated points of every
    face, solved by sympy), classified numerically; in the order of their supports
    (each population's support in the order of
    ``itertools.combinations`` by size, populations varying last-fastest)."""
    subsets = [[c for r in range(1, k + 1) for c in itertools.combinations(range(k), r)]
               for k in game.shape]
    rank = {supports: i for i, supports in enumerate(itertools.product(*subsets))}
    found: list[tuple[int, RestPoint]] = []
    for point in _replicator_of(game).rest_points(order="profiles"):
        if point.exists is sp.false:
            continue
        exact = _full_layout(point.point, game.shape)
        try:
            state = np.array([complex(sp.N(v)) for v in exact])
        except TypeError:  # pragma: no cover
            continue
        if np.abs(state.imag).max() > 1e-12:
            continue
        state = state.real
        # interior of the face: supported shares strictly positive
        offsets = np.cumsum([0, *game.shape])
        if state.min() < -1e-12 or any(state[offsets[p] + a] <= 1e-12
                                       for p, s in enumerate(point.support) for a in s):
            continue
        classified = classify(game, np.clip(state, 0, 1), tolerance)
        found.append((rank[point.support], dataclasses.replace(classified, exact=tuple(exact))))
    return [point for _, point in sorted(found, key=lambda item: item[0])]


def _check_support_systems(game: NormalFormGame, max_systems: int, max_unknowns: int) -> None:
    """Refuse a game whose support systems are too many, or (three or more populations)
    too large, for sympy to solve in reasonable time, with the estimate."""
    systems = math.prod(2**k - 1 for k in game.shape)
    if systems > max_systems:
        raise ValueError(
            f"rest_points of a {'×'.join(map(str, game.shape))} game solves {systems:,} support "
            f"systems (one per face), about {systems * 0.04:,.0f} s at ~40 ms each; the limit is "
            f"max_systems={max_systems:,} (raise it to solve anyway, or integrate the dynamics "
            f"with trajectory/final_states)")
    unknowns = sum(k - 1 for k in game.shape)
    if game.n_players >= 3 and unknowns > max_unknowns:
        raise ValueError(
            f"rest_points of a {'×'.join(map(str, game.shape))} game solves polynomial systems of "
            f"degree {game.n_players - 1} in up to {unknowns} unknowns, which sympy may take hours "
            f"to solve (5 unknowns already take minutes); the limit is max_unknowns="
            f"{max_unknowns} (raise it to solve anyway, or integrate the dynamics with "
            f"trajectory/final_states)")


def rest_points(game: Game, tolerance: float = 1e-7, max_systems: int = MAX_SYSTEMS,
                max_unknowns: int = MAX_UNKNOWNS) -> list[RestPoint]:
    r"""Every isolated rest point of the replicator dynamics, classified.

    Multi-population games are solved face by face with sympy (exact for rational
    payoffs); single-population games by the support search of
    :func:`~ica_model.engine.solvers.symmetric.indifference_points`. Faces that hold a continuum
    of rest points are skipped (their points are not isolated).

    The work is bounded before it starts: a multi-population game with more than
    ``max_systems`` support systems (:math:`\prod_p (2^{k_p} - 1)`), or with three or more
    populations and more than ``max_unknowns`` unknowns in its largest system
    (:math:`\sum_p (k_p - 1)`), is refused with the estimate (defaults
    :data:`MAX_SYSTEMS`, :data:`MAX_UNKNOWNS`); Ctrl-C stops a long solve.

    Examples
    --------
    Hawk–dove as one population (V = 2, C = 4): the mixed state V/C is the ESS.

    >>> hd = SymmetricGame(2, lambda a, c: np.array([[-1, 2], [0, 1]])[a] @ c.T, ("H", "D"))
    >>> [(p.state, p.classification) for p in rest_points(hd)]
    [((1.0, 0.0), 'unstable point'), ((0.0, 1.0), 'unstable point'), ((0.5, 0.5), 'ESS')]
    """
    # relative to the payoff range: 1 or more would call any state a rest point (and 1e308
    # overflowed when scaled)
    tolerance = check_real("tolerance", tolerance, 0.0, 1.0, high_open=True)
    max_systems = check_int("max_systems", max_systems, 1)
    max_unknowns = check_int("max_unknowns", max_unknowns, 0)
    if isinstance(game, SymmetricGame):
        return [classify(game, x, tolerance) for x in indifference_points(game)]
    if isinstance(game, NormalFormGame):
        _check_support_systems(game, max_systems, max_unknowns)
        return _game_rest_points(game, tolerance)
    raise TypeError(f"game must be a SymmetricGame or a NormalFormGame, got {type(game).__name__}")


@dataclass(frozen=True, eq=False)
class Trajectory:
    """A solution of the replicator dynamics.

    Attributes
    ----------
    times : ndarray
    states : ndarray, shape (len(times), dim)
    """

    times: np.ndarray
    states: np.ndarray


def _check_game(game: Any) -> Game:
    if not isinstance(game, SymmetricGame | NormalFormGame):
        raise TypeError(f"game must be a NormalFormGame or SymmetricGame, got "
                        f"{type(game).__name__}")
    return game


def _check_t_max(t_max: object) -> float:
    """A positive, finite horizon up to :data:`MAX_TIME` (longer ones never finish on a cycle)."""
    return check_real("t_max", t_max, 0.0, MAX_TIME, low_open=True)


def _check_state(game: Game, state: Any) -> np.ndarray:
    sizes = _sizes(_check_game(game))
    x = check_real_array("initial", state)
    if x.ndim == 0 or x.shape[-1] != sum(sizes) or 0 in x.shape:
        raise ValueError(f"initial state must have {sum(sizes)} entries, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"initial state must be finite, got {x.tolist()}")
    for p, part in enumerate(_split(x, sizes)):
        if np.any(part < -1e-12) or np.any(np.abs(part.sum(axis=-1) - 1) > 1e-9):
            raise ValueError(f"initial shares of population {p} must be probabilities summing "
                             f"to 1, got {np.asarray(part).tolist()}")
    return x


def _integrate(game: Game, *args: Any, **kwargs: Any) -> tuple[np.ndarray, np.ndarray]:
    """:func:`integrate`, its failure (payoffs near the float limit) named as the game's."""
    try:
        return integrate(*args, **kwargs)
    except RuntimeError as error:
        raise ValueError(f"game: the replicator field of its payoffs cannot be integrated "
                         f"({error}); scale the payoffs down") from None


def trajectory(game: Game, initial: Any, t_max: float = 50.0, points: int = 501) -> Trajectory:
    """Integrate the replicator dynamics from ``initial`` (DOP853:
    :mod:`ica_model.engine.evolutionary._ode`)."""
    x0 = _check_state(game, initial)
    if x0.ndim != 1:
        raise ValueError(f"initial must be one state of shape ({x0.shape[-1]},), got shape "
                         f"{x0.shape} (basins and final_states take a batch)")
    t_max = _check_t_max(t_max)
    points = check_size("points", points, 8 * (x0.size + 1), low=2)
    times = np.linspace(0.0, t_max, points)
    field = _field_function(game)
    t, y = _integrate(game, lambda _, x: field(x[None, :])[0], t_max, x0, times=times,
                      rtol=1e-10, atol=1e-12)
    return Trajectory(t, y.T)


@dataclass(frozen=True, eq=False)
class BasinResult:
    """Where a grid of initial states ends up.

    Attributes
    ----------
    initial : ndarray, shape (G, dim)
    final : ndarray, shape (G, dim)
    attractor : ndarray of int, shape (G,)
        Index into ``attractors`` of the stable rest point reached, or -1.
    attractors : tuple of RestPoint
        The stable rest points.
    shares : tuple of float
        Share of the initial states reaching each attractor.
    """

    initial: np.ndarray
    final: np.ndarray
    attractor: np.ndarray
    attractors: tuple[RestPoint, ...]
    shares: tuple[float, ...]


def final_states(game: Game, initial: Any, t_max: float = 200.0, rtol: float = 1e-7
                 ) -> np.ndarray:
    r"""Where the replicator dynamics takes each of a batch of initial states by ``t_max``.

    All states are integrated as one system (DOP853), so the cost is one integration,
    in logit coordinates :math:`y = \log x` (:math:`x` the softmax of :math:`y` within
    each population), where the replicator flow reads
    :math:`\dot y_{p,a} = u_{p,a}(x_{-p}) - x_p \cdot u_p(x_{-p})`: the approach to a vertex
    is a linear drift that the integrator follows with long steps, and the tolerances
    bound the *relative* error of every share. On G60 (nine populations, 64 states,
    ``t_max = 1000``) this takes 362 field evaluations where the same integrator in the
    shares takes 1,394, for final states that agree to 3e-12; the test suite checks the
    agreement with ``solve_ivp`` on the shares at a tight tolerance.

    Parameters
    ----------
    game : SymmetricGame or NormalFormGame
    initial : array_like, shape (G, dim)
    t_max : float
    rtol : float
        Relative tolerance of the integrator on the log shares (absolute: 1e-9, i.e.
        a relative error of 1e-9 in each share).

    Returns
    -------
    ndarray, shape (G, dim)

    Examples
    --------
    >>> pd = SymmetricGame(2, lambda a, c: np.array([[3, 0], [5, 1]])[a] @ c.T)
    >>> final_states(pd, [[0.9, 0.1]])[0, 1].round(6)    # defection takes over
    np.float64(1.0)
    """
    x0 = np.atleast_2d(_check_state(game, initial))
    t_max = _check_t_max(t_max)
    rtol = check_real("rtol", rtol, 1e-13, 1e-2)
    count, dim = x0.shape
    sizes = _sizes(game)
    values = _values_function(game)
    edges = np.cumsum([0, *sizes])

    def shares(y: np.ndarray) -> list[np.ndarray]:
        parts = []
        for a, b in itertools.pairwise(edges):
            z = y[:, a:b]
            z = np.exp(z - z.max(axis=1, keepdims=True))
            parts.append(z / z.sum(axis=1, keepdims=True))
        return parts

    def field(_: float, flat: np.ndarray) -> np.ndarray:
        x = shares(flat.reshape(count, dim))
        return np.hstack([v - (s * v).sum(axis=1, keepdims=True)
                          for s, v in zip(x, values(x), strict=True)]).ravel()

    # absent actions stay absent: a log share of -1e300 is an exact 0 after exp
    with np.errstate(divide="ignore"):
        y0 = np.where(x0 > 0, np.log(np.where(x0 > 0, x0, 1.0)), -1e300)
    _, y = _integrate(game, field, t_max, y0.ravel(), rtol=rtol, atol=1e-9)
    return np.hstack(shares(y[:, -1].reshape(count, dim)))



def basins(game: Game, initial: Any, t_max: float = 200.0, radius: float = 1e-3) -> BasinResult:
    """Basins of attraction: integrate every initial state at once and attribute each to
    the stable rest point it ends within ``radius`` of (-1 if none).

    Examples
    --------
    Stag hunt as one population: the unstable mixed rest point 3/4 splits the basins of
    all-Stag (above it: 4 of 19 grid points) and all-Hare (below: 14); the grid point
    exactly at 3/4 stays there.

    >>> sh = SymmetricGame(2, lambda a, c: np.array([[4, 0], [3, 3]])[a] @ c.T)
    >>> grid = np.array([[p, 1 - p] for p in np.linspace(0.05, 0.95, 19)])
    >>> result = basins(sh, grid)
    >>> [round(s, 3) for s in result.shares], int((result.attractor == -1).sum())
    ([0.211, 0.737], 1)
    """
    x0 = np.atleast_2d(_check_state(game, initial))
    # on shares: a radius of 1 or more holds every final state (1e308 was taken)
    radius = check_real("radius", radius, 0.0, 1.0, low_open=True, high_open=True)
    final = final_states(game, x0, t_max, rtol=1e-9)
    attractors = tuple(p for p in rest_points(game) if p.classification == "ESS")
    attractor = np.full(len(x0), -1)
    for index, point in enumerate(attractors):
        close = np.abs(final - np.array(point.state)).max(axis=1) <= radius
        attractor[close] = index
    shares = tuple(float(np.mean(attractor == k)) for k in range(len(attractors)))
    return BasinResult(x0, final, attractor, attractors, shares)
