"""The generic game engine: it knows nothing of the ICA model.

* :mod:`~ica_model.engine.game`: :class:`~ica_model.engine.game.NormalFormGame`, an
  n-player game held as one payoff array;
* :mod:`~ica_model.engine.solvers`: pure, two-player mixed and symmetric equilibria, each
  verified before it is returned;
* :mod:`~ica_model.engine.evolutionary`: the one evolutionary engine: replicator dynamics of
  numeric games (:mod:`~ica_model.engine.evolutionary.dynamics`: field, rest points and
  their stability, trajectories, basins) and of symbolic multi-population games (their
  replicator systems, exact rest points and the ESS tables papers print, simulations and
  figures), with one set of stability labels;
* :mod:`~ica_model.engine.repeated`: grim trigger and tit-for-tat thresholds;
* :mod:`~ica_model.engine.coalitions`: transferable-utility (profit or cost) games, Shapley
  values, core, nucleolus, stability of coalitions;
* :mod:`~ica_model.engine.textbook`: reference games with published equilibria;
* :mod:`~ica_model.engine.intervals`: where a function of one variable is non-negative.

Published and textbook games run through the same code as the ICA model, which sits on
top of this layer (:mod:`ica_model.model`).
"""
