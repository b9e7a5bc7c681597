"""The timing rule the benchmarks share."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_time(function: Callable[[], object], repeats: int = 3) -> float:
    """The shortest of ``repeats`` wall-clock times of ``function()`` (the least disturbed
    by other work on the machine)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)
