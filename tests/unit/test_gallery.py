"""The reproduction gallery: every stated result of every published game is reproduced."""

from __future__ import annotations

import pytest
import sympy as sp

from ica_model.engine.evolutionary import simulate_replicator
from ica_model.engine.gallery import GALLERY, reproduction_table, symmetric_system


def test_at_least_six_games_with_sources() -> None:
    assert len(GALLERY) >= 6
    for game in GALLERY.values():
        assert any(str(year) in game.source for year in range(1970, 2030))
        assert game.checks and game.table


@pytest.mark.parametrize("key", sorted(GALLERY))
def test_every_stated_result_is_reproduced(key: str) -> None:
    for result in GALLERY[key].reproduce():
        assert result.agrees, (key, result)


def test_the_checks_can_fail() -> None:
    """A wrong published value is reported as not reproduced."""
    from ica_model.engine.gallery import _dawkins_payoffs, _rest_point_check

    model = GALLERY["hawk_dove_dawkins"].model()
    assert not _rest_point_check("wrong share", [sp.Rational(2, 3)])(model).agrees
    assert not _rest_point_check("wrong label", [sp.Rational(7, 12)],
                                 label="saddle point")(model).agrees
    assert not _dawkins_payoffs("wrong mean", sp.Rational(7, 12), 6)(model).agrees


def test_dawkins_population_converges_to_seven_twelfths() -> None:
    model = GALLERY["hawk_dove_dawkins"].model()
    run = simulate_replicator(model, {}, [[0.1], [0.9]], t_max=2.0, points=50)
    assert abs(run.final_states - 7 / 12).max() < 1e-6


def test_symmetric_system_checks_its_matrix() -> None:
    with pytest.raises(ValueError, match="matrix must be 2 x 2"):
        symmetric_system([[1, 2, 3], [4, 5, 6]], ["A", "B"])


def test_reproduction_table() -> None:
    frame = reproduction_table()
    assert set(frame["game"]) == set(GALLERY)
    assert frame["agrees"].all()


def test_the_tripartite_game_of_wang_et_al() -> None:
    """Wang et al. (2023): three populations, 24 parameters of which two (kappa, C_E)
    cancel; the checks fail on a wrong vertex, and on the other reading of the authors'
    value vector (G_1 = 0.8, kappa = 5), which moves stages 1-3's ESS."""
    from ica_model.engine.gallery import _wang_ess_check

    game = GALLERY["air_pollution_wang2023"]
    model = game.model()
    assert model.n_populations == 3 and len(model.parameters) == 24
    assert {str(s) for s in model.replicator().parameters} == {
        str(s) for s in model.parameters} - {"kappa", "C_E"}
    assert not _wang_ess_check("wrong vertex", {}, (1, 1, 1))(model).agrees
    swapped = {"G_1": sp.Rational(4, 5), "kappa": 5, "e_A": sp.Rational(1, 5),
               "beta": sp.Rational(1, 20), "G_0": 20}
    assert not _wang_ess_check("G_1 read as 0.8", swapped, (0, 0, 1))(model).agrees
    errata = [r for r in game.reproduce() if r.erratum]
    assert len(errata) == 2 and all(r.agrees for r in errata)
