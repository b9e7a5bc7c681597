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
inverted U        both sides: it is not an equilibrium with no intervention (too little
                  leaves the barriers), it is at some level in (0, 1] (a balance point),
                  and it is not at the full level 1 (too much breaks it again)
lying flat        at a full mandate on top of the last epoch's other levels, the selected
                  equilibrium has no defector and at least one token complier
more actors       the critical level of the first k actors does not fall as k grows (k from
                  5 to n)
hard agreements   binding agreements (hardness 0.5) do not raise the critical level
compensation      budget-balanced compensation among cooperators (0.5) does not raise it
================  ===========================================================================

Each claim is a record: its source (paper, section and quote), the definition above, and
whether it is a *finding* or holds *by construction* (``by_construction`` gives the reason:
a fact of the calibration it restates, or a monotonicity of the payoff form). A share is
conditional on the case's facts, its prior (:class:`~ica_model.model.facts.Prior`) and the
intervention grid :data:`LEVELS`; :func:`claim_table` says so in every row, with the number
of draws and a 95 % Wilson score interval (Wilson 1927;
:func:`ica_model.stats.wilson_interval`, equal to :meth:`scipy.stats.binomtest`'s
``proportion_ci(method="wilson")``).
"""

from __future__ import annotations

import dataclasses
import functools
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from .._validation import check_instance, check_int, check_sequence
from ..model.closed_form import full_cooperation_margin
from ..model.facts import epoch_column, split_column
from ..model.parameters import KINDS, Scenario
from ..model.points import as_points
from ..stats import wilson_interval
from ..tables import claims_latex
from .calibration import Calibration
from .follower import follower_response

__all__ = ["CLAIMS", "LEVELS", "Claim", "Region", "claim_holds", "claim_table",
           "claim_table_latex"]

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
    definition : str
        When the claim holds at a draw, in the model's terms.
    quote : str
        The source's own words (simplified characters).
    by_construction : str
        Empty for a finding; otherwise why the claim holds by construction (the fact it
        restates, or the monotonicity of the payoff form that forces it).
    """

    name: str
    statement: str
    source: str
    holds: Callable[[Region], np.ndarray]
    definition: str = ""
    quote: str = ""
    by_construction: str = ""

    def __post_init__(self) -> None:
        for label in ("name", "statement", "source", "definition", "quote", "by_construction"):
            check_instance(label, getattr(self, label), str, "a string")
        if not callable(self.holds):
            raise TypeError(f"holds must be a callable holds(region) -> boolean array, got "
                            f"{self.holds!r}")

    @property
    def is_finding(self) -> bool:
        """Whether the share is a finding (not forced by a fact or by the payoff form)."""
        return not self.by_construction

    def _summary(self) -> Any:
        from .._display import Summary

        return Summary(f"Claim {self.name!r}", [
            ("statement", self.statement), ("source", self.source),
            ("holds when", self.definition or "see holds"),
            ("kind", "a finding" if self.is_finding
             else f"holds by construction: {self.by_construction}")])

    def __repr__(self) -> str:
        """A few lines: the statement, its source, when it holds and whether it is a
        finding; :func:`claim_table` gives its share over a calibration."""
        from .._display import text

        return text(self._summary())

    def _repr_html_(self) -> str:
        from .._display import html

        return html(self._summary())


class Region:
    """The accepted draws of a calibration, read at the bottleneck, with the margins on the
    intervention grid computed once for every claim that needs them."""

    def __init__(self, calibration: Calibration) -> None:
        self.calibration = check_instance("calibration", calibration, Calibration,
                                          "a Calibration (from calibrate)")
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
               for _, actor, epoch in [split_column(c)]
               if epoch is None and (actor is None or actor < n)}
    key = epoch_column(calibration.facts.epochs[-1].name, "national_integration")
    if key in table:
        columns["national_integration"] = table[key].to_numpy()
    return columns


#: Draws whose margins are evaluated at once (about 3 MB per work array on the G60 grid).
MARGIN_CHUNK = 2048


