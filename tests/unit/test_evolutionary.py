"""Symbolic multi-population games: hand-derived tables (exact), the numeric engine as an
independent oracle for the labels, Selten's theorem, exports, simulations and figures."""

from __future__ import annotations

import io
import itertools
import re

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from ica_model import NormalFormGame
from ica_model.engine.evolutionary import (
    PopulationGame,
    ReplicatorSystem,
    condition_inequality,
    dynamics,
    eigenvalue_sign,
    initial_grid,
    plot_phase,
    plot_sensitivity,
    plot_time_series,
    sensitivity,
    simulate_replicator,
    stability_table,
)

V, C = sp.symbols("V C", positive=True)
c, f, g = sp.symbols("c f g", positive=True)
c_s, fine, r, b, cost, e = sp.symbols("c_s f r b c e", positive=True)


def hawk_dove() -> PopulationGame:
    """Two-population hawk–dove (an asymmetric contest: owners and intruders)."""
    return PopulationGame.from_table(
        {("H", "H"): ((V - C) / 2, (V - C) / 2), ("H", "D"): (V, 0),
         ("D", "H"): (0, V), ("D", "D"): (V / 2, V / 2)},
        populations=("owners", "intruders"))


def inspection() -> PopulationGame:
    return PopulationGame.from_table(
        {("inspect", "cheat"): (f - c, g - f), ("inspect", "comply"): (-c, 0),
         ("trust", "cheat"): (-g, g), ("trust", "comply"): (0, 0)},
        populations=("inspector", "inspectee"))


def tripartite() -> PopulationGame:
    """The authority + two city groups game of tests/test_dynamics.py, with symbols:
    strict supervision costs c_s and collects the fine f from each defecting group; a lax
    authority loses reputation r per defecting group; a cooperating group gets b - c, plus
    e when the other group cooperates; a defecting group pays f under strict supervision."""
    def payoffs(profile):
        s, a, o = profile
        defectors = (a == "D") + (o == "D")
        authority = -c_s + fine * defectors if s == "strict" else -r * defectors
        groups = []
        for own, other in ((a, o), (o, a)):
            groups.append(b - cost + (e if other == "C" else 0) if own == "C"
                          else -(fine if s == "strict" else 0))
        return [authority, *groups]

    return PopulationGame.from_function(payoffs, [("strict", "lax"), ("C", "D"), ("C", "D")],
                                        populations=("authority", "group A", "group B"))


# ---------------------------------------------------------------------- hand-derived tables
def test_hawk_dove_table_by_hand() -> None:
    """Owner–intruder hawk–dove with C > V (Maynard Smith and Parker 1976; Selten 1980):
    at a vertex the eigenvalues are the gains of switching (derived by hand below); the
    two asymmetric vertices (H, D) and (D, H) are the ESS, both symmetric vertices are
    sources, and the mixed point (V/C, V/C) is a saddle (det J < 0, tr J = 0)."""
    table = stability_table(hawk_dove(), assumptions=[C > V], mixed=True)
    hand = {  # vertex (x, y) = shares playing H: eigenvalues (owners, intruders)
        (0, 0): (V - V / 2, V - V / 2),
        (1, 0): (V / 2 - V, (V - C) / 2 - 0),
        (0, 1): ((V - C) / 2 - 0, V / 2 - V),
        (1, 1): (0 - (V - C) / 2, 0 - (V - C) / 2),
    }
    for row in table.rows[:4]:
        expected = hand[tuple(int(v) for v in row.point)]
        assert all(sp.expand(a - b) == 0 for a, b in zip(row.eigenvalues, expected, strict=True))
        assert sp.expand(row.determinant - expected[0] * expected[1]) == 0
        assert sp.expand(row.trace - expected[0] - expected[1]) == 0
    assert [r.stability for r in table.rows] == ["unstable point", "ESS", "ESS", "unstable point",
                                                 "saddle point"]
    mixed = table.rows[4]
    assert mixed.point == (V / C, V / C) and sp.simplify(mixed.trace) == 0
    assert eigenvalue_sign(mixed.determinant, [C > V]) == "-"


