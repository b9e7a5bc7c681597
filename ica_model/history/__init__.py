"""ICA over time: state that carries over between periods, the sources' histories as paths.

:mod:`~ica_model.history.terms` (the state terms), :mod:`~ica_model.history.stage` (the stage
game given the state), :mod:`~ica_model.history.path` (paths, myopic and forward-looking),
:mod:`~ica_model.history.exact` (small cases solved exactly), :mod:`~ica_model.history.records`
(the records of a history; the histories live with their cases, :data:`ica_model.cases.HISTORIES`),
:mod:`~ica_model.history.district` (one government's reform).
"""

from .path import History, simulate
from .records import CaseHistory, Event, HistoryFact
from .terms import TERMS

__all__ = ["TERMS", "CaseHistory", "Event", "History", "HistoryFact", "simulate"]
