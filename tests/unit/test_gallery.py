"""The reproduction gallery: every stated result of every published game is reproduced."""

from __future__ import annotations

import pytest
import sympy as sp

from ica_model.engine.evolutionary import simulate
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
    run = simulate(model, {}, [[0.1], [0.9]], t_max=2.0, points=50)
    assert abs(run.final_states - 7 / 12).max() < 1e-6


def test_symmetric_system_checks_its_matrix() -> None:
    with pytest.raises(ValueError, match="matrix must be 2 x 2"):
        symmetric_system([[1, 2, 3], [4, 5, 6]], ["A", "B"])


def test_reproduction_table() -> None:
    frame = reproduction_table()
    assert set(frame["game"]) == set(GALLERY)
    assert frame["agrees"].all()
