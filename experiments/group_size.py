"""Experiment `group_size`; its description is the docstring of
`ica_model.experiments.group_size`.

Run: ``python experiments/group_size.py [--quick] [--out DIR] [--seed N]``
(outputs in DIR/group_size/, default results/group_size/); the same as
``ica-model run group_size``.
"""

import sys

from ica_model.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", "group_size", *sys.argv[1:]]))
