"""Experiment `g60_timeline`; its description is the docstring of
`ica_model.experiments.g60_timeline`.

Run: ``python experiments/g60_timeline.py [--quick] [--out DIR] [--seed N]``
(outputs in DIR/g60_timeline/, default results/g60_timeline/); the same as
``ica-model run g60_timeline``.
"""

import sys

from ica_model.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", "g60_timeline", *sys.argv[1:]]))
