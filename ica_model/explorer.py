"""An offline interactive explorer: one self-contained HTML file, no server, no network.

The file holds a precomputed grid (:data:`LEVELS` for each intervention kind and for
national integration, every named case of :data:`~ica_model.cases.SCENARIOS`): at each
point, each government's action in the selected equilibrium (the one ``ica-model solve``
selects: most cooperators, then the largest total payoff), the full-cooperation margin
:math:`\\min_i U_C - \\max(U_D, U_T)` and the regime (all cooperate, lying flat, open exit,
no pure equilibrium). Along each mix of :data:`MIXES` and at each national integration
level it holds the margin curve, its balance point (where the margin peaks) and the
stable, under- and over-intervention levels (:func:`~ica_model.analysis.leader.cooperation_intervals`).

The page has a case selector, a slider per intervention kind and for national
integration (keyboard: arrow keys move one grid step), a mix selector for the curve; it
shows each government's action, the margin and the regime, the curve with its bands
drawn in inline SVG by a few lines of plain JavaScript (no charting library, nothing
fetched), and the ``ica-model solve ... --json`` command that reproduces the view.

Build it with ``python -m ica_model.explorer OUT.html`` (a minute or two: every grid
point solves its game); the documentation ships one in ``docs/_extra/explorer.html``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["LEVELS", "MIXES", "explorer_data", "explorer_html", "main", "solve_command",
           "write_explorer"]

#: Grid levels of each intervention kind and of national integration.
LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)
#: The mixes whose margin curves the page draws: name -> weight per kind.
MIXES = {"even mix (all four kinds)": {"authority": 1.0, "incentive": 1.0, "information": 1.0,
                                       "standards": 1.0},
         "mandate-led (authority 1, the others 1/2)": {"authority": 1.0, "incentive": 0.5,
                                                        "information": 0.5, "standards": 0.5},
         "authority alone": {"authority": 1.0},
         "standards alone": {"standards": 1.0}}
#: Levels along a mix at which the curve is drawn.
CURVE_POINTS = 51
#: The grid's axes, in the order of a point's index (the last varies fastest).
AXES = ("authority", "incentive", "information", "standards", "national_integration")


def solve_command(case: str, point: Sequence[float]) -> str:
    """The ``ica-model solve`` command of a grid point (levels in the order of
    :data:`AXES`).

    Examples
    --------
    >>> print(solve_command("g60", (0.25, 0.5, 0.0, 1.0, 0.75)).replace(" --n", "\\n--n"))
    ica-model solve g60 --authority 0.25 --incentive 0.5 --information 0 --standards 1
    --national-integration 0.75 --json
    """
    from ._validation import check_real_array, did_you_mean
    from .cases import SCENARIOS

    if not isinstance(case, str) or not case.strip():
        raise TypeError(f"case must be a case's name, got {case!r}")
    if case not in SCENARIOS:      # the command would fail: refused here
        raise ValueError(f"case {case!r} is not a case the command solves; "
                         f"{did_you_mean(case, SCENARIOS, 'choose one of')}")
    levels = check_real_array("point", point)
    if levels.shape != (len(AXES),) or not np.isfinite(levels).all():
        raise ValueError(f"point must hold {len(AXES)} finite levels ({', '.join(AXES)}), "
                         f"got {point!r}")
    flags = " ".join(f"--{axis.replace('_', '-')} {value:g}"
                     for axis, value in zip(AXES, levels.tolist(), strict=True))
    return f"ica-model solve {case} {flags} --json"


def _case_grid(name: str) -> dict[str, Any]:
    from .analysis.follower import follower_response
    from .cases import SCENARIOS
    from .experiments._common import regimes
    from .model.points import as_points

    scenario = SCENARIOS[name]()
    grid = np.array(list(itertools.product(LEVELS, repeat=len(AXES))))
    response = follower_response(scenario, as_points(
        scenario, {axis: grid[:, i] for i, axis in enumerate(AXES)}))
    names = regimes(response)
    has = response.has_equilibrium
    actions = ["".join(scenario.actions[a] for a in row) if ok else ""
               for row, ok in zip(response.profile, has, strict=True)]
    return {"governments": [a.name for a in scenario.actors], "description": scenario.description,
            "actions": actions, "margin": [round(float(m), 6) for m in response.margin],
            "regime": [str(r) for r in names], "curves": _curves(scenario)}


def _curves(scenario: Any) -> dict[str, Any]:
    from .analysis.leader import cooperation_intervals
    from .model.closed_form import full_cooperation_margin
    from .model.parameters import KINDS

    curves: dict[str, Any] = {}
    for mix_name, mix in MIXES.items():
        for integration in LEVELS:
            at = scenario.with_values(national_integration=integration)
            found = cooperation_intervals(at, mix)
            levels = np.linspace(0.0, found.max_level, CURVE_POINTS)
            weights = dict(zip(KINDS, found.mix, strict=True))
            margin = np.asarray(full_cooperation_margin(
                at, {k: np.clip(levels * w, 0.0, 1.0) for k, w in weights.items()}), dtype=float)
            peak = int(np.argmax(margin))
            curves[f"{mix_name}|{integration:g}"] = {
                "levels": [round(float(x), 6) for x in levels],
                "margin": [round(float(m), 6) for m in margin],
                "balance": round(float(levels[peak]), 6),
                "stable": [[round(a, 6), round(b, 6)] for a, b in found.stable],
                "under": [[round(a, 6), round(b, 6)] for a, b in found.under],
                "over": [[round(a, 6), round(b, 6)] for a, b in found.over]}
    return curves


def explorer_data(cases: Sequence[str] | None = None) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-ready data (see the module docstring)."""
    from . import __version__
    from ._validation import check_names
    from .cases import SCENARIOS

    chosen = list(SCENARIOS) if cases is None else check_names("cases", cases, list(SCENARIOS))
    return {"version": __version__, "levels": list(LEVELS), "axes": list(AXES),
            "mixes": list(MIXES), "cases": {name: _case_grid(name) for name in chosen}}


