"""The two-player solvers' code paths agree: compiled kernels (numba, optional) and numpy,
the scalar 2 x 2 path and the general one, the batch and the one-game solvers.

Oracles: each path is checked against an independent implementation of the same
definition (the numpy brute force / qhull / breadth-first search against the compiled
depth-first search; the 2 x 2 closed forms against the general polytope code), against
hand-derived equilibria of textbook games, and (in test_crosscheck_gambit.py) against
pygambit's exact enumeration with the accelerator on and off.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import random_games

from ica_model import NormalFormGame, vertex_enumeration
from ica_model.engine.solvers import batch_equilibria, lemke_howson, two_player
from ica_model.engine.textbook import battle_of_the_sexes, matching_pennies
from ica_model.runtime import accel as _accel

ROOT = Path(__file__).resolve().parents[2]


def needs_numba() -> None:
    pytest.importorskip("numba")


@contextmanager
def accelerator(on: bool) -> Iterator[None]:
    """The compiled kernels on or off for a block (the previous setting restored)."""
    saved = _accel.ENABLED
    _accel.ENABLED = on
    try:
        yield
    finally:
        _accel.ENABLED = saved


def flat(result) -> list[np.ndarray]:
    return [np.array([p for s in eq.strategies for p in s], dtype=float) for eq in result.equilibria]


def same_records(first, second, tol: float = 1e-9) -> bool:
    """Equal equilibria in the same order (profiles, payoffs, regrets), same degeneracy
    verdict and tolerances."""
    if len(first.equilibria) != len(second.equilibria) or first.degenerate != second.degenerate:
        return False
    if not np.allclose(first.player_tolerances, second.player_tolerances, rtol=1e-12, atol=0):
        return False
    for a, b in zip(first.equilibria, second.equilibria, strict=True):
        if np.abs(np.concatenate(a.strategies) - np.concatenate(b.strategies)).max() > tol:
            return False
        scale = max(1.0, *np.abs(a.payoffs))
        if np.abs(np.subtract(a.payoffs, b.payoffs)).max() > tol * scale:
            return False
        if abs(a.regret - b.regret) > tol:
            return False
    return True


def solve(game: NormalFormGame, compiled: bool, scalar_2x2: bool = True, **options):
    saved = _accel.ENABLED, two_player._SCALAR_2X2
    _accel.ENABLED, two_player._SCALAR_2X2 = compiled, scalar_2x2
    try:
        return vertex_enumeration(game, **options)
    finally:
        _accel.ENABLED, two_player._SCALAR_2X2 = saved


# ---------------------------------------------------------------------- one game
@given(random_games(max_players=2, max_actions=6), st.sampled_from([1e-9, 1.0, 1e9]))
def test_compiled_and_numpy_vertex_enumeration_agree(game, factor) -> None:
    """Random games up to 6x6 (2 x 2 ones through the compiled search too)."""
    needs_numba()
    game = NormalFormGame(game.payoffs * factor)
    assert same_records(solve(game, compiled=True, scalar_2x2=False),
                        solve(game, compiled=False, scalar_2x2=False))


def test_compiled_and_numpy_agree_on_larger_games() -> None:
    """7x7 to 10x10 (the numpy code uses qhull up to dimension 9, its breadth-first
    pivoting search beyond), integer payoffs with ties among them."""
    needs_numba()
    rng = np.random.default_rng(61)
    for trial in range(12):
        m, n = (int(k) for k in rng.integers(7, 11, 2))
        payoffs = (rng.integers(-3, 4, size=(2, m, n)).astype(float) if trial % 3 == 0
                   else rng.normal(size=(2, m, n)))
        game = NormalFormGame(payoffs)
        assert same_records(solve(game, compiled=True), solve(game, compiled=False)), payoffs.tolist()


@given(st.integers(0, 2**32 - 1), st.booleans(), st.sampled_from([1e-12, 1e-3, 1.0, 1e8, 1e300]))
def test_two_by_two_path_matches_general_path(seed, integer, factor) -> None:
    """The scalar 2 x 2 path returns the same records as the general polytope code (numpy
    brute force), including the degeneracy verdict, payoffs, regrets and tolerances."""
    rng = np.random.default_rng(seed)
    payoffs = rng.integers(-2, 3, size=(2, 2, 2)).astype(float) if integer else rng.normal(size=(2, 2, 2))
    game = NormalFormGame(payoffs * factor)
    scalar = solve(game, compiled=False, scalar_2x2=True)
    general = solve(game, compiled=False, scalar_2x2=False)
    assert same_records(scalar, general), payoffs.tolist()


@pytest.mark.parametrize("factor", [1.7e308, 1e-310, 1.0])
def test_two_by_two_at_the_float_limits(factor: float) -> None:
    """Matching pennies has the unique equilibrium (1/2, 1/2), (1/2, 1/2) (Osborne 2004,
    sec. 4.1), also with payoffs near the largest float or subnormal ones (the scalar
    path hands those to the power-of-two normalisation)."""
    game = NormalFormGame(matching_pennies().payoffs * factor)
    result = vertex_enumeration(game)
    assert [eq.strategies for eq in result.equilibria] == [((0.5, 0.5), (0.5, 0.5))]
    assert result.degenerate is False
    assert np.isfinite(result.player_tolerances).all()


def test_battle_of_the_sexes_on_every_path() -> None:
    """Three equilibria: the two pure ones and ((2/3, 1/3), (1/3, 2/3)) (Osborne 2004,
    sec. 4.4), whichever path solves the game."""
    game = battle_of_the_sexes()
    expected = [np.array([1.0, 0, 1, 0]), np.array([2 / 3, 1 / 3, 1 / 3, 2 / 3]),
                np.array([0.0, 1, 0, 1])]
    paths = [(False, True), (False, False)]
    try:
        import numba  # noqa: F401
        paths += [(True, True), (True, False)]
    except ImportError:
        pass
    for compiled, scalar in paths:
        found = flat(solve(game, compiled=compiled, scalar_2x2=scalar))
        assert len(found) == 3 and all(np.abs(f - e).max() < 1e-12
                                       for f, e in zip(found, expected, strict=True))


def test_memory_cap_is_reported(monkeypatch) -> None:
    """A polytope with more bases than allowed raises a MemoryError that names the way out,
    on the compiled and the numpy path (a 10x10 game: pivoting search on both)."""
    monkeypatch.setattr(two_player, "MAX_BASES", 20)
    game = NormalFormGame(np.random.default_rng(3).normal(size=(2, 10, 10)))
    for compiled in (True, False):
        if compiled:
            try:
                import numba  # noqa: F401
            except ImportError:
                continue
        with pytest.raises(MemoryError, match="lemke_howson"):
            solve(game, compiled=compiled)


def test_a_singular_basis_hands_the_game_to_numpy(monkeypatch) -> None:
    """If the compiled search reports a singular basis (status 2, not expected in
    practice), vertex_enumeration answers with the numpy code: same equilibria as with the
    accelerator off."""
    class Failing:
        @staticmethod
        def solve_game(*args):
            return np.empty((0, 3)), np.empty((0, 3)), np.empty((0, 2)), np.empty((0, 2)), False, 2

    game = NormalFormGame(np.random.default_rng(65).integers(-2, 3, size=(2, 3, 3)).astype(float))
    expected = solve(game, compiled=False)
    monkeypatch.setattr(two_player, "_kernels", lambda: Failing)
    assert same_records(vertex_enumeration(game), expected)


def test_singular_basis_is_refused() -> None:
    """The recomputation of a dictionary refuses a singular basis (two equal columns both
    basic), the case the compiled search reports as status 2."""
    needs_numba()
    from ica_model.engine.solvers import _kernels

    matrix = np.array([[1.0, 1.0], [1.5, 1.5]])
    full = np.hstack([matrix, np.eye(2)])
    key = np.uint64(0b0011)   # z_0 and z_1 basic: columns (1, 1.5) twice
    work = np.empty((2, 2))
    assert not _kernels._recompute(full, key, 2, np.empty((2, 2)), np.empty(2),
                                   np.empty(2, np.int64), np.empty(2, np.int64), work, work.copy())
    point = np.empty(2)   # z_0 and slack 0 basic: row 1 tight, 1.5 z_0 = 1
    assert _kernels._basis_point(full, np.uint64(0b0101), 2, point)
    assert point.tolist() == [1 / 1.5, 0.0]


# ---------------------------------------------------------------------- Lemke-Howson
def test_compiled_and_numpy_lemke_howson_agree() -> None:
    """The same complementary path (same rule, same ties) gives the same equilibrium from
    every initial label, on random games of 2 to 12 actions, integer ones included."""
    needs_numba()
    rng = np.random.default_rng(62)
    for trial in range(40):
        m, n = (int(k) for k in rng.integers(2, 13, 2))
        payoffs = (rng.integers(-3, 4, size=(2, m, n)).astype(float) if trial % 4 == 0
                   else rng.normal(size=(2, m, n)))
        game = NormalFormGame(payoffs)
        for label in range(m + n):
            results = []
            for compiled in (True, False):
                with accelerator(compiled):
                    try:
                        results.append(lemke_howson(game, initial_label=label))
                    except RuntimeError:
                        results.append(None)
            if results[0] is None or results[1] is None:
                assert results[0] is None and results[1] is None
                continue
            assert same_records(results[0], results[1]), (payoffs.tolist(), label)


@pytest.mark.parametrize("compiled", [True, False])
def test_lemke_howson_path_of_von_stengel(compiled: bool) -> None:
    """von Stengel (2007), "Equilibrium computation for two-player games in strategic and
    extensive form", *Algorithmic Game Theory* ch. 3, fig. 3.3 game: dropping label 1 (the
    row player's second action) the path ends after 4 pivots at ((0, 1/3, 2/3),
    (1/3, 2/3)); with 3 pivots allowed it has not ended."""
    if compiled:
        needs_numba()
    game = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    with accelerator(compiled):
        found = lemke_howson(game, initial_label=1, max_pivots=4).equilibria[0]
        assert np.allclose(np.concatenate(found.strategies), [0, 1 / 3, 2 / 3, 1 / 3, 2 / 3],
                           rtol=0, atol=1e-12)
        with pytest.raises(RuntimeError, match="max_pivots=3"):
            lemke_howson(game, initial_label=1, max_pivots=3)


# ---------------------------------------------------------------------- batch
@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 4), (4, 3), (4, 4), (1, 3), (3, 1)])
def test_batch_paths_and_vertex_enumeration_agree(shape) -> None:
    """batch_equilibria, compiled and numpy (in small chunks), returns exactly the
    equilibria, order and degeneracy verdicts of vertex_enumeration game by game."""
    m, n = shape
    rng = np.random.default_rng(63 + m * 5 + n)
    row = np.concatenate([rng.normal(size=(60, m, n)), rng.integers(-2, 3, size=(60, m, n))])
    column = np.concatenate([rng.normal(size=(60, m, n)), rng.integers(-2, 3, size=(60, m, n))])
    results = {}
    for compiled in (True, False):
        if compiled:
            try:
                import numba  # noqa: F401
            except ImportError:
                continue
        with accelerator(compiled):
            results[compiled] = batch_equilibria(row * 3e5, column * 2e-4, max_entries=5000)
    reference = results[False]
    if True in results:
        other = results[True]
        assert np.array_equal(other.game, reference.game)
        assert np.array_equal(other.degenerate, reference.degenerate)
        for name in ("row", "column", "regret"):
            assert np.allclose(getattr(other, name), getattr(reference, name), rtol=0, atol=1e-12)
        assert np.allclose(other.payoffs, reference.payoffs, rtol=1e-12)
    assert reference.degenerate[60:].any()   # the integer games include degenerate ones
    for v in range(len(row)):
        single = vertex_enumeration(NormalFormGame(np.stack([row[v], column[v]])))
        x, y = reference.of(v)
        assert len(x) == len(single.equilibria)
        for k, eq in enumerate(single.equilibria):
            assert np.abs(np.concatenate([x[k], y[k]]) - np.concatenate(eq.strategies)).max() < 1e-9
        assert bool(reference.degenerate[v]) == bool(single.degenerate)


def test_batch_with_payoffs_needing_power_of_two_scaling() -> None:
    """Payoffs near 1e300 or 1e-300 go through the power-of-two normalisation (the
    compiled loop hands them back); equilibria are those of the unscaled games."""
    rng = np.random.default_rng(64)
    row, column = rng.normal(size=(50, 3, 3)), rng.integers(-2, 3, size=(50, 3, 3)).astype(float)
    base = batch_equilibria(row, column)
    for factor in (1e300, 1e-300):
        scaled = batch_equilibria(row * factor, column)
        assert np.array_equal(scaled.game, base.game)
        assert np.allclose(scaled.row, base.row, atol=1e-12)
        assert np.allclose(scaled.column, base.column, atol=1e-12)
        assert np.allclose(scaled.payoffs[:, 0], base.payoffs[:, 0] * factor, rtol=1e-9)
        assert np.array_equal(scaled.degenerate, base.degenerate)


def test_batch_refuses_non_finite_payoffs() -> None:
    row = np.zeros((3, 2, 2))
    row[1, 0, 1] = np.nan
    with pytest.raises(ValueError, match=r"row payoffs must be finite, got nan at index \(1, 0, 1\)"):
        batch_equilibria(row, np.zeros((3, 2, 2)))


def test_empty_batch() -> None:
    result = batch_equilibria(np.zeros((0, 3, 3)), np.zeros((0, 3, 3)))
    assert len(result) == 0 and len(result.game) == 0 and result.row.shape == (0, 3)


# ---------------------------------------------------------------------- without numba
def run_python(code: str, **environment: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **environment}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


CHECK = """
import numpy as np
from ica_model import NormalFormGame, vertex_enumeration
from ica_model.engine.solvers import batch_equilibria, lemke_howson, two_player
from ica_model.engine.textbook import battle_of_the_sexes
def rock_paper_scissors():
    a = np.array([[0.0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    return NormalFormGame(np.stack([a, -a]))
assert two_player._kernels() is None
rps = vertex_enumeration(rock_paper_scissors())
assert len(rps.equilibria) == 1 and np.allclose(np.concatenate(rps.equilibria[0].strategies), 1/3)
assert len(vertex_enumeration(battle_of_the_sexes())) == 3
assert np.allclose(np.concatenate(lemke_howson(rock_paper_scissors()).equilibria[0].strategies), 1/3)
games = np.stack([rock_paper_scissors().payoffs] * 4)
batch = batch_equilibria(games[:, 0], games[:, 1])
assert batch.count.tolist() == [1, 1, 1, 1] and np.allclose(batch.row, 1/3)
print("ok")
"""


def test_library_works_without_numba() -> None:
    """numba made unimportable: the library imports, the accelerator reports None and the
    solvers run their numpy code (rock-paper-scissors: the uniform profile is the unique
    equilibrium, Osborne 2004, sec. 4.7)."""
    assert run_python("import sys; sys.modules['numba'] = None\n" + CHECK).strip() == "ok"


def test_environment_variable_switches_the_accelerator_off() -> None:
    assert run_python(CHECK, ICA_MODEL_NUMBA="0").strip() == "ok"


def test_importing_the_library_does_not_import_numba() -> None:
    code = ("import sys, ica_model\nfrom ica_model.engine.solvers import vertex_enumeration\n"
            "print('numba' in sys.modules)")
    assert run_python(code).strip() == "False"


def test_a_broken_numba_falls_back_with_a_warning() -> None:
    """numba present but failing to load (here: an OSError, as from a broken llvmlite): a
    RuntimeWarning says so and the numpy code answers."""
    code = """
import sys, types, warnings
broken = types.ModuleType("numba")
def fail(name):
    raise OSError("broken llvmlite")
broken.__getattr__ = fail
sys.modules["numba"] = broken
from ica_model.engine.solvers import two_player
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    assert two_player._kernels() is None
assert any("failed to load (OSError: broken llvmlite)" in str(w.message) for w in caught)
""" + CHECK
    assert run_python(code).strip() == "ok"
