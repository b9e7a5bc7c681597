"""Experiment `sensitivity`; its description is the docstring of
`ica_model.experiments.sensitivity`.

Run: ``python experiments/sensitivity.py [--quick] [--out DIR] [--seed N]``
(outputs in DIR/sensitivity/, default results/sensitivity/); the same as
``ica-model run sensitivity``.
"""

import sys

from ica_model.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", "sensitivity", *sys.argv[1:]]))
