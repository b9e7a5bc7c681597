"""The cases' evidence: epochs that name only known kinds, representative levels inside
their ranges, quotes found in the sources' text, and one grammar for a draw's columns."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from ica_model import cases
from ica_model.cases import CASES
from ica_model.diffusion.facts import OBSERVED, PLACEMENTS
from ica_model.model.facts import Citation, Epoch, Fact, Study, epoch_column, split_column
from ica_model.model.parameters import KINDS

#: The source papers' text (the project's shared folder beside the repository; CI lays it
#: there). Tests that read it skip without it.
SEEDS = next((path for path in (
    Path(os.environ.get("ICA_MODEL_SOURCES", "/nonexistent")),
    Path(__file__).resolve().parents[2].parent / "shared" / "seeds",
    Path("/work/shared/seeds")) if path.is_dir()), None)


@pytest.mark.parametrize("case", sorted(CASES))
def test_epoch_levels_name_known_kinds(case: str) -> None:
    known = {*KINDS, "national_integration"}
    for epoch in CASES[case].epochs:
        assert set(epoch.ranges) <= known, (case, epoch.name, set(epoch.ranges) - known)
        for low, high in epoch.ranges.values():
            assert 0 <= low <= high, (case, epoch.name)
        assert set(epoch.representative) == set(epoch.ranges), (case, epoch.name)


def test_a_representative_level_outside_its_range_is_refused() -> None:
    with pytest.raises(ValueError, match=r"representative authority = 0.9 lies outside its "
                                         r"range \(0.2, 0.5\)"):
        Epoch("e", "2019", {"authority": (0.2, 0.5)}, "", "notes", {"authority": 0.9})
    with pytest.raises(ValueError, match="'late', which is not one of"):
        cases.Case("x", cases.G60.epochs, (Fact("f", "late", "", "notes", lambda o, n: o),),
                   cases.G60.prior, cases.G60.base, cases.G60.representative)


def test_citations_read_as_before() -> None:
    """A fact's source is its citation in words: study, section, quote and note."""
    g60_study = ("刘露露, 《数字治理跨界行动中的困境及优化策略——基于G60九城\u201c跨省通办\u201d的"
                 "政务观测》")
    assert cases.G60.facts[0].source == (
        f"{g60_study}, section 3(1): 九城市间的政务合作完全由地方政府自主发起")
    assert cases.G60.facts[-1].source.startswith(f"{g60_study}, section 4(2): 更倾向于")
    assert cases.G60.epochs[0].source == f"{g60_study}, sections 1(1) and 3(1)"
    assert str(Citation(Study("A", "T"), quote="q")) == "A, 《T》: q"
    assert Fact("f", "e", "", "city reports", lambda o, n: o).citation == Citation("city reports")


def _normalised(text: str) -> str:
    """Compatibility forms folded (full-width punctuation as ASCII) and blanks removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _source_text(author: str) -> str:
    assert SEEDS is not None
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if author in text[:2000]:
            return _normalised(text)
    raise AssertionError(f"no source text by {author}")


@pytest.mark.skipif(SEEDS is None, reason="the sources' text is not beside the repository")
def test_quotes_are_the_sources_words() -> None:
    """Every quote of the Yangtze River Delta case and of the follow-up facts
    (:mod:`ica_model.diffusion.facts`) is in its paper, character for character (full-width
    punctuation read as ASCII, an ellipsis as a gap).

    The G60 study's stored text is a traditional-character copy with pinyin glosses, while
    the quotes are in the paper's simplified characters: they match in wording, not in
    characters, so they are not checked here."""
    records = [*OBSERVED, *PLACEMENTS]
    for case in CASES.values():
        records += [*case.facts, *case.epochs]
    checked = 0
    for record in records:
        citation = record.citation
        if not citation.quote or not isinstance(citation.study, Study) or \
                citation.study.author == "刘露露":
            continue
        text = _source_text(citation.study.author)
        for part in re.split(r"\.{3,}", _normalised(citation.quote)):   # … (NFKC: ...) leaves out
            assert part in text, (record, part)
        checked += 1
    assert checked == 12


@pytest.mark.parametrize("column, parts", [
    ("negotiation_cost", ("negotiation_cost", None, None)),
    ("capacity.3", ("capacity", 3, None)),
    ("more lists:authority", ("authority", None, "more lists")),
])
def test_one_grammar_for_a_draws_columns(column: str, parts: tuple) -> None:
    assert split_column(column) == parts
    if parts[2] is not None:
        assert epoch_column(parts[2], parts[0]) == column


@pytest.mark.parametrize("case", sorted(CASES))
def test_columns_ranges_and_the_representative_draw_agree(case: str) -> None:
    """Every drawn column has the range it is drawn from, and the representative draw
    holds a value inside that range for every drawn column and no other."""
    record = CASES[case]
    columns = record.columns(record.scenario().n)
    assert len({name for name, _, _ in columns}) == len(columns)
    draw = record.representative_draw()
    assert sorted(name for name, _, _ in columns) == sorted(draw)
    for name, low, high in columns:
        assert record.range_of(name) == (low, high), name
        assert low <= draw[name] <= high, name


def test_epoch_points() -> None:
    """A draw at an epoch sets every kind (0 where the epoch lists none) and keeps the
    parameters; an actor's own range overrides its attribute's."""
    g60 = cases.G60
    assert g60.range_of("preference.7") == (0.8, 1.0) != g60.range_of("preference.6")
    point = g60.at_epoch(g60.representative_draw(), "launch")
    assert point["authority"] == 0.0 and point["standards"] == 0.0329
    assert point["national_integration"] == 0.0604 and point["capacity.3"] == 0.718
    assert not any(":" in name for name in point)


def test_a_case_at_an_epoch() -> None:
    """``cases.g60(epoch=...)`` is the representative scenario at the epoch's national
    integration; the CLI's ``--epoch`` builds the same scenario."""
    for epoch in cases.G60.epochs:
        expected = cases.g60().with_values(
            national_integration=epoch.representative["national_integration"])
        assert cases.g60(epoch=epoch.name) == expected == cases.scenario("g60", epoch.name)
    assert cases.yangtze_river_delta("provincial platforms") == cases.yangtze_river_delta()
    assert cases.G60.intervention("launch").authority == 0.0
    with pytest.raises(ValueError, match="has no epochs"):
        cases.scenario("symmetric", "launch")
    with pytest.raises(ValueError, match="did you mean 'g60'"):
        cases.scenario("g06")
