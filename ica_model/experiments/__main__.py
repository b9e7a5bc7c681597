"""``python -m ica_model.experiments NAME|all [--quick] [--out DIR] [--seed N]``: the same
as ``ica-model run``."""

import sys

from ..cli import main

if __name__ == "__main__":
    sys.exit(main(["run", *sys.argv[1:]]))
