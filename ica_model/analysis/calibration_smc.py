r"""Calibration by sequential Monte Carlo ABC: the same fact-consistent region as rejection,
at a cost that does not grow with the inverse of its prior mass.

:func:`~ica_model.analysis.calibration.calibrate` (rejection) stays the default: it is exact,
its draws are independent, and for the named cases it is fast (10.2 % of the G60 draws and
about 1 % of the Yangtze River Delta draws are accepted). When more facts shrink the region,
:func:`calibrate_smc` runs :func:`~ica_model.analysis.smc_abc.smc_abc` on the same prior
(:class:`~ica_model.analysis.smc_abc.UniformBox` over the case's drawn columns, with the
prior's orderings as its constraint) and the distance

.. math::

    d(\theta) = \#\{\text{facts of the case that fail at } \theta\},

whose zero set is the region rejection samples; facts are checked cheap ones first, and a
draw stops being checked once more facts fail than the current tolerance allows. The
result is a :class:`~ica_model.analysis.calibration.Calibration` whose accepted table has
the same columns, so :func:`~ica_model.analysis.claims.claim_table` and the rest read it
unchanged. Its rows are SMC particles: correlated, so a share's Wilson interval computed on
them as if they were independent is too narrow (report rejection's where it runs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._validation import check_int, generator_of
from ..model.facts import CaseFacts
from ..model.parameters import Scenario
from .calibration import Calibration, _epoch_points, _outcome, resolve_case
from .smc_abc import UniformBox, smc_abc

__all__ = ["calibrate_smc", "fact_distance", "fact_prior"]

#: Rows of draws whose facts are checked at once (memory bound).
CHUNK = 20_000


def fact_prior(facts: CaseFacts, scenario: Scenario) -> tuple[list[str], UniformBox]:
    """The drawn columns of a calibration (names in rejection's order) and their prior."""
    columns = facts.columns(scenario.n)
    names = [name for name, _, _ in columns]

    def constraint(theta: np.ndarray) -> np.ndarray:
        sample = {name: theta[:, j] for j, name in enumerate(names)}
        holds = np.ones(theta.shape[0], dtype=bool)
        for _, predicate in facts.prior.constraints:
            holds &= np.asarray(predicate(sample), dtype=bool)
        return holds

    return names, UniformBox(np.array([low for _, low, _ in columns]),
                             np.array([high for _, _, high in columns]),
                             constraint if facts.prior.constraints else None)


def fact_distance(facts: CaseFacts, scenario: Scenario
                  ) -> Callable[[np.ndarray, float], np.ndarray]:
    """``distance(theta, bound)``: the number of the case's facts that fail at each row of
    ``theta`` (columns as :func:`fact_prior` names them), cheap facts first; a row is not
    checked further once its count exceeds ``bound``. Evaluated in chunks of
    :data:`CHUNK` rows."""
    names = [name for name, _, _ in facts.columns(scenario.n)]
    ordered = sorted(facts.facts, key=lambda fact: fact.needs_response)

    def chunk(theta: np.ndarray, bound: float) -> np.ndarray:
        sample = {name: theta[:, j] for j, name in enumerate(names)}
        failed = np.zeros(theta.shape[0])
        for fact in ordered:
            index = np.flatnonzero(failed <= bound)
            if not index.size:
                break
            subset = {name: value[index] for name, value in sample.items()}
            points = _epoch_points(scenario, facts, fact.epoch, subset)
            held = np.asarray(fact.holds(_outcome(scenario, points, fact.needs_response),
                                         scenario.n), dtype=bool)
            failed[index[~held]] += 1
        return failed

    def distance(theta: np.ndarray, bound: float) -> np.ndarray:
        return np.concatenate([chunk(theta[start:start + CHUNK], bound)
                               for start in range(0, theta.shape[0], CHUNK)]) \
            if theta.shape[0] else np.zeros(0)

    return distance


def calibrate_smc(case: str | CaseFacts, particles: int = 10_000, rng: Any = 0,
                  scenario: Scenario | None = None, progress: bool | None = None,
                  **options: Any) -> Calibration:
    """The fact-consistent region of a case by sequential Monte Carlo ABC.

    Parameters
    ----------
    case, scenario, progress
        As for :func:`~ica_model.analysis.calibration.calibrate`.
    particles : int
        Accepted draws wanted (SMC particles), 2 to 10**7.
    rng : int or numpy.random.Generator
    **options
        Passed to :func:`~ica_model.analysis.smc_abc.smc_abc` (``keep``,
        ``move_probability``, ``max_moves``, ``max_generations``).

    Returns
    -------
    Calibration
        ``draws`` is the number of model evaluations the run made; ``accepted`` holds the
        particles (every fact holds at each); ``passed`` is empty (the facts' pass counts
        are a statistic of rejection).

    Examples
    --------
    >>> from ica_model.analysis.calibration import calibrate
    >>> result = calibrate_smc("yangtze_river_delta", particles=200, rng=1)
    >>> len(result.accepted), list(result.accepted.columns) == list(
    ...     calibrate("yangtze_river_delta", draws=10, rng=1).accepted.columns)
    (200, True)
    """
    import pandas as pd

    facts, scenario = resolve_case(case, scenario)
    particles = check_int("particles", particles, 2, 10**7)
    generator = generator_of(rng)
    names, prior = fact_prior(facts, scenario)
    result = smc_abc(prior, fact_distance(facts, scenario), particles, 0.0, generator,
                     progress=progress, **options)
    accepted = pd.DataFrame(result.particles, columns=names)
    return Calibration(facts.case, scenario, facts, result.evaluations, accepted, {}, rng)
