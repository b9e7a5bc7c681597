"""Diffusion and tournament among many governments: follow (跟), advance (进), the four
follow-up modes, networks of China's administrative units.

See :mod:`ica_model.diffusion.model` (the model), :mod:`ica_model.diffusion.network`
(networks), :mod:`ica_model.diffusion.state_terms` (capacity, tournament, credit for
being first) and :mod:`ica_model.diffusion.facts` (the follow-up facts and calibration).
"""

from .ensembles import ensemble
from .model import (
    MODES,
    DiffusionParameters,
    DiffusionRun,
    Mechanisms,
    follow_up_gains,
    mean_field,
    modes_of,
    run_chunk,
    simulate_diffusion,
)
from .network import LEVELS, PROVINCES, Network, china_network, complete_network, from_networkx

__all__ = ["LEVELS", "MODES", "PROVINCES", "DiffusionParameters", "DiffusionRun", "Mechanisms",
           "Network", "china_network", "complete_network", "ensemble", "follow_up_gains", "from_networkx",
           "mean_field", "modes_of", "run_chunk", "simulate_diffusion"]
