"""Figures stay readable in greyscale: every two entries of a legend (the categories a
reader must tell apart) differ in grey level or in a channel that has no colour (line
style, marker, hatch, line width).

Why legends: each category a figure encodes has a legend entry (the house style puts every
encoding in a legend), and an entry is drawn with the same properties as the data it
names, so two entries that look the same in greyscale are two categories the reader
cannot tell apart in print. Grey level is the luminance PIL's ``convert("L")`` gives
(ITU-R 601: 0.299 R + 0.587 G + 0.114 B); two grey levels closer than
:data:`MIN_GREY_STEP` count as the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ica_model.experiments import EXPERIMENTS, run_experiment

#: Smallest difference of grey level (0 black, 1 white) that tells two entries apart.
MIN_GREY_STEP = 0.12
def grey(colour) -> float | None:
    from matplotlib.colors import to_rgba

    try:
        r, g, b, a = to_rgba(colour)
    except (TypeError, ValueError):
        return None
    if a == 0:
        return None
    # seen over white paper
    r, g, b = (a * c + (1 - a) for c in (r, g, b))
    return 0.299 * r + 0.587 * g + 0.114 * b


def look(handle) -> dict | None:
    """What a legend handle shows without colour, and its grey level; None for an entry
    that draws nothing (a text-only entry)."""
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if isinstance(handle, Line2D):
        style, marker = handle.get_linestyle(), str(handle.get_marker())
        has_line = style not in ("None", "none", "", " ")
        has_marker = marker not in ("None", "none", "", " ")
        if not (has_line or has_marker):
            return None
        colour = handle.get_color() if has_line else handle.get_markerfacecolor()
        return {"grey": grey(colour), "style": style if has_line else None,
                "dashes": str(handle._unscaled_dash_pattern) if has_line else None,
                "marker": marker if has_marker else None, "width": handle.get_linewidth(),
                "edge": grey(handle.get_markeredgecolor()) if has_marker else None}
    if isinstance(handle, Patch):
        return {"grey": grey(handle.get_facecolor()), "hatch": handle.get_hatch() or None,
                "edge": grey(handle.get_edgecolor()) if handle.get_linewidth() else None}
    if isinstance(handle, Collection):
        faces = handle.get_facecolor()
        return {"grey": grey(faces[0]) if len(faces) else None,
                "hatch": handle.get_hatch() or None,
                "marker": str(len(handle.get_paths()[0].vertices)) if handle.get_paths() else None}
    return {"kind": type(handle).__name__, "grey": None, "id": id(handle)}   # containers


def apart(a: dict, b: dict) -> bool:
    """Whether two entries can be told apart without colour."""
    if a.get("grey") is not None and b.get("grey") is not None and \
            abs(a["grey"] - b["grey"]) >= MIN_GREY_STEP:
        return True
    for key in ("style", "dashes", "marker", "hatch", "kind", "id"):
        if a.get(key) != b.get(key):
            return True
    if a.get("edge") is not None and b.get("edge") is not None and \
            abs(a["edge"] - b["edge"]) >= MIN_GREY_STEP:
        return True
    widths = [w for w in (a.get("width"), b.get("width")) if w]
    return len(widths) == 2 and max(widths) >= 1.5 * min(widths)


def drawn(box) -> list[tuple[str, dict | None]]:
    """(label, look) per entry of a legend, from every artist its handle draws: the data's
    marker when one shows it (an error bar draws its bars, its caps, its line and its
    marker; the marker tells the categories apart), with the line style of a line drawn
    beside it; else the first artist."""
    from matplotlib.lines import Line2D

    root = box.figure
    while not hasattr(root, "draw_without_rendering"):     # a subfigure's legend
        root = root.figure
    root.draw_without_rendering()
    found = []
    for column in box._legend_handle_box.get_children():      # matplotlib's layout of a
        for row in column.get_children():                     # legend: handle, then text
            area, text = row.get_children()[:2]
            artists = area.get_children()
            # the data's marker, not the caps' ("|", "_") of an error bar
            marked = [a for a in artists if isinstance(a, Line2D)
                      and str(a.get_marker()) not in ("None", "none", "", " ", "|", "_")]
            lines = [look(a) for a in artists if isinstance(a, Line2D)
                     and a.get_linestyle() not in ("None", "none", "", " ")]
            seen = look(marked[0] if marked else artists[0])
            if marked and seen is not None and seen["style"] is None and lines:
                seen |= {key: lines[0][key] for key in ("style", "dashes", "width")}
            found.append((text.get_children()[0].get_text(), seen))
    return found


def legends(name: str, tmp_path: Path, monkeypatch) -> list[list[tuple[str, dict]]]:
    """The legends of every figure ``name`` saves: (label, look) per drawn entry."""
    from matplotlib.figure import Figure

    found: list[list[tuple[str, dict]]] = []
    save = Figure.savefig

    def recording(figure, *args, **kwargs):
        if str(args[0]).endswith(".png"):
            boxes = list(figure.legends) + [ax.get_legend() for ax in figure.axes
                                            if ax.get_legend() is not None]
            for box in boxes:
                entries = drawn(box)
                found.append([(label, seen) for label, seen in entries if seen is not None])
        return save(figure, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", recording)
    run_experiment(name, tmp_path, quick=True)
    return found


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_legend_entries_differ_in_greyscale(name: str, tmp_path: Path, monkeypatch) -> None:
    clashes = []
    for entries in legends(name, tmp_path, monkeypatch):
        for i, (label_a, a) in enumerate(entries):
            for label_b, b in entries[i + 1:]:
                if not apart(a, b):
                    clashes.append((label_a, label_b))
    assert not clashes, f"{name}: entries alike in greyscale: {clashes}"


def test_the_check_catches_colour_only_categories() -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    red, green = Line2D([], [], color="#d55e00"), Line2D([], [], color="#009e73")
    assert abs(grey("#d55e00") - grey("#009e73")) < MIN_GREY_STEP     # alike in grey
    assert not apart(look(red), look(green))
    assert apart(look(red), look(Line2D([], [], color="#009e73", ls="--")))
    assert apart(look(Patch(facecolor="#d55e00")), look(Patch(facecolor="#d55e00", hatch="//")))
    assert apart(look(Patch(facecolor="black")), look(Patch(facecolor="white")))
    assert look(Line2D([], [], ls="none")) is None                     # a text-only entry


def test_the_check_reads_the_markers_of_error_bars() -> None:
    # an error bar's legend handle draws its bars, its line and its marker: the marker
    # (circle or diamond) tells two entries of one grey apart
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    for y, marker in ((1, "o"), (2, "D"), (3, "D")):
        ax.errorbar([1], [y], xerr=[[0.1], [0.1]], fmt=marker, color="0.3", capsize=2,
                    label=marker)
    entries = [seen for _, seen in drawn(ax.legend())]
    assert [e["marker"] for e in entries] == ["o", "D", "D"]
    assert apart(entries[0], entries[1]) and not apart(entries[1], entries[2])
