"""Experiment `intervention_sweep`; its description is the docstring of
`ica_model.experiments.intervention_sweep`.

Run: ``python experiments/intervention_sweep.py [--quick] [--out DIR] [--seed N]``
(outputs in DIR/intervention_sweep/, default results/intervention_sweep/); the same as
``ica-model run intervention_sweep``.
"""

import sys

from ica_model.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", "intervention_sweep", *sys.argv[1:]]))