def test_inspection_game_has_no_ess_and_a_centre() -> None:
    """The inspection game with f > g > c (cheating pays only when not inspected): every
    vertex is a saddle and the interior point (g/f, c/(f + g)) is a centre: its Jacobian
    has trace 0 and det > 0 (hand derivation; the cycling of inspection games, Avenhaus,
    von Stengel and Zamir 2002, "Inspection games", Handbook of Game Theory 3)."""
    table = stability_table(inspection(), assumptions=[f > g, g > c], mixed=True)
    assert [r.stability for r in table.rows] == ["saddle point"] * 4 + ["centre"]
    centre = table.rows[4]
    assert centre.point == (g / f, c / (f + g))
    assert sp.simplify(centre.trace) == 0
    assert sp.simplify(centre.determinant - c * g * (f - g) * (f + g - c) / (f * (f + g))) == 0
    numeric = table.at({"c": 1, "f": 3, "g": 2})
    assert numeric["stability"].tolist() == ["saddle point"] * 4 + ["centre"]


def hand_eigenvalues(s: int, a: int, o: int) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """Gains of switching at vertex (s, a, o) of the tripartite game (0 = first strategy)."""
    defectors = a + o

    def authority(strict: int) -> sp.Expr:
        return -c_s + fine * defectors if strict == 0 else -r * defectors

    def group(own: int, other: int, strict: int) -> sp.Expr:
        return (b - cost + (e if other == 0 else 0)) if own == 0 else -(fine if strict == 0 else 0)

    return (authority(1 - s) - authority(s), group(1 - a, o, s) - group(a, o, s),
            group(1 - o, a, s) - group(o, a, s))


def test_tripartite_table_is_exactly_the_hand_derivation() -> None:
    """Eight vertices in the papers' order E1 = (0,0,0), (1,0,0), (0,1,0), (0,0,1),
    (1,1,0), (1,0,1), (0,1,1), E8 = (1,1,1); eigenvalues equal the hand derivation; the ESS
    conditions are read off by hand: E1 (lax, both defect) iff b < c and 2f + 2r < c_s,
    E2 (strict, both defect) iff b + f < c and c_s < 2(f + r), E7 (lax, both cooperate) iff
    c < b + e; E3-E6 need -b + c < 0 and b - c + e < 0 ... together (the two groups'
    conditions contradict), E8 has lambda_1 = c_s > 0."""
    table = stability_table(tripartite())
    points = [r.point for r in table.rows]
    assert points == [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 0), (1, 0, 1),
                      (0, 1, 1), (1, 1, 1)]
    for row in table.rows:
        x, y, z = (int(v) for v in row.point)
        expected = hand_eigenvalues(1 - x, 1 - y, 1 - z)
        assert all(sp.expand(a - b) == 0 for a, b in zip(row.eigenvalues, expected, strict=True))
    verdicts = {r.label: (r.stability, r.condition) for r in table.rows}
    assert verdicts["E1"] == ("ESS if (1)", sp.And(b < cost, 2 * fine + 2 * r < c_s))
    assert verdicts["E2"] == ("ESS if (2)", sp.And(b + fine < cost, c_s < 2 * fine + 2 * r))
    assert verdicts["E7"] == ("ESS if (3)", cost < b + e)
    assert {verdicts[k][0] for k in ("E3", "E4", "E5", "E6")} == {"never ESS"}
    assert verdicts["E8"] == ("unstable", sp.false)
    for row in table.rows:
        if row.witness:   # the witness satisfies the condition
            assert bool(row.condition.subs(row.witness))
            assert all(float(v.subs(row.witness)) < 0 for v in row.eigenvalues)


