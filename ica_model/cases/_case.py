"""The record of a named case: its evidence (:class:`~ica_model.model.facts.CaseFacts`),
the scenario its sources fix, and its representative draw with the call that reproduces it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..model.facts import CaseFacts, epoch_column
from ..model.parameters import KINDS, Intervention, Scenario
from ..model.points import Points, as_points

__all__ = ["Case", "Representative", "significant"]

#: The epoch levels a case's epoch gives, in the order figures and tables list them.
LEVEL_NAMES = (*KINDS, "national_integration")


def significant(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` significant digits.

    Examples
    --------
    >>> significant(0.047913, 3), significant(2.1149, 3), significant(0.3899, 3)
    (0.0479, 2.11, 0.39)
    """
    return float(f"{value:.{digits}g}")


@dataclass(frozen=True)
class Representative:
    """The representative draw of a case and the calibration call that reproduces it.

    The draw is row ``row`` of ``calibrate(case, draws=draws, rng=rng).accepted``: the
    accepted draw nearest the accepted medians
    (:meth:`~ica_model.analysis.calibration.Calibration.representative`). Its values are
    stored rounded to ``digits`` significant digits, so that the named scenario is built
    without rerunning the calibration;
    :func:`ica_model.analysis.calibration.reproduce_representative` reruns the call, and
    ``tests/claims/test_cases.py`` checks that it gives this row and these values.

    Attributes
    ----------
    draws, rng : int
        The calibration call.
    row : int
        The representative row of its accepted draws.
    values : dict
        The row's parameters by column (``"symbol"``, ``"symbol.k"``); its epoch levels are
        each epoch's ``representative`` levels.
    digits : int
        Significant digits the values were stored with.
    """

    draws: int
    rng: int
    row: int
    values: Mapping[str, float]
    digits: int = 3


@dataclass(frozen=True)
class Case(CaseFacts):
    """A named case: its epochs, facts and prior (:class:`CaseFacts`), the scenario its
    sources fix, and its representative draw.

    Its scenario (:meth:`scenario`) is the scenario the sources fix (``base``) with the
    representative draw's values; at an epoch, also with the epoch's representative
    national integration (where the epoch gives one). The intervention of an epoch is not
    part of a scenario: :meth:`intervention` gives it.

    The facts here are *snapshots*: patterns of the equilibrium at one epoch. A fact about a
    history (a pattern of a trajectory across epochs) is meant to be a record of the same
    make, a :class:`~ica_model.model.facts.Citation` and a predicate, kept in a field of its
    own, so that the calibration of snapshot facts keeps reading ``facts`` alone.

    Attributes
    ----------
    base : callable
        Builds the scenario the sources fix (actors, agreements, description, sources);
        the representative draw sets every other value.
    representative : Representative

    Examples
    --------
    >>> from ica_model import cases
    >>> cases.G60
    <Case 'g60': 4 epochs (2018 to 2022-2023), 4 facts, 43 prior ranges, row 4000 of 200,000 draws>
    >>> cases.G60.scenario("more lists").outside.integration
    0.947
    >>> cases.G60.intervention("more lists").authority
    0.833
    """

    base: Callable[[], Scenario] = field(repr=False)
    representative: Representative

    def __repr__(self) -> str:
        first, last = self.epochs[0].period, self.epochs[-1].period
        return (f"<Case {self.case!r}: {len(self.epochs)} epochs ({first} to {last}), "
                f"{len(self.facts)} facts, {len(self.prior.ranges)} prior ranges, row "
                f"{self.representative.row} of {self.representative.draws:,} draws>")

    def scenario(self, epoch: str | None = None) -> Scenario:
        """The case's scenario at its representative draw; with ``epoch``, at that epoch's
        representative national integration (where the epoch gives one)."""
        return self.point(epoch).scenario

    def point(self, epoch: str | None = None, values: Mapping[str, float] | None = None
              ) -> Points:
        """One checked point of the case's scenario (:meth:`scenario`), with ``values``:
        intervention levels and scenario-level parameters by symbol (missing kinds are 0,
        not the epoch's: :meth:`intervention` gives those). The sources' scenario and every
        value are checked once, together (a command line's one check of its input).

        Examples
        --------
        >>> from ica_model import cases
        >>> point = cases.G60.point("lists", {"authority": 0.5})
        >>> point.scenario.outside.integration, point.intervention(0).authority
        (0.463, 0.5)
        >>> point.scenario == cases.G60.scenario("lists")
        True
        """
        columns = {name: [value] for name, value in self.representative.values.items()}
        if epoch is not None:
            levels = self.epoch(epoch).representative
            if "national_integration" in levels:
                columns["national_integration"] = [levels["national_integration"]]
        columns |= {name: [value] for name, value in (values or {}).items()}
        return as_points(self.base(), columns).point_at(0)

    def levels(self, epoch: str) -> dict[str, float]:
        """Every intervention kind and ``national_integration`` at ``epoch``'s representative
        levels (0 where the epoch gives none)."""
        levels = self.epoch(epoch).representative
        return {name: float(levels.get(name, 0.0)) for name in LEVEL_NAMES}

    def intervention(self, epoch: str) -> Intervention:
        """The intervention of ``epoch`` at its representative levels."""
        levels = self.epoch(epoch).representative
        return Intervention(**{kind: float(levels.get(kind, 0.0)) for kind in KINDS})

    def representative_draw(self) -> dict[str, float]:
        """The representative draw as a calibration names its columns: the parameters, then
        each epoch's levels (``"epoch:kind"``)."""
        draw = dict(self.representative.values)
        for epoch in self.epochs:
            draw |= {epoch_column(epoch.name, kind): level
                     for kind, level in epoch.representative.items()}
        return draw
