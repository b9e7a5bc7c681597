"""Figures of stability maps, basins and bifurcation diagrams.

Each function takes the computed object (:mod:`~ica_model.engine.evolutionary.bifurcation`)
and an optional matplotlib ``ax``, draws with labelled axes and a legend that hides no data,
and returns the ``ax``. Regions carry a colour of the Okabe–Ito palette (safe for
colour-blind readers) *and* a hatch, so they stay apart in greyscale; stable branches are
solid and thick, unstable ones dashed and thin.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy as sp

from ..._validation import check_axes, check_instance, check_int, check_real
from .bifurcation import BasinMap, BifurcationDiagram, StabilityMap

__all__ = ["cjk_font", "plot_basin_map", "plot_bifurcation", "plot_stability_map",
           "plot_stability_table", "use_cjk_font"]

#: Okabe and Ito (2008) colours, then grey; hatches for greyscale.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
           "#999999")
HATCHES = ("", "//", "..", "\\\\", "xx", "oo", "--", "++")
#: Markers of the rest points' branches in :func:`plot_bifurcation`, in the order of PALETTE.
MARKERS = ("o", "s", "^", "v", "D", "P", "X", "*")

#: Font families with Chinese glyphs, in order of preference, and the file names they ship in.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei", "PingFang SC")
_CJK_FILES = ("notosanscjk", "notosanssc", "sourcehansans", "wqy-microhei", "wqy-zenhei",
              "simhei", "msyh", "pingfang")


def cjk_font() -> Any:
    """A :class:`matplotlib.font_manager.FontProperties` of an installed font with Chinese
    glyphs (:data:`CJK_FAMILIES`), or None when none is installed.

    The font is read from its file; matplotlib's global font list is not changed.
    """
    return _cjk_font()


@functools.lru_cache(maxsize=1)
def _cjk_font() -> Any:
    from matplotlib import font_manager

    known = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            return font_manager.FontProperties(fname=known[family])
    for path in sorted(font_manager.findSystemFonts()):
        name = path.rsplit("/", 1)[-1].lower().replace("_", "")
        if any(name.startswith(prefix) for prefix in _CJK_FILES):
            return font_manager.FontProperties(fname=path)
    return None


def use_cjk_font(ax: Any) -> bool:
    """Draw every text of ``ax`` (labels, ticks, title, legend) in :func:`cjk_font`, each
    at its own size, so Chinese names (``names={"E2": "(鹰, 鸽)"}``) show. Returns False,
    changing nothing, when no such font is installed (then Chinese glyphs would show as
    boxes: install e.g. Noto Sans CJK or WenQuanYi Micro Hei).
    """
    check_axes("ax", ax)
    font = cjk_font()
    if font is None:
        return False
    texts = [ax.xaxis.label, ax.yaxis.label, ax.title, *ax.get_xticklabels(),
             *ax.get_yticklabels(), *ax.texts]
    for loc in ("left", "right"):
        texts.append(getattr(ax, f"_{loc}_title"))
    legend = ax.get_legend()
    if legend is not None:
        texts.extend(legend.get_texts())
        texts.append(legend.get_title())
    for text in texts:
        own = font.copy()
        own.set_size(text.get_fontsize())
        text.set_fontproperties(own)
    return True


def _axes(ax: Any, size: tuple[float, float] = (3.5, 3.0)) -> Any:
    if ax is not None:
        return check_axes("ax", ax)
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained").add_subplot()


def _categorical(ax: Any, xs: np.ndarray, ys: np.ndarray, labels: np.ndarray,
                 names: dict[str, str] | None = None) -> list[Any]:
    """Fill each category with a colour and a hatch; return legend handles."""
    from matplotlib.patches import Patch

    categories = sorted(set(labels.ravel()), key=lambda v: (v in ("none", "no vertex"), v))
    handles = []
    for k, category in enumerate(categories):
        mask = (labels == category).astype(float)
        colour = "white" if category in ("none", "no vertex") else PALETTE[k % len(PALETTE)]
        hatch = HATCHES[k % len(HATCHES)]
        ax.contourf(xs, ys, mask, levels=[0.5, 1.5], colors=[colour], hatches=[hatch])
        text = (names or {}).get(category, category)
        handles.append(Patch(facecolor=colour, hatch=hatch, edgecolor="0.3", label=text))
    return handles


def plot_stability_map(result: StabilityMap, ax: Any = None, names: dict[str, str] | None = None,
                       boundaries: bool = True) -> Any:
    """The regions where each set of vertices is ESS, with the exact boundary curves.

    ``names``: optional text for each regime (``{"E2+E3": "(H, D) or (D, H)"}``).
    """
    if not isinstance(result, StabilityMap):
        raise TypeError(f"result must be a StabilityMap, got {type(result).__name__}")
    ax = _axes(ax)
    regime = result.regime()
    handles = _categorical(ax, result.xs, result.ys, regime, names)
    if boundaries:
        drawn: set[str] = set()
        for curves in result.boundaries.values():
            for _, curve in curves:
                key = str(sp.expand(curve))
                if key not in drawn:
                    drawn.add(key)
                    _draw_curve(ax, curve, result)
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color="black", lw=1.0,
                              label="exact boundary (an eigenvalue = 0)"))
    ax.set_xlabel(f"${sp.latex(result.x)}$")
    ax.set_ylabel(f"${sp.latex(result.y)}$")
    ax.legend(handles=handles, title="ESS", fontsize=7, title_fontsize=7,
              loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    return ax


#: How :func:`plot_stability_table` fills an eigenvalue's cell, by its sign: colour, hatch
#: and the sign written in it (so greyscale and a black-and-white print keep them apart).
SIGN_STYLE = {"-": ("#0072B2", "", "−"), "+": ("#D55E00", "//", "+"),
              "0": ("#F0E442", "..", "0"), "×": ("white", "xx", "?")}


def plot_stability_table(table: Any, ax: Any = None, values: Any = None) -> Any:
    """A stability table as a chart: a row per rest point, a cell per eigenvalue filled by
    its sign (:data:`SIGN_STYLE`: negative, positive, zero, undecided), the point's
    stability at the right.

    With ``values`` (parameter values, as :meth:`StabilityTable.at` takes them) the signs
    and labels are those at these numbers, and a rest point that does not exist there is
    left blank and says so; without them, the signs proved from the assumptions (``?``:
    undecided, ``ESS if (k)``: under the table's condition k).
    """
    from matplotlib.patches import Patch, Rectangle

    if not all(hasattr(table, name) for name in ("rows", "size", "system")):
        # by its attributes: stability imports this module, so it cannot be imported here
        raise TypeError(f"table must be a StabilityTable (from stability_table), got "
                        f"{type(table).__name__}")
    if values is not None:
        for name, value in check_instance("values", values, Mapping, "a mapping of parameter values"
                                          ).items():
            check_real(f"values[{str(name)!r}]", value)
    ax = _axes(ax, (2.6 + 0.45 * table.size, 0.6 + 0.32 * len(table.rows)))
    rows = _table_rows(table, values)
    used = set()
    for y, (_, _, signs, stability) in enumerate(rows):
        for x, sign in enumerate(signs):
            colour, hatch, text = SIGN_STYLE.get(sign, SIGN_STYLE["×"])
            used.add(sign)
            ax.add_patch(Rectangle((x, y), 1, 1, facecolor=colour, hatch=hatch,
                                   edgecolor="0.3", lw=0.6))
            ax.text(x + 0.5, y + 0.5, text, ha="center", va="center", fontsize=9,
                    fontweight="bold", color="black",
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"})
        ax.text(table.size + 0.15, y + 0.5, stability, ha="left", va="center", fontsize=8)
    ax.set_xlim(0, table.size)
    ax.set_ylim(len(rows), 0)
    ax.set_xticks(np.arange(table.size) + 0.5, [f"$\\lambda_{{{k + 1}}}$"
                                                for k in range(table.size)])
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(len(rows)) + 0.5, [f"{label} {point}" for label, point, _, _
                                               in rows])
    ax.tick_params(length=0, labelsize=8)
    for side in ax.spines.values():
        side.set_visible(False)
    words = {"-": "negative", "+": "positive", "0": "zero", "×": "undecided"}
    handles = [Patch(facecolor=SIGN_STYLE[s][0], hatch=SIGN_STYLE[s][1], edgecolor="0.3",
                     label=f"{SIGN_STYLE[s][2]} {words[s]}") for s in SIGN_STYLE if s in used]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), fontsize=7,
              ncols=len(handles) or 1, frameon=False, title="eigenvalue's sign",
              title_fontsize=7)
    where = "at the given values" if values is not None else "from the assumptions"
    ax.set_title(f"{table.system.title}:\nsigns and stability {where}", loc="left",
                 fontsize=8)
    return ax


def _table_rows(table: Any, values: Any) -> list[tuple[str, str, tuple[str, ...], str]]:
    """(label, point, signs, stability) per row of ``table``, symbolic or at ``values``."""
    if values is None:
        return [(row.label, row.point_text, tuple(row.signs), row.stability)
                for row in table.rows]
    frame = table.at(values)
    found = {} if frame.empty else {r["equilibrium"]: r for _, r in frame.iterrows()}
    rows: list[tuple[str, str, tuple[str, ...], str]] = []
    for row in table.rows:
        if row.label not in found:
            rows.append((row.label, row.point_text, (), "does not exist at these values"))
            continue
        numbers = found[row.label]
        point = "(" + ", ".join(f"{c:.3g}" for c in numbers["point"]) + ")"
        signs = tuple(numbers["signs"].strip("()").split(", "))
        rows.append((row.label, point, signs, numbers["stability"]))
    return rows


def _draw_curve(ax: Any, curve: sp.Expr, result: StabilityMap) -> None:
    """Draw ``y - f(x) = 0`` as y = f(x), or ``x - c = 0`` as a vertical line."""
    if result.y in curve.free_symbols:
        f = sp.lambdify(result.x, result.y - curve, "numpy")
        xs = np.linspace(result.xs[0], result.xs[-1], 801)
        with np.errstate(all="ignore"):
            ys = np.broadcast_to(np.asarray(f(xs), dtype=float), xs.shape).copy()
        ys[(ys < result.ys[0]) | (ys > result.ys[-1])] = np.nan
        ax.plot(xs, ys, color="black", lw=1.0)
    else:
        value = float(result.x - curve)
        if result.xs[0] <= value <= result.xs[-1]:
            ax.axvline(value, color="black", lw=1.0)


def plot_basin_map(result: BasinMap, ax: Any = None, names: dict[str, str] | None = None) -> Any:
    """Where the dynamics end from each pair of initial shares."""
    if not isinstance(result, BasinMap):
        raise TypeError(f"result must be a BasinMap, got {type(result).__name__}")
    ax = _axes(ax)
    edges = np.concatenate([[0.0], (result.levels[:-1] + result.levels[1:]) / 2, [1.0]])
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Patch, Rectangle

    categories = sorted(set(result.final.ravel()), key=lambda v: (v == "no vertex", v))
    handles = []
    for k, category in enumerate(categories):
        colour = "white" if category == "no vertex" else PALETTE[k % len(PALETTE)]
        hatch = HATCHES[k % len(HATCHES)]
        rows, columns = np.nonzero(result.final == category)
        cells = [Rectangle((edges[c], edges[r]), edges[c + 1] - edges[c],
                           edges[r + 1] - edges[r]) for r, c in zip(rows, columns, strict=True)]
        ax.add_collection(PatchCollection(cells, facecolor=colour, edgecolor="0.3",
                                          hatch=hatch, linewidth=0.0))
        handles.append(Patch(facecolor=colour, hatch=hatch, edgecolor="0.3",
                             label=(names or {}).get(category, category)))
    a, b = result.axes
    ax.set_xlabel(f"initial share ${result.variables[a]}$")
    ax.set_ylabel(f"initial share ${result.variables[b]}$")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.legend(handles=handles, title="ends at", fontsize=7, title_fontsize=7,
              loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    return ax


def plot_bifurcation(result: BifurcationDiagram, variable: int = 0, ax: Any = None,
                     labels: list[str] | None = None, names: dict[str, str] | None = None
                     ) -> Any:
    """One coordinate of every rest point along the parameter: solid where the point is an
    ESS, dashed where it is not, dotted vertical lines at the exact exchanges of stability.
    Each rest point has its colour and its marker (``MARKERS``), so the branches stay
    apart in greyscale.

    Rest points at the same coordinate (several vertices share x = 0) are drawn with a
    small vertical offset each, named in the legend, so none hides another. The legend
    lists only the branches drawn; ``names`` gives text for rest-point labels.
    """
    if not isinstance(result, BifurcationDiagram):
        raise TypeError(f"result must be a BifurcationDiagram, got {type(result).__name__}")
    ax = _axes(ax, (3.5, 2.8))
    dimensions = next(iter(result.coordinates.values())).shape[1] if result.coordinates else 1
    variable = check_int("variable", variable, 0, dimensions - 1)
    chosen = labels if labels is not None else list(result.labels)
    offsets: dict[float, int] = {}
    for k, label in enumerate(chosen):
        states = result.labels[label]
        y = result.coordinates[label][:, variable]
        exists = states != ""
        if not exists.any():
            continue
        level = float(np.nanmean(y[exists])) if label.startswith("E") else None
        shift = 0.0
        if level is not None:
            count = offsets.get(level, 0)
            offsets[level] = count + 1
            shift = 0.025 * count * (1 if level < 0.5 else -1)
        colour = PALETTE[k % len(PALETTE)]
        stable = np.where(states == "ESS", y + shift, np.nan)
        unstable = np.where(exists & (states != "ESS"), y + shift, np.nan)
        text = (names or {}).get(label, label)
        # a marker per rest point too (colour alone does not survive greyscale), placed
        # at staggered points so the markers of coincident branches do not cover each other
        marker = {"marker": MARKERS[k % len(MARKERS)], "ms": 3.5, "mec": "0.15", "mew": 0.5,
                  "markevery": (k * max(1, len(result.grid) // 48),
                                max(1, len(result.grid) // 6))}
        if not np.all(np.isnan(stable)):
            ax.plot(result.grid, stable, "-", color=colour, lw=2.2, label=f"{text}: ESS",
                    **marker)
        if not np.all(np.isnan(unstable)):
            ax.plot(result.grid, unstable, "--", color=colour, lw=1.0,
                    label=f"{text}: not ESS", **marker)
    for value in sorted({v for v, _, _ in result.exchanges}):
        ax.axvline(value, color="0.4", ls=":", lw=0.8)
    ax.set_xlabel(f"${sp.latex(result.parameter)}$")
    ax.set_ylabel(f"rest point: coordinate {variable + 1}")
    ax.set_ylim(-0.08, 1.08)
    ax.legend(fontsize=7, ncol=2, loc="upper left", bbox_to_anchor=(1.02, 1.0),
              borderaxespad=0.0)
    return ax
