r"""Prior sensitivity of the claims' shares by restricting the uniform prior.

Every prior of a calibration is uniform and independent per parameter
(:class:`~ica_model.model.facts.Prior`). Restricting one parameter's range to a sub-interval
:math:`[a, b]` of its range gives another uniform prior, and the accepted draws that fall in
:math:`[a, b]` are *exactly* an accepted sample under that prior (rejection ABC restricted
to a sub-box is rejection ABC on the sub-box): no importance weights and no rerun are needed.
So each share is recomputed under three documented variants per parameter: the lower half,
the upper half (both *shifted* and narrower) and the middle half (*narrower*) of its range
(an actor attribute is restricted for every actor at once, each within its own range).

A *wider* prior cannot be read off the accepted draws (they hold no value outside the old
range) and needs a new calibration; it is not computed here.

Which parameters are influential is found, not assumed: a parameter's influence on a claim
is :math:`|s_{\text{lower}} - s_{\text{upper}}|`, the gap between the claim's shares under
the two halves of its range; parameters are ranked by their largest gap over the claims
(only those with at least :data:`MIN_DRAWS` accepted draws in each half; an actor
attribute restricted for all actors at once rarely has them).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model.facts import split_column
from ..stats import wilson_interval
from .calibration import Calibration
from .claims import CLAIMS, Claim, check_claims, claim_holds

__all__ = ["VARIANTS", "claim_holds", "prior_variant_table"]

#: Variant name -> fraction of the parameter's range kept, (from, to).
VARIANTS = {"lower half": (0.0, 0.5), "upper half": (0.5, 1.0), "middle half": (0.25, 0.75)}


def _parameters(calibration: Calibration) -> dict[str, list[str]]:
    """Parameter (symbol or actor attribute) to its columns in the accepted table."""
    groups: dict[str, list[str]] = {}
    for column in calibration.accepted.columns:
        symbol, _, epoch = split_column(column)
        if epoch is not None:
            continue
        low, high = calibration.facts.range_of(column)
        if high > low:
            groups.setdefault(symbol, []).append(column)
    return groups


def _mask(calibration: Calibration, columns: list[str], kept: tuple[float, float]
          ) -> np.ndarray:
    inside = np.ones(len(calibration.accepted), dtype=bool)
    for column in columns:
        low, high = calibration.facts.range_of(column)
        values = calibration.accepted[column].to_numpy()
        inside &= ((values >= low + kept[0] * (high - low))
                   & (values <= low + kept[1] * (high - low)))
    return inside


def _row(claim: Claim, prior: str, holds: np.ndarray, **extra: Any) -> dict[str, Any]:
    n, k = int(holds.size), int(holds.sum())
    # no draw: no share, and no interval printed beside it
    low, high = (np.nan, np.nan) if n == 0 else wilson_interval(k, n)
    return {"claim": claim.name, "prior": prior, "n": n,
            "share": k / n if n else np.nan, "low": float(low), "high": float(high),
            "by_construction": bool(claim.by_construction), **extra}


#: Fewest accepted draws under each half for a parameter's influence to be read.
MIN_DRAWS = 50


def _share(holds: np.ndarray, mask: np.ndarray) -> float:
    return float(holds[mask].mean())


def prior_variant_table(calibration: Calibration, claims: tuple[Claim, ...] = CLAIMS,
                        top: int = 5) -> Any:
    """Each claim's share (n, 95 % Wilson interval) under the case's prior and under the
    :data:`VARIANTS` of its ``top`` most influential parameters.

    Columns: ``claim``, ``prior`` (``"as calibrated"`` or ``"PARAMETER: VARIANT"``), ``n``,
    ``share``, ``low``, ``high``, ``by_construction``, ``parameter``, ``influence`` (the
    parameter's largest half-range gap over the claims).
    """
    import pandas as pd

    claims = check_claims(calibration, claims)
    if not len(calibration.accepted):
        raise ValueError("the calibration accepted no draw: no region to report on")
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top!r}")
    holds = claim_holds(calibration, claims)
    groups = _parameters(calibration)
    masks = {(p, v): _mask(calibration, cols, kept)
             for p, cols in groups.items() for v, kept in VARIANTS.items()}
    influence = {p: max(abs(_share(holds[c.name], masks[(p, "lower half")])
                            - _share(holds[c.name], masks[(p, "upper half")])) for c in claims)
                 for p in groups if all(masks[(p, half)].sum() >= MIN_DRAWS
                                        for half in ("lower half", "upper half"))}
    if not influence:
        raise ValueError(f"no parameter keeps {MIN_DRAWS} accepted draws in both halves of "
                         "its range: too few accepted draws")
    chosen = sorted(influence, key=lambda p: (-influence[p], p))[:top]
    rows = [_row(c, "as calibrated", holds[c.name], parameter="", influence=np.nan)
            for c in claims]
    for p in chosen:
        for v in VARIANTS:
            rows += [_row(c, f"{p}: {v}", holds[c.name][masks[(p, v)]], parameter=p,
                          influence=influence[p]) for c in claims]
    return pd.DataFrame(rows)
