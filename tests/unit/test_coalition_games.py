"""Generic cooperative games: cost games, the nucleolus against published values, a brute
force and Kohlberg's criterion, and coalition stability in any game."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from ica_model.engine.coalitions import (
    CoalitionalGame,
    coalition_stability,
    core,
    in_core,
    nucleolus,
    shapley_values,
    stable_coalitions,
    stable_sizes,
)


def bankruptcy(claims: list[float], estate: float) -> CoalitionalGame:
    """v(S) = what S gets for sure: the estate less the others' claims (O'Neill 1982)."""
    return CoalitionalGame.from_function(
        len(claims), lambda s: max(0.0, estate - sum(c for i, c in enumerate(claims) if i not in s)))


@pytest.mark.parametrize("estate,division", [
    (100, [100 / 3, 100 / 3, 100 / 3]),
    (200, [50, 75, 75]),
    (300, [50, 100, 150]),
])
def test_talmud_bankruptcy_nucleolus(estate: float, division: list[float]) -> None:
    """Aumann and Maschler (1985), "Game theoretic analysis of a bankruptcy problem from the
    Talmud", J. Econ. Theory 36: the Talmud's divisions of estates 100, 200, 300 among
    claims 100, 200, 300 are the nucleoli of the bankruptcy games."""
    np.testing.assert_allclose(nucleolus(bankruptcy([100, 200, 300], estate)), division,
                               atol=1e-7)


def test_glove_and_majority_nucleoli() -> None:
    """Glove game (one left, two right gloves): the core is the single point (1, 0, 0), so
    the nucleolus is that point; the symmetric majority game: (1/3, 1/3, 1/3) by symmetry
    (e.g. Maschler, Solan and Zamir 2013, Game Theory, ch. 20)."""
    glove = CoalitionalGame.from_function(3, lambda s: float(0 in s and len(s) >= 2))
    np.testing.assert_allclose(nucleolus(glove), [1, 0, 0], atol=1e-9)
    majority = CoalitionalGame.from_function(3, lambda s: float(len(s) >= 2))
    np.testing.assert_allclose(nucleolus(majority), [1 / 3] * 3, atol=1e-9)


def brute_force_cost_nucleolus(costs: list[int], denominator: int) -> list[Fraction]:
    """The lexicographic minimum of the sorted excess vectors y(S) - c(S) over every cost
    allocation on a grid of step 1/denominator with y_i <= c_i (exact integer arithmetic
    after scaling; the grid must contain the nucleolus)."""
    n = len(costs)
    scaled = np.array(costs, dtype=np.int64) * denominator
    total = int(scaled.max())
    axes = np.meshgrid(*(np.arange(c + 1) for c in scaled[:-1]), indexing="ij")
    head = np.stack([a.ravel() for a in axes], axis=1)
    y = np.hstack([head, total - head.sum(axis=1, keepdims=True)])
    y = y[(y[:, -1] >= 0) & (y[:, -1] <= scaled[-1])]
    coalitions = [s for r in range(1, n) for s in itertools.combinations(range(n), r)]
    excess = np.stack([y[:, list(s)].sum(axis=1) - scaled[list(s)].max() for s in coalitions],
                      axis=1)
    ordered = -np.sort(-excess, axis=1)                       # each row decreasing
    best = np.lexsort(ordered.T[::-1])[0]                     # first column most significant
    return [Fraction(int(v), denominator) for v in y[best]]


@pytest.mark.parametrize("costs", [[1, 3, 6], [2, 2, 5], [1, 2, 3, 4]])
def test_airport_game_shapley_core_and_nucleolus(costs: list[int]) -> None:
    """Littlechild and Owen (1973), "A simple expression for the Shapley value in a special
    case", Management Science 20: Shapley = each runway segment split equally among the
    planes that need it. The nucleolus (Littlechild 1974) against a brute-force
    lexicographic search on a grid that contains it; both in the core (airport games are
    concave, so their core is non-empty)."""
    n = len(costs)
    game = CoalitionalGame.from_costs(n, lambda s: max(costs[i] for i in s))
    ordered = sorted(costs)
    segments = np.diff([0, *ordered])
    expected = [sum(segments[k] / (n - k) for k in range(sorted(range(n),
                                                                 key=lambda i: costs[i]).index(i) + 1))
                for i in range(n)]
    np.testing.assert_allclose(shapley_values(game), expected, atol=1e-12)
    shares = nucleolus(game)
    oracle = brute_force_cost_nucleolus(costs, 24)
    np.testing.assert_allclose(shares, [float(v) for v in oracle], atol=1e-9)
    assert in_core(game, shares) and in_core(game, shapley_values(game))
    result = core(game)
    assert result.nonempty and in_core(game, result.allocation)
    assert sum(result.allocation) == pytest.approx(max(costs))


def test_cost_nucleolus_is_the_savings_nucleolus_shifted() -> None:
    """The nucleolus is covariant under strategic equivalence: the cost shares are the
    stand-alone costs less the nucleolus of the savings game."""
    costs = [3.0, 5.0, 7.0, 8.0]
    game = CoalitionalGame.from_costs(4, lambda s: max(costs[i] for i in s) + len(s))
    savings = game.savings_game()
    stand_alone = np.array([game.value([i]) for i in range(4)])
    np.testing.assert_allclose(nucleolus(game), stand_alone - nucleolus(savings), atol=1e-9)
    np.testing.assert_allclose(shapley_values(game), stand_alone - shapley_values(savings),
                               atol=1e-12)


def _balanced(members: np.ndarray) -> bool:
    """Whether a collection of coalitions (rows of 0/1) is balanced: positive weights with
    sum_S w_S 1_S = 1_N (LP feasibility, weights >= 1 after scaling)."""
    count, n = members.shape
    a_eq = np.hstack([members.T, -np.ones((n, 1))])
    result = linprog(np.zeros(count + 1), A_eq=a_eq, b_eq=np.zeros(n),
                     bounds=[(1, None)] * count + [(0, None)], method="highs")
    return result.status == 0


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(3, 5))
# found by Hypothesis 6.80: a dependent fixed coalition before an independent one made the
# span test (then a QR) drop {1, 4} from the programme, leaving its excess at 2.625
@example(seed=58050, n=4)
def test_prenucleolus_satisfies_kohlbergs_criterion(seed: int, n: int) -> None:
    """Kohlberg (1971): x is the pre-nucleolus iff for every level a the coalitions with
    excess >= a form a balanced collection. Checked with an LP independent of the solver."""
    rng = np.random.default_rng(seed)
    values = np.r_[0.0, rng.integers(0, 10, size=2**n - 1).astype(float)]
    game = CoalitionalGame(values)
    x = nucleolus(game, imputations=False)
    assert x.sum() == pytest.approx(values[-1])
    masks = np.arange(1, 2**n - 1)
    members = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    excess = values[masks] - members @ x
    for level in np.unique(excess.round(7)):
        chosen = members[excess.round(7) >= level]
        if np.linalg.matrix_rank(chosen) and level > excess.min():
            assert _balanced(chosen), (level, chosen)


def test_nucleolus_refuses_empty_imputation_sets() -> None:
    game = CoalitionalGame([0, 2, 2, 3])
    with pytest.raises(ValueError, match="imputation set is empty"):
        nucleolus(game)
    np.testing.assert_allclose(nucleolus(game, imputations=False), [1.5, 1.5])
    with pytest.raises(ValueError, match="kind"):
        CoalitionalGame([0, 1], kind="loss")


# ---------------------------------------------------------------------- stability
def public_good_payoff(n: int):
    """Linear benefit of the total, quadratic own cost: members produce k (jointly
    optimal), outsiders 1; payoff = total - own**2 / 2 (in units of b**2 / c)."""
    def payoff(coalition: frozenset, player: int) -> float:
        k = len(coalition)
        own = k if player in coalition else 1
        return k * k + (n - k) - own * own / 2
    return payoff


@pytest.mark.parametrize("n", [4, 7, 30, 1000])
def test_public_good_cartel_has_the_hand_derived_stable_sizes(n: int) -> None:
    """Hand derivation: insiders earn k^2/2 + n - k, outsiders k^2 + n - k - 1/2.
    Internal stability: (k - 1)(k - 3) <= 0, i.e. k in 1..3; external: k^2 - 2k >= 0, i.e.
    k >= 2 (strictly: k > 2). So the weakly stable sizes are 2 and 3 (and the empty
    coalition, where joining changes nothing), d'Aspremont's (strict external) only 3: the
    three-member agreement of the linear-benefit, quadratic-cost model of international
    environmental agreements (e.g. Barrett 1994, "Self-enforcing international environmental
    agreements", Oxford Economic Papers 46)."""
    insider = lambda k: k * k / 2 + n - k          # noqa: E731
    outsider = lambda k: k * k + n - k - 0.5       # noqa: E731
    assert stable_sizes(n, insider, outsider).tolist() == [0, 2, 3]
    assert stable_sizes(n, insider, outsider, "d'Aspremont").tolist() == [3]
    if n <= 7:   # the same from the coalition function, every coalition enumerated
        sizes = {len(s) for s in stable_coalitions(n, public_good_payoff(n))}
        assert sizes == {0, 2, 3}
        strict = stable_coalitions(n, public_good_payoff(n), "d'Aspremont")
        assert {len(s) for s in strict} == {3} and len(strict) == len(list(
            itertools.combinations(range(n), 3)))


def test_asymmetric_coalition_stability_by_hand() -> None:
    """Three firms; a pair {0, 1} earns 5 each, firm 2 outside gets 4; if 2 joins, the
    triple pays 0 and 1 four each and 2 four: 2 is indifferent about joining. Leaving the
    pair, 0 would get 3 (< 5). Weakly stable; not under d'Aspremont's strict external test."""
    table = {frozenset({0, 1}): {0: 5, 1: 5, 2: 4}, frozenset({0, 1, 2}): {0: 4, 1: 4, 2: 4},
             frozenset({0}): {0: 3, 1: 3, 2: 3}, frozenset({1}): {0: 3, 1: 3, 2: 3}}
    payoff = lambda s, i: table[frozenset(s)][i]     # noqa: E731
    weak = coalition_stability(3, {0, 1}, payoff)
    assert weak.stable and weak.leaving_gains == {0: -2, 1: -2} and weak.joining_gains == {2: 0}
    strict = coalition_stability(3, {0, 1}, payoff, "d'Aspremont")
    assert strict.internal and not strict.external
    with pytest.raises(ValueError, match="convention"):
        coalition_stability(3, {0, 1}, payoff, "strong")
    with pytest.raises(ValueError, match="members"):
        coalition_stability(3, {0, 5}, payoff)
