r"""Small cases solved exactly: subgame-perfect paths by backward induction over every history.

With two or three governments and a few years, every history of pure profiles can be listed:
:math:`(3^n)^t` histories at year :math:`t`. The state at each history follows from the laws of
motion; from the last year back, each history's stage game is augmented by the discounted
value of the history it leads to,

.. math::

    W_i(h, a) = U_i(s_h, a) + \beta\, V_i(h a), \qquad V_i(h) = W_i(h, a^*(h)),

and :math:`a^*(h)` is its selected pure equilibrium (the same rule as every stage game:
most cooperators, then the largest total). The path from the empty history is the
subgame-perfect path (with that selection); with :math:`\beta = 0` it is the myopic path.

It is the independent check of :func:`ica_model.history.path.simulate_history`: the myopic path must
equal it at :math:`\beta = 0`, and the forward-looking approximation is measured against it.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .._validation import check_instance, check_int, check_real, generator_of
from ..model.history_records import CaseHistory
from . import path as _path
from .stage import select_equilibria

__all__ = ["NoPureEquilibrium", "check_approximation", "small_case", "subgame_perfect_path"]


class NoPureEquilibrium(RuntimeError):
    """A stage game at some history (on or off the path) has no pure equilibrium, so there
    is no subgame-perfect path in pure strategies with the selection rule."""

#: Histories listed at most (memory: the stage payoffs of the last-but-one year).
MAX_HISTORIES = 200_000


def small_case(n: int = 2, years: int = 3) -> CaseHistory:
    """The first ``n`` G60 cities over the corridor's first ``years`` years."""
    g60 = _path.case_history("g60")
    n = check_int("n", n, 1, 3)
    years = check_int("years", years, 1, len(g60.years))
    chosen = g60.years[:years]
    return CaseHistory(f"g60_first_{n}", f"the first {n} G60 cities", g60.governments[:n],
                       chosen,
                       {y: g60.epoch_of_year[y] for y in chosen},
                       tuple(e for e in g60.events if e.year in chosen),
                       {y: v for y, v in g60.rival.items() if y in chosen})


def small_context(case: CaseHistory, draws: int | None, terms: frozenset[str],
                  rng: np.random.Generator) -> _path._Context:
    """A path context for :func:`small_case`: the first ``n`` G60 cities, with the snapshot
    parameters drawn from the G60 prior (``draws``) or at the representative point
    (``None``), and the dynamic terms' ranges; a district case as :func:`simulate_history` has it."""
    if case.district:
        return _path._context(case, draws, terms, rng, None)
    n = len(case.governments)
    full = _path._context(_path.case_history("g60"), draws, terms, rng, None)
    keep = [name for name in full.base if "." not in name or int(name.partition(".")[2]) < n]
    if full.scenario is None:        # pragma: no cover - the G60 case has one
        raise ValueError("the G60 case has no snapshot scenario")
    scenario = dataclasses.replace(full.scenario, actors=full.scenario.actors[:n])
    return dataclasses.replace(full, case=case, scenario=scenario,
                               base={name: full.base[name] for name in keep},
                               channels=full.channels[:n])


