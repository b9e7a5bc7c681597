"""The one-population replicator field of a symmetric game against its closed form.

Run: ``python benchmarks/bench_replicator.py [--repeats 7]`` (``make bench``). For groups
of n drawn from one population (:class:`~ica_model.engine.solvers.SymmetricGame`) the
field is :math:`\\dot x_a = x_a (E_a(x) - x \\cdot E(x))`, and with two actions
:math:`\\dot p = p (1 - p) g(p)`, the gain :math:`g(p) = \\sum_j d_j B_{j,n-1}(p)` a
polynomial in Bernstein form. Printed, for one state and for a grid of states, at several
group sizes (two and three actions): the library's
:func:`~ica_model.engine.evolutionary.dynamics.replicator_field` (first call on a new game
and repeat call), a closed-form numpy evaluation written here (the Bernstein or
multinomial weights as products of powers, one matrix product), and EGTtools'
``replicator_equation_n_player`` (one state per call; GPL, a test-only dependency:
skipped when missing; where a grid would take it more than :data:`EGTTOOLS_SECONDS`, it is
timed on its first states and scaled, marked ``*``: its time is linear in the states).
Times are the best of ``--repeats`` wall-clock runs, the library and the references
interleaved; the machine may be shared, so read the ratios. Target:
the library within 2x of the closed form on grids of states.
"""

from __future__ import annotations

import argparse
import math
import os
import time
from collections.abc import Callable

import numpy as np

from ica_model import SymmetricGame
from ica_model.engine.evolutionary.dynamics import replicator_field


def _game(n: int, k: int) -> SymmetricGame:
    """A public-goods game with a volunteer's cost: C pays 1 and adds 3 to the pot shared
    by the group, T (with three actions) pays 0.4 and adds 1."""
    def payoff(action: int, counts: np.ndarray) -> np.ndarray:
        contributed = 3 * (counts[:, 0] + (action == 0))
        if k == 3:
            contributed = contributed + counts[:, 2] + (action == 2)
        return contributed / n - (action == 0) - 0.4 * (action == 2)

    return SymmetricGame(n, payoff, ("C", "D", "T")[:k])


def closed_form(game: SymmetricGame, x: np.ndarray) -> np.ndarray:
    """The field by the closed form: weights of the others' counts as products of powers
    of the shares (binomial or multinomial coefficients), one matrix product."""
    m = game.n_players - 1
    counts = game.counts
    coefficients = np.array([math.factorial(m) / math.prod(math.factorial(c) for c in row)
                             for row in counts])
    powers = np.cumprod(np.concatenate([np.ones((len(x), x.shape[1], 1)),
                                        np.repeat(x[:, :, None], m, axis=2)], axis=2), axis=2)
    weights = coefficients * np.prod([powers[:, b, counts[:, b]] for b in range(x.shape[1])],
                                     axis=0)
    values = weights @ game.table.T
    return x * (values - (x * values).sum(axis=1, keepdims=True))


def _egttools(game: SymmetricGame) -> Callable[[np.ndarray], np.ndarray] | None:
    try:
        import egttools
        from egttools.analytical import replicator_equation_n_player
    except ImportError:
        return None
    n, k = game.n_players, len(game.actions)
    row = {tuple(c): i for i, c in enumerate(game.counts)}
    matrix = np.zeros((k, egttools.calculate_nb_states(n, k)))
    for column in range(matrix.shape[1]):
        composition = np.asarray(egttools.sample_simplex(column, n, k))
        for action in range(k):
            if composition[action] > 0:
                others = composition.copy()
                others[action] -= 1
                matrix[action, column] = game.table[action, row[tuple(others)]]
    return lambda x: np.array([replicator_equation_n_player(state, matrix, n) for state in x])


#: The longest EGTtools may take on one row's grid before it is timed on a sample of its
#: states (at three actions and n = 60, one call on 1,001 states takes about 3 minutes).
EGTTOOLS_SECONDS = 2.0

#: The states that sample holds.
EGTTOOLS_SAMPLE = 20


def _egttools_ms(field: Callable[[np.ndarray], np.ndarray], x: np.ndarray, repeats: int
                 ) -> str:
    """EGTtools' time on the states ``x`` in ms: the best of ``repeats`` calls, or one call
    on their first :data:`EGTTOOLS_SAMPLE` scaled to all of them (marked ``*``) when the
    whole grid would take more than :data:`EGTTOOLS_SECONDS`."""
    sample = x[:EGTTOOLS_SAMPLE]
    scaled = _best(lambda: field(sample), 1) * len(x) / len(sample)
    if scaled * repeats > EGTTOOLS_SECONDS and len(x) > len(sample):
        return f"{scaled * 1e3:.3f}*"
    return f"{_best(lambda: field(x), repeats) * 1e3:.3f}"


def _best(function: Callable[[], object], repeats: int) -> float:
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.2f}")
    print("One-population replicator field (wall-clock best of "
          f"{args.repeats}; ratio = library / closed form; target <= 2 on grids)")
    print(f"   {'k':>2}{'n':>6}{'states':>8}{'first ms':>10}{'library ms':>12}"
          f"{'closed ms':>11}{'ratio':>7}{'EGTtools ms':>13}{'max |diff|':>12}")
    rng = np.random.default_rng(0)
    for k, n, states in ((2, 15, 1), (2, 15, 1001), (2, 100, 1001), (2, 1000, 1001),
                         (3, 15, 1), (3, 15, 1001), (3, 60, 1001)):
        game = _game(n, k)
        x = rng.dirichlet(np.ones(k), size=states)
        state = x[0] if states == 1 else x
        start = time.perf_counter()
        ours = np.atleast_2d(replicator_field(game, state))
        first = time.perf_counter() - start
        library = closed = math.inf
        for _ in range(args.repeats):          # interleaved
            library = min(library, _best(lambda g=game, s=state: replicator_field(g, s), 1))
            closed = min(closed, _best(lambda g=game, s=x: closed_form(g, s), 1))
        difference = float(np.abs(ours - closed_form(game, x)).max()) / game.scale
        theirs = _egttools(game) if n <= 100 else None
        egt = "" if theirs is None else _egttools_ms(theirs, x, min(3, args.repeats))
        print(f"   {k:2d}{n:6d}{states:8d}{first * 1e3:10.3f}{library * 1e3:12.3f}"
              f"{closed * 1e3:11.3f}{library / closed:7.2f}{egt:>13}{difference:12.1e}",
              flush=True)
    print(f"   * EGTtools timed on its first {EGTTOOLS_SAMPLE} states, scaled to the grid")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
