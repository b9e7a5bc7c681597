"""Conformance suite every equilibrium solver of :mod:`ica_model.engine.solvers` passes (in the
manner of scikit-learn's ``check_estimator``).

Each solver is checked for

1. **verification by an oracle written here**: every returned equilibrium is checked with
   expected payoffs computed in this file (``numpy`` sums over profiles, never the engine's
   ``action_values``, ``regret`` or filters), at a tolerance that is a share of each
   player's payoff range;
2. **completeness** against a brute force written here (every pure profile; every pair of
   equal-size supports of a nondegenerate bimatrix game; every count vector; the sign
   changes of the symmetric gain function) and against pygambit's enumeration where it is
   installed;
3. **invariance under a positive affine change of each player's payoffs** (scales from
   1e-6 to 1e6, shifts far from zero): the same equilibria;
4. **invariance under permutations of the players and of each player's actions**: the
   equilibria permuted the same way.

Games are random with normal payoffs (nondegenerate with probability one), seeded.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from ica_model.engine.game import NormalFormGame
from ica_model.engine.solvers import (
    SymmetricGame,
    batch_equilibria,
    lemke_howson,
    pure_equilibria,
    pure_equilibria_by_counts,
    support_enumeration,
    symmetric_equilibria,
    vertex_enumeration,
)

#: Oracle tolerance: a share of each player's payoff range (the solvers' default is 1e-9).
ORACLE = 1e-7
#: Two strategy profiles are the same equilibrium when no probability differs by more.
SAME = 1e-6
SEEDS = range(6)


# ----------------------------------------------------------------------------- the oracles
def expected_payoffs(payoffs: np.ndarray, strategies: list[np.ndarray]) -> list[np.ndarray]:
    """Each player's expected payoff of each own action against the others' strategies:
    an explicit sum over all pure profiles (independent of the engine)."""
    n = payoffs.shape[0]
    values = [np.zeros(payoffs.shape[1 + i]) for i in range(n)]
    for profile in itertools.product(*(range(k) for k in payoffs.shape[1:])):
        for i in range(n):
            weight = math.prod(strategies[j][profile[j]] for j in range(n) if j != i)
            values[i][profile[i]] += weight * payoffs[(i, *profile)]
    return values


def is_equilibrium(payoffs: np.ndarray, strategies: list[np.ndarray]) -> bool:
    """Probabilities, and no player gains more than ``ORACLE`` times its payoff range by a
    pure deviation."""
    for i, (s, v) in enumerate(zip(strategies, expected_payoffs(payoffs, strategies),
                                   strict=True)):
        spread = float(payoffs[i].max() - payoffs[i].min()) or 1.0
        if s.min() < -ORACLE or abs(s.sum() - 1.0) > ORACLE:
            return False
        if v.max() - v @ s > ORACLE * spread:
            return False
    return True


def brute_force_pure(payoffs: np.ndarray) -> set[tuple[int, ...]]:
    """Every pure equilibrium: each profile checked against every unilateral deviation."""
    found = set()
    for profile in itertools.product(*(range(k) for k in payoffs.shape[1:])):
        stable = True
        for i in range(payoffs.shape[0]):
            own = payoffs[(i, *profile)]
            spread = float(payoffs[i].max() - payoffs[i].min()) or 1.0
            for a in range(payoffs.shape[1 + i]):
                moved = (*profile[:i], a, *profile[i + 1:])
                if payoffs[(i, *moved)] - own > ORACLE * spread:
                    stable = False
        if stable:
            found.add(profile)
    return found


def _indifferent(matrix: np.ndarray) -> np.ndarray | None:
    """Probabilities q over the columns of ``matrix`` (k x k) making every row's value equal,
    or None if the system is singular."""
    k = matrix.shape[0]
    system = np.zeros((k + 1, k + 1))
    system[:k, :k], system[:k, k], system[k, :k] = matrix, -1.0, 1.0
    rhs = np.zeros(k + 1)
    rhs[k] = 1.0
    try:
        return np.linalg.solve(system, rhs)[:k]
    except np.linalg.LinAlgError:
        return None


def brute_force_bimatrix(a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """Every equilibrium of a nondegenerate bimatrix game: equal-size support pairs, each
    solved for indifference and kept if it is an equilibrium (the oracle above)."""
    m, n = a.shape
    payoffs = np.stack([a, b])
    found = []
    for k in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            for cols in itertools.combinations(range(n), k):
                y_part = _indifferent(a[np.ix_(rows, cols)])
                x_part = _indifferent(b[np.ix_(rows, cols)].T)
                if y_part is None or x_part is None:
                    continue
                x, y = np.zeros(m), np.zeros(n)
                x[list(rows)], y[list(cols)] = x_part, y_part
                if x.min() >= -1e-12 and y.min() >= -1e-12 and is_equilibrium(payoffs, [x, y]):
                    found.append(np.r_[np.clip(x, 0, None), np.clip(y, 0, None)])
    return found


def same_set(found: list[np.ndarray], expected: list[np.ndarray]) -> bool:
    if len(found) != len(expected):
        return False
    left = list(range(len(expected)))
    for x in found:
        hit = next((j for j in left if np.abs(x - expected[j]).max() <= SAME), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


# ------------------------------------------------------------------- the two-player solvers
def _flat(result) -> list[np.ndarray]:
    return [np.array([float(p) for s in eq.strategies for p in s]) for eq in result.equilibria]


def _batch(a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    rows, cols = batch_equilibria(a[None], b[None]).of(0)
    return [np.r_[x, y] for x, y in zip(rows, cols, strict=True)]


#: Solvers that return every equilibrium of a nondegenerate bimatrix game.
COMPLETE_TWO_PLAYER = {
    "vertex_enumeration": lambda a, b: _flat(vertex_enumeration(NormalFormGame.from_bimatrix(a, b))),
    "vertex_enumeration_exact": lambda a, b: _flat(vertex_enumeration(
        NormalFormGame.from_bimatrix(a, b), exact=True)),
    "support_enumeration": lambda a, b: _flat(support_enumeration(NormalFormGame.from_bimatrix(a, b))),
    "batch_equilibria": _batch,
}


def _bimatrix(seed: int, shape: tuple[int, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    m, n = shape or tuple(rng.integers(2, 5, size=2))
    return rng.normal(size=(m, n)), rng.normal(size=(m, n))


def _affine(rng: np.random.Generator, array: np.ndarray) -> np.ndarray:
    return 10.0 ** rng.uniform(-6, 6) * array + rng.uniform(-1e3, 1e3)


@pytest.mark.parametrize("name", COMPLETE_TWO_PLAYER)
@pytest.mark.parametrize("seed", SEEDS)
def test_two_player_solver_is_verified_and_complete(name, seed) -> None:
    a, b = _bimatrix(seed)
    found = COMPLETE_TWO_PLAYER[name](a, b)
    m = a.shape[0]
    assert all(is_equilibrium(np.stack([a, b]), [x[:m], x[m:]]) for x in found)
    assert same_set(found, brute_force_bimatrix(a, b))


@pytest.mark.parametrize("name", COMPLETE_TWO_PLAYER)
@pytest.mark.parametrize("seed", SEEDS)
def test_two_player_solver_is_invariant(name, seed) -> None:
    solve = COMPLETE_TWO_PLAYER[name]
    a, b = _bimatrix(seed)
    m, n = a.shape
    base = solve(a, b)
    rng = np.random.default_rng(100 + seed)
    # a positive affine change of each player's payoffs
    assert same_set(solve(_affine(rng, a), _affine(rng, b)), base)
    # permuted actions: row p[i] becomes row i, so x'[i] = x[p[i]]
    p, q = rng.permutation(m), rng.permutation(n)
    permuted = solve(a[np.ix_(p, q)], b[np.ix_(p, q)])
    assert same_set(permuted, [np.r_[x[:m][p], x[m:][q]] for x in base])
    # the players swapped: the column player's game seen from the rows
    swapped = solve(b.T, a.T)
    assert same_set(swapped, [np.r_[x[m:], x[:m]] for x in base])


@pytest.mark.parametrize("seed", SEEDS)
def test_lemke_howson_finds_a_verified_equilibrium_whatever_the_labelling(seed) -> None:
    """Lemke–Howson returns one equilibrium (not complete): it must pass the oracle and be
    among the brute force's, for every dropped label, after rescaling and permuting."""
    a, b = _bimatrix(seed)
    m, n = a.shape
    expected = brute_force_bimatrix(a, b)
    rng = np.random.default_rng(200 + seed)
    p, q = rng.permutation(m), rng.permutation(n)
    for label in range(m + n):
        for game, back in (
                ((a, b), lambda x: x),
                ((_affine(rng, a), _affine(rng, b)), lambda x: x),
                ((a[np.ix_(p, q)], b[np.ix_(p, q)]),
                 lambda x: np.r_[x[:m][np.argsort(p)], x[m:][np.argsort(q)]])):
            (x,) = _flat(lemke_howson(NormalFormGame.from_bimatrix(*game), label))
            assert is_equilibrium(np.stack(game), [x[:m], x[m:]])
            assert any(np.abs(back(x) - e).max() <= SAME for e in expected)


