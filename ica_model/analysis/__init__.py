"""Analyses of the ICA model (:mod:`ica_model.model`): what the local governments do and
how stable it is.

* :mod:`~ica_model.analysis.follower`: the local governments' equilibrium response to
  many interventions at once, and the selected equilibrium;
* :mod:`~ica_model.analysis.leader`: the authority's optimal intervention, and where
  intervention is too little or too much;
* :mod:`~ica_model.analysis.stability`: the stability metrics of cooperation;
* :mod:`~ica_model.analysis.coalitions`: stable coalitions and compensation;
* :mod:`~ica_model.analysis.diffusion`: pilots spreading to the group;
* :mod:`~ica_model.analysis.tripartite`: the authority and two city groups as a
  three-population evolutionary game, from a scenario;
* :mod:`~ica_model.analysis.sweeps`: sweeps over parameter spaces at scale.
"""
