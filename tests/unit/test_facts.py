"""The cases' epochs name only intervention kinds the model knows."""

from __future__ import annotations

import pytest

from ica_model.model.facts import CASE_FACTS
from ica_model.model.parameters import KINDS


@pytest.mark.parametrize("case", sorted(CASE_FACTS))
def test_epoch_levels_name_known_kinds(case: str) -> None:
    known = {*KINDS, "national_integration"}
    for epoch in CASE_FACTS[case].epochs:
        assert set(epoch.levels) <= known, (case, epoch.name, set(epoch.levels) - known)
        for low, high in epoch.levels.values():
            assert 0 <= low <= high, (case, epoch.name)
