"""ICA over time: state that carries over between periods, the sources' histories as paths.

:mod:`~ica_model.history.terms` (the state terms), :mod:`~ica_model.history.stage` (the stage
game given the state), :mod:`~ica_model.history.path` (paths, myopic and forward-looking),
:mod:`~ica_model.history.exact` (small cases solved exactly), :mod:`~ica_model.history.records`
(the records of a history; the histories live with their cases, :data:`ica_model.cases.HISTORIES`),
:mod:`~ica_model.history.district` (one government's reform).

The names below are imported on first use, so that the case modules can use the records
without loading the model's numerics (``ica-model list`` stays light).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["TERMS", "CaseHistory", "Event", "History", "HistoryFact", "simulate"]

_HOMES = {"TERMS": "terms", "CaseHistory": "records", "Event": "records",
          "History": "path", "HistoryFact": "records", "simulate": "path"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