@pytest.mark.parametrize("seed", range(3))
def test_two_player_solvers_match_pygambit(seed) -> None:
    gbt = pytest.importorskip("pygambit")
    a, b = _bimatrix(seed, (3, 3))
    game = gbt.Game.from_arrays(a, b)
    result = gbt.nash.enummixed_solve(game, rational=False)
    players = list(game.players)
    reference = [np.array([float(eq[s]) for player in players for s in player.strategies])
                 for eq in result.equilibria]
    for name, solve in COMPLETE_TWO_PLAYER.items():
        assert same_set(solve(a, b), reference), name


# ------------------------------------------------------------------- the n-player pure solver
def _game(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 5))
    shape = tuple(int(k) for k in rng.integers(1, 4, size=n))
    payoffs = rng.normal(size=(n, *shape))
    if seed % 2:   # integer payoffs: ties, so equilibria where a deviation gains exactly 0
        payoffs = np.round(2 * payoffs)
    return payoffs


@pytest.mark.parametrize("seed", range(12))
def test_pure_equilibria_conform(seed) -> None:
    payoffs = _game(seed)
    n = payoffs.shape[0]
    found = {eq.profile for eq in pure_equilibria(NormalFormGame(payoffs)).equilibria}
    assert found == brute_force_pure(payoffs)   # verified and complete
    rng = np.random.default_rng(300 + seed)
    scaled = np.stack([_affine(rng, payoffs[i]) for i in range(n)])
    assert {eq.profile for eq in pure_equilibria(NormalFormGame(scaled)).equilibria} == found
    # permute the players (axis 0 and the action axes alike) and each player's actions
    order = rng.permutation(n)
    actions = [rng.permutation(k) for k in payoffs.shape[1:]]
    moved = payoffs[order].transpose(0, *(1 + order))
    moved = moved[(slice(None), *np.ix_(*(actions[j] for j in order)))]
    expected = {tuple(int(np.flatnonzero(actions[j] == profile[j])[0]) for j in order)
                for profile in found}
    assert {eq.profile for eq in pure_equilibria(NormalFormGame(moved)).equilibria} == expected


