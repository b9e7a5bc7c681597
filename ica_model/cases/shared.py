"""What the two corridor cases share: the patterns their facts name and the plausible ranges
of the model's mechanisms, with the reason for each range.

The ranges of the mechanisms (token compliance, detection, the effects of each kind of
intervention, outside options, pilots, cost and risk shapes) come from the G60 study and
the literature it cites; a case overrides the ranges its own sources speak to (its costs,
risks and actors).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

import numpy as np

from .._validation import check_instance, check_int
from ..model.facts import Outcome, Prior

__all__ = ["MECHANISM_RANGES", "ORDERED_TOKEN", "all_cooperate", "all_cooperate_gap", "lying_flat",
           "lying_flat_gap", "no_exit", "no_exit_gap", "no_integration", "no_integration_gap",
           "prior"]


def _pattern(holds: Callable[[Outcome, int], np.ndarray]) -> Callable[[Outcome, int], np.ndarray]:
    """A fact's pattern (or gap) with its arguments checked: a TypeError or ValueError naming
    ``outcome`` or ``n`` instead of an AttributeError from inside."""
    @functools.wraps(holds)
    def checked(outcome: Outcome, n: int) -> np.ndarray:
        check_instance("outcome", outcome, Outcome, "an Outcome (the selected equilibria)")
        return holds(outcome, check_int("n", n, 1))
    return checked


@_pattern
def all_cooperate(outcome: Outcome, n: int) -> np.ndarray:
    """Full cooperation is an equilibrium (so the selected one)."""
    return outcome.full_cooperation


@_pattern
def lying_flat(outcome: Outcome, n: int) -> np.ndarray:
    """No defector, at least one token complier, and full cooperation not an equilibrium."""
    return ((outcome.defectors == 0) & (outcome.token_compliers >= 1)
            & ~outcome.full_cooperation)


@_pattern
def no_exit(outcome: Outcome, n: int) -> np.ndarray:
    """No defector in the selected equilibrium (and there is one)."""
    return outcome.defectors == 0


@_pattern
def no_integration(outcome: Outcome, n: int) -> np.ndarray:
    """Full cooperation not an equilibrium and at most one cooperator in the selected one."""
    return ~outcome.full_cooperation & (outcome.cooperators <= 1) & (outcome.cooperators >= 0)


def _squash(x: np.ndarray) -> np.ndarray:
    """:math:`x / (1 + x)` of :math:`x \\ge 0`: increasing, 0 at 0, below 1."""
    x = np.maximum(np.asarray(x, dtype=float), 0.0)
    return x / (1.0 + x)


# The gaps grade how far each pattern is from holding, for the distance of sequential Monte
# Carlo calibration (ica_model.analysis.calibration_smc). Each is 0 exactly where its
# pattern holds and positive elsewhere; an integer part counts the actors on the wrong side
# and a part in [0, 1) orders draws with the same count by the full-cooperation margin m.
# Only the zero set matters for what is sampled; the grading only eases the way there.


@_pattern
def all_cooperate_gap(outcome: Outcome, n: int) -> np.ndarray:
    """:math:`-m/(1 - m)` where the margin :math:`m` is negative (0 where full cooperation
    is an equilibrium): the shortfall of the most tempted actor, below 1."""
    held = all_cooperate(outcome, n)
    return np.where(held, 0.0, np.maximum(_squash(-outcome.margin), 1e-12))


@_pattern
def no_integration_gap(outcome: Outcome, n: int) -> np.ndarray:
    """Cooperators beyond two, plus :math:`1/(1 - m)` while the margin :math:`m` is
    negative and :math:`1 + m/(1 + m)` once full cooperation is an equilibrium (all
    :math:`n` cooperate); 1 where there is no pure equilibrium; 0 where the pattern holds."""
    margin = outcome.margin
    tie = np.where(margin < 0, 1.0 / (1.0 - np.minimum(margin, 0.0)), 1.0 + _squash(margin))
    cooperators = np.where(outcome.full_cooperation, n, outcome.cooperators)
    gap = np.where(cooperators < 0, 1.0, np.maximum(cooperators - 2, 0) + tie)
    return np.where(no_integration(outcome, n), 0.0, gap)


@_pattern
def lying_flat_gap(outcome: Outcome, n: int) -> np.ndarray:
    """Defectors, plus 1 without a token complier, plus :math:`m/(1 + m)` where full
    cooperation is an equilibrium (margin :math:`m \\ge 0`; then no actor is a token
    complier); 1 where there is no pure equilibrium; 0 where the pattern holds."""
    full = outcome.full_cooperation
    gap = (np.maximum(outcome.defectors, 0) + (outcome.token_compliers < 1)
           + np.where(full, _squash(outcome.margin), 0.0)).astype(float)
    gap = np.where(outcome.defectors < 0, 1.0, np.maximum(gap, 1.0))
    return np.where(lying_flat(outcome, n), 0.0, gap)


@_pattern
def no_exit_gap(outcome: Outcome, n: int) -> np.ndarray:
    """The defectors (at least 1 where the pattern fails); 1 where there is no pure
    equilibrium; 0 where the pattern holds."""
    gap = np.where(outcome.defectors < 0, 1.0, outcome.defectors.astype(float))
    return np.where(no_exit(outcome, n), 0.0, gap)


#: The mechanisms' plausible ranges and the reason for each (symbol to ``((low, high), reason)``).
MECHANISM_RANGES = {
    "token_weight": ((0.1, 0.6), "National-list items are delivered (全面且成效显著), so a token "
                     "complier counts for something; self-organised innovation is gone, so well "
                     "below a cooperator."),
    "token_spillover": ((0.3, 0.9), "A token complier is formally in, so its residents get at "
                        "least a defector's spillover, less than a full member's."),
    "token_credit": ((0.3, 1.0), "Meeting upper-level requirements is one of the selective "
                     "benefits; it cannot exceed the whole selective benefit."),
    "token_cost_share": ((0.0, 0.3), "Token compliers keep some administrative contact (joint "
                         "conference, special windows)."),
    "token_autonomy_share": ((0.1, 0.5), "Paper compliance keeps most de facto discretion "
                             "(O'Brien and Li 1999; Meyer and Rowan 1977), but a complier still "
                             "implements the national list."),
    "detection": ((0.0, 0.2), "Inspections exist, but collusion with immediate superiors "
                  "(Zhou 2010) lets most paper compliance pass."),
    "detection_by_information": ((0.1, 0.6), "Digital supervision raises detection (Greenstone "
                                 "et al. 2022) but also invites token entries."),
    "detected_sanction": ((0.05, 0.6), "Formalism is sanctioned, less visibly than open "
                          "non-compliance (constrained below the exit penalty)."),
    "expected_penalty": ((0.1, 0.6), "Naming (点名) of inaction: a reputational and career "
                         "penalty below the benefit of the service (彭小兵、彭洋)."),
    "standards_on_coordination": ((0.3, 0.9), "The cross-province breakthrough is credited to "
                                  "unified codes and standards; business standards are still "
                                  "not unified in 2023."),
    "standards_on_negotiation": ((0.3, 0.9), "Unified standards cut the coordination cost of "
                                 "agreeing on them; verbal agreements remain."),
    "standards_on_enforcement": ((0.3, 0.9), "Weak standards raise enforcement cost; unified "
                                 "ones cut it, not entirely."),
    "standards_on_defection": ((0.0, 0.5), "Regional rules bind somewhat; standards alone do "
                               "not stop a city walking away."),
    "standards_autonomy": ((0.0, 0.2), "Standards cost little autonomy: provinces adapted "
                           "their platforms but kept their features."),
    "authority_on_coordination": ((0.0, 0.3), "Mandated lists fix which items, not how "
                                  "systems interoperate."),
    "authority_on_negotiation": ((0.0, 0.3), "A list settles which items; bargaining over how "
                                 "remains."),
    "authority_on_enforcement": ((0.0, 0.3), "Listed items are inspected; the rest is not."),
    "authority_on_defection": ((0.3, 0.9), "Reneging on a listed item becomes sanctionable; no "
                               "exits were observed under the lists."),
    "information_on_coordination": ((0.2, 0.7), "Guidance and technical support help, never "
                                    "completely."),
    "information_on_information_cost": ((0.3, 0.8), "Guidance, technical and expert support."),
    "signal_boost": ((0.0, 1.0), "National commendation circulars raise credit; no magnitude "
                     "is reported."),
    "incentive_subsidy": ((0.0, 0.5), "Material support (technology, equipment, talent, "
                          "funds), below the benefit of the service."),
    "innovation_crowding": ((0.5, 2.0), "No magnitude in the sources: below 1 the first "
                            "mandated items take most of the freedom, above 1 only heavy ones."),
    "outside_on_negotiation": ((0.0, 1.0), "Bargaining inside the group gets 'ever higher' "
                               "(协商成本越来越高) as partners can be found nationally; at most "
                               "doubling."),
    "outside_on_coordination": ((0.0, 1.0), "Coordination risk inside the group gets 'ever "
                                "higher' for the same reason."),
    "platform_substitution": ((0.3, 0.8), "The group's own platform became a 'sample' (样品) "
                              "once the higher-level platform came online, yet the nine still "
                              "built a zone on it."),
    "setup_cost": ((0.1, 0.5), "A real cost (equipment, development: 试运行的成本), below the "
                   "benefit: the pilots did go first."),
    "joiner_saving": ((0.3, 0.9), "Joiners connect to equipment already developed, yet still "
                      "have to connect and coordinate."),
    "pilot_support": ((0.0, 0.5), "The 2019 provincial support to Songjiang; the same scale as "
                      "the incentive subsidy."),
    "negotiation_exponent": ((0.5, 1.5), "'The more actors, the higher the cost'; 1 is "
                             "bilateral links, above 1 unanimity, below 1 a joint office."),
    "autonomy_exponent": ((1.5, 3.0), "Convex; no data."),
    "enforcement_cost": ((0.05, 0.5), "Verbal agreements make enforcement costly."),
    "autonomy_cost": ((0.3, 1.5), "At a full mandate the loss can rival the whole benefit "
                      "('we can do very little once the state is in')."),
    "defection_risk": ((0.1, 0.4), "Verbal agreements and leader turnover make reneging "
                       "likely."),
    "spillover": ((0.1, 0.6), "Cross-province handling needs the home city's back office, so "
                  "a non-member's residents get much less."),
    "selective_benefit": ((0.2, 0.8), "Credit, reputation, the ticket into the data platform, "
                          "meeting upper-level requirements."),
    "innovation_value": ((0.1, 0.6), "Highest where everything was new ('a blank sheet')."),
}


def prior(overrides: Mapping[str, tuple[tuple[float, float], str]],
          constraints: tuple = ()) -> Prior:
    """The mechanisms' ranges with a case's own (``overrides``) and its constraints."""
    if not isinstance(overrides, Mapping) or not all(
            isinstance(v, tuple | list) and len(v) == 2 and isinstance(v[1], str)
            for v in overrides.values()):
        raise TypeError("overrides must map each symbol to ((low, high), reason), got "
                        f"{overrides!r}")
    ranges = MECHANISM_RANGES | dict(overrides)
    try:
        return Prior({k: v[0] for k, v in ranges.items()}, {k: v[1] for k, v in ranges.items()},
                     constraints)
    except (TypeError, ValueError) as error:
        if any(str(symbol) in str(error) for symbol in overrides):
            raise type(error)(f"overrides: {error}") from None
        raise


#: The orderings the sources impose on token compliance (constraints of both priors).
ORDERED_TOKEN = (
    ("a token complier gets at least a defector's spillover",
     lambda c: c["token_spillover"] >= c["spillover"]),
    ("detected paper compliance is sanctioned less than open exit",
     lambda c: c["detected_sanction"] <= c["expected_penalty"]))

