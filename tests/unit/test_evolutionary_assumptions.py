"""Assumptions used jointly: certificates, contradictions, factored conditions, witnesses,
and the proved stability table."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest
import sympy as sp

from ica_model.engine.evolutionary import ReplicatorSystem, eigenvalue_sign, stability_table
from ica_model.engine.evolutionary.assumptions import (
    Certificate,
    Fact,
    UnusedAssumptionWarning,
    decide_sign,
    factored_condition,
    facts_from,
    find_witness,
    infeasibility_certificate,
)
from ica_model.engine.evolutionary.proved import prove_table

K2, A, a, V1, V2 = sp.symbols("K2 A alpha V1 V2", positive=True)
PARAMETERS = [A, K2, V1, V2, a]
GAIN = K2 - A - a * V1 + a * V2


@pytest.mark.parametrize("order", [[K2 > A, K2 + a * V2 > A + a * V1],
                                   [K2 + a * V2 > A + a * V1, K2 > A]])
def test_order_does_not_matter(order: list) -> None:
    """The issue's case: decided in both orders, by the same identity."""
    decision = decide_sign(GAIN, facts_from(PARAMETERS, order))
    assert decision.sign == "+"
    assert decision.certificate is not None and decision.certificate.verify()
    assert eigenvalue_sign(GAIN, order) == "+"
    assert eigenvalue_sign(-GAIN, order) == "-"


def test_products_of_parameters() -> None:
    """Eigenvalues with products (alpha*V) are decided from facts multiplied together."""
    facts = facts_from(PARAMETERS, [V2 > V1])
    decision = decide_sign(a * V2 - a * V1 + A, facts)
    assert decision.sign == "+" and decision.certificate.verify()
    # a product of two assumptions: (K2 - A)(V2 - V1) > 0
    facts = facts_from(PARAMETERS, [K2 > A, V2 > V1])
    assert decide_sign((K2 - A) * (V2 - V1), facts).sign == "+"
    assert decide_sign(-(K2 - A) * (V2 - V1) * a, facts, degree=3).sign == "-"


def test_undecided_shows_the_residual_condition() -> None:
    facts = facts_from(PARAMETERS)
    decision = decide_sign(a * V2 - a * V1, facts)
    assert decision.sign == "×" and decision.certificate is None
    assert decision.residual == sp.StrictLessThan(V2, V1)


def test_a_wrong_certificate_fails_verification() -> None:
    fact = Fact(K2 - A, True, "K2 > A")
    assert Certificate(K2 - A, True, ((sp.Integer(1), (fact,)),)).verify()
    assert not Certificate(K2 - A + 1, True, ((sp.Integer(1), (fact,)),)).verify()
    assert not Certificate(K2 - A, True, ((sp.Integer(-1), (fact,)),)).verify()


def test_unusable_assumption_is_named() -> None:
    with pytest.warns(UnusedAssumptionWarning, match=r"assumption 2 .*not a polynomial"):
        facts = facts_from(PARAMETERS, [K2 > A, sp.sqrt(K2) > A])
    assert len([f for f in facts if f.source.startswith("assumption")]) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        facts_from(PARAMETERS, [K2 > A])
    with pytest.raises(ValueError, match="domains names 'budget'"):
        facts_from(PARAMETERS, [], {"budget": (0, 1)})


def test_domains_are_facts() -> None:
    g = sp.Symbol("g", positive=True)
    facts = facts_from([g], [], {"g": (0, 1)})
    assert decide_sign(1 - g + g**2 / 2, facts).sign == "+"   # (1 - g) + g^2/2, g in (0, 1]
    assert decide_sign(g - 2, facts).sign == "-"


def test_infeasible_conditions() -> None:
    facts = facts_from(PARAMETERS, [K2 > A])
    certificate = infeasibility_certificate([A - K2 + a * V1, a - A, A - a + V1 - V1], facts)
    assert certificate is not None and certificate.verify() and certificate.strict
    assert infeasibility_certificate([A - K2 + a * V1], facts) is None


def test_factored_condition() -> None:
    assert factored_condition(a * (V2 - V1)) == sp.StrictLessThan(V2, V1)
    assert factored_condition(-a * (K2 - A), facts_from(PARAMETERS, [K2 > A])) is sp.true
    assert factored_condition(a * (K2 - A), facts_from(PARAMETERS, [K2 > A])) is sp.false
    # a negative factor flips the inequality
    condition = factored_condition((A - K2) * (V2 - V1), facts_from(PARAMETERS, [K2 > A]))
    assert condition == sp.StrictLessThan(V1, V2)