def test_never_ess_and_conditions_against_random_parameters() -> None:
    """Oracle: 20,000 random positive parameter points, each vertex's numeric label
    (signs of its eigenvalues) against the table's symbolic condition."""
    table = stability_table(tripartite())
    symbols = table.system.parameters
    points = np.random.default_rng(5).uniform(0.05, 3.0, size=(20_000, len(symbols)))
    for row in table.rows:
        eigenvalues = sp.lambdify(symbols, list(row.eigenvalues))(*points.T)
        ess = np.all([np.broadcast_to(v, len(points)) < 0 for v in eigenvalues], axis=0)
        condition = np.broadcast_to(sp.lambdify(symbols, row.condition)(*points.T), len(points))
        assert np.array_equal(ess, condition), row.label
        assert ess.any() == (row.stability.startswith("ESS")), row.label


def test_signs_use_assumptions_by_substitution() -> None:
    R, K = sp.symbols("R K", positive=True)
    assert eigenvalue_sign(K - R) == "×"
    assert eigenvalue_sign(K - R, [R > K]) == "-"
    assert eigenvalue_sign(R - K + 2, [R > K]) == "+"
    assert eigenvalue_sign(K + R, [R > K]) == "+"       # the original assumptions still count
    assert eigenvalue_sign(-3) == "-" and eigenvalue_sign(0) == "0"
    assert condition_inequality(R - K) == sp.StrictLessThan(R, K, evaluate=False)
    with pytest.raises(TypeError, match="inequalities"):
        eigenvalue_sign(K, [sp.Eq(K, R)])


# ---------------------------------------------------------------------- numeric oracle
def _numeric_labels(game: NormalFormGame) -> dict[tuple, str]:
    return {tuple(np.round(p.state, 6)): p.classification for p in dynamics.rest_points(game)}


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(2, 2, 2), (2, 2), (2, 3)]))
def test_labels_agree_with_the_numeric_classifier(seed: int, shape: tuple) -> None:
    """Every rest point and label of the symbolic table at numbers (exact vertex
    eigenvalues, symbolic Jacobian) equals what ica_model.engine.evolutionary.dynamics finds
    (finite-difference Jacobian of its own numeric field, each population in its payoff
    range); mixed points included, in one vocabulary. Integer payoffs make ties and
    non-hyperbolic points common."""
    rng = np.random.default_rng(seed)
    numeric = NormalFormGame(rng.integers(-3, 4, size=(len(shape), *shape)).astype(float))
    game = PopulationGame.from_normal_form(numeric)
    frame = stability_table(game, mixed=True).at({})
    ours = {tuple(np.round(game.full_state(np.array(p)), 6)): (label, signs)
            for p, label, signs in zip(frame["point"], frame["stability"], frame["signs"],
                                       strict=True)}
    theirs = _numeric_labels(numeric)
    for state, label in theirs.items():
        assert ours[state][0] == label, (state, ours, theirs)
    assert set(theirs) <= set(ours)
    for state in set(ours) - set(theirs):   # dynamics skips non-isolated faces only
        assert ours[state][0] in ("non-hyperbolic", "centre")


def _check_only_pure_rest_points_are_ess(payoffs: np.ndarray) -> None:
    game = PopulationGame.from_normal_form(NormalFormGame(payoffs))
    table = stability_table(game, mixed=True, witnesses=False)
    frame = table.at({})
    for point, label in zip(frame["point"], frame["stability"], strict=True):
        if any(0 < v < 1 for v in point):
            assert label != "ESS"
    for row in table.rows:
        if row.profile is None:
            assert row.stability != "ESS"
            if set(game.shape) == {2}:
                mixing = [i for i, s in enumerate(row.support) if len(s) == 2]
                block = table.system.jacobian_at(row.point)[mixing, mixing]
                assert sp.simplify(block.trace()) == 0


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(2, 2, 2), (2, 2), (3, 2)]))
def test_only_pure_rest_points_are_ess(seed: int, shape: tuple) -> None:
    """Selten (1980) / Ritzberger and Weibull (1995): in multi-population replicator
    dynamics only strict Nash equilibria are asymptotically stable. Checked numerically on
    random games (never an ESS off a vertex) and exactly: for two strategies per population
    the Jacobian's block over the mixing populations has trace 0 at every mixed rest point."""
    rng = np.random.default_rng(seed)
    _check_only_pure_rest_points_are_ess(rng.normal(size=(len(shape), *shape)).round(2))


