"""The ICA cost–risk model, built on the generic engine (:mod:`ica_model.engine`).

* :mod:`~ica_model.model.parameters`: the parameter schema and the validated, immutable
  parameters (actors, costs, risks, interventions, scenarios);
* :mod:`~ica_model.model.symbolic`: the payoffs in sympy, the single source of truth;
* :mod:`~ica_model.model.payoffs`: numeric payoffs derived from them (profile games,
  symmetric games by counts, batches of parameter points);
* :mod:`~ica_model.model.closed_form`: closed forms of the homogeneous game;
* :mod:`~ica_model.model.cases`: the named scenarios (G60, Yangtze River Delta, a
  reference group).
"""
