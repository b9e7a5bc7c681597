r"""Compiled kernels of the follower's equilibrium test (numba, an optional accelerator).

Internal to :mod:`ica_model.analysis.follower`, which loads this module only through
:func:`ica_model.runtime.accel.compiled` (so ``import ica_model`` never imports numba, and
everything works without it). The kernels compute what the numpy functions ``_content``
and ``_counts`` of the follower compute, in one pass each instead of about twenty
whole-array passes: who is content with its action at each state (each payoff formed from
its affine parts where it is compared, never stored), and the number of equilibrium
profiles with each state. The products, sums and comparisons are the same floating-point
operations, so the results are identical (``tests/unit/test_follower_paths.py``).

Every function is compiled with ``cache=True`` (on disk), so the compilation is paid once
per installation.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy")
def content_from_parts(coefficient, output, remainder, slack, stay, as_defector, as_token):
    """Fill ``(stay, as_defector, as_token)``, each shaped ``(V, n, T, H)``: a cooperator
    gains nothing by leaving, an outsider nothing by joining or by switching between
    defecting and complying on paper (within ``slack``, shape ``(V, n)``); ``as_token`` has
    no token axis when nobody can comply on paper. Each payoff is formed where it is
    compared, never stored:
    ``U_a[v, i, t, j] = coefficient[a][v, i, j] * output[a][v, t, j] + remainder[a][v, i, j]``
    (:class:`~ica_model.model.payoffs.StateParts`; the same product and sum as the
    assembled arrays, so the same flags). ``coefficient``, ``output`` and ``remainder`` are
    tuples with one array per action (two or three)."""
    size, n, width, half = stay.shape
    with_token = len(coefficient) == 3
    c_coefficient, d_coefficient = coefficient[0], coefficient[1]
    c_output, d_output = output[0], output[1]
    c_remainder, d_remainder = remainder[0], remainder[1]
    k_coefficient, k_output, k_remainder = coefficient[-1], output[-1], remainder[-1]
    last = width - 1 if with_token else width
    for v in range(size):
        for i in range(n):
            s = slack[v, i]
            if with_token:
                for j in range(half):
                    as_token[v, i, 0, j] = False   # nobody complies on paper: not a token complier
            for t in range(last):
                for j in range(half):
                    c = c_coefficient[v, i, j] * c_output[v, t, j] + c_remainder[v, i, j]
                    d = d_coefficient[v, i, j] * d_output[v, t, j] + d_remainder[v, i, j]
                    if with_token:
                        k = k_coefficient[v, i, j] * k_output[v, t + 1, j] + k_remainder[v, i, j]
                        stay[v, i, t, j] = c >= np.maximum(d, k) - s
                        as_defector[v, i, t, j] = d >= np.maximum(c, k) - s
                        as_token[v, i, t + 1, j] = k >= np.maximum(c, d) - s
                    else:
                        stay[v, i, t, j] = c >= d - s
                        as_defector[v, i, t, j] = d >= c - s
            if with_token:
                t = width - 1      # the last token count leaves no room to comply on paper
                for j in range(half):
                    c = c_coefficient[v, i, j] * c_output[v, t, j] + c_remainder[v, i, j]
                    d = d_coefficient[v, i, j] * d_output[v, t, j] + d_remainder[v, i, j]
                    stay[v, i, t, j] = c >= d - s
                    as_defector[v, i, t, j] = d >= c - s
    return stay, as_defector, as_token


@njit(cache=True, error_model="numpy")
def counts(stay, as_defector, as_token, valid_defect, valid_token, binomials, result, summary):
    """Fill ``result`` with the number of equilibrium profiles with each state, shape
    ``(V, T, 2**n)``, and ``summary`` (shape ``(V, 3)``) with each point's number of
    equilibrium profiles and the most and the fewest cooperators in one (-1: none).

    A state (cooperator set ``S`` as a bitmask, ``t`` token compliers) holds equilibria
    when every member stays and every outsider is content in some role; then
    ``C(both, t - only_token)`` profiles (the follower's module docstring). ``as_token``
    has T = 0 entries along its third axis when token compliance is off; ``valid_*`` are
    the meaningful (token count, compact index) pairs; ``binomials[a, b + n]`` = C(a, b).
    """
    size, n, width, half = stay.shape
    with_token = as_token.shape[2] > 0
    for v in range(size):
        total, most, fewest = 0, -1, n + 1
        for t in range(width):
            for state in range(2 * half):
                members, both, only_token = 0, 0, 0
                holds = True
                for i in range(n):
                    low = (1 << i) - 1
                    j = (state & low) | ((state >> (i + 1)) << i)     # compact: bit i dropped
                    if (state >> i) & 1:
                        members += 1
                        holds = stay[v, i, t, j]
                    else:
                        defect_ok = as_defector[v, i, t, j] and valid_defect[t, j]
                        token_ok = with_token and as_token[v, i, t, j] and valid_token[t, j]
                        if token_ok:
                            if defect_ok:
                                both += 1
                            else:
                                only_token += 1
                        holds = defect_ok or token_ok
                    if not holds:
                        break
                if not holds or (with_token and t > n - members):
                    result[v, t, state] = 0
                else:
                    ways = binomials[both, t - only_token + n] if with_token else 1
                    result[v, t, state] = ways
                    if ways > 0:
                        total += ways
                        most = max(most, members)
                        fewest = min(fewest, members)
        summary[v, 0], summary[v, 1] = total, most
        summary[v, 2] = fewest if most >= 0 else -1
    return result


@njit(cache=True, error_model="numpy")
def extreme_states(count, summary, sizes):
    """The point, token count and cooperator set (shape ``(3, k)``) of each state that holds
    equilibria with the most or the fewest cooperators of its point (``summary[:, 1:]``),
    in C order: what ``np.nonzero(count)`` gives, less the states the selection never
    looks at."""
    size, width, states = count.shape
    held = np.empty((3, 0), dtype=np.int64)
    for fill in range(2):                 # count them, then write them
        found = 0
        for v in range(size):
            most, fewest = summary[v, 1], summary[v, 2]
            if most < 0:
                continue
            for t in range(width):
                for state in range(states):
                    if count[v, t, state] > 0 and (sizes[state] == most
                                                   or sizes[state] == fewest):
                        if fill:
                            held[0, found], held[1, found], held[2, found] = v, t, state
                        found += 1
        if not fill:
            held = np.empty((3, found), dtype=np.int64)
    return held