# ------------------------------------------------------------------- the symmetric solvers
def _symmetric(seed: int, scale: float = 1.0, shift: float = 0.0,
               order: np.ndarray | None = None) -> tuple[SymmetricGame, np.ndarray]:
    """A random symmetric game of 3 to 6 players and 2 or 3 actions, by its table of payoffs
    over the others' counts; ``order`` relabels the actions (new action i is old order[i])."""
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(3, 7)), int(rng.integers(2, 4))
    table = {}
    for counts in itertools.product(range(n), repeat=k):
        if sum(counts) == n - 1:
            for a in range(k):
                table[(a, counts)] = rng.normal()
    order = np.arange(k) if order is None else order

    def payoff(action, counts):
        old = np.empty_like(counts)
        old[:, order] = counts
        return np.array([scale * table[(int(order[action]), tuple(int(c) for c in row))] + shift
                         for row in old])

    return SymmetricGame(n, payoff, tuple("ABC"[:k])), order


def symmetric_values(game: SymmetricGame, x: np.ndarray) -> np.ndarray:
    """Expected payoff of each action when the other n - 1 players play ``x``: the
    multinomial sum over the others' counts, written out."""
    others = game.n_players - 1
    values = np.zeros(len(x))
    for a in range(len(x)):
        for row, value in zip(game.counts, game.table[a], strict=True):
            weight = math.factorial(others) / math.prod(math.factorial(int(c)) for c in row)
            values[a] += weight * math.prod(float(x[b]) ** int(c) for b, c in enumerate(row)) * value
    return values


def _symmetric_ok(game: SymmetricGame, x: np.ndarray) -> bool:
    v = symmetric_values(game, x)
    spread = float(game.table.max() - game.table.min())
    return x.min() >= -ORACLE and abs(x.sum() - 1) <= ORACLE and v.max() - v @ x <= ORACLE * spread


