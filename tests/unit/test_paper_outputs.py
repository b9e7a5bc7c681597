"""Tables as papers print them (booktabs LaTeX), the caption line beside each figure and
``run.json``, the provenance of every result folder (issue 24)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ica_model.tables import booktabs, claims_latex, epochs_latex, escape, ranges_latex


def body(latex: str) -> list[str]:
    """The rows between ``\\midrule`` and ``\\bottomrule``."""
    lines = latex.splitlines()
    return lines[lines.index(r"\midrule") + 1:lines.index(r"\bottomrule")]


def columns_of(latex: str) -> int:
    spec = next(line for line in latex.splitlines() if line.startswith(r"\begin{tabular}"))
    return len(spec.removeprefix(r"\begin{tabular}{").replace(r"p{0.42\linewidth}", "p")
               .removesuffix("}"))


def test_booktabs_has_one_cell_per_column_in_every_row() -> None:
    frame = pd.DataFrame({"name": ["a_b", "50%", "x&y"], "value": [1.5, np.nan, -2.0],
                          "count": [1200, 3, 0], "ok": [True, False, True]})
    latex = booktabs(frame, caption="A & B", label="tab:x")
    rows = body(latex)
    assert len(rows) == 3 and columns_of(latex) == 4
    # escaped ampersands do not split cells
    assert all(row.replace(r"\&", "").count("&") == 3 for row in rows)
    assert rows[0] == r"a\_b & 1.500 & 1{,}200 & yes \\"
    assert rows[1] == r"50\% & -- & 3 & no \\"            # NaN is a dash, never 'nan'
    assert rows[2] == r"x\&y & $-$2.000 & 0 & yes \\"
    assert r"\caption{A \& B}" in latex and r"\label{tab:x}" in latex
    assert latex.startswith(r"\begin{table}") and latex.endswith(r"\end{table}")


def test_booktabs_groups_and_refuses_unknown_columns() -> None:
    frame = pd.DataFrame({"case": ["g60", "g60", "yrd"], "x": [1.0, 2.0, 3.0]})
    rows = body(booktabs(frame, {"x": "$x$"}, group="case"))
    assert rows == [r"\multicolumn{1}{l}{\textit{g60}} \\", r"1.000 \\", r"2.000 \\",
                    r"\multicolumn{1}{l}{\textit{yrd}} \\", r"3.000 \\"]
    with pytest.raises(ValueError, match="neither in the table"):
        booktabs(frame, {"y": "y"})


def test_escape_covers_latex_specials() -> None:
    assert escape(r"a\b{c}~^$#") == (r"a\textbackslash{}b\{c\}\textasciitilde{}"
                                     r"\textasciicircum{}\$\#")


def test_claims_latex_gives_share_interval_and_flags_by_construction() -> None:
    table = pd.DataFrame({"case": ["g60", "g60", "yrd"], "claim": ["inverted U", "flat", "x"],
                          "n": [500, 500, 80], "share": [0.26, 0.94, 0.5],
                          "low": [0.22, 0.92, 0.39], "high": [0.30, 0.96, 0.61],
                          "definition": ["m(0) < 0 <= m(b)", "T >= 1", "m > 0"],
                          "finding": [True, False, True],
                          "conditional_on": ["the G60 facts", "the G60 facts", "the YRD facts"]})
    latex = claims_latex(table)
    rows = body(latex)
    assert rows[1] == r"inverted U & 500 & 0.26 & [0.22, 0.30] & m(0) $<$ 0 $\le$ m(b) \\"
    assert rows[2].startswith(r"flat$^\dagger$ & 500 & 0.94 & [0.92, 0.96]")
    assert [r for r in rows if r.startswith(r"\multicolumn")] == [
        r"\multicolumn{5}{l}{\textit{g60}} \\", r"\multicolumn{5}{l}{\textit{yrd}} \\"]
    assert "holds by construction" in latex and "the G60 facts; the YRD facts" in latex


def test_ranges_latex_from_a_calibration_ranges_table() -> None:
    ranges = pd.DataFrame({"parameter": ["theta", "psi.0"], "prior_low": [0.1, 0.6],
                           "prior_high": [0.5, 1.0], "q05": [0.12, 0.61],
                           "q50": [0.2, 0.8], "q95": [0.4, 0.99]})
    rows = body(ranges_latex(ranges))
    assert rows == [r"theta & [0.10, 0.50] & 0.12 & 0.20 & 0.40 \\",
                    r"psi.0 & [0.60, 1.00] & 0.61 & 0.80 & 0.99 \\"]


def test_epochs_latex_shows_each_government_or_the_counts() -> None:
    epoch = {"epoch": "lists", "period": "2020-2021", "authority": 0.8, "incentive": 0.13,
             "information": 0.18, "standards": 0.32, "national_integration": 0.46,
             "A": "T", "B": "C", "cooperators": 1, "token_compliers": 1, "defectors": 0,
             "margin": -0.248, "margin_q05": -0.52, "margin_q95": -0.03}
    frame = pd.DataFrame([epoch])
    latex = epochs_latex(frame, ["A", "B"])
    assert body(latex) == [r"lists & 2020--2021 & 0.80 & 0.13 & 0.18 & 0.32 & 0.46 & T & C "
                           r"& $-$0.248 & [$-$0.52, $-$0.03] \\"]
    assert columns_of(latex) == 11
    counts = body(epochs_latex(frame.drop(columns=["margin_q05", "margin_q95"]), []))
    assert counts == [r"lists & 2020--2021 & 0.80 & 0.13 & 0.18 & 0.32 & 0.46 & 1 & 1 & 0 "
                      r"& $-$0.248 \\"]


# --- an experiment run's files ---------------------------------------------------------

@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    from ica_model.experiments import run_experiment

    base = tmp_path_factory.mktemp("runs")
    return {"plain": run_experiment("group_size", base / "plain", quick=True),
            "again": run_experiment("group_size", base / "again", quick=True),
            "paper": run_experiment("group_size", base / "paper", quick=True, caption=True,
                                    tables="latex")}


def test_run_json_records_the_provenance(runs: dict[str, list[Path]]) -> None:
    from ica_model import __version__

    paths = runs["plain"]
    record = json.loads(paths[-1].read_text(encoding="utf-8"))
    assert paths[-1].name == "run.json"
    assert record["experiment"] == "group_size" and record["seed"] == 0 and record["quick"]
    assert record["ica_model"] == __version__
    assert record["options"] == {"caption": False, "tables": ["csv"], "width": "double"}
    assert {"numpy", "scipy", "sympy", "pandas", "matplotlib"} <= set(record["packages"])
    assert record["python"].count(".") == 2 and record["elapsed_seconds"] > 0
    assert record["started_utc"] <= record["finished_utc"]
    assert record["git"] is None or len(record["git"]["commit"]) == 40
    # every other file of the folder, with its hash
    others = sorted(p.name for p in paths[-1].parent.iterdir() if p.name != "run.json")
    assert sorted(record["files"]) == others == sorted(p.name for p in paths[:-1])
    for path in paths[:-1]:
        assert record["files"][path.name]["sha256"] == hashlib.sha256(
            path.read_bytes()).hexdigest()


def test_run_json_leaves_the_other_files_identical(runs: dict[str, list[Path]]) -> None:
    first, again = runs["plain"], runs["again"]
    assert [p.name for p in first] == [p.name for p in again]
    for a, b in zip(first[:-1], again[:-1], strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert json.loads(first[-1].read_text())["files"] == json.loads(again[-1].read_text())["files"]


def test_the_caption_is_beside_the_figure_and_burned_in_on_request(
        runs: dict[str, list[Path]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from ica_model.experiments import run_experiment

    plain = {p.name: p for p in runs["plain"]}
    paper = {p.name: p for p in runs["paper"]}
    caption = plain["group_size.caption.txt"].read_text(encoding="utf-8").strip()
    assert caption and paper["group_size.caption.txt"].read_text(encoding="utf-8").strip() == \
        caption
    assert plain["group_size.png"].read_bytes() != paper["group_size.png"].read_bytes()
    texts: list[str] = []
    save = Figure.savefig

    def recording(figure, *args, **kwargs):
        texts.extend(t.get_text() for t in figure.findobj(Text))
        return save(figure, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", recording)
    run_experiment("group_size", tmp_path, quick=True)
    assert caption not in texts                      # off by default
    texts.clear()
    run_experiment("group_size", tmp_path / "c", quick=True, caption=True)
    assert caption in texts


def test_latex_tables_beside_the_csv(runs: dict[str, list[Path]]) -> None:
    paper = [p for p in runs["paper"] if p.suffix == ".tex"]
    csvs = [p for p in runs["paper"] if p.suffix == ".csv"]
    assert sorted(p.stem for p in paper) == sorted(p.stem for p in csvs
                                                   if len(pd.read_csv(p)) <= 60)
    assert paper and all(p.read_text().startswith(r"\begin{table}") for p in paper)
    assert not [p for p in runs["plain"] if p.suffix == ".tex"]
    record = json.loads(runs["paper"][-1].read_text())
    assert record["options"] == {"caption": True, "tables": ["csv", "latex"], "width": "double"}


def test_unknown_table_format_is_refused_by_name(tmp_path: Path) -> None:
    from ica_model.experiments import run_experiment

    with pytest.raises(ValueError, match="tables must be 'csv' or 'latex'"):
        run_experiment("group_size", tmp_path, quick=True, tables="pdf")
    assert not list(tmp_path.iterdir())


def test_command_line_writes_latex_and_refuses_other_formats(tmp_path: Path, capsys) -> None:
    from ica_model.cli import main

    assert main(["run", "group_size", "--quick", "--no-progress", "--tables", "latex",
                 "--out", str(tmp_path)]) == 0
    assert list((tmp_path / "group_size").glob("*.tex"))
    assert (tmp_path / "group_size" / "run.json").is_file()
    with pytest.raises(SystemExit) as stop:
        main(["run", "group_size", "--tables", "pdf"])
    assert stop.value.code == 2 and "invalid choice: 'pdf'" in capsys.readouterr().err