def _margins(scenario: Scenario, columns: dict[str, np.ndarray], levels: np.ndarray,
             extra: dict[str, float] | None = None) -> np.ndarray:
    """Full-cooperation margin of every draw at every level of the even mix, (draws, L):
    each draw's coalition values once, its payoffs at every level in one pass
    (:func:`~ica_model.model.closed_form.full_cooperation_margin` with ``levels``)."""
    draws = len(next(iter(columns.values())))
    values = columns | {k: np.full(draws, v) for k, v in (extra or {}).items()}
    points, even = as_points(scenario, values), dict.fromkeys(KINDS, levels)
    return np.concatenate([np.empty((0, len(levels)))] + [
        full_cooperation_margin(scenario, points.take(slice(start, start + MARGIN_CHUNK)), even)
        for start in range(0, draws, MARGIN_CHUNK)])


def _critical(margins: np.ndarray) -> np.ndarray:
    holds = margins >= 0
    return np.where(holds.any(axis=1), LEVELS[np.argmax(holds, axis=1)], np.inf)


def _no_intervention(region: Region) -> np.ndarray:
    return region.margins[:, 0] < 0


def _stabilises(region: Region) -> np.ndarray:
    return (region.margins[:, 0] < 0) & (region.margins[:, 1:] >= 0).any(axis=1)


def _inverted_u(region: Region) -> np.ndarray:
    return _stabilises(region) & (region.margins[:, -1] < 0)


def _inverted_u_one_sided(region: Region) -> np.ndarray:
    """The earlier, looser reading: a balance point and an over-intervention side, with no
    requirement on the under-intervention side (kept to report old against new share)."""
    return (region.margins >= 0).any(axis=1) & (region.margins[:, -1] < 0)


