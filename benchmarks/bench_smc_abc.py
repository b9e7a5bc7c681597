"""Sequential Monte Carlo ABC against rejection on the Yangtze River Delta (about 1 % of
prior draws accepted): model evaluations and seconds per accepted draw, the agreement of
the two samples (largest per-parameter Kolmogorov–Smirnov statistic and its Bonferroni
p-value, :func:`~ica_model.analysis.smc_abc.marginal_agreement`), and the time 10**5
accepted draws would take at the measured rates.

Then the same on regions of 1 %, 0.1 % and 0.01 % of a six-dimensional box (the
region of ``tests/unit/test_smc_abc.py``, shrunk), where rejection's cost per accepted
draw grows as the inverse of the region's mass and SMC's about as its logarithm.

Run: ``python benchmarks/bench_smc_abc.py [particles]`` (prints a table; not a test).
Timings are wall-clock on whatever else the machine is doing: compare the ratios.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from ica_model.analysis.calibration import calibrate
from ica_model.analysis.calibration_smc import fact_distance, fact_prior
from ica_model.analysis.smc_abc import UniformBox, marginal_agreement, smc_abc
from ica_model.cases import CASES

CASE = "yangtze_river_delta"


def main(particles: int = 1000) -> None:
    start = time.perf_counter()
    rejection = calibrate(CASE, draws=300 * particles, rng=11, progress=False)
    seconds = time.perf_counter() - start
    accepted = rejection.accepted.to_numpy()
    first, second = accepted[:particles], accepted[particles:2 * particles]
    rate = len(accepted) / seconds
    print(f"rejection: {rejection.draws:,} draws, {len(accepted):,} accepted "
          f"({rejection.share:.2%}), {seconds:.1f} s; {rejection.draws / len(accepted):.0f} "
          f"draws per accepted; 10**5 accepted in {1e5 / rate / 60:.1f} min")
    print(f"  two rejection samples of {particles}: KS max, Bonferroni p = "
          f"{marginal_agreement(first, second)}")
    facts = CASES[CASE]
    scenario = facts.scenario()
    _, prior = fact_prior(facts, scenario)
    for graded, decorrelation in ((True, 0.1), (True, 0.4), (False, 0.1)):
        start = time.perf_counter()
        result = smc_abc(prior, fact_distance(facts, scenario, graded), particles, rng=7,
                         decorrelation=decorrelation, progress=False)
        seconds = time.perf_counter() - start
        print(f"SMC {'graded' if graded else 'counted'} distance, decorrelation "
              f"{decorrelation}: {result.evaluations:,} evaluations "
              f"({result.evaluations / particles:.0f} "
              f"per particle), {seconds:.1f} s; 10**5 in {1e5 / particles * seconds / 60:.1f}"
              f" min; last generation: {result.survivors[-1]} survivors, "
              f"{result.moves[-1]} moves, ancestor correlation "
              f"{result.ancestor_correlation:.3f}, effective size "
              f"{result.effective_size:.0f}")
        print(f"  against rejection: KS max, Bonferroni p = "
              f"{marginal_agreement(result.particles, first)}")

    box = UniformBox(np.zeros(6), np.ones(6))
    for total, product in ((2.2, 0.5), (2.5, 0.7), (2.7, 0.8)):
        def distance(theta: np.ndarray, bound: float, total: float = total,
                     product: float = product) -> np.ndarray:
            return (np.maximum(total - theta[:, :3].sum(axis=1), 0.0)
                    + np.maximum(product - theta[:, 3] * theta[:, 4], 0.0)
                    + np.maximum(theta[:, 5] - theta[:, 0], 0.0))

        draws = np.random.default_rng(1).random((4_000_000, 6))
        inside = draws[distance(draws, 0.0) == 0]
        result = smc_abc(box, distance, particles, rng=2, progress=False)
        print(f"box region of mass {len(inside) / len(draws):.1e}: rejection "
              f"{len(draws) / len(inside):,.0f} draws per accepted, SMC "
              f"{result.evaluations / particles:.0f} evaluations per particle "
              f"({len(result.tolerances)} generations); KS max, Bonferroni p = "
              f"{marginal_agreement(result.particles, inside[:particles])}")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
