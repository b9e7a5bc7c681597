r"""Which parameters move a claim on the fact-consistent region, and which are inert.

For a parameter :math:`\theta_j` with prior range :math:`[a, b]` and a claim with indicator
:math:`Y` at each accepted draw, the *half-range gap* is

.. math::

    g_j = \Pr(Y = 1 \mid \theta_j \ge (a+b)/2,\ \text{facts}) -
          \Pr(Y = 1 \mid \theta_j < (a+b)/2,\ \text{facts}),

the change of the claim's share when the prior of :math:`\theta_j` is replaced by the upper
instead of the lower half of its range (:mod:`ica_model.analysis.prior_variants`: the
accepted draws in each half are exactly an accepted sample under that half). It is read on
the accepted draws, so it is valid although the facts make the parameters correlated
there; it answers the question a reader of a share asks (does the share depend on this
prior?), not a variance decomposition.

A parameter is **inert** for a claim when an equivalence test (two one-sided tests,
Schuirmann 1987, *J. Pharmacokinetics and Biopharmaceutics* 15, 657) shows
:math:`|g_j| < \delta`: the :math:`1 - 2\alpha` interval of :math:`g_j`
(normal approximation with the two halves' binomial variances) lies inside
:math:`(-\delta, \delta)`, with :math:`\delta` = :data:`MARGIN` (5 percentage points:
with the 20,330 accepted G60 draws the interval's half-width is about 1.8 points, so a
margin of 2 points would call inert only gaps below 0.2 points) and
:math:`\alpha = 0.005`. It is **influential** when that interval excludes 0 and
:math:`|g_j| \ge \delta`, and **undecided** otherwise (too few draws, or an effect
detected but below :math:`\delta`). A parameter inert for every claim is inert for the
claims: changing its prior by half its range moves no share by 5 points.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.stats import norm

from .._validation import check_frame
from .calibration import Calibration
from .claims import CLAIMS, Claim, check_claims
from .prior_variants import VARIANTS, _mask, _parameters, claim_holds

__all__ = ["ALPHA", "MARGIN", "gap_table", "inert_table"]

#: Equivalence margin :math:`\delta` on a share (5 percentage points).
MARGIN = 0.05
#: Level of each one-sided test (the interval is 99 %).
ALPHA = 0.005


def _verdict(gap: float, low: float, high: float) -> str:
    if -MARGIN < low and high < MARGIN:
        return "inert"
    if (low > 0 or high < 0) and abs(gap) >= MARGIN:
        return "influential"
    return "undecided"


def gap_table(calibration: Calibration, claims: tuple[Claim, ...] = CLAIMS) -> Any:
    """The half-range gap of every varying parameter for every claim.

    Columns: ``parameter``, ``claim``, ``n_lower``, ``n_upper``, ``share_lower``,
    ``share_upper``, ``gap``, ``low``, ``high`` (the 99 % interval of the gap),
    ``verdict`` (``"inert"``, ``"influential"`` or ``"undecided"``).
    """
    import pandas as pd

    claims = check_claims(calibration, claims)
    if not len(calibration.accepted):
        raise ValueError("the calibration accepted no draw: no region to report on")
    holds = claim_holds(calibration, claims)
    z = float(norm.ppf(1 - ALPHA))
    rows = []
    for parameter, columns in sorted(_parameters(calibration).items()):
        lower = _mask(calibration, columns, VARIANTS["lower half"])
        upper = _mask(calibration, columns, VARIANTS["upper half"])
        for claim in claims:
            y = holds[claim.name]
            n0, n1 = int(lower.sum()), int(upper.sum())
            p0 = float(y[lower].mean()) if n0 else np.nan
            p1 = float(y[upper].mean()) if n1 else np.nan
            gap = p1 - p0
            # a share of 0 or 1 in a half still has an uncertainty: add half a success
            # and half a failure (Agresti & Caffo 2000) to each half's variance
            se = float(np.sqrt(sum((k + 0.5) / (n + 1) * (1 - (k + 0.5) / (n + 1)) / (n + 1)
                                   for k, n in ((y[lower].sum(), n0), (y[upper].sum(), n1)))))
            low, high = gap - z * se, gap + z * se
            rows.append({"parameter": parameter, "claim": claim.name, "n_lower": n0,
                         "n_upper": n1, "share_lower": p0, "share_upper": p1, "gap": gap,
                         "low": low, "high": high,
                         "verdict": _verdict(gap, low, high) if n0 and n1 else "undecided"})
    return pd.DataFrame(rows)


def inert_table(gaps: Any) -> Any:
    r"""One row per parameter: its largest absolute gap over the claims (among the gaps
    whose interval excludes 0, the largest by the interval's end nearest 0,
    :math:`|g| - z\,\mathrm{se}`, so a large gap measured poorly does not hide a smaller
    one measured well; if none excludes 0, the largest :math:`|g|`), the claim it is on,
    that gap's
    99 % interval with the gap's sign turned positive (``low``, ``high``), and the
    parameter's verdict (``"inert"`` when inert for every claim,
    ``"influential"`` when influential for at least one, else ``"undecided"``), sorted by
    the largest gap."""
    import pandas as pd

    check_frame("gaps", gaps, ("parameter", "claim", "gap", "low", "high", "verdict"))
    rows = []
    for parameter, part in gaps.groupby("parameter", sort=False):
        nearest = part["gap"].abs() - (part["high"] - part["low"]) / 2
        detected = nearest > 0
        key = nearest.where(detected) if detected.any() else part["gap"].abs()
        top = part.loc[key.fillna(-np.inf).idxmax()]
        verdicts = set(part["verdict"])
        verdict = ("inert" if verdicts == {"inert"} else
                   "influential" if "influential" in verdicts else "undecided")
        sign = -1.0 if top["gap"] < 0 else 1.0
        ends = sorted((sign * float(top["low"]), sign * float(top["high"])))
        rows.append({"parameter": parameter, "largest_gap": float(abs(top["gap"])),
                     "on_claim": top["claim"], "low": ends[0], "high": ends[1],
                     "verdict": verdict})
    return pd.DataFrame(rows).sort_values(["largest_gap", "parameter"],  # NaN last
                                          ascending=[False, True], ignore_index=True)
