r"""The sources' claims as statements about the fact-consistent region, reported as shares.

Each claim is evaluated at every accepted draw of a calibration
(:mod:`ica_model.analysis.calibration`): the share of draws where it holds says whether
it is a property of the model where the model agrees with what was observed, or of a
hand-picked point. The claims come from 刘露露, 《数字治理跨界行动中的困境及优化策略——基于
G60九城"跨省通办"的政务观测》 (sections 2 and 4: the bottleneck of self-organisation,
under- and over-intervention, 躺平, the remedies) and 钟伟军, 《地方政府的分散创新与中央主导
下的创新整合——长三角政务服务"一网通办"的实践路径》 (section 6: the balance point of central
integration).

The claims are read at the *bottleneck*: each draw's national integration of its last
epoch (when the national platform had widened the cities' choice of partners), other
parameters as drawn. An intervention level :math:`\lambda` scales every kind equally
(``v = λ (1, ..., 1)``); a critical level is the smallest level on a grid of
:data:`LEVELS` levels where full cooperation is an equilibrium (infinite if none).

================  ===========================================================================
claim             holds at a draw when
================  ===========================================================================
no intervention   full cooperation is not an equilibrium with no intervention
stabilises        some level in (0, 1] makes it an equilibrium
inverted U        it is an equilibrium at some level but not at the full level 1
lying flat        at a full mandate on top of the last epoch's other levels, the selected
                  equilibrium has no defector and at least one token complier
more actors       the critical level of the first k actors does not fall as k grows (k from
                  5 to n)
hard agreements   binding agreements (hardness 0.5) do not raise the critical level
compensation      budget-balanced compensation among cooperators (0.5) does not raise it
================  ===========================================================================
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from ..model.closed_form import full_cooperation_margin
from ..model.parameters import KINDS, Scenario
from ..model.points import as_points
from .calibration import Calibration
from .follower import local_response

__all__ = ["CLAIMS", "LEVELS", "Claim", "Region", "claim_table"]

#: Levels of the intervention grid on which critical levels are read.
LEVELS = np.linspace(0.0, 1.0, 21)


@dataclass(frozen=True)
class Claim:
    """One claim of the sources and its test at each accepted draw.

    Attributes
    ----------
    name, statement, source : str
    holds : callable
        ``holds(region)`` returns a boolean array over the accepted draws of a
        :class:`Region`.
    """

    name: str
    statement: str
    source: str
    holds: Callable[[Region], np.ndarray]


class Region:
    """The accepted draws of a calibration, read at the bottleneck, with the margins on the
    intervention grid computed once for every claim that needs them."""

    def __init__(self, calibration: Calibration) -> None:
        self.calibration = calibration
        self.scenario = calibration.scenario

    def columns(self, scenario: Scenario | None = None) -> dict[str, np.ndarray]:
        """Each accepted draw's own parameters (those of ``scenario``'s actors), national
        integration at the bottleneck."""
        return _draw_columns(self.calibration, scenario)

    @cached_property
    def margins(self) -> np.ndarray:
        """Full-cooperation margin of every draw at every level of :data:`LEVELS`."""
        return _margins(self.scenario, self.columns(), LEVELS)


def _draw_columns(calibration: Calibration, scenario: Scenario | None = None
                  ) -> dict[str, np.ndarray]:
    """Each accepted draw's own parameters, national integration at the bottleneck."""
    table = calibration.accepted
    n = (scenario or calibration.scenario).n
    columns = {c: table[c].to_numpy() for c in table.columns
               if ":" not in c and (c.partition(".")[2] == "" or int(c.partition(".")[2]) < n)}
    last = calibration.facts.epochs[-1].name
    key = f"{last}:national_integration"
    if key in table:
        columns["national_integration"] = table[key].to_numpy()
    return columns


def _margins(scenario: Scenario, columns: dict[str, np.ndarray], levels: np.ndarray,
             extra: dict[str, float] | None = None) -> np.ndarray:
    """Full-cooperation margin of every draw at every level of the even mix, (draws, L)."""
    draws = len(next(iter(columns.values())))
    repeated = {k: np.repeat(v, len(levels)) for k, v in columns.items()}
    level = np.tile(levels, draws)
    values = repeated | dict.fromkeys(KINDS, level)
    values |= {k: np.full(draws * len(levels), v) for k, v in (extra or {}).items()}
    return full_cooperation_margin(scenario, as_points(scenario, values)).reshape(draws,
                                                                                len(levels))