@pytest.mark.slow
def test_only_pure_rest_points_are_ess_four_populations() -> None:
    """The same theorem on a four-party game (16 vertices, mixed points on every face)."""
    _check_only_pure_rest_points_are_ess(
        np.random.default_rng(11).normal(size=(4, 2, 2, 2, 2)).round(1))


# ---------------------------------------------------------------------- builders
def test_from_replicator_round_trip() -> None:
    """The printed equations of a game give back a game with the same equations and the
    same table (payoffs differ only by terms independent of the own strategy)."""
    original = tripartite()
    system = original.replicator()
    rebuilt = PopulationGame.from_replicator(system.equations, system.variables)
    for a, b_ in zip(rebuilt.replicator().equations, system.equations, strict=True):
        assert sp.expand(a - b_) == 0
    first, second = stability_table(original), stability_table(rebuilt)
    for x, y in zip(first.rows, second.rows, strict=True):
        assert all(sp.expand(p - q) == 0 for p, q in zip(x.eigenvalues, y.eigenvalues, strict=True))
        assert x.stability == y.stability
    detected = ReplicatorSystem.from_equations(system.equations, system.variables)
    assert detected.game is not None


def test_printed_system_that_is_not_a_game() -> None:
    """A dynamic penalty F(1 - x) that falls as compliance x rises: the bracket depends on
    the own share, so no game; vertex eigenvalues come from the Jacobian's diagonal,
    by hand: at (0, 0): F - C and -R; at (1, 0): C and F - R."""
    x, y = sp.symbols("x y")
    C_, F, R = sp.symbols("C F R", positive=True)
    equations = [x * (1 - x) * (F * (1 - y) * (1 - x) - C_), y * (1 - y) * (x * F - R)]
    system = ReplicatorSystem.from_equations(equations, [x, y])
    assert system.game is None
    table = stability_table(system)
    assert table.row("E1").eigenvalues == (F - C_, -R)
    assert table.row("E2").eigenvalues == (C_, F - R)
    with pytest.raises(ValueError, match="own share"):
        PopulationGame.from_replicator(equations, [x, y])


def test_three_strategy_population_vertex_eigenvalues() -> None:
    """A population with three strategies: two eigenvalues for it at each vertex, the gains
    of the two switches; checked against sympy's eigenvalues of the full Jacobian."""
    a1, a2 = sp.symbols("a1 a2", positive=True)
    game = PopulationGame([[[a1, 0], [0, a2], [1, 1]], [[1, 0], [0, 1], [a2, a1]]])
    system = game.replicator()
    for vertex in system.vertices():
        jacobian = system.jacobian_at(vertex.point)
        expected = sorted(map(sp.simplify, jacobian.eigenvals(multiple=True)), key=str)
        got = sorted(map(sp.simplify, system.vertex_eigenvalues(vertex.profile)), key=str)
        assert all(sp.simplify(p - q) == 0 for p, q in zip(expected, got, strict=True))


def test_labels_do_not_depend_on_the_payoff_unit() -> None:
    """Positive affine changes of one population's payoffs (times 1e-7 or 1e7, plus a
    constant) leave every numeric label unchanged."""
    rng = np.random.default_rng(3)
    payoffs = rng.integers(-3, 4, size=(3, 2, 2, 2)).astype(float)
    reference = stability_table(PopulationGame(payoffs), mixed=True).at({})["stability"].tolist()
    for scale in (1e-7, 1e7):
        changed = payoffs.copy()
        changed[1] = scale * changed[1] + 5 * scale
        labels = stability_table(PopulationGame(changed), mixed=True).at({})["stability"].tolist()
        assert labels == reference


