"""Several experiments at once (ica_model.experiments._parallel): results in the order
given, the files a serial run writes, errors and Ctrl-C that stop every child and leave
no half-written folder. The experiments here are stand-ins that take a few tenths of a
second (registered for the test only); what the real ones share across processes (the
calibration's draws and the claims' indicators) is checked against one process below."""

from __future__ import annotations

import os
import signal
import sys
import time
import types
from pathlib import Path

import numpy as np
import pytest

import ica_model.experiments as experiments
from ica_model.experiments import Experiment
from ica_model.experiments._parallel import can_fork, run_experiments

#: This test process: a stand-in that finds itself here was not forked, and must neither
#: end this process nor interrupt its parent (pytest, or pytest-xdist's controller).
_TEST_PROCESS = os.getpid()


@pytest.fixture(autouse=True)
def forkable() -> None:
    """These tests need the forked path: run serially, the stand-in that dies would end the
    test process itself. Whether this process can fork is decided when each test runs (an
    earlier test in the same process, e.g. under pytest-xdist, may have left a thread: the
    local Dask cluster kept for later sweeps is closed here, anything else skips)."""
    from ica_model.runtime.dask import close_local_dask_cluster

    close_local_dask_cluster()
    if not can_fork():
        pytest.skip("forked children need Linux and no other thread in this process")


def _stand_in(out: Path, quick: bool = False, rng: int = 0) -> list[Path]:
    """What each stand-in does, by the name of its folder (``.NAME.*.partial``)."""
    name = out.name.split(".")[1]
    if name in ("dies", "interrupts") and os.getpid() == _TEST_PROCESS:
        raise AssertionError(f"stand-in {name} ran in the test process, not in a forked child")
    if name == "slow":
        time.sleep(0.6)
    elif name == "fails":
        raise ValueError("stand-in failed: bad parameter x")
    elif name == "dies":
        os._exit(3)
    elif name == "interrupts":
        (out / "half.csv").write_text("half")
        os.kill(os.getppid(), signal.SIGINT)          # Ctrl-C reaching the parent
        time.sleep(30)
    path = out / f"{name}.csv"
    path.write_text(f"{name},{rng},{np.random.default_rng(rng).integers(1000)}\n")
    return [path]


@pytest.fixture
def stand_ins(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names = ["slow", "fast", "other", "fails", "dies", "interrupts"]
    module = types.ModuleType("_stand_in_experiment")
    module.run = _stand_in  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(experiments, "EXPERIMENTS", {
        name: Experiment(name, name, module.__name__) for name in names})
    return names


class _Bar:
    def __init__(self) -> None:
        self.updates, self.postfixes = 0, []

    def update(self, n: int = 1) -> None:
        self.updates += n

    def set_postfix_str(self, text: str) -> None:
        self.postfixes.append(text)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "run.json"}


def test_results_come_in_the_order_given_with_the_files_of_a_serial_run(
        stand_ins: list[str], tmp_path: Path) -> None:
    bar = _Bar()
    order = [name for name, _, _ in run_experiments(["slow", "fast", "other"], tmp_path / "par",
                                                    seed=5, jobs=2, bar=bar)]
    assert order == ["slow", "fast", "other"]        # "fast" finished first
    assert bar.updates == 3 and any("," in text for text in bar.postfixes)   # two at once
    serial = [name for name, _, _ in run_experiments(["slow", "fast", "other"],
                                                     tmp_path / "ser", seed=5, jobs=1)]
    assert serial == order
    assert _files(tmp_path / "par") == _files(tmp_path / "ser")
    assert len(_files(tmp_path / "par")) == 3


def test_a_failing_experiment_stops_the_run_with_its_error_and_leaves_nothing_half_written(
        stand_ins: list[str], tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bad parameter x"):
        list(run_experiments(["slow", "fails", "fast"], tmp_path, jobs=2))
    assert not list(tmp_path.glob(".*"))
    with pytest.raises(RuntimeError, match=r"experiment dies .*exit code 3"):
        list(run_experiments(["dies", "fast"], tmp_path, jobs=2))
    assert not list(tmp_path.glob(".*"))


def test_ctrl_c_stops_every_child_and_removes_their_half_written_folders(
        stand_ins: list[str], tmp_path: Path) -> None:
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        list(run_experiments(["interrupts", "slow", "other"], tmp_path, jobs=2))
    assert time.monotonic() - start < 15                  # not the stand-in's 30 s sleep
    assert not list(tmp_path.glob(".*"))                  # no .NAME.*.partial left
    assert not (tmp_path / "interrupts").exists()


def test_claims_and_calibration_on_several_processes_are_those_of_one() -> None:
    from ica_model.analysis.calibration import calibrate
    from ica_model.analysis.claims import CLAIMS, claim_holds

    serial = calibrate("yangtze_river_delta", draws=2000, rng=1, progress=False)
    forked = calibrate("yangtze_river_delta", draws=2000, rng=1, progress=False,
                       backend="processes", workers=2)
    assert serial.accepted.equals(forked.accepted) and serial.passed == forked.passed
    claims = CLAIMS[:3]
    one, two = claim_holds(serial, claims), claim_holds(forked, claims, workers=2)
    assert one.keys() == two.keys()
    for name in one:
        assert np.array_equal(one[name], two[name]), name


def test_every_experiment_that_reads_a_shared_calibration_is_listed() -> None:
    """An experiment that calls ``_calibrated.calibration`` but is missing from SHARED
    would compute the calibration again in its own process (same files, much later)."""
    import inspect
    import re

    from ica_model.experiments import EXPERIMENTS
    from ica_model.experiments._calibrated import SHARED

    readers = {name for name, entry in EXPERIMENTS.items()
               if re.search(r"(?<![\w.])calibration\(", inspect.getsource(entry.load()))}
    assert readers == set(SHARED)
