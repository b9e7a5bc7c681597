r"""Tables as papers print them: booktabs LaTeX from the library's tidy tables.

Every function returns the LaTeX source of one ``table`` environment (a ``tabular`` with
``\toprule``, ``\midrule`` and ``\bottomrule``; it needs ``\usepackage{booktabs}``), with an
optional caption and label, and a note below the rules saying what the numbers are:

* :func:`booktabs`: any table (a pandas DataFrame), one row per row, with the headers,
  number formats and row groups given;
* :func:`claims_latex`: the claims with their shares and intervals (the output of
  :func:`ica_model.analysis.claims.claim_table`, one or several cases);
* :func:`ranges_latex`: the calibration's ranges, each parameter's prior range beside the
  accepted draws' quantiles (:meth:`ica_model.analysis.calibration.Calibration.ranges`);
* :func:`epochs_latex`: the per-epoch equilibria of a case, each epoch's intervention, each
  government's action and the full-cooperation margin (the epochs tables of the
  ``g60_timeline`` and ``yangtze_river_delta`` experiments).

``ica-model run NAME --tables latex`` writes these beside the experiments' CSV files (and a
:func:`booktabs` table beside every other CSV of at most :data:`LATEX_ROWS` rows).

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"kind": ["authority", "incentive"], "level": [0.5, 0.25]})
>>> print(booktabs(frame, {"kind": "Kind", "level": "Level"}))
\begin{table}[t]
\centering
\begin{tabular}{lr}
\toprule
Kind & Level \\
\midrule
authority & 0.500 \\
incentive & 0.250 \\
\bottomrule
\end{tabular}
\end{table}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ._validation import check_frame, check_real

__all__ = ["LATEX_ROWS", "booktabs", "claims_latex", "epochs_latex", "escape", "ranges_latex"]

#: Longest table written as LaTeX beside its CSV by ``--tables latex`` when no paper
#: layout is defined for it: longer tables are data, read from the CSV.
LATEX_ROWS = 60

#: A cell format: a format specification for numbers (``".2f"``) or a function of the
#: whole row returning the cell's LaTeX source (not escaped).
Format = str | Callable[[Mapping[str, Any]], str]

_SPECIAL = (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"),
            ("#", r"\#"), ("_", r"\_"), ("{", r"\{"), ("}", r"\}"),
            ("~", r"\textasciitilde{}"), ("^", r"\textasciicircum{}"))


def escape(text: object) -> str:
    r"""``text`` with LaTeX's special characters escaped.

    Examples
    --------
    >>> escape("50% of R&D_x")
    '50\\% of R\\&D\\_x'
    """
    out = []
    for character in str(text):
        out.append(next((b for a, b in _SPECIAL if a == character), character))
    return "".join(out)


def _cell(value: Any, spec: Format | None, row: Mapping[str, Any]) -> str:
    if callable(spec):
        return spec(row)
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):{spec or ',d'}}".replace(",", "{,}")
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return "--"
        return f"{float(value):{spec or '.3f'}}".replace("-", "$-$", 1) if value < 0 else \
            f"{float(value):{spec or '.3f'}}"
    return escape(value)


def _numeric(frame: Any, column: str) -> bool:
    import pandas as pd

    return bool(column in frame and pd.api.types.is_numeric_dtype(frame[column])
                and not pd.api.types.is_bool_dtype(frame[column]))


def booktabs(frame: Any, columns: Mapping[str, str] | None = None, *,
             formats: Mapping[str, Format] | None = None, group: str | None = None,
             caption: str = "", label: str = "", note: str = "",
             align: str | None = None) -> str:
    r"""A DataFrame as a booktabs LaTeX table.

    Parameters
    ----------
    frame : pandas.DataFrame
    columns : mapping, optional
        Column (or a name that ``formats`` computes) to its header (LaTeX source, not
        escaped), in the order printed; default every column, its name escaped.
    formats : mapping, optional
        Column to a :data:`Format`; numbers default to three decimals (integers with
        thousands separators), NaN prints as ``--``.
    group : str, optional
        A column whose values head groups of rows (a spanning row in italics; the rows
        keep their order, the groups their first appearance).
    caption, label : str
        ``\caption`` (escaped) and ``\label`` (as given); none when empty.
    note : str
        A line in small type below the table (LaTeX source).
    align : str, optional
        The ``tabular`` column specification; default ``r`` for numeric columns and ``l``
        for the others.

    Raises
    ------
    ValueError
        If a column is neither in ``frame`` nor in ``formats``.
    """
    check_frame("frame", frame)
    for name, text in (("caption", caption), ("label", label), ("note", note)):
        if not isinstance(text, str):
            raise TypeError(f"{name} must be a string, got {text!r}")
    formats = dict(formats or {})
    if columns is None:
        columns = {c: escape(c) for c in frame.columns if c != group}
    missing = [c for c in columns if c not in frame.columns and c not in formats]
    if missing:
        raise ValueError(f"columns {missing} are neither in the table ({list(frame.columns)}) "
                         f"nor computed by formats")
    if align is None:
        align = "".join("r" if _numeric(frame, c) else "l" for c in columns)
    lines = [r"\begin{table}[t]", r"\centering", f"\\begin{{tabular}}{{{align}}}", r"\toprule",
             " & ".join(columns.values()) + r" \\", r"\midrule"]
    records = frame.to_dict("records")
    heading: Any = object()
    for row in records:
        if group is not None and row[group] != heading:
            heading = row[group]
            lines.append(f"\\multicolumn{{{len(columns)}}}{{l}}{{\\textit{{{escape(heading)}}}}}"
                         r" \\")
        lines.append(" & ".join(_cell(row.get(c), formats.get(c), row) for c in columns) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}"]
    if note:
        lines.append(r"\par\smallskip\footnotesize " + note)
    if caption:
        lines.append(f"\\caption{{{escape(caption)}}}")
    if label:
        lines.append(f"\\label{{{label}}}")
    lines.append(r"\end{table}")
    return "\n".join(lines)


def _relations(text: str) -> str:
    """A definition's ``<``, ``<=``, ``>=`` and ``>`` as LaTeX mathematics (escaped first)."""
    text = escape(text)
    for a, b in (("<=", "\x00le"), (">=", "\x00ge"), ("<", "$<$"), (">", "$>$"),
                 ("\x00le", r"$\le$"), ("\x00ge", r"$\ge$")):
        text = text.replace(a, b)
    return text


