"""Smoke tests: every experiment runs in quick mode, writes its data and figures, and is
deterministic; ``python -m ica_model.experiments`` runs the same code."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ica_model.experiments import EXPERIMENTS, experiment, run_experiment

README = Path(__file__).resolve().parents[1] / "experiments" / "README.md"


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_quick_mode_writes_tidy_data_and_figures(name: str, tmp_path: Path) -> None:
    paths = run_experiment(name, tmp_path, quick=True, rng=1)
    suffixes = {p.suffix for p in paths}
    assert {".csv", ".png", ".svg"} <= suffixes
    for path in paths:
        assert path.parent == tmp_path / name and path.stat().st_size > 0
    for csv in (p for p in paths if p.suffix == ".csv"):
        table = pd.read_csv(csv)
        assert len(table) > 0 and not table.columns.duplicated().any()
    entry = experiment(name)
    assert entry.name == name and entry.title and entry.load().__doc__


@pytest.mark.parametrize("name", ["intervention_sweep", "g60_timeline", "sensitivity"])
def test_same_seed_same_files(name: str, tmp_path: Path) -> None:
    first = run_experiment(name, tmp_path / "a", quick=True, rng=0)   # the default seed
    second = run_experiment(name, tmp_path / "b", quick=True, rng=0)
    for a, b in zip(first, second, strict=True):
        if a.suffix in (".csv", ".svg"):
            assert a.read_bytes() == b.read_bytes(), a.name


def test_intervention_sweep_shows_the_inverted_u(tmp_path: Path) -> None:
    run_experiment("intervention_sweep", tmp_path, quick=True)
    table = pd.read_csv(tmp_path / "intervention_sweep" / "intervention_sweep.csv")
    authority = table[(table["case"] == "symmetric") & (table["kind"] == "authority")]
    stable = authority["full_cooperation"].tolist()
    assert not stable[0] and any(stable) and not stable[-1]


def test_timeline_pilot_stabilises_and_heavy_mandates_break(tmp_path: Path) -> None:
    run_experiment("g60_timeline", tmp_path, quick=True)
    table = pd.read_csv(tmp_path / "g60_timeline" / "g60_timeline.csv").set_index("year")
    assert table.loc[2018, "cooperators"] == 7
    assert table.loc[2019, "cooperators"] == 9
    assert table.loc[2023, "cooperators"] < 9


def test_a_generator_gives_one_seed_drawn_from_it(tmp_path: Path) -> None:
    # the experiment draws its one integer seed from the generator: the same generator
    # state gives the same files, and the files equal those of that integer seed
    seed = int(np.random.default_rng(7).integers(2**32))
    first = run_experiment("sensitivity", tmp_path / "a", quick=True, rng=np.random.default_rng(7))
    second = run_experiment("sensitivity", tmp_path / "b", quick=True, rng=seed)
    third = run_experiment("sensitivity", tmp_path / "c", quick=True, rng=8)
    assert first[0].read_bytes() == second[0].read_bytes() != third[0].read_bytes()


def test_unknown_experiment_and_bad_rng() -> None:
    with pytest.raises(ValueError, match="unknown experiment 'nope'; choose one of"):
        run_experiment("nope")
    with pytest.raises(ValueError, match=r"rng must be an integer in \[0, inf\], got -1"):
        run_experiment("group_size", rng=-1)
    with pytest.raises(TypeError, match="rng must be a non-negative integer seed or a numpy"):
        run_experiment("group_size", rng=1.5)
    with pytest.raises(ValueError, match="out must name a folder"):
        run_experiment("group_size", out="")


def test_registry_is_the_one_list(tmp_path: Path) -> None:
    # the modules hold no second copy of the titles, and the README lists every experiment
    for name, entry in EXPERIMENTS.items():
        assert not hasattr(entry.load(), "TITLE"), name
        assert f"| `{name}` |" in README.read_text(encoding="utf-8"), name
    assert sorted(p.stem for p in README.parent.iterdir()) == ["README"]


def test_module_entry_point_runs_the_same_code(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["ica_model.experiments", "group_size", "--quick",
                                      "--out", str(tmp_path)])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("ica_model.experiments", run_name="__main__", alter_sys=True)
    assert exit_.value.code == 0
    assert (tmp_path / "group_size" / "group_size.png").stat().st_size > 0