_PAGE = Path(__file__).with_name("_explorer_page.html")


def explorer_html(data: dict[str, Any]) -> str:
    """The page: :file:`_explorer_page.html` with ``data`` inlined (no file or address is
    fetched when it runs)."""
    if not isinstance(data, dict):
        raise TypeError(f"data must be the dict explorer_data returns, got {type(data).__name__}")
    try:
        payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise TypeError(f"data must be JSON-ready (explorer_data's): {error}") from None
    missing = [key for key in ("version", "levels", "axes", "mixes", "cases") if key not in data]
    if missing:     # the page would load and show nothing
        raise ValueError(f"data must be the dict explorer_data returns: it lacks {missing}")
    payload = payload.replace("</", "<\\/")
    return _PAGE.read_text(encoding="utf-8").replace("/*DATA*/null", payload)


def write_explorer(path: str | Path, cases: Sequence[str] | None = None) -> Path:
    """Compute the grid and write the page to ``path`` (written whole, then renamed)."""
    import os
    import tempfile

    if not isinstance(path, str | Path) or "\0" in str(path) or not str(path).strip():
        raise TypeError(f"path must be a file path (str or pathlib.Path), got {path!r}")
    path = Path(path)
    if path.is_dir() or not (path.parent if str(path.parent) else Path(".")).is_dir():
        raise ValueError(f"path must name a file in an existing folder, got {str(path)!r}")
    # the folder is tried before the grid is computed (seconds a case): a path that cannot
    # be written is refused at once
    try:
        handle, scratch = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    except OSError as error:
        raise ValueError(f"path {str(path)!r} cannot be written: {error.strerror}") from None
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        try:
            stream.write(explorer_html(explorer_data(cases)))
        except BaseException:
            os.unlink(scratch)      # a refused case or Ctrl-C: nothing left behind
            raise
    os.chmod(scratch, 0o644)    # a page of the site: readable by all, like any other file
    os.replace(scratch, path)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ica_model.explorer OUT.html`` (``--help``: the usage); the exit status."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m ica_model.explorer",
        description="Write the parameter explorer: one self-contained HTML page.")
    parser.add_argument("out", metavar="OUT.html", help="the page to write")
    if argv is not None and (isinstance(argv, str | bytes) or not isinstance(argv, Sequence)
                             or not all(isinstance(argument, str) for argument in argv)):
        raise TypeError(f"argv must be a list of strings, got {argv!r}")
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as stop:      # --help (0) or a usage error (2), already printed
        return stop.code if isinstance(stop.code, int) else 2
    print(write_explorer(arguments.out))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
