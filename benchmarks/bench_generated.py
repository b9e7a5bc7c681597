"""Issue 20's generated-payoff and closed-form figures, measured in one run.

Run: ``python benchmarks/bench_generated.py [--points 2000] [--largest 10000000]``
(``make bench``). Each measurement runs in a fresh process, so the first call (imports,
the disk cache of generated code, numba's cached kernels) and the repeat call (the best of
``--repeats``) are both printed, with the numba kernels and without (``ICA_MODEL_NUMBA=0``).
Times are CPU seconds of the process (``time.process_time``): on a machine shared with
other work they move less than wall-clock times; read the ratios, not the times.

1. **The G60 follower** (:func:`~ica_model.analysis.follower.follower_response`, the nine
   cities with token compliance): points per second on a sweep of authority and incentive
   and on draws of every actor attribute (as the calibration draws them), and the peak
   memory of a call (tracemalloc). The reference is the code before the issue's change
   (commit ``addb517``), extracted with ``git archive`` and run the same way, when the
   repository's history is at hand (``--before PATH`` names another checkout; ``--before
   none`` skips it). Target: 3x the reference's points per second, on both paths.
2. **Closed-form sweeps in memory** (``sweep`` of a homogeneous scenario, no ``out=``):
   10^6 and ``--largest`` points against the same-work numpy floor (the same generated
   margins on whole arrays, the two flags and the regime codes: no chunks, no table), and
   the measured peak memory (what tracemalloc sees, plus the table the run puts its chunks
   in, anonymous memory it does not see) against the size check's estimate
   (:func:`~ica_model.analysis.sweeps.table_bytes`, the worst case: the chunks joined at
   the end). Target: within 2x of the floor.

The other figures of the issue are printed by ``bench_pure_build.py`` (games built without
copies), ``bench_sweeps.py`` (two workers) and ``bench_two_player.py`` (two-player solvers).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REFERENCE_COMMIT = "addb517"
ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------- children


def _g60() -> Any:
    """The G60 case (``ica_model.model.cases`` in the reference code)."""
    try:
        from ica_model.cases import g60
    except ImportError:             # the reference commit
        from ica_model.model.cases import g60  # type: ignore[no-redef]
    return g60()


def _follower() -> Callable[..., Any]:
    """The follower's response (named ``local_response`` in the reference code)."""
    from ica_model.analysis import follower

    return getattr(follower, "follower_response", None) or follower.local_response


def _follower_points(kind: str, size: int) -> tuple[Any, dict[str, Any]]:
    import numpy as np

    rng = np.random.default_rng(1)
    values = {"authority": rng.uniform(0, 1, size), "incentive": rng.uniform(0, 1, size)}
    if kind == "draws":
        n = _g60().n
        values |= {"information": rng.uniform(0, 1, size), "standards": rng.uniform(0, 1, size),
                   "information_cost": rng.uniform(0.05, 0.4, size),
                   "negotiation_cost": rng.uniform(0.01, 0.1, size),
                   "coordination_risk": rng.uniform(0.2, 0.8, size),
                   "capacity": rng.uniform(0.4, 1.0, (size, n)),
                   "preference": rng.uniform(0.3, 0.6, (size, n)),
                   "demand": rng.uniform(0.5, 2.0, (size, n))}
    return _g60(), values


def _child_follower(kind: str, size: int, repeats: int) -> dict:
    import tracemalloc

    follower_response = _follower()
    scenario, values = _follower_points(kind, size)
    start = time.process_time()
    follower_response(scenario, values)
    first = time.process_time() - start + _IMPORTED
    repeat = min(_cpu(lambda: follower_response(scenario, values)) for _ in range(repeats))
    tracemalloc.start()
    follower_response(scenario, values)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"first": first, "repeat": repeat, "peak": peak}


def _child_closed_form(size: int, repeats: int) -> dict:
    import tracemalloc

    import numpy as np

    from ica_model.analysis.sweeps import sweep, table_bytes
    from ica_model.cases import symmetric
    from ica_model.model.closed_form import homogeneous_margins
    from ica_model.model.points import as_points
    from ica_model.runtime import RandomSample

    scenario = symmetric()
    sample = RandomSample({"authority": (0, 1), "incentive": (0, 1)}, size=size, rng=1)
    sweep(scenario, RandomSample({"authority": (0, 1), "incentive": (0, 1)}, size=10, rng=1))

    def floor() -> None:
        columns = sample.chunk(0, size)
        margins = homogeneous_margins(scenario, as_points(scenario, columns))
        full, none = margins["full_cooperation"] >= 0, margins["no_cooperation"] >= 0
        codes = full.astype(np.int8) + 2 * none       # the regime as codes
        del codes

    ours = min(_cpu(lambda: sweep(scenario, sample)) for _ in range(repeats))
    reference = min(_cpu(floor) for _ in range(repeats))
    tracemalloc.start()
    table = sweep(scenario, sample)
    peak = tracemalloc.get_traced_memory()[1] + table.memory_usage(deep=True).sum()
    tracemalloc.stop()
    return {"sweep": ours, "floor": reference, "peak": peak / size,
            "estimate": table_bytes(2, "closed_form")}


