"""The offline explorer (docs/_extra/explorer.html): its precomputed grid agrees with
``ica-model solve --json`` at 50 seeded grid points, the page fetches nothing, and its
script parses. No browser is needed (none is installed on the test machines)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from ica_model.explorer import AXES, LEVELS, MIXES, explorer_html, solve_command

PAGE = Path(__file__).resolve().parents[2] / "docs" / "_extra" / "explorer.html"


def shipped() -> dict:
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(r"const DATA = (\{.*?\});\n", text, re.S)
    assert found, "the page holds its data"
    return json.loads(found.group(1).replace("<\\/", "</"))


def solve(command: str) -> dict:
    from ica_model.cli import main

    arguments = command.split()[1:]
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main([*arguments, "--draws", "0"]) == 0
    return json.loads(buffer.getvalue())


def test_the_grid_agrees_with_the_command_line_at_50_seeded_points() -> None:
    data = shipped()
    assert data["levels"] == list(LEVELS) and data["axes"] == list(AXES)
    rng = np.random.default_rng(24)
    names = sorted(data["cases"])
    size = len(LEVELS) ** len(AXES)
    for _ in range(50):
        name = names[int(rng.integers(len(names)))]
        case, k = data["cases"][name], int(rng.integers(size))
        point = [LEVELS[(k // len(LEVELS) ** (len(AXES) - 1 - i)) % len(LEVELS)]
                 for i in range(len(AXES))]
        record = solve(solve_command(name, point))
        assert record["intervention"] == dict(zip(AXES[:4], point[:4], strict=True))
        assert record["national_integration"] == point[4]
        assert case["margin"][k] == pytest.approx(record["metrics"]["incentive_margin"],
                                                  abs=1e-6), (name, point)
        shown = "".join(record["selected"].values()) if record["selected"] else ""
        assert case["actions"][k] == shown, (name, point)
        assert (case["regime"][k] == "all cooperate") == (shown == "C" * len(shown) != "")


def test_the_page_fetches_nothing() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert not re.search(r"https?://|src=|href=|@import|fetch\(|XMLHttpRequest", text)
    assert "default-src 'none'" in text          # and the browser is told to refuse any fetch


def test_the_curves_have_their_bands_and_balance_point() -> None:
    data = shipped()
    for case in data["cases"].values():
        assert {key.split("|")[0] for key in case["curves"]} == set(MIXES)
        for curve in case["curves"].values():
            spans = curve["under"] + curve["stable"] + curve["over"]
            covered = sum(b - a for a, b in spans)
            assert covered == pytest.approx(curve["levels"][-1], abs=1e-6)
            assert curve["margin"][curve["levels"].index(curve["balance"])] == max(curve["margin"])


def test_the_page_is_the_code_s_page(tmp_path: Path) -> None:
    # the shipped page is the template with the data inlined (the template was not edited
    # by hand afterwards)
    assert explorer_html(shipped()) == PAGE.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_script_parses(tmp_path: Path) -> None:
    text = PAGE.read_text(encoding="utf-8")
    script = text[text.index("<script>") + len("<script>"):text.index("</script>")]
    (tmp_path / "page.js").write_text(script, encoding="utf-8")
    done = subprocess.run(["node", "--check", str(tmp_path / "page.js")], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_moving_the_sliders_shows_what_the_command_line_computes(tmp_path: Path) -> None:
    # the page's own script, driven in node through a minimal DOM (explorer/drive.js): each
    # slider moved one keyboard step at a time to 50 seeded grid points, then the shown
    # actions, margin and command compared with `ica-model solve --json`
    text = PAGE.read_text(encoding="utf-8")
    (tmp_path / "page.js").write_text(
        text[text.index("<script>") + len("<script>"):text.index("</script>")], encoding="utf-8")
    rng = np.random.default_rng(2024)
    names = sorted(shipped()["cases"])
    moves = [{"case": names[int(rng.integers(len(names)))],
              "steps": [int(s) for s in rng.integers(len(LEVELS), size=len(AXES))]}
             for _ in range(50)]
    (tmp_path / "moves.json").write_text(json.dumps(moves), encoding="utf-8")
    done = subprocess.run(["node", str(Path(__file__).with_name("explorer") / "drive.js"),
                           str(tmp_path / "page.js"), str(tmp_path / "moves.json")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for move, view in zip(moves, json.loads(done.stdout), strict=True):
        point = [LEVELS[s] for s in move["steps"]]
        assert view["command"] == solve_command(move["case"], point)
        record = solve(view["command"])
        assert float(view["margin"]) == pytest.approx(record["metrics"]["incentive_margin"],
                                                      abs=5e-5)
        assert view["actions"] == (record["selected"] or {g: "–" for g in view["actions"]})
        assert view["curve"] > 1000          # the curve was drawn
