"""Experiment `phase_portraits`; its description is the docstring of
`ica_model.experiments.phase_portraits`.

Run: ``python experiments/phase_portraits.py [--quick] [--out DIR] [--seed N]``
(outputs in DIR/phase_portraits/, default results/phase_portraits/); the same as
``ica-model run phase_portraits``.
"""

import sys

from ica_model.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", "phase_portraits", *sys.argv[1:]]))