def _cpu(function: Callable[[], object]) -> float:
    start = time.process_time()
    function()
    return time.process_time() - start


_IMPORTED = 0.0


def _child(argv: list[str]) -> None:
    global _IMPORTED
    start = time.process_time()
    import ica_model  # noqa: F401  (the import counts in the first call)

    _IMPORTED = time.process_time() - start
    task, *rest = argv
    if task == "follower":
        result = _child_follower(rest[0], int(rest[1]), int(rest[2]))
    else:
        result = _child_closed_form(int(rest[0]), int(rest[1]))
    print(json.dumps(result))


# ---------------------------------------------------------------------------- parent


def _run(tree: Path, numba: bool, *task: str) -> dict:
    environment = os.environ | {"PYTHONPATH": str(tree), "ICA_MODEL_NUMBA": "1" if numba else "0"}
    done = subprocess.run([sys.executable, __file__, "--child", *task], env=environment,
                          capture_output=True, text=True, check=False, cwd=tree)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child {task} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _reference_tree(option: str | None, scratch: Path) -> Path | None:
    if option == "none":
        return None
    if option is not None:
        return Path(option)
    if subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{REFERENCE_COMMIT}^{{commit}}"],
                      capture_output=True, check=False).returncode != 0:
        return None
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", REFERENCE_COMMIT],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(scratch)], input=archive, check=True)
    return scratch


def follower_table(size: int, repeats: int, before: Path | None) -> None:
    print(f"1. G60 follower, {size:,} points (CPU seconds; points per second of the repeat call)")
    print(f"   {'workload':<9}{'path':<7}{'first s':>9}{'repeat s':>10}{'points/s':>10}"
          f"{'peak MiB':>10}{'before pts/s':>14}{'ratio':>7}  target 3x")
    for kind in ("sweep", "draws"):
        for numba in (True, False):
            now = _run(ROOT, numba, "follower", kind, str(size), str(repeats))
            rate = size / now["repeat"]
            line = (f"   {kind:<9}{'numba' if numba else 'numpy':<7}{now['first']:9.2f}"
                    f"{now['repeat']:10.3f}{rate:10.0f}{now['peak'] / 2**20:10.1f}")
            if before is not None:
                then = _run(before, numba, "follower", kind, str(size), str(repeats))
                ratio = then["repeat"] / now["repeat"]
                line += (f"{size / then['repeat']:14.0f}{ratio:7.2f}  "
                         f"{'meets' if ratio >= 3 else 'MISSES'}")
            print(line, flush=True)


def closed_form_table(sizes: list[int], repeats: int) -> None:
    print("\n2. Closed-form sweep in memory (symmetric scenario, authority and incentive)")
    print(f"   {'points':>12}{'sweep s':>10}{'floor s':>10}{'ratio':>7}{'peak B/pt':>11}"
          f"{'estimate':>10}  target 2x")
    for size in sizes:
        result = _run(ROOT, True, "closed_form", str(size), str(repeats))
        ratio = result["sweep"] / result["floor"]
        print(f"   {size:12,}{result['sweep']:10.2f}{result['floor']:10.2f}{ratio:7.2f}"
              f"{result['peak']:11.1f}{result['estimate']:10d}  "
              f"{'meets' if ratio <= 2 else 'MISSES'}", flush=True)


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments and arguments[0] == "--child":
        _child(arguments[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=2000, help="points of the follower runs")
    parser.add_argument("--largest", type=int, default=10_000_000,
                        help="largest closed-form sweep held in memory")
    parser.add_argument("--repeats", type=int, default=3, help="repeat calls (the best is kept)")
    parser.add_argument("--before", default=None,
                        help=f"a checkout of the reference code (default: commit "
                             f"{REFERENCE_COMMIT} by git archive; 'none' to skip)")
    args = parser.parse_args(arguments)
    print(f"load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="ica-bench-") as scratch:
        before = _reference_tree(args.before, Path(scratch))
        follower_table(args.points, args.repeats, before)
    closed_form_table(sorted({10**6, args.largest}), min(args.repeats, 2))
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
