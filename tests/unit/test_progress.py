"""Progress bars: on under ``ica-model run`` and in Jupyter, off with ``progress=False``,
always on standard error (ica_model.runtime.progress)."""

from __future__ import annotations

import io
import sys
import types

import pytest

from ica_model.analysis.calibration import calibrate
from ica_model.analysis.leader import optimal_intervention
from ica_model.cases import g60
from ica_model.cli import main
from ica_model.runtime.progress import progress_bar, progress_default, show_progress


def test_auto_follows_the_terminal_the_notebook_and_the_command_line(monkeypatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert show_progress(None) is False
    with progress_default(True):
        assert show_progress(None) is True and show_progress(False) is False
    assert show_progress(None) is False                       # reset after the block
    kernel = types.SimpleNamespace(kernel=object())            # what a Jupyter kernel's shell has
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: kernel))
    assert show_progress(None) is True
    terminal = types.SimpleNamespace()                         # plain IPython in a terminal
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: terminal))
    assert show_progress(None) is False
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert show_progress(None) is True


def test_bad_progress_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="progress must be True or False, got 'yes'"):
        show_progress("yes")
    with pytest.raises(TypeError, match="progress must be True or False"):
        optimal_intervention(g60(), progress=1)


def test_the_bar_writes_to_the_stream_given() -> None:
    stream = io.StringIO()
    with progress_bar(True, total=2, desc="work", file=stream) as bar:
        bar.update(2)
    assert "work: 100%" in stream.getvalue()
    silent = io.StringIO()
    with progress_bar(False, total=2, file=silent) as bar:
        bar.update(2)
    assert silent.getvalue() == ""


def test_calibrate_bar_on_stderr_only_when_asked(capfd) -> None:
    quiet = calibrate("yangtze_river_delta", draws=300, rng=1, progress=False)
    assert capfd.readouterr() == ("", "")
    shown = calibrate("yangtze_river_delta", draws=300, rng=1, progress=True)
    out, err = capfd.readouterr()
    assert out == "" and "calibrate yangtze_river_delta: 100%" in err and "300/300" in err
    assert shown.passed == quiet.passed       # the bar changes nothing in the result
    with progress_default(True):              # as under `ica-model run`: the default is on
        calibrate("yangtze_river_delta", draws=300, rng=1)
    assert "300/300" in capfd.readouterr().err


def test_optimal_intervention_full_vector_bar(capfd) -> None:
    quiet = optimal_intervention(g60(), None, grid_points=2, resolution=11, progress=False)
    assert capfd.readouterr() == ("", "")
    shown = optimal_intervention(g60(), None, grid_points=2, resolution=11, progress=True)
    err = capfd.readouterr().err
    assert "optimal_intervention: intervals: 100%" in err and "3/3" in err
    assert "evaluations=" in err
    assert shown.intervention == quiet.intervention


def test_cli_no_progress_writes_nothing_to_stderr(tmp_path, capfd) -> None:
    assert main(["run", "follow_up_strategies", "--quick", "--no-progress",
                 "--out", str(tmp_path)]) == 0
    out, err = capfd.readouterr()
    assert err == "" and out.startswith("follow_up_strategies: ")
