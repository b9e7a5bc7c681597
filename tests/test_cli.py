"""The ica-model command line, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ica_model.cli import main
from ica_model.model.payoffs import scenario_game


def test_list(capsys) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "intervention_sweep" in out and "g60" in out and "yangtze_river_delta" in out


def test_solve_prints_a_correct_table(capsys) -> None:
    assert main(["solve", "g60", "--authority", "0.4", "--information", "0.3", "--draws", "20"]) == 0
    out = capsys.readouterr().out
    assert "1 pure Nash equilibrium" in out
    assert "full cooperation is an equilibrium             yes" in out
    assert "Xuancheng  C" in out


def test_solve_json_matches_the_library(capsys) -> None:
    from ica_model import Intervention, pure_equilibria
    from ica_model.model.cases import g60

    assert main(["solve", "g60", "--json", "--draws", "0"]) == 0
    record = json.loads(capsys.readouterr().out)
    expected = pure_equilibria(scenario_game(g60(), Intervention())).equilibria
    assert len(record["equilibria"]) == len(expected)
    assert record["selected"]["Wuhu"] == "D" and record["metrics"]["cooperators"] == 7
    assert record["metrics"]["full_cooperation_is_equilibrium"] is False
    assert "robust_share" not in record["metrics"]


def test_run_and_figures(tmp_path: Path, capsys) -> None:
    assert main(["run", "follow_up_strategies", "--quick", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "follow_up_strategies" / "follow_up_strategies.csv").exists()
    assert main(["figures", "--from", str(tmp_path), "--docs", str(tmp_path / "docs")]) == 2
    assert "no figures of experiment" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["solve", "nowhere"], "unknown scenario 'nowhere'"),
    (["solve", "g60", "--authority", "1.5"], "must lie in [0, 1], got 1.5"),
    (["solve", "g60", "--incentive", "nan"], "must lie in [0, 1], got nan"),
    (["solve", "g60", "--information", "lots"], "must be a number in [0, 1], got 'lots'"),
    (["run", "nope"], "unknown experiment 'nope'"),
    (["run", "group_size", "--seed", "-3"], "must be a non-negative integer"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    ([], "required: command"),
])
def test_bad_input_gets_one_line_and_status_2(argv, message, capsys) -> None:
    try:
        status = main(argv)
    except SystemExit as exit_:
        status = exit_.code
    assert status == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