def subgame_perfect_path(ctx: _path._Context, discount: float) -> np.ndarray:
    """The subgame-perfect path of one draw (``ctx.size == 1``): actions (years, n).

    Raises
    ------
    ValueError
        If the draw count is not 1, or the histories would exceed :data:`MAX_HISTORIES`.
    NoPureEquilibrium
        If a stage game at some history has no pure equilibrium.
    """
    check_instance("ctx", ctx, _path._Context, "a history's context (exact.small_context)")
    discount = check_real("discount", discount, 0.0, 1.0, high_open=True)
    if ctx.size != 1:
        raise ValueError(f"subgame_perfect_path solves one draw at a time, got {ctx.size}")
    years, n = ctx.case.years, len(ctx.case.governments)
    actions = 2 if ctx.case.district else 3
    profiles = np.indices((actions,) * n).reshape(n, -1).T
    count = len(profiles)
    if count ** (len(years) - 1) > MAX_HISTORIES:
        raise ValueError(f"{count}**{len(years) - 1} histories exceed MAX_HISTORIES="
                         f"{MAX_HISTORIES}; use fewer governments or years")
    states = [_path._initial_state(1, n, ctx.case.first_mover)]
    for t in range(len(years) - 1):          # the state at every history of each year
        size = count ** t
        sub = ctx.take(np.zeros(size * count, dtype=np.intp))
        repeated = {k: np.repeat(v, count, axis=0) for k, v in states[t].items()}
        chosen = np.tile(profiles, (size, 1))
        states.append(_path.advance(sub, t, repeated, chosen, _path._mandate(sub, years[t])))
    value = np.zeros((count ** len(years), n))
    chosen_index: list[np.ndarray] = []
    for t in range(len(years) - 1, -1, -1):
        size = count ** t
        sub = ctx.take(np.zeros(size, dtype=np.intp))
        payoffs, k, _, _ = _path._stage(sub, years[t], states[t], None)
        payoffs = payoffs + discount * value.reshape(size, count, n)
        selected = select_equilibria(payoffs, k)
        if (selected.index < 0).any():
            raise NoPureEquilibrium(f"a stage game of year {years[t]} has no pure equilibrium")
        value = selected.payoffs
        chosen_index.insert(0, selected.index)
    path, history = [], 0
    for t in range(len(years)):
        index = int(chosen_index[t][history])
        path.append(profiles[index])
        history = history * count + index
    return np.array(path)


def check_approximation(n: int = 2, years: int = 3, draws: int = 20, rng: object = 0
                        ) -> dict[str, float]:
    """Agreement of the path solutions with the subgame-perfect path on small cases.

    For ``draws`` draws of the G60 prior and the dynamic terms' ranges on
    :func:`small_case` (``n = 1``: 陈璐's A district over its five years): the share of
    draws whose myopic path equals the backward induction at :math:`\\beta = 0` (it must be
    1: an independent check of the path code), and the shares whose myopic and
    forward-looking paths equal the subgame-perfect path at the draw's discount. Draws where
    a stage game at some history has no pure equilibrium have no such path: ``solved``
    counts the others, and the shares are of those.

    Examples
    --------
    >>> check_approximation(n=2, years=2, draws=2)["myopic_equals_backward_induction"]
    1.0
    """
    n, draws = check_int("n", n, 1), check_int("draws", draws, 1, 10**5)
    generator = generator_of(rng)
    case = _path.case_history("a_district") if n == 1 else small_case(n, years)
    counts = {"myopic_equals_backward_induction": 0, "myopic_equals_subgame_perfect": 0,
              "forward_equals_subgame_perfect": 0, "forward_converged": 0}
    solved = 0
    for _ in range(draws):
        ctx = small_context(case, 1, _path.TERMS_ALL, generator)
        beta = float(ctx.parameters["discount"][0])
        try:
            perfect = subgame_perfect_path(ctx, beta)
            at_zero = subgame_perfect_path(ctx, 0.0)
        except NoPureEquilibrium:
            continue
        solved += 1
        myopic = _path.solve_paths(ctx, forward=False)
        forward = _path.solve_paths(ctx, forward=True)
        counts["myopic_equals_backward_induction"] += bool((myopic.actions[0] == at_zero).all())
        counts["myopic_equals_subgame_perfect"] += bool((myopic.actions[0] == perfect).all())
        counts["forward_equals_subgame_perfect"] += bool((forward.actions[0] == perfect).all())
        counts["forward_converged"] += bool(forward.converged[0])
    return {"governments": float(n), "years": float(years), "draws": float(draws),
            "solved": float(solved)} | {name: count / solved if solved else float("nan")
                                        for name, count in counts.items()}
