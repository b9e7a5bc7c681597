"""A scenario's walk through the rooms of the package: each room is entered from above and
the walk never climbs back up, except where a lower room calls what it was handed (the
runner calls the metric and the design it was given; a root finder calls the function it
was given). Measured on the landed code before the redesign: following
``optimal_intervention``'s scenario, 20 stays in 6 rooms and 5 climbs back up."""

from __future__ import annotations

import contextlib
import io
import sys
from collections import Counter
from collections.abc import Callable

import pytest

#: The floors, lowest first (a room may call any room on a lower floor).
FLOOR = {"_validation": 0, "_lambdify": 0, "_display": 0, "stats": 0, "tables": 0,
         "runtime": 0, "engine": 1, "model": 2, "cases": 3, "history": 4, "diffusion": 4,
         "analysis": 5, "explorer": 6, "experiments": 6, "cli": 7}


def _room(frame) -> str | None:
    name = frame.f_globals.get("__name__", "")
    if not name.startswith("ica_model."):
        return None
    return name.split(".")[1]


def climbs(call: Callable[[], object]) -> Counter:
    """(caller's room, callee's room, caller, callee) of every call from a room to a room on
    a higher floor during ``call()``, counted."""
    found: Counter = Counter()

    def profile(frame, event, arg):
        if event != "call" or (callee := _room(frame)) is None:
            return
        back = frame.f_back
        while back is not None and _room(back) is None:      # through numpy, scipy, ...
            back = back.f_back
        caller = None if back is None else _room(back)
        if caller is not None and FLOOR[callee] > FLOOR[caller]:
            found[(caller, callee, back.f_code.co_name, frame.f_code.co_name)] += 1

    with contextlib.redirect_stdout(io.StringIO()):
        sys.setprofile(profile)
        try:
            call()
        finally:
            sys.setprofile(None)
    return found


def test_every_room_has_a_floor():
    from pathlib import Path

    import ica_model

    package = Path(ica_model.__file__).parent
    rooms = {path.stem for path in package.glob("*.py")} | \
        {path.parent.name for path in package.glob("*/__init__.py")}
    assert rooms - {"__init__"} == set(FLOOR)


@pytest.mark.parametrize("argv", [["g60", "--draws", "2"], ["g60", "--epoch", "lists"]],
                         ids=["g60", "g60-epoch"])
def test_solve_never_climbs_back_up(argv):
    """`ica-model solve`: the command, the case, the model, the engine, the analyses; the
    only calls upward are the runner's calls of the robustness metric and its design."""
    import ica_model.cli as cli

    with contextlib.redirect_stdout(io.StringIO()):
        cli.main(["solve", *argv])              # imports and caches, outside the walk
    found = climbs(lambda: cli.main(["solve", *argv]))
    assert {(caller, name) for _, _, caller, name in found} <= \
        {("_execute", "_survivals"), ("_execute", "chunk")}, found


def test_optimal_intervention_never_climbs_back_up():
    """Was 5 climbs back up: now only the engine's root finder calling the margin it was
    handed."""
    from ica_model import cases
    from ica_model.analysis.leader import optimal_intervention

    scenario = cases.g60()
    optimal_intervention(scenario, (1, 0, 0, 0), resolution=11)
    found = climbs(lambda: optimal_intervention(scenario, (1, 0, 0, 0), resolution=11))
    assert {(caller, callee) for caller, callee, *_ in found} <= {("engine", "analysis")}, found
    assert {name for *_, name in found} == {"<lambda>"}, found
