"""Evolutionary dynamics: textbook and hand-derived cases, and properties."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from ica_model import Intervention, NormalFormGame, SymmetricGame, symmetric_game
from ica_model.cases import symmetric
from ica_model.engine.evolutionary.dynamics import (
    basins,
    classify,
    final_states,
    replicator_field,
    rest_points,
    trajectory,
)

RPS = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)


def matrix_game(matrix: np.ndarray, actions=None) -> SymmetricGame:
    actions = actions or tuple(str(i) for i in range(len(matrix)))
    return SymmetricGame(2, lambda a, c: matrix[a] @ c.T, actions)


def test_rock_paper_scissors_has_a_centre_with_neutral_cycles() -> None:
    """Hofbauer and Sigmund 1998, sec. 7.7: the interior rest point of standard RPS is a
    centre (eigenvalues +-i/sqrt(3)); x_R x_P x_S is a constant of motion."""
    game = matrix_game(RPS, ("R", "P", "S"))
    centre = classify(game, [1 / 3] * 3)
    assert centre.classification == "centre" and centre.is_nash
    assert sorted(e.imag for e in centre.eigenvalues) == pytest.approx(
        [-1 / np.sqrt(3), 1 / np.sqrt(3)], abs=1e-8)
    path = trajectory(game, [0.5, 0.3, 0.2], t_max=30)
    invariant = path.states.prod(axis=1)
    assert np.ptp(invariant) < 1e-8
    assert np.abs(path.states - [1 / 3] * 3).max(axis=1).min() > 0.05  # it cycles, never converges
    pure = [p for p in rest_points(game) if max(p.state) == 1]
    assert all(p.classification == "saddle point" for p in pure)


@pytest.mark.parametrize("value,cost", [(2.0, 4.0), (1.0, 3.0), (3.0, 5.0)])
def test_hawk_dove_mixed_ess_at_v_over_c(value: float, cost: float) -> None:
    """Maynard Smith 1982: the mixed ESS plays Hawk with probability V/C."""
    matrix = np.array([[(value - cost) / 2, value], [0.0, value / 2]])
    points = rest_points(matrix_game(matrix))
    ess = [p for p in points if p.is_ess]
    assert len(ess) == 1 and ess[0].state[0] == pytest.approx(value / cost, abs=1e-12)
    assert all(not p.is_ess for p in points if max(p.state) == 1)


def tripartite(values: dict) -> NormalFormGame:
    """Authority (strict S / lax L) and two city groups A, B (cooperate C / defect D).

    Authority: strict supervision costs c_s and collects the fine f from each defecting
    group; when lax, a defecting group costs it reputation r. A group that cooperates
    gets benefit b minus cost c, plus a synergy e when the other group cooperates too;
    a defecting group saves the cost but pays the fine f under strict supervision."""
    c_s, f, r, b, c, e = (values[k] for k in ("c_s", "f", "r", "b", "c", "e"))
    payoffs = np.zeros((3, 2, 2, 2))
    for s, a, g in itertools.product(range(2), repeat=3):
        defectors = (a == 1) + (g == 1)
        payoffs[0, s, a, g] = -c_s + f * defectors if s == 0 else -r * defectors
        for group, own, other in ((1, a, g), (2, g, a)):
            if own == 0:
                payoffs[group, s, a, g] = b - c + (e if other == 0 else 0.0)
            else:
                payoffs[group, s, a, g] = -(f if s == 0 else 0.0)
    return NormalFormGame(payoffs, players=["authority", "group A", "group B"],
                          actions=[("strict", "lax"), ("C", "D"), ("C", "D")])


def hand_eigenvalues(values: dict, s: int, a: int, g: int) -> list[float]:
    """At a vertex the Jacobian of the 3-population replicator is diagonal; each
    eigenvalue is the gain of the population switching its action (Friedman 1991)."""
    c_s, f, r, b, c, e = (values[k] for k in ("c_s", "f", "r", "b", "c", "e"))
    defectors = (a == 1) + (g == 1)
    authority = (-r * defectors) - (-c_s + f * defectors)          # strict -> lax
    if s == 1:
        authority = -authority

    def group(own: int, other: int) -> float:
        cooperate = b - c + (e if other == 0 else 0.0)
        defect = -(f if s == 0 else 0.0)
        return defect - cooperate if own == 0 else cooperate - defect

    return sorted([authority, group(a, g), group(g, a)])


@pytest.mark.parametrize("values,ess", [
    # inspection-game cycle: strict supervision makes cities cooperate, which makes
    # supervision not worth its cost, ...: no vertex is an ESS
    ({"c_s": 1.0, "f": 2.0, "r": 0.5, "b": 1.0, "c": 2.5, "e": 0.5}, set()),
    # supervision too costly and fines too small: lax, both defect
    ({"c_s": 3.0, "f": 0.5, "r": 0.2, "b": 1.0, "c": 2.5, "e": 0.5}, {(1, 1, 1)}),
    # synergy makes mutual cooperation self-enforcing: lax, both cooperate
    ({"c_s": 0.5, "f": 1.0, "r": 2.0, "b": 1.0, "c": 1.8, "e": 1.0}, {(1, 0, 0)}),
])
def test_tripartite_ess_conditions_derived_by_hand(values: dict, ess: set) -> None:
    game = tripartite(values)
    # state = (strict, lax, A: C, D, B: C, D); a share of 1 on the first action is index 0
    points = {tuple(1 - round(v) for v in p.state[::2]): p for p in rest_points(game)
              if all(v in (0.0, 1.0) for v in p.state)}
    assert len(points) == 8
    for (s, a, g), point in points.items():
        expected = hand_eigenvalues(values, s, a, g)
        assert sorted(e.real for e in point.eigenvalues) == pytest.approx(expected, abs=1e-6)
        assert point.is_ess == all(x < 0 for x in expected)
        assert point.exact is not None and all(isinstance(v, sp.Expr) for v in point.exact)
    assert {vertex for vertex, p in points.items() if p.is_ess} == ess


def test_tripartite_interior_rest_points_are_exact() -> None:
    values = {"c_s": 0.5, "f": 1.0, "r": 2.0, "b": 1.0, "c": 1.8, "e": 1.0}
    for point in rest_points(tripartite(values)):
        assert np.abs(replicator_field(tripartite(values), point.state)).max() < 1e-12
        for v in point.exact:
            assert v.is_number


@settings(max_examples=20)
@given(st.integers(0, 2**32 - 1))
def test_flows_stay_on_the_simplex(seed: int) -> None:
    rng = np.random.default_rng(seed)
    game = NormalFormGame(rng.normal(size=(2, 2, 3)))
    x0 = np.concatenate([rng.dirichlet(np.ones(2)), rng.dirichlet(np.ones(3))])
    path = trajectory(game, x0, t_max=20, points=50)
    assert path.states.min() > -1e-9
    np.testing.assert_allclose(path.states[:, :2].sum(axis=1), 1, atol=1e-8)
    np.testing.assert_allclose(path.states[:, 2:].sum(axis=1), 1, atol=1e-8)


@settings(max_examples=15)
@given(st.integers(0, 2**32 - 1))
def test_every_ess_is_a_rest_point_with_negative_real_parts(seed: int) -> None:
    game = NormalFormGame(np.random.default_rng(seed).integers(-3, 4, size=(3, 2, 2, 2)))
    for point in rest_points(game):
        assert np.abs(replicator_field(game, point.state)).max() < 1e-9
        if point.is_ess:
            assert all(e.real < 0 for e in point.eigenvalues)
            assert all(v in (0.0, 1.0) for v in point.state)  # strict NE are pure (Selten 1980)


@pytest.mark.parametrize("level", [0.0, 0.6, 1.0])
def test_ica_population_basin_of_full_cooperation(level: float) -> None:
    """The symmetric group of 9 as one population along the standards level: full
    cooperation attracts every start where it is a strict equilibrium (its margin > 0,
    closed form) and none where it is not (a vertex that is not Nash repels: Weibull 1995,
    prop. 3.5)."""
    from ica_model.model.closed_form import full_cooperation_margin

    scenario = symmetric(9, token_compliance=False)
    game = symmetric_game(scenario, Intervention(standards=level))
    margin = float(full_cooperation_margin(scenario, Intervention(standards=level))[0])
    grid = np.array([[p, 1 - p] for p in np.linspace(0.01, 0.99, 50)])
    result = basins(game, grid)
    full = [k for k, p in enumerate(result.attractors) if p.state[0] == 1.0]
    share = result.shares[full[0]] if full else 0.0
    assert (share > 0) == (margin > 0)
    assert sum(result.shares) == pytest.approx(1.0)  # every start reaches an attractor


def test_bad_input() -> None:
    game = matrix_game(RPS)
    with pytest.raises(ValueError, match="not a rest point"):
        classify(game, [0.5, 0.3, 0.2])
    with pytest.raises(ValueError, match="3 entries"):
        trajectory(game, [0.5, 0.5])
    with pytest.raises(ValueError, match="probabilities"):
        trajectory(game, [0.5, 0.6, -0.1])
    with pytest.raises(ValueError, match="t_max"):
        trajectory(game, [0.4, 0.3, 0.3], t_max=-1)
    with pytest.raises(TypeError, match="SymmetricGame or a NormalFormGame"):
        rest_points([[1, 0], [0, 1]])


@pytest.mark.parametrize(("shape", "limit", "estimate"), [
    ((2, 6, 6), "max_systems=1,000", "3,969 support systems"),   # ran past 30 s unbounded
    ((3, 3, 3, 3), "max_unknowns=4", "up to 6 unknowns"),        # ran past 300 s unbounded
    ((3, 2, 3, 3), "max_unknowns=4", "degree 2 in up to 5"),     # past 120 s measured
])
def test_rest_points_of_large_games_are_refused_with_the_estimate(shape, limit, estimate) -> None:
    game = NormalFormGame(np.random.default_rng(0).integers(-5, 5, shape).astype(float))
    with pytest.raises(ValueError, match=limit) as error:
        rest_points(game)
    assert estimate in str(error.value)
    with pytest.raises(ValueError, match="limit"):  # basins finds the attractors the same way
        basins(game, np.concatenate([np.full(k, 1 / k) for k in shape[1:]])[None])


def test_rest_point_limits_can_be_raised_and_lowered() -> None:
    game = NormalFormGame(np.random.default_rng(1).integers(-5, 5, (2, 3, 3)).astype(float))
    with pytest.raises(ValueError, match="49 support systems"):
        rest_points(game, max_systems=48)
    assert rest_points(game, max_systems=49) == rest_points(game)
    tripartite = NormalFormGame(np.random.default_rng(1).integers(-5, 5, (3, 2, 2, 2)).astype(float))
    with pytest.raises(ValueError, match="max_unknowns=2"):
        rest_points(tripartite, max_unknowns=2)
    for bad, name in [(0, "max_systems"), (2.5, "max_systems"), (-1, "max_unknowns")]:
        with pytest.raises((ValueError, TypeError), match=name):
            rest_points(game, **{name: bad})


# ---------------------------------------------------------------- speed-related rewrites

def naive_field(game: NormalFormGame, state: np.ndarray) -> np.ndarray:
    """The multi-population replicator field by a loop over every pure profile."""
    shares = np.split(state, np.cumsum(game.shape)[:-1])
    values = [np.zeros(k) for k in game.shape]
    for profile in itertools.product(*(range(k) for k in game.shape)):
        for p in range(game.n_players):
            weight = np.prod([shares[q][profile[q]] for q in range(game.n_players) if q != p])
            values[p][profile[p]] += weight * game.payoffs[(p, *profile)]
    return np.concatenate([s * (v - s @ v) for s, v in zip(shares, values, strict=True)])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_field_matches_a_naive_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 5))
    shape = tuple(int(k) for k in rng.integers(1, 4, size=n))
    game = NormalFormGame(rng.normal(size=(n, *shape)) * 10.0 ** rng.integers(-3, 4))
    states = np.array([np.concatenate([rng.dirichlet(np.ones(k)) for k in shape])
                       for _ in range(5)])
    batch = replicator_field(game, states)
    for state, row in zip(states, batch, strict=True):
        expected = naive_field(game, state)
        assert row == pytest.approx(expected, abs=1e-12 * max(1.0, np.abs(game.payoffs).max()))


def test_g60_field_matches_a_naive_loop() -> None:
    from ica_model.cases import g60
    from ica_model.model.payoffs import scenario_game

    game = scenario_game(g60(), Intervention(authority=0.4, information=0.3))
    rng = np.random.default_rng(0)
    state = np.concatenate([rng.dirichlet(np.ones(3)) for _ in range(9)])
    assert replicator_field(game, state) == pytest.approx(naive_field(game, state), abs=1e-12)


def test_final_states_agree_with_a_tight_integration_of_the_shares() -> None:
    """final_states integrates log shares; oracle: solve_ivp (DOP853) on the shares at
    rtol 1e-12, from states of a two-population coordination game with three actions
    (several attractors) and one unstable interior point."""
    from scipy.integrate import solve_ivp

    a = np.array([[3.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 1.0]])
    game = NormalFormGame.from_bimatrix(a, a.T + 0.3 * np.eye(3)[::-1])
    rng = np.random.default_rng(3)
    initial = np.hstack([rng.dirichlet(np.ones(3), size=12), rng.dirichlet(np.ones(3), size=12)])
    fast = final_states(game, initial, t_max=40.0, rtol=1e-10)
    for x0, x in zip(initial, fast, strict=True):
        tight = solve_ivp(lambda _, y: replicator_field(game, y), (0.0, 40.0), x0,
                          method="DOP853", rtol=1e-12, atol=1e-14).y[:, -1]
        assert x == pytest.approx(tight, abs=1e-7)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_classification_is_invariant_under_per_population_affine_changes(seed: int) -> None:
    """u_p -> a_p u_p + b_p (a_p a power of 2, b_p an integer: exact) leaves every vertex's
    label, Nash test and scaled eigenvalues unchanged; the unscaled eigenvalues of
    population p scale by a_p (at a vertex each is one population's payoff difference)."""
    rng = np.random.default_rng(seed)
    payoffs = rng.integers(-3, 4, size=(3, 2, 2, 2)).astype(float)
    scale = 2.0 ** rng.integers(-12, 13, size=3)
    offset = rng.integers(-10**6, 10**6, size=3).astype(float)
    changed = payoffs * scale[:, None, None, None] + offset[:, None, None, None]
    first, second = NormalFormGame(payoffs), NormalFormGame(changed)
    for vertex in itertools.product(range(2), repeat=3):
        state = np.concatenate([np.eye(2)[a] for a in vertex])
        x, y = classify(first, state), classify(second, state)
        assert (x.classification, x.is_nash) == (y.classification, y.is_nash)
        assert sorted(e.real for e in x.scaled_eigenvalues) == pytest.approx(
            sorted(e.real for e in y.scaled_eigenvalues), abs=1e-6)


def test_single_population_classification_is_scale_free() -> None:
    """Hawk-dove times 1e-9 and plus 1e9: the same rest points and labels."""
    matrix = np.array([[-1.0, 2.0], [0.0, 1.0]])
    small = rest_points(matrix_game(matrix * 1e-9))
    shifted = rest_points(matrix_game(matrix + 1e9))
    assert [(p.state, p.classification, p.is_nash) for p in small] == \
        [(p.state, p.classification, p.is_nash) for p in shifted]
    assert [p.classification for p in small] == ["unstable point", "unstable point", "ESS"]
