"""Claims as records (issue 22): the inverted U with both sides, by-construction flags with
their reasons, and ``claim_table``'s sizes, Wilson intervals and LaTeX export.

Old against new inverted U on this file's region (G60, 30,000 draws, rng 0, 3,037
accepted): one-sided 1,202 (0.40), both sides 686 (0.23).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest

from ica_model.analysis.calibration import calibrate
from ica_model.analysis.claims import (
    CLAIMS,
    INVERTED_U_ONE_SIDED,
    LEVELS,
    Region,
    _margins,
    claim_table,
    claim_table_latex,
)
from ica_model.tables import claims_latex


@pytest.fixture(scope="module")
def g60_region():
    return calibrate("g60", draws=30_000, rng=0)


@pytest.fixture(scope="module")
def table(g60_region):
    return claim_table(g60_region, (*CLAIMS, INVERTED_U_ONE_SIDED)).set_index("claim")


def test_every_claim_is_a_full_record() -> None:
    for claim in CLAIMS:
        assert claim.definition and claim.quote and claim.source, claim.name
    flagged = {c.name for c in CLAIMS if not c.is_finding}
    assert flagged == {"lying flat", "hard agreements"}


def test_inverted_u_requires_both_sides(g60_region, table) -> None:
    region = Region(g60_region)
    both = CLAIMS[2].holds(region)
    one_sided = INVERTED_U_ONE_SIDED.holds(region)
    margins = region.margins
    assert np.array_equal(both, (margins[:, 0] < 0) & (margins >= 0).any(axis=1)
                          & (margins[:, -1] < 0))
    assert (both <= one_sided).all() and (both <= CLAIMS[1].holds(region)).all()
    assert table.loc["inverted U", "share"] < table.loc["inverted U (one-sided, old)", "share"]
    assert 0.2 < table.loc["inverted U", "share"] < 0.32
    assert 0.37 < table.loc["inverted U (one-sided, old)", "share"] < 0.5


def test_table_sizes_and_wilson_intervals(g60_region, table) -> None:
    n = len(g60_region.accepted)
    assert (table["n"] == n).all() and (table["draws"] == n).all()
    for name, row in table.iterrows():
        ci = binomtest(int(row["holds"]), n).proportion_ci(0.95, method="wilson")
        assert row["low"] == pytest.approx(ci.low) and row["high"] == pytest.approx(ci.high)
        assert row["low"] <= row["share"] <= row["high"], name
        assert "g60" in row["conditional_on"] and "prior" in row["conditional_on"]
    assert table.loc["lying flat", "by_construction"].startswith("restates the fact")
    assert not table.loc["stabilises", "by_construction"]


def test_wilson_interval_matches_published_values() -> None:
    # Wilson (1927) score interval, 5/10 -> [0.2366, 0.7634], 0/10 -> [0, 0.2775]
    for k, expected in ((5, (0.2366, 0.7634)), (0, (0.0, 0.2775))):
        ci = binomtest(k, 10).proportion_ci(0.95, method="wilson")
        assert (ci.low, ci.high) == pytest.approx(expected, abs=5e-5)


def test_latex_escapes_and_marks_by_construction() -> None:
    rows = [{"claim": "a_b", "definition": "x <= 1 & y >= 2", "n": 10, "share": 0.5,
             "low": 0.24, "high": 0.76, "finding": False, "conditional_on": "50% prior"}]
    latex = claim_table_latex(pd.DataFrame(rows))
    assert r"a\_b$^\dagger$ & 10 & 0.50 & [0.24, 0.76] & x $\le$ 1 \& y $\ge$ 2 \\" in latex
    assert r"50\% prior" in latex


def _change(g60_region, symbol):
    region = Region(g60_region)
    changed = _margins(region.scenario, region.columns(), LEVELS, {symbol: 0.5})
    tolerance = 1e-9 * np.maximum(1.0, np.abs(region.margins))
    return changed, region.margins - tolerance


def test_hard_agreements_hold_by_monotonicity_draw_by_draw(g60_region) -> None:
    """The reason given for the flag: the margin never falls at any level and any draw."""
    changed, before = _change(g60_region, "agreement_hardness")
    assert (changed >= before).all()


def test_compensation_is_a_finding_not_a_monotonicity(g60_region) -> None:
    """Compensation lowers the margin at some (draw, level) cells (0.1 % of them, in 0.4 %
    of draws at 30,000 draws, rng 0), yet never raises the critical level: a finding."""
    changed, before = _change(g60_region, "compensation")
    assert (changed < before).any()
    assert (changed < before).any(axis=1).mean() < 0.05


def test_latex_export_is_a_booktabs_table(table) -> None:
    """The table of :func:`ica_model.tables.claims_latex` (counts with a thin thousands
    separator, ``3{,}037``, as every booktabs table of the package prints integers)."""
    latex = claim_table_latex(table.reset_index(), caption="Claims, G60", label="tab:claims")
    lines = latex.splitlines()
    assert lines[0] == r"\begin{table}[t]" and lines[-1] == r"\end{table}"
    for rule in (r"\toprule", r"\midrule", r"\bottomrule"):
        assert lines.count(rule) == 1
    assert r"lying flat$^\dagger$ & 3{,}037 & " in latex
    assert r"inverted U & 3{,}037 & 0.23 & [0.21, 0.24] & margin at level 0 $<$ 0" in latex
    assert r"\label{tab:claims}" in latex and "case 'g60'" in latex
    assert "_" not in latex.replace(r"\_", "")
    assert latex == claims_latex(table.reset_index(), caption="Claims, G60", label="tab:claims")


def test_prior_variants_are_exact_restrictions_and_find_autonomy_cost(g60_region) -> None:
    """A restricted uniform prior's accepted draws are the old ones inside the restriction;
    on this region the autonomy cost is found among the influential parameters and moves
    the inverted U (lower half 0.12, upper half 0.34 here)."""
    from ica_model.analysis.prior_variants import prior_variant_table

    table = prior_variant_table(g60_region, top=3)
    assert list(table.columns[:7]) == ["claim", "prior", "n", "share", "low", "high",
                                       "by_construction"]
    assert "autonomy_cost" in set(table["parameter"])
    inverted = table[table["claim"] == "inverted U"].set_index("prior")["share"]
    assert inverted["autonomy_cost: lower half"] < 0.2 < 0.3 < inverted[
        "autonomy_cost: upper half"]
    values = g60_region.accepted["autonomy_cost"].to_numpy()
    low, high = g60_region.facts.prior.ranges["autonomy_cost"]
    lower = table[(table["prior"] == "autonomy_cost: lower half")]["n"].iloc[0]
    assert lower == int((values <= low + 0.5 * (high - low)).sum())
