"""The region_sensitivity figure one column wide: the long labels (parameter and claim) must
leave the data axis room, and nothing may stick out of the column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ica_model.experiments import region_sensitivity
from ica_model.experiments._options import OutputOptions, output_options
from ica_model.experiments.style import SINGLE_COLUMN

#: The longest parameter names of the G60 prior and the claims they were labelled with.
NAMES = ["information_on_information_cost", "standards_on_coordination",
         "outside_on_coordination", "authority_on_enforcement", "platform_substitution"]
CLAIMS = ["no intervention", "stabilises", "inverted U", "lying flat"]


def _parameters(rows: int = 45) -> pd.DataFrame:
    gap = np.linspace(0.4, 0.0, rows)
    return pd.DataFrame({"parameter": [f"{NAMES[k % len(NAMES)]}{'_x' * (k // 5)}"[:31]
                                       for k in range(rows)],
                         "largest_gap": gap, "on_claim": [CLAIMS[k % 4] for k in range(rows)],
                         "low": gap - 0.05, "high": gap + 0.05,
                         "verdict": ["influential", "undecided", "inert"] * (rows // 3)})


def test_single_column_keeps_the_data_axis_wide_and_inside_the_column() -> None:
    with output_options(OutputOptions(width="single")):
        figure = region_sensitivity.figure(_parameters())
    figure.draw_without_rendering()
    axes = figure.axes[0]
    bounds = figure.get_tightbbox()
    assert bounds.width <= SINGLE_COLUMN + 0.1                 # what the PNG's width will be
    assert axes.get_position().width >= 0.3                    # was 0.05: labels took it all
    labels = [label.get_text() for label in axes.get_yticklabels()]
    assert labels[0] == "information on information cost (NI)"   # the claim by its initials
    key = figure.legends[0].get_title().get_text().replace("\n", " ")
    assert "NI no intervention" in key and "IU inverted U" in key


def test_the_page_wide_figure_names_the_claims_in_full() -> None:
    figure = region_sensitivity.figure(_parameters(12))
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert labels[0] == "information on information cost (no intervention)"
    assert not figure.legends and figure.axes[0].get_legend() is not None


@pytest.mark.parametrize(("claims", "codes"), [
    (["inverted U", "lying flat"], {"inverted U": "IU", "lying flat": "LF"}),
    (["stabilises", "spillover"], {"stabilises": "stabilises", "spillover": "spillover"}),
])
def test_claim_codes_are_initials_unless_two_share_them(claims, codes) -> None:
    assert region_sensitivity.claim_codes(claims) == codes
