"""Start-up time of the command line and of ``import ica_model``, measured in one run.

Run: ``python benchmarks/bench_startup.py`` (``make bench``).

Each command runs in a fresh interpreter, ``REPEATS`` times; the minimum wall time is
reported (other processes only ever add time), next to a bare ``python -c pass`` as the
floor and against the targets: ``ica-model --help`` and ``ica-model list`` under 0.3 s,
``import ica_model`` under 0.5 s. ``python -X importtime -c "import ica_model.cli"``
shows where the time goes.
"""

from __future__ import annotations

import subprocess
import sys
import time

REPEATS = 15
#: (label, arguments of the interpreter, target in seconds or None).
COMMANDS = (
    ("python -c pass (the floor)", ["-c", "pass"], None),
    ("import ica_model", ["-c", "import ica_model"], 0.5),
    ("ica-model --help", ["-m", "ica_model.cli", "--help"], 0.3),
    ("ica-model (bare: help)", ["-m", "ica_model.cli"], 0.3),
    ("ica-model --version", ["-m", "ica_model.cli", "--version"], 0.3),
    ("ica-model list", ["-m", "ica_model.cli", "list"], 0.3),
    ("ica-model solve --help", ["-m", "ica_model.cli", "solve", "--help"], None),
)


def fastest(arguments: list[str]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        subprocess.run([sys.executable, *arguments], check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print(f"start-up, minimum of {REPEATS} runs each")
    floor = None
    for label, arguments, target in COMMANDS:
        seconds = fastest(arguments)
        floor = seconds if floor is None else floor
        verdict = "" if target is None else (
            f"  target < {target:.1f} s: {'ok' if seconds < target else 'MISSED'}")
        print(f"  {label:<30} {seconds * 1000:7.1f} ms  ({seconds / floor:4.1f}x the floor)"
              f"{verdict}")


if __name__ == "__main__":
    main()
