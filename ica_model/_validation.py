"""Input checks that raise errors naming the parameter, the value and the allowed range."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

# numpy is imported inside the functions that need it, so the scalar checks stay cheap to
# import (the command line's start-up path).

__all__ = ["MEMORY_BUDGET", "check_bool", "check_callable", "check_int", "check_names",
           "check_real", "check_real_array", "check_sequence", "check_size", "check_unique",
           "did_you_mean", "generator_of", "seed_of", "to_sympy"]

#: Bytes one call may plan to allocate for an array sized by its arguments (2 GiB).
MEMORY_BUDGET = 2 * 2**30


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
    try:
        number = float(value)
    except OverflowError:  # an int beyond the float range
        raise ValueError(f"{name} must be finite, got an integer of {len(str(value))} digits"
                         ) from None
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


def to_sympy(name: str, value: object) -> Any:
    """Return ``value`` as a sympy object, refusing strings.

    ``sympy.sympify`` evaluates a string as Python code, so a string given as a payoff or a
    parameter value could run anything; strings are refused and nothing is parsed. Build
    expressions from ``sympy.Symbol`` objects instead. Numbers (numpy scalars included) and
    sympy objects pass (``sympify(..., strict=True)``).

    Raises
    ------
    TypeError
        If ``value`` is a string or bytes, or has no sympy form.
    """
    import sympy as sp

    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a number or a sympy expression, not a string "
                        f"(strings are not parsed: build it from sympy.Symbol), got {value!r}")
    try:
        return sp.sympify(value, strict=True)
    except (sp.SympifyError, TypeError) as error:
        raise TypeError(f"{name} must be a number or a sympy expression, got {value!r} of type "
                        f"{type(value).__name__}") from error


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
    import numpy as np

    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**32))
    return _integer_seed(rng)


def _integer_seed(rng: object) -> int:
    import numpy as np

    if isinstance(rng, bool) or not isinstance(rng, (int, np.integer)):
        raise TypeError(f"rng must be a non-negative integer seed or a numpy.random.Generator, "
                        f"got {rng!r} of type {type(rng).__name__}")
    return check_int("rng", int(rng), 0)


def generator_of(rng: object) -> np.random.Generator:
    """A :class:`numpy.random.Generator` from ``rng``: the generator itself, or a new one
    seeded with a non-negative integer (errors name ``rng``, as :func:`seed_of`)."""
    import numpy as np

    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(_integer_seed(rng))


def check_instance(name: str, value: object, kind: type | tuple[type, ...],
                   what: str | None = None) -> Any:
    """Return ``value`` if it is a ``kind``; otherwise a TypeError naming ``name``, the type
    it must have (``what``, or the class's name) and the type it has.

    Examples
    --------
    >>> check_instance("calibration", "g60", dict, "a Calibration (from calibrate)")
    Traceback (most recent call last):
    ...
    TypeError: calibration must be a Calibration (from calibrate), got str
    """
    if not isinstance(value, kind):
        if what is None:
            kinds = kind if isinstance(kind, tuple) else (kind,)
            what = " or ".join(f"a {k.__name__}" for k in kinds)
        raise TypeError(f"{name} must be {what}, got {type(value).__name__}")
    return value


def check_frame(name: str, value: Any, required: Sequence[str] = ()) -> Any:
    """``value`` if it is a pandas DataFrame with the ``required`` columns; otherwise a
    TypeError or ValueError naming ``name`` (and the missing columns)."""
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(value).__name__}")
    missing = [c for c in required if c not in value.columns]
    if missing:
        raise ValueError(f"{name} lacks the columns {missing} (it has {list(value.columns)})")
    return value


def check_axes(name: str, value: object) -> Any:
    """``value`` if it is a matplotlib Axes; otherwise a TypeError naming ``name``."""
    from matplotlib.axes import Axes

    if not isinstance(value, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes (figure.add_subplot()), got "
                        f"{type(value).__name__}")
    return value


def check_callable(name: str, value: object, signature: str) -> None:
    """Raise a TypeError naming ``name`` unless ``value`` is callable as ``signature``."""
    if not callable(value):
        raise TypeError(f"{name} must be callable ({signature}), got {value!r} of type "
                        f"{type(value).__name__}")


def check_sequence(name: str, values: object, what: str = "a sequence") -> tuple[Any, ...]:
    """Return ``values`` as a tuple; a TypeError naming ``name`` (``what`` it must be) if it
    is a string or not a sequence (a numpy array counts as one)."""
    import numpy as np

    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence | np.ndarray):
        raise TypeError(f"{name} must be {what}, got {values!r} of type {type(values).__name__}")
    return tuple(values)


def check_names(name: str, values: object, allowed: Sequence[str], *,
                unique: bool = False) -> list[str]:
    """Return ``values`` as a list after checking it is an iterable (not a string) of names
    from ``allowed`` (each at most once if ``unique``: the members of a set).

    Examples
    --------
    >>> check_names("pilots", ["a"], ["a", "b"])
    ['a']
    >>> check_names("pilots", "ab", ["a", "b"])
    Traceback (most recent call last):
    ...
    TypeError: pilots must be an iterable of names, got the string 'ab'
    """
    if isinstance(values, str | bytes):
        raise TypeError(f"{name} must be an iterable of names, got the string {values!r}")
    if not isinstance(values, Iterable):
        raise TypeError(f"{name} must be an iterable of names, got {values!r}")
    chosen = list(values)
    for value in chosen:
        if not isinstance(value, str):
            raise TypeError(f"{name} must hold names (strings), got {value!r}")
    unknown = sorted(set(chosen) - set(allowed))
    if unknown:
        raise ValueError(f"{name} {unknown} are not among {list(allowed)}")
    if unique:
        check_unique(name, chosen)
    return chosen


def check_unique(name: str, chosen: Sequence[Any]) -> None:
    """A ValueError naming ``name`` if ``chosen`` (members of a set) lists a value twice."""
    import collections

    twice = [value for value, count in collections.Counter(chosen).items() if count > 1]
    if twice:
        raise ValueError(f"{name} must list each member once, got {twice} more than once")


def check_real_array(name: str, values: Any, *, booleans: bool = True) -> np.ndarray:
    """Return ``values`` as a float array; a TypeError naming ``name`` for strings, complex
    numbers, None and other objects, and ragged nestings (which numpy would reject from deep
    inside, or turn into NaN). Python numbers of any type (``Fraction`` included) are
    accepted; booleans too unless ``booleans=False`` (where a value is a number of its own,
    such as a payoff or a count, as :func:`check_real` and :func:`check_int` refuse them).

    Examples
    --------
    >>> check_real_array("state", [0.5, None])
    Traceback (most recent call last):
    ...
    TypeError: state must be a real numeric array, got [0.5, None]: None is not a real number
    """
    import numpy as np

    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a real numeric array, got the string {values!r}")
    try:
        if not booleans and _holds_boolean(values):   # numpy would read [0.5, True] as floats
            raise TypeError("a boolean is not a number here")
        raw = np.asarray(values)
        if raw.dtype.kind == "O":
            for value in raw.ravel():
                if not isinstance(value, numbers.Real):
                    raise TypeError(f"{value!r} is not a real number")
        elif raw.dtype.kind not in "biuf":
            raise TypeError(f"dtype {raw.dtype} is not real")
        return raw.astype(float)
    except (TypeError, ValueError, OverflowError) as error:
        raise TypeError(f"{name} must be a real numeric array, got {values!r}: {error}") from error


def _holds_boolean(values: Any) -> bool:
    import numpy as np

    if isinstance(values, bool | np.bool_):
        return True
    if isinstance(values, np.ndarray):
        return values.dtype.kind == "b" or (values.dtype.kind == "O" and any(
            _holds_boolean(value) for value in values.ravel()))
    if isinstance(values, list | tuple):
        return any(_holds_boolean(value) for value in values)
    return False


def check_size(name: str, value: object, bytes_each: float, low: int = 1,
               budget: int = MEMORY_BUDGET) -> int:
    """Return ``value`` as an int >= ``low`` after checking the memory it would need.

    ``bytes_each`` is the memory one unit of ``value`` needs; a ValueError gives the estimate
    when ``value * bytes_each`` exceeds ``budget`` (:data:`MEMORY_BUDGET`).
    """
    number = check_int(name, value, low)
    try:
        need = float(number) * bytes_each
    except OverflowError:  # an int past the float range: beyond any budget
        need = float("inf")
    if need > budget:
        raise ValueError(f"{name}={_shown(number)} would need about {need / 2**30:.3g} GiB of "
                         f"memory ({_shown(bytes_each)} bytes each); the limit is "
                         f"{budget / 2**30:.3g} GiB")
    return number


def _shown(number: float) -> str:
    """``number`` in a message: an int past 10**15 (or past the float range) by its power."""
    if isinstance(number, int):
        return str(number) if abs(number) < 10**15 else f"about 10**{len(str(abs(number))) - 1}"
    return f"{number:g}"


def did_you_mean(name: object, allowed: Iterable[str], listing: str = "allowed") -> str:
    """The end of an unknown-name error: the close matches of ``name`` among ``allowed``
    (:func:`difflib.get_close_matches`), or, when none is close, ``listing`` and every
    allowed name. The one place that words these messages.

    Examples
    --------
    >>> did_you_mean("negotation_cost", ["negotiation_cost", "monitoring_cost"])
    "did you mean 'negotiation_cost'?"
    >>> did_you_mean("zzz", ["g60", "yangtze_river_delta"], "choose one of")
    'choose one of: g60, yangtze_river_delta'
    """
    import difflib

    names = [str(option) for option in allowed]
    close = difflib.get_close_matches(str(name), names, n=3)
    if close:
        *others, last = [repr(match) for match in close]
        return f"did you mean {', '.join(others) + ' or ' if others else ''}{last}?"
    return f"{listing}: {', '.join(names)}"
