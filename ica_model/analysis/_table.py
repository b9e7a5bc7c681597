"""Checks shared by the given-data analyses: a table of parameters and an outcome column."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["as_matrix", "as_outcome"]


def as_matrix(table: Any, name: str = "table") -> tuple[tuple[str, ...], np.ndarray]:
    """Column names and an ``(n, d)`` float matrix from a DataFrame or a dict of arrays.

    Raises
    ------
    TypeError
        If ``table`` is neither a pandas DataFrame nor a mapping of column to values.
    ValueError
        If it has no column or no row, columns of unequal length, or a value that is not a
        finite number.
    """
    if hasattr(table, "columns") and hasattr(table, "to_numpy"):
        columns = tuple(str(column) for column in table.columns)
        arrays = [np.asarray(table[column].to_numpy()) for column in table.columns]
    elif isinstance(table, Mapping):
        columns = tuple(str(column) for column in table)
        arrays = [np.asarray(values) for values in table.values()]
    else:
        raise TypeError(f"{name} must be a pandas DataFrame or a dict of arrays, "
                        f"got {type(table).__name__}")
    if not columns:
        raise ValueError(f"{name} has no column; give at least one parameter")
    lengths = {column: array.shape for column, array in zip(columns, arrays, strict=True)}
    if any(len(shape) != 1 for shape in lengths.values()):
        raise ValueError(f"{name}: every column must be one-dimensional, got shapes {lengths}")
    if len({shape[0] for shape in lengths.values()}) != 1:
        raise ValueError(f"{name}: columns have unequal lengths {lengths}")
    try:
        matrix = np.column_stack([array.astype(float) for array in arrays])
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name}: every column must hold numbers ({error})") from None
    if matrix.shape[0] == 0:
        raise ValueError(f"{name} has no row")
    bad = ~np.isfinite(matrix).all(axis=0)
    if bad.any():
        raise ValueError(f"{name}: columns {[c for c, b in zip(columns, bad, strict=True) if b]} "
                         "hold a NaN or an infinite value; allowed: finite numbers")
    return columns, matrix


def as_outcome(values: Any, rows: int, name: str, boolean: bool) -> np.ndarray:
    """One outcome per row: booleans (``boolean``) or finite floats.

    Raises
    ------
    ValueError
        If the length differs from ``rows``, a boolean outcome holds a value other than
        0/1/True/False, or a float outcome is not finite.
    """
    try:
        array = np.asarray(values)
    except ValueError:      # a ragged nesting: numpy's "inhomogeneous shape"
        raise ValueError(f"{name} must be one value per row of the table ({rows}), got a "
                         f"ragged nesting {values!r}") from None
    if array.ndim != 1 or array.shape[0] != rows:
        raise ValueError(f"{name} must be one value per row of the table ({rows}), "
                         f"got shape {array.shape}")
    if boolean:
        if array.dtype != bool:
            try:
                numbers = array.astype(float)
            except (TypeError, ValueError):
                raise ValueError(f"{name} must be booleans, got dtype {array.dtype}") from None
            if not np.isin(numbers, (0.0, 1.0)).all():
                raise ValueError(f"{name} must be booleans (or 0/1), got other values")
            array = numbers.astype(bool)
        return array
    try:
        numbers = array.astype(float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers, got dtype {array.dtype}") from None
    if not np.isfinite(numbers).all():
        raise ValueError(f"{name} holds a NaN or an infinite value; allowed: finite numbers")
    return numbers
