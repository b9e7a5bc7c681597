"""Smoke tests: every experiment runs in quick mode, writes its data and figures, and is
deterministic; the experiment scripts are thin wrappers of the same code."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pandas as pd
import pytest

from ica_model.experiments import EXPERIMENTS, experiment, run_experiment

SCRIPTS = Path(__file__).resolve().parents[1] / "experiments"


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_quick_mode_writes_tidy_data_and_figures(name: str, tmp_path: Path) -> None:
    paths = run_experiment(name, tmp_path, quick=True, seed=1)
    suffixes = {p.suffix for p in paths}
    assert {".csv", ".png", ".svg"} <= suffixes
    for path in paths:
        assert path.parent == tmp_path / name and path.stat().st_size > 0
    for csv in (p for p in paths if p.suffix == ".csv"):
        table = pd.read_csv(csv)
        assert len(table) > 0 and not table.columns.duplicated().any()
    assert experiment(name).TITLE and experiment(name).__doc__


@pytest.mark.parametrize("name", ["intervention_sweep", "g60_timeline", "sensitivity"])
def test_same_seed_same_files(name: str, tmp_path: Path) -> None:
    first = run_experiment(name, tmp_path / "a", quick=True, seed=0)   # the default seed
    second = run_experiment(name, tmp_path / "b", quick=True, seed=0)
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


def test_unknown_experiment_and_bad_seed() -> None:
    with pytest.raises(ValueError, match="unknown experiment 'nope'; choose one of"):
        run_experiment("nope")
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        run_experiment("group_size", seed=-1)


def test_script_runs_the_same_code(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["group_size.py", "--quick", "--out", str(tmp_path)])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_path(str(SCRIPTS / "group_size.py"), run_name="__main__")
    assert exit_.value.code == 0
    assert (tmp_path / "group_size" / "group_size.png").stat().st_size > 0