def _critical(margins: np.ndarray) -> np.ndarray:
    holds = margins >= 0
    return np.where(holds.any(axis=1), LEVELS[np.argmax(holds, axis=1)], np.inf)


def _no_intervention(region: Region) -> np.ndarray:
    return region.margins[:, 0] < 0


def _stabilises(region: Region) -> np.ndarray:
    return (region.margins[:, 0] < 0) & (region.margins[:, 1:] >= 0).any(axis=1)


def _inverted_u(region: Region) -> np.ndarray:
    return (region.margins >= 0).any(axis=1) & (region.margins[:, -1] < 0)


def _lying_flat(region: Region) -> np.ndarray:
    accepted, last = region.calibration.accepted, region.calibration.facts.epochs[-1].name
    levels = {kind: accepted[f"{last}:{kind}"].to_numpy()
              for kind in KINDS if f"{last}:{kind}" in accepted}
    levels["authority"] = np.ones(len(accepted))
    response = local_response(region.scenario, as_points(region.scenario,
                                                         region.columns() | levels))
    defectors = (response.profile == 1).sum(axis=1)
    return response.has_equilibrium & (defectors == 0) & (response.token_compliers >= 1)


def _more_actors(region: Region) -> np.ndarray:
    scenario = region.scenario
    critical = []
    for k in range(min(5, scenario.n), scenario.n):
        part = dataclasses.replace(scenario, actors=scenario.actors[:k])
        critical.append(_critical(_margins(part, region.columns(part), LEVELS)))
    critical = np.array([*critical, _critical(region.margins)]).T
    return (critical[:, 1:] >= critical[:, :-1]).all(axis=1)


def _lower_with(symbol: str, value: float) -> Callable[[Region], np.ndarray]:
    def holds(region: Region) -> np.ndarray:
        changed = _margins(region.scenario, region.columns(), LEVELS, {symbol: value})
        return _critical(changed) <= _critical(region.margins)
    return holds


G60 = "刘露露 (G60 study)"
YRD = "钟伟军 (Yangtze River Delta study)"

#: The claims, in the order of the sources' argument.
CLAIMS = (
    Claim("no intervention", "Without intervention, once national integration has widened the "
          "cities' choice of partners, full cooperation is not an equilibrium.",
          f"{G60}, section 4(1)", _no_intervention),
    Claim("stabilises", "Some intervention level makes full cooperation an equilibrium where "
          "none fails.", f"{G60}, section 2; {YRD}, section 6", _stabilises),
    Claim("inverted U", "Too much intervention breaks full cooperation again: the stable "
          "levels end before the full level (a balance point).",
          f"{G60}, section 4(2); {YRD}, section 6", _inverted_u),
    Claim("lying flat", "Under a full mandate no city exits and some comply on paper "
          "(躺平, not exit).", f"{G60}, section 4(2)", _lying_flat),
    Claim("more actors", "More actors need more intervention: the critical level does not "
          "fall as cities join.", f"{G60}, section 2", _more_actors),
    Claim("hard agreements", "Binding agreements do not raise the intervention needed.",
          f"{G60}, section 5(1)", _lower_with("agreement_hardness", 0.5)),
    Claim("compensation", "Compensating members who concede does not raise the intervention "
          "needed.", f"{G60}, section 5(2)", _lower_with("compensation", 0.5)),
)


def claim_table(calibration: Calibration, claims: tuple[Claim, ...] = CLAIMS) -> Any:
    """The share of accepted draws where each claim holds, as a tidy table.

    Examples
    --------
    >>> from ica_model.analysis.calibration import calibrate
    >>> table = claim_table(calibrate("yangtze_river_delta", draws=4000, rng=1),
    ...                     claims=CLAIMS[:2])
    >>> list(table.columns)
    ['claim', 'statement', 'source', 'share', 'draws']
    """
    import pandas as pd

    if not len(calibration.accepted):
        raise ValueError("the calibration accepted no draw: no region to report on")
    region = Region(calibration)
    rows = []
    for claim in claims:
        holds = np.asarray(claim.holds(region), dtype=bool)
        rows.append({"claim": claim.name, "statement": claim.statement, "source": claim.source,
                     "share": float(holds.mean()), "draws": int(holds.size)})
    return pd.DataFrame(rows)
