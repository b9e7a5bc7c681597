"""The written parameter classes match the declarations they were once generated from.

``Intervention``, ``Terms`` and ``AuthorityPreferences`` are literal dataclasses (so type
checkers and IDEs see their fields); their fields must follow :data:`INTERVENTION_KINDS`
and :data:`TERM_SWITCHES`, field by field and in order, so that adding a kind or a term
switch without its field (or the reverse) fails here.
"""

from __future__ import annotations

import dataclasses

import pytest

from ica_model.model.parameters import (
    INTERVENTION_KINDS,
    NONNEGATIVE,
    SWITCH,
    TERM_SWITCHES,
    UNIT,
    AuthorityPreferences,
    Intervention,
    Role,
    Terms,
    schema_entry,
)


def _expected(cls: type) -> list[tuple[str, str, object, object, Role, str, str, bool]]:
    """(field, symbol, default, domain, role, latex, meaning, symbolic) from the declarations."""
    if cls is Intervention:
        return [(k.name, k.name, 0.0, UNIT, Role.KIND, k.latex, k.meaning, True)
                for k in INTERVENTION_KINDS]
    if cls is Terms:
        switches = [*TERM_SWITCHES,
                    *((k.name, f"The {k.name} intervention kind.") for k in INTERVENTION_KINDS)]
        return [(name, f"{name}_term", True, SWITCH, Role.SWITCH, name.replace("_", r"\_"),
                 meaning, False) for name, meaning in switches]
    output = ("output_weight", "output_weight", 2.0, NONNEGATIVE, Role.AUTHORITY, r"\Gamma",
              "Value of the integrated service's coverage to the authority, beyond the local "
              'payoffs (the national "one network" goal).', True)
    return [output, *((f"{k.name}_effort", f"{k.name}_effort", k.effort_weight, NONNEGATIVE,
                       Role.AUTHORITY, rf"\kappa_{{\mathrm{{{k.name}}}}}",
                       f"Cost scale of {k.name} effort: the authority pays it times the squared "
                       "level.", True) for k in INTERVENTION_KINDS)]


@pytest.mark.parametrize("cls", [Intervention, Terms, AuthorityPreferences],
                         ids=lambda cls: cls.__name__)
def test_fields_follow_the_declarations(cls: type) -> None:
    fields = dataclasses.fields(cls)
    expected = _expected(cls)
    assert [f.name for f in fields] == [e[0] for e in expected]
    for item, (name, symbol, default, domain, role, latex, meaning, symbolic) in zip(
            fields, expected, strict=True):
        assert item.default == default, name
        assert item.metadata["parameter"] == (symbol, domain, role, latex, meaning, symbolic,
                                              None), name
        assert schema_entry(symbol).name == name


@pytest.mark.parametrize("cls", [Intervention, Terms, AuthorityPreferences],
                         ids=lambda cls: cls.__name__)
def test_frozen_hashable_and_compared_by_value(cls: type) -> None:
    first, second = cls(), cls()
    assert first == second and hash(first) == hash(second)
    name = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(first, name, getattr(first, name))
    assert cls.__module__ == "ica_model.model.parameters"
    assert "Parameters\n    ----------" in (cls.__doc__ or "")


def test_validation_names_the_field() -> None:
    with pytest.raises(ValueError, match=r"Intervention\.standards"):
        Intervention(standards=1.5)
    with pytest.raises(ValueError, match=r"AuthorityPreferences\.incentive_effort"):
        AuthorityPreferences(incentive_effort=-1.0)
    with pytest.raises(TypeError, match=r"Terms\.list_credit"):
        Terms(list_credit=0.5)  # type: ignore[arg-type]
