"""彭小兵、彭洋's placement of the four follower provinces, as a share of the region where
their observed behaviour holds (ica_model.diffusion.facts).

Measured (1,200 prior draws, seed 0): 27 draws (2 %) satisfy the observed facts (the
strict order on the 2020 index alone keeps about 1 in 24). Over them: Guizhou in
competition-expansion 56 %, Hubei in learning-localisation 44 %, Chongqing in
absorption-coordination 7 %, Liaoning in wait-and-see 70 %, Liaoning out of wait-and-see
by May 2022 52 %; all five together in none of the 27 (Wilson 95 % interval 0–12 %).
Chongqing is the failure: the facts put it below Hubei on the index, and in the model a
low-capacity province near the bottom of the index is far from the top of its rank, where
the Lazear–Rosen marginal value of effort (the model's competition) is small. Without the
competition mechanism Guizhou and Chongqing are never placed (competition is then 0). The
joint placement is therefore not shown (strict xfail below); a statement about the model
and its illustrative prior, not a tuned result.
"""

from __future__ import annotations

import pytest

from ica_model.diffusion.facts import PLACEMENTS, PlacementShare, placement_share


@pytest.fixture(scope="module")
def share() -> PlacementShare:
    return placement_share(draws=1200, seed=0)


def test_the_facts_select_a_region(share: PlacementShare) -> None:
    assert 5 <= share.accepted < share.draws
    low, high = share.interval
    assert 0.0 <= low <= share.joint <= high <= 1.0


def test_liaoning_waits_and_sees_in_most_of_the_region(share: PlacementShare) -> None:
    liaoning = [p.statement for p in PLACEMENTS].index("wait-and-see")
    assert share.each[liaoning] > 0.5


def test_competition_is_what_places_the_competitive_provinces() -> None:
    from ica_model.diffusion import Mechanisms

    off = placement_share(draws=400, seed=0, mechanisms=Mechanisms(competition=False))
    assert off.each[0] == 0.0 and off.each[2] == 0.0     # Guizhou and Chongqing


@pytest.mark.xfail(strict=True, reason=(
    "measured: over the fact-consistent region Chongqing is in absorption-coordination in "
    "7 % of draws and the four placements never hold together (see the module)"))
def test_all_four_provinces_sit_where_the_paper_puts_them(share: PlacementShare) -> None:
    assert share.joint > 0.5


def test_modes_move_the_way_the_paper_says() -> None:
    # section 3(2): rising competition moves wait-and-see to absorption-coordination and
    # learning-localisation to competition-expansion; rising capacity moves wait-and-see to
    # learning-localisation and absorption-coordination to competition-expansion. In the
    # model capacity never falls (by construction: learning by doing), competition can:
    # measured over the accepted draws (quick: 300 prior draws), at least 90 % of the moves
    # between adopters' modes go the paper's way (1,200 draws: 585 of 602, 97 %)
    from ica_model.experiments.follow_up_modes import compute

    moves = compute(quick=True, seed=0)["follow_up_modes_transitions"]
    moves = moves[(moves["from"] != moves["to"]) & (moves["from"] != "none")]
    upward = {("wait-and-see", "absorption-coordination"), ("wait-and-see", "learning-localisation"),
              ("wait-and-see", "competition-expansion"),
              ("absorption-coordination", "competition-expansion"),
              ("learning-localisation", "competition-expansion")}
    paper_way = moves[[(a, b) in upward for a, b in zip(moves["from"], moves["to"], strict=True)]]
    assert moves["count"].sum() > 20
    assert paper_way["count"].sum() / moves["count"].sum() >= 0.9
