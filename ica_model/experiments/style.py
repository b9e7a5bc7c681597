"""The house style of every figure the experiments draw: one module.

Figures are drawn at the size they are printed, so their text is readable at that size:

* widths: :data:`SINGLE_COLUMN` (85 mm) and :data:`DOUBLE_COLUMN` (174 mm), the
  narrowest column and page widths of the common journals (Springer 84/174 mm, PNAS
  87/178, Nature 89/183, Elsevier 90/190), so a figure is never shrunk to fit; heights up
  to :data:`MAX_HEIGHT`. A run draws every figure for the page (panels side by side) or,
  with ``ica-model run --width single``, for one column: :func:`new_figure` stacks the
  panels of a page-wide figure one above the other, :func:`legend_below` puts its entries
  in one column and wraps them, :func:`panel_title` wraps long titles;
* fonts: DejaVu Sans (shipped with matplotlib, so every machine draws the same glyphs;
  it has no Chinese glyphs, so figures cite Chinese authors in pinyin and the
  documentation gives the original titles), 8 pt for labels and titles, 7 pt for ticks,
  legends, annotations and the caption line (:data:`SMALLEST_FONT`: no text is smaller
  at the printed size); mathematics in DejaVu mathtext;
* colours from the palette of Okabe and Ito (2008, *Color Universal Design*), safe for
  colour-blind readers, and always a second channel that survives greyscale: each
  intervention kind has its own line style and marker (:func:`kind_style`), regions
  have hatches;
* legends outside the data (:func:`legend_below`), panel titles on the left with a
  letter, ``(a)``, ``(b)``, ... (:func:`panel_title`), no figure title (the caption
  belongs to the text that shows the figure), and one caption line saying where the
  parameters come from, written beside the figure as text (:func:`save_figure`; drawn at
  its bottom left only on request, ``ica-model run --caption``);
* PNG at :data:`DPI` and SVG (text as paths; heatmap layers rasterized inside the SVG,
  so it stays small).

Your own figures can take the same style: ``matplotlib.pyplot.style.use(STYLE)`` (or
``with matplotlib.style.context(STYLE):``), :data:`STYLE` naming the ``house.mplstyle``
file shipped in this package: the settings of :data:`RC` and the Okabe–Ito colour cycle.

Use :func:`styled` on a function that builds a figure: it builds and lays it out inside
:data:`RC`, so the figure keeps the house style wherever it is saved. Functions that
draw one panel take an ``ax`` and leave styling to the figure around it, so they can be
used in figures of another style.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .._validation import check_axes, check_instance, check_int, check_real

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = [
    "ACTION_COLOURS",
    "DOUBLE_COLUMN",
    "DPI",
    "HATCH_COLOUR",
    "ILLUSTRATIVE",
    "MAX_HEIGHT",
    "NEGATIVE_HATCH",
    "OVER",
    "RC",
    "SINGLE_COLUMN",
    "SMALLEST_FONT",
    "STYLE",
    "UNDER",
    "caption_line",
    "kind_style",
    "legend_below",
    "new_figure",
    "panel_title",
    "rasterize",
    "region_style",
    "row_heading",
    "save_figure",
    "single_column",
    "styled",
]

#: The house style as a matplotlib style name (``ica_model/experiments/house.mplstyle``):
#: ``matplotlib.pyplot.style.use(STYLE)``; matplotlib 3.7 or later reads a dotted package name.
STYLE = "ica_model.experiments.house"

#: Journal column widths in inches: one column (85 mm) and the full page (174 mm).
SINGLE_COLUMN = 85 / 25.4
DOUBLE_COLUMN = 174 / 25.4
#: The smallest text the figures hold, in points at the printed size.
SMALLEST_FONT = 7.0
#: Largest figure height in inches (247 mm, a full page less its caption).
MAX_HEIGHT = 247 / 25.4
#: Resolution of the PNG files and of the rasterized layers inside the SVG files.
DPI = 300

#: Colour, line style and marker of each intervention kind, in the order of
#: ``ica_model.model.parameters.KINDS`` (kinds beyond these take the next entries), and of
#: the even mix of all kinds.
# colour, line style (a name or matplotlib's (offset, dashes) pair) and marker
_LineStyle = tuple[str, str | tuple[float, tuple[float, ...]], str]
_KIND_CYCLE: tuple[_LineStyle, ...] = (("#d55e00", "-", "o"), ("#0072b2", (0, (5, 2)), "s"),
               ("#009e73", (0, (1, 1.5)), "^"), ("#cc79a7", (0, (4, 1.5, 1, 1.5)), "v"),
               ("#e69f00", (0, (2, 2)), "P"), ("#56b4e9", (0, (6, 1.5, 1, 1.5, 1, 1.5)), "X"))
_MIX: _LineStyle = ("#000000", (0, (3, 1, 1, 1)), "D")
#: Colours of the actions (C cooperate, D stay out, T token compliance); bars that use
#: them carry the hatches of :data:`ACTION_HATCHES` too.
ACTION_COLOURS = {"C": "#009e73", "D": "#d55e00", "T": "#e69f00"}
ACTION_HATCHES = {"C": "", "D": "xxx", "T": "..."}
#: Fills of under- and over-intervention regions (with hatches, :func:`region_style`).
UNDER, OVER = "#f6c9a8", "#bcdcf0"
#: Hatch (and its colour) of heatmap cells below 0: the sign survives greyscale.
NEGATIVE_HATCH, HATCH_COLOUR = "..", "0.35"
#: The caption line of figures drawn from illustrative parameters.
ILLUSTRATIVE = ("Parameters from ica_model.cases: representative points of the "
                "calibration, and a symmetric group built from them (illustrative).")

#: matplotlib settings of the house style.
RC: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "mathtext.fontset": "dejavusans",
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.titlelocation": "left",
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.frameon": False,
    "legend.handlelength": 2.8,
    "legend.columnspacing": 1.2,
    "legend.borderaxespad": 0.3,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 3,
    "ytick.major.size": 3,
    "lines.linewidth": 1.3,
    "lines.markersize": 4,
    "hatch.linewidth": 0.5,
    "axes.unicode_minus": True,
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    # deterministic SVG element ids
    "svg.hashsalt": "ica_model",
}

_F = TypeVar("_F", bound=Callable[..., Any])


def kind_style(kind: str) -> dict[str, Any]:
    """Colour, line style and marker of an intervention kind (or ``"even mix"``), as
    keyword arguments of ``ax.plot``.

    Examples
    --------
    >>> kind_style("authority")["color"], kind_style("even mix")["marker"]
    ('#d55e00', 'D')
    """
    if not isinstance(kind, str):
        raise TypeError(f"kind must be a string (an intervention kind or 'even mix'), got "
                        f"{type(kind).__name__}")
    if kind == "even mix":
        colour, dashes, marker = _MIX
    else:
        from ..model.parameters import KINDS

        if kind not in KINDS:       # was: the next style of the cycle, for any text
            raise ValueError(f"kind must be an intervention kind or 'even mix', got {kind!r}; "
                             f"kinds: {', '.join(KINDS)}")
        colour, dashes, marker = _KIND_CYCLE[KINDS.index(kind) % len(_KIND_CYCLE)]
    return {"color": colour, "linestyle": dashes, "marker": marker}


def region_style(region: str) -> dict[str, Any]:
    """Fill colour and hatch of an ``"under"``- or ``"over"``-intervention region, as
    keyword arguments of ``ax.axvspan`` or ``ax.fill_between``."""
    if not isinstance(region, str) or region not in ("under", "over"):
        raise ValueError(f"region must be 'under' or 'over', got {region!r}")
    colour, hatch = {"under": (UNDER, "////"), "over": (OVER, "\\\\\\\\")}[region]
    return {"facecolor": colour, "hatch": hatch, "edgecolor": "white", "linewidth": 0}


def new_figure(rows: int = 1, columns: int = 1, width: float | str = "double",
               height: float | None = None, **gridspec: Any) -> tuple[Any, Any]:
    """A constrained-layout figure (no pyplot state) and its 2-d array of axes.

    Parameters
    ----------
    width : "single", "double" or float
        One column, the full page, or a width in inches.
    height : float, optional
        Inches; default 0.75 × the width per row of panels over the number of columns,
        capped at :data:`MAX_HEIGHT`.
    gridspec
        Passed to ``Figure.subplots`` as ``gridspec_kw``.

    Notes
    -----
    In a run drawn for one column (``ica-model run --width single``), a figure asked for
    wider than a column is drawn one column wide with its panels stacked, row after row
    (two a row when a row held four or more), each as tall as a row was but at most 3/4
    of its width, plus a third of the height asked for (the legends), all at most
    :data:`MAX_HEIGHT`; the axes still come as a ``rows × columns`` array, so the code
    that draws them does not change.
    """
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    from ._options import current

    rows, columns = check_int("rows", rows, 1, 50), check_int("columns", columns, 1, 50)
    named: dict[str, float] = {"single": SINGLE_COLUMN, "double": DOUBLE_COLUMN}
    if isinstance(width, str):
        if width not in named:
            raise ValueError(f"width must be 'single', 'double' or a positive number of inches, "
                             f"got {width!r}")
        inches = named[width]
    else:
        inches = check_real("width", width, 0.0, 100.0, low_open=True, high_open=True)
    if height is not None:
        height = check_real("height", height, 0.0, 2 * MAX_HEIGHT, low_open=True)
    if height is None:
        height = min(MAX_HEIGHT, 0.75 * inches * rows / columns + 0.3)
    stack = current().width == "single" and inches > SINGLE_COLUMN + 1e-9
    if stack:
        # one panel a row (two when a row held four or more small ones), each as tall as
        # a row was but at most 3/4 of its width, and a third of the old height for the
        # legends below
        ratios = gridspec.pop("height_ratios", None)
        gridspec.pop("width_ratios", None)
        across = 2 if columns >= 4 and ratios is None else 1
        panel = min(height / rows, 0.75 * SINGLE_COLUMN / across)
        stacked = -(-rows * columns // across)
        height = min(MAX_HEIGHT, panel * stacked + 0.35 * height)
        if ratios is not None:
            gridspec["height_ratios"] = [r for r in ratios for _ in range(columns)]
        inches, shape = SINGLE_COLUMN, (rows, columns)
        rows, columns = stacked, across
    figure = Figure(figsize=(inches, height), layout="constrained")
    engine = figure.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)  # what layout="constrained" made
    engine.set(w_pad=2 / 72, h_pad=2 / 72, wspace=0.04, hspace=0.04)
    axes = figure.subplots(rows, columns, squeeze=False, gridspec_kw=gridspec or None)
    if stack:
        for spare in axes.flat[shape[0] * shape[1]:]:   # an odd count of panels, two a row
            spare.remove()
        axes = axes.flat[:shape[0] * shape[1]].reshape(shape)
    return figure, axes


def single_column() -> bool:
    """Whether the run in progress draws its figures one column wide."""
    from ._options import current

    return current().width == "single"


def _wrap(text: str, inches: float, size: float) -> str:
    """``text`` broken into lines that fit ``inches`` at ``size`` points (DejaVu Sans:
    about 0.55 em per character; a ``$...$`` formula counted as four). Lines already
    broken stay broken where they fit; a line that does not is wrapped afresh together
    with the lines that continue it, up to the next panel's letter ``(b) ...``
    (wrapping each line apart would leave a word alone on a line)."""
    import re
    import textwrap

    chars = max(12, int(inches * 72 / (0.55 * size)))

    def fits(line: str) -> bool:
        return len(re.sub(r"\$[^$]*\$", "xxxx", line)) <= chars

    lines = text.split("\n")
    wrapped: list[str] = []
    k = 0
    while k < len(lines):
        paragraph, k = lines[k].strip(), k + 1
        if not fits(paragraph):
            while k < len(lines) and not re.match(r"\s*\([a-z]\)", lines[k]):
                paragraph, k = f"{paragraph} {lines[k].strip()}", k + 1
            paragraph = textwrap.fill(paragraph, chars)
        wrapped.append(paragraph)
    return "\n".join(wrapped)


def panel_title(ax: Any, letter: str | None, text: str = "", pad: float | None = None) -> Any:
    """Title a panel on the left: ``(a) text``; return ``ax``. A title longer than its
    panel is wrapped; ``pad`` (points) lifts it over labels drawn above the axes."""
    check_axes("ax", ax)
    _check_text(letter="" if letter is None else letter, text=text)   # an array: ambiguous truth
    title = f"({letter}) {text}".rstrip() if letter else text
    spec = ax.get_subplotspec()
    if spec is not None:   # wrapped to its cell of the grid, less the axis labels
        grid = spec.get_gridspec()
        root = ax.figure
        while not hasattr(root, "get_figwidth"):
            root = root.figure
        share = len(spec.colspan) / grid.ncols
        title = _wrap(title, root.get_figwidth() * share - 0.45, RC["axes.titlesize"])
    ax.set_title(title, loc="left", fontsize=RC["axes.titlesize"], pad=pad)
    return ax


def row_heading(ax: Any, text: str) -> Any:
    """A bold heading above the title of ``ax`` (the first panel of a row, titled with
    :func:`panel_title` first), flush with its left edge; return ``ax``. The layout
    leaves room for it above the whole row."""
    check_axes("ax", ax)
    _check_text(text=text)
    size = RC["axes.titlesize"]
    title = ax.get_title(loc="left")
    lines = title.count("\n") + 1        # a title wrapped to its panel may take several
    # a blank first line in the title holds the place of the heading
    ax.set_title(" \n" + title, loc="left", fontsize=size, pad=6)
    heading = ax.annotate(text, xy=(0.0, 1.0), xycoords="axes fraction",
                          xytext=(0, 6 + 1.2 * size * lines), textcoords="offset points",
                          ha="left",
                          va="baseline", fontweight="bold", fontsize=size)
    heading.set_in_layout(False)   # may run above the next panels; the title pad holds it
    return ax


def legend_below(owner: Any, handles: Sequence[Any] | None = None,
                 labels: Sequence[str] | None = None, columns: int = 2, **options: Any) -> Any:
    """A legend outside the data: below the axes ``owner``, or at the bottom of the
    figure ``owner`` (constrained layout makes room for it). Entries from ``handles``
    (and ``labels``), or those of ``owner``; in ``columns``, or in one when the run draws
    one column wide (each entry wrapped to fit)."""
    from matplotlib.axes import Axes
    from matplotlib.figure import FigureBase

    check_instance("owner", owner, (Axes, FigureBase), "a matplotlib Axes or Figure")
    columns = check_int("columns", columns, 1, 20)
    if handles is None:
        handles, labels = owner.get_legend_handles_labels()
    elif labels is None:
        labels = [h.get_label() for h in handles]
    size = options.get("fontsize", RC["legend.fontsize"])
    handle = options.get("handlelength", RC["legend.handlelength"]) * size / 72
    if single_column():   # one column of entries, each wrapped to the column's width
        columns = 1
        labels = [_wrap(label.replace("\n", " "), SINGLE_COLUMN - 0.6 - handle, size)
                  for label in labels]
    root = owner
    while not hasattr(root, "get_figwidth"):   # an axes or subfigure: up to the figure
        root = root.figure
    if isinstance(owner, FigureBase):
        # entries wrapped to their column's share of the figure, so the legend never
        # makes the figure wider than the page
        room = owner.bbox.width / root.dpi / columns - handle - 0.25  # type: ignore[attr-defined]
        labels = [_wrap(label, room, size) for label in labels]
        return owner.legend(handles, labels, loc="outside lower center", ncol=columns,
                            **options)
    # below one panel: entries wrapped to the panel's width, so the legend does not push
    # the panels of its row apart
    room = 1.1 * owner.get_position().width * root.get_figwidth() / columns - handle - 0.1
    labels = [_wrap(label, room, size) for label in labels]
    options.setdefault("bbox_to_anchor", (0.0, -0.22))
    return owner.legend(handles, labels, loc="upper left", ncol=columns, **options)


def styled(build: _F) -> _F:
    """Decorate a function that returns a figure: build it and lay it out with the house
    settings :data:`RC`, so the figure keeps them wherever it is saved."""
    if not callable(build):
        raise TypeError(f"build must be a function returning a figure, got {build!r}")

    @functools.wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import matplotlib

        with matplotlib.rc_context(RC):
            figure = build(*args, **kwargs)
            figure.draw_without_rendering()   # ticks and colour bars take RC now
        return figure

    return wrapper  # type: ignore[return-value]


def _check_text(**texts: object) -> None:
    """A TypeError naming the argument that is not a string."""
    for name, value in texts.items():
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, got {value!r}")


def caption_line(*notes: str) -> str:
    """The caption line: the notes joined, each ending with a full stop."""
    for note in notes:
        _check_text(notes=note)
    return " ".join(n if n.endswith(".") else f"{n}." for n in notes if n)


def save_figure(figure: Any, out: Path, name: str, caption: str = ILLUSTRATIVE,
                burn_caption: bool | None = None) -> list[Path]:
    """Save ``name.png`` (:data:`DPI`) and ``name.svg`` into ``out``, and the caption
    line as ``name.caption.txt`` beside them; return the paths.

    Parameters
    ----------
    caption : str
        Where the figure's parameters come from; a journal prints it under the figure.
    burn_caption : bool, optional
        Also draw the caption line at the bottom left of the figure. Default: the
        experiment run's option (``ica-model run --caption``), off unless asked for.
    """
    import matplotlib
    from matplotlib.figure import Figure

    from ._options import current

    check_instance("figure", figure, Figure, "a matplotlib Figure")
    if not isinstance(out, str | Path) or "\0" in str(out) or not Path(out).is_dir():
        raise ValueError(f"out must be an existing folder, got {out!r}")
    if not isinstance(name, str) or not name.strip() or any(c in name for c in "/\\\0"):
        raise ValueError(f"name must be a file name (no folder, no NUL), got {name!r}")
    _check_text(caption=caption)

    if burn_caption is None:
        burn_caption = current().caption

    # lay the figure out once and keep it: saving with a tight bounding box must not move
    # legends placed outside the axes down over the caption line
    figure.draw_without_rendering()
    figure.set_layout_engine("none")
    # the layout solver's last bits vary between runs in one process, and SVG clip-path
    # ids hash the exact clip rectangles: snap the axes to a fine grid, so the same data
    # give the same files (inset axes follow their parents)
    for ax in figure.axes:
        if ax.get_axes_locator() is None:
            ax.set_position([round(float(v), 9) for v in ax.get_position().bounds])
    to_figure = figure.transFigure.inverted()
    for legend in figure.legends:   # pinned where they are, not to the figure's edge
        legend.set_bbox_to_anchor(legend.get_window_extent().transformed(to_figure),
                                  transform=figure.transFigure)
    if caption and burn_caption:
        # below everything drawn (legends outside the axes included), from its left edge
        box = figure.get_tightbbox()
        width, height = figure.get_size_inches()
        figure.text(max(box.x0, 0.0) / width, box.y0 / height - 0.03 / height, caption,
                    ha="left", va="top", fontsize=SMALLEST_FONT, color="0.3", wrap=True,
                    fontfamily="DejaVu Sans")
    paths = []
    with matplotlib.rc_context({key: RC[key] for key in ("svg.hashsalt", "svg.fonttype",
                                                          "hatch.linewidth")}):
        for suffix in ("png", "svg"):
            path = Path(out) / f"{name}.{suffix}"
            figure.savefig(path, dpi=DPI, bbox_inches="tight", pad_inches=0.03,
                           metadata={"Date": None} if suffix == "svg" else None)
            paths.append(path)
    if caption:
        path = Path(out) / f"{name}.caption.txt"
        path.write_text(caption + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def rasterize(artists: Iterable[Any]) -> None:
    """Draw ``artists`` (heatmap meshes) as images inside vector files."""
    if not isinstance(artists, Iterable) or isinstance(artists, str):
        raise TypeError(f"artists must be an iterable of matplotlib artists, got {artists!r}")
    artists = list(artists)
    if not all(hasattr(artist, "set_rasterized") for artist in artists):
        raise TypeError(f"artists must be matplotlib artists, got {artists!r}")
    for artist in artists:
        artist.set_rasterized(True)