# ---------------------------------------------------------------------- exports
def _math_cells(text: str) -> list[str]:
    return re.findall(r"\$(.+?)\$", text)


def test_latex_is_balanced_renders_and_parses_back() -> None:
    table = stability_table(tripartite())
    latex = table.to_latex(caption="Stability of the equilibrium points")
    assert latex.count("{") == latex.count("}")
    assert latex.count(r"\\") == len(table.rows) + 1
    from matplotlib.mathtext import math_to_image

    for cell in set(_math_cells(latex)):
        math_to_image(f"${cell}$", io.BytesIO(), format="png")   # raises on invalid mathtext
    parse_latex = pytest.importorskip("sympy.parsing.latex").parse_latex
    try:
        parse_latex("x")
    except ImportError:  # pragma: no cover - antlr4 runtime not installed
        pytest.skip("sympy's LaTeX parser needs antlr4-python3-runtime 4.11")
    names = {sp.Symbol(sp.latex(s)): s for s in table.system.parameters}
    for row in table.rows:
        for value in row.eigenvalues:
            parsed = parse_latex(sp.latex(value)).subs(names)
            assert sp.expand(parsed - value) == 0


def test_markdown_and_frame() -> None:
    table = stability_table(hawk_dove(), assumptions=[C > V])
    markdown = table.to_markdown().splitlines()
    assert len(markdown) == 2 + len(table.rows)
    assert len({line.count(" | ") for line in markdown if not line.startswith("|---")}) == 1
    frame = table.to_frame()
    assert list(frame.columns) == ["equilibrium", "point", "λ1", "λ2", "det J", "tr J", "signs",
                                   "stability", "condition", "witness"]
    assert frame["stability"].tolist() == ["unstable point", "ESS", "ESS", "unstable point"]


# ---------------------------------------------------------------------- simulation
VALUES = {"c_s": 0.5, "f": 1.0, "r": 2.0, "b": 1.0, "c": 1.8, "e": 1.0}


def test_simulations_end_where_the_numeric_engine_ends() -> None:
    """Oracle: ica_model.engine.evolutionary.dynamics.final_states integrates its own right-hand side (full
    layout) on the NormalFormGame; the ends agree, and every run that ends at a vertex ends
    at an ESS of the table."""
    game = tripartite()
    run = simulate_replicator(game, VALUES, initial_grid((0.2, 0.5, 0.8), 3), t_max=200, points=50)
    numeric = dynamics.final_states(game.to_normal_form(VALUES), game.full_state(run.initial),
                                    t_max=200)
    np.testing.assert_allclose(game.full_state(run.final_states), numeric, atol=1e-5)
    ess = stability_table(game).ess(VALUES)
    ends = run.final()["vertex"]
    assert set(ends) - {"no vertex"} <= set(ess) and ess == ["E7"]


def test_sensitivity_runs_and_tidy_frame() -> None:
    game = tripartite()
    panel = sensitivity(game, VALUES, "e", [0.2, 1.0, 2.0], initial=[[0.5, 0.5, 0.5],
                                                                    [0.2, 0.8, 0.8]],
                        t_max=100, points=21)
    assert panel.levels.tolist() == [0.2, 1.0, 2.0] * 2
    frame = panel.frame()
    assert len(frame) == 6 * 21 * 3 and set(frame["e"]) == {0.2, 1.0, 2.0}
    # each run is the same as a simulation at that level alone
    alone = simulate_replicator(game, {**VALUES, "e": 2.0}, [[0.2, 0.8, 0.8]], t_max=100, points=21)
    np.testing.assert_allclose(panel.states[5], alone.states[0], atol=1e-7)


