"""Experiment `follow_up_strategies`; its description is the docstring of
`ica_model.experiments.follow_up_strategies`.

Run: ``python experiments/follow_up_strategies.py [--quick] [--out DIR] [--seed N]``
(outputs in DIR/follow_up_strategies/, default results/follow_up_strategies/); the same as
``ica-model run follow_up_strategies``.
"""

import sys

from ica_model.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", "follow_up_strategies", *sys.argv[1:]]))