def _two_action_brute_force(game: SymmetricGame) -> list[float]:
    """The share p of the first action at every symmetric equilibrium of a two-action game:
    the pure ones by the oracle, the interior ones at the sign changes of E_A - E_B on a fine
    grid, refined by bisection."""
    gain = lambda p: (lambda v: v[0] - v[1])(symmetric_values(game, np.array([p, 1 - p])))  # noqa: E731
    found = [p for p in (0.0, 1.0) if _symmetric_ok(game, np.array([p, 1 - p]))]
    grid = np.linspace(0, 1, 2001)
    values = np.array([gain(p) for p in grid])
    for lo, hi, vlo, vhi in zip(grid[:-1], grid[1:], values[:-1], values[1:], strict=True):
        if vlo * vhi < 0:
            for _ in range(60):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if gain(mid) * vlo > 0 else (lo, mid)
            found.append((lo + hi) / 2)
    return sorted(found)


@pytest.mark.parametrize("seed", range(8))
def test_symmetric_equilibria_conform(seed) -> None:
    game, _ = _symmetric(seed)
    result = symmetric_equilibria(game)
    found = [np.array(eq.strategy, dtype=float) for eq in result.equilibria]
    assert found and all(_symmetric_ok(game, x) for x in found)
    if len(game.actions) == 2:
        shares = sorted(float(x[0]) for x in found)
        assert np.allclose(shares, _two_action_brute_force(game), atol=SAME)
    rng = np.random.default_rng(400 + seed)
    scaled, _ = _symmetric(seed, 10.0 ** rng.uniform(-6, 6), rng.uniform(-1e3, 1e3))
    assert same_set([np.array(eq.strategy) for eq in symmetric_equilibria(scaled).equilibria],
                    found)
    order = rng.permutation(len(game.actions))
    relabelled, _ = _symmetric(seed, order=order)
    assert same_set([np.array(eq.strategy) for eq in symmetric_equilibria(relabelled).equilibria],
                    [x[order] for x in found])


@pytest.mark.parametrize("seed", range(8))
def test_pure_equilibria_by_counts_conform(seed) -> None:
    game, _ = _symmetric(seed)
    k = len(game.actions)
    brute = []
    for counts in itertools.product(range(game.n_players + 1), repeat=k):
        if sum(counts) != game.n_players:
            continue
        # an n-player profile with these counts: pure strategies as one-hot shares are not
        # enough (the others' counts differ by the player's own action), so check each
        # player's deviation against the table directly
        stable = True
        spread = float(game.table.max() - game.table.min())
        for a in range(k):
            if counts[a] == 0:
                continue
            others = tuple(c - (b == a) for b, c in enumerate(counts))
            row = next(i for i, r in enumerate(game.counts) if tuple(r) == others)
            if game.table[:, row].max() - game.table[a, row] > ORACLE * spread:
                stable = False
        if stable:
            brute.append(counts)
    result = pure_equilibria_by_counts(game)
    assert sorted(map(tuple, result.counts.tolist())) == sorted(brute)
    rng = np.random.default_rng(500 + seed)
    scaled, _ = _symmetric(seed, 10.0 ** rng.uniform(-6, 6), rng.uniform(-1e3, 1e3))
    assert sorted(map(tuple, pure_equilibria_by_counts(scaled).counts.tolist())) == sorted(brute)
    order = rng.permutation(k)
    relabelled, _ = _symmetric(seed, order=order)
    assert sorted(map(tuple, pure_equilibria_by_counts(relabelled).counts.tolist())) == \
        sorted(tuple(c[order[i]] for i in range(k)) for c in brute)


def test_the_oracles_reject_what_is_not_an_equilibrium() -> None:
    """The oracles can fail: hand-derived answers of textbook games (matching pennies: one
    equilibrium, both players at 1/2; the prisoner's dilemma: defect-defect only)."""
    pennies = np.array([[1.0, -1.0], [-1.0, 1.0]])
    payoffs = np.stack([pennies, -pennies])
    assert is_equilibrium(payoffs, [np.array([0.5, 0.5])] * 2)
    assert not is_equilibrium(payoffs, [np.array([0.6, 0.4]), np.array([0.5, 0.5])])
    assert same_set(brute_force_bimatrix(pennies, -pennies), [np.full(4, 0.5)])
    dilemma = np.array([[3.0, 0.0], [5.0, 1.0]])
    assert brute_force_pure(np.stack([dilemma, dilemma.T])) == {(1, 1)}
    game = SymmetricGame(2, lambda a, c: np.where(a == 0, 3.0 * c[:, 0], 5.0 * c[:, 0] + c[:, 1]))
    assert not _symmetric_ok(game, np.array([1.0, 0.0]))
    assert _symmetric_ok(game, np.array([0.0, 1.0]))
