"""Experiment `agreements_compensation`; its description is the docstring of
`ica_model.experiments.agreements_compensation`.

Run: ``python experiments/agreements_compensation.py [--quick] [--out DIR] [--seed N]``
(outputs in DIR/agreements_compensation/, default results/agreements_compensation/); the same as
``ica-model run agreements_compensation``.
"""

import sys

from ica_model.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", "agreements_compensation", *sys.argv[1:]]))
