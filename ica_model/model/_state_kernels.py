"""Compiled kernel of the state payoffs (numba, an optional accelerator).

Internal to :func:`ica_model.model.payoffs.state_payoffs`, which loads this module only
through :func:`ica_model.runtime.accel.compiled`. :func:`assemble` writes
:math:`c_a(i, S) \\cdot E[G_a](|S|, t) + r_a(i, S)` in one pass, where numpy needs two
(a product, then a sum, each over the whole array); the same two roundings, so the same
numbers.
"""

from __future__ import annotations

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
