"""``Scenario.with_values``: change scenario-level parameters by symbol."""

from __future__ import annotations

import dataclasses

import pytest

from ica_model.cases import g60
from ica_model.model.parameters import SCHEMA


def test_equals_the_nested_replace() -> None:
    scenario = g60()
    nested = dataclasses.replace(
        scenario, agreement_hardness=0.3,
        outside=dataclasses.replace(scenario.outside, integration=0.5, substitution=0.2),
        costs=dataclasses.replace(scenario.costs, negotiation=0.1))
    assert scenario.with_values(national_integration=0.5, platform_substitution=0.2,
                                negotiation_cost=0.1, agreement_hardness=0.3) == nested
    assert scenario.with_values() == scenario


def test_every_scenario_level_symbol_round_trips() -> None:
    scenario = g60()
    for entry in SCHEMA:
        if entry.path.startswith(("actor.", "intervention.", "preferences.")) or \
                entry.path == "n":
            continue
        value = scenario.value(entry.symbol)
        changed = scenario.with_values(**{entry.symbol: value})
        assert changed == scenario, entry.symbol


@pytest.mark.parametrize(("values", "error", "match"), [
    ({"demand": 2.0}, ValueError, r"'demand' is not a scenario-level parameter \(actor\.demand\)"),
    ({"authority": 0.5}, ValueError, "not a scenario-level parameter"),
    ({"output_weight": 1.0}, ValueError, "not a scenario-level parameter"),
    ({"group_size": 5}, ValueError, "with_group_size"),
    ({"integration": 0.5}, ValueError, "unknown parameter 'integration'"),
    ({"national_integration": 1.5}, ValueError, r"national_integration must lie in"),
])
def test_refuses_by_name(values: dict[str, float], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        g60().with_values(**values)
