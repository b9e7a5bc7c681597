"""calibrate_smc: every particle reproduces every fact of the case, in rejection's columns
(issue 22, deliverable 6)."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pytest

import ica_model as ica
from ica_model.analysis.calibration import calibrate
from ica_model.analysis.calibration_smc import calibrate_smc, fact_distance, fact_prior
from ica_model.analysis.smc_abc import marginal_agreement
from ica_model.cases import CASES
from ica_model.model.facts import CaseFacts, Epoch, Fact, Prior


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


def _metro():
    """A region of one's own (as in the how-to): three cities that cooperate alone and stop
    under a national platform; five drawn columns, 17 % of the prior."""
    cities = (ica.Actor("Capital", demand=1.4, capacity=0.9, preference=0.4,
                        selective_benefit=0.5, innovation_value=0.4),
              ica.Actor("Port", demand=1.0, capacity=0.6, preference=0.8,
                        selective_benefit=0.4, innovation_value=0.3),
              ica.Actor("Hinterland", demand=0.7, capacity=0.4, preference=0.5,
                        selective_benefit=0.5, innovation_value=0.2))
    metro = dataclasses.replace(CASES["g60"].scenario(), name="metro",
                                actors=cities).with_values(agreement_hardness=0.2)
    ranges = {"negotiation_cost": (0.01, 0.4), "outside_on_negotiation": (0.0, 1.0),
              "coordination_risk": (0.0, 1.0), "information_cost": (0.0, 0.5)}
    facts = CaseFacts(
        "metro", (Epoch("alone", "2015-2019", {}, "On their own.", "city reports"),
                  Epoch("national", "2020-2023", {"national_integration": (0.6, 1.0)},
                        "A national platform.", "city reports")),
        (Fact("alone", "alone", "All cooperate.", "city reports",
              lambda outcome, n: outcome.full_cooperation, needs_response=False,
              gap=lambda outcome, n: np.maximum(-outcome.margin, 0.0)),
         Fact("national", "national", "No longer.", "city reports",
              lambda outcome, n: ~outcome.full_cooperation, needs_response=False)),
        Prior(ranges, dict.fromkeys(ranges, "test")))
    return facts, metro


def test_smc_and_rejection_agree_on_a_region_of_ones_own() -> None:
    """calibrate_smc against calibrate (per-parameter KS, Bonferroni): as close as two
    rejection samples; and the check catches a region that lacks one fact."""
    facts, metro = _metro()
    rejection = calibrate(facts, draws=20_000, rng=0, scenario=metro).accepted.to_numpy()
    smc = calibrate_smc(facts, particles=800, rng=0, scenario=metro, progress=False)
    assert len(rejection) > 1600 and list(smc.accepted.columns) == [
        name for name, _, _ in facts.columns(metro.n)]
    assert marginal_agreement(smc.accepted.to_numpy(), rejection[:800])[1] > 0.01
    assert marginal_agreement(rejection[800:1600], rejection[:800])[1] > 0.01
    wider = dataclasses.replace(facts, facts=facts.facts[:1])     # without "national"
    other = calibrate(wider, draws=4_000, rng=1, scenario=metro).accepted.to_numpy()
    assert marginal_agreement(other[:800], rejection[:800])[1] < 0.01
