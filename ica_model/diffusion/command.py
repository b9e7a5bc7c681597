"""The ``ica-model diffuse`` command: one diffusion of a level of China's governments."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from .._display import printed_as_json
from .._validation import check_int
from .facts import FOLLOWERS
from .model import MODES, heterogeneous_parameters, simulate_diffusion
from .network import PROVINCES, china_network

__all__ = ["diffuse", "print_diffusion"]


def diffuse(level: str, periods: int = 120, replicates: int = 1, seed: int = 0) -> dict[str, Any]:
    """Shares adopted and by mode each period (means over replicates) and each province's
    most frequent mode at the last period (over its units and the replicates).

    Governments are heterogeneous (:func:`ica_model.diffusion.model.heterogeneous_parameters`
    with stream ``[seed, 1]``), the network is :func:`china_network` with stream
    ``[seed, 2]``, the replicates use ``seed``.

    Examples
    --------
    >>> out = diffuse("provinces", periods=2, replicates=1, seed=0)
    >>> sorted(out), len(out["periods"]), out["governments"]["Guizhou"] in MODES
    (['governments', 'level', 'periods'], 3, True)
    """
    seed = check_int("seed", seed, 0, 2**63 - 1)
    periods = check_int("periods", periods, 1, 10**5)
    replicates = check_int("replicates", replicates, 1, 10**7)
    network = china_network(level, rng=np.random.default_rng([seed, 2]))
    parameters = heterogeneous_parameters(network.size, np.random.default_rng([seed, 1]))
    run = simulate_diffusion(network, parameters, periods, replicates, seed)
    adopted, modes = run.adopted.mean(axis=0), run.modes.mean(axis=0)
    rows = [{"period": t, "adopted": round(float(adopted[t]), 6),
             "modes": {name: round(float(modes[t, k]), 6) for k, name in enumerate(MODES)}}
            for t in range(periods + 1)]
    governments = {}
    for index, province in enumerate(PROVINCES):
        units = np.flatnonzero(network.province == index)
        if units.size:
            counts = Counter(run.final_modes[:, units].ravel().tolist())
            governments[province[0]] = MODES[max(sorted(counts), key=counts.__getitem__)]
    return {"level": level, "periods": rows, "governments": governments}


def print_diffusion(record: dict[str, Any], as_json: bool) -> None:
    """Print :func:`diffuse`'s record as JSON or as a short table."""
    if printed_as_json(record, as_json):
        return
    lines: list[str] = []   # built whole first: a record of another shape prints nothing
    try:
        lines.append(f"diffusion among {record['level']}: share adopted and by mode")
        short = {"none": "none", "wait-and-see": "wait", "absorption-coordination": "absorb",
                 "learning-localisation": "learn", "competition-expansion": "compete"}
        lines.append("period  adopted  " + "  ".join(f"{short[m]:>7}" for m in MODES))
        rows = record["periods"]
        step = max(1, len(rows) // 12)
        for row in rows[::step] + ([rows[-1]] if (len(rows) - 1) % step else []):
            lines.append(f"{row['period']:>6}  {row['adopted']:7.3f}  "
                         + "  ".join(f"{row['modes'][m]:7.3f}" for m in MODES))
        lines.append("\nmode at the last period: " + ", ".join(
            f"{name}: {record['governments'][name]}" for name in FOLLOWERS
            if name in record["governments"]) + " (others with --json)")
    except (KeyError, TypeError, IndexError, ValueError) as error:
        raise ValueError(f"record must be the dict the command builds (diffuse's record): "
                         f"{type(error).__name__}: {error}") from None
    print("\n".join(lines))
