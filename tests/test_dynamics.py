"""Evolutionary dynamics: textbook and hand-derived cases, and properties."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from ica_model import Intervention, NormalFormGame, SymmetricGame, symmetric_game
from ica_model.engine.dynamics import basins, classify, replicator_field, rest_points, trajectory
from ica_model.model.cases import symmetric

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
    assert all(p.classification == "saddle" for p in pure)


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


@pytest.mark.parametrize("level,expected", [(0.0, 0.0), (0.5, 1.0), (0.95, 0.0)])
def test_ica_population_basin_of_full_cooperation(level: float, expected: float) -> None:
    """The symmetric group of 9 as one population: under-intervention settles at an
    interior mix (83% cooperate), the middle at full cooperation, over-intervention at
    full defection; the basin share of full cooperation is 0, 1, 0."""
    game = symmetric_game(symmetric(9, token_compliance=False), Intervention(authority=level))
    grid = np.array([[p, 1 - p] for p in np.linspace(0.01, 0.99, 50)])
    result = basins(game, grid)
    full = [k for k, p in enumerate(result.attractors) if p.state[0] == 1.0]
    share = result.shares[full[0]] if full else 0.0
    assert share == pytest.approx(expected)
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
