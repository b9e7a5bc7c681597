"""A pytest plugin that turns tests/unit/test_fuzz.py (and test_fuzz_api.py) into a report:
every call's outcome classified, none failing the run.

``python -m pytest tests/unit/test_fuzz.py -p fuzz_classify --hypothesis-seed=N`` (with
``tests`` on ``sys.path``, as ``tests/conftest.py`` arranges, and ``ICA_MODEL_FUZZ_EXAMPLES``
set for fresh examples) writes one JSON line per call to ``$FUZZ_CLASSIFY_OUT`` (default
``fuzz-outcomes.jsonl``) and prints the counts by class at the end. Classes:

* ``clean error``: a ValueError or TypeError naming the hostile argument;
* ``correct``: a result that passes the test's checks (no NaN, equilibria verified, the
  entry point's own check), all arguments valid;
* ``accepted``: a result that passes the checks although one argument was drawn from the
  hostile values (many are valid: -1.0 for a payoff, a list for an array): to review;
* ``hang or memory``: longer than :data:`TIME_LIMIT` seconds (or the entry's own longer
  bound, ``test_fuzz_api.Entry.seconds``), or a MemoryError;
* ``silent wrong``: a result that fails the checks (a NaN, a false equilibrium);
* ``unnamed error``: an error that does not name the problem (a ValueError or TypeError
  naming no argument, or any other exception);
* ``valid refused``: an error although every argument was valid;
* ``warning leaked``: a RuntimeWarning (numpy's overflow, say) escaped the call, before a
  result or an error.

A call stuck where SIGALRM cannot reach it (inside one C call, a huge integer power) is
ended by :mod:`faulthandler` after ``TIME_LIMIT + 30`` s, which ends the process: run the
command again (``tests/fuzz_classify.sh`` loops) and the plugin, from its state file beside
the outcomes, records that call as a hang, skips it (the same seed draws the same calls),
and skips the tests already finished.

It is a tool for the fuzz's report, not a test: ``make test`` does not load it.
"""

from __future__ import annotations

import collections
import faulthandler
import json
import math
import os
import re
import time
import traceback
import warnings
from typing import Any

#: Seconds a call may take before it counts as a hang.
TIME_LIMIT = 30.0

_counts: collections.Counter = collections.Counter()
_entry_points: set[str] = set()
_calls: collections.Counter = collections.Counter()   # calls made so far, per test


def _out() -> str:
    return os.environ.get("FUZZ_CLASSIFY_OUT", "fuzz-outcomes.jsonl")


def _state() -> dict:
    try:
        with open(_out() + ".state") as file:
            return json.load(file)
    except FileNotFoundError:
        return {"done": [], "hangs": [], "current": None, "finished": False}


def _save(state: dict) -> None:
    with open(_out() + ".state", "w") as file:
        json.dump(state, file)


_STATE: dict = {}

#: Where faulthandler writes the traceback of a call it ends (pytest captures stderr);
#: opened by the first call (importing this module, as the doctest run does, writes nothing).
_HANG_LOG: list = []


def _record(test: str, function: Any, hostile: str | None, kwargs: dict, outcome: str,
            message: str, seconds: float) -> None:
    function = getattr(function, "func", function)   # a functools.partial: its function
    name = f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', function)}"
    _counts[outcome] += 1
    _entry_points.add(name)
    value = repr(kwargs.get(hostile)) if hostile in kwargs else ""
    line = {"test": test, "function": name, "hostile": hostile, "value": value[:200],
            "outcome": outcome, "message": message[:500], "seconds": round(seconds, 3)}
    with open(_out(), "a") as out:
        out.write(json.dumps(line) + "\n")


