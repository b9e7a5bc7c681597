"""Experiment `mix_heatmaps`; its description is the docstring of
`ica_model.experiments.mix_heatmaps`.

Run: ``python experiments/mix_heatmaps.py [--quick] [--out DIR] [--seed N]``
(outputs in DIR/mix_heatmaps/, default results/mix_heatmaps/); the same as
``ica-model run mix_heatmaps``.
"""

import sys

from ica_model.cli import main

if __name__ == "__main__":
    sys.exit(main(["run", "mix_heatmaps", *sys.argv[1:]]))
