r"""The evolutionary engine: replicator dynamics of symbolic and numeric games on one system,
the workbench of the applied literature.

The tripartite (or four-party) evolutionary games of the public-administration
literature, a higher authority and groups of local governments, firms or the public,
each with a few strategies, go through the same steps, and each has a function here:

1. a payoff table with symbolic parameters: :class:`PopulationGame` (any number of
   populations and strategies; :meth:`PopulationGame.from_table`, from a function, from
   a numeric game, or from the printed replicator equations,
   :meth:`PopulationGame.from_replicator`);
2. the replicator equations, the Jacobian and the rest points:
   :class:`ReplicatorSystem` (also for printed systems that are not a game's,
   :meth:`ReplicatorSystem.from_equations`);
3. the table of rest points, eigenvalues, signs and ESS conditions (Friedman's method):
   :func:`stability_table`, exported as a DataFrame, LaTeX or Markdown, and
   instantiated at numbers with :meth:`StabilityTable.at`;
4. simulations from a grid of starting shares and one-parameter sensitivity runs:
   :func:`simulate_replicator`, :func:`sensitivity`;
5. stochastic replicator dynamics (Itô, Gaussian white noise), Euler–Maruyama or
   Milstein: :func:`simulate_stochastic`;
6. figures: :func:`plot_time_series`, :func:`plot_phase`, :func:`plot_sensitivity`.

Numeric games (a :class:`~ica_model.engine.game.NormalFormGame` of populations, or one
population of a :class:`~ica_model.engine.solvers.SymmetricGame`) have their field,
classified rest points, trajectories and basins in
:mod:`~ica_model.engine.evolutionary.dynamics`, whose multi-population rest points are the
exact ones of the game's :class:`ReplicatorSystem`. Every rest point, symbolic or
numeric, is labelled in one vocabulary (:mod:`~ica_model.engine.evolutionary.labels`).
The modules import one way: :mod:`~ica_model.engine.evolutionary.labels`,
:mod:`~ica_model.engine.evolutionary.restpoints` (the vertices and face solvers) and
:mod:`~ica_model.engine.evolutionary.assumptions` beneath
:mod:`~ica_model.engine.evolutionary.game` (the game and its system), beneath the tables,
simulations, maps and numeric dynamics.

Two state layouts, on purpose, and one conversion pair. A symbolic game or a printed
system is in *reduced coordinates* (for two strategies per population, the shares
:math:`x, y, z` choosing the first strategy): the papers' coordinates, the variables of
their printed equations and the only ones a printed system that is not a game has. A
numeric game (:mod:`~ica_model.engine.evolutionary.dynamics`) is in the *full layout*
(every share of every population): its payoffs are contracted with whole distributions,
a one-population :class:`~ica_model.engine.solvers.SymmetricGame` of any number of
actions has no paper coordinates, and its logit integration needs every share.
:func:`~ica_model.engine.evolutionary.restpoints.full_layout` and
:func:`~ica_model.engine.evolutionary.restpoints.reduced_layout` convert (the
``full_state``/``reduced_state`` methods of :class:`PopulationGame` and
:class:`ReplicatorSystem` call them with the system's sizes). Rest points follow their
layout: one numeric record, :class:`~ica_model.engine.evolutionary.dynamics.RestPoint`, keeps
the full layout and gives the reduced one (``reduced``), with the Nash test a game allows and,
at numbers of a symbolic system, the name ``E1``/``M1`` the symbolic tables give it, in the
one label vocabulary.
"""

from .assumptions import condition_inequality
from .game import MAX_PROFILES, PopulationGame, ReplicatorSystem, default_variables
from .plotting import plot_phase, plot_sensitivity, plot_time_series
from .restpoints import ORDERS, SymbolicRestPoint, Vertex
from .simulation import Simulation, initial_grid, sensitivity, simulate_replicator
from .stability import (
    StabilityRow,
    StabilityTable,
    eigenvalue_sign,
    stability_table,
)
from .stochastic import SCHEMES, StochasticSimulation, simulate_stochastic

__all__ = [
    "MAX_PROFILES",
    "ORDERS",
    "SCHEMES",
    "PopulationGame",
    "ReplicatorSystem",
    "Simulation",
    "StabilityRow",
    "StabilityTable",
    "StochasticSimulation",
    "SymbolicRestPoint",
    "Vertex",
    "condition_inequality",
    "default_variables",
    "eigenvalue_sign",
    "initial_grid",
    "plot_phase",
    "plot_sensitivity",
    "plot_time_series",
    "sensitivity",
    "simulate_replicator",
    "simulate_stochastic",
    "stability_table",
]
