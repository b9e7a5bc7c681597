"""The ICA cost–risk model, built on the generic engine (:mod:`ica_model.engine`).

* :mod:`~ica_model.model.parameters`: the parameter schema and the validated, immutable
  parameters (actors, costs, risks, interventions, scenarios);
* :mod:`~ica_model.model.symbolic`: the payoffs in sympy, the single source of truth;
* :mod:`~ica_model.model.payoffs`: numeric payoffs derived from them (profile games,
  symmetric games by counts, batches of parameter points);
* :mod:`~ica_model.model.closed_form`: closed forms of the homogeneous game;
* :mod:`~ica_model.model.facts`: the records of a case's evidence (citations, epochs,
  facts, priors) and the names of a calibration draw's values.

The named cases (G60, Yangtze River Delta, a reference group) are built on this layer in
:mod:`ica_model.cases`; nothing here imports them.
"""