def _interval(low: str, high: str, digits: int = 2) -> Callable[[Mapping[str, Any]], str]:
    def cell(row: Mapping[str, Any]) -> str:
        return f"[{row[low]:.{digits}f}, {row[high]:.{digits}f}]"
    return cell


def claims_latex(table: Any, caption: str = "", label: str = "", confidence: float = 0.95
                 ) -> str:
    r"""The claims with their shares and intervals, as a paper prints them.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`~ica_model.analysis.claims.claim_table` (columns ``claim``, ``n``,
        ``share``, ``low``, ``high``, ``definition``; optional ``finding`` and
        ``conditional_on``), or several stacked with a ``case`` column (one group of rows
        per case).
    confidence : float
        The intervals' confidence level, for the header.

    Examples
    --------
    >>> import pandas as pd
    >>> row = {"claim": "c", "definition": "m < 0", "n": 10, "share": 0.5, "low": 0.24,
    ...        "high": 0.76, "finding": False, "conditional_on": "facts"}
    >>> print(claims_latex(pd.DataFrame([row])).splitlines()[6])
    c$^\dagger$ & 10 & 0.50 & [0.24, 0.76] & m $<$ 0 \\
    """
    def claim(row: Mapping[str, Any]) -> str:
        return escape(row["claim"]) + ("" if row.get("finding", True) else r"$^\dagger$")

    check_frame("table", table, ("claim", "n", "share", "low", "high", "definition"))
    records = table.to_dict("records")
    conditional = sorted({str(r["conditional_on"]) for r in records if r.get("conditional_on")})
    note = (r"$^\dagger$ holds by construction. " if any(not r.get("finding", True)
                                                         for r in records) else "")
    if conditional:
        note += f"Shares are conditional on: {escape('; '.join(conditional))}."
    level = check_real("confidence", confidence, 0.0, 1.0, low_open=True, high_open=True)
    percent = f"{100 * level:g}"
    return booktabs(table, {"claim": "Claim", "n": "$n$", "share": "Share",
                            "interval": f"{percent}\\,\\% interval",
                            "definition": "Holds at a draw when"},
                    formats={"claim": claim, "share": ".2f", "interval": _interval("low", "high"),
                             "definition": lambda row: _relations(str(row["definition"]))},
                    group="case" if "case" in table.columns else None,
                    align=r"lrrcp{0.42\linewidth}", caption=caption, label=label, note=note)


