r"""Evolutionary games between populations, the workbench of the applied literature.

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
   :func:`simulate`, :func:`sensitivity`;
5. stochastic replicator dynamics (Itô, Gaussian white noise), Euler–Maruyama or
   Milstein: :func:`simulate_stochastic`;
6. figures: :func:`plot_time_series`, :func:`plot_phase`, :func:`plot_sensitivity`.

States are in reduced coordinates (for two strategies per population, the shares
:math:`x, y, z` choosing the first strategy); see :mod:`~ica_model.engine.evolutionary.game`
for the layout and its conversion to the full layout of :mod:`ica_model.engine.dynamics`.
"""

from .game import MAX_PROFILES, PopulationGame, default_variables
from .plotting import plot_phase, plot_sensitivity, plot_time_series
from .simulation import Simulation, initial_grid, sensitivity, simulate
from .stability import (
    StabilityRow,
    StabilityTable,
    condition_inequality,
    eigenvalue_sign,
    stability_table,
)
from .stochastic import SCHEMES, StochasticSimulation, simulate_stochastic
from .system import ORDERS, ReplicatorSystem, SymbolicRestPoint, Vertex

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
    "simulate",
    "simulate_stochastic",
    "stability_table",
]
