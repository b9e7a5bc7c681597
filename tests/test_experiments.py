"""Smoke tests: every experiment runs in quick mode and writes its data and figures."""

from __future__ import annotations

import csv
import runpy
from pathlib import Path

import pytest

EXPERIMENTS = Path(__file__).resolve().parents[1] / "experiments"


@pytest.mark.parametrize("name", ["intervention_sweep"])
def test_experiment_quick_mode_writes_outputs(name: str, tmp_path: Path) -> None:
    main = runpy.run_path(str(EXPERIMENTS / f"{name}.py"), run_name="smoke")["main"]
    out = main(["--quick", "--out", str(tmp_path)])
    for suffix in ("csv", "png", "svg"):
        assert (out / f"{name}.{suffix}").stat().st_size > 0
    with open(out / f"{name}.csv") as handle:
        rows = list(csv.DictReader(handle))
    authority = [r for r in rows if r["kind"] == "authority"]
    stable = [r["full_cooperation_is_equilibrium"] == "True" for r in authority]
    # the inverted U: unstable, then stable, then unstable again
    assert not stable[0] and any(stable) and not stable[-1]


def test_experiment_is_deterministic(tmp_path: Path) -> None:
    main = runpy.run_path(str(EXPERIMENTS / "intervention_sweep.py"), run_name="smoke")["main"]
    first = (main(["--quick", "--out", str(tmp_path / "a")]) / "intervention_sweep.csv")
    second = (main(["--quick", "--out", str(tmp_path / "b")]) / "intervention_sweep.csv")
    assert first.read_text() == second.read_text()
