"""Unknown names get the close matches ("did you mean"), or the allowed list when none is
close: parameter names in the schema, sweeps and points, experiment and scenario names on
the command line (ica_model._validation.did_you_mean words them all)."""

from __future__ import annotations

import pytest

from ica_model._validation import did_you_mean
from ica_model.analysis.sweeps import sweep
from ica_model.cases import SCENARIOS, g60, symmetric
from ica_model.cli import main
from ica_model.experiments import EXPERIMENTS, experiment
from ica_model.model.parameters import schema_entry
from ica_model.model.points import as_points
from ica_model.runtime import Grid, RandomSample


def test_close_matches_or_the_whole_list() -> None:
    assert did_you_mean("negotation_cost", ["negotiation_cost", "setup_cost"]) \
        == "did you mean 'negotiation_cost'?"
    assert did_you_mean("authorty", ["xyz", "authority_term", "authority"]) \
        == "did you mean 'authority' or 'authority_term'?"       # the closest first
    assert did_you_mean("qqqq", ["g60", "symmetric"], "choose one of") \
        == "choose one of: g60, symmetric"


def test_schema_parameter() -> None:
    with pytest.raises(ValueError, match=r"unknown parameter 'negotation_cost'; "
                                         r"did you mean 'negotiation_cost'") as error:
        g60().value("negotation_cost")
    assert "setup_cost" not in str(error.value)           # not the whole list
    with pytest.raises(ValueError, match="unknown parameter 'qqqq'; known: ") as error:
        schema_entry("qqqq")
    assert "negotiation_cost" in str(error.value)          # no close match: the list


@pytest.mark.parametrize("build", [lambda axes: Grid(axes),
                                   lambda axes: RandomSample(
                                       {name: (0.0, 1.0) for name in axes}, size=2)])
def test_sweep_names(build) -> None:
    """The designs know no model: the sweep names the unknown parameter when it starts."""
    with pytest.raises(ValueError, match=r"unknown parameter 'autority'; "
                                         r"did you mean 'authority'\? "):
        sweep(symmetric(), build({"autority": [0.1]}))
    with pytest.raises(ValueError, match=r"unknown parameter 'qqqq'; allowed: .*\bauthority\b"):
        sweep(symmetric(), build({"qqqq": [0.1]}))


def test_points_columns() -> None:
    with pytest.raises(ValueError, match=r"unknown parameter 'demnd.3'; did you mean 'demand'"):
        as_points(g60(), {"demnd.3": [0.1]})
    with pytest.raises(ValueError, match=r"unknown parameter 'qqqq'; allowed: .*\bdemand\b"):
        as_points(g60(), {"qqqq": [0.1]})


def test_experiment_names() -> None:
    with pytest.raises(ValueError, match=r"unknown experiment 'g60_timelin'; "
                                         r"did you mean 'g60_timeline'\?$"):
        experiment("g60_timelin")


@pytest.mark.parametrize("argv, message", [
    (["run", "g60_timelin"], "unknown experiment 'g60_timelin'; did you mean 'g60_timeline'?"),
    (["run", "qqqq"], "unknown experiment 'qqqq'; choose 'all' or one of: "
                      + ", ".join(EXPERIMENTS)),
    (["solve", "g06"], "unknown scenario 'g06'; did you mean 'g60'?"),
    (["solve", "qqqq"], "unknown scenario 'qqqq'; choose one of: " + ", ".join(SCENARIOS)),
])
def test_command_line_names(argv, message, capsys) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err == f"ica-model: error: {message}\n"
