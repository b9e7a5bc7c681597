"""calibrate_smc: every particle reproduces every fact of the case, in rejection's columns
(issue 22, deliverable 6)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from ica_model.analysis.calibration import calibrate
from ica_model.analysis.calibration_smc import calibrate_smc, fact_distance, fact_prior
from ica_model.cases import CASES


@pytest.fixture(scope="module")
def smc():
    # decorrelation=1: no extra moves (this test is about the facts, not the law), so
    # the sample may be reported as clustered
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return calibrate_smc("yangtze_river_delta", particles=200, rng=3, progress=False, max_moves=5,
                             decorrelation=1.0)


def test_every_particle_reproduces_every_fact(smc) -> None:
    facts = CASES["yangtze_river_delta"]
    scenario = facts.scenario()
    names, prior = fact_prior(facts, scenario)
    assert list(smc.accepted.columns) == names == list(
        calibrate("yangtze_river_delta", draws=10, rng=0).accepted.columns)
    theta = smc.accepted.to_numpy()
    assert (fact_distance(facts, scenario)(theta, np.inf) == 0).all()
    assert ((theta >= prior.low) & (theta <= prior.high)).all()
    for _, holds in facts.prior.constraints:
        assert np.asarray(holds(dict(smc.accepted.items()))).all()
    assert len(smc.accepted) == 200 and smc.draws > 200 and smc.passed == {}


def test_distance_counts_failed_facts_and_stops_past_the_bound() -> None:
    facts = CASES["yangtze_river_delta"]
    scenario = facts.scenario()
    _, prior = fact_prior(facts, scenario)
    theta = prior.to_parameters(prior.sample(np.random.default_rng(0), 400))
    full = fact_distance(facts, scenario, graded=False)(theta, np.inf)
    assert set(np.unique(full)) <= {0.0, 1.0, 2.0} and (full == 2).any()
    early = fact_distance(facts, scenario, graded=False)(theta, 0.0)
    assert ((early == 0) == (full == 0)).all() and (early <= full).all()
    assert (early[full > 0] > 0).all()


@pytest.mark.parametrize("case", ["yangtze_river_delta", "g60"])
def test_graded_distance_has_the_zero_set_of_the_facts(case) -> None:
    """The graded distance is 0 exactly where every fact holds, and takes many values
    elsewhere (what lets SMC's tolerances fall without losing most particles at once)."""
    facts = CASES[case]
    scenario = facts.scenario()
    _, prior = fact_prior(facts, scenario)
    theta = prior.to_parameters(prior.sample(np.random.default_rng(1), 300))
    graded = fact_distance(facts, scenario)(theta, np.inf)
    counted = fact_distance(facts, scenario, graded=False)(theta, np.inf)
    assert ((graded == 0) == (counted == 0)).all() and (graded >= 0).all()
    assert (counted == 0).any() and len(np.unique(graded[graded > 0])) > 100
