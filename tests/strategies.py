"""Shared Hypothesis strategies (valid scenarios and random games), comparisons of
equilibrium sets, and a symmetric game's payoffs in EGTtools' layout."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ica_model import (
    Actor,
    Costs,
    Distribution,
    Intervention,
    InterventionEffects,
    Risks,
    Scenario,
    TokenCompliance,
)
from ica_model.engine.game import NormalFormGame

unit = st.floats(0.0, 1.0, allow_nan=False)
small = st.floats(0.0, 2.0, allow_nan=False)


@st.composite
def actors(draw, name: str = "a") -> Actor:
    return Actor(name, demand=draw(st.floats(0.1, 3.0)), capacity=draw(st.floats(0.05, 1.0)),
                 preference=draw(unit), selective_benefit=draw(small),
                 innovation_value=draw(small))


@st.composite
def scenarios(draw, min_n: int = 2, max_n: int = 5, token: bool | None = None) -> Scenario:
    n = draw(st.integers(min_n, max_n))
    return Scenario(
        name="random",
        actors=tuple(draw(actors(f"a{i}")) for i in range(n)),
        costs=Costs(draw(small), draw(st.floats(0, 0.5)), draw(small), draw(small),
                    draw(st.floats(0.5, 2.0)), draw(st.floats(1.0, 3.0))),
        risks=Risks(draw(unit), draw(unit), draw(unit)),
        effects=InterventionEffects(*(draw(unit) for _ in range(6)), draw(small), draw(small),
                                    draw(st.floats(0.2, 2.0)), draw(small)),
        token=TokenCompliance(draw(st.booleans()) if token is None else token,
                              draw(st.floats(0, 0.9)), draw(unit), draw(small), draw(unit)),
        distribution=Distribution(draw(unit), draw(unit)),
        agreement_hardness=draw(unit),
        network_exponent=draw(st.integers(1, 3)),
        group_heterogeneity=draw(st.none() | unit),
    )


interventions = st.builds(Intervention, unit, unit, unit)


@st.composite
def random_games(draw, max_players: int = 3, max_actions: int = 3) -> NormalFormGame:
    n = draw(st.integers(2, max_players))
    shape = tuple(draw(st.integers(1, max_actions)) for _ in range(n))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    integer = draw(st.booleans())  # integer payoffs make ties (degenerate games) common
    payoffs = rng.integers(-3, 4, size=(n, *shape)) if integer else rng.normal(size=(n, *shape))
    return NormalFormGame(payoffs.astype(float))


def flat_profiles(result) -> list[np.ndarray]:
    """Each equilibrium of a result as one flat array of probabilities (player by player)."""
    return [np.array([p for s in eq.strategies for p in s], dtype=float) for eq in result.equilibria]


def same_sets(a: list[np.ndarray], b: list[np.ndarray], tol: float = 1e-8) -> bool:
    """Equal as sets of profiles, each matched within ``tol`` (by distance: rounding to
    digits could split a value that sits on a rounding boundary)."""
    if len(a) != len(b):
        return False
    unmatched = list(range(len(b)))
    for x in a:
        hit = next((j for j in unmatched if np.abs(x - b[j]).max() <= tol), None)
        if hit is None:
            return False
        unmatched.remove(hit)
    return True


def egttools_payoff_matrix(game, egt) -> np.ndarray:
    """``game``'s payoff table (a :class:`SymmetricGame`) as EGTtools lays it out: one column
    per group composition (counts of each strategy in the whole group, focal player
    included, in ``egt.sample_simplex`` order), a row per strategy."""
    n, k = game.n_players, len(game.actions)
    row = {tuple(c): i for i, c in enumerate(game.counts)}
    matrix = np.zeros((k, egt.calculate_nb_states(n, k)))
    for column in range(matrix.shape[1]):
        composition = np.asarray(egt.sample_simplex(column, n, k))
        for action in range(k):
            if composition[action] > 0:
                others = composition.copy()
                others[action] -= 1
                matrix[action, column] = game.table[action, row[tuple(others)]]
    return matrix
