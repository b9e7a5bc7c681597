import os
import sys
import tempfile

from hypothesis import HealthCheck, settings

sys.path.insert(0, os.path.dirname(__file__))  # the shared strategies module beside the tests

# The numeric payoff functions' disk cache goes to a folder of this run (inherited by the
# command-line tests' subprocesses), never to the user's cache folder.
os.environ["ICA_MODEL_CACHE"] = tempfile.mkdtemp(prefix="ica_model_cache_")

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")