def ranges_latex(ranges: Any, caption: str = "", label: str = "") -> str:
    r"""A calibration's ranges: each parameter's prior range and its accepted draws'
    quantiles, as a paper prints them.

    Parameters
    ----------
    ranges : pandas.DataFrame
        :meth:`Calibration.ranges() <ica_model.analysis.calibration.Calibration.ranges>`
        (columns ``parameter``, ``prior_low``, ``prior_high`` and quantiles ``qNN``), or
        several stacked with a ``case`` column; a ``label`` column, if present, names the
        parameters.

    Examples
    --------
    >>> import pandas as pd
    >>> ranges = pd.DataFrame({"parameter": ["theta"], "prior_low": [0.1], "prior_high": [0.5],
    ...                        "q05": [0.12], "q50": [0.2], "q95": [0.4]})
    >>> print(ranges_latex(ranges).splitlines()[4])
    Parameter & Prior range & 5\,\% & 50\,\% & 95\,\% \\
    >>> print(ranges_latex(ranges).splitlines()[6])
    theta & [0.10, 0.50] & 0.12 & 0.20 & 0.40 \\
    """
    check_frame("ranges", ranges, ("prior_low", "prior_high"))
    if "label" not in ranges.columns:
        check_frame("ranges", ranges, ("parameter",))
    quantiles = [c for c in ranges.columns if len(c) == 3 and c[0] == "q" and c[1:].isdigit()]
    name = "label" if "label" in ranges.columns else "parameter"
    columns = {name: "Parameter", "prior": "Prior range",
               **{q: f"{int(q[1:])}\\,\\%" for q in quantiles}}
    note = (f"Accepted draws' quantiles ({', '.join(f'{int(q[1:])} %' for q in quantiles)}) "
            "of each parameter beside the range it was drawn from.")
    return booktabs(ranges, columns, formats={"prior": _interval("prior_low", "prior_high"),
                                              **dict.fromkeys(quantiles, ".2f")},
                    group="case" if "case" in ranges.columns else None,
                    caption=caption, label=label, note=escape(note))


def epochs_latex(epochs: Any, actors: Sequence[str], caption: str = "", label: str = "",
                 levels: Sequence[str] = ("authority", "incentive", "information", "standards",
                                          "national_integration")) -> str:
    r"""The equilibria of a case's epochs: the intervention, each government's action in
    the selected equilibrium and the full-cooperation margin, one row per epoch.

    Parameters
    ----------
    epochs : pandas.DataFrame
        One row per epoch with columns ``epoch``, ``period``, the ``levels``, one column
        per actor holding its action (``C``, ``T`` or ``D``, the action labels of
        :mod:`ica_model.model.parameters`) and ``margin``; ``margin_q05`` and
        ``margin_q95``, if present, add the margin's 5--95 % band over accepted draws.
        When the actors' actions are not columns, the table holds ``cooperators``,
        ``token_compliers`` and ``defectors`` instead.
    actors : sequence of str
        The governments, in the order printed; their names head rotated columns
        (``\rotatebox`` needs ``\usepackage{graphicx}``).

    Examples
    --------
    >>> import pandas as pd
    >>> row = {"epoch": "launch", "period": "2018", "authority": 0.0, "incentive": 0.0,
    ...        "information": 0.08, "standards": 0.03, "national_integration": 0.06,
    ...        "A": "C", "B": "T", "margin": -0.01}
    >>> print(epochs_latex(pd.DataFrame([row]), ["A", "B"]).splitlines()[6])
    launch & 2018 & 0.00 & 0.00 & 0.08 & 0.03 & 0.06 & C & T & $-$0.010 \\
    """
    short = {"authority": "Mand.", "incentive": "Inc.", "information": "Info.",
             "standards": "Stand.", "national_integration": "Nat."}
    check_frame("epochs", epochs, ("epoch", "period", "margin", *levels))
    if isinstance(actors, str) or not isinstance(actors, Sequence):
        raise TypeError(f"actors must be a sequence of names, got {actors!r}")
    shown = [a for a in actors if a in epochs.columns]
    columns: dict[str, str] = {"epoch": "Epoch", "period": "Period"}
    columns |= {level: short.get(level, escape(level)) for level in levels}
    if shown:
        columns |= {a: r"\rotatebox{90}{" + escape(a) + "}" for a in shown}
    else:
        columns |= {"cooperators": "C", "token_compliers": "T", "defectors": "D"}
    columns["margin"] = "Margin"
    band = {"margin_q05", "margin_q95"} <= set(epochs.columns)
    if band:
        columns["band"] = r"5--95\,\%"
    formats: dict[str, Format] = {"period": lambda row: escape(row["period"]).replace("-", "--"),
                                  **dict.fromkeys(levels, ".2f")}
    if band:
        formats["band"] = lambda row: "[" + ", ".join(
            _cell(float(row[c]), ".2f", row) for c in ("margin_q05", "margin_q95")) + "]"
    align = "ll" + "r" * len(levels) + "c" * (len(shown) or 3) + "r" + ("c" if band else "")
    note = (r"Mand.\ mandates (authority), Inc.\ incentives, Info.\ information, Stand.\ "
            r"standards, Nat.\ national integration. ")
    note += ("C cooperate, T comply on paper (token compliance), D stay out: each "
             "government's action in the selected equilibrium (most cooperators, then the "
             "largest total payoff). " if shown else
             "C, T, D: the numbers of governments that cooperate, comply on paper and stay "
             "out in the selected equilibrium. ")
    note += r"Margin: $\min_i U_C - \max(U_D, U_T)$, full cooperation is an equilibrium when " \
        r"it is $\ge 0$" + (r"; 5--95\,\% over accepted draws." if band else ".")
    return booktabs(epochs, columns, formats=formats, align=align, caption=caption,
                    label=label, note=note)
