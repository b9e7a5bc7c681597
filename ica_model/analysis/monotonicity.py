r"""A checked symbolic certificate that binding agreements never lower the margins of full
cooperation of identical actors.

For identical actors and the network exponent :math:`\alpha = 1`, the margins of full
cooperation against defection and against token compliance,
:math:`M_D` and :math:`M_T` (:func:`~ica_model.model.closed_form.cooperation_margins`,
derived from the symbolic payoffs), depend on the agreement hardness :math:`\rho` through
the enforcement cost :math:`c_e(1-\rho)(1 - a_e v_A)(1 - s_e v_S)` and the defection risk
:math:`q = r(1-\rho)(1 - a_d v_A)(1 - s_d v_S)` (delivery :math:`1 - q`). The certificate
states

.. math::

    \frac{\partial M_D}{\partial\rho} &= e' + q'\,\Bigl(1 - \frac1n\Bigr)\, b\, w\,
        (1 - s), \\
    \frac{\partial M_T}{\partial\rho} &= e'\,(1 - c_T) + q'\,\Bigl(1 - \frac1n\Bigr)\,
        b\, w\, (1 - s_T),

with :math:`e' = c_e(1 - a_e v_A)(1 - s_e v_S)`, :math:`q' = r(1 - a_d v_A)(1 - s_d v_S)`,
the group's worth :math:`w = (1 - p_0)(1 - \xi O p_0)(1 - \phi O)`
(:math:`p_0` the coordination risk inside the group, :math:`O` national integration,
:math:`\phi` the platform substitution, :math:`\xi` the outside options' effect on
coordination), demand :math:`b`, spillovers :math:`s` and :math:`s_T`, and the token
compliers' cost share :math:`c_T`. It is *checked*, not asserted: sympy expands the
difference between each derivative and its stated form to 0, and every factor of the
stated form is shown :math:`\ge 0` from the parameters' declared domains
(:mod:`ica_model.model.parameters`) by the rules below, applied recursively:

* a parameter whose domain lies in :math:`[0, 1]` is in :math:`[0, 1]`; a product of
  terms in :math:`[0, 1]` is in :math:`[0, 1]`; :math:`1 - u` for :math:`u` in
  :math:`[0, 1]` is in :math:`[0, 1]`; :math:`1/n` for a parameter with domain
  :math:`\ge 1` is in :math:`(0, 1]`;
* a term in :math:`[0, 1]`, a parameter with domain :math:`\ge 0`, and sums and products
  of non-negative terms are non-negative.

So :math:`M_D` and :math:`M_T` never fall as :math:`\rho` rises, at every intervention
level and every point of the parameters' domains: with identical actors, binding
agreements cannot raise the critical intervention level (a monotonicity of the payoff
form: the claim "hard agreements" holds by construction there). For actors that differ
(the nine G60 cities), each city's cooperator payoff shares the output in proportion to
a mix of its own and the mean demand, so the :math:`(1 - s)` factor becomes
:math:`S_C w_{\text{all}} - s\,b_i\,w_{\text{without } i}`, whose sign the form does not fix;
there the claim is checked draw by draw over the accepted region
(``tests/claims/test_claim_records.py``), not proved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..model.closed_form import cooperation_margins
from ..model.parameters import Terms, schema_entry
from ..model.symbolic import symbols

__all__ = ["Certificate", "hard_agreement_certificate", "is_nonnegative", "is_unit"]


@dataclass(frozen=True)
class Certificate:
    """A checked statement that a derivative equals a form that is :math:`\\ge 0`.

    Attributes
    ----------
    derivatives : dict
        Margin (``"D"``, ``"T"``) to its derivative in :math:`\\rho` (sympy).
    forms : dict
        Margin to the stated non-negative form.
    identities : dict
        Margin to whether ``expand(derivative - form) == 0``.
    nonnegative : dict
        Margin to whether every factor of the form passed :func:`is_nonnegative`.
    """

    derivatives: Mapping[str, sp.Expr]
    forms: Mapping[str, sp.Expr]
    identities: Mapping[str, bool]
    nonnegative: Mapping[str, bool]

    @property
    def proved(self) -> bool:
        """Both identities hold and both forms are non-negative."""
        return all(self.identities.values()) and all(self.nonnegative.values())


def _domain(symbol: sp.Symbol) -> tuple[float | None, float | None]:
    domain = schema_entry(symbol.name).domain
    return domain.low, domain.high


def is_unit(expr: sp.Expr) -> bool:
    """Whether ``expr`` is shown to lie in :math:`[0, 1]` by the module's rules."""
    return _is_unit(_checked_expression(expr))


