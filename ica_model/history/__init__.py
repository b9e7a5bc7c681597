"""ICA over time: state that carries over between periods, the sources' histories as paths.

:mod:`~ica_model.history.terms` (the state terms), :mod:`~ica_model.history.stage` (the stage
game given the state), :mod:`~ica_model.history.path` (paths, myopic and forward-looking),
:mod:`~ica_model.history.exact` (small cases solved exactly),
:mod:`~ica_model.history.district` (one government's reform). The records of a history
(events, facts about whole paths, the case) are the model's,
:mod:`ica_model.model.history_records`, beside a snapshot's facts; the histories live with
their cases (:data:`ica_model.cases.HISTORIES`), which this package reads: it sits above the
cases, and imports no analysis.

The names below are imported on first use (``ica-model list`` stays light).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["TERMS", "CaseHistory", "Event", "History", "HistoryFact", "simulate_history"]

_HOMES = {"TERMS": f"{__name__}.terms", "CaseHistory": "ica_model.model.history_records",
          "Event": "ica_model.model.history_records", "History": "ica_model.model.history_records",
          "HistoryFact": "ica_model.model.history_records", "simulate_history": f"{__name__}.path"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
