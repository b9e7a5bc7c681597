"""Compiled kernel of the state payoffs (numba, an optional accelerator).

Internal to :func:`ica_model.model.payoffs.state_payoffs`, which loads this module only
through :func:`ica_model.runtime.accel.compiled`. :func:`assemble` writes
:math:`c_a(i, S) \\cdot E[G_a](|S|, t) + r_a(i, S)` in one pass, where numpy needs two
(a product, then a sum, each over the whole array); the same two roundings, so the same
numbers. :func:`bounds` finds each actor's smallest and largest meaningful payoff in one
pass over the parts (numpy needs about a dozen).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy")
def assemble(coefficient, output, remainder, out):
    """``out[v, i, t, j] = coefficient[v, i, j] * output[v, t, j] + remainder[v, i, j]``."""
    size, n, width, half = out.shape
    for v in range(size):
        for i in range(n):
            for t in range(width):
                for j in range(half):
                    out[v, i, t, j] = coefficient[v, i, j] * output[v, t, j] + remainder[v, i, j]
    return out


@njit(cache=True, error_model="numpy")
def bounds(coefficient, output, remainder, meaningful, low, high):
    """Lower ``low`` and raise ``high`` (shape ``(V, n)``) to each actor's smallest and
    largest meaningful payoff of one action, ``coefficient[v, i, j] * output[v, t, j] +
    remainder[v, i, j]`` over the token counts ``t`` where ``meaningful[t, j]``: at the
    smallest and the largest output of each state, as the payoff is affine in it (the same
    products, sums and comparisons as the numpy code, so the same numbers)."""
    size, n, half = coefficient.shape
    width = output.shape[1]
    lowest = np.empty(half)
    highest = np.empty(half)
    for v in range(size):
        for j in range(half):
            lo, hi, undefined = np.inf, -np.inf, False
            for t in range(width):
                if meaningful[t, j]:
                    value = output[v, t, j]
                    lo = value if value < lo else lo
                    hi = value if value > hi else hi
                    undefined |= value != value
            lowest[j], highest[j] = (np.nan, np.nan) if undefined else (lo, hi)
        for i in range(n):
            lo, hi = low[v, i], high[v, i]
            undefined = lo != lo or hi != hi
            for j in range(half):
                at = coefficient[v, i, j] * lowest[j] + remainder[v, i, j]
                other = coefficient[v, i, j] * highest[j] + remainder[v, i, j]
                lo = min(lo, at, other)
                hi = max(hi, at, other)
                undefined |= (at != at) | (other != other)
            # numpy's minimum and maximum propagate NaN: so do these
            low[v, i], high[v, i] = (np.nan, np.nan) if undefined else (lo, hi)
    return low, high
