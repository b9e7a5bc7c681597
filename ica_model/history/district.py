r"""One government's reform: deepen it into organisational change, or stay with technology.

陈璐 (从技术引入转向组织变革) finds no automatic slide (「不存在一个'自动滑道'」) from introducing
technology to reshaping the organisation: the reform deepens when political momentum is
reinforced at the right time, middle-level cadres are active and power is adapted
institutionally. 黄六招、顾丽梅、尚虎平 find an innovation generated when credit-seeking meets a
performance gap, then reinforced by resources from superiors. The payoff of deepening, against
0 for staying with technology, is

.. math::

    U_{deepen} = s (1 + \mu P) + g - \chi (1 - \iota I)(1 - \ell L),

plus the resources :math:`R` and the credit for being first :math:`\nu F (1 + \mu P)` of
:mod:`ica_model.history.terms`: the credit of a reform :math:`s`, scaled by momentum; the
performance gap :math:`g` (J district only: a neighbouring centre won a national innovation
award while J's had no distinctive record); the cost of organisational change :math:`\chi`,
cut by institutionalisation and by the cadre's learning.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np
import sympy as sp

from .._lambdify import to_numpy
from .._validation import check_instance, check_real_array

__all__ = ["PARAMETERS", "reform_payoff", "reform_payoff_expression"]

#: Prior ranges of the reform's parameters, with reasons.
PARAMETERS = {
    "reform_credit": (0.1, 0.5, "credit for a reform, against the cost of change"),
    "change_cost": (0.5, 1.5, "reshaping departments and processes costs more than credit "
                    "alone repays (no automatic slide)"),
    "performance_gap": (0.0, 0.5, "felt gap to neighbouring centres (J district)"),
    "cadre_relief": (0.0, 0.6, "share of the cost of change a seasoned cadre saves"),
}

s, mu, P, g, chi, iota, I, ell, L = sp.symbols(  # noqa: E741
    "reform_credit momentum_credit P performance_gap change_cost institution_relief I "
    "cadre_relief L", real=True)


def reform_payoff_expression() -> sp.Expr:
    """The symbolic payoff of deepening, against staying with technology (see the module)."""
    return s * (1 + mu * P) + g - chi * (1 - iota * I) * (1 - ell * L)


@cache
def _numeric() -> Any:
    return to_numpy((s, mu, P, g, chi, iota, I, ell, L), reform_payoff_expression())


def reform_payoff(ctx: Any, state: Mapping[str, np.ndarray], momentum: np.ndarray) -> np.ndarray:
    """The payoff of deepening at each draw, shape (V,); a switched-off term contributes
    nothing (no momentum, no institutionalisation, no cadre)."""
    if not all(hasattr(ctx, name) for name in ("parameters", "terms", "size", "case")):
        # by its attributes: path imports this module, so it cannot be imported here
        raise TypeError(f"ctx must be a history's context (exact.small_context), got "
                        f"{type(ctx).__name__}")
    check_instance("state", state, Mapping, "a mapping of state arrays")
    # the path's momentum 1 + mu P, shape (V, 1): the formula recomputes it from the state,
    # but a malformed one is still a mistake of the caller's
    given = check_real_array("momentum", momentum)
    if given.shape not in ((ctx.size,), (ctx.size, 1)) or not np.isfinite(given).all():
        raise ValueError(f"momentum must be finite, of shape ({ctx.size}, 1), got {momentum!r}")
    par, on = ctx.parameters, ctx.terms
    missing = [k for k in ("potential", "institution", "cadre") if k in on and k not in state]
    if missing:
        raise ValueError(f"state lacks {missing}, the terms switched on (it has {list(state)})")
    zero = np.zeros(ctx.size)
    potential = state["potential"][:, 0] if "potential" in on else zero
    institution = state["institution"][:, 0] if "institution" in on else zero
    cadre = state["cadre"][:, 0] if "cadre" in on else zero
    gap = par["performance_gap"] if ctx.case.name == "j_district" else zero
    return np.asarray(_numeric()(par["reform_credit"], par["momentum_credit"], potential, gap,
                                 par["change_cost"], par["institution_relief"], institution,
                                 par["cadre_relief"], cadre), dtype=float) * np.ones(ctx.size)
