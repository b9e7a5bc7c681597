"""ica_model: game-theoretic models of Institutional Collective Action (ICA).

Neighbouring governments choose whether to cooperate on a shared service; cooperation
costs information, negotiation, enforcement and autonomy, risks coordination failure,
unfair distribution and defection, and a higher authority can intervene. The package has
three layers, and imports run one way, down:

* :mod:`ica_model.engine`: games, solvers, dynamics, repeated play and cooperative games
  that know nothing of the ICA model;
* :mod:`ica_model.model`: the ICA model: its parameters, the payoffs in sympy (the single
  source of truth), numeric payoffs derived from them, closed forms and the records of a
  case's evidence;
* :mod:`ica_model.analysis`: the followers' response, the leader's optimum, stability
  metrics, coalitions, diffusion, sweeps and calibration;
* :mod:`ica_model.cases`: the named cases, one module each: actors, epochs, facts with
  their sources, priors with their reasons, and the representative draw;

with the experiments (:mod:`ica_model.experiments`) and the command line on top. The
most used names are importable from here; they are loaded on first use, so
``import ica_model`` is fast.

Examples
--------
>>> import ica_model as ica
>>> scenario = ica.cases.g60()
>>> game = ica.scenario_game(scenario, ica.Intervention(authority=0.4, incentive=0.1,
...                                                     information=0.3))
>>> result = ica.pure_equilibria(game)
>>> result.method, len(result.equilibria) > 0
('pure_enumeration', True)
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("ica_model")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

#: Public name -> the module that defines it (loaded on first access).
_EXPORTS = {
    # the ICA model
    "Actor": "model.parameters",
    "Costs": "model.parameters",
    "Distribution": "model.parameters",
    "Intervention": "model.parameters",
    "InterventionEffects": "model.parameters",
    "Risks": "model.parameters",
    "Scenario": "model.parameters",
    "Terms": "model.parameters",
    "TokenCompliance": "model.parameters",
    "scenario_game": "model.payoffs",
    "symmetric_game": "model.payoffs",
    "symmetric_payoff": "model.payoffs",
    "comparative_statics": "model.closed_form",
    "cooperation_margins": "model.closed_form",
    "critical_authority": "model.closed_form",
    "critical_authority_roots": "model.closed_form",
    "critical_group_size": "model.closed_form",
    "full_cooperation_margin": "model.closed_form",
    # the generic engine
    "NormalFormGame": "engine.game",
    "Equilibrium": "engine.solvers",
    "EquilibriumResult": "engine.solvers",
    "SymmetricEquilibrium": "engine.solvers",
    "SymmetricGame": "engine.solvers",
    "mixed_equilibria": "engine.solvers",
    "pure_equilibria": "engine.solvers",
    "pure_equilibria_by_counts": "engine.solvers",
    "support_enumeration": "engine.solvers",
    "symmetric_equilibria": "engine.solvers",
    "vertex_enumeration": "engine.solvers",
    # analyses
    "follower_response": "analysis.follower",
    "AuthorityPreferences": "analysis.leader",
    "cooperation_intervals": "analysis.leader",
    "optimal_intervention": "analysis.leader",
    "stability_metrics": "analysis.stability",
}

#: Modules reachable as attributes (``ica.cases.g60()``).
_MODULES = {
    "cases": "cases",
    "closed_form": "model.closed_form",
    "symbolic": "model.symbolic",
    "coalitions": "analysis.coalitions",
    "dynamics": "engine.evolutionary.dynamics",
    "evolutionary": "engine.evolutionary",
    "repeated": "engine.repeated",
    "textbook": "engine.textbook",
    "follower": "analysis.follower",
    "leader": "analysis.leader",
    "stability": "analysis.stability",
    "sweeps": "analysis.sweeps",
    "tripartite": "analysis.tripartite",
    "engine": "engine",
    "model": "model",
    "analysis": "analysis",
}

__all__ = sorted([*_EXPORTS, *(name for name in _MODULES
                               if name not in ("engine", "model", "analysis"))])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    elif name in _MODULES:
        value = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_MODULES})


if TYPE_CHECKING:  # what static type checkers see
    from . import analysis, cases, engine, model
    from .analysis import coalitions, follower, leader, stability, sweeps, tripartite
    from .analysis.follower import follower_response
    from .analysis.leader import AuthorityPreferences, cooperation_intervals, optimal_intervention
    from .analysis.stability import stability_metrics
    from .engine import evolutionary, repeated, textbook
    from .engine.evolutionary import dynamics
    from .engine.game import NormalFormGame
    from .engine.solvers import (
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
    from .model import closed_form, symbolic
    from .model.closed_form import (
        comparative_statics,
        cooperation_margins,
        critical_authority,
        critical_authority_roots,
        critical_group_size,
        full_cooperation_margin,
    )
    from .model.parameters import (
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
    from .model.payoffs import scenario_game, symmetric_game, symmetric_payoff
