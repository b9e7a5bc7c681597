"""Claim boxes and Shapley effects over a calibration (ica_model.analysis.claim_regions)."""

from __future__ import annotations

import pytest

from ica_model.analysis.claim_regions import boxes_table, claim_regions, effects_table
from ica_model.analysis.prior_variants import MIN_DRAWS, claim_holds
from ica_model.experiments._calibrated import calibration


@pytest.fixture(scope="module")
def quick_g60():
    return calibration("g60", True, 0)


def test_one_region_per_claim_with_its_box_and_effects(quick_g60) -> None:
    regions = claim_regions(quick_g60, rng=1)
    holds = claim_holds(quick_g60)
    assert [r.claim for r in regions] == list(holds)
    for region in regions:
        indicator = holds[region.claim]
        assert region.n == len(quick_g60.accepted)
        assert region.share == pytest.approx(indicator.mean())
        if min(indicator.sum(), (~indicator).sum()) < MIN_DRAWS:
            assert region.box is None and region.effects is None
            continue
        assert region.box is not None and region.effects is not None
        assert len(region.box.dimensions) <= 3
        inside = region.box.contains(quick_g60.accepted)
        assert region.box.n == inside.sum()
        assert region.box.coverage == pytest.approx(indicator[inside].sum() / indicator.sum())
        assert region.box.density == pytest.approx(indicator[inside].mean())
        assert len(region.effects.names) == 5
        assert sum(region.effects.effects) + region.effects.unexplained == pytest.approx(1.0)
    boxes, effects = boxes_table(regions), effects_table(regions)
    assert set(boxes["claim"]) == set(holds)
    assert set(effects["claim"]) == {r.claim for r in regions if r.effects is not None}
    assert claim_regions(quick_g60, rng=1) == regions


def test_errors_named(quick_g60) -> None:
    with pytest.raises(ValueError, match="top"):
        claim_regions(quick_g60, top=0)
    empty = type(quick_g60)(quick_g60.case, quick_g60.scenario, quick_g60.facts,
                            quick_g60.draws, quick_g60.accepted.iloc[:0], quick_g60.passed,
                            quick_g60.rng)
    with pytest.raises(ValueError, match="no draw"):
        claim_regions(empty)
