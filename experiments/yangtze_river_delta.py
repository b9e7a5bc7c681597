"""Experiment `yangtze_river_delta`; its description is the docstring of
`ica_model.experiments.yangtze_river_delta`.

Run: ``python experiments/yangtze_river_delta.py [--quick] [--out DIR] [--seed N]``
(outputs in DIR/yangtze_river_delta/, default results/yangtze_river_delta/); the same as
``ica-model run yangtze_river_delta``.
"""

import sys

from ica_model.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", "yangtze_river_delta", *sys.argv[1:]]))
