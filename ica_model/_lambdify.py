"""sympy expressions to numpy functions that broadcast.

``sympy.lambdify(..., modules="numpy")`` prints ``Min``/``Max`` as ``numpy.amin`` over a
stacked array before sympy 1.14, which fails when one argument is a scalar and another an
array (``Min(1, x)`` at a vector ``x``). :func:`to_numpy` prints them as nested
``numpy.minimum``/``numpy.maximum`` calls instead, which broadcast on every sympy version.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["to_numpy"]


def _printer() -> Any:
    from sympy.printing.numpy import NumPyPrinter

    class BroadcastingPrinter(NumPyPrinter):
        def _nested(self, name: str, args: Sequence[Any]) -> str:
            function = self._module_format(f"{self._module}.{name}")
            text = self._print(args[-1])
            for argument in reversed(args[:-1]):
                text = f"{function}({self._print(argument)}, {text})"
            return text

        def _print_Min(self, expr: Any) -> str:
            return self._nested("minimum", expr.args)

        def _print_Max(self, expr: Any) -> str:
            return self._nested("maximum", expr.args)

    return BroadcastingPrinter({"fully_qualified_modules": False, "inline": True,
                                "allow_unknown_functions": True, "user_functions": {}})


def to_numpy(arguments: Sequence[Any], expression: Any, cse: bool = False) -> Callable[..., Any]:
    """``sympy.lambdify(arguments, expression, modules="numpy", cse=cse)`` with ``Min`` and
    ``Max`` printed as broadcasting ``numpy.minimum``/``numpy.maximum``.

    Examples
    --------
    >>> import numpy as np, sympy as sp
    >>> x = sp.Symbol("x")
    >>> to_numpy([x], sp.Min(1, x) + sp.Max(x, 0, -1))(np.array([-1.0, 0.5, 2.0])).tolist()
    [-1.0, 1.0, 3.0]
    """
    import sympy as sp

    return sp.lambdify(arguments, expression, modules="numpy", printer=_printer(), cse=cse)
