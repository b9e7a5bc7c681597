import os
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, os.path.dirname(__file__))  # the shared strategies module beside the tests

# The numeric payoff functions' disk cache goes to a folder of this run (inherited by the
# command-line tests' subprocesses), never to the user's cache folder.
os.environ["ICA_MODEL_CACHE"] = tempfile.mkdtemp(prefix="ica_model_cache_")

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


#: Files run first in their process: their tests fork, which needs a process running no
#: other thread (a kept Dask cluster, say, would make them skip). Run alone, they come first
#: in the collection; under pytest-xdist they share a group with the file of the most tests
#: (:data:`RUN_TOGETHER`), since xdist hands out the largest groups first.
RUN_FIRST = ("tests/unit/test_parallel_experiments.py",)


def pytest_collection_modifyitems(config, items) -> None:
    first = {id(item) for item in items if item.nodeid.split("::", 1)[0] in RUN_FIRST}
    items[:] = ([item for item in items if id(item) in first]
                + [item for item in items if id(item) not in first])


#: Files one worker runs together, in the order they were collected: the docs site's build
#: reads the notebook gallery's cache, which the gallery's tests fill first; the forking
#: tests of :data:`RUN_FIRST` go with the file of the most tests.
RUN_TOGETHER = {"tests/smoke/test_docs_gallery.py": "docs", "tests/smoke/test_docs_site.py": "docs",
                "tests/unit/test_parallel_experiments.py": "first",
                "tests/unit/test_fuzz_findings.py": "first"}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``make test`` runs the suite on every core (pytest-xdist, ``-n auto --dist loadscope``).

    A worker takes a whole file at a time, so that a module's fixtures (a calibration, a
    built site) are computed once, not once per worker, and the files of
    :data:`RUN_TOGETHER` go to one worker together. (A scheduler of its own, not xdist's
    ``loadgroup`` with ``xdist_group`` marks: under pytest 9.2, xdist 3.8's ``loadgroup``
    renames the tests in a way pytest no longer reads, and groups nothing.)
    """
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Files(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return RUN_TOGETHER.get(path, path)

    return Files(config, log)
