"""Equilibrium solvers for any normal-form game; they know nothing about the ICA model."""

from .pure import pure_equilibria
from .results import BatchEquilibria, Equilibrium, EquilibriumResult, SymmetricEquilibrium
from .symmetric import SymmetricGame, pure_equilibria_by_counts, symmetric_equilibria
from .two_player import (
    batch_equilibria,
    lemke_howson,
    mixed_equilibria,
    support_enumeration,
    vertex_enumeration,
)
from .verify import as_equilibrium, payoff_tolerance

__all__ = [
    "BatchEquilibria",
    "Equilibrium",
    "EquilibriumResult",
    "SymmetricEquilibrium",
    "SymmetricGame",
    "as_equilibrium",
    "batch_equilibria",
    "lemke_howson",
    "mixed_equilibria",
    "payoff_tolerance",
    "pure_equilibria",
    "pure_equilibria_by_counts",
    "support_enumeration",
    "symmetric_equilibria",
    "vertex_enumeration",
]
