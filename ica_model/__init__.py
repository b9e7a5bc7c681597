"""ica_model: game-theoretic models of Institutional Collective Action (ICA).

Neighbouring governments choose whether to cooperate on a shared service; cooperation
costs information, negotiation, enforcement and autonomy, risks coordination failure,
unfair distribution and defection, and a higher authority can intervene by authority,
incentive or information. The payoffs are built once in sympy
(:mod:`ica_model.symbolic`); games, solvers and closed forms derive from them.

Examples
--------
>>> import ica_model as ica
>>> scenario = ica.cases.g60()
>>> game = scenario.game(ica.Intervention(authority=0.4, incentive=0.1, information=0.3))
>>> result = ica.pure_equilibria(game)
>>> result.method, all(eq.regret <= result.tolerance for eq in result.equilibria)
('pure_enumeration', True)
"""

from importlib.metadata import PackageNotFoundError, version

from . import (
    cases,
    closed_form,
    coalitions,
    dynamics,
    intervention,
    repeated,
    response,
    stability,
    symbolic,
    textbook,
)
from .closed_form import (
    comparative_statics,
    cooperation_margins,
    critical_authority,
    critical_authority_roots,
    critical_group_size,
    full_cooperation_margin,
)
from .game import NormalFormGame
from .intervention import AuthorityPreferences, cooperation_intervals, optimal_intervention
from .model import scenario_game, symmetric_game, symmetric_payoff
from .parameters import (
    Actor,
    Costs,
    Distribution,
    Intervention,
    InterventionEffects,
    Risks,
    Scenario,
    Terms,
    TokenCompliance,
)
from .response import local_response
from .solvers import (
    Equilibrium,
    EquilibriumResult,
    SymmetricEquilibrium,
    SymmetricGame,
    mixed_equilibria,
    pure_equilibria,
    pure_equilibria_by_counts,
    support_enumeration,
    symmetric_equilibria,
    vertex_enumeration,
)
from .stability import stability_metrics

try:
    __version__ = version("ica_model")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Actor",
    "AuthorityPreferences",
    "Costs",
    "Distribution",
    "Equilibrium",
    "EquilibriumResult",
    "Intervention",
    "InterventionEffects",
    "NormalFormGame",
    "Risks",
    "Scenario",
    "SymmetricEquilibrium",
    "SymmetricGame",
    "Terms",
    "TokenCompliance",
    "cases",
    "closed_form",
    "coalitions",
    "comparative_statics",
    "cooperation_intervals",
    "cooperation_margins",
    "critical_authority",
    "critical_authority_roots",
    "critical_group_size",
    "dynamics",
    "full_cooperation_margin",
    "intervention",
    "local_response",
    "mixed_equilibria",
    "optimal_intervention",
    "pure_equilibria",
    "pure_equilibria_by_counts",
    "repeated",
    "response",
    "scenario_game",
    "stability",
    "stability_metrics",
    "support_enumeration",
    "symbolic",
    "symmetric_equilibria",
    "symmetric_game",
    "symmetric_payoff",
    "textbook",
    "vertex_enumeration",
]
