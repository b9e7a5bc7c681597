"""Smoke tests: every experiment runs in quick mode, writes its data and figures, and is
deterministic; ``python -m ica_model.experiments`` runs the same code."""

from __future__ import annotations

import json
import re
import runpy
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ica_model.experiments import EXPERIMENTS, experiment, run_experiment

README = Path(__file__).resolve().parents[2] / "experiments" / "README.md"


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_quick_mode_writes_tidy_data_and_figures(name: str, tmp_path: Path) -> None:
    paths = run_experiment(name, tmp_path, quick=True, rng=1)
    suffixes = {p.suffix for p in paths}
    assert {".csv", ".png", ".svg"} <= suffixes
    for path in paths:
        assert path.parent == tmp_path / name and path.stat().st_size > 0
    for csv in (p for p in paths if p.suffix == ".csv"):
        table = pd.read_csv(csv)
        assert len(table) > 0 and not table.columns.duplicated().any()
    entry = experiment(name)
    assert entry.name == name and entry.title and entry.load().__doc__


@pytest.mark.parametrize("name", ["intervention_sweep", "sensitivity", "calibration",
                                  "inverted_u", "mix_heatmaps", "g60_timeline",
                                  "yangtze_river_delta"])
def test_same_seed_same_files(name: str, tmp_path: Path) -> None:
    from ica_model.experiments._calibrated import calibration

    calibration.cache_clear()          # the second run calibrates again, not from the cache
    first = run_experiment(name, tmp_path / "a", quick=True, rng=0)   # the default seed
    calibration.cache_clear()
    second = run_experiment(name, tmp_path / "b", quick=True, rng=0)
    for a, b in zip(first, second, strict=True):
        if a.suffix in (".csv", ".svg"):
            assert a.read_bytes() == b.read_bytes(), a.name


def test_intervention_sweep_shows_the_inverted_u(tmp_path: Path) -> None:
    run_experiment("intervention_sweep", tmp_path, quick=True)
    table = pd.read_csv(tmp_path / "intervention_sweep" / "intervention_sweep.csv")
    symmetric = table[table["case"] == "symmetric"]
    # the even mix: unstable without intervention, stable in between, and its margin falls
    # again past a balance point below the full level
    even = symmetric[symmetric["kind"] == "even mix"]
    stable, margin = even["full_cooperation"].tolist(), even["margin"].to_numpy()
    assert not stable[0] and any(stable)
    assert 0 < margin.argmax() < len(margin) - 1 and margin[-1] < margin.max()
    # authority alone only lowers the margin (its balance point is 0)
    authority = symmetric[symmetric["kind"] == "authority"]["margin"].to_numpy()
    assert (np.diff(authority) < 0).all()


def test_timeline_shows_the_facts_of_the_g60_study(tmp_path: Path) -> None:
    # the facts of Liu Lulu's G60 study (ica_model.cases.g60_corridor): all nine cooperate at the
    # launch and through the pilot; under the lists no city exits, and under the longer lists
    # some lie flat and full cooperation has failed; at every accepted draw read (each was
    # accepted because these facts hold). At the representative point some already lie flat
    # under the first lists (which the facts leave open), more of them under the longer lists.
    run_experiment("g60_timeline", tmp_path, quick=True)
    table = pd.read_csv(tmp_path / "g60_timeline" / "g60_timeline.csv").set_index("epoch")
    assert (table.loc[["launch", "pilot"], "cooperators"] == 9).all()
    assert (table.loc[["launch", "pilot"], "share_full_cooperation"] == 1).all()
    flat = table.loc[["lists", "more lists"]]
    assert (flat["defectors"] == 0).all() and (flat["token_compliers"] >= 1).all()
    assert (flat["share_no_defector"] == 1).all()
    assert flat.loc["more lists", "share_full_cooperation"] == 0
    assert flat.loc["more lists", "token_compliers"] >= flat.loc["lists", "token_compliers"]
    assert (table[["cooperators", "token_compliers", "defectors"]].sum(axis=1) == 9).all()
    tokens = pd.read_csv(tmp_path / "g60_timeline" / "g60_timeline_token_compliers.csv")
    np.testing.assert_allclose(tokens.groupby("epoch")["share"].sum(), 1.0)


def test_a_generator_gives_one_seed_drawn_from_it(tmp_path: Path) -> None:
    # the experiment draws its one integer seed from the generator: the same generator
    # state gives the same files, and the files equal those of that integer seed
    seed = int(np.random.default_rng(7).integers(2**32))
    first = run_experiment("sensitivity", tmp_path / "a", quick=True, rng=np.random.default_rng(7))
    second = run_experiment("sensitivity", tmp_path / "b", quick=True, rng=seed)
    third = run_experiment("sensitivity", tmp_path / "c", quick=True, rng=8)
    assert first[0].read_bytes() == second[0].read_bytes() != third[0].read_bytes()


