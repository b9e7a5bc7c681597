"""Hard against soft agreements, compensation, and pilots spreading to the group, at the
G60 bottleneck: the remedies that 刘露露 (Liu Lulu), 《数字治理跨界行动中的困境及优化策略——基于
G60九城"跨省通办"的政务观测》, proposes for the G60 corridor: hard contracts with monitoring
on top of soft trust, compensation to members that concede, point-to-point pilots that
diffuse.

The nine G60 cities at the national integration of the last epoch (2022–23, 0.95 at the
representative point: :func:`~ica_model.experiments._calibrated.bottleneck`), where the
sources' problem shows; at national integration 0 all nine cooperate without any
intervention and no remedy has anything to do. Against agreement hardness :math:`\\rho`
and against the compensation share :math:`\\tau`:

* the full-cooperation margin and the selected equilibrium's regime with no
  intervention and with the 2022–23 levels (mandated item lists 0.83, standards 0.36,
  information 0.09, incentives 0.01);
* the critical level of the even mix of the four kinds (the smallest :math:`\\lambda` of
  :math:`v = \\lambda\\cdot(1, 1, 1, 1)` at which all nine cooperate), the quantity the
  claims table reads;

and best-response adoption paths from a Songjiang–Jiaxing pilot
(:func:`ica_model.analysis.diffusion.adoption_path`) with no intervention (soft, hard,
hard with compensation), at the 2019 pilot epoch's levels, and at the 2022–23 levels
(soft, and hard with compensation).

What the representative point shows: with no intervention one city (Hefei) only complies
on paper (margin −0.01); hard agreements from :math:`\\rho = 0.05` or compensation from
:math:`\\tau = 0.1` bring it in, as does the even mix from 0.02 (so neither remedy raises
the intervention needed). From the pilot, the other cities join one per step; with soft
agreements Hefei ends on paper, while with hard agreements, hard agreements and
compensation, or the 2019 pilot's levels all nine cooperate. Under the 2022–23 levels,
though, the mandates' list credit makes paper compliance pay: one city (Suzhou)
cooperates and eight comply on paper (lying flat) at every hardness and at every
compensation share up to 0.7 (above it there is no pure equilibrium), and from the pilot
the path ends the same way, the pilots themselves turning to paper compliance. Hard
agreements and compensation raise the margin there but do not undo lying flat; what
does, in the model, is moving the mandates' weight to standards (``inverted_u``,
``mix_heatmaps``).

Outputs: ``agreements_compensation_levels.csv``, ``agreements_compensation_paths.csv``
and ``agreements_compensation.png``/``.svg``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..analysis.diffusion import adoption_path
from ..analysis.follower import follower_response
from ..cases import G60, g60
from ..model.parameters import KINDS, Intervention
from ._calibrated import SOURCES, bottleneck, period, representative_levels
from ._common import REGIMES, levels, regimes, seed_of, write_table
from .style import (
    ILLUSTRATIVE,
    caption_line,
    legend_below,
    new_figure,
    panel_title,
    save_figure,
    styled,
)

PILOTS = ("Songjiang", "Jiaxing")
#: The epoch whose levels stand for the 2019 national pilot.
PILOT_EPOCH = "pilot"
#: Short names of the kinds in labels, in the order labels list them.
KIND_NAMES = {"authority": "mandates", "standards": "standards", "information": "information",
              "incentive": "incentives"}


def epoch_intervention(epoch: str) -> Intervention:
    """The kinds' levels of a G60 epoch at the representative point."""
    return Intervention(**{k: representative_levels("g60", epoch)[k] for k in KINDS})


def describe(intervention: Intervention) -> str:
    """``mandates 0.83, standards 0.36, ...``: the nonzero kinds, largest first."""
    values = sorted(((getattr(intervention, k), name) for k, name in KIND_NAMES.items()),
                    reverse=True)
    return ", ".join(f"{name} {value:.2f}" for value, name in values if value > 0)


