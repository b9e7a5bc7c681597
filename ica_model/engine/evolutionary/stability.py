r"""The stability table papers print: rest points, the Jacobian's eigenvalues there, their
signs, and the parameter conditions under which each is an evolutionarily stable state.

Method
------
Friedman's method (Friedman 1991, "Evolutionary games in economics", *Econometrica*
59(3)) with Lyapunov's first method: a rest point is asymptotically stable when every
eigenvalue of the Jacobian there has a negative real part, unstable when one is
positive. In a multi-population replicator system the asymptotically stable rest points
are exactly the strict Nash equilibria, so they are pure (Selten 1980, "A note on
evolutionarily stable strategies in asymmetric animal conflicts", *J. Theor. Biol.* 84;
Ritzberger and Weibull 1995, "Evolutionary selection in normal-form games",
*Econometrica* 63(6)): every rest point where some population mixes is, at best, a
centre or a saddle. The tables therefore list the vertices E1, E2, ... and, on request,
the mixed rest points with that verdict.

At a vertex the eigenvalues are the payoff gains of switching strategy (see
:meth:`PopulationGame.vertex_eigenvalues`), so they come exactly and simply, without
sympy's ``eigenvals`` on a large matrix. For two populations the table also gives
:math:`\det J` and :math:`\operatorname{tr} J`: the vertex is an ESS iff
:math:`\det J > 0` and :math:`\operatorname{tr} J < 0`.

Signs and conditions
--------------------
The sign of an eigenvalue is ``"-"``, ``"+"`` or ``"0"`` when sympy proves it from the
parameters' assumptions (``positive=True``, ...) and the optional extra ``assumptions``
(inequalities such as ``R > C``, used by substituting ``R = C + t`` with ``t > 0``);
otherwise it is ``"×"`` (uncertain), as in the papers' sign columns. The labels:

========================  ====================================================
``"ESS"``                 every eigenvalue is negative
``"ESS if (k)"``          none is provably non-negative: ESS under condition (k)
``"saddle point"``        one eigenvalue is positive and one negative
``"unstable point"``      every eigenvalue is positive
``"unstable"``            one is positive, the others uncertain
``"non-hyperbolic"``      none positive, one identically zero: linearisation is
                          inconclusive
``"never ESS"``           the conditions contradict each other (a linear
                          programme proves it)
========================  ====================================================

A condition is written the way papers write it: :math:`\lambda < 0` with
:math:`\lambda = P - N` (terms with positive and negative coefficients) becomes
:math:`P < N`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from ..._validation import check_bool, to_sympy
from .assumptions import (
    _short,
    condition_inequality,
    decide_sign,
    facts_from,
    find_witness,
    infeasibility_certificate,
)
from .game import PopulationGame, ReplicatorSystem
from .labels import eigenvalue_label, numeric_sign
from .restpoints import ORDERS, SymbolicRestPoint

__all__ = [
    "StabilityRow",
    "StabilityTable",
    "eigenvalue_sign",
    "stability_table",
]

UNCERTAIN = "×"


# ---------------------------------------------------------------------- assumptions
def _check_assumptions(assumptions: Any) -> tuple[sp.core.relational.Relational, ...]:
    if assumptions is None:
        return ()
    if isinstance(assumptions, (sp.Basic, bool)):
        assumptions = [assumptions]
    if isinstance(assumptions, str) or not isinstance(assumptions, Iterable):
        raise TypeError(f"assumptions must be sympy inequalities such as R > C, got {assumptions!r}")
    checked = []
    for item in assumptions:
        if item is True or item is sp.true:
            continue
        if not isinstance(item, (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan,
                                 sp.LessThan)):
            raise TypeError(f"assumptions must be sympy inequalities such as R > C, got {item!r}"
                            f" ({type(item).__name__})")
        checked.append(item)
    return tuple(checked)


def _slack_substitution(assumptions: Sequence[Any]) -> dict[sp.Symbol, sp.Expr]:
    """Each assumption g > 0 (or >= 0) used as s = (t - rest)/c for one symbol s with a
    numeric coefficient c (positive preferred) and a new positive (non-negative) t."""
    substitution: dict[sp.Symbol, sp.Expr] = {}
    for index, relation in enumerate(assumptions):
        greater = isinstance(relation, (sp.StrictGreaterThan, sp.GreaterThan))
        g = sp.expand((relation.lhs - relation.rhs) if greater else (relation.rhs - relation.lhs))
        g = sp.expand(g.subs(substitution))
        strict = isinstance(relation, (sp.StrictGreaterThan, sp.StrictLessThan))
        slack = (sp.Dummy(f"t{index}", positive=True) if strict
                 else sp.Dummy(f"t{index}", nonnegative=True))
        candidates = []
        for symbol in sorted(g.free_symbols, key=str):
            if isinstance(symbol, sp.Dummy) or symbol in substitution:
                continue
            if sp.Poly(g, symbol).degree() != 1:
                continue
            coefficient = g.coeff(symbol)
            if coefficient.is_number and coefficient != 0:
                candidates.append((0 if coefficient > 0 else 1, str(symbol), symbol, coefficient))
        if not candidates:
            continue
        _, _, symbol, coefficient = min(candidates)
        solution = sp.expand((slack - (g - coefficient * symbol)) / coefficient)
        substitution = {k: sp.expand(v.subs(symbol, solution)) for k, v in substitution.items()}
        substitution[symbol] = solution
    return substitution


#: Rationals with more digits than this are not factored: Zassenhaus factorisation of
#: polynomials with 20-digit coefficients (the exact values of a calibrated scenario) takes
#: minutes, and a factorisation with such coefficients decides no sign the expansion does not.
_FACTOR_DIGITS = 12


def _forms(expression: sp.Expr) -> list[sp.Expr]:
    """The expression, its expansion and, when its rationals are short, its factorisation."""
    expanded = sp.expand(expression)
    limit = 10 ** _FACTOR_DIGITS
    if all(abs(r.p) < limit and r.q < limit for r in expanded.atoms(sp.Rational)):
        return [expression, expanded, sp.factor(expression)]
    return [expression, expanded]


def _short_for_factoring(expanded: sp.Expr) -> bool:
    """Whether the rationals are short enough for sympy to factor quickly (as in _forms)."""
    limit = 10 ** _FACTOR_DIGITS
    return all(abs(r.p) < limit and r.q < limit for r in expanded.atoms(sp.Rational))


def _proved_sign(expression: sp.Expr) -> str | None:
    for candidate in _forms(expression):
        if candidate.is_zero:
            return "0"
        if candidate.is_positive:
            return "+"
        if candidate.is_negative:
            return "-"
    return None


def _never_negative(expression: sp.Expr, assumptions: tuple[Any, ...]) -> bool:
    """Whether sympy proves ``expression >= 0`` (so the vertex is never an ESS)."""
    candidates = _forms(expression)
    if assumptions:
        substitution = _slack_substitution(assumptions)
        if substitution:
            candidates.append(sp.expand(expression.subs(substitution)))
    return (any(c.is_nonnegative for c in candidates)
            or _joint_sign(expression, assumptions) in ("+", ">=0", "0"))


def eigenvalue_sign(expression: Any, assumptions: Any = ()) -> str:
    """``"-"``, ``"+"``, ``"0"`` when sympy proves the sign, else ``"×"``.

    Examples
    --------
    >>> C, R = sp.symbols("C R", positive=True)
    >>> eigenvalue_sign(-C), eigenvalue_sign(C - R), eigenvalue_sign(C - R, [R > C])
    ('-', '×', '-')
    """
    expression = to_sympy("expression", expression)
    if not isinstance(expression, sp.Expr):
        raise TypeError(f"expression must be a number or a sympy expression, got {expression!r}")
    checked = _check_assumptions(assumptions)
    if expression.is_number:
        value = complex(sp.N(expression))
        if value.real == 0:
            return "0"
        return "+" if value.real > 0 else "-"
    sign = _proved_sign(expression)
    if sign is not None:
        return sign
    if checked:
        substitution = _slack_substitution(checked)
        if substitution:
            sign = _proved_sign(sp.expand(expression.subs(substitution)))
            if sign is not None:
                return sign
    # every assumption jointly, with the declared signs: a positivity certificate
    decided = _joint_sign(expression, checked)
    return decided if decided in ("+", "-", "0") else UNCERTAIN


def _joint_sign(expression: sp.Expr, assumptions: tuple[Any, ...]) -> str:
    """The sign proved by a certificate from every assumption at once (see
    :mod:`~ica_model.engine.evolutionary.assumptions`)."""
    symbols = sorted(set().union(expression.free_symbols,
                                 *(a.free_symbols for a in assumptions)), key=str)
    return decide_sign(expression, facts_from(symbols, assumptions)).sign


def _tidy(expression: sp.Expr) -> sp.Expr:
    """The shortest of the expression, its expansion and its factorisation."""
    candidates = _forms(expression)
    return min(candidates, key=lambda e: (sp.count_ops(e), candidates.index(e)))


# ---------------------------------------------------------------------- records
@dataclass(frozen=True, eq=False)
class StabilityRow:
    """One row of a stability table.

    Attributes
    ----------
    label : str
        ``"E1"``, ... for vertices, ``"M1"``, ... for mixed rest points.
    point : tuple of sympy expressions
        Reduced coordinates.
    profile : tuple of int or None
        The pure profile of a vertex.
    eigenvalues : tuple of sympy expressions or None
        :math:`\\lambda_1, \\lambda_2, \\dots` (population after population at a vertex);
        None where sympy cannot give them in closed form.
    signs : tuple of str
        ``"-"``, ``"+"``, ``"0"`` or ``"×"`` per eigenvalue.
    stability : str
        See the module docstring.
    condition : sympy Boolean
        When the point is an ESS: ``True``, ``False`` or a conjunction of inequalities.
    number : int or None
        ``k`` of ``"ESS if (k)"``.
    exists : sympy Boolean
        When a mixed point lies in the state space (``True`` for vertices).
    determinant, trace : sympy expressions or None
        Of the Jacobian, for two-variable systems.
    witness : dict or None
        Parameter values (symbol to float) at which the point is an ESS, found by
        linear programming when the eigenvalues are linear in the parameters.
    note : str
        Why, for mixed points and proofs by linear programming.
    support : tuple of tuple of int
        The strategies each population uses.
    """

    label: str
    point: tuple[sp.Expr, ...]
    profile: tuple[int, ...] | None
    eigenvalues: tuple[sp.Expr, ...] | None
    signs: tuple[str, ...]
    stability: str
    condition: Any
    number: int | None = None
    exists: Any = sp.true
    determinant: sp.Expr | None = None
    trace: sp.Expr | None = None
    witness: dict[sp.Symbol, float] | None = None
    note: str = ""
    support: tuple[tuple[int, ...], ...] = ()

    @property
    def point_text(self) -> str:
        return "(" + ", ".join(str(c) for c in self.point) + ")"


@dataclass(frozen=True, eq=False)
class StabilityTable:
    """A stability table: rows, and how they were made.

    Build it with :func:`stability_table`. Export with :meth:`to_frame`,
    :meth:`to_latex`, :meth:`to_markdown`; instantiate at numbers with :meth:`at`; draw
    with :meth:`plot`.

    Attributes
    ----------
    system : ReplicatorSystem
    rows : tuple of StabilityRow
    assumptions : tuple of sympy inequalities
    order : str
    """

    system: ReplicatorSystem
    rows: tuple[StabilityRow, ...]
    assumptions: tuple[Any, ...] = ()
    order: str = "papers"
    method: str = field(default="Friedman (1991) / Lyapunov's first method")

    @property
    def size(self) -> int:
        """The number of eigenvalues per vertex (the number of reduced coordinates)."""
        return len(self.system.variables)

    def row(self, label: str) -> StabilityRow:
        """The row labelled ``label`` (``"E1"``, ...)."""
        for row in self.rows:
            if row.label == label:
                return row
        raise ValueError(f"no row labelled {label!r}; labels: {[r.label for r in self.rows]}")

    @property
    def candidates(self) -> list[str]:
        """Labels of the rows that are an ESS for some parameter values."""
        return [r.label for r in self.rows if r.stability == "ESS" or r.number is not None]

    # -------------------------------------------------------------- display
    #: Rest points listed one per line in the plain repr (``to_frame()`` has them all).
    _SHOWN = 4

    def _summary(self) -> Any:
        from ..._display import Summary, listing

        rows: list[tuple[str, Any]] = [
            ("method", self.method),
            ("variables", ", ".join(map(str, self.system.variables))),
            ("assumptions", ", ".join(map(str, self.assumptions)) or "none beyond the "
                                                                      "symbols' own"),
            ("rest points", f"{len(self.rows)} "
                            f"({listing([r.label for r in self.rows], self._SHOWN)})"),
            ("ESS", listing([f"{r.label} ({r.stability})" for r in self.rows
                             if r.label in self.candidates], self._SHOWN) or "none")]
        rows += [(row.label, f"{row.point_text}, signs ({', '.join(row.signs)}): {row.stability}")
                 for row in self.rows[:self._SHOWN]]
        note = ""
        if not self.candidates:
            note = ("no rest point is an ESS for any parameter values: every vertex has a "
                    "positive eigenvalue or a condition that contradicts the assumptions, "
                    "and a point where a population mixes is at best a centre or a saddle")
        frame = self.to_frame(digits=4).drop(columns="witness")
        return Summary(f"StabilityTable ({self.system.title}, {self.order} order)", rows,
                       frame.astype(str), note)

    def __repr__(self) -> str:
        """A few lines: the method, the assumptions, how many rest points, which can be an
        ESS and the first rows (``to_frame()``, ``to_latex()`` have the whole table).

        Examples
        --------
        >>> c, f, g = sp.symbols("c f g", positive=True)
        >>> game = PopulationGame.from_table(
        ...     {("inspect", "cheat"): (f - c, g - f), ("inspect", "comply"): (-c, 0),
        ...      ("trust", "cheat"): (-g, g), ("trust", "comply"): (0, 0)}, title="inspection")
        >>> stability_table(game, assumptions=[f > g, g > c])  # doctest: +NORMALIZE_WHITESPACE
        StabilityTable (inspection, papers order)
          method       Friedman (1991) / Lyapunov's first method
          variables    x, y
          assumptions  f > g, g > c
          rest points  4 (E1, E2, E3, E4)
          ESS          none
          E1           (0, 0), signs (-, +): saddle point
          E2           (1, 0), signs (+, -): saddle point
          E3           (0, 1), signs (+, -): saddle point
          E4           (1, 1), signs (-, +): saddle point
          table        4 rows × 9 columns (to_frame())
          no rest point is an ESS for any parameter values: every vertex has a positive
          eigenvalue or a condition that contradicts the assumptions, and a point where a
          population mixes is at best a centre or a saddle
        """
        from ..._display import text

        return text(self._summary())

    def _repr_html_(self) -> str:
        from ..._display import html

        return html(self._summary())

    def plot(self, ax: Any = None, values: Mapping[Any, Any] | None = None) -> Any:
        """The table as a chart: a row per rest point, each eigenvalue's cell filled and
        marked by its sign, the stability at the right (with ``values``: at those numbers,
        as :meth:`at`). Return the axes (a new figure's when ``ax`` is None); see
        :func:`~ica_model.engine.evolutionary.mapplots.plot_stability_table`.

        Examples
        --------
        >>> c, f, g = sp.symbols("c f g", positive=True)
        >>> game = PopulationGame.from_table(
        ...     {("inspect", "cheat"): (f - c, g - f), ("inspect", "comply"): (-c, 0),
        ...      ("trust", "cheat"): (-g, g), ("trust", "comply"): (0, 0)}, title="inspection")
        >>> ax = stability_table(game, assumptions=[f > g, g > c]).plot()
        >>> [t.get_text() for t in ax.get_yticklabels()]
        ['E1 (0, 0)', 'E2 (1, 0)', 'E3 (0, 1)', 'E4 (1, 1)']
        >>> ax.figure.savefig("stability.png")  # doctest: +SKIP
        """
        from .mapplots import plot_stability_table

        return plot_stability_table(self, ax, values)

    # -------------------------------------------------------------- export
    def _columns(self) -> list[str]:
        columns = ["equilibrium", "point", *[f"λ{i + 1}" for i in range(self.size)]]
        if self.size == 2:
            columns += ["det J", "tr J"]
        return [*columns, "signs", "stability", "condition"]

    def to_frame(self, digits: int | None = None) -> Any:
        """A tidy pandas DataFrame, one row per rest point (sympy objects in the cells).

        Columns: ``equilibrium``, ``point``, ``λ1`` ..., (``det J``, ``tr J`` for two
        variables), ``signs``, ``stability``, ``condition``, ``witness``. With ``digits``,
        the numbers inside the expressions are shown as decimals of that many significant
        digits (for games whose exact rationals are long).
        """
        import pandas as pd

        show = _shower(digits)
        records = []
        for row in self.rows:
            record: dict[str, Any] = {"equilibrium": row.label, "point": row.point_text}
            for i in range(self.size):
                record[f"λ{i + 1}"] = (show(row.eigenvalues[i]) if row.eigenvalues is not None
                                       else None)
            if self.size == 2:
                record["det J"], record["tr J"] = show(row.determinant), show(row.trace)
            record["signs"] = "(" + ", ".join(row.signs) + ")"
            record["stability"] = row.stability
            record["condition"] = show(row.condition)
            record["witness"] = (None if row.witness is None
                                 else {str(k): v for k, v in row.witness.items()})
            records.append(record)
        return pd.DataFrame.from_records(records, columns=[*self._columns(), "witness"])

    def _latex_cells(self, row: StabilityRow, digits: int | None = None) -> list[str]:
        show = _shower(digits)
        cells = [f"${row.label[0]}_{{{row.label[1:]}}}"
                 + "(" + ", ".join(sp.latex(show(c)) for c in row.point) + ")$"]
        for i in range(self.size):
            value = None if row.eigenvalues is None else row.eigenvalues[i]
            cells.append("" if value is None else f"${sp.latex(show(value))}$")
        if self.size == 2:
            for value in (row.determinant, row.trace):
                cells.append("" if value is None else f"${sp.latex(show(value))}$")
        signs = ", ".join({"×": r"\times"}.get(s, s) for s in row.signs)
        cells.append(f"$({signs})$")
        cells.append(row.stability)
        cells.append(_latex_condition(row, show))
        return cells

    def to_latex(self, caption: str | None = None, booktabs: bool = True,
                 digits: int | None = None) -> str:
        r"""A LaTeX ``tabular`` (in a ``table`` when ``caption`` is given).

        ``booktabs`` rules need ``\usepackage{booktabs}``; ``booktabs=False`` uses
        ``\hline``. Every cell's mathematics is valid for matplotlib's mathtext too.
        ``digits``: see :meth:`to_frame`.
        """
        header = ["Equilibrium", *[f"$\\lambda_{{{i + 1}}}$" for i in range(self.size)]]
        if self.size == 2:
            header += [r"$\det J$", r"$\operatorname{tr} J$"]
        header += ["Signs", "Stability", "Condition"]
        top, middle, bottom = ((r"\toprule", r"\midrule", r"\bottomrule") if booktabs
                               else (r"\hline", r"\hline", r"\hline"))
        lines = [r"\begin{tabular}{" + "l" * len(header) + "}", top,
                 " & ".join(header) + r" \\", middle]
        lines += [" & ".join(self._latex_cells(row, digits)) + r" \\" for row in self.rows]
        lines += [bottom, r"\end{tabular}"]
        body = "\n".join(lines)
        if caption is None:
            return body
        return "\n".join([r"\begin{table}", r"\centering", f"\\caption{{{caption}}}", body,
                          r"\end{table}"])

    def to_markdown(self, digits: int | None = None) -> str:
        """A Markdown (pipe) table with ``$...$`` mathematics (MyST, GitHub, Pandoc);
        ``digits``: see :meth:`to_frame`."""
        header = ["Equilibrium", *[f"$\\lambda_{{{i + 1}}}$" for i in range(self.size)]]
        if self.size == 2:
            header += [r"$\det J$", r"$\operatorname{tr} J$"]
        header += ["Signs", "Stability", "Condition"]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for row in self.rows:
            cells = [c.replace("|", r"\|") for c in self._latex_cells(row, digits)]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    # -------------------------------------------------------------- numbers
    def at(self, values: Mapping[Any, Any], tolerance: float = 1e-9) -> Any:
        """The table at numeric parameter ``values``: a DataFrame with the numeric point,
        eigenvalues and label of every rest point that exists there.

        Labels: the engine's one vocabulary (:data:`~ica_model.engine.evolutionary.labels.LABELS`:
        ``"ESS"``, ``"unstable point"``, ``"saddle point"``, ``"unstable"``, ``"centre"``,
        ``"non-hyperbolic"``, see :mod:`~ica_model.engine.evolutionary.labels`). Zero is judged per
        population, relative to that population's largest payoff gain at a vertex
        (``tolerance`` times it), so the labels do not change when one population's payoffs
        are multiplied by a positive number (the payoff unit).

        Raises
        ------
        ValueError
            If a parameter has no value.
        """
        import pandas as pd

        system = self.system
        substitution = system.parameter_values(values)
        owner = np.repeat(np.arange(len(system.sizes)), [k - 1 for k in system.sizes])
        scales = np.zeros(len(system.sizes))
        vertex_numbers: dict[str, np.ndarray] = {}
        for row in self.rows:
            if row.profile is not None and row.eigenvalues is not None:
                numbers = np.array([complex(sp.N(e.subs(substitution))) for e in row.eigenvalues])
                vertex_numbers[row.label] = numbers
                if system.game is not None or len(numbers) == len(owner):
                    np.maximum.at(scales, owner, np.abs(numbers))
        scales = np.where(scales > 0, scales, 1.0)
        per_variable = scales[owner]
        records = []
        for row in self.rows:
            try:
                point = np.array([complex(sp.N(c.subs(substitution))) for c in row.point])
            except (TypeError, ValueError):  # pragma: no cover - undefined at these values
                continue
            if np.abs(point.imag).max(initial=0) > 1e-12 or not np.all(np.isfinite(point)):
                continue
            point = point.real
            if row.profile is None and not _exists_numerically(system, row, point):
                continue
            if row.label in vertex_numbers:
                eigenvalues = vertex_numbers[row.label]
                normalised: np.ndarray = eigenvalues / per_variable
            else:
                jacobian = system.numeric_jacobian(point, values)
                eigenvalues = np.linalg.eigvals(jacobian)
                normalised = np.linalg.eigvals(jacobian / per_variable[:, None])
            record: dict[str, Any] = {"equilibrium": row.label,
                                      "point": tuple(float(c) for c in point)}
            for i, (value, unit) in enumerate(zip(eigenvalues, normalised, strict=True)):
                record[f"λ{i + 1}"] = float(value.real) if abs(unit.imag) <= tolerance else value
            record["signs"] = "(" + ", ".join(numeric_sign(v, tolerance)
                                              for v in normalised) + ")"
            record["stability"] = eigenvalue_label(normalised, tolerance)
            records.append(record)
        return pd.DataFrame.from_records(records)

    def ess(self, values: Mapping[Any, Any]) -> list[str]:
        """Labels of the rows that are an ESS at ``values``."""
        frame = self.at(values)
        return [] if frame.empty else frame.loc[frame["stability"] == "ESS", "equilibrium"].tolist()


def _exists_numerically(system: ReplicatorSystem, row: StabilityRow, point: np.ndarray) -> bool:
    """Every share in [0, 1] and every supported share positive."""
    shares = system.full_state(point)
    if np.any(shares < -1e-12) or np.any(shares > 1 + 1e-12):
        return False
    start = 0
    for k, support in zip(system.sizes, row.support, strict=True):
        if any(shares[start + a] <= 1e-12 for a in support):
            return False
        start += k
    return True


def _shower(digits: int | None) -> Any:
    if digits is None:
        return lambda value: value

    def show(value: Any) -> Any:
        if value is None or value in (sp.true, sp.false):
            return value
        if isinstance(value, sp.And):
            return sp.And(*(show(a) for a in value.args), evaluate=False)
        if isinstance(value, sp.core.relational.Relational):
            return value.func(show(value.lhs), show(value.rhs), evaluate=False)
        return value.xreplace({n: sp.Float(n, digits) for n in value.atoms(sp.Rational)
                               if not n.is_Integer})

    return show


def _latex_condition(row: StabilityRow, show: Any = None) -> str:
    condition = row.condition if show is None else show(row.condition)
    if condition is sp.true:
        return "always"
    if condition is sp.false:
        return ""
    parts = condition.args if isinstance(condition, sp.And) else (condition,)
    text = ", ".join(f"${sp.latex(part)}$" for part in parts)
    return f"({row.number}) {text}" if row.number is not None else text


# ---------------------------------------------------------------------- the table
def _vertex_row(system: ReplicatorSystem, point: SymbolicRestPoint,
                assumptions: tuple[Any, ...]) -> StabilityRow:
    assert point.profile is not None  # called for vertices only
    eigenvalues = tuple(_tidy(e) for e in system.vertex_eigenvalues(point.profile))
    signs = tuple(eigenvalue_sign(e, assumptions) for e in eigenvalues)
    determinant = trace = None
    if len(eigenvalues) == 2:
        determinant, trace = _tidy(eigenvalues[0] * eigenvalues[1]), _tidy(sum(eigenvalues))
    if "+" in signs:
        stability = ("saddle point" if "-" in signs else
                     "unstable point" if all(s == "+" for s in signs) else "unstable")
        condition = sp.false
    elif "0" in signs:
        stability, condition = "non-hyperbolic", sp.false
    elif all(s == "-" for s in signs):
        stability, condition = "ESS", sp.true
    elif any(s == UNCERTAIN and _never_negative(e, assumptions)
             for e, s in zip(eigenvalues, signs, strict=True)):
        stability, condition = "never ESS", sp.false
    else:
        stability, condition = _printed_condition(
            [e for e, s in zip(eigenvalues, signs, strict=True) if s == UNCERTAIN],
            system.parameters, assumptions)
    return StabilityRow(point.label, point.point, point.profile, eigenvalues, signs, stability,
                        condition, determinant=determinant, trace=trace, support=point.support)


def _printed_condition(open_: Sequence[sp.Expr], parameters: Sequence[sp.Symbol],
                       assumptions: tuple[Any, ...]) -> tuple[str, Any]:
    """The label and the condition "every open eigenvalue < 0", each factored as papers
    print it (:func:`~ica_model.engine.evolutionary.assumptions.factored_condition`:
    factors of known sign under the declared signs and the assumptions divided out)."""
    from .assumptions import _degree, _short, factored_condition, facts_from

    symbols = sorted(set(parameters).union(*(a.free_symbols for a in assumptions)), key=str)
    facts = facts_from(symbols, assumptions)
    parts = []
    for eigenvalue in open_:
        expanded = sp.expand(eigenvalue)
        if not _short(expanded) or not _short_for_factoring(expanded):
            parts.append(condition_inequality(expanded))   # long rationals: not factored
            continue
        coefficient, factors = sp.factor_list(expanded)
        if len(factors) == 1 and factors[0][1] == 1 and _degree(factors[0][0]) >= 1:
            # irreducible: eigenvalue_sign's certificate search (every fact) left its sign
            # undecided, so only its constant content is divided out (the printout searches
            # for no new proof)
            single = factors[0][0]
            parts.append(condition_inequality(single if coefficient > 0 else -single))
        else:
            parts.append(factored_condition(eigenvalue, facts))
    if any(part is sp.false for part in parts):
        return "never ESS", sp.false
    condition = sp.And(*parts)
    return ("ESS", sp.true) if condition is sp.true else ("ESS if", condition)


def _mixed_row(system: ReplicatorSystem, point: SymbolicRestPoint,
               assumptions: tuple[Any, ...]) -> StabilityRow:
    matrix = system.jacobian_at(point.point).applyfunc(sp.simplify)
    eigenvalues: tuple[sp.Expr, ...] | None = None
    if matrix.rows <= 2 or matrix.is_upper or matrix.is_lower:
        try:
            values: list[sp.Expr] = []
            for value, multiplicity in matrix.eigenvals().items():
                values.extend([sp.simplify(value)] * multiplicity)
            eigenvalues = tuple(values)
        except (NotImplementedError, sp.polys.polyerrors.PolynomialError):  # pragma: no cover
            eigenvalues = None
    signs = (tuple(eigenvalue_sign(e, assumptions) if e.is_real is not False and not e.has(sp.I)
                   else UNCERTAIN
                   for e in eigenvalues)
             if eigenvalues is not None else (UNCERTAIN,) * matrix.rows)
    determinant = trace = None
    if matrix.rows == 2:
        determinant, trace = sp.simplify(matrix.det()), sp.simplify(matrix.trace())
    if system.game is not None:
        note = ("a population mixes here: in multi-population replicator dynamics only strict "
                "Nash equilibria (pure) are asymptotically stable (Selten 1980; Ritzberger and "
                "Weibull 1995)")
        stability, condition = "not asymptotically stable", sp.false
        if determinant is not None and sp.simplify(trace) == 0:
            sign = eigenvalue_sign(determinant, assumptions)
            stability = {"+": "centre", "-": "saddle point"}.get(sign, "saddle point or centre")
    else:
        note = "mixed rest point of a system that is not a game's: see the numeric table"
        if "+" in signs:
            stability, condition = ("saddle point" if "-" in signs else "unstable"), sp.false
        elif all(s == "-" for s in signs):
            stability, condition = "ESS", sp.true
        else:
            stability, condition = "undetermined", sp.false
    exists = point.exists
    return StabilityRow(point.label, point.point, None, eigenvalues, signs, stability, condition,
                        exists=exists, determinant=determinant, trace=trace, note=note,
                        support=point.support)


def _linear_witness(eigenvalues: Sequence[sp.Expr], parameters: Sequence[sp.Symbol],
                    assumptions: Sequence[Any]) -> dict[sp.Symbol, float] | str | None:
    """Parameter values making every eigenvalue negative (a linear programme), ``"none"``
    when none exist, None when the eigenvalues are not linear in the parameters."""
    from scipy.optimize import linprog

    used = sorted(set().union(*(sp.sympify(e).free_symbols for e in eigenvalues),
                              *(a.free_symbols for a in assumptions)), key=str)
    if not used:
        return None
    constraints = [sp.expand(e) for e in eigenvalues]          # each < 0
    for relation in assumptions:
        greater = isinstance(relation, (sp.StrictGreaterThan, sp.GreaterThan))
        constraints.append(sp.expand(relation.rhs - relation.lhs if greater
                                     else relation.lhs - relation.rhs))   # < 0
    rows, bounds_rhs = [], []
    for expression in constraints:
        try:
            poly = sp.Poly(expression, *used)
        except sp.PolynomialError:           # e.g. (1 - authority)**(917/1000): not linear
            return None
        if poly.total_degree() > 1:
            return None
        coefficients = [float(poly.coeff_monomial(s)) for s in used]
        constant = float(poly.coeff_monomial(1))
        rows.append([*coefficients, 1.0])      # a.theta + t <= -constant
        bounds_rhs.append(-constant)
    bounds: list[tuple[float | None, float | None]] = []
    for s in used:
        if s.is_positive:
            rows.append([-1.0 if u == s else 0.0 for u in used] + [1.0])   # t - s <= 0
            bounds_rhs.append(0.0)
            bounds.append((0, None))
        elif s.is_nonnegative:
            bounds.append((0, None))
        else:
            bounds.append((None, None))
    bounds.append((None, 1.0))
    objective = np.zeros(len(used) + 1)
    objective[-1] = -1.0
    solution = linprog(objective, A_ub=np.array(rows), b_ub=np.array(bounds_rhs), bounds=bounds,
                       method="highs")
    if not solution.success:
        return "none" if solution.status in (0, 2) else None
    assert solution.x is not None and solution.fun is not None  # set whenever success is
    if -solution.fun <= 1e-9:
        return "none" if solution.status in (0, 2) else None
    margin = -solution.fun / 2
    # second stage: values near 1 (readable), every constraint with margin t*/2
    k = len(used)
    a = np.array(rows)
    a_fixed = np.hstack([a[:, :k], np.zeros((len(rows), k))])
    b_fixed = np.array(bounds_rhs) - a[:, k] * margin
    distance = np.vstack([np.hstack([np.eye(k), -np.eye(k)]), np.hstack([-np.eye(k), -np.eye(k)])])
    stage = linprog(np.concatenate([np.zeros(k), np.ones(k)]),
                    A_ub=np.vstack([a_fixed, distance]),
                    b_ub=np.concatenate([b_fixed, np.ones(k), -np.ones(k)]),
                    bounds=bounds[:-1] + [(0, None)] * k, method="highs")
    theta = stage.x[:k] if stage.success and stage.x is not None else solution.x[:k]
    for digits in (2, 3, 4, 6, 10):
        rounded = {s: sp.Float(float(f"{v:.{digits}g}"), 15) for s, v in zip(used, theta, strict=True)}
        rational = {s: sp.nsimplify(v, rational=True) for s, v in rounded.items()}
        ok = all(sp.sympify(e).subs(rational) < 0 for e in constraints) and all(
            (rational[s] > 0 if s.is_positive else rational[s] >= 0 if s.is_nonnegative else True)
            for s in used)
        if ok:
            return {s: float(v) for s, v in rounded.items()}
    return None  # pragma: no cover - the unrounded point satisfies the constraints


def _nonlinear_witness(row: StabilityRow, parameters: Sequence[sp.Symbol],
                       assumptions: tuple[Any, ...]) -> dict[sp.Symbol, float] | str | None:
    """For eigenvalues that are not linear in the parameters: ``"contradiction"`` when a
    certificate proves the conditions jointly infeasible, else values found by a numeric
    search (:mod:`~ica_model.engine.evolutionary.assumptions`), else None."""
    open_ = [e for e, s in zip(row.eigenvalues or (), row.signs, strict=True) if s != "-"]
    if not open_ or not all(_short(sp.expand(e)) for e in open_):
        return None
    symbols = sorted(set(parameters).union(*(a.free_symbols for a in assumptions)), key=str)
    facts = facts_from(symbols, assumptions)
    if infeasibility_certificate(open_, facts) is not None:
        return "contradiction"
    found = find_witness(open_, facts, draws=1024)
    return None if found is None else found.as_floats()


def stability_table(model: PopulationGame | ReplicatorSystem, assumptions: Any = (),
                    mixed: bool = False, order: str = "papers",
                    witnesses: bool = True) -> StabilityTable:
    """The stability table of a game's replicator dynamics, or of a printed system.

    Parameters
    ----------
    model : PopulationGame or ReplicatorSystem
    assumptions : sequence of sympy inequalities, optional
        Extra facts about the parameters (``[R > C, F + S > C]``) used to decide signs.
    mixed : bool
        Also list the rest points where some population mixes (solved by sympy; may be
        slow for three or more populations with many parameters).
    order : {"papers", "binary", "profiles"}
        Order of the vertices E1, E2, ... (see :data:`~ica_model.engine.evolutionary.restpoints.ORDERS`).
    witnesses : bool
        For each conditional ESS, find parameter values that satisfy the condition: by
        linear programming when the eigenvalues are linear in the parameters (proving
        ``"never ESS"`` when there are none), otherwise by a positivity certificate of
        infeasibility (``"never ESS"``) or a numeric search (see
        :func:`~ica_model.engine.evolutionary.proved.prove_table` for the proofs).

    Returns
    -------
    StabilityTable

    Examples
    --------
    The inspection game of :class:`PopulationGame`: no vertex is an ESS (the
    inspector and the inspectee chase each other around a centre).

    >>> c, f, g = sp.symbols("c f g", positive=True)
    >>> game = PopulationGame.from_table(
    ...     {("inspect", "cheat"): (f - c, g - f), ("inspect", "comply"): (-c, 0),
    ...      ("trust", "cheat"): (-g, g), ("trust", "comply"): (0, 0)})
    >>> table = stability_table(game, assumptions=[f > g, g > c])
    >>> [(r.label, r.point_text, r.signs, r.stability) for r in table.rows]  # doctest: +NORMALIZE_WHITESPACE
    [('E1', '(0, 0)', ('-', '+'), 'saddle point'), ('E2', '(1, 0)', ('+', '-'), 'saddle point'),
     ('E3', '(0, 1)', ('+', '-'), 'saddle point'), ('E4', '(1, 1)', ('-', '+'), 'saddle point')]
    """
    if isinstance(model, PopulationGame):
        system = model.replicator()
    elif isinstance(model, ReplicatorSystem):
        system = model
    else:
        raise TypeError(f"model must be a PopulationGame or a ReplicatorSystem, got "
                        f"{type(model).__name__}")
    if not isinstance(order, str) or order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, got {order!r}")
    mixed = check_bool("mixed", mixed)
    checked = _check_assumptions(assumptions)
    rows: list[StabilityRow] = []
    number = itertools.count(1)
    for point in system.rest_points(mixed=mixed, order=order):
        if point.is_vertex:
            row = _vertex_row(system, point, checked)
            if row.stability == "ESS if":
                assert row.eigenvalues is not None  # a vertex's are always computed
                witness = (_linear_witness(row.eigenvalues, system.parameters, checked)
                           if witnesses else None)
                if witness is None and witnesses:
                    witness = _nonlinear_witness(row, system.parameters, checked)
                if witness == "none":
                    row = _replace(row, stability="never ESS", condition=sp.false,
                                   note="the conditions are incompatible (linear programming)")
                elif witness == "contradiction":
                    row = _replace(row, stability="never ESS", condition=sp.false,
                                   note="the conditions contradict the assumptions (a "
                                        "positivity certificate; see prove_table)")
                else:
                    k = next(number)
                    row = _replace(row, stability=f"ESS if ({k})", number=k,
                                   witness=witness if isinstance(witness, dict) else None)
            elif row.stability == "ESS" and witnesses:
                row = _replace(row, witness={})
        else:
            row = _mixed_row(system, point, checked)
        rows.append(row)
    return StabilityTable(system, tuple(rows), checked, order)


def _replace(row: StabilityRow, **changes: Any) -> StabilityRow:
    import dataclasses

    return dataclasses.replace(row, **changes)