def is_nonnegative(expr: sp.Expr) -> bool:
    """Whether ``expr`` is shown :math:`\\ge 0` by the module's rules."""
    return _is_nonnegative(_checked_expression(expr))


def _checked_expression(expr: object) -> sp.Expr:
    """``expr`` if it is a sympy expression without NaN or complex infinity (whose sign no
    rule can show); otherwise an error naming ``expr``."""
    if not isinstance(expr, sp.Expr):
        raise TypeError(f"expr must be a sympy expression, got {type(expr).__name__}")
    if expr.has(sp.nan, sp.zoo):
        raise ValueError(f"expr must be a finite sympy expression, got {expr}")
    return expr


def _is_unit(expr: sp.Expr) -> bool:
    if expr in (sp.Integer(0), sp.Integer(1)):
        return True
    if isinstance(expr, sp.Symbol):
        low, high = _domain(expr)
        return low is not None and high is not None and low >= 0 and high <= 1
    if isinstance(expr, sp.Mul):
        return all(_is_unit(factor) for factor in expr.args)
    if isinstance(expr, sp.Pow) and expr.exp == -1 and isinstance(expr.base, sp.Symbol):
        low, _ = _domain(expr.base)
        return low is not None and low >= 1
    if isinstance(expr, sp.Add) and len(expr.args) == 2 and sp.Integer(1) in expr.args:
        other = next(arg for arg in expr.args if arg != 1)
        return _is_unit(-other)
    return False


def _is_nonnegative(expr: sp.Expr) -> bool:
    if _is_unit(expr):
        return True
    if isinstance(expr, sp.Symbol):
        low, _ = _domain(expr)
        return low is not None and low >= 0
    if isinstance(expr, sp.Number):
        return bool(expr >= 0)
    if isinstance(expr, (sp.Mul, sp.Add)):
        return all(_is_nonnegative(arg) for arg in expr.args)
    return False


@lru_cache(maxsize=1)
def hard_agreement_certificate() -> Certificate:
    """Check the module's statement for identical actors at :math:`\\alpha = 1`.

    Examples
    --------
    >>> certificate = hard_agreement_certificate()
    >>> certificate.identities, certificate.proved
    ({'D': True, 'T': True}, True)
    """
    x = symbols()
    margins = cooperation_margins(Terms(), 1, token_compliance=True)
    v_a, v_s, v_i = x["authority"], x["standards"], x["information"]
    outside = x["national_integration"]
    inside = (x["coordination_risk"] * x["heterogeneity"]
              * (1 - x["authority_on_coordination"] * v_a)
              * (1 - x["standards_on_coordination"] * v_s)
              * (1 - x["information_on_coordination"] * v_i))
    worth = ((1 - inside) * (1 - x["outside_on_coordination"] * outside * inside)
             * (1 - x["platform_substitution"] * outside))
    enforcement = (x["enforcement_cost"] * (1 - x["authority_on_enforcement"] * v_a)
                   * (1 - x["standards_on_enforcement"] * v_s))
    defection = (x["defection_risk"] * (1 - x["authority_on_defection"] * v_a)
                 * (1 - x["standards_on_defection"] * v_s))
    output = defection * (1 - 1 / x["group_size"]) * x["demand"] * worth
    forms = {"D": enforcement + output * (1 - x["spillover"]),
             "T": enforcement * (1 - x["token_cost_share"])
             + output * (1 - x["token_spillover"])}
    derivatives = {k: sp.diff(m, x["agreement_hardness"]) for k, m in margins.items()}
    identities = {k: sp.expand(derivatives[k] - forms[k]) == 0 for k in forms}
    nonnegative = {k: is_nonnegative(form) for k, form in forms.items()}
    return Certificate(derivatives, forms, identities, nonnegative)
