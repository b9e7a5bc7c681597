"""``NormalFormGame.to_pygambit`` on pygambit 16 and 17.

pygambit 17 replaced ``Game.from_arrays`` by ``StrategicGame.from_arrays`` and made players
and strategies plain labels (``str``) instead of objects, so the helpers below read a
gambit game in either form. The oracle is gambit itself: the payoff table it stores and the
pure equilibria its own ``enumpure_solve`` finds, against the textbook equilibria of the
prisoner's dilemma and battle of the sexes (Osborne 2004, *An Introduction to Game Theory*,
ch. 2) and against our solver on a random three-player game.
"""

from __future__ import annotations

import numpy as np
import pytest

import ica_model as ica

gbt = pytest.importorskip("pygambit")
LABELS_ARE_STRINGS = hasattr(gbt, "StrategicGame")  # pygambit >= 17


def labels(game) -> tuple[list[str], list[list[str]]]:
    """Player labels and each player's strategy labels, on pygambit 16 and 17."""
    if LABELS_ARE_STRINGS:
        players = list(game.players)
        return players, [list(game.get_strategies(p)) for p in players]
    return ([p.label for p in game.players],
            [[s.label for s in p.strategies] for p in game.players])


def pure_profiles(game) -> set[tuple[int, ...]]:
    """gambit's pure equilibria (``enumpure_solve``) as tuples of action indices."""
    found = set()
    for eq in gbt.nash.enumpure_solve(game).equilibria:
        if LABELS_ARE_STRINGS:
            rows = [[float(eq[p][s]) for s in game.get_strategies(p)] for p in game.players]
        else:
            rows = [[float(eq[s]) for s in p.strategies] for p in game.players]
        found.add(tuple(int(np.argmax(r)) for r in rows))
    return found


def test_payoffs_names_and_title_survive_the_export() -> None:
    rng = np.random.default_rng(7)
    payoffs = rng.integers(-5, 6, size=(3, 2, 3, 2)) / 4  # exact in binary and decimal
    game = ica.NormalFormGame(payoffs, players=["Songjiang", "Jiaxing", "Huzhou"],
                              actions=[["C", "D"], ["C", "D", "T"], ["join", "stay out"]],
                              title="three cities")
    exported = game.to_pygambit()
    assert exported.title == "three cities"
    assert labels(exported) == (["Songjiang", "Jiaxing", "Huzhou"],
                                [["C", "D"], ["C", "D", "T"], ["join", "stay out"]])
    stored = np.array([np.vectorize(float)(a) for a in exported.to_arrays()])
    np.testing.assert_array_equal(stored, payoffs)


@pytest.mark.parametrize(("game", "expected"), [
    # Osborne (2004), ch. 2: (D, D) is the unique equilibrium; two pure ones in BoS
    (ica.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]), {(1, 1)}),
    (ica.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]), {(0, 0), (1, 1)}),
], ids=["prisoners-dilemma", "battle-of-the-sexes"])
def test_gambit_finds_the_textbook_equilibria(game, expected) -> None:
    assert pure_profiles(game.to_pygambit()) == expected


def test_gambit_and_our_solver_agree_on_a_random_game() -> None:
    rng = np.random.default_rng(11)
    game = ica.NormalFormGame(rng.integers(-3, 4, size=(3, 3, 2, 3)).astype(float))
    ours = {tuple(int(a) for a in eq.profile) for eq in ica.pure_equilibria(game).equilibria}
    assert pure_profiles(game.to_pygambit()) == ours


@pytest.mark.skipif(not LABELS_ARE_STRINGS, reason="pygambit 16 accepts duplicate labels")
def test_duplicate_player_names_are_refused_with_the_names() -> None:
    game = ica.NormalFormGame(np.zeros((2, 2, 2)), players=["Wuhu", "Wuhu"])
    with pytest.raises(ValueError, match="Wuhu"):
        game.to_pygambit()