def settings() -> tuple[tuple[str, float, float, Intervention], ...]:
    """Settings of the adoption paths: (label, agreement hardness, compensation, v)."""
    last, pilot = bottleneck("g60"), PILOT_EPOCH
    now, then = epoch_intervention(last), epoch_intervention(pilot)
    years = {e: period(G60.epoch(e).period) for e in (last, pilot)}
    return (
        ("no intervention, soft agreements", 0.0, 0.0, Intervention()),
        ("no intervention, hard agreements (ρ = 0.5)", 0.5, 0.0, Intervention()),
        ("no intervention, hard + compensation (τ = 0.5)", 0.5, 0.5, Intervention()),
        (f"{years[pilot]} pilot's levels", 0.0, 0.0, then),
        (f"{years[last]} levels", 0.0, 0.0, now),
        (f"{years[last]} levels, hard + compensation (ρ = τ = 0.5)", 0.5, 0.5, now))


def critical_levels(parameter: str, values: np.ndarray, grid: np.ndarray,
                    outside: float) -> np.ndarray:
    """Smallest even-mix level at which full cooperation holds at national integration
    ``outside``, per parameter value (NaN: none on the grid), all points in one batch."""
    value, level = np.meshgrid(values, grid, indexing="ij")
    response = follower_response(g60(), dict.fromkeys(KINDS, level.ravel())
                                 | {parameter: value.ravel(), "national_integration": outside})
    holds = response.full_cooperation.reshape(value.shape)
    first = np.where(holds.any(axis=1), holds.argmax(axis=1), -1)
    return np.where(first >= 0, grid[np.maximum(first, 0)], np.nan)


def responses(parameter: str, values: np.ndarray, intervention: Intervention,
              outside: float) -> pd.DataFrame:
    """The margin and the selected equilibrium at each value of ``parameter``."""
    response = follower_response(g60(), {k: np.full(len(values), getattr(intervention, k))
                                         for k in KINDS}
                                 | {parameter: values, "national_integration": outside})
    defectors = (response.profile == 1).sum(axis=1)
    return pd.DataFrame({"margin": response.margin, "cooperators": response.cooperators,
                         "token_compliers": response.token_compliers,
                         "defectors": np.where(response.has_equilibrium, defectors, -1),
                         "regime": regimes(response)})


