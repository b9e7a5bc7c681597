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
from ._common import write_table
from ._histories import state_means, year_shares
from .g60_dynamics import fact_rows, figure, representative
from .style import caption_line, save_figure

CASE = "yangtze_river_delta"
DRAWS = (6, 600)
STATE = ("potential", "attention", "resources", "sunk", "institution")


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Calibrate over histories, write the tables and the figure; return the paths."""
    result = calibrate_histories(CASE, DRAWS[0 if quick else 1], rng=seed_of(rng))
    years = year_shares(result)
    states = state_means(result, STATE)
    share, low, high = result.share
    note = (f"{int(result.accepted.sum())} of {result.history.draws} draws reproduce every "
            f"fact ({share:.0%}, 95 % interval {low:.0%}-{high:.0%})"
            if result.accepted.any() else
            f"none of {result.history.draws} draws reproduces every fact: all paths shown")
    name = f"{CASE}_dynamics"
    paths = [write_table(fact_rows(result), out, f"{name}_facts"),
             write_table(years, out, f"{name}_years"),
             write_table(result.action_bands(), out, f"{name}_provinces"),
             write_table(states, out, f"{name}_state"),
             write_table(result.informed(), out, f"{name}_informed"),
             write_table(representative(result, seed_of(rng)), out, f"{name}_representative")]
    return [*paths, *save_figure(figure(years, states, STATE, "Yangtze River Delta, 2016-2020"),
                                 out, name,
                                 caption_line("Myopic stage equilibria given the state; "
                                              "snapshot prior and dynamic terms' ranges",
                                              note))]