def _install(module: Any) -> None:
    st = module.st

    def call(function, kwargs, names, check=None, allow_nan=False, hostile="?", seconds=None):
        test = os.environ.get("PYTEST_CURRENT_TEST", "?").split(" ")[0]
        _calls[test] += 1
        key = f"{test}#{_calls[test]}"
        if key in _STATE["hangs"]:
            return _record(test, function, hostile, kwargs, "hang or memory",
                           "did not return: ended by faulthandler (stuck in C code)", math.inf)
        _STATE["current"] = key
        _save(_STATE)
        if not _HANG_LOG:
            _HANG_LOG.append(open(_out() + ".hangs", "a"))
        limit = max(TIME_LIMIT, seconds or 0)   # an entry's own longer bound, if any
        faulthandler.dump_traceback_later(limit + 30, exit=True, file=_HANG_LOG[0])
        start = time.perf_counter()
        caught: list = []
        try:
            with warnings.catch_warnings(record=True) as caught, module.time_limit(limit):
                warnings.simplefilter("always")
                result = function(**kwargs)
            leaked = [w for w in caught if issubclass(w.category, RuntimeWarning)]
            if leaked:
                return _record(test, function, hostile, kwargs, "warning leaked",
                               str(leaked[0].message), time.perf_counter() - start)
        except module.CallTimeout as error:
            return _record(test, function, hostile, kwargs, "hang or memory", str(error),
                           time.perf_counter() - start)
        except MemoryError as error:
            return _record(test, function, hostile, kwargs, "hang or memory",
                           f"MemoryError {error}", time.perf_counter() - start)
        except (ValueError, TypeError) as error:
            leaked = [w for w in caught if issubclass(w.category, RuntimeWarning)]
            if leaked:
                return _record(test, function, hostile, kwargs, "warning leaked",
                               f"before {type(error).__name__}: {leaked[0].message}",
                               time.perf_counter() - start)
            message = str(error)
            named = any(re.search(rf"(?<![A-Za-z]){re.escape(name)}", message) for name in names)
            outcome = ("valid refused" if hostile is None else
                       "clean error" if named else "unnamed error")
            return _record(test, function, hostile, kwargs, outcome,
                           f"{type(error).__name__}: {message}", time.perf_counter() - start)
        except Exception as error:
            where = traceback.extract_tb(error.__traceback__)[-1]
            return _record(test, function, hostile, kwargs,
                           "valid refused" if hostile is None else "unnamed error",
                           f"{type(error).__name__}: {error} ({where.filename}:{where.lineno})",
                           time.perf_counter() - start)
        finally:
            faulthandler.cancel_dump_traceback_later()
        seconds = time.perf_counter() - start
        try:
            if not allow_nan:
                module.assert_no_nan(result, getattr(function, "__name__", "result"))
            if isinstance(result, module.EquilibriumResult):
                module.assert_equilibria(result)
            if check is not None:
                check(result)
        except AssertionError as error:
            _record(test, function, hostile, kwargs, "silent wrong", str(error), seconds)
            return result
        _record(test, function, hostile, kwargs, "correct" if hostile is None else "accepted",
                "", seconds)
        return result

    def fuzz(data, function, spec, check=None, aliases={}, allow_nan=False):  # noqa: B006
        hostile = data.draw(st.sampled_from([None, *spec]), label="hostile argument")
        kwargs = {name: data.draw(bad if name == hostile else good, label=name)
                  for name, (good, bad) in spec.items()}
        names = {hostile} if hostile is not None else set(spec)
        names |= {alias for name, given in aliases.items() if name in names
                  for alias in given.split("|")}
        return call(function, kwargs, names, check, allow_nan, hostile)

    module.call = call
    module.fuzz = fuzz


def pytest_collection_modifyitems(session, config, items) -> None:
    _STATE.update(_state())
    if _STATE["current"] is not None:      # the last run was ended inside that call
        _STATE["hangs"].append(_STATE["current"])
        _STATE["current"] = None
    done = set(_STATE["done"])
    if os.path.exists(_out()):             # keep the outcomes of finished tests only
        with open(_out()) as file:
            kept = [line for line in file if json.loads(line)["test"] in done]
        with open(_out(), "w") as file:
            file.writelines(kept)
    items[:] = [item for item in items if item.nodeid not in done]
    import sys

    if "test_fuzz" in sys.modules:   # test_fuzz.py and test_fuzz_api.py call through it
        _install(sys.modules["test_fuzz"])
    _save(_STATE)


def pytest_runtest_logreport(report) -> None:
    if report.when == "teardown":
        _STATE["done"].append(report.nodeid)
        _STATE["current"] = None
        _save(_STATE)


def pytest_sessionfinish(session) -> None:
    _STATE["finished"] = True
    _save(_STATE)
    while _HANG_LOG:                       # faulthandler's file (a ResourceWarning if left)
        _HANG_LOG.pop().close()


def pytest_terminal_summary(terminalreporter) -> None:
    _counts.clear()
    _entry_points.clear()
    with open(_out()) as file:
        for line in file:
            record = json.loads(line)
            _counts[record["outcome"]] += 1
            _entry_points.add(record["function"])
    total = sum(_counts.values())
    terminalreporter.write_line(f"fuzz outcomes: {total} calls over {len(_entry_points)} "
                                f"entry points")
    for outcome, count in _counts.most_common():
        terminalreporter.write_line(f"  {outcome:16s} {count}")
