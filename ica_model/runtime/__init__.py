"""How to compute, apart from what is computed: a layer that knows no model.

* :mod:`~ica_model.runtime.designs`: designs (:class:`Grid`, :class:`RandomSample`,
  :class:`UniformStream`) that give points chunk by chunk, lazily and seeded, the same for
  any chunking.
* :mod:`~ica_model.runtime.runner`: :func:`run`, any metric over any design, serial, on
  local processes or on Dask, with progress, Parquet parts, a manifest and resume
  (:mod:`~ica_model.runtime.parts`, :mod:`~ica_model.runtime.dask`).
* :mod:`~ica_model.runtime.progress`: when progress bars show.
* :mod:`~ica_model.runtime.accel`: the optional numba switch.
* :mod:`~ica_model.runtime.codecache`: the verified disk cache of generated code.
* :mod:`~ica_model.runtime.memory`: the allocator policy (off for library calls; opt-in
  for batch jobs and the runner's own workers).

Nothing here imports the model, the analyses, the experiments or the cases
(``tests/unit/test_structure.py`` checks it); the analyses build on it.
"""

from .designs import Design, Grid, Indices, RandomSample, UniformStream
from .parts import read_parts
from .runner import Run, chunk_size_for, run

__all__ = ["Design", "Grid", "Indices", "RandomSample", "Run", "UniformStream", "chunk_size_for",
           "read_parts", "run"]