def test_unknown_experiment_and_bad_rng() -> None:
    with pytest.raises(ValueError, match="unknown experiment 'nope'; choose one of"):
        run_experiment("nope")
    with pytest.raises(ValueError, match=r"rng must be an integer in \[0, inf\], got -1"):
        run_experiment("group_size", rng=-1)
    with pytest.raises(TypeError, match="rng must be a non-negative integer seed or a numpy"):
        run_experiment("group_size", rng=1.5)
    with pytest.raises(ValueError, match="out must name a folder"):
        run_experiment("group_size", out="")


def test_registry_is_the_one_list(tmp_path: Path) -> None:
    # the modules hold no second copy of the titles, and the README lists every experiment
    for name, entry in EXPERIMENTS.items():
        assert not hasattr(entry.load(), "TITLE"), name
        assert f"| `{name}` |" in README.read_text(encoding="utf-8"), name
    assert sorted(p.stem for p in README.parent.iterdir()) == ["README"]


def test_module_entry_point_runs_the_same_code(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["ica_model.experiments", "group_size", "--quick",
                                      "--out", str(tmp_path)])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("ica_model.experiments", run_name="__main__", alter_sys=True)
    assert exit_.value.code == 0
    assert (tmp_path / "group_size" / "group_size.png").stat().st_size > 0


# --- the house style -------------------------------------------------------------------

HOUSE = tuple(EXPERIMENTS)
#: Labels that only make sense inside the project; a reader must never see them.
INTERNAL = re.compile(r"\bseeds? ?\d{3}\b|MODEL\.md|\[S\d{3}\]|shared/", re.IGNORECASE)