def compute(quick: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """At the bottleneck: margins, regimes and critical levels against hardness and
    compensation (one row per parameter, value and intervention); the adoption paths."""
    last = bottleneck("g60")
    outside = representative_levels("g60", last)["national_integration"]
    values = levels(quick, 21, 6)
    grid = levels(quick, 101, 41)
    interventions = {"none": Intervention(), last: epoch_intervention(last)}
    frames = []
    for name in ("agreement_hardness", "compensation"):
        critical = critical_levels(name, values, grid, outside)
        for label, intervention in interventions.items():
            frames.append(pd.concat([pd.DataFrame({
                "parameter": name, "value": values, "intervention": label,
                **{k: getattr(intervention, k) for k in KINDS},
                "national_integration": outside, "critical_level": critical}),
                responses(name, values, intervention, outside)], axis=1))
    table = pd.concat(frames, ignore_index=True)
    base = g60(epoch=last)
    pilots = [i for i, a in enumerate(base.actors) if a.name in PILOTS]
    others = [i for i in range(base.n) if i not in pilots]
    rows = []
    for label, hardness, compensation, intervention in settings():
        scenario = base.with_values(agreement_hardness=hardness, compensation=compensation)
        path = adoption_path(scenario, intervention, PILOTS)
        for step, (profile, payoff) in enumerate(zip(path.profiles, path.payoffs, strict=True)):
            rows.append({
                "setting": label, "national_integration": outside, "step": step,
                "mover": "" if step == 0 else base.actors[path.movers[step - 1]].name,
                "action": "" if step == 0 else base.actions[profile[path.movers[step - 1]]],
                "cooperators": sum(a == 0 for a in profile),
                "token_compliers": sum(base.actions[a] == "T" for a in profile),
                "profile": "".join(base.actions[a] for a in profile),
                "pilot_payoff": float(np.mean(payoff[pilots])),
                "follower_payoff": float(np.mean(payoff[others])),
                "converged": path.converged})
    return table, pd.DataFrame(rows)


#: x-axis labels and panel titles of the two panels against a parameter.
PARAMETERS = {
    "agreement_hardness": ("agreement hardness ρ\n(0 verbal, 1 binding and monitored)",
                           "Hard agreements", "ρ"),
    "compensation": ("compensation share τ\n(0 none, 1 equal split of the surplus)",
                     "Compensation", "τ")}
#: Line colour and style of the interventions of panels (a) and (b).
INTERVENTION_STYLES = (("black", "-"), ("#cc79a7", (0, (5, 2))))
#: Colour and line style of each distinct adoption path (settings with the same path share one).
PATH_STYLES = (("#0072b2", "-"), ("black", (0, (5, 2))), ("#cc79a7", (0, (1, 1.5))),
               ("0.55", (0, (4, 1.5, 1, 1.5))), ("#56b4e9", (0, (2, 1))))
#: Legend names of the regimes (marker colours and shapes in panels a and b).
REGIME_NAMES = {"all cooperate": "all nine cooperate",
                "lying flat": "lying flat (none exits, some on paper)",
                "open exit": "open exit: some city defects",
                "no pure equilibrium": "no pure equilibrium"}
#: Marker shape of each regime: a second channel beside the colour, so the regimes stay
#: apart in greyscale.
REGIME_MARKERS = {"all cooperate": ("o", 3.2), "lying flat": ("s", 3.0),
                  "open exit": ("^", 3.6), "no pure equilibrium": ("X", 3.8)}


def intervention_name(label: str, table: pd.DataFrame) -> str:
    """Legend name of an intervention of panels (a) and (b)."""
    if label == "none":
        return "no intervention"
    return f"{period(G60.epoch(label).period)} levels"


def critical_note(part: pd.DataFrame, symbol: str) -> str:
    """The critical even-mix level along one parameter, in words."""
    critical = part.drop_duplicates("value")[["value", "critical_level"]]
    first = critical.iloc[0]
    if critical["critical_level"].isna().all():
        return "critical even-mix level λ: none ≤ 1"
    text = f"critical even-mix level λ:\n{first['critical_level']:.2f} at {symbol} = 0"
    zero = critical[critical["critical_level"] == 0]
    if len(zero) and first["critical_level"] > 0:
        text += f", 0 from {symbol} = {zero['value'].iloc[0]:.2f}"
    return text


def plot_parameter(ax: Any, table: pd.DataFrame, parameter: str) -> Any:
    """The full-cooperation margin against ``parameter`` for each intervention, markers
    coloured and shaped by the selected equilibrium's regime; the critical even-mix level in words."""
    part = table[table["parameter"] == parameter]
    for (label, rows), (colour, style) in zip(part.groupby("intervention", sort=False),
                                              INTERVENTION_STYLES, strict=True):
        ax.plot(rows["value"], rows["margin"], color=colour, ls=style, lw=1.2,
                label=intervention_name(str(label), table), zorder=2)
        for regime, (fill, _) in REGIMES.items():
            at = rows[rows["regime"] == regime]
            marker, size = REGIME_MARKERS[regime]
            ax.plot(at["value"], at["margin"], marker, ms=size, mfc=fill, mec=colour, mew=0.5,
                    ls="none", zorder=3)
    ax.axhline(0, color="black", lw=0.6)
    ax.text(0.97, 0.5, critical_note(part, PARAMETERS[parameter][2]), transform=ax.transAxes,
            ha="right", va="center", fontsize=7)
    ax.set_xlabel(PARAMETERS[parameter][0])
    ax.set_ylabel("margin of full cooperation\n$\\min_i\\,[U_C - \\max(U_D, U_T)]$")
    ax.set_xlim(0, 1)
    return ax


def distinct_paths(paths: pd.DataFrame) -> list[tuple[list[str], pd.DataFrame]]:
    """The settings grouped by their path of cooperator counts: (settings, one path)."""
    groups: dict[tuple[int, ...], tuple[list[str], pd.DataFrame]] = {}
    for label, part in paths.groupby("setting", sort=False):
        key = tuple(part["cooperators"])
        groups.setdefault(key, ([], part))[0].append(str(label))
    return list(groups.values())


def outcome(part: pd.DataFrame, cities: list[str]) -> str:
    """The end of one adoption path in words: which cities do not cooperate, and how."""
    profile = part["profile"].iloc[-1]
    words = []
    for action, one, many in (("T", "on paper", "on paper"), ("D", "stays out", "stay out")):
        who = [c for c, a in zip(cities, profile, strict=True) if a == action]
        if len(who) == 1:
            words.append(f"{who[0]} {one}")
        elif who:
            words.append(f"{' and '.join(who)} {many}" if len(who) == 2
                         else f"{len(who)} cities {many}")
    return "; ".join(words)


def plot_paths(ax: Any, paths: pd.DataFrame) -> Any:
    """Cooperating cities along the adoption paths, one line per distinct path, its end
    labelled with the cities that do not cooperate."""
    cities = [a.name for a in g60().actors]
    notes = 0
    for k, ((settings_, part), (colour, style)) in enumerate(zip(
            distinct_paths(paths), PATH_STYLES, strict=False)):
        # wider lines below, so coinciding stretches show both
        ax.step(part["step"], part["cooperators"], where="post", color=colour, ls=style,
                lw=max(1.0, 2.4 - 0.5 * k), label=";\n".join(settings_))
        ax.plot(part["step"].iloc[-1], part["cooperators"].iloc[-1], "o", color=colour, ms=4)
        text = outcome(part, cities)
        if text:
            ax.annotate(text, (part["step"].iloc[-1], part["cooperators"].iloc[-1]),
                        textcoords="axes fraction", xytext=(0.98, 0.62 - 0.09 * notes),
                        ha="right", va="top", fontsize=7, color=colour,
                        arrowprops={"arrowstyle": "->", "color": colour, "lw": 0.6,
                                    "shrinkB": 3})
            notes += 1
    n = len(cities)
    ax.set_xlabel("adoption step (one city\nmoves to its best response)")
    ax.set_ylabel("cooperating cities")
    ax.set_ylim(-0.5, n + 0.5)
    ax.set_yticks(range(0, n + 1, 3))
    ax.set_xlim(-0.3, paths["step"].max() + 0.5)
    ax.set_xticks(range(0, int(paths["step"].max()) + 1))
    return ax


@styled
def figure(table: pd.DataFrame, paths: pd.DataFrame) -> Any:
    """Three panels: margin and regime against hardness and compensation; adoption paths."""
    from matplotlib.lines import Line2D

    figure, axes = new_figure(1, 3, "double", 2.9)
    left, middle, right = axes[0]
    for letter, ax, parameter in (("a", left, "agreement_hardness"),
                                  ("b", middle, "compensation")):
        plot_parameter(ax, table, parameter)
        panel_title(ax, letter, PARAMETERS[parameter][1])
    plot_paths(right, paths)
    panel_title(right, "c", "Songjiang–Jiaxing pilot")
    handles, labels = left.get_legend_handles_labels()
    shown = [r for r in REGIMES if (table["regime"] == r).any()]
    handles += [Line2D([], [], ls="none", marker=REGIME_MARKERS[r][0],
                       ms=REGIME_MARKERS[r][1] + 0.8, mfc=REGIMES[r][0], mec="0.3", mew=0.5)
                for r in shown]
    labels += [f"(a, b) marker: {REGIME_NAMES[r]}" for r in shown]
    labels = [f"(a, b) {t}" if not t.startswith("(") else t for t in labels]
    more, more_labels = right.get_legend_handles_labels()
    legend_below(figure, handles + more, [*labels, *(f"(c) {t}" for t in more_labels)],
                 columns=2)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write both tables and the figure; return the paths. Draws nothing at random
    (``rng`` is accepted for a uniform signature)."""
    seed_of(rng)
    table, paths = compute(quick)
    last = bottleneck("g60")
    return [write_table(table, out, "agreements_compensation_levels"),
            write_table(paths, out, "agreements_compensation_paths"),
            *save_figure(figure(table, paths), out, "agreements_compensation", caption_line(
                f"The nine G60 cities at the bottleneck: national integration "
                f"{table['national_integration'].iloc[0]:.2f} as in "
                f"{period(G60.epoch(last).period)} (remedies after "
                f"{SOURCES['g60']}: hard contracts with monitoring, compensation, "
                "point-to-point pilots); even mix: v = λ·(1, 1, 1, 1); "
                f"{period(G60.epoch(last).period)} levels: "
                f"{describe(epoch_intervention(last))}; "
                f"{period(G60.epoch(PILOT_EPOCH).period)} pilot's levels: "
                f"{describe(epoch_intervention(PILOT_EPOCH))}", ILLUSTRATIVE))]
