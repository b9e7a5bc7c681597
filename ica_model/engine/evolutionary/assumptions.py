r"""Signs decided under every stated assumption at once, each with a certificate a reader
can check by expanding it.

Papers state their conditions as polynomial inequalities in the parameters
(``alpha*H2 < alpha*W2``, ``K2 + alpha*V2 > A + alpha*V1``) and declare signs
(``positive=True``). A sign of an eigenvalue is *proved* here only by a **positivity
certificate**: an identity

.. math:: \lambda \;=\; \sum_j c_j \prod_{i \in S_j} g_i, \qquad c_j \ge 0 \text{ rational},

where each :math:`g_i` is a *fact*, a polynomial known to be positive (or non-negative)
from a declared sign, a declared bound or a stated assumption, and :math:`S_j` a multiset
of at most ``degree`` facts (Handelman's representation, found by linear programming and
then made exact). When some :math:`c_j > 0` multiplies a product of strictly positive
facts, :math:`\lambda > 0` wherever the facts hold; otherwise :math:`\lambda \ge 0`. The
identity is checked exactly (sympy, rational arithmetic) before it is returned, so a proof
does not rest on floating point. All facts are used jointly, whatever their order.

The same linear programme proves that conditions are *jointly infeasible*: an identity
:math:`0 = \sum_j c_j \prod g_i` with a positive coefficient on a product of strictly
positive facts cannot hold at any point, so the facts (the assumptions together with
:math:`-\lambda_k > 0`, "every eigenvalue negative") contradict each other: the vertex is
*never* an ESS.

Certificates are sufficient, not necessary: a sign that no certificate of the given
degree shows stays *undecided* (``"×"``), and the residual condition is shown. Where no
certificate exists, a numeric search over the declared domains (:func:`find_witness`)
gives points that satisfy the conditions, labelled numeric evidence, never a proof.

An assumption that cannot be used (not polynomial in the parameters after clearing
denominators of known sign, or not an inequality) is named in a
:class:`UnusedAssumptionWarning`; it is never dropped silently.

References
----------
Handelman, D. (1988), "Representing polynomials by positive linear functions on compact
convex polyhedra", *Pacific J. Math.* 132(1), 35–62. Stengle, G. (1974), "A
Nullstellensatz and a Positivstellensatz in semialgebraic geometry", *Math. Ann.* 207.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from ..._validation import check_instance, check_int, check_sequence, generator_of, to_sympy

__all__ = [
    "Certificate",
    "Fact",
    "SignDecision",
    "UnusedAssumptionWarning",
    "Witness",
    "condition_inequality",
    "decide_sign",
    "factored_condition",
    "facts_from",
    "find_witness",
    "infeasibility_certificate",
]

#: Rationals with more digits than this are not certified or factored (the exact values of a
#: calibrated scenario have 20 digits: exact linear algebra and factorisation then take
#: minutes, and such a sign is decided at numbers, not symbolically).
MAX_DIGITS = 12

#: Largest number of products of facts a certificate searches over (the columns of the
#: linear programme); beyond it the degree is lowered.
MAX_PRODUCTS = 4000


class UnusedAssumptionWarning(UserWarning):
    """An assumption that cannot be used to decide signs (it is named, not dropped silently)."""


# ---------------------------------------------------------------------- facts
def _expression(name: str, value: object) -> sp.Expr:
    """``value`` as a sympy expression (not a tuple, a relation...); an error naming it."""
    expression = to_sympy(name, value)
    if not isinstance(expression, sp.Expr):
        raise TypeError(f"{name} must be a number or a sympy expression, got {value!r}")
    if expression.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.I):
        raise ValueError(f"{name} must be real and finite, got {value!r}")
    return expression


@dataclass(frozen=True)
class Fact:
    """A polynomial known to be positive (``strict``) or non-negative.

    Attributes
    ----------
    expression : sympy expression
        :math:`g` with :math:`g > 0` (strict) or :math:`g \\ge 0`.
    strict : bool
    source : str
        Where it comes from: ``"C > 0 (declared)"``, ``"assumption 2: K2 > A"``...
    """

    expression: sp.Expr
    strict: bool
    source: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "expression", _expression("expression", self.expression))
        check_instance("strict", self.strict, bool, "True or False")
        check_instance("source", self.source, str, "a string")

    def __str__(self) -> str:
        return f"{self.expression} {'>' if self.strict else '>='} 0  [{self.source}]"


_RELATIONS = (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan)


def _as_fact(relation: Any, index: int) -> Fact | str:
    """The fact of one stated assumption, or a sentence saying why it cannot be used."""
    if relation is True or relation is sp.true:
        return "it is always true"
    if not isinstance(relation, _RELATIONS):
        return f"it is not an inequality (got {type(relation).__name__})"
    greater = isinstance(relation, (sp.StrictGreaterThan, sp.GreaterThan))
    g = sp.together((relation.lhs - relation.rhs) if greater else (relation.rhs - relation.lhs))
    numerator, denominator = sp.fraction(g)
    if denominator.free_symbols:
        if denominator.is_positive:
            g = numerator
        elif denominator.is_negative:
            g = -numerator
        else:
            return f"its denominator {denominator} has no known sign"
    else:
        g = sp.expand(g)
    g = sp.expand(g)
    if not g.free_symbols:
        return "it has no parameter"
    try:
        sp.Poly(g, *sorted(g.free_symbols, key=str))
    except sp.PolynomialError:
        return "it is not a polynomial in the parameters"
    strict = isinstance(relation, (sp.StrictGreaterThan, sp.StrictLessThan))
    return Fact(g, strict, f"assumption {index + 1}: {relation}")


def _domain_facts(symbol: sp.Symbol, domain: Sequence[Any] | None) -> list[Fact]:
    facts = []
    if symbol.is_positive:
        facts.append(Fact(symbol, True, f"{symbol} > 0 (declared)"))
    elif symbol.is_nonnegative:
        facts.append(Fact(symbol, False, f"{symbol} >= 0 (declared)"))
    elif symbol.is_negative:
        facts.append(Fact(-symbol, True, f"{symbol} < 0 (declared)"))
    elif symbol.is_nonpositive:
        facts.append(Fact(-symbol, False, f"{symbol} <= 0 (declared)"))
    if domain is not None:
        low, high = domain
        if low is not None and not (low == 0 and facts):
            facts.append(Fact(sp.expand(symbol - sp.nsimplify(low)), False,
                              f"{symbol} >= {low} (domain)"))
        if high is not None:
            facts.append(Fact(sp.expand(sp.nsimplify(high) - symbol), False,
                              f"{symbol} <= {high} (domain)"))
    return facts


def _check_domain(key: Any, domain: Any) -> None:
    """A domain is ``(low, high)``, each end None or a finite real, ``low <= high``."""
    if not isinstance(domain, tuple | list) or len(domain) != 2:
        raise TypeError(f"domains must map each parameter to (low, high), got {domain!r} "
                        f"for {key!r}")
    ends = []
    for end in domain:
        value = None if end is None else to_sympy(f"domains of {key}", end)
        if value is not None and not (value.is_real and value.is_finite):
            raise ValueError(f"domains of {key}: each end must be None or a finite real, "
                             f"got {domain!r}")
        ends.append(value)
    low, high = ends
    if low is not None and high is not None and not low <= high:
        raise ValueError(f"domains of {key} ({domain[0]}, {domain[1]}) is empty: low must not "
                         f"exceed high")


def facts_from(symbols: Sequence[sp.Symbol], assumptions: Any = (),
               domains: Mapping[Any, Sequence[Any]] | None = None) -> tuple[Fact, ...]:
    """Every fact about ``symbols``: declared signs, declared ``domains`` and the stated
    ``assumptions`` (in any order: all are kept).

    Parameters
    ----------
    symbols : sequence of sympy.Symbol
    assumptions : sequence of sympy inequalities
    domains : mapping, optional
        Symbol (or name) to ``(low, high)``, either end None.

    Warns
    -----
    UnusedAssumptionWarning
        For each assumption that cannot be used, with the reason.

    Examples
    --------
    >>> K2, A = sp.symbols("K2 A", positive=True)
    >>> [str(f) for f in facts_from([A, K2], [K2 > A])]
    ['A > 0  [A > 0 (declared)]', 'K2 > 0  [K2 > 0 (declared)]', '-A + K2 > 0  [assumption 1: K2 > A]']
    """
    symbols = check_sequence("symbols", symbols, "a sequence of sympy Symbols")
    for symbol in symbols:
        check_instance("symbols", symbol, sp.Symbol, "a sequence of sympy Symbols")
    if domains is not None:
        check_instance("domains", domains, Mapping, "a mapping of symbol to (low, high)")
    by_name = {str(s): s for s in symbols}
    domains = dict(domains or {})
    for key, domain in domains.items():
        if str(key) not in by_name:
            raise ValueError(f"domains names {key!r}, which is not a parameter; parameters: "
                             f"{sorted(by_name)}")
        _check_domain(key, domain)
    named_domains = {str(k): v for k, v in domains.items()}
    facts: list[Fact] = []
    for symbol in symbols:
        facts.extend(_domain_facts(symbol, named_domains.get(str(symbol))))
    if isinstance(assumptions, (sp.Basic, bool)):
        assumptions = [assumptions]
    elif assumptions is not None:
        assumptions = check_sequence("assumptions", assumptions, "a sequence of sympy relations")
        for relation in assumptions:   # a string would be parsed as code: never
            if isinstance(relation, str | bytes):
                raise TypeError(f"assumptions must be sympy relations, not strings (strings "
                                f"are not parsed: build them from sympy.Symbol), got {relation!r}")
    for index, relation in enumerate(assumptions or ()):
        fact = _as_fact(relation, index)
        if isinstance(fact, str):
            if fact != "it is always true":
                warnings.warn(f"assumption {index + 1} ({relation}) is not used: {fact}",
                              UnusedAssumptionWarning, stacklevel=2)
            continue
        facts.append(fact)
    return tuple(facts)


# ---------------------------------------------------------------------- polynomials
_Poly = dict[tuple[int, ...], Fraction]


@lru_cache(maxsize=8192)
def _to_dict(expression: sp.Expr, symbols: tuple[sp.Symbol, ...]) -> _Poly | None:
    if not symbols:     # a constant (a condition such as 3 < 0): sympy needs a generator
        value = sp.nsimplify(sp.expand(expression))
        if not value.is_Rational:
            return None
        return {(): Fraction(int(value.p), int(value.q))} if value != 0 else {}
    try:
        poly = sp.Poly(sp.expand(expression), *symbols, domain="QQ")
    except (sp.PolynomialError, sp.polys.polyerrors.CoercionFailed):
        return None
    return {m: Fraction(int(c.numerator), int(c.denominator)) for m, c in poly.as_dict().items()}


def _multiply(a: _Poly, b: _Poly) -> _Poly:
    out: _Poly = {}
    for ma, ca in a.items():
        for mb, cb in b.items():
            m = tuple(x + y for x, y in zip(ma, mb, strict=True))
            out[m] = out.get(m, Fraction(0)) + ca * cb
    return {m: c for m, c in out.items() if c}


# ---------------------------------------------------------------------- certificates
@dataclass(frozen=True)
class Certificate:
    """An exact identity ``target = sum(coefficient * product of facts)``.

    Attributes
    ----------
    target : sympy expression
        What is proved non-negative (or positive), or ``0`` for a contradiction.
    strict : bool
        Whether some positive coefficient multiplies a product of strictly positive facts
        (then the target is positive; for a contradiction, the facts cannot all hold).
    terms : tuple of (sympy.Rational, tuple of Fact)
        The non-zero terms.
    """

    target: sp.Expr
    strict: bool
    terms: tuple[tuple[sp.Rational, tuple[Fact, ...]], ...]

    def expression(self) -> sp.Expr:
        """The right-hand side, :math:`\\sum_j c_j \\prod g_i`."""
        return sp.Add(*(c * sp.Mul(*(f.expression for f in product))
                        for c, product in self.terms))

    def verify(self) -> bool:
        """Whether the identity holds exactly: every coefficient non-negative and the
        polynomials equal, expanded in rational arithmetic."""
        if any(c < 0 for c, _ in self.terms):
            return False
        symbols = tuple(sorted(set().union(self.target.free_symbols,
                                           *(f.expression.free_symbols for f in self.facts)),
                               key=str))
        # without symbols (a constant condition such as 3 < 0) the same identity in
        # constants: _to_dict reads each side as a rational
        target = _to_dict(sp.expand(self.target), symbols)
        if target is None:
            return False
        total: _Poly = {}
        one = {tuple(0 for _ in symbols): Fraction(1)}
        for c, product in self.terms:
            poly = one
            for f in product:
                factor = _to_dict(f.expression, symbols)
                if factor is None:
                    return False
                poly = _multiply(poly, factor)
            for m, v in poly.items():
                total[m] = total.get(m, Fraction(0)) + Fraction(int(c.p), int(c.q)) * v
        return {m: v for m, v in total.items() if v} == target

    def __str__(self) -> str:
        parts = []
        for c, product in self.terms:
            factors = "·".join(f"({f.expression})" for f in product) or "1"
            parts.append(factors if c == 1 else f"{c}·{factors}")
        return f"{self.target} = " + " + ".join(parts)

    @property
    def facts(self) -> tuple[Fact, ...]:
        """The facts the proof uses, each once."""
        return tuple(dict.fromkeys(f for _, product in self.terms for f in product))


_ONE = Fact(sp.Integer(1), True, "1 > 0")


def _relevant(target_symbols: set[sp.Symbol], facts: Sequence[Fact]) -> list[Fact]:
    """Facts linked to the target through shared symbols (transitively)."""
    reached = set(target_symbols)
    chosen: list[Fact] = []
    remaining = list(facts)
    changed = True
    while changed:
        changed = False
        for fact in list(remaining):
            if fact.expression.free_symbols & reached:
                chosen.append(fact)
                reached |= fact.expression.free_symbols
                remaining.remove(fact)
                changed = True
    return chosen


def _products(facts: Sequence[Fact], degree: int) -> list[tuple[Fact, ...]]:
    products: list[tuple[Fact, ...]] = [()]
    for k in range(1, degree + 1):
        batch = list(itertools.combinations_with_replacement(facts, k))
        if len(products) + len(batch) > MAX_PRODUCTS:
            break
        products.extend(batch)
    return products


def _exact(columns: list[_Poly], target: _Poly, solution: np.ndarray) -> list[Fraction] | None:
    """Rational coefficients near ``solution`` that satisfy the identity exactly."""
    support = [j for j, v in enumerate(solution) if v > 1e-9]
    for limit in (10**3, 10**6):
        coefficients = [Fraction(float(solution[j])).limit_denominator(limit) for j in support]
        total: _Poly = {}
        for j, c in zip(support, coefficients, strict=True):
            for m, v in columns[j].items():
                total[m] = total.get(m, Fraction(0)) + c * v
        if {m: v for m, v in total.items() if v} == target and all(c >= 0 for c in coefficients):
            full = [Fraction(0)] * len(columns)
            for j, c in zip(support, coefficients, strict=True):
                full[j] = c
            return full
    # solve the equations exactly on the support, free columns fixed at rounded values
    monomials = sorted(set(target) | {m for j in support for m in columns[j]})
    rows = [[columns[j].get(m, Fraction(0)) for j in support] for m in monomials]
    values = _solve_exact(rows, [target.get(m, Fraction(0)) for m in monomials],
                          [float(solution[j]) for j in support])
    if values is None:
        return None
    full = [Fraction(0)] * len(columns)
    for j, v in zip(support, values, strict=True):
        full[j] = v
    return full


def _solve_exact(rows: list[list[Fraction]], rhs: list[Fraction], guess: list[float]
                 ) -> list[Fraction] | None:
    """A non-negative rational solution of ``rows @ c = rhs`` (Gauss–Jordan in fractions;
    free unknowns fixed at ``guess`` rounded), or None."""
    matrix = [[*r, b] for r, b in zip(rows, rhs, strict=True)]
    n = len(guess)
    pivots: list[int] = []
    row = 0
    for col in range(n):
        pivot = next((r for r in range(row, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[row], matrix[pivot] = matrix[pivot], matrix[row]
        head = matrix[row][col]
        matrix[row] = [v / head for v in matrix[row]]
        for r in range(len(matrix)):
            if r != row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[row], strict=True)]
        pivots.append(col)
        row += 1
    if any(all(v == 0 for v in r[:-1]) and r[-1] != 0 for r in matrix):
        return None
    values = [Fraction(0)] * n
    free = [c for c in range(n) if c not in pivots]
    for c in free:
        values[c] = Fraction(guess[c]).limit_denominator(1000)
    for r, col in enumerate(pivots):
        values[col] = matrix[r][-1] - sum(matrix[r][c] * values[c] for c in free)
    return values if all(v >= 0 for v in values) else None


def _certificate(target: sp.Expr, facts: Sequence[Fact], degree: int, contradiction: bool
                 ) -> Certificate | None:
    """A certificate that ``target >= 0`` (strict when possible), or, with
    ``contradiction``, that the facts are jointly infeasible (``target`` is then 0)."""
    from scipy.optimize import linprog

    facts = list(facts)
    symbols = tuple(sorted(set().union(target.free_symbols, *(f.expression.free_symbols
                                                              for f in facts)), key=str))
    target_poly: _Poly | None = (_to_dict(target, symbols) if symbols else
                                 ({(): Fraction(str(target))} if target != 0 else {}))
    if target_poly is None:
        return None
    polys = [_to_dict(f.expression, symbols) for f in facts]
    usable = [(f, p) for f, p in zip(facts, polys, strict=True) if p is not None]
    facts = [f for f, _ in usable]
    poly_of = {f: p for f, p in usable}
    products = _products(facts, degree)
    one = {tuple(0 for _ in symbols): Fraction(1)}
    columns: list[_Poly] = []
    for product in products:
        poly = one
        for f in product:
            poly = _multiply(poly, poly_of[f])
        columns.append(poly)
    strict = np.array([all(f.strict for f in product) for product in products], dtype=float)
    monomials = sorted(set(target_poly) | {m for c in columns for m in c})
    index = {m: i for i, m in enumerate(monomials)}
    a = np.zeros((len(monomials), len(columns)))
    for j, column in enumerate(columns):
        for m, v in column.items():
            a[index[m], j] = float(v)
    b = np.zeros(len(monomials))
    for m, v in target_poly.items():
        b[index[m]] = float(v)
    scale = max(1.0, float(np.abs(b).max(initial=0)))
    if contradiction:
        # sum c_j m_j = 0 with the strict coefficients summing to one
        a_eq = np.vstack([a, strict[None, :]])
        b_eq = np.concatenate([np.zeros(len(monomials)), [1.0]])
    else:
        a_eq, b_eq = a, b
    bounds = (0, 1e6 * scale)
    result = linprog(-strict, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if not result.success or result.x is None:
        return None
    if contradiction:
        coefficients = _exact_with_norm(columns, strict, result.x)
    else:
        coefficients = _exact(columns, dict(target_poly), result.x)
    if coefficients is None:
        return None
    terms = tuple((sp.Rational(c.numerator, c.denominator), products[j])
                  for j, c in enumerate(coefficients) if c)
    is_strict = any(all(f.strict for f in product) for c, product in terms if c > 0)
    if contradiction and not is_strict:
        return None
    certificate = Certificate(sp.Integer(0) if contradiction else target, is_strict, terms)
    return certificate if certificate.verify() else None


def _exact_with_norm(columns: list[_Poly], strict: np.ndarray, solution: np.ndarray
                     ) -> list[Fraction] | None:
    """Rational coefficients of a contradiction: the identity sums to zero exactly."""
    support = [j for j, v in enumerate(solution) if v > 1e-9]
    monomials = sorted({m for j in support for m in columns[j]})
    rows = [[columns[j].get(m, Fraction(0)) for j in support] for m in monomials]
    rows.append([Fraction(int(strict[j])) for j in support])
    values = _solve_exact(rows, [Fraction(0)] * len(monomials) + [Fraction(1)],
                          [float(solution[j]) for j in support])
    if values is None:
        return None
    full = [Fraction(0)] * len(columns)
    for j, v in zip(support, values, strict=True):
        full[j] = v
    return full


# ---------------------------------------------------------------------- signs
@dataclass(frozen=True)
class SignDecision:
    """The sign of an expression under facts, and why.

    Attributes
    ----------
    expression : sympy expression
    sign : str
        ``"+"``, ``"-"``, ``"0"`` (proved), ``">=0"``, ``"<=0"`` (proved weakly) or
        ``"×"`` (undecided).
    certificate : Certificate or None
        The proof of ``"+"``/``">=0"`` (of the expression) or ``"-"``/``"<=0"`` (of its
        negation); None for ``"0"`` (the expression expands to zero) and ``"×"``.
    facts : tuple of Fact
        The facts it was decided under.
    """

    expression: sp.Expr
    sign: str
    certificate: Certificate | None = None
    facts: tuple[Fact, ...] = ()

    @property
    def proved(self) -> bool:
        return self.sign != "×"

    @property
    def residual(self) -> Any:
        """For a sign not proved strictly, the condition for the expression to be
        negative, factored with the factors of known sign divided out
        (:func:`factored_condition`); None when the sign is proved."""
        if self.sign in ("+", "-", "0"):
            return None
        return factored_condition(self.expression, self.facts)


def _degree(expression: sp.Expr) -> int:
    symbols = sorted(expression.free_symbols, key=str)
    if not symbols:
        return 0
    try:
        return int(sp.Poly(expression, *symbols).total_degree())
    except sp.PolynomialError:
        return -1


def _short(expression: sp.Expr) -> bool:
    """Whether every rational of the expression is short enough to work with exactly."""
    limit = 10 ** MAX_DIGITS
    return all(abs(r.p) < limit and r.q < limit for r in expression.atoms(sp.Rational))


@lru_cache(maxsize=4096)
def _decide(expression: sp.Expr, facts: tuple[Fact, ...], degree: int) -> SignDecision:
    expanded = sp.expand(expression)
    if expanded == 0:
        return SignDecision(expression, "0")
    if not expanded.is_number and not (_short(expanded) and all(_short(f.expression)
                                                                for f in facts)):
        return SignDecision(expression, "×")
    if expanded.is_number:
        value = float(expanded)
        return SignDecision(expression, "+" if value > 0 else "-",
                            Certificate(expanded if value > 0 else -expanded, True,
                                        ((abs(sp.Rational(expanded)), ()),)))
    numerator, denominator = sp.fraction(sp.together(expanded))
    if denominator.free_symbols:
        lower = _decide(denominator, facts, degree)
        if lower.sign not in ("+", "-"):
            return SignDecision(expression, "×", facts=facts)
        flip = lower.sign == "-"
        upper = _decide(numerator, facts, degree)
        sign = upper.sign
        if flip:
            sign = {"+": "-", "-": "+", ">=0": "<=0", "<=0": ">=0"}.get(sign, sign)
        return SignDecision(expression, sign, upper.certificate, facts)
    own = _degree(expanded)
    if own < 0:
        return SignDecision(expression, "×", facts=facts)
    relevant = tuple(_relevant(expanded.free_symbols, facts))
    k = max(degree, own)
    found = {}
    for sign, target in (("+", expanded), ("-", -expanded)):
        certificate = _certificate(target, relevant, k, contradiction=False)
        if certificate is not None:
            if certificate.strict:
                return SignDecision(expression, sign, certificate)
            found[sign] = certificate
    for sign, weak in (("+", ">=0"), ("-", "<=0")):
        if sign in found:
            return SignDecision(expression, weak, found[sign], facts)
    return SignDecision(expression, "×", facts=facts)


def decide_sign(expression: Any, facts: Sequence[Fact] = (), degree: int = 2) -> SignDecision:
    """The sign of ``expression`` wherever every fact holds, proved by a certificate.

    Parameters
    ----------
    expression : sympy expression
        A polynomial (or a ratio of polynomials) in the parameters.
    facts : sequence of Fact
        From :func:`facts_from`.
    degree : int
        Largest number of facts multiplied in one term of a certificate (at least the
        expression's degree is used).

    Returns
    -------
    SignDecision

    Examples
    --------
    The case the substitution of one symbol per assumption cannot decide in this order:

    >>> K2, A, a, V1, V2 = sp.symbols("K2 A alpha V1 V2", positive=True)
    >>> facts = facts_from([A, K2, V1, V2, a], [K2 > A, K2 + a * V2 > A + a * V1])
    >>> decision = decide_sign(K2 - A - a * V1 + a * V2, facts)
    >>> decision.sign, decision.certificate.verify()
    ('+', True)
    """
    expression = _expression("expression", expression)
    degree = check_int("degree", degree, 1, 4)
    return _decide(expression, _checked_facts(facts), degree)


def _checked_facts(facts: object) -> tuple[Fact, ...]:
    """``facts`` as a tuple of :class:`Fact`; otherwise a TypeError naming ``facts``."""
    checked = check_sequence("facts", facts, "a sequence of Fact (from facts_from)")
    for fact in checked:
        check_instance("facts", fact, Fact, "a sequence of Fact (from facts_from)")
    return checked


def infeasibility_certificate(conditions: Sequence[Any], facts: Sequence[Fact] = (),
                              degree: int = 2) -> Certificate | None:
    """A proof that the strict ``conditions`` (each ``expression < 0``) cannot hold together
    with the facts, or None when none of the given degree exists.

    Examples
    --------
    >>> a, b = sp.symbols("a b", positive=True)
    >>> facts = facts_from([a, b], [a > b])
    >>> infeasibility_certificate([a - b], facts).verify()
    True
    """
    degree = check_int("degree", degree, 1, 4)
    facts = _checked_facts(facts)
    negated = [Fact(sp.expand(-_expression("conditions", c)), True, f"{c} < 0 (condition)")
               for c in check_sequence("conditions", conditions, "a sequence of expressions")]
    symbols: set[sp.Symbol] = set().union(*(f.expression.free_symbols for f in negated))
    relevant = _relevant(symbols, facts)
    return _certificate(sp.Integer(0), [*negated, *relevant], degree, contradiction=True)


def facts_consistent(facts: Sequence[Fact], degree: int = 2) -> Certificate | None:
    """A proof that the facts contradict each other, or None (no proof found)."""
    return _certificate(sp.Integer(0), list(facts), degree, contradiction=True)


# ---------------------------------------------------------------------- conditions
def factored_condition(expression: Any, facts: Sequence[Fact] = ()) -> Any:
    """The condition :math:`\\lambda < 0` as papers print it: factored, the factors of
    known sign divided out (a negative one flips the inequality), each remaining factor
    written :math:`P < N` with positive terms on each side.

    Returns ``sympy.true`` / ``sympy.false`` when the factors decide it.

    Examples
    --------
    >>> a, V1, V2, A = sp.symbols("alpha V1 V2 A", positive=True)
    >>> factored_condition(a * V2 - a * V1)
    V2 < V1
    >>> factored_condition(-a * (A + V1))
    True
    """
    expression = _expression("expression", expression)
    facts = _checked_facts(facts)
    if not _short(sp.expand(expression)):
        return condition_of(expression)
    numerator, denominator = sp.fraction(sp.together(sp.expand(expression)))
    coefficient, factors = sp.factor_list(sp.expand(numerator * denominator))
    negative = coefficient < 0
    remaining = []
    for factor, power in factors:
        sign = _simple_sign(factor, facts)
        if power % 2 == 0:
            if sign in ("+", "-"):
                continue
            remaining.append(factor ** power)  # a square: non-negative, zero on a surface
            continue
        if sign == "+":
            continue
        if sign == "-":
            negative = not negative
            continue
        if sign == "0":
            return sp.false
        remaining.append(factor)
    if not remaining:
        return sp.true if negative else sp.false
    if len(remaining) == 1:
        single = remaining[0]
        return condition_inequality(-single if negative else single)
    product = sp.Mul(*remaining, evaluate=False)
    return (sp.StrictGreaterThan(product, 0, evaluate=False) if negative
            else sp.StrictLessThan(product, 0, evaluate=False))


def condition_inequality(expression: Any) -> Any:
    """The condition :math:`\\lambda < 0` written as papers write it, :math:`P < N`.

    Examples
    --------
    >>> a, V1, V2, A = sp.symbols("alpha V1 V2 A", positive=True)
    >>> condition_inequality(a * V2 - a * V1 - A)
    V2*alpha < A + V1*alpha
    """
    expression = sp.expand(_expression("expression", expression))   # a dict failed in expand
    positive: list[sp.Expr] = []
    negative: list[sp.Expr] = []
    for term in sp.Add.make_args(expression):
        coefficient, _ = term.as_coeff_Mul()
        (negative if coefficient < 0 else positive).append(term)
    left = sp.Add(*positive)
    right = -sp.Add(*negative)
    if not negative:
        return sp.StrictLessThan(left, 0, evaluate=False)
    if not positive:
        return sp.StrictGreaterThan(right, 0, evaluate=False)
    return sp.StrictLessThan(left, right, evaluate=False)



def condition_of(expression: Any) -> Any:
    """:math:`\\lambda < 0` written :math:`P < N`, unfactored."""
    return condition_inequality(expression)


def _simple_sign(factor: sp.Expr, facts: Sequence[Fact]) -> str:
    """The sign of one factor: sympy's assumptions, then a certificate of degree 1."""
    if factor.is_positive:
        return "+"
    if factor.is_negative:
        return "-"
    if factor.is_zero:
        return "0"
    if not facts:
        return "×"
    degree = max(1, _degree(factor))
    relevant = tuple(_relevant(factor.free_symbols, facts))
    for sign, target in (("+", factor), ("-", -factor)):
        certificate = _certificate(sp.expand(target), relevant, degree, contradiction=False)
        if certificate is not None and certificate.strict:
            return sign
    return "×"


# ---------------------------------------------------------------------- witnesses
@dataclass(frozen=True)
class Witness:
    """Parameter values at which every condition holds (numeric evidence, not a proof),
    checked exactly at the rational values given.

    Attributes
    ----------
    values : dict
        Symbol to a short rational (printed as a float).
    slack : float
        The smallest margin of the conditions and facts there, relative.
    """

    values: dict[sp.Symbol, sp.Rational]
    slack: float

    def as_floats(self) -> dict[sp.Symbol, float]:
        return {k: float(v) for k, v in self.values.items()}


def _sample_box(symbols: Sequence[sp.Symbol], domains: Mapping[str, Sequence[Any]],
                count: int, rng: np.random.Generator) -> np.ndarray:
    columns = []
    for s in symbols:
        low, high = domains.get(str(s), (None, None))
        if low is not None and high is not None:
            columns.append(rng.uniform(float(low), float(high), count))
        elif s.is_positive or s.is_nonnegative or (low is not None and float(low) >= 0):
            base = float(low) if low is not None else 0.0
            columns.append(base + np.exp(rng.uniform(np.log(1e-2), np.log(1e2), count)))
        elif s.is_negative or s.is_nonpositive:
            columns.append(-np.exp(rng.uniform(np.log(1e-2), np.log(1e2), count)))
        else:
            columns.append(rng.uniform(-100, 100, count))
    return np.column_stack(columns) if columns else np.zeros((count, 0))


def find_witness(conditions: Sequence[Any], facts: Sequence[Fact] = (),
                 domains: Mapping[Any, Sequence[Any]] | None = None, draws: int = 4096,
                 rng: int | np.random.Generator = 0) -> Witness | None:
    """Parameter values where every ``condition`` (``expression < 0``) and every fact
    holds: random draws over the declared domains (log-uniform on (0.01, 100) for a
    positive parameter without bounds), then a local search from the best draws. The point
    is rounded to three significant digits and checked exactly.

    Returns None when none is found: that is no proof that none exists
    (:func:`infeasibility_certificate` gives one).

    Examples
    --------
    >>> a, b = sp.symbols("a b", positive=True)
    >>> w = find_witness([a * b - 1, 2 - a], facts_from([a, b]))
    >>> w is not None and w.values[a] * w.values[b] < 1 and w.values[a] > 2
    True
    """
    from scipy.optimize import minimize

    draws = check_int("draws", draws, 1, 10**6)
    generator = generator_of(rng)
    facts = _checked_facts(facts)
    conditions = check_sequence("conditions", conditions, "a sequence of expressions")
    if domains is not None:
        check_instance("domains", domains, Mapping, "a mapping of symbol to (low, high)")
    constraints = [sp.expand(-_expression("conditions", c)) for c in conditions]   # each > 0
    constraints += [f.expression for f in facts]
    strict = [True] * len(conditions) + [f.strict for f in facts]
    symbols = sorted(set().union(*(c.free_symbols for c in constraints)), key=str)
    # a constant condition (3 < 0) is decided exactly: one that fails holds nowhere (a local
    # search for it would run off to infinity)
    if not all(bool(c > 0) if s else bool(c >= 0) for c, s in zip(constraints, strict, strict=True)
               if not c.free_symbols):
        return None
    if not symbols:
        return Witness({}, 0.0)
    named = {str(k): v for k, v in (domains or {}).items()}
    function = sp.lambdify(symbols, constraints, "numpy")

    def margins(points: np.ndarray) -> np.ndarray:
        values = function(*points.T)
        stacked = np.stack([np.broadcast_to(np.asarray(v, dtype=float), points.shape[:1])
                            for v in values], axis=-1)
        scale = 1.0 + np.abs(points).max(axis=-1, keepdims=True) ** np.array(
            [max(1, _degree(c)) for c in constraints])
        return (stacked / scale).min(axis=-1)

    points = _sample_box(symbols, named, draws, generator)
    with np.errstate(all="ignore"):
        scores = np.nan_to_num(margins(points), nan=-np.inf)
    order = np.argsort(-scores)[:5]
    candidates = [points[i] for i in order]
    if scores[order[0]] <= 0:
        for start in list(candidates):
            def loss(p: Any) -> float:
                return -float(margins(p[None, :])[0])

            result = minimize(loss, start,
                              method="Nelder-Mead", options={"maxiter": 2000, "xatol": 1e-10,
                                                             "fatol": 1e-12})
            candidates.append(result.x)
    for point in candidates:
        for digits in (3, 4, 6):
            rounded = {s: sp.nsimplify(float(f"{v:.{digits}g}"), rational=True)
                       for s, v in zip(symbols, point, strict=True)}
            if _holds(constraints, strict, rounded, symbols, named):
                with np.errstate(all="ignore"):
                    slack = float(margins(np.array([[float(rounded[s]) for s in symbols]]))[0])
                return Witness(rounded, slack)
    return None


def _holds(constraints: Sequence[sp.Expr], strict: Sequence[bool], values: Mapping[Any, Any],
           symbols: Sequence[sp.Symbol], domains: Mapping[str, Sequence[Any]]) -> bool:
    for s in symbols:
        v = values[s]
        if (s.is_positive and not v > 0) or (s.is_nonnegative and not v >= 0):
            return False
        low, high = domains.get(str(s), (None, None))
        if (low is not None and v < low) or (high is not None and v > high):
            return False
    for c, is_strict in zip(constraints, strict, strict=True):
        value = c.subs(values)
        if not (value > 0 if is_strict else value >= 0):
            return False
    return True
