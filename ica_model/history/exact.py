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

It is the independent check of :func:`ica_model.history.path.simulate`: the myopic path must
equal it at :math:`\beta = 0`, and the forward-looking approximation is measured against it.
"""

from __future__ import annotations

import numpy as np

from ..model.cases import EPOCH_LEVELS, symmetric
from . import path as _path
from .cases import G60, CaseHistory
from .stage import lying_flat_scenario, select_equilibria

__all__ = ["small_case", "subgame_perfect_path"]

#: Histories listed at most (memory: the stage payoffs of the last-but-one year).
MAX_HISTORIES = 200_000


def small_case(n: int = 2, years: int = 3) -> CaseHistory:
    """A G60-like case with ``n`` identical governments over its first ``years`` years."""
    if not 1 <= n <= 3 or not 1 <= years <= len(G60.years):
        raise ValueError(f"small_case: n must lie in [1, 3] and years in [1, {len(G60.years)}], "
                         f"got n={n}, years={years}")
    chosen = G60.years[:years]
    return CaseHistory(f"small{n}", f"{n} identical G60-like governments",
                       tuple(f"g{i}" for i in range(n)), chosen,
                       {y: G60.epoch_of_year[y] for y in chosen},
                       tuple(e for e in G60.events if e.year in chosen),
                       {y: v for y, v in G60.rival.items() if y in chosen})


def small_context(case: CaseHistory, draws: int | None, terms: frozenset[str],
                  rng: np.random.Generator) -> _path._Context:
    """A path context for :func:`small_case` (the symmetric scenario of the G60 corridor)."""
    ctx = _path._context(case, draws, terms, rng, None) if case.district else None
    if ctx is not None:
        return ctx
    size = 1 if draws is None else draws
    dynamic = _path.dynamic_parameters(draws, rng)
    scenario = lying_flat_scenario(symmetric(n=len(case.governments)))
    levels = {epoch: {kind: np.full(size, value) for kind, value in values.items()}
              for epoch, values in EPOCH_LEVELS["g60"].items()}
    return _path._Context(case, scenario, {}, levels, dynamic, terms,
                          np.zeros(len(case.governments)))


def subgame_perfect_path(ctx: _path._Context, discount: float) -> np.ndarray:
    """The subgame-perfect path of one draw (``ctx.size == 1``): actions (years, n).

    Raises
    ------
    ValueError
        If the draw count is not 1, or the histories would exceed :data:`MAX_HISTORIES`.
    """
    if ctx.size != 1:
        raise ValueError(f"subgame_perfect_path solves one draw at a time, got {ctx.size}")
    years, n = ctx.case.years, len(ctx.case.governments)
    actions = 2 if ctx.case.district else 3
    profiles = np.indices((actions,) * n).reshape(n, -1).T
    count = len(profiles)
    if count ** (len(years) - 1) > MAX_HISTORIES:
        raise ValueError(f"{count}**{len(years) - 1} histories exceed MAX_HISTORIES="
                         f"{MAX_HISTORIES}; use fewer governments or years")
    states = [_path._initial_state(1, n)]
    for t in range(len(years) - 1):          # the state at every history of each year
        size = count ** t
        sub = ctx.take(np.zeros(size * count, dtype=np.intp))
        repeated = {k: np.repeat(v, count, axis=0) for k, v in states[t].items()}
        chosen = np.tile(profiles, (size, 1))
        states.append(_path.advance(sub, t, repeated, chosen, _path._mandate(sub, years[t]),
                                     False, np.random.default_rng(0)))
    value = np.zeros((count ** len(years), n))
    chosen_index: list[np.ndarray] = []
    for t in range(len(years) - 1, -1, -1):
        size = count ** t
        sub = ctx.take(np.zeros(size, dtype=np.intp))
        payoffs, k, _, _ = _path._stage(sub, years[t], states[t], None)
        payoffs = payoffs + discount * value.reshape(size, count, n)
        selected = select_equilibria(payoffs, k)
        if (selected.index < 0).any():
            raise RuntimeError(f"a stage game of year {years[t]} has no pure equilibrium")
        value = selected.payoffs
        chosen_index.insert(0, selected.index)
    path, history = [], 0
    for t in range(len(years)):
        index = int(chosen_index[t][history])
        path.append(profiles[index])
        history = history * count + index
    return np.array(path)
