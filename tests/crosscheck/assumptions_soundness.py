"""Soundness of the joint-assumption sign decisions on random parametric games.

Each game is a random two-population 2 x 2 game whose payoffs are small integer
combinations of four positive parameters (a quarter with a product of two parameters);
each comes with a random set of one to three stated assumptions (random linear
inequalities). The eigenvalues at one random vertex are decided by
:func:`~ica_model.engine.evolutionary.assumptions.decide_sign` under the assumptions in
the order drawn and in the reverse order. Checks:

* every certificate verifies exactly;
* the two orders give the same sign;
* at 4,000 random points that satisfy the assumptions, no decided sign is contradicted.

The test suite (``tests/unit/test_evolutionary_assumptions.py``) runs a few hundred games;
run the large version as a script: ``python tests/crosscheck/assumptions_soundness.py
--games 10000`` (prints the counts; exits 1 on any contradiction). Not collected by pytest.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass

import numpy as np
import sympy as sp

from ica_model.engine.evolutionary import PopulationGame
from ica_model.engine.evolutionary.assumptions import decide_sign, facts_from

PARAMETERS = sp.symbols("a b c d", positive=True)


@dataclass
class Counts:
    games: int = 0
    decisions: int = 0
    decided: int = 0
    checked_points: int = 0
    contradictions: int = 0
    order_mismatches: int = 0
    bad_certificates: int = 0


def _linear(rng: np.random.Generator) -> sp.Expr:
    coefficients = rng.integers(-2, 3, size=len(PARAMETERS) + 1)
    return (sum(int(k) * s for k, s in zip(coefficients[:-1], PARAMETERS, strict=True))
            + int(coefficients[-1]))


def _payoff(rng: np.random.Generator) -> sp.Expr:
    value = _linear(rng)
    if rng.random() < 0.25:
        value += int(rng.choice([-1, 1])) * PARAMETERS[rng.integers(4)] * PARAMETERS[rng.integers(4)]
    return value


def random_case(rng: np.random.Generator) -> tuple[tuple[sp.Expr, ...], list]:
    """The eigenvalues at one vertex of a random game, and random assumptions."""
    payoffs = [[[_payoff(rng) for _ in range(2)] for _ in range(2)] for _ in range(2)]
    game = PopulationGame(payoffs)
    profile = tuple(int(v) for v in rng.integers(0, 2, size=2))
    assumptions = []
    while len(assumptions) < int(rng.integers(1, 4)):
        relation = _linear(rng) > _linear(rng)
        if relation not in (sp.true, sp.false):
            assumptions.append(relation)
    return game.vertex_eigenvalues(profile), assumptions


def run(games: int, seed: int = 0, points: int = 4000) -> Counts:
    rng = np.random.default_rng(seed)
    counts = Counts()
    for _ in range(games):
        eigenvalues, assumptions = random_case(rng)
        counts.games += 1
        facts = facts_from(PARAMETERS, assumptions)
        reverse = facts_from(PARAMETERS, assumptions[::-1])
        draws = np.exp(rng.uniform(np.log(1e-2), np.log(1e2), (points, len(PARAMETERS))))
        holds = np.ones(points, dtype=bool)
        for fact in facts:
            value = np.broadcast_to(sp.lambdify(PARAMETERS, fact.expression)(*draws.T), (points,))
            holds &= value > 0 if fact.strict else value >= 0
        inside = draws[holds]
        for eigenvalue in eigenvalues:
            counts.decisions += 1
            decision = decide_sign(eigenvalue, facts)
            if decide_sign(eigenvalue, reverse).sign != decision.sign:
                counts.order_mismatches += 1
            if decision.certificate is not None and not decision.certificate.verify():
                counts.bad_certificates += 1
            if decision.sign not in ("+", "-", "0"):
                continue
            counts.decided += 1
            if not len(inside):
                continue
            counts.checked_points += len(inside)
            value = np.broadcast_to(sp.lambdify(PARAMETERS, eigenvalue)(*inside.T), (len(inside),))
            wrong = {"+": value <= 0, "-": value >= 0, "0": value != 0}[decision.sign]
            counts.contradictions += int(np.count_nonzero(wrong))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args(argv)
    start = time.perf_counter()
    counts = run(arguments.games, arguments.seed)
    print(f"{counts} in {time.perf_counter() - start:.0f} s")
    return int(counts.contradictions > 0 or counts.order_mismatches > 0
               or counts.bad_certificates > 0)


if __name__ == "__main__":
    sys.exit(main())
