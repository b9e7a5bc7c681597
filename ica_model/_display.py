"""How records show themselves: a short plain ``__repr__`` and an HTML ``_repr_html_`` for
Jupyter, both from one summary (a title, a few labelled rows, an optional table and a note).

A record defines ``_summary()`` returning a :class:`Summary`; its ``__repr__`` is
:func:`text` of that and its ``_repr_html_`` :func:`html`. The plain form stays a few lines
(each value cut at :data:`WIDTH` characters), whatever the size of the record; the full
data stay in the record's fields and ``to_frame()``.
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["WIDTH", "Summary", "html", "listing", "number", "printed_as_json", "text"]

#: Longest value shown in a plain repr's row, in characters.
WIDTH = 88


@dataclass(frozen=True)
class Summary:
    """What a record shows: ``title`` (its kind and name), labelled ``rows``, an optional
    ``table`` (a pandas DataFrame, shown in HTML only, its size in the plain form) and a
    ``note`` (why a result is empty, or what to read next); ``table_call`` is the method
    that returns the whole table."""

    title: str
    rows: Sequence[tuple[str, Any]] = ()
    table: Any = None
    note: str = ""
    table_call: str = "to_frame()"


def number(value: Any, digits: int = 4) -> str:
    """A float with ``digits`` significant digits; other values as ``str``."""
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def listing(items: Iterable[Any], shown: int = 4) -> str:
    """The first ``shown`` items, ``…`` and the last one when there are more."""
    items = [str(i) for i in items]
    if len(items) <= shown + 1:
        return ", ".join(items)
    return ", ".join(items[:shown]) + f", …, {items[-1]} ({len(items)})"


def _cut(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= WIDTH else value[:WIDTH - 1] + "…"


def text(summary: Summary) -> str:
    """The plain form: the title, then one ``label  value`` line per row and the note.

    Examples
    --------
    >>> print(text(Summary("Thing 'x'", [("size", 3), ("share", 0.123456)], note="fine")))
    Thing 'x'
      size   3
      share  0.1235
      fine
    """
    lines = [summary.title]
    width = max((len(label) for label, _ in summary.rows), default=0)
    lines += [f"  {label:<{width}}  {_cut(number(value))}" for label, value in summary.rows]
    if summary.table is not None:
        rows, columns = summary.table.shape
        lines.append(f"  {'table':<{width}}  {rows} rows × {columns} columns "
                     f"({summary.table_call})")
    if summary.note:
        import textwrap

        lines += textwrap.wrap(summary.note, WIDTH, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines)


def html(summary: Summary, rows_shown: int = 20) -> str:
    """The HTML form: the title in bold, the rows as a two-column table, the table (its
    first ``rows_shown`` rows) and the note in italics."""
    parts = [f"<div class='ica-model-record'><p><strong>{_html.escape(summary.title)}"
             "</strong></p>"]
    if summary.rows:
        parts.append("<table>" + "".join(
            f"<tr><th style='text-align:left'>{_html.escape(label)}</th>"
            f"<td style='text-align:left'>{_html.escape(number(value))}</td></tr>"
            for label, value in summary.rows) + "</table>")
    if summary.table is not None:
        table = summary.table
        parts.append(table.head(rows_shown).to_html(index=False, border=0))
        if len(table) > rows_shown:
            parts.append(f"<p>… {len(table) - rows_shown} more rows "
                         f"({_html.escape(summary.table_call)})</p>")
    if summary.note:
        parts.append(f"<p><em>{_html.escape(summary.note)}</em></p>")
    parts.append("</div>")
    return "".join(parts)


def printed_as_json(record: Any, as_json: bool) -> bool:
    """A command's record checked (a dict) and, with ``as_json``, printed as one line of
    JSON: whether it was (the caller prints its table otherwise)."""
    from ._validation import check_bool

    if not isinstance(record, dict):
        raise TypeError(f"record must be the dict the command builds, got {type(record).__name__}")
    if not check_bool("as_json", as_json):
        return False
    import json

    try:
        text = json.dumps(record, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise TypeError(f"record must be JSON-ready: {error}") from None
    print(text)
    return True
