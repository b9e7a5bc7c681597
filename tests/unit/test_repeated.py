"""Repeated play: textbook thresholds and the closed form against the numeric one."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from ica_model import Intervention, NormalFormGame
from ica_model.analysis.stability import critical_discount_factor
from ica_model.cases import symmetric
from ica_model.engine.repeated import grim_trigger, tit_for_tat
from ica_model.engine.textbook import prisoners_dilemma, stag_hunt
from ica_model.model.closed_form import critical_discount_factor_expressions
from ica_model.model.symbolic import symbols


@pytest.mark.parametrize("t,r,p,s", [(5, 3, 1, 0), (4, 3, 2, 1), (10, 6, 1, -2), (3, 2, 0, -1)])
def test_prisoners_dilemma_grim_trigger_is_t_minus_r_over_t_minus_p(t, r, p, s) -> None:
    """Friedman 1971; e.g. Osborne 2004, sec. 14.7: delta* = (T - R) / (T - P)."""
    result = grim_trigger(prisoners_dilemma(t, r, p, s), (0, 0), (1, 1))
    assert Fraction(result.critical).limit_denominator(1000) == Fraction(t - r, t - p)
    assert result.per_player == (result.critical, result.critical)
    assert result.stability == pytest.approx(1 - (t - r) / (t - p))


@pytest.mark.parametrize("t,r,p,s", [(5, 3, 1, 0), (4, 3, 2, 1), (3, 2, 0, -1)])
def test_tit_for_tat_threshold(t, r, p, s) -> None:
    """Axelrod 1984: TFT is stable when delta >= max((T-R)/(T-P), (T-R)/(R-S))."""
    result = tit_for_tat(prisoners_dilemma(t, r, p, s))
    assert result.critical == pytest.approx(max((t - r) / (t - p), (t - r) / (r - s)))


def test_tit_for_tat_fails_when_alternation_pays() -> None:
    """T + S > 2R: alternating C and D beats mutual cooperation; no delta < 1 works."""
    assert tit_for_tat(prisoners_dilemma(10, 3, 1, 0)).critical is None


def test_asymmetric_thresholds_name_the_binding_player() -> None:
    game = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 9], [0, 1]])
    result = grim_trigger(game, (0, 0), (1, 1))
    assert result.per_player == pytest.approx((0.5, 0.75))
    assert result.binding_player == 1 and result.critical == pytest.approx(0.75)


def test_no_temptation_means_zero_threshold() -> None:
    assert grim_trigger(stag_hunt(), (0, 0), (1, 1)).critical == 0.0


def test_punishment_must_be_a_stage_equilibrium() -> None:
    with pytest.raises(ValueError, match="not a pure Nash equilibrium"):
        grim_trigger(prisoners_dilemma(), (0, 0), (0, 1))
    with pytest.raises(ValueError, match="2-player game"):
        tit_for_tat(NormalFormGame.from_bimatrix([[1, 0, 0]], [[1, 0, 0]]))


@pytest.mark.parametrize("level", [0.0, 0.3, 0.6])
def test_homogeneous_closed_form_matches_numeric(level: float) -> None:
    """A group with no selective or innovation benefit: universal defection is the stage
    equilibrium reverted to, which is what the closed form assumes."""
    from ica_model.model.payoffs import homogeneous_values

    base = symmetric(n=5, token_compliance=False)
    actor = dataclasses.replace(base.actors[0], selective_benefit=0.0, innovation_value=0.0)
    scenario = dataclasses.replace(base, actors=(actor,) * 5).with_values(spillover=0.9)
    intervention = Intervention(authority=level)
    numeric = critical_discount_factor(scenario, intervention)
    assert numeric.punishment == (1,) * 5
    expression = critical_discount_factor_expressions(scenario.terms, 1, False)["D"]
    x = symbols()
    values = homogeneous_values(scenario, intervention)
    closed = float(expression.subs({x[k]: v for k, v in values.items() if k in x}))
    if numeric.critical is None:
        assert not 0 <= closed < 1
    else:
        assert max(closed, 0.0) == pytest.approx(numeric.critical, abs=1e-12)
