r"""A stability table in which every label says how it is known.

:func:`prove_table` gives, for each rest point, the label of
:func:`~ica_model.engine.evolutionary.stability_table` (the same words), decided under all
stated assumptions jointly (:mod:`~ica_model.engine.evolutionary.assumptions`), and its
*evidence*:

=====================  ===============================================================
``"proved"``           each sign the label rests on has an exact certificate (or the
                       eigenvalue expands to zero); :attr:`ProvedRow.proof` prints it
``"theorem"``          a rest point where a population mixes, in a game of several
                       populations: never asymptotically stable (Selten 1980;
                       Ritzberger and Weibull 1995), whatever the parameters
``"conditional"``      ``"ESS if (k)"``: the factored condition is what remains to hold;
                       a witness point where it holds is numeric evidence that it can
``"undecided"``        no certificate of the degree tried, and no contradiction found
=====================  ===============================================================

A zero eigenvalue (identically zero) makes the point ``"non-hyperbolic"``: linearisation
decides nothing there and a higher-order (centre-manifold) analysis is needed; it is never
called stable. Friedman's determinant–trace test is shown only for two-variable systems,
where it is equivalent to the signs of the two eigenvalues; with three populations or more
the eigenvalues themselves decide.

Numeric labels at given values (:meth:`ProvedTable.at`) are marked ``"numeric"``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from ..._validation import check_sequence, generator_of
from .assumptions import (
    Certificate,
    Fact,
    SignDecision,
    Witness,
    decide_sign,
    factored_condition,
    facts_from,
    find_witness,
    infeasibility_certificate,
)
from .game import PopulationGame, ReplicatorSystem
from .restpoints import ORDERS
from .stability import StabilityTable, stability_table

__all__ = ["ProvedRow", "ProvedTable", "prove_table"]

SELTEN = ("a population mixes here: in a game of several populations only strict Nash "
          "equilibria, which are pure, are asymptotically stable under the replicator "
          "dynamics (Selten 1980; Ritzberger and Weibull 1995), so this point is never an ESS")
NON_HYPERBOLIC = ("an eigenvalue is identically zero: linearisation decides nothing; a "
                  "higher-order (centre-manifold) analysis is needed")


@dataclass(frozen=True, eq=False)
class ProvedRow:
    """One rest point, its label and the evidence for it.

    Attributes
    ----------
    label : str
        ``"E1"``, ... (vertices) or ``"M1"``, ... (mixed points).
    point : tuple of sympy expressions
    eigenvalues : tuple of sympy expressions or None
    decisions : tuple of SignDecision
        The sign of each eigenvalue, with its certificate where proved.
    stability : str
        The words of :mod:`~ica_model.engine.evolutionary.stability`.
    evidence : str
        ``"proved"``, ``"theorem"``, ``"conditional"`` or ``"undecided"``.
    condition : sympy Boolean
        For ``"ESS if (k)"``: the factored conditions (factors of known sign divided out).
    witness : Witness or None
        Values where the condition holds (numeric evidence), when one was found.
    contradiction : Certificate or None
        For ``"never ESS"`` proved by joint infeasibility.
    note : str
    """

    label: str
    point: tuple[sp.Expr, ...]
    eigenvalues: tuple[sp.Expr, ...] | None
    decisions: tuple[SignDecision, ...]
    stability: str
    evidence: str
    condition: Any = sp.false
    witness: Witness | None = None
    contradiction: Certificate | None = None
    note: str = ""

    @property
    def signs(self) -> tuple[str, ...]:
        return tuple(d.sign for d in self.decisions)

    @property
    def proof(self) -> str:
        """The argument, in words and identities a reader can check by expanding."""
        lines = []
        if self.contradiction is not None:
            lines.append("the conditions for every eigenvalue to be negative contradict the "
                         "assumptions: " + str(self.contradiction) + ", a sum of positive terms "
                         "that cannot be 0")
        for i, decision in enumerate(self.decisions):
            if decision.sign == "0":
                lines.append(f"λ{i + 1} = {decision.expression} expands to 0")
            elif decision.certificate is not None:
                which = "positive" if decision.sign in ("+", ">=0") else "negative"
                weak = "" if decision.sign in ("+", "-") else " or zero"
                lines.append(f"λ{i + 1} is {which}{weak}: {decision.certificate}")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


@dataclass(frozen=True, eq=False)
class ProvedTable:
    """Rows of :class:`ProvedRow` and the facts they were decided under.

    Attributes
    ----------
    rows : tuple of ProvedRow
    facts : tuple of Fact
    table : StabilityTable
        The plain table (for LaTeX export and :meth:`at`).
    """

    rows: tuple[ProvedRow, ...]
    facts: tuple[Fact, ...]
    table: StabilityTable

    def row(self, label: str) -> ProvedRow:
        for row in self.rows:
            if row.label == label:
                return row
        raise ValueError(f"no row labelled {label!r}; labels: {[r.label for r in self.rows]}")

    def to_frame(self) -> Any:
        """One line per rest point: point, signs, label, evidence, condition, witness."""
        import pandas as pd

        return pd.DataFrame.from_records([{
            "equilibrium": r.label,
            "point": "(" + ", ".join(str(c) for c in r.point) + ")",
            "signs": "(" + ", ".join(r.signs) + ")",
            "stability": r.stability,
            "evidence": r.evidence,
            "condition": "" if r.condition in (sp.true, sp.false) else str(r.condition),
            "witness": "" if r.witness is None else ", ".join(
                f"{k}={float(v):g}" for k, v in r.witness.values.items()),
        } for r in self.rows])

    def at(self, values: Mapping[Any, Any], tolerance: float = 1e-9) -> Any:
        """The numeric labels at ``values`` (:meth:`StabilityTable.at`), with an
        ``evidence`` column saying ``"numeric"``."""
        frame = self.table.at(values, tolerance)
        frame["evidence"] = "numeric"
        return frame


def _vertex(row: Any, facts: tuple[Fact, ...], degree: int, search: bool,
            domains: Mapping[Any, Sequence[Any]] | None, rng: np.random.Generator,
            number: list[int]) -> ProvedRow:
    eigenvalues = row.eigenvalues
    decisions = tuple(decide_sign(e, facts, degree) for e in eigenvalues)
    signs = [d.sign for d in decisions]
    common = {"label": row.label, "point": row.point, "eigenvalues": eigenvalues,
              "decisions": decisions}
    if "+" in signs:
        stability = ("saddle point" if "-" in signs else
                     "unstable point" if all(s == "+" for s in signs) else "unstable")
        return ProvedRow(**common, stability=stability, evidence="proved")
    if "0" in signs:
        return ProvedRow(**common, stability="non-hyperbolic", evidence="proved",
                         note=NON_HYPERBOLIC)
    if all(s == "-" for s in signs):
        return ProvedRow(**common, stability="ESS", evidence="proved", condition=sp.true)
    if ">=0" in signs:
        return ProvedRow(**common, stability="never ESS", evidence="proved",
                         note="an eigenvalue is never negative, so the vertex is not a strict "
                              "Nash equilibrium")
    open_ = [e for e, s in zip(eigenvalues, signs, strict=True) if s != "-"]
    contradiction = infeasibility_certificate(open_, facts, degree)
    if contradiction is not None:
        return ProvedRow(**common, stability="never ESS", evidence="proved",
                         contradiction=contradiction)
    condition = sp.And(*[factored_condition(e, facts) for e in open_])
    if condition is sp.false:
        return ProvedRow(**common, stability="never ESS", evidence="proved",
                         note="a factor of known sign makes an eigenvalue non-negative")
    witness = find_witness(open_, facts, domains, rng=rng) if search else None
    number[0] += 1
    note = ("" if not search else
            "witness found (numeric evidence that the condition can hold)" if witness else
            "no witness found by the search (not a proof that none exists)")
    return ProvedRow(**common, stability=f"ESS if ({number[0]})", evidence="conditional",
                     condition=condition, witness=witness, note=note)


def _mixed(row: Any, system: ReplicatorSystem) -> ProvedRow:
    decisions = tuple(SignDecision(e, s) for e, s in zip(row.eigenvalues or (), row.signs,
                                                         strict=False))
    if system.game is not None and len(system.sizes) > 1:
        return ProvedRow(row.label, row.point, row.eigenvalues, decisions,
                         "not asymptotically stable" if row.stability not in
                         ("centre", "saddle point") else row.stability,
                         "theorem", note=SELTEN)
    evidence = "proved" if row.stability in ("saddle point", "unstable") else "undecided"
    return ProvedRow(row.label, row.point, row.eigenvalues, decisions, row.stability, evidence,
                     note=row.note)


def prove_table(model: PopulationGame | ReplicatorSystem, assumptions: Any = (),
                domains: Mapping[Any, Sequence[Any]] | None = None, mixed: bool = False,
                order: str = "papers", degree: int = 2, witnesses: bool = True,
                rng: int | np.random.Generator = 0) -> ProvedTable:
    """The stability table with every label proved, or flagged as conditional/undecided.

    Parameters
    ----------
    model : PopulationGame or ReplicatorSystem
    assumptions : sequence of sympy inequalities
        As the paper prints them, in any order: all are used jointly with the declared
        signs and ``domains``. One that cannot be used is named in an
        :class:`~ica_model.engine.evolutionary.assumptions.UnusedAssumptionWarning`.
    domains : mapping, optional
        Parameter to ``(low, high)`` (either None): facts for the proofs, and the box the
        witness search draws from.
    mixed : bool
        Also the rest points where a population mixes (symbolic: may be slow; see
        :func:`~ica_model.engine.evolutionary.rest.mixed_rest_points` for numbers).
    order : {"papers", "binary", "profiles"}
    degree : int
        Largest number of facts multiplied in one term of a certificate.
    witnesses : bool
        Search for a witness of each conditional ESS.
    rng : int or numpy.random.Generator
        Seeds the witness search.

    Returns
    -------
    ProvedTable

    Examples
    --------
    With ``K2 > A`` and ``K2 + αV2 > A + αV1`` (in either order), the first population's
    gain :math:`K_2 - A + \\alpha(V_2 - V_1)` at ``(0, 1)`` is proved positive by the second
    assumption alone, and minus it at ``(1, 1)`` negative:

    >>> K2, A, a, V1, V2 = sp.symbols("K2 A alpha V1 V2", positive=True)
    >>> x, y = sp.symbols("x y")
    >>> system = ReplicatorSystem.from_equations(
    ...     [x * (1 - x) * (K2 - A + a * (V2 - V1) * y), y * (1 - y) * (a * x - A)], [x, y])
    >>> table = prove_table(system, [K2 + a * V2 > A + a * V1, K2 > A])
    >>> [(r.label, r.stability, r.evidence) for r in table.rows]  # doctest: +NORMALIZE_WHITESPACE
    [('E1', 'saddle point', 'proved'), ('E2', 'ESS if (1)', 'conditional'),
     ('E3', 'unstable point', 'proved'), ('E4', 'ESS if (2)', 'conditional')]
    >>> table.row("E2").condition, table.row("E4").condition
    (alpha < A, A < alpha)
    >>> print(table.row("E3").proof)
    λ1 is positive: -A + K2 - V1*alpha + V2*alpha = (-A + K2 - V1*alpha + V2*alpha)
    λ2 is positive: A = (A)
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, got {order!r}")
    system = model.replicator() if isinstance(model, PopulationGame) else model
    if not isinstance(system, ReplicatorSystem):
        raise TypeError(f"model must be a PopulationGame or a ReplicatorSystem, got "
                        f"{type(model).__name__}")
    generator = generator_of(rng)
    listed = [assumptions] if isinstance(assumptions, (sp.Basic, bool)) else list(check_sequence(
        "assumptions", assumptions, "a sequence of sympy inequalities"))
    for assumption in listed:
        if not isinstance(assumption, (sp.Basic, bool)):
            raise TypeError(f"assumptions must be sympy inequalities (strings are not parsed), "
                            f"got {assumption!r} of type {type(assumption).__name__}")
    symbols = sorted(set(system.parameters).union(*(getattr(a, "free_symbols", set())
                                                    for a in listed)), key=str)
    facts = facts_from(symbols, listed, domains)
    usable = tuple(a for a in listed if isinstance(a, sp.core.relational.Relational))
    table = stability_table(system, usable, mixed=mixed, order=order, witnesses=False)
    number = [0]
    rows = []
    for row in table.rows:
        if row.profile is not None and row.eigenvalues is not None:
            rows.append(_vertex(row, facts, degree, witnesses, domains, generator, number))
        else:
            rows.append(_mixed(row, system))
    return ProvedTable(tuple(rows), facts, table)
