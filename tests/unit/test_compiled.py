"""The disk cache of the lambdified payoff functions (ica_model.runtime.codecache)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ica_model.model.parameters import Terms
from ica_model.model.symbolic import _lambdify_parts, _symbolic_parts, cache_key, payoff_model
from ica_model.runtime import codecache as _compiled


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
    key = cache_key(terms, 2)
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
    key = cache_key(terms, 1)
    (tmp_path / f"{key}.json").write_text(json.dumps({"key": key, "functions": {"C": 1}}))
    payoff_model.cache_clear()
    model = payoff_model(terms, 1)
    entry = json.loads((tmp_path / f"{key}.json").read_text())
    assert entry["data"]["arguments"] == list(model.arguments)
    assert entry["digest"] == _compiled.content_digest(entry["data"])


def _damage(path, how: str, key: str) -> None:
    text = path.read_text()
    entry = json.loads(text)
    if how == "truncated":
        path.write_text(text[: len(text) // 2])
    elif how == "garbage":
        path.write_bytes(b"\x00\xff not json at all")
    elif how == "altered":                  # valid JSON, content changed, old digest kept
        entry["data"]["arguments"] = list(reversed(entry["data"]["arguments"]))
        path.write_text(json.dumps(entry))
    elif how == "raising":                  # digest matches, but the code raises on load
        record = next(iter(entry["data"]["functions"].values()))
        record["source"] = "raise RuntimeError('poisoned entry')\n"
        entry["digest"] = _compiled.content_digest(entry["data"])
        path.write_text(json.dumps(entry))


@pytest.mark.parametrize("how", ["truncated", "garbage", "altered", "raising"])
def test_each_entry_is_verified_and_a_bad_one_regenerated(tmp_path, monkeypatch, how) -> None:
    monkeypatch.setenv("ICA_MODEL_CACHE", str(tmp_path))
    terms = Terms(pilot_costs=True)
    key = cache_key(terms, 2)
    arguments, fresh, _ = _lambdify_parts(terms, 2, key)
    path = tmp_path / f"{key}.json"
    _damage(path, how, key)
    if how != "raising":
        assert _compiled.load(key) is None              # the digest check rejects it
    payoff_model.cache_clear()
    model = payoff_model(terms, 2)
    assert model.arguments == arguments
    values = _values(model, np.random.default_rng(1))
    for action, function in fresh.items():
        np.testing.assert_array_equal(model.evaluate(action, values),
                                      function(*(values[a] for a in arguments)))
    assert _compiled.load(key) is not None              # rewritten, and now verifies


def test_a_cache_folder_that_is_a_file_is_ignored(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("ICA_MODEL_CACHE", str(blocker))
    payoff_model.cache_clear()
    model = payoff_model(Terms(list_credit=False), 1)
    assert model.functions and blocker.read_text() == "x"


@pytest.mark.parametrize("off", ["off", "", "0"])
def test_the_cache_can_be_turned_off(tmp_path, monkeypatch, off) -> None:
    monkeypatch.setenv("ICA_MODEL_CACHE", off)
    assert _compiled.cache_folder() is None
    payoff_model.cache_clear()
    payoff_model(Terms(token_discretion=False), 1)
    assert _compiled.load(cache_key(Terms(token_discretion=False), 1)) \
        is None


def test_the_default_folder_is_the_users_cache(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("ICA_MODEL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _compiled.cache_folder() == tmp_path / "ica_model"


def test_the_default_folder_comes_from_platformdirs(monkeypatch) -> None:
    import platformdirs

    monkeypatch.delenv("ICA_MODEL_CACHE")
    monkeypatch.setattr(platformdirs, "user_cache_dir",
                        lambda name, appauthor=None: f"/users/cache/{name}/{appauthor}")
    assert _compiled.cache_folder() == Path("/users/cache/ica_model/False")
    monkeypatch.setenv("ICA_MODEL_CACHE", "/elsewhere")      # the variable still wins
    assert _compiled.cache_folder() == Path("/elsewhere")


def test_the_key_changes_with_the_model() -> None:
    assert cache_key(Terms(), 1) != \
        cache_key(Terms(), 2)
    assert cache_key(Terms(), 1) != \
        cache_key(Terms(outside_options=False), 1)