def test_witness_for_a_nonlinear_condition() -> None:
    facts = facts_from(PARAMETERS, [K2 > A])
    conditions = [a * V1 - a * V2 - K2 + A + 1, a * V2 - 3]
    witness = find_witness(conditions, facts, rng=1)
    assert witness is not None
    for condition in conditions:
        assert condition.subs(witness.values) < 0
    assert witness.values[K2] > witness.values[A]
    assert find_witness([a - 1, 2 - a], facts_from([a])) is None   # a < 1 and a > 2


def test_proved_table_of_a_published_shape() -> None:
    x, y = sp.symbols("x y")
    system = ReplicatorSystem.from_equations(
        [x * (1 - x) * (K2 - A + a * (V2 - V1) * y), y * (1 - y) * (a * x - A)], [x, y])
    assumptions = [K2 + a * V2 > A + a * V1, K2 > A]
    table = prove_table(system, assumptions)
    assert [r.stability for r in table.rows] == ["saddle point", "ESS if (1)",
                                                 "unstable point", "ESS if (2)"]
    assert all(r.evidence == "proved" for r in table.rows if not r.stability.startswith("ESS if"))
    for row in table.rows:
        for decision in row.decisions:
            if decision.certificate is not None:
                assert decision.certificate.verify()
    assert table.row("E2").witness is not None
    # the plain table agrees in either order now
    for order in (assumptions, assumptions[::-1]):
        plain = stability_table(system, order)
        assert [r.stability for r in plain.rows] == ["saddle point", "ESS if (1)",
                                                     "unstable point", "ESS if (2)"]
    frame = table.to_frame()
    assert list(frame["evidence"]) == ["proved", "conditional", "proved", "conditional"]


def test_never_ess_by_contradiction_and_non_hyperbolic() -> None:
    x, y = sp.symbols("x y")
    # at (1, 1): lambda_x = -(a - A), lambda_y = -(A - a) + 0: both negative is infeasible
    system = ReplicatorSystem.from_equations(
        [x * (1 - x) * (a - A), y * (1 - y) * (A - a + K2 - K2)], [x, y])
    table = prove_table(system)
    row = table.row("E4")
    assert row.stability == "never ESS" and row.contradiction is not None
    assert row.contradiction.verify()
    flat = ReplicatorSystem.from_equations([x * (1 - x) * (a - A), y * (1 - y) * 0], [x, y])
    assert all(r.stability == "non-hyperbolic" for r in prove_table(flat).rows)


def test_mixed_points_of_asymmetric_games_are_never_ess() -> None:
    from ica_model.engine.gallery import GALLERY

    model = GALLERY["hawk_dove_asymmetric"].model()
    C, V = sorted(model.parameters, key=str)
    table = prove_table(model, [C > V], mixed=True, witnesses=False)
    mixed = [r for r in table.rows if r.label.startswith("M")]
    assert mixed and all(r.evidence == "theorem" and r.stability != "ESS" for r in mixed)
    assert "Selten 1980" in mixed[0].note


@pytest.mark.slow  # the lowest-versions job leaves it out (Makefile)
def test_random_games_no_decided_sign_is_contradicted() -> None:
    """A few hundred random games (the large run: tests/crosscheck/assumptions_soundness.py)."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "crosscheck"))
    try:
        from assumptions_soundness import run
    finally:
        sys.path.pop(0)
    counts = run(150, seed=3, points=2000)
    assert counts.decided > 20          # the check is not vacuous
    assert counts.contradictions == 0
    assert counts.order_mismatches == 0
    assert counts.bad_certificates == 0


def test_plain_table_witnesses_and_proofs_for_products_of_parameters() -> None:
    """stability_table itself: a witness for a condition with products of parameters, and
    "never ESS" from a certificate of infeasibility (both absent before)."""
    x, y = sp.symbols("x y")
    system = ReplicatorSystem.from_equations(
        [x * (1 - x) * (K2 - A + a * (V2 - V1) * y), y * (1 - y) * (a * V1 - A)], [x, y])
    table = stability_table(system, [K2 > A])
    row = table.row("E2")                         # (1, 0): -(K2 - A) and alpha*V1 - A
    assert row.stability.startswith("ESS if") and row.witness
    assert sp.sympify(a * V1 - A).subs(row.witness) < 0
    contradiction = ReplicatorSystem.from_equations(
        [x * (1 - x) * (a * V1 - A), y * (1 - y) * (A - a * V1)], [x, y])
    assert stability_table(contradiction).row("E4").stability == "never ESS"
