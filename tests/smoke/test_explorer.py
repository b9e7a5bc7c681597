"""The offline explorer (docs/_extra/explorer.html): its precomputed grid agrees with
``ica-model solve --json`` at 50 seeded grid points, the page fetches nothing, and its
script parses; the page's script driven in node through a minimal DOM, and the page in a
real browser (Debian's Chromium driven by Playwright, every request blocked and counted,
each slider moved by keyboard, screenshots at 1280 and 390 px)."""

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


def seeded_moves() -> list[dict]:
    """50 seeded grid points, each a case and one slider index per axis of :data:`AXES`."""
    rng = np.random.default_rng(2024)
    names = sorted(shipped()["cases"])
    return [{"case": names[int(rng.integers(len(names)))],
             "steps": [int(s) for s in rng.integers(len(LEVELS), size=len(AXES))]}
            for _ in range(50)]


def check_view(move: dict, view: dict) -> None:
    """What the page shows after ``move`` is what ``ica-model solve --json`` computes."""
    point = [LEVELS[s] for s in move["steps"]]
    assert view["command"] == solve_command(move["case"], point)
    record = solve(view["command"])
    assert float(view["margin"]) == pytest.approx(record["metrics"]["incentive_margin"], abs=5e-5)
    assert view["actions"] == (record["selected"] or {g: "–" for g in view["actions"]})
    assert view["curve"] > 1000          # the curve was drawn


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_moving_the_sliders_shows_what_the_command_line_computes(tmp_path: Path) -> None:
    # the page's own script, driven in node through a minimal DOM (explorer/drive.js): each
    # slider moved one keyboard step at a time to 50 seeded grid points, then the shown
    # actions, margin and command compared with `ica-model solve --json`
    text = PAGE.read_text(encoding="utf-8")
    (tmp_path / "page.js").write_text(
        text[text.index("<script>") + len("<script>"):text.index("</script>")], encoding="utf-8")
    moves = seeded_moves()
    (tmp_path / "moves.json").write_text(json.dumps(moves), encoding="utf-8")
    done = subprocess.run(["node", str(Path(__file__).with_name("explorer") / "drive.js"),
                           str(tmp_path / "page.js"), str(tmp_path / "moves.json")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for move, view in zip(moves, json.loads(done.stdout), strict=True):
        check_view(move, view)


def chromium() -> str | None:
    """The system's Chromium (Debian: ``apt-get install chromium``), or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


#: Chromium's switches: no GPU, no sandbox (CI containers run as root), no QUIC, no first-run
#: page, none of its own background traffic (updates, sync, safe browsing lists), and every
#: host name resolving to nothing (a request that slipped past the blocking below could
#: still reach no server).
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND"]

_SHOWN = """() => ({
  margin: document.getElementById("margin").textContent,
  regime: document.getElementById("regime").textContent,
  command: document.getElementById("command").textContent,
  curve: document.getElementById("curve").innerHTML.length,
  actions: Object.fromEntries([...document.querySelectorAll("#actions tbody tr")].map(
    (row) => [row.cells[0].textContent, row.cells[1].textContent]))})"""


@pytest.mark.skipif(chromium() is None,
                    reason="no Chromium installed (Debian: apt-get install chromium; .ci/run "
                           "installs it in CI)")
def test_the_page_in_a_real_browser_offline(tmp_path: Path) -> None:
    # Debian's Chromium driven by Playwright (its own browsers are never downloaded: the
    # executable is the system's), the page opened from file://, every other request
    # refused and counted, each slider moved with the arrow keys to the 50 seeded points
    # of the node test and the view compared with `ica-model solve --json`; screenshots at
    # 1280 and 390 px (tmp_path/explorer-*.png), the narrow one without a sideways scroll.
    from playwright.sync_api import Route, sync_playwright

    url, attempted, problems = PAGE.as_uri(), [], []

    def refuse(route: Route) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            route.abort()

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=chromium(), headless=True,
            args=CHROMIUM_FLAGS, viewport={"width": 1280, "height": 900}, offline=True,
            service_workers="block")
        try:
            context.route("**/*", refuse)
            context.on("request", lambda request: attempted.append(request.url))
            page = context.pages[0] if context.pages else context.new_page()
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda message: problems.append(message.text)
                    if message.type in ("error", "warning") else None)
            page.goto(url)
            views, moves = [], seeded_moves()
            for move in moves:
                page.select_option("#case", move["case"])
                for axis, step in zip(AXES, move["steps"], strict=True):
                    slider = page.locator(f"#{axis}")
                    delta = step - int(slider.input_value())
                    slider.focus()
                    for _ in range(abs(delta)):
                        page.keyboard.press("ArrowRight" if delta > 0 else "ArrowLeft")
                    assert int(slider.input_value()) == step, (axis, step)
                    assert slider.get_attribute("aria-valuetext") == f"{LEVELS[step]:g}"
                views.append(page.evaluate(_SHOWN))
            for width, height in ((1280, 900), (390, 844)):
                page.set_viewport_size({"width": width, "height": height})
                page.screenshot(path=str(tmp_path / f"explorer-{width}.png"), full_page=True)
                sideways = page.evaluate("document.documentElement.scrollWidth - innerWidth")
                assert sideways <= 0, f"at {width} px the page scrolls sideways by {sideways} px"
        finally:
            context.close()
    assert attempted == [url], f"requests other than the page: {attempted[1:]}"
    assert not problems, problems
    for width in (1280, 390):
        assert (tmp_path / f"explorer-{width}.png").stat().st_size > 10_000
    for move, view in zip(moves, views, strict=True):
        check_view(move, view)
