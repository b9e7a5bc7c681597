r"""The one vocabulary of stability labels of the evolutionary engine, read from the
eigenvalues of a rest point's Jacobian.

Friedman's method (1991, "Evolutionary games in economics", *Econometrica* 59), the one
the tripartite evolutionary games of the Chinese public-administration literature
print: a rest point whose eigenvalues all have negative real parts is asymptotically
stable, an *ESS* in those papers' words (in multi-population replicator dynamics these
are exactly the strict Nash equilibria, Ritzberger and Weibull 1995); one eigenvalue
with a positive real part makes it unstable. The labels, used alike by the symbolic
tables (:meth:`~ica_model.engine.evolutionary.stability.StabilityTable.at`), the numeric
rest points of any numeric game (:func:`~ica_model.engine.evolutionary.dynamics.classify`)
and the parameter maps (:mod:`~ica_model.engine.evolutionary.bifurcation`):

========================  ======================================================
``"ESS"``                 every real part < 0 (asymptotically stable)
``"unstable point"``      every real part > 0
``"saddle point"``        both signs
``"unstable"``            one positive, the others zero (unstable all the same)
``"centre"``              every real part zero, some rotation
``"non-hyperbolic"``      none positive, one zero, no rotation: linearisation is
                          silent
========================  ======================================================

Zero is judged up to ``tolerance``: callers pass eigenvalues measured in each
population's payoff unit, so the labels do not change under a positive affine change of
one population's payoffs.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ..._validation import check_real

__all__ = ["LABELS", "eigenvalue_label", "numeric_sign"]

#: Every label :func:`eigenvalue_label` returns.
LABELS = ("ESS", "unstable point", "saddle point", "unstable", "centre", "non-hyperbolic")


def numeric_sign(value: complex, tolerance: float) -> str:
    """``"+"``, ``"-"`` or ``"0"``: the sign of ``value``'s real part up to ``tolerance``."""
    tolerance = check_real("tolerance", tolerance, 0.0)
    if isinstance(value, bool) or not isinstance(value, numbers.Complex):
        raise TypeError(f"value must be a real or complex number (not NaN), got {value!r}")
    try:
        value = complex(value)      # a Python int of 10**100 has no numpy type
    except OverflowError:
        raise ValueError(f"value must be finite, got an integer of {len(str(value))} digits"
                         ) from None
    if np.isnan(value):
        raise TypeError(f"value must be a real or complex number (not NaN), got {value!r}")
    if value.real > tolerance:
        return "+"
    if value.real < -tolerance:
        return "-"
    return "0"


def eigenvalue_label(eigenvalues: Any, tolerance: float) -> str:
    """The stability label (one of :data:`LABELS`) of a rest point whose Jacobian has
    ``eigenvalues`` (a point without free coordinates is an ``"ESS"``).

    Examples
    --------
    >>> eigenvalue_label([-1.0, -2.0], 1e-9), eigenvalue_label([1.0, -2.0], 1e-9)
    ('ESS', 'saddle point')
    >>> eigenvalue_label([1.0, 0.0], 1e-9), eigenvalue_label([1j, -1j], 1e-9)
    ('unstable', 'centre')
    """
    tolerance = check_real("tolerance", tolerance, 0.0)
    if isinstance(eigenvalues, str | bytes):   # numpy would parse "0.5" as a number
        raise TypeError(f"eigenvalues must be a sequence of numbers, got {eigenvalues!r}")
    try:
        values = np.asarray(eigenvalues, dtype=complex)
    except (TypeError, ValueError):
        raise TypeError(f"eigenvalues must be a sequence of numbers, got {eigenvalues!r}") from None
    if values.ndim > 1:     # was flattened silently
        raise ValueError(f"eigenvalues must be one-dimensional, got shape {values.shape}")
    values = values.reshape(-1)
    if np.isnan(values).any():
        raise ValueError(f"eigenvalues must not be NaN, got {eigenvalues!r}")
    real = values.real
    if len(real) == 0 or np.all(real < -tolerance):
        return "ESS"
    if np.all(real > tolerance):
        return "unstable point"
    if np.any(real > tolerance) and np.any(real < -tolerance):
        return "saddle point"
    if np.any(real > tolerance):
        return "unstable"
    if np.all(np.abs(real) <= tolerance) and np.any(np.abs(values.imag) > tolerance):
        return "centre"
    return "non-hyperbolic"
