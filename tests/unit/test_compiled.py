"""The disk cache of the lambdified payoff functions (ica_model.model._compiled)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ica_model.model import _compiled
from ica_model.model.parameters import Terms
from ica_model.model.symbolic import _lambdify_parts, _symbolic_parts, payoff_model


def _values(model, rng) -> dict[str, np.ndarray]:
    names = set(model.arguments)
    for names_of_part, _ in model.part_functions.values():
        names |= set(names_of_part)
    values = {name: rng.uniform(0.05, 0.95, 50) for name in names}
    values |= {"cooperators": rng.integers(1, 9, 50).astype(float), "group_size": 9.0}
    return values


def test_functions_read_back_from_the_cache_equal_the_fresh_ones(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ICA_MODEL_CACHE", str(tmp_path))
    terms = Terms(pilot_costs=True)
    key = _compiled.model_key("payoff_model", terms, 2)
    arguments, fresh, fresh_parts = _lambdify_parts(terms, 2, key)
    assert [p.name for p in tmp_path.iterdir()] == [f"{key}.json"]
    payoff_model.cache_clear()
    cached = payoff_model(terms, 2)                         # read from the file
    assert cached.arguments == arguments
    assert cached.functions["C"].__code__.co_filename.startswith("<ica_model cached")
    values = _values(cached, np.random.default_rng(0))
    for action, function in fresh.items():
        np.testing.assert_array_equal(cached.evaluate(action, values),
                                      function(*(values[a] for a in arguments)))
    for part, (names, function) in fresh_parts.items():
        np.testing.assert_array_equal(cached.evaluate_part(*part, values),
                                      function(*(values[n] for n in names)))
    assert cached.expressions == _symbolic_parts(terms, 2)["expressions"]   # derived lazily


def test_a_damaged_file_is_ignored_and_rebuilt(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ICA_MODEL_CACHE", str(tmp_path))
    terms = Terms(list_credit=False)
    key = _compiled.model_key("payoff_model", terms, 1)
    (tmp_path / f"{key}.json").write_text(json.dumps({"key": key, "functions": {"C": 1}}))
    payoff_model.cache_clear()
    model = payoff_model(terms, 1)
    assert json.loads((tmp_path / f"{key}.json").read_text())["arguments"] == list(model.arguments)


@pytest.mark.parametrize("off", ["off", "", "0"])
def test_the_cache_can_be_turned_off(tmp_path, monkeypatch, off) -> None:
    monkeypatch.setenv("ICA_MODEL_CACHE", off)
    assert _compiled.cache_folder() is None
    payoff_model.cache_clear()
    payoff_model(Terms(token_discretion=False), 1)
    assert _compiled.load(_compiled.model_key("payoff_model", Terms(token_discretion=False), 1)) \
        is None


def test_the_default_folder_is_the_users_cache(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("ICA_MODEL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _compiled.cache_folder() == tmp_path / "ica_model"


def test_the_key_changes_with_the_model() -> None:
    assert _compiled.model_key("payoff_model", Terms(), 1) != \
        _compiled.model_key("payoff_model", Terms(), 2)
    assert _compiled.model_key("payoff_model", Terms(), 1) != \
        _compiled.model_key("payoff_model", Terms(outside_options=False), 1)
