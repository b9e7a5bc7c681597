r"""The interval every table reports around a share: the Wilson score interval.

One home for it (the calibration's claim shares, the prior variants, the history and
diffusion calibrations and the experiments' tables each computed it their own way before).
It knows no model: a count of successes out of a number of trials in, two bounds out.
"""

from __future__ import annotations

import math

from ._validation import check_int, check_real

__all__ = ["Z95_SIX_DECIMALS", "Z95_TWO_DECIMALS", "wilson_interval"]

#: The 95 % normal quantile rounded to six decimals and to two, as the tables of the
#: history calibration and the calibration experiment's ``low95``/``high95`` (six), and of
#: the diffusion calibration (two) were first computed: they pass it as ``z``, so that those
#: tables stay the same to the last digit. Anything new takes ``confidence``.
Z95_SIX_DECIMALS = 1.959964
Z95_TWO_DECIMALS = 1.96


def wilson_interval(successes: int, total: int, confidence: float = 0.95, *,
                    z: float | None = None) -> tuple[float, float]:
    r"""The Wilson score interval of the share ``successes / total``.

    With :math:`\hat p = k/n` and :math:`z` the normal quantile of the two-sided
    ``confidence`` (:math:`z = \Phi^{-1}(1/2 + c/2)`, 1.959964 for 95 %),

    .. math::

        \frac{2n\hat p + z^2 \pm z\sqrt{4n\hat p(1 - \hat p) + z^2}}{2(n + z^2)}

    (Wilson 1927, *JASA* 22, 209; written as Newcombe 1998, *Statistics in Medicine* 17,
    857, method 3, and computed in the same order as
    ``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")``, which it equals
    bit for bit).

    Parameters
    ----------
    successes, total : int
        :math:`k` and :math:`n`, :math:`0 \le k \le n`.
    confidence : float
        In (0, 1).
    z : float, optional
        The quantile itself, instead of ``confidence``: :data:`Z95_SIX_DECIMALS` or
        :data:`Z95_TWO_DECIMALS` for the tables first computed with them; in (0, 40].

    Returns
    -------
    (low, high) : tuple of float
        At the ends exact: ``low`` is 0 when :math:`k = 0` and ``high`` is 1 when
        :math:`k = n`. In between, the bounds lie around :math:`\hat p` inside
        [0, 1]; they are clipped there, so that rounding cannot put the share a hair
        outside its interval. No trial (:math:`n = 0`): (0, 1), the interval's limit as
        :math:`n \to 0` (nothing observed, every share possible); a table that prints no
        share for an empty sample prints no interval either.

    Examples
    --------
    >>> [round(x, 4) for x in wilson_interval(0, 10)]
    [0.0, 0.2775]
    >>> [round(x, 4) for x in wilson_interval(5, 10)]
    [0.2366, 0.7634]
    >>> wilson_interval(0, 0)
    (0.0, 1.0)
    >>> wilson_interval(11, 10)
    Traceback (most recent call last):
    ...
    ValueError: successes must not exceed total, got successes=11, total=10
    """
    total = check_int("total", total, 0)
    successes = check_int("successes", successes, 0)
    if successes > total:   # either may be the mistake: both named
        raise ValueError(f"successes must not exceed total, got successes={successes}, "
                         f"total={total}")
    # checked even when z replaces it: a confidence of -1e308 is a mistake either way
    confidence = check_real("confidence", confidence, 0.0, 1.0, low_open=True, high_open=True)
    if z is None:
        from scipy.special import ndtri

        z = float(ndtri(0.5 + 0.5 * confidence))
    else:
        # a normal quantile: 37.5 is that of 1 - 1e-300 (z**2 of 1e308 overflowed)
        z = check_real("z", z, 0.0, 40.0, low_open=True)
    if total == 0:
        return 0.0, 1.0
    n, p = total, successes / total
    denominator = 2 * (n + z**2)
    centre = (2 * n * p + z**2) / denominator
    delta = z / denominator * math.sqrt(4 * n * p * (1 - p) + z**2)
    low = 0.0 if successes == 0 else min(p, max(0.0, centre - delta))
    high = 1.0 if successes == total else max(p, min(1.0, centre + delta))
    return float(low), float(high)
