"""The calibrations the experiments share, and how figures cite them.

Every experiment that reads a case through its fact-consistent region
(:func:`ica_model.analysis.calibration.calibrate`) takes it from :func:`calibration`: one
calibration per case, mode and seed, computed once per process, so ``ica-model run all``
draws each case once and every figure of a run shows the same accepted region. The
representative point of a case is its named scenario (:mod:`ica_model.cases`, an
accepted draw of the full calibration) at its epochs' representative levels.

Uncertainty bands are read over a subset of the accepted draws, chosen at random by
:func:`subset` (a stream of the experiment's seed), so the band's cost does not grow with
the number of draws; the caption says how many draws a band uses.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

import numpy as np

from ..cases import CASES, LEVEL_NAMES
from ..model.facts import epoch_column, split_column

__all__ = ["DRAWS", "QUICK_DRAWS", "SHARED", "SOURCES", "band_note", "bottleneck",
           "calibration", "calibration_workers", "claims_read", "draw_columns", "in_pinyin",
           "period", "quantiles", "region_note", "representative_levels"]

#: Draws of the calibration of each case: those of the call that gives its representative
#: draw (about 10.2 % of the G60 draws and 1 % of the Yangtze River Delta draws are
#: accepted; 20 s and 2 s on one core).
DRAWS = {name: case.representative.draws for name, case in CASES.items()}
#: The same in quick mode (a few hundred accepted draws each; for tests).
QUICK_DRAWS = {"g60": 3_000, "yangtze_river_delta": 20_000}

#: How figures cite the sources of each case (the house font has no Chinese glyphs).
SOURCES = {"g60": "Liu Lulu (G60 study)",
           "yangtze_river_delta": "Zhong Weijun (Yangtze River Delta study)"}
#: Authors' names and the sources' terms in pinyin, for text drawn in figures.
PINYIN = {"刘露露": "Liu Lulu", "钟伟军": "Zhong Weijun", "彭小兵、彭洋": "Peng Xiaobing and Peng Yang",
          "躺平": "tǎng píng"}

#: The calibrations each experiment reads through :func:`calibration`: a run of several
#: experiments on several processes computes those two or more of them read once, before
#: the experiments start (:mod:`ica_model.experiments._parallel`); one not listed here is
#: computed by the experiment's own process, with the same result, only later.
SHARED = {"calibration": ("g60", "yangtze_river_delta"), "inverted_u": ("g60",),
          "mix_heatmaps": ("g60",), "g60_timeline": ("g60",),
          "yangtze_river_delta": ("yangtze_river_delta",), "claims_robustness": ("g60",),
          "claim_boxes": ("g60",), "region_sensitivity": ("g60",)}

_WORKERS: ContextVar[int] = ContextVar("ica_model_calibration_workers", default=1)


@contextmanager
def calibration_workers(workers: int) -> Iterator[None]:
    """Within the block, :func:`calibration` checks its draws on ``workers`` processes
    (the accepted region is the same on any number)."""
    token = _WORKERS.set(workers)
    try:
        yield
    finally:
        _WORKERS.reset(token)


def claims_read(case: str) -> tuple[Any, ...]:
    """The claims the experiments read on ``case``: all of them on G60, and on the Yangtze
    River Delta those its own source (钟伟军) makes."""
    from ..analysis.claims import CLAIMS

    return CLAIMS if case == "g60" else tuple(c for c in CLAIMS if "钟伟军" in c.source)


@lru_cache(maxsize=8)
def calibration(case: str, quick: bool, seed: int) -> Any:
    """The calibration of ``case`` with :data:`DRAWS` (or :data:`QUICK_DRAWS`) draws from
    ``rng = seed``, computed once per process (on :func:`calibration_workers` processes).

    Raises
    ------
    ValueError
        If no draw was accepted (too few draws for this seed).
    """
    from ..analysis.calibration import calibrate

    draws = (QUICK_DRAWS if quick else DRAWS)[case]
    workers = _WORKERS.get()
    result = calibrate(case, draws, rng=seed, backend="processes" if workers > 1 else "serial",
                       workers=workers)
    if not len(result.accepted):
        raise ValueError(f"the calibration of {case!r} accepted none of {draws} draws "
                         f"(rng {seed}); run without --quick")
    return result


def draw_columns(result: Any, rows: np.ndarray, epoch: str | None = None,
                 repeat: int = 1) -> dict[str, np.ndarray]:
    """The parameters of the accepted draws ``rows`` (e.g. a
    :class:`~ica_model.runtime.designs.RowSample`'s ``rows``) and, with ``epoch``, each draw's levels
    of that epoch (kinds it does not list are 0), each repeated ``repeat`` times in a row
    (draw-major), ready for :func:`~ica_model.model.points.as_points`."""
    table = result.accepted.iloc[rows]
    columns = {name: table[name].to_numpy() for name in table.columns
               if split_column(name)[2] is None}
    if epoch is not None:
        levels = result.facts.epoch(epoch).ranges
        columns |= {name: table[epoch_column(epoch, name)].to_numpy() if name in levels
                    else np.zeros(len(rows)) for name in LEVEL_NAMES}
    return {name: np.repeat(values, repeat) for name, values in columns.items()}


def representative_levels(case: str, epoch: str) -> dict[str, float]:
    """The levels of ``epoch`` at the representative point (every kind and national
    integration; those the epoch does not list are 0)."""
    from ..cases import case as named_case

    return named_case(case).levels(epoch)


def bottleneck(case: str) -> str:
    """The name of the last epoch of ``case`` (for G60 its bottleneck, 瓶颈期: the national
    integration of 2022–23)."""
    from ..cases import case as named_case

    return named_case(case).epochs[-1].name


def quantiles(values: np.ndarray, axis: int = 0,
              probabilities: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
              ) -> Mapping[str, np.ndarray]:
    """Quantiles of ``values`` along ``axis``, named ``q05``, ``q25``, ..."""
    return {f"q{round(100 * p):02d}": np.quantile(values, p, axis=axis) for p in probabilities}


def band_note(result: Any, used: int, what: str = "bands") -> str:
    """The caption's note on a band (or share, ``what``): how many accepted draws it uses,
    of how many."""
    return (f"{what} over {used:,} of the {len(result.accepted):,} draws of the calibration "
            f"that reproduce every fact ({result.draws:,} draws from the plausible ranges, "
            f"rng {result.rng})")


def region_note(result: Any) -> str:
    """The caption's first note of a figure over the G60 region: whose facts, and how many
    draws the calibration accepted of how many (the experiments on the claims' region)."""
    return (f"G60 corridor, facts after {SOURCES['g60']}: {len(result.accepted):,} of "
            f"{result.draws:,} draws accepted (rng {result.rng})")


def period(text: str) -> str:
    """A period of the facts as figures print it: years joined by an en dash, the second
    shortened within a century (``"2020-2021"`` -> ``"2020–21"``); other text as it is.

    Examples
    --------
    >>> period("2022-2023"), period("2013 to mid-2018")
    ('2022–23', '2013 to mid-2018')
    """
    import re

    def join(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        return f"{first}–{second[2:] if first[:2] == second[:2] else second}"

    return re.sub(r"\b(\d{4})-(\d{4})\b", join, text)


def in_pinyin(text: str) -> str:
    """``text`` with the authors' Chinese names and the sources' terms in pinyin
    (:data:`PINYIN`).

    Raises
    ------
    ValueError
        If Chinese characters remain (the house font has no glyphs for them).
    """
    import re

    for chinese, pinyin in PINYIN.items():
        text = text.replace(chinese, pinyin)
    left = re.findall(r"[\u3000-\u9fff\uff00-\uffef]+", text)
    if left:
        raise ValueError(f"no pinyin for {left} in {text!r}: add it to PINYIN")
    return text
