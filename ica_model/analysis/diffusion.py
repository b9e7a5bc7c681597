"""Point-to-point pilots spreading to the group: best-response adoption paths.

Liu Lulu (刘露露), 《数字治理跨界行动中的困境及优化策略》, describes cooperation that starts
as pilots between two eager cities and spreads to the rest, who free-ride on the pilots'
sunk costs. :func:`adoption_path` follows that story in the profile game: from a start
profile (the pilots cooperate, everyone else stays out), one actor at a time switches to
its best response, the actor with the largest gain first (ties: the first in order),
until no actor gains: a pure Nash equilibrium (verified) or, if a profile repeats, a
cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .._validation import check_int, check_names
from ..engine.game import NormalFormGame
from ..engine.solvers.verify import check_tolerance
from ..model.parameters import Intervention, Scenario, check_scenario
from ..model.payoffs import scenario_game

__all__ = ["AdoptionPath", "adoption_path"]


@dataclass(frozen=True, eq=False)
class AdoptionPath:
    """A best-response path.

    Attributes
    ----------
    profiles : tuple of tuple of int
        Profiles visited, the start first.
    movers : tuple of int
        The actor who moved at each step.
    payoffs : ndarray, shape (steps + 1, n)
        Payoffs along the path.
    converged : bool
        True if the last profile is a pure Nash equilibrium.
    """

    profiles: tuple[tuple[int, ...], ...]
    movers: tuple[int, ...]
    payoffs: np.ndarray
    converged: bool

    def cooperators(self) -> list[int]:
        """Number of cooperators (action 0) at each step."""
        return [sum(a == 0 for a in p) for p in self.profiles]


def adoption_path(scenario: Scenario, intervention: Intervention | None = None,
                  pilots: Iterable[str] = (), max_steps: int = 1000,
                  tolerance: float = 1e-9) -> AdoptionPath:
    """Best-response dynamics from "the pilots cooperate, the others stay out".

    Parameters
    ----------
    scenario : Scenario
    intervention : Intervention, optional
    pilots : iterable of str
        Names of the actors who start by cooperating.
    max_steps : int
    tolerance : float
        A switch must gain more than this (relative to the payoff scale).

    Returns
    -------
    AdoptionPath

    Examples
    --------
    >>> from ica_model.cases import g60
    >>> path = adoption_path(g60(), Intervention(authority=0.4, information=0.3),
    ...                      pilots=["Songjiang", "Jiaxing"])
    >>> path.cooperators()[0], path.cooperators()[-1], path.converged
    (2, 9, True)
    """
    check_scenario(scenario)
    max_steps = check_int("max_steps", max_steps, 1)
    tolerance = check_tolerance(tolerance)
    names = [a.name for a in scenario.actors]
    chosen = check_names("pilots", pilots, names)
    game: NormalFormGame = scenario_game(scenario, intervention)
    scale = max(1.0, float(np.abs(game.payoffs).max())) * tolerance
    profile = tuple(0 if name in chosen else 1 for name in names)
    profiles, movers, seen = [profile], [], {profile}
    converged = False
    for _ in range(max_steps):
        gains = []
        for player in range(game.n_players):
            index: list[int | slice] = list(profile)
            index[player] = slice(None)
            cell = (player, *index)
            options = game.payoffs[cell]
            gains.append((options.max() - options[profile[player]], int(options.argmax())))
        player = int(np.argmax([g for g, _ in gains]))
        if gains[player][0] <= scale:
            converged = True
            break
        profile = (*profile[:player], gains[player][1], *profile[player + 1:])
        movers.append(player)
        profiles.append(profile)
        if profile in seen:
            break
        seen.add(profile)
    payoffs = np.array([game.payoff(p) for p in profiles])
    return AdoptionPath(tuple(profiles), tuple(movers), payoffs, converged)