def drawn_texts(name: str, tmp_path: Path, monkeypatch,
                **options) -> tuple[list[str], list[float], list[Path]]:
    """Run ``name`` in quick mode (with the options of ``run_experiment``); return every
    text of the figures it saves and their caption lines, the sizes in points of the texts
    the figures show, and the paths written."""
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    texts: list[str] = []
    sizes: list[float] = []
    save = Figure.savefig

    def recording(figure, *args, **kwargs):
        found = figure.findobj(Text)
        texts.extend(t.get_text() for t in found)
        sizes.extend(t.get_fontsize() for t in found if t.get_visible() and t.get_text().strip()
                     and (t.axes is None or t.axes.get_visible()))
        return save(figure, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", recording)
    paths = run_experiment(name, tmp_path, quick=True, **options)
    # the caption lines, written beside the figures (drawn only with caption=True)
    texts += [p.read_text(encoding="utf-8") for p in paths if p.name.endswith(".caption.txt")]
    return [t for t in texts if t], sizes, paths


def missing_glyphs(texts: list[str]) -> set[str]:
    """Characters of ``texts`` (outside mathtext) that the house font has no glyph for."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from ica_model.experiments.style import RC

    font = FT2Font(font_manager.findfont(font_manager.FontProperties(
        family=RC["font.sans-serif"][0]), fallback_to_default=False))
    charmap = font.get_charmap()
    plain = "".join(re.sub(r"\$[^$]*\$", "", t) for t in texts)
    return {c for c in plain if c not in "\n\t" and ord(c) not in charmap}


def print_size(paths: list[Path]) -> list[tuple[str, float, float]]:
    """Name, width and height in inches of every PNG in ``paths``."""
    from PIL import Image

    from ica_model.experiments.style import DPI

    return [(png.name, *(size / DPI for size in Image.open(png).size))
            for png in paths if png.suffix == ".png"]


@pytest.mark.filterwarnings("error:Glyph .* missing from font")
@pytest.mark.parametrize("name", HOUSE)
def test_figures_at_print_size_show_every_glyph_and_no_internal_label(
        name: str, tmp_path: Path, monkeypatch) -> None:
    # PNG at 300 dpi no wider than the full page of a journal (174 mm), with room for the
    # tight bounding box's few points of padding; no text smaller than 7 pt at that size
    from ica_model.experiments.style import DOUBLE_COLUMN, MAX_HEIGHT, SMALLEST_FONT

    texts, sizes, paths = drawn_texts(name, tmp_path, monkeypatch)
    assert texts
    assert not [t for t in texts if INTERNAL.search(t)]
    assert not missing_glyphs(texts)
    assert min(sizes) >= SMALLEST_FONT, sorted(sizes)[:5]
    for png, width, height in print_size(paths):
        assert width <= DOUBLE_COLUMN + 0.1 and height <= MAX_HEIGHT + 0.1, png


#: Figures drawn one column wide in the tests (those of the page stacked): one with a
#: figure-wide legend, one with a legend below each panel and a colour bar.
SINGLE = ("group_size", "follow_up_strategies")


@pytest.mark.parametrize("name", SINGLE)
def test_figures_fit_one_column(name: str, tmp_path: Path, monkeypatch) -> None:
    from ica_model.experiments.style import MAX_HEIGHT, SINGLE_COLUMN, SMALLEST_FONT

    _, sizes, paths = drawn_texts(name, tmp_path, monkeypatch, width="single")
    assert min(sizes) >= SMALLEST_FONT, sorted(sizes)[:5]
    for png, width, height in print_size(paths):
        # the tight bounding box trims or pads a few points, never a panel's width
        assert SINGLE_COLUMN - 0.4 <= width <= SINGLE_COLUMN + 0.1, (png, width)
        assert width < height <= MAX_HEIGHT + 0.1, (png, height)         # panels stacked
    run = json.loads((tmp_path / name / "run.json").read_text(encoding="utf-8"))
    assert run["options"]["width"] == "single"


def test_an_unknown_width_is_refused_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="width must be 'single' or 'double', got 'a4'"):
        run_experiment("group_size", tmp_path, quick=True, width="a4")
    assert not list(tmp_path.iterdir())


def test_single_column_stacks_the_panels_of_the_page() -> None:
    from ica_model.experiments._options import OutputOptions, output_options
    from ica_model.experiments.style import (
        DOUBLE_COLUMN,
        SINGLE_COLUMN,
        legend_below,
        new_figure,
        panel_title,
    )

    figure, axes = new_figure(1, 3, "double", 3.0, width_ratios=(1, 2, 1))
    assert figure.get_figwidth() == pytest.approx(DOUBLE_COLUMN) and axes.shape == (1, 3)
    with output_options(OutputOptions(width="single")):
        figure, axes = new_figure(1, 3, "double", 3.0, width_ratios=(1, 2, 1))
        long = "a panel title much longer than one column of a journal page can hold"
        panel_title(axes[0, 0], "a", long)
        legend = legend_below(figure, [axes[0, 0].plot([0, 1], label=long * 2)[0]],
                              columns=3)
        assert new_figure(1, 1, "single")[0].get_figwidth() == pytest.approx(SINGLE_COLUMN)
    assert figure.get_figwidth() == pytest.approx(SINGLE_COLUMN) and axes.shape == (1, 3)
    figure.draw_without_rendering()
    lefts = {round(ax.get_position().x0, 3) for ax in axes.flat}
    tops = [ax.get_position().y1 for ax in axes.flat]
    assert len(lefts) == 1 and tops == sorted(tops, reverse=True)       # one above the other
    assert "\n" in axes[0, 0].get_title(loc="left")                       # wrapped
    assert legend._ncols == 1 and "\n" in legend.get_texts()[0].get_text()
    assert max(t.get_window_extent().width for t in legend.get_texts()) / figure.dpi \
        < SINGLE_COLUMN


def test_internal_label_pattern_catches_what_it_must() -> None:
    for text in ("remedies of seed 004", "(seed 000 gives the dimensions)", "see MODEL.md",
                 "[S004] Liu", "shared/seeds"):
        assert INTERNAL.search(text), text
    assert not INTERNAL.search("rng seed 7; 1,000 draws; Liu Lulu (G60 study)")


def test_missing_glyphs_finds_chinese() -> None:
    # DejaVu Sans has no CJK glyphs: figures cite Chinese authors in pinyin
    assert missing_glyphs(["刘露露 (G60)", "$U_C$ ±20 % λ* ρ τ → ×"]) == {"刘", "露"}


def test_kinds_differ_without_colour() -> None:
    from ica_model.experiments.style import kind_style
    from ica_model.model.parameters import KINDS

    styles = [kind_style(k) for k in (*KINDS, "even mix")]
    assert len({(str(s["linestyle"]), s["marker"]) for s in styles}) == len(styles)


def test_grid_reshapes_either_order() -> None:
    from ica_model.experiments._common import grid

    x, y = np.meshgrid([0.0, 1.0, 2.0], [5.0, 6.0], indexing="ij")
    slow_x = pd.DataFrame({"x": x.ravel(), "y": y.ravel(), "v": (10 * x + y).ravel()})
    slow_y = pd.DataFrame({"x": x.T.ravel(), "y": y.T.ravel(), "v": (10 * x + y).T.ravel()})
    for frame in (slow_x, slow_y):
        gx, gy, gv = grid(frame, "x", "y", "v")
        np.testing.assert_array_equal(gv, 10 * gx + gy)   # each cell keeps its own value
        assert gx.size == 6
    with pytest.raises(ValueError, match="not a full grid"):
        grid(slow_x.iloc[:5], "x", "y", "v")


def test_the_shipped_style_file_is_the_house_style() -> None:
    # users apply it to their own figures; it must say what RC says
    import matplotlib
    from matplotlib import style as mpl_style

    from ica_model.experiments.style import RC, STYLE

    with mpl_style.context(STYLE):
        params = dict(matplotlib.rcParams)
        colours = [c["color"].lower() for c in params["axes.prop_cycle"]]
    expected = matplotlib.RcParams(RC)      # RC through matplotlib's validators
    for key in RC:
        assert params[key] == expected[key], key
    assert colours[:3] == ["#d55e00", "#0072b2", "#009e73"]
    assert matplotlib.rcParams["svg.hashsalt"] != "ica_model"   # the context is left