def test_each_batched_run_meets_its_own_tolerance() -> None:
    """A run's trajectory does not depend on its batch (issue 23, deliverable 5): in a batch
    of 27 it equals the same run alone, and its error against a tight reference is no
    larger than the run's error alone. (Integrated as one stacked system, a run's error grew
    with the batch: 2.5e-5 alone, 3.3e-5 in the batch, 8.3e-6 apart on this game.)"""
    game = tripartite()
    grid = initial_grid((0.2, 0.5, 0.8), 3)
    batch = simulate_replicator(game, VALUES, grid, t_max=50, points=101).states
    reference = simulate_replicator(game, VALUES, grid, t_max=50, points=101, rtol=1e-13).states
    for run in (0, 13, 26):
        alone = simulate_replicator(game, VALUES, grid[run:run + 1], t_max=50, points=101).states[0]
        error_alone = np.abs(alone - reference[run]).max()
        np.testing.assert_allclose(batch[run], alone, rtol=0, atol=1e-12)
        assert np.abs(batch[run] - reference[run]).max() <= error_alone + 1e-15


def test_plots_have_labels_and_legends() -> None:
    game = tripartite()
    run = simulate_replicator(game, VALUES, initial_grid((0.2, 0.8), 3, kind="diagonal"), t_max=30,
                   points=31)
    ax = plot_time_series(run, run=1)
    assert ax.get_xlabel() == "time t" and len(ax.get_lines()) == 3
    assert ax.get_legend() is not None
    ax = plot_time_series(run, run=None, variable="group A")
    assert "group A" in ax.get_ylabel() and len(ax.get_lines()) == 2
    ax = plot_phase(run)
    assert ax.name == "3d" and ax.get_zlabel()
    panel = sensitivity(game, VALUES, "r", [0.5, 2.0], t_max=30, points=31)
    ax = plot_sensitivity(panel, "authority")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["r = 0.5", "r = 2"]
    from matplotlib.figure import Figure

    flat = Figure().add_subplot()
    with pytest.raises(ValueError, match="3-d axes"):
        plot_phase(run, ax=flat)


# ---------------------------------------------------------------------- bad input
def test_bad_input_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="at least 2 strategies"):
        PopulationGame([[[1], [2]], [[1], [2]]])
    with pytest.raises(ValueError, match="no row"):
        PopulationGame.from_table({("a", "c"): (1, 1), ("b", "d"): (0, 0)})
    with pytest.raises(ValueError, match="also parameters"):
        PopulationGame([[[sp.Symbol("x"), 0], [0, 0]], [[0, 0], [0, 0]]])
    with pytest.raises(ValueError, match="finite"):
        PopulationGame([[[sp.oo, 0], [0, 0]], [[0, 0], [0, 0]]])
    game = hawk_dove()
    with pytest.raises(ValueError, match="no value"):
        game.to_normal_form({"V": 1})
    with pytest.raises(ValueError, match="not a parameter; did you mean 'C'"):
        simulate_replicator(game, {"V": 1, "c": 2})
    with pytest.warns(UserWarning, match=r"values names \['W'\]"):   # another variant's
        simulate_replicator(game, {"V": 1, "C": 2, "W": 3}, t_max=1.0, points=2)
    with pytest.raises(ValueError, match="initial shares"):
        simulate_replicator(game, {"V": 1, "C": 2}, [[0.5, 1.5]])
    with pytest.raises(ValueError, match="order"):
        stability_table(game, order="random")
    with pytest.raises(TypeError, match="PopulationGame or a ReplicatorSystem"):
        stability_table(np.eye(2))
    with pytest.raises(ValueError, match="parameter must be one of"):
        sensitivity(game, {"V": 1}, "Z", [1.0])


def test_grid_sizes() -> None:
    assert initial_grid().shape == (27, 3)
    assert list(itertools.chain(*initial_grid((0.5,), 2))) == [0.5, 0.5]
    with pytest.raises(ValueError, match=r"levels\[0\]"):
        initial_grid((1.5,), 2)