def _lying_flat(region: Region) -> np.ndarray:
    accepted, last = region.calibration.accepted, region.calibration.facts.epochs[-1].name
    levels = {kind: accepted[epoch_column(last, kind)].to_numpy()
              for kind in KINDS if epoch_column(last, kind) in accepted}
    levels["authority"] = np.ones(len(accepted))
    response = follower_response(region.scenario, as_points(region.scenario,
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

_G60_Q_INTERVENTION = "上级权威的干预程度存在介入过高或不足的风险"
_YRD_Q_BALANCE = ("区域政务服务一体化过程中必须找到中央权威与地方自我积极性之间的有效平衡点,中央权威的"
                  "过度可能会伤害地方政府创新的积极性和有效性,但是如果权威不足,则可能导致行政壁垒的"
                  "障碍难以有效去除")
_MONOTONE = ("restates a monotonicity of the payoff form: raising {what} never lowers the "
             "full-cooperation margin at any intervention level at any accepted draw (checked "
             "draw by draw in tests/claims/test_claim_records.py: a check over the region; "
             "for identical actors proved symbolically, ica_model.analysis.monotonicity), "
             "and a margin that does not fall cannot raise the critical level")

#: The claims, in the order of the sources' argument.
CLAIMS = (
    Claim("no intervention", "Without intervention, once national integration has widened the "
          "cities' choice of partners, full cooperation is not an equilibrium.",
          f"{G60}, section 4(1)", _no_intervention,
          definition="margin at level 0 < 0",
          quote="横向地方政府陷入难以协同的困境"),
    Claim("stabilises", "Some intervention level makes full cooperation an equilibrium where "
          "none fails.", f"{G60}, section 2; {YRD}, section 6", _stabilises,
          definition="margin at level 0 < 0 and margin >= 0 at some level in (0, 1]",
          quote="纵向干预成为解决横向协同困境的重要手段"),
    Claim("inverted U", "Too little intervention leaves the barriers, too much breaks full "
          "cooperation again: a balance point with both sides.",
          f"{G60}, section 2; {YRD}, section 6", _inverted_u,
          definition="margin at level 0 < 0, margin >= 0 at some level in (0, 1], and "
                     "margin at level 1 < 0",
          quote=f"{_G60_Q_INTERVENTION} ({G60}); {_YRD_Q_BALANCE} ({YRD})"),
    Claim("lying flat", "Under a full mandate no city exits and some comply on paper "
          "(躺平, not exit).", f"{G60}, section 4(2)", _lying_flat,
          definition="authority 1 on top of the last epoch's levels: the selected equilibrium "
                     "has no defector and at least one token complier",
          quote="更倾向于“躺平”式顺从纵向强制性行动机制",
          by_construction="restates the fact 'more lists' (no defector and a token "
                          "complier under the longer lists), which every accepted draw "
                          "satisfies; only the authority level differs"),
    Claim("more actors", "More actors need more intervention: the critical level does not "
          "fall as cities join.", f"{G60}, section 2", _more_actors,
          definition="critical level of the first k actors non-decreasing in k (5 <= k <= n)",
          quote="同时也会面临协调不力、背叛协作、分配不公平等合作风险"),
    Claim("hard agreements", "Binding agreements do not raise the intervention needed.",
          f"{G60}, section 5(1)", _lower_with("agreement_hardness", 0.5),
          definition="critical level with agreement hardness 0.5 <= critical level without",
          quote="缺少正式的具有法律效应的文本性协议",
          by_construction=_MONOTONE.format(what="agreement hardness")),
    Claim("compensation", "Compensating members who concede does not raise the intervention "
          "needed.", f"{G60}, section 5(2)", _lower_with("compensation", 0.5),
          definition="critical level with compensation 0.5 <= critical level without",
          quote="分配不公平"),
)

#: The one-sided reading of the inverted U used before both sides were required.
INVERTED_U_ONE_SIDED = dataclasses.replace(
    CLAIMS[2], name="inverted U (one-sided, old)", holds=_inverted_u_one_sided,
    definition="margin >= 0 at some level and margin at level 1 < 0")


#: Indicators already computed, per calibration (dropped with it) and claims.
_HOLDS: weakref.WeakKeyDictionary[Calibration, dict[tuple[Claim, ...], dict[str, np.ndarray]]] \
    = weakref.WeakKeyDictionary()


def check_claims(calibration: Calibration, claims: Any) -> tuple[Claim, ...]:
    """``claims`` as a tuple, after checking the inputs every claims table takes: a
    TypeError naming ``calibration`` or ``claims`` for a value of another type, a
    ValueError for no claim."""
    check_instance("calibration", calibration, Calibration, "a Calibration (from calibrate)")
    claims = check_sequence("claims", claims, "a sequence of Claim records")
    if not claims:
        raise ValueError("claims must hold at least one Claim, got none")
    for claim in claims:
        check_instance("claims", claim, Claim, "a sequence of Claim records (one is not)")
    return claims


def claim_holds(calibration: Calibration, claims: tuple[Claim, ...] = CLAIMS, *,
                workers: int = 1) -> dict[str, np.ndarray]:
    """Claim name to whether it holds at each accepted draw, computed once per calibration
    and tuple of claims (the arrays returned are read-only): the tables of the claims, their
    prior variants, boxes and sensitivities read the same indicators.

    With ``workers`` above 1 the draws are split over that many processes forked from this
    one (:func:`ica_model.runtime.run`; on Linux, from a process running no other thread,
    else in this process); each draw's indicators are computed alone, so they are the same.
    """
    claims = check_claims(calibration, claims)
    known = _HOLDS.setdefault(calibration, {})
    if claims not in known:
        holds = _holds(calibration, claims, check_int("workers", workers, 1, 4096))
        for value in holds.values():
            value.flags.writeable = False
        known[claims] = holds
    return dict(known[claims])


def _holds(calibration: Calibration, claims: tuple[Claim, ...], workers: int
           ) -> dict[str, np.ndarray]:
    import sys
    import threading

    size = len(calibration.accepted)
    if workers == 1 or size < 2 or not sys.platform.startswith("linux") or \
            threading.active_count() > 1:     # forked only: claims need not be picklable
        return _indicators(calibration, claims)
    from ..runtime.designs import Indices
    from ..runtime.runner import run

    table = run(functools.partial(_rows_hold, calibration, claims), Indices(size, "row"),
                backend="processes", workers=workers, progress=False).table
    return {claim.name: table[claim.name].to_numpy() for claim in claims}


def _indicators(calibration: Calibration, claims: tuple[Claim, ...]) -> dict[str, np.ndarray]:
    region = Region(calibration)
    return {claim.name: np.asarray(claim.holds(region), dtype=bool) for claim in claims}


def _rows_hold(calibration: Calibration, claims: tuple[Claim, ...],
               columns: dict[str, np.ndarray], start: int, stop: int) -> Any:
    """The runner's metric: the claims' indicators at accepted draws ``start`` to
    ``stop - 1``, one column per claim."""
    import pandas as pd

    part = dataclasses.replace(
        calibration, accepted=calibration.accepted.iloc[start:stop].reset_index(drop=True))
    return pd.DataFrame(_indicators(part, claims))


def _conditional_on(calibration: Calibration) -> str:
    prior = getattr(calibration.facts, "prior", None)
    name = getattr(prior, "name", "") or "the case's prior"
    return (f"{len(calibration.facts.facts)} facts of case {calibration.case!r}, {name}, "
            f"{len(LEVELS)}-level intervention grid")


def claim_table(calibration: Calibration, claims: tuple[Claim, ...] = CLAIMS,
                confidence: float = 0.95) -> Any:
    """The share of accepted draws where each claim holds, with its interval, as a tidy table.

    Columns: ``claim``, ``statement``, ``source``, ``definition``, ``n`` (accepted draws
    read), ``holds`` (draws where it holds), ``share``, ``low`` and ``high`` (the
    ``confidence`` Wilson score interval, :func:`~ica_model.stats.wilson_interval`), ``finding``,
    ``by_construction`` (the reason, empty for a finding), ``conditional_on``, and
    ``draws`` (= ``n``, kept for earlier callers).

    Examples
    --------
    >>> from ica_model.analysis.calibration import calibrate
    >>> table = claim_table(calibrate("yangtze_river_delta", draws=4000, rng=1),
    ...                     claims=CLAIMS[:2])
    >>> list(table.columns)[:8]
    ['claim', 'statement', 'source', 'definition', 'n', 'holds', 'share', 'low']
    """
    import pandas as pd

    claims = check_claims(calibration, claims)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence!r}")
    if not len(calibration.accepted):
        raise ValueError("the calibration accepted no draw: no region to report on")
    indicators = claim_holds(calibration, claims)
    conditional = _conditional_on(calibration)
    rows = []
    for claim in claims:
        holds = indicators[claim.name]
        k, n = int(holds.sum()), int(holds.size)
        low, high = wilson_interval(k, n, confidence)
        rows.append({"claim": claim.name, "statement": claim.statement, "source": claim.source,
                     "definition": claim.definition, "n": n, "holds": k, "share": k / n,
                     "low": low, "high": high,
                     "finding": claim.is_finding, "by_construction": claim.by_construction,
                     "conditional_on": conditional, "draws": n})
    return pd.DataFrame(rows)


def claim_table_latex(table: Any, caption: str = "", label: str = "") -> str:
    r"""A :func:`claim_table` as a booktabs LaTeX table, as a paper prints it: the table
    :func:`ica_model.tables.claims_latex` writes (its one home).

    One row per claim: the claim (a dagger marks one that holds by construction), n, the
    share and its interval, and the definition; a note below says what the shares are
    conditional on. Needs ``\usepackage{booktabs}``.

    Examples
    --------
    >>> import pandas as pd
    >>> row = {"claim": "c", "definition": "m < 0", "n": 10, "share": 0.5, "low": 0.24,
    ...        "high": 0.76, "finding": True, "conditional_on": "facts"}
    >>> print(claim_table_latex(pd.DataFrame([row])).splitlines()[6])
    c & 10 & 0.50 & [0.24, 0.76] & m $<$ 0 \\
    """
    return claims_latex(table, caption=caption, label=label)
