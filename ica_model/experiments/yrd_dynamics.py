r"""The Yangtze River Delta over time: provincial platforms, then the central push.

The four provincial actors from 2016 to 2020 as one history (:mod:`ica_model.history`), with
the State Council's guidance (July 2018) and pilot work plan (March 2019) as events that
raise political momentum; draws are kept when the path reproduces the history facts of
钟伟军, 《地方政府的分散创新与中央主导下的创新整合——长三角政务服务"一网通办"的实践路径》
(:data:`ica_model.cases.yangtze_delta.HISTORY`).

Outputs: as :mod:`ica_model.experiments.g60_dynamics`, prefixed ``yangtze_river_delta_dynamics``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .._validation import seed_of
from ..history.calibration import calibrate_histories
from .g60_dynamics import write_history

CASE = "yangtze_river_delta"
DRAWS = (6, 600)
STATE = ("potential", "attention", "resources", "sunk", "institution")


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Calibrate over histories, write the tables and the figure; return the paths."""
    seed = seed_of(rng)
    result = calibrate_histories(CASE, DRAWS[0 if quick else 1], rng=seed)
    return write_history(result, out, STATE, "Yangtze River Delta, 2016-2020", "provinces",
                         seed)
