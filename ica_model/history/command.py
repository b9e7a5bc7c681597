"""The ``ica-model simulate`` command: one case's history at the representative point."""

from __future__ import annotations

from typing import Any

from .._display import printed_as_json
from .._validation import check_int
from .path import case_history, simulate_history

__all__ = ["print_history", "simulate_record"]


def simulate_record(case: str, start: int | None = None, end: int | None = None,
                    forward: bool = False) -> dict[str, Any]:
    """The representative path of ``case`` from ``start`` to ``end`` (inclusive) as the
    command's JSON record: ``{"case": ..., "periods": [{"year", "actions", "state"}, ...]}``.

    Examples
    --------
    >>> record = simulate_record("a_district", 2020, 2021)
    >>> [p["year"] for p in record["periods"]], sorted(record["periods"][0]["state"])[:2]
    ([2020, 2021], ['attention', 'cadre'])
    """
    history = case_history(case)
    years = history.years
    first = years[0] if start is None else check_int("start (--from)", start)
    last = years[-1] if end is None else check_int("end (--to)", end)
    if first not in years or last not in years or last < first:
        raise ValueError(f"start and end (--from, --to) must be years of {case} in "
                         f"{years[0]}-{years[-1]} with start <= end, got {first} and {last}")
    chosen = [y for y in years if first <= y <= last]
    return simulate_history(case, years=chosen, forward=forward).to_json()


def print_history(record: dict[str, Any], as_json: bool) -> None:
    """Print :func:`simulate_record`'s record as JSON or as a table of actions per year."""
    if printed_as_json(record, as_json):
        return
    lines: list[str] = []   # built whole first: a record of another shape prints nothing
    try:
        periods = record["periods"]
        names = list(periods[0]["actions"])
        width = max(len(name) for name in names)
        lines.append(f"{record['case']}: each government's action per year "
                     "(C cooperate, T lie flat, D stay out; state with --json)")
        lines.append(" " * width + "  " + "  ".join(str(p["year"]) for p in periods))
        for name in names:
            lines.append(f"{name:<{width}}  " + "  ".join(
                f"{p['actions'][name] or '-':>4}" for p in periods))
    except (KeyError, TypeError, IndexError, ValueError) as error:
        raise ValueError(f"record must be the dict the command builds (simulate_record's "
                         f"record): {type(error).__name__}: {error}") from None
    print("\n".join(lines))
