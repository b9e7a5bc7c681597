"""The symbolic certificate that hard agreements never lower the margins of identical
actors (issue 22, deliverable 1): the identity is checked by sympy and each factor's sign
by the parameters' domains; the checker refuses what it must."""

from __future__ import annotations

import sympy as sp

from ica_model.analysis.monotonicity import (
    hard_agreement_certificate,
    is_nonnegative,
    is_unit,
)
from ica_model.model.symbolic import symbols


def test_certificate_is_proved() -> None:
    certificate = hard_agreement_certificate()
    assert certificate.identities == {"D": True, "T": True}
    assert certificate.nonnegative == {"D": True, "T": True}
    assert certificate.proved


def test_a_wrong_form_fails_the_identity() -> None:
    x = symbols()
    certificate = hard_agreement_certificate()
    wrong = certificate.forms["D"] * (1 - x["token_weight"] / 2)
    assert sp.expand(certificate.derivatives["D"] - wrong) != 0


def test_sign_rules_refuse_what_they_cannot_show() -> None:
    x = symbols()
    s, c, b, n = x["spillover"], x["enforcement_cost"], x["demand"], x["group_size"]
    assert is_unit(1 - s) and is_unit(s * (1 - s)) and is_unit(1 - 1 / n)
    assert not is_unit(1 - 2 * s) and not is_unit(b) and not is_unit(1 - b)
    assert is_nonnegative(b * c * (1 - s)) and is_nonnegative(c + b)
    assert not is_nonnegative(s - 1) and not is_nonnegative(-c)
    assert not is_nonnegative(c * (1 - b)) and not is_nonnegative(c - b)
