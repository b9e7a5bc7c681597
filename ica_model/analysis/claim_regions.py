r"""Where each claim holds in the fact-consistent region, and which parameters decide it.

For each claim of :data:`~ica_model.analysis.claims.CLAIMS`, over the accepted draws of a
calibration (the claim's indicator from
:func:`~ica_model.analysis.prior_variants.claim_holds`):

* a PRIM box of at most ``max_dims`` parameter ranges where the claim holds, with its
  coverage and density (:func:`~ica_model.analysis.prim.prim`; Friedman & Fisher 1999,
  Bryant & Lempert 2010) over every parameter the prior lets vary (an actor attribute is
  one column per actor);
* the Shapley effects of the ``top`` parameters that decide it on the indicator's
  variance (:func:`~ica_model.analysis.region_sensitivity.shapley_effects`, given-data
  nearest-neighbour estimate; valid although the accepted draws' parameters are
  correlated), with the share of the variance those parameters leave unexplained. An actor
  attribute is one input (its columns grouped). The ``top`` parameters are found, not
  assumed: ranked by the gap between the claim's shares under the lower and the upper half
  of each parameter's prior range (the influence of
  :mod:`~ica_model.analysis.prior_variants`).

A claim that holds, or fails, at fewer than
:data:`~ica_model.analysis.prior_variants.MIN_DRAWS` accepted draws has no box and no
effects (nothing, or too little, varies: with 3 failures among the 17,010 G60 draws of an
earlier calibration the nearest-neighbour estimate gave effects of -0.49 and 0.45; the
current one has 3 failures of compensation among 20,330): its record says so.

The unexplained share is an upper estimate when the listed parameters span many columns
(an actor attribute is nine): the neighbours of a point are then far apart in those
coordinates, and the conditional variance they give is too large.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validation import check_instance, check_int, check_real, check_sequence, generator_of
from .calibration import Calibration
from .claims import CLAIMS, Claim, check_claims
from .prim import Box, prim
from .prior_variants import MIN_DRAWS, VARIANTS, _mask, _parameters, claim_holds
from .region_sensitivity import MAX_INPUTS, ShapleyEffects, shapley_effects

__all__ = ["ClaimRegion", "boxes_table", "claim_regions", "effects_table"]


@dataclass(frozen=True)
class ClaimRegion:
    """A claim's box and sensitivity over a calibration's accepted draws.

    Attributes
    ----------
    claim : str
    n : int
        Accepted draws.
    share : float
        Share of them where the claim holds.
    by_construction : str
        Empty for a finding, else why it holds by construction.
    box : Box or None
        None if the claim holds, or fails, at fewer than ``MIN_DRAWS`` draws.
    effects : ShapleyEffects or None
        None likewise.
    """

    claim: str
    n: int
    share: float
    by_construction: str
    box: Box | None
    effects: ShapleyEffects | None


def _ranked(calibration: Calibration, groups: dict[str, list[str]], holds: np.ndarray
            ) -> list[str]:
    lower, upper = VARIANTS["lower half"], VARIANTS["upper half"]
    gap = {}
    for name, columns in groups.items():
        low, high = _mask(calibration, columns, lower), _mask(calibration, columns, upper)
        if low.any() and high.any():
            gap[name] = abs(holds[low].mean() - holds[high].mean())
    return sorted(gap, key=lambda name: (-gap[name], name))


def claim_regions(calibration: Calibration, claims: tuple[Claim, ...] = CLAIMS,
                  max_dims: int = 3, top: int = 5, alpha: float = 0.05,
                  queries: int | None = 2000, rng: int | np.random.Generator = 0
                  ) -> tuple[ClaimRegion, ...]:
    """One :class:`ClaimRegion` per claim.

    Parameters
    ----------
    calibration : Calibration
        With at least one accepted draw.
    claims : tuple of Claim
    max_dims : int
        Most parameters a box restricts.
    top : int
        Parameters whose Shapley effects are estimated (1 to
        :data:`~ica_model.analysis.region_sensitivity.MAX_INPUTS`).
    alpha : float
        PRIM's peeling share.
    queries : int or None
        Points per conditional-variance average of the Shapley estimate.
    rng : int or numpy.random.Generator
        Seeds the Shapley estimate's choice of points (one stream per claim).

    Raises
    ------
    ValueError
        If the calibration accepted no draw, or an argument is out of range (a TypeError
        if one is not a number, or ``rng`` not a seed or Generator).
    """
    import pandas as pd

    claims = check_claims(calibration, claims)
    if not len(calibration.accepted):
        raise ValueError("the calibration accepted no draw: no region to report on")
    # every argument checked before any work (rng=nan failed in numpy after the claims)
    max_dims = check_int("max_dims", max_dims, 1)
    top = check_int("top", top, 1, MAX_INPUTS)
    alpha = check_real("alpha", alpha, 0.0, 0.5, low_open=True, high_open=True)
    if queries is not None:
        queries = check_int("queries", queries, 1)
    generator = generator_of(rng)
    groups = _parameters(calibration)
    columns = [column for members in groups.values() for column in members]
    table = pd.DataFrame(calibration.accepted[columns])
    holds = claim_holds(calibration, claims)
    # Generator.spawn (numpy >= 1.25) by hand: the same child streams on numpy 1.24
    bits = generator.bit_generator
    seeds = getattr(bits, "seed_seq", None) or getattr(bits, "_seed_seq")  # noqa: B009
    streams = [np.random.Generator(type(bits)(child)) for child in seeds.spawn(len(claims))]
    regions = []
    for claim, stream in zip(claims, streams, strict=True):
        indicator = holds[claim.name]
        share = float(indicator.mean())
        box: Box | None = None
        effects: ShapleyEffects | None = None
        if min(int(indicator.sum()), int((~indicator).sum())) >= MIN_DRAWS:
            box = prim(table, indicator, alpha=alpha, max_dims=max_dims).box
            chosen = _ranked(calibration, groups, indicator)[:top]
            effects = shapley_effects(table, indicator, groups={g: groups[g] for g in chosen},
                                      queries=queries, rng=stream, unexplained=True)
        regions.append(ClaimRegion(claim.name, len(indicator), share,
                                   claim.by_construction, box, effects))
    return tuple(regions)


def _check_regions(regions: Any) -> tuple[ClaimRegion, ...]:
    """``regions`` as a tuple of :class:`ClaimRegion` (from :func:`claim_regions`), or a
    TypeError naming ``regions``."""
    regions = check_sequence("regions", regions, "a sequence of ClaimRegion records")
    for region in regions:
        check_instance("regions", region, ClaimRegion, "ClaimRegion records (one is not)")
    return regions


def boxes_table(regions: tuple[ClaimRegion, ...]) -> Any:
    """One row per claim and restricted parameter (one row with an empty parameter if the
    claim has no box, or a box that restricts nothing: the whole region is its best box):
    ``claim``, ``n``, ``share``, ``by_construction``, ``parameter``, ``low``, ``high``,
    ``coverage``, ``density``, ``mass``, ``box_n``."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for region in _check_regions(regions):
        head = {"claim": region.claim, "n": region.n, "share": region.share,
                "by_construction": bool(region.by_construction)}
        box = region.box
        if box is None or not box.ranges:
            rows.append({**head, "parameter": "", "low": np.nan, "high": np.nan,
                         "coverage": np.nan if box is None else box.coverage,
                         "density": np.nan if box is None else box.density,
                         "mass": np.nan if box is None else box.mass,
                         "box_n": 0 if box is None else box.n})
            continue
        rows += [{**head, "parameter": name, "low": low, "high": high,
                  "coverage": box.coverage, "density": box.density, "mass": box.mass,
                  "box_n": box.n} for name, low, high in box.ranges]
    return pd.DataFrame(rows)


def effects_table(regions: tuple[ClaimRegion, ...]) -> Any:
    """One row per claim and parameter: ``claim``, ``parameter``, ``effect``,
    ``unexplained`` (the share of the indicator's variance the listed parameters leave),
    ``n``."""
    import pandas as pd

    rows = [{"claim": region.claim, "parameter": name, "effect": effect,
             "unexplained": region.effects.unexplained, "n": region.n}
            for region in _check_regions(regions) if region.effects is not None
            for name, effect in zip(region.effects.names, region.effects.effects, strict=True)]
    return pd.DataFrame(rows, columns=["claim", "parameter", "effect", "unexplained", "n"])
