"""Equilibrium solvers for any normal-form game; they know nothing about the ICA model."""

from .pure import pure_equilibria
from .results import Equilibrium, EquilibriumResult, SymmetricEquilibrium
from .symmetric import SymmetricGame, pure_equilibria_by_counts, symmetric_equilibria
from .two_player import mixed_equilibria, support_enumeration, vertex_enumeration
from .verify import as_equilibrium, payoff_tolerance

__all__ = [
    "Equilibrium",
    "EquilibriumResult",
    "SymmetricEquilibrium",
    "SymmetricGame",
    "as_equilibrium",
    "mixed_equilibria",
    "payoff_tolerance",
    "pure_equilibria",
    "pure_equilibria_by_counts",
    "support_enumeration",
    "symmetric_equilibria",
    "vertex_enumeration",
]
