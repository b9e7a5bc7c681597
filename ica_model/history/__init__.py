"""ICA over time: state that carries over between periods, the sources' histories as paths.

:mod:`~ica_model.history.terms` (the state terms), :mod:`~ica_model.history.stage` (the stage
game given the state), :mod:`~ica_model.history.path` (paths, myopic and forward-looking),
:mod:`~ica_model.history.exact` (small cases solved exactly), :mod:`~ica_model.history.cases`
(the histories and their facts), :mod:`~ica_model.history.district` (one government's reform).
"""

from .cases import CASES, CaseHistory, Event, HistoryFact
from .path import History, simulate
from .terms import TERMS

__all__ = ["CASES", "TERMS", "CaseHistory", "Event", "History", "HistoryFact", "simulate"]
