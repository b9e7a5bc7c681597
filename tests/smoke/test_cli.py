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
    from ica_model.cases import g60

    assert main(["solve", "g60", "--json", "--draws", "0"]) == 0
    record = json.loads(capsys.readouterr().out)
    expected = pure_equilibria(scenario_game(g60(), Intervention())).equilibria
    assert len(record["equilibria"]) == len(expected)
    assert {tuple(e["profile"].values()) for e in record["equilibria"]} == {
        tuple("CDT"[a] for a in eq.profile) for eq in expected}
    selected = max(expected, key=lambda eq: (eq.profile.count(0), sum(eq.payoffs)))
    assert tuple(record["selected"].values()) == tuple("CDT"[a] for a in selected.profile)
    assert record["metrics"]["cooperators"] == selected.profile.count(0)
    assert record["metrics"]["full_cooperation_is_equilibrium"] is (selected.profile.count(0) == 9)
    assert "robust_share" not in record["metrics"]


def test_solve_without_a_pure_equilibrium_says_so(capsys) -> None:
    """At authority 0.5 alone the G60 game has no pure equilibrium (it once failed inside zip)."""
    from ica_model import Intervention, pure_equilibria
    from ica_model.cases import g60

    assert not pure_equilibria(scenario_game(g60(), Intervention(authority=0.5))).equilibria
    assert main(["solve", "g60", "--authority", "0.5", "--draws", "0"]) == 0
    assert "no pure Nash equilibrium at these levels" in capsys.readouterr().out
    assert main(["solve", "g60", "--authority", "0.5", "--draws", "0", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["equilibria"] == [] and record["selected"] is None
    assert record["metrics"]["cooperators"] is None


def test_solve_at_an_epoch_uses_its_levels_and_integration(capsys) -> None:
    """--epoch sets the epoch's representative levels and national integration; a kind's
    flag overrides its level; the game is the library's at those values."""
    from ica_model import Intervention, pure_equilibria
    from ica_model.cases import G60, g60

    observed = G60.epoch("more lists").representative
    assert main(["solve", "g60", "--epoch", "more lists", "--authority", "1", "--json",
                 "--draws", "0"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["national_integration"] == observed["national_integration"]
    assert record["intervention"] == {"authority": 1.0, "incentive": observed["incentive"],
                                      "information": observed["information"],
                                      "standards": observed["standards"]}
    scenario = g60().with_values(national_integration=observed["national_integration"])
    expected = pure_equilibria(scenario_game(scenario, Intervention(**record["intervention"])))
    assert {tuple(e["profile"].values()) for e in record["equilibria"]} == {
        tuple("CDT"[a] for a in eq.profile) for eq in expected.equilibria}
    assert main(["solve", "g60", "--epoch", "2030"]) == 2
    assert "not an epoch of 'g60'" in capsys.readouterr().err


def test_run_and_figures(tmp_path: Path, capsys) -> None:
    assert main(["run", "follow_up_strategies", "--quick", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "follow_up_strategies" / "follow_up_strategies.csv").exists()
    run = capsys.readouterr()     # a single experiment shows its bar, on stderr only
    assert "follow_up_strategies: 100%" in run.err and "1/1" in run.err
    assert "%|" not in run.out and run.out.startswith("follow_up_strategies: ")
    assert main(["figures", "--from", str(tmp_path), "--docs", str(tmp_path / "docs")]) == 2
    err = capsys.readouterr().err
    assert "figures missing in" in err and "intervention_sweep (no figures)" in err
    assert "nothing was copied" in err and err.count("\n") == 1
    assert list((tmp_path / "docs").iterdir()) == []    # all or nothing: nothing


@pytest.mark.parametrize("argv, message", [
    (["solve", "nowhere"], "unknown scenario 'nowhere'"),
    (["solve", "g60", "--authority", "1.5"], "must lie in [0, 1], got 1.5"),
    (["solve", "g60", "--incentive", "nan"], "must lie in [0, 1], got nan"),
    (["solve", "g60", "--information", "lots"], "must be a number in [0, 1], got 'lots'"),
    (["run", "nope"], "unknown experiment 'nope'"),
    (["run", "group_size", "--seed", "-3"], "must be a non-negative integer"),
    (["run", "group_size", "--jobs", "0"], "argument --jobs: must be a positive integer"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["run", "group_size", "--out", ""], "argument --out: must name a folder, got ''"),
    (["figures", "--docs", ""], "argument --docs: must name a folder, got ''"),
    (["figures", "--from", " "], "argument --from: must name a folder, got ''"),
    (["solve", "g60", "--draws", "-1"], "argument --draws: must be a non-negative integer"),
])
def test_bad_input_gets_one_line_and_status_2(argv, message, capsys) -> None:
    try:
        status = main(argv)
    except SystemExit as exit_:
        status = exit_.code
    assert status == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


# --- help, version, start-up ------------------------------------------------------------

def test_bare_command_prints_help(capsys) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: ica-model") and "list" in out and "figures" in out


def test_version(capsys) -> None:
    from ica_model import __version__

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out == f"ica-model {__version__}\n"


def test_every_flag_has_help() -> None:
    import argparse

    from ica_model.cli import _parser

    parser = _parser(["solve"])                       # with the flags of every command
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == {"list", "run", "figures", "solve", "diffuse", "simulate"}
    checked = 0
    for command, sub in [("", parser), *commands.choices.items()]:
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help and action.help.strip(), f"{command} {action.dest}"
            checked += 1
    assert checked >= 14     # -h everywhere, --version, --quick/--seed twice, ...


def test_help_and_list_do_not_import_the_model() -> None:
    # start-up time is measured in benchmarks/bench_startup.py; here: what is imported
    import subprocess
    import sys

    code = ("import sys; from ica_model.cli import main; main(['--help']); "
            "assert 'numpy' not in sys.modules and 'matplotlib' not in sys.modules, "
            "sorted(m for m in sys.modules if m.startswith(('numpy', 'matplotlib')))[:3]")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=_env())
    assert done.returncode == 0, done.stderr
    code = ("import sys; from ica_model.cli import main; main(['list']); "
            "assert not any(m in sys.modules for m in ('matplotlib', 'pandas', 'sympy', "
            "'scipy')), [m for m in ('matplotlib', 'pandas', 'sympy', 'scipy') if m in sys.modules]")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=_env())
    assert done.returncode == 0, done.stderr


def _env() -> dict:
    import os

    root = str(Path(__file__).resolve().parents[2])
    source = os.environ.get("ICA_MODEL_SOURCE")      # the installed-wheel job runs elsewhere
    env = dict(os.environ)
    if not source:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    return env


# --- interrupts and atomic outputs ------------------------------------------------------

def _interrupting_run(written: list):
    """An experiment ``run`` that writes one file, then is interrupted."""
    def run(out, quick=False, rng=0):
        path = Path(out) / "half.csv"
        path.write_text("a,b\n1,")
        written.append(path)
        raise KeyboardInterrupt
    return run


def test_ctrl_c_during_run_stops_with_one_line_and_status_130(tmp_path: Path, capsys,
                                                               monkeypatch) -> None:
    from ica_model.experiments import experiment

    written: list = []
    monkeypatch.setattr(experiment("group_size").load(), "run", _interrupting_run(written))
    out = tmp_path / "new" / "results"
    assert main(["run", "group_size", "--quick", "--no-progress", "--out", str(out)]) == 130
    err = capsys.readouterr().err
    assert err == "ica-model: interrupted\n"
    assert main(["run", "group_size", "--quick", "--out", str(out)]) == 130
    err = capsys.readouterr().err       # with the bar: the message is still the last line
    assert err.endswith("\nica-model: interrupted\n") and err.count("interrupted") == 1
    assert written and not written[0].exists()        # the half-written file is gone
    assert list(tmp_path.iterdir()) == []             # and the folders the run created


def test_ctrl_c_keeps_finished_experiments_and_a_previous_result(tmp_path: Path, capsys,
                                                                 monkeypatch) -> None:
    from ica_model.experiments import experiment

    assert main(["run", "follow_up_strategies", "--quick", "--out", str(tmp_path)]) == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "follow_up_strategies").iterdir()}
    written: list = []
    monkeypatch.setattr(experiment("follow_up_strategies").load(), "run",
                        _interrupting_run(written))
    # one after the other (--jobs 1); on several processes: tests/unit/test_parallel_experiments.py
    assert main(["run", "all", "--quick", "--jobs", "1", "--out", str(tmp_path)]) == 130
    assert capsys.readouterr().err.endswith("ica-model: interrupted\n")
    # the experiments before it finished; the interrupted one kept its previous files;
    # the ones after it never started; no temporary folder is left
    from ica_model.experiments import EXPERIMENTS

    order = list(EXPERIMENTS)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(order[:order.index("follow_up_strategies") + 1])
    assert {p.name: p.read_bytes() for p in (tmp_path / "follow_up_strategies").iterdir()} \
        == before


def test_rerun_replaces_outputs_and_keeps_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "group_size"
    assert main(["run", "group_size", "--quick", "--out", str(tmp_path)]) == 0
    (folder / "group_size.csv").write_text("stale")            # not an output name
    (folder / "group_size_window.csv").write_text("stale")     # an output name
    assert main(["run", "group_size", "--quick", "--out", str(tmp_path)]) == 0
    assert (folder / "group_size.csv").read_text() == "stale"  # not ours: kept
    assert (folder / "group_size_window.csv").read_text().startswith("n,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["group_size"]


def test_run_writes_only_into_its_folder(tmp_path: Path, monkeypatch) -> None:
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["run", "sensitivity", "--quick", "--out", str(tmp_path / "out")]) == 0
    assert list(here.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cwd", "out"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["sensitivity"]
    import os

    mask = os.umask(0)
    os.umask(mask)                 # the output folder has the usual permissions
    assert (tmp_path / "out" / "sensitivity").stat().st_mode & 0o777 == 0o777 & ~mask


# --- figures ------------------------------------------------------------------------

def _fake_run_all(folder: Path, skip: str = "") -> None:
    """A folder shaped like the output of 'run all' (one figure per experiment)."""
    from ica_model.experiments import EXPERIMENTS

    for name in EXPERIMENTS:
        (folder / name).mkdir(parents=True)
        (folder / name / f"{name}.png").write_bytes(b"png " + name.encode())
        if name != skip:
            (folder / name / f"{name}.svg").write_bytes(b"svg " + name.encode())


def test_figures_copies_png_and_svg(tmp_path: Path) -> None:
    from ica_model.experiments import EXPERIMENTS

    _fake_run_all(tmp_path / "results")
    docs = tmp_path / "docs"
    assert main(["figures", "--from", str(tmp_path / "results"), "--docs", str(docs)]) == 0
    assert sorted(p.name for p in docs.iterdir()) == sorted(
        f"{name}.{suffix}" for name in EXPERIMENTS for suffix in ("png", "svg"))
    assert (docs / "sensitivity.svg").read_bytes() == b"svg sensitivity"


def test_figures_from_a_partial_folder_copies_nothing(tmp_path: Path, capsys) -> None:
    _fake_run_all(tmp_path / "results", skip="phase_portraits")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "group_size.png").write_bytes(b"old")
    assert main(["figures", "--from", str(tmp_path / "results"), "--docs", str(docs)]) == 2
    assert "phase_portraits (phase_portraits.svg)" in capsys.readouterr().err
    assert sorted(p.name for p in docs.iterdir()) == ["group_size.png"]
    assert (docs / "group_size.png").read_bytes() == b"old"


def test_figures_outside_the_repository_needs_docs(tmp_path: Path, capsys,
                                                   monkeypatch) -> None:
    _fake_run_all(tmp_path / "results")
    monkeypatch.chdir(tmp_path)
    assert main(["figures", "--from", "results"]) == 2
    assert "pass --docs DIR" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]   # no ./docs
    # at the root of the repository, docs/figures is the default
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "ica_model"\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text("")
    assert main(["figures", "--from", "results"]) == 0
    assert (tmp_path / "docs" / "figures" / "group_size.svg").is_file()


def test_a_closed_stdout_ends_quietly() -> None:
    """Issue 25: ``ica-model solve g60 | head -3`` printed "error: [Errno 32] Broken pipe"."""
    import os
    import subprocess
    import sys

    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line: every write fails with EPIPE
    try:
        done = subprocess.run([sys.executable, "-m", "ica_model.cli", "solve", "g60"],
                              stdout=write, stderr=subprocess.PIPE, text=True, timeout=120,
                              env=_env())
    finally:
        os.close(write)
    assert done.stderr == ""
    assert done.returncode == 141
