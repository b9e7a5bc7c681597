"""Input checks that raise errors naming the parameter, the value and the allowed range."""

from __future__ import annotations

import math
import numbers

__all__ = ["check_bool", "check_int", "check_real", "seed_of"]


def check_real(
    name: str,
    value: object,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float after checking it is a finite real in the given range.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (booleans are refused too).
    ValueError
        If ``value`` is NaN, infinite, or outside ``[low, high]`` (open ends as requested).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} of type {type(value).__name__}")
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    too_low = low is not None and (number <= low if low_open else number < low)
    too_high = high is not None and (number >= high if high_open else number > high)
    if too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        low_text = "-inf" if low is None else f"{low:g}"
        high_text = "inf" if high is None else f"{high:g}"
        raise ValueError(f"{name} must lie in {left}{low_text}, {high_text}{right}, got {value!r}")
    return number


def check_int(name: str, value: object, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int after checking it is an integer in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} of type {type(value).__name__}")
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        low_text = "-inf" if low is None else str(low)
        high_text = "inf" if high is None else str(high)
        raise ValueError(f"{name} must be an integer in [{low_text}, {high_text}], got {value!r}")
    return number


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` after checking it is a bool."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r} of type {type(value).__name__}")
    return value


def seed_of(rng: object) -> int:
    """The integer seed of an experiment's ``rng``: a non-negative int as it is, or one
    integer drawn from a :class:`numpy.random.Generator`.

    Callers derive every random stream from this one integer (fresh generators per stream,
    e.g. ``numpy.random.default_rng([seed, block])``), so the same integer gives the same
    numbers whatever the order or the chunking of their parts.

    Raises
    ------
    TypeError
        If ``rng`` is neither an integer nor a numpy Generator.
    ValueError
        If ``rng`` is a negative integer.
    """
    import numpy as np  # not at module level: the CLI imports this module at start-up

    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**32))
    if isinstance(rng, bool) or not isinstance(rng, (int, np.integer)):
        raise TypeError(f"rng must be a non-negative integer seed or a numpy.random.Generator, "
                        f"got {rng!r} of type {type(rng).__name__}")
    return check_int("rng", int(rng), 0)
