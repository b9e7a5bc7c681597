"""The named cases: one module per case, each the one home of its evidence.

A case module holds the case's actors, its epochs (the ranges the dated sources allow and
the levels at the representative draw, in one record), its facts with their sources
(study, section, words), the plausible ranges of what is not observed with the reason for
each, and the representative draw with the calibration call that reproduces it. The
records are defined in :mod:`ica_model.model.facts` (the schema of a case) and
:class:`Case`.

* :mod:`~ica_model.cases.g60_corridor`: the nine cities of the G60 corridor
  (:data:`G60`, :func:`g60`);
* :mod:`~ica_model.cases.yangtze_delta`: the Yangtze River Delta "one network"
  (:data:`YANGTZE_RIVER_DELTA`, :func:`yangtze_river_delta`);
* :mod:`~ica_model.cases.symmetric_group`: a homogeneous reference group with the G60
  corridor's calibrated parameters (:func:`symmetric`), illustrative;
* :mod:`~ica_model.cases.shared`: what the two corridor cases share (the mechanisms'
  plausible ranges with their reasons, and the patterns their facts name);
* :mod:`~ica_model.cases.a_district` and :mod:`~ica_model.cases.j_district`: the districts of
  陈璐 and of 黄六招、顾丽梅、尚虎平, histories only (one government's reform).

The corridor modules also hold the case's history year by year (``HISTORY``: dated events
and facts about whole paths, :mod:`ica_model.history`); :data:`HISTORIES` lists all four.

Every value of a case's scenario is taken from a source, or is its representative draw
(accepted because every fact of the case holds: :mod:`ica_model.analysis.calibration`),
or is marked illustrative. Nothing here is an estimate; the calibration's accepted region
is the honest statement, and claims are reported as shares of it.

Examples
--------
>>> from ica_model import cases
>>> bottleneck = cases.g60(epoch="more lists")
>>> bottleneck.outside.integration, cases.G60.intervention("more lists").authority
(0.947, 0.833)
>>> cases.g60(epoch="2022")
Traceback (most recent call last):
...
ValueError: case 'g60' has no epoch '2022'; epochs: ['launch', 'pilot', 'lists', 'more lists']
"""

from __future__ import annotations

from collections.abc import Callable

from .._validation import did_you_mean
from ..model.history_records import CaseHistory
from ..model.parameters import Scenario
from . import a_district, g60_corridor, j_district, yangtze_delta
from ._case import LEVEL_NAMES, Case, Representative
from .g60_corridor import CASE as G60
from .symmetric_group import symmetric
from .yangtze_delta import CASE as YANGTZE_RIVER_DELTA

__all__ = ["CASES", "G60", "HISTORIES", "LEVEL_NAMES", "SCENARIOS", "YANGTZE_RIVER_DELTA", "Case",
           "Representative", "case", "g60", "scenario", "symmetric", "yangtze_river_delta"]

#: The cases with facts, by name.
CASES: dict[str, Case] = {c.case: c for c in (G60, YANGTZE_RIVER_DELTA)}

#: The cases' histories year by year (:mod:`ica_model.history`), by name: the two corridor
#: cases and the two districts of 陈璐 and of 黄六招、顾丽梅、尚虎平.
HISTORIES: dict[str, CaseHistory] = {module.HISTORY.name: module.HISTORY for module in (
    g60_corridor, yangtze_delta, a_district, j_district)}


def g60(epoch: str | None = None) -> Scenario:
    """The nine cities of the G60 corridor at the representative draw of their calibration;
    with ``epoch`` (``"launch"``, ``"pilot"``, ``"lists"``, ``"more lists"``), at that
    epoch's national integration (its intervention: ``G60.intervention(epoch)``).

    Examples
    --------
    >>> [a.name for a in g60().actors][:3]
    ['Songjiang', 'Jiaxing', 'Hangzhou']
    >>> g60().actors[0].pilot, g60().agreement_hardness
    (1.0, 0.0)
    """
    return G60.scenario(epoch)


def yangtze_river_delta(epoch: str | None = None) -> Scenario:
    """The three provinces and one city of the Yangtze River Delta at the representative
    draw of their calibration; with ``epoch`` (``"provincial platforms"``,
    ``"central integration"``), at that epoch's national integration where it gives one.

    Examples
    --------
    >>> [round(a.capacity, 3) for a in yangtze_river_delta().actors]
    [0.807, 0.844, 0.913, 0.325]
    """
    return YANGTZE_RIVER_DELTA.scenario(epoch)


#: Every named scenario by name (the cases with facts and the illustrative group).
SCENARIOS: dict[str, Callable[[], Scenario]] = {
    "symmetric": symmetric, "g60": g60, "yangtze_river_delta": yangtze_river_delta}


def case(name: str) -> Case:
    """The case called ``name`` (one of :data:`CASES`)."""
    if not isinstance(name, str) or name not in CASES:
        raise ValueError(f"unknown case {name!r}; {did_you_mean(name, CASES, 'choose one of')}")
    return CASES[name]


def scenario(name: str, epoch: str | None = None) -> Scenario:
    """The named scenario ``name`` (one of :data:`SCENARIOS`), at ``epoch`` if given (only
    a case with epochs has them).

    Examples
    --------
    >>> scenario("g60", "lists").outside.integration
    0.463
    >>> scenario("symmetric", "lists")
    Traceback (most recent call last):
    ...
    ValueError: scenario 'symmetric' has no epochs; cases with epochs: g60, yangtze_river_delta
    """
    if not isinstance(name, str) or name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r}; "
                         f"{did_you_mean(name, SCENARIOS, 'choose one of')}")
    if epoch is None:
        return SCENARIOS[name]()
    if name not in CASES:
        raise ValueError(f"scenario {name!r} has no epochs; cases with epochs: "
                         f"{', '.join(CASES)}")
    return CASES[name].scenario(epoch)
