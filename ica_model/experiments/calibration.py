"""Calibration: the region of the parameter space where every observed fact holds, and the
sources' claims as shares of it.

The facts of the G60 corridor (刘露露, Liu Lulu, 《数字治理跨界行动中的困境及优化策略——基于
G60九城"跨省通办"的政务观测》) and of the Yangtze River Delta (钟伟军, Zhong Weijun,
《地方政府的分散创新与中央主导下的创新整合——长三角政务服务"一网通办"的实践路径》) are ordinal
patterns at dated epochs (:mod:`ica_model.cases`). The calibration
(:func:`ica_model.analysis.calibration.calibrate`) draws every unobserved parameter and every
epoch's intervention uniformly from their plausible ranges and keeps the draws under which
every fact of the case holds (rejection with a zero-tolerance, pattern-valued distance).

For each case:

* the accepted region's ranges: per parameter, its prior range, the 5, 50 and 95 %
  quantiles of the accepted draws, and the Kolmogorov–Smirnov distance between the
  accepted draws and the prior (drawn again, with its orderings), which ranks what the
  facts inform (0: the facts say nothing about it);
* how many draws reached and passed each fact (facts are checked cheap ones first, so
  later counts are conditional);
* the claims of the sources (:mod:`ica_model.analysis.claims`) as the share of accepted
  draws where each holds, with a 95 % Wilson interval; the Yangtze River Delta is read for
  the claims its own source makes;
* the accepted draws on which the claims were read.

Outputs: ``calibration_ranges.csv``, ``calibration_facts.csv``, ``calibration_claims.csv``
(tidy, one row per case and claim), ``calibration_claims_table.csv`` (the claims with one
column per case, for the documentation), ``calibration_accepted_g60.csv`` and
``calibration_accepted_yangtze_river_delta.csv``, and three figures:
``calibration_ranges`` (prior and accepted ranges of the parameters the facts narrow
most), ``calibration_pairs`` (the acceptance rate over pairs of key mechanism parameters,
G60) and ``calibration_claims`` (the claim shares), each ``.png`` and ``.svg``.
"""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..model.facts import split_column
from ..model.parameters import schema_entry
from ..runtime.designs import RowSample
from ..stats import Z95_SIX_DECIMALS, wilson_interval
from ..tables import claims_latex, ranges_latex
from ._calibrated import SOURCES, calibration, claims_read, in_pinyin, period
from ._common import seed_of, write_table
from .style import (
    caption_line,
    legend_below,
    new_figure,
    panel_title,
    save_figure,
    single_column,
    styled,
)

CASES = ("g60", "yangtze_river_delta")
CASE_LABELS = {"g60": "G60 corridor", "yangtze_river_delta": "Yangtze River Delta"}
#: Accepted draws written to the accepted-draws tables, full and quick.
CLAIM_DRAWS = (5_000, 60)
#: Whether the claims are read on every accepted draw (full) or on the written ones (quick).
CLAIMS_ON_ALL = (True, False)
#: Prior draws against which the accepted ones are compared (KS distance), full and quick.
PRIOR_DRAWS = (100_000, 20_000)
#: Parameters shown per case in the ranges figure.
SHOWN = 12
#: The key mechanism parameters of the pair plot (G60).
PAIRS = ("token_autonomy_share", "expected_penalty", "autonomy_cost", "negotiation_cost",
         "outside_on_negotiation", "outside_on_coordination")
#: Bins per axis of the pair plot, full and quick (a few hundred accepted draws fill
#: 5 × 5 bins, not 10 × 10).
BINS_PER_AXIS = (10, 5)
#: Bins per axis of the pair plot by default.
BINS = BINS_PER_AXIS[0]
#: Words for the parameters the figures name (others: the symbol's words).
WORDS = {
    "token_autonomy_share": "token compliers' share of the autonomy loss",
    "expected_penalty": "penalty of open exit (named for inaction)",
    "detected_sanction": "sanction on detected paper compliance",
    "outside_on_negotiation": "national integration on negotiation cost",
    "outside_on_coordination": "national integration on coordination risk",
    "platform_substitution": "substitution by the higher-level platform",
    "negotiation_exponent": "negotiation cost's exponent in partners",
    "standards_on_negotiation": "standards on negotiation cost",
    "standards_on_enforcement": "standards on enforcement cost",
    "standards_on_coordination": "standards on coordination risk",
    "setup_cost": "pilots' set-up cost",
}
LEVEL_WORDS = {"authority": "mandates", "incentive": "incentives", "information": "information",
               "standards": "standards", "national_integration": "national integration"}


def prior_draws(result: Any, size: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """``size`` draws from the case's prior: every column of the accepted table uniform on
    its prior range; those that break one of the prior's orderings are dropped (as the
    calibration rejects them)."""
    ranges = result.ranges()
    sample = {row.parameter: rng.uniform(row.prior_low, row.prior_high, size)
              for row in ranges.itertuples()}
    keep = np.ones(size, dtype=bool)
    for _, holds in result.facts.prior.constraints:
        keep &= np.asarray(holds(sample), dtype=bool)
    return {name: values[keep] for name, values in sample.items()}


def ks_distance(first: np.ndarray, second: np.ndarray) -> float:
    """Two-sample Kolmogorov–Smirnov distance (0 when either sample is constant-equal)."""
    from scipy.stats import ks_2samp

    if np.ptp(first) == 0 and np.ptp(second) == 0:
        return 0.0
    return float(ks_2samp(first, second).statistic)


def representative_value(case: str, column: str) -> float:
    """The value of ``column`` (a parameter, ``"attribute.k"`` or ``"epoch:kind"``) at the
    case's representative point."""
    from ..cases import case as named_case

    base, actor, epoch = split_column(column)
    if epoch is not None:
        return named_case(case).levels(epoch)[base]
    scenario = named_case(case).scenario()
    if actor is not None:
        return float(getattr(scenario.actors[actor], base))
    entry = schema_entry(base)
    if entry.path.startswith("actor."):
        return float(np.mean([getattr(a, base) for a in scenario.actors]))
    return float(scenario.value(base))


def label(result: Any, column: str) -> str:
    """A reader's name for a column: words, symbol, actor or epoch."""
    base, actor, epoch = split_column(column)
    if epoch is not None:
        return f"{LEVEL_WORDS.get(base, base)}, {period(result.facts.epoch(epoch).period)}"
    entry = schema_entry(base)
    words = WORDS.get(base, base.replace("_", " "))
    if actor is not None:
        return f"{words}, {result.scenario.actors[actor].name}"
    return f"{words} ${entry.latex}$"


def compute(quick: bool = False, rng: int | np.random.Generator = 0) -> dict[str, Any]:
    """Every table of the experiment, and the results the figures need."""
    from ..analysis.claims import claim_table

    seed = seed_of(rng)
    ranges, facts, claims, accepted, results, priors = [], [], [], {}, {}, {}
    for number, case in enumerate(CASES):
        result = calibration(case, quick, seed)
        results[case] = result
        prior = prior_draws(result, PRIOR_DRAWS[quick], np.random.default_rng([seed, 10,
                                                                                  number]))
        priors[case] = prior
        table = result.ranges()
        table.insert(0, "case", case)
        table.insert(2, "label", [in_pinyin(label(result, c)) for c in table["parameter"]])
        table["representative"] = [representative_value(case, c) for c in table["parameter"]]
        table["ks_distance"] = [ks_distance(result.accepted[c].to_numpy(), prior[c])
                                for c in table["parameter"]]
        width = table["prior_high"] - table["prior_low"]
        table["accepted_width"] = np.where(width > 0, (table["q95"] - table["q05"]) / width,
                                           np.nan)
        ranges.append(table)
        for fact in result.facts.facts:
            reached, passed = result.passed[fact.name]
            facts.append({"case": case, "fact": fact.name, "epoch": fact.epoch,
                          "period": result.facts.epoch(fact.epoch).period,
                          "statement": fact.statement, "source": fact.source,
                          "reached": reached, "passed": passed,
                          "share_passed": passed / reached if reached else np.nan})
        rows = RowSample(len(result.accepted), CLAIM_DRAWS[quick], [seed, 6]).rows
        # every accepted draw: the same indicators as claim_table's, claims_robustness's and
        # claim_boxes' (computed once per calibration, analysis.claims.claim_holds)
        part = result if CLAIMS_ON_ALL[quick] else dataclasses.replace(
            result, accepted=result.accepted.iloc[rows].reset_index(drop=True))
        shares = claim_table(part, claims=claims_read(case))
        shares.insert(0, "case", case)
        interval = [wilson_interval(k, n, z=Z95_SIX_DECIMALS)
                    for k, n in zip(shares["holds"], shares["n"], strict=True)]
        shares["low95"] = [low for low, _ in interval]
        shares["high95"] = [high for _, high in interval]
        shares["accepted"] = len(result.accepted)
        claims.append(shares)
        accepted[case] = result.accepted.iloc[rows].assign(accepted_row=rows)
    claims = pd.concat(claims, ignore_index=True)
    return {"ranges": pd.concat(ranges, ignore_index=True), "facts": pd.DataFrame(facts),
            "claims": claims, "claims_table": claims_table(claims), "accepted": accepted,
            "results": results, "priors": priors, "prior_draws": PRIOR_DRAWS[quick],
            "bins": BINS_PER_AXIS[quick]}


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """The claim shares with one column per case (percent, one decimal; empty where the
    case's source does not make the claim), for the documentation."""
    first = claims[claims["case"] == CASES[0]]
    table = pd.DataFrame({"claim": first["claim"], "statement": first["statement"],
                          "source": first["source"]})
    for case in CASES:
        shares = claims[claims["case"] == case].set_index("claim")["share"]
        table[f"{CASE_LABELS[case]} (% of accepted draws)"] = [
            f"{100 * shares[c]:.1f}" if c in shares else "" for c in table["claim"]]
    return table.reset_index(drop=True)


# ----------------------------------------------------------------------------- figures
def plot_ranges(ax: Any, table: pd.DataFrame, shown: int = SHOWN) -> Any:
    """The ``shown`` parameters with the largest KS distance: prior range (light bar, the
    whole axis), accepted 5–95 % (dark bar), accepted median (white tick) and the
    representative point (diamond), each scaled to its prior range."""
    top = table.sort_values("ks_distance", ascending=False).head(shown).iloc[::-1]
    width = (top["prior_high"] - top["prior_low"]).to_numpy()
    scale = np.where(width > 0, width, 1.0)

    def scaled(column: str) -> np.ndarray:
        return (top[column].to_numpy() - top["prior_low"].to_numpy()) / scale

    y = np.arange(len(top))
    ax.barh(y, 1.0, left=0.0, height=0.7, color="0.88", lw=0)
    ax.barh(y, scaled("q95") - scaled("q05"), left=scaled("q05"), height=0.7, color="#0072b2",
            alpha=0.75, lw=0)
    ax.plot(scaled("q50"), y, ls="none", marker="|", ms=7, mew=1.5, color="white")
    ax.plot(scaled("representative"), y, ls="none", marker="D", ms=3.5, color="black")
    ax.set_yticks(y)
    joint = "\n" if single_column() else "  "     # one column: the bounds on a second line
    ax.set_yticklabels([f"{name}{joint}[{low:.3g}, {high:.3g}]" for name, low, high in
                        zip(top["label"], top["prior_low"], top["prior_high"], strict=True)],
                       fontsize=7)
    for k, distance in enumerate(top["ks_distance"]):
        ax.text(1.02, k, f"{distance:.2f}", va="center", fontsize=7, color="0.3")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, len(top) - 0.4)
    ax.set_xticks([0, 0.5, 1] if single_column() else [0, 0.25, 0.5, 0.75, 1])
    ax.set_xlabel("position in the plausible (prior) range: 0 its low end, 1 its high end"
                  .replace(": ", ":\n" if single_column() else ": "))
    return ax


@styled
def ranges_figure(ranges: pd.DataFrame) -> Any:
    """The parameters the facts narrow most, one panel per case."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    # one column: two-line labels, so each panel twice as tall
    figure, axes = (new_figure(2, 1, "single", 8.6) if single_column()
                    else new_figure(2, 1, "double", 5.6))
    for letter, ax, case in zip("ab", axes[:, 0], CASES, strict=True):
        plot_ranges(ax, ranges[ranges["case"] == case])
        panel_title(ax, letter, CASE_LABELS[case])
    handles = [Patch(facecolor="0.88", label="plausible range (prior; its bounds in brackets)"),
               Patch(facecolor="#0072b2", alpha=0.75, label="5–95 % of the accepted draws"),
               Line2D([], [], ls="none", marker="|", ms=7, mew=1.5, color="#0072b2",
                      label="median of the accepted draws (white tick)"),
               Line2D([], [], ls="none", marker="D", ms=3.5, color="black",
                      label="representative point")]
    legend_below(figure, handles, columns=2)
    return figure


def acceptance_grid(result: Any, prior: dict[str, np.ndarray], prior_draws: int, first: str,
                    second: str, bins: int = BINS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bin edges of two parameters and, per bin, the share of the draws that respect the
    prior's orderings which the facts accept: accepted draws in the bin over the draws
    expected there (the calibration's draws that respect the orderings,
    :func:`ordered_draws`, times the share of ``prior``, a sample of ``prior_draws``
    draws without those that break an ordering, that falls in the bin)."""
    edges = [np.linspace(*_prior(result, name), bins + 1) for name in (first, second)]
    counts, _, _ = np.histogram2d(result.accepted[first], result.accepted[second], bins=edges)
    expected, _, _ = np.histogram2d(prior[first], prior[second], bins=edges)
    # the draws of the calibration that respect the orderings (its first check sees them
    # all), spread over the bins as the prior sample is
    expected *= ordered_draws(result) / max(len(prior[first]), 1)
    return edges[0], edges[1], np.divide(counts, expected, out=np.full_like(counts, np.nan),
                                         where=expected > 0)


def ordered_draws(result: Any) -> int:
    """How many of the calibration's draws respect the prior's orderings: every such draw
    reaches the first fact checked."""
    return max(reached for reached, _ in result.passed.values())


def _prior(result: Any, name: str) -> tuple[float, float]:
    row = result.ranges().set_index("parameter").loc[name]
    return float(row["prior_low"]), float(row["prior_high"])


@styled
def pairs_figure(result: Any, prior: dict[str, np.ndarray], prior_draws: int,
                 names: tuple[str, ...] = PAIRS, bins: int = BINS) -> Any:
    """The pair plot: on the diagonal each parameter's accepted density against the
    prior's (with its orderings); below it the share of draws accepted per bin of each
    pair (:func:`acceptance_grid`)."""
    from matplotlib.colors import Normalize
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    k = len(names)
    figure, axes = new_figure(k, k, "double", 6.6)
    grids = {(i, j): acceptance_grid(result, prior, prior_draws, names[j], names[i], bins)
             for i in range(k) for j in range(i)}
    top = max(float(np.nanmax(g[2])) for g in grids.values()) if grids else 1.0
    # a share is at most 1; a bin's estimate may pass it by the noise of few draws
    norm = Normalize(0.0, min(top, 1.0))
    mesh = None
    for i in range(k):
        for j in range(k):
            ax = axes[i, j]
            if j > i:
                ax.axis("off")
                continue
            if i == j:
                low, high = _prior(result, names[i])
                values = result.accepted[names[i]].to_numpy()
                edges = np.linspace(low, high, 2 * bins + 1)
                ax.hist(values, bins=edges, density=True, color="#0072b2", alpha=0.6, lw=0)
                ax.hist(prior[names[i]], bins=edges, density=True, histtype="step",
                        color="black", lw=0.9, ls=(0, (3, 1.5)))
                ax.set_xlim(low, high)
                ax.set_yticks([])
            else:
                x, y, share = grids[(i, j)]
                mesh = ax.pcolormesh(x, y, share.T, cmap="viridis", norm=norm, rasterized=True)
            ax.tick_params(labelsize=7)
            if i == k - 1:
                ax.set_xlabel(_short(result, names[j]), fontsize=7)
            else:
                ax.set_xticklabels([])
            if j == 0 and i > 0:
                ax.set_ylabel(_short(result, names[i]), fontsize=7)
            elif j > 0:
                ax.set_yticklabels([])
    if mesh is not None and k >= 3:
        # in the empty upper triangle: the colour bar and the diagonal's legend
        cax = axes[1, k - 1].inset_axes([-1.25, 0.45, 1.9, 0.1])
        bar = figure.colorbar(mesh, cax=cax, orientation="horizontal")
        bar.set_label("below the diagonal: share of the draws in each bin that\nthe facts "
                      f"accept (overall {len(result.accepted) / ordered_draws(result):.1%}; "
                      "draws that break\nthe prior's orderings not counted)", fontsize=7)
        cax.xaxis.set_label_position("top")
        bar.ax.tick_params(labelsize=7)
        handles = [Patch(facecolor="#0072b2", alpha=0.6,
                         label="diagonal: density of the accepted draws"),
                   Line2D([], [], color="black", lw=0.9, ls=(0, (3, 1.5)),
                          label="diagonal: density of the prior (uniform,\nwithout draws that "
                                "break its orderings)")]
        legend = axes[0, k - 2].legend(handles=handles, loc="center left", fontsize=7,
                                       bbox_to_anchor=(-0.6, 0.5))
        for artist in (legend, cax):
            artist.set_in_layout(False)   # inside the empty triangle, not beside it
    return figure


#: Short names of the pair plot's parameters.
SHORT = {"token_autonomy_share": "token compliers'\nautonomy share $\\psi$",
         "expected_penalty": "exit penalty $\\pi F$",
         "autonomy_cost": "autonomy cost $c_{auto}$",
         "negotiation_cost": "negotiation cost $c_{neg}$",
         "outside_on_negotiation": "national integration\non negotiation $\\eta$",
         "outside_on_coordination": "national integration\non coordination $\\xi$"}


def _short(result: Any, name: str) -> str:
    return SHORT.get(name) or "\n".join(textwrap.wrap(in_pinyin(label(result, name)), 20))


def plot_claims(ax: Any, claims: pd.DataFrame) -> Any:
    """The share of accepted draws where each claim holds, per case, with 95 % Wilson
    intervals; each claim's wording and source as its label."""
    first = claims[claims["case"] == CASES[0]].reset_index(drop=True)
    y = np.arange(len(first))[::-1]
    height = 0.38
    for offset, case, colour, hatch in ((height / 2, CASES[0], "#0072b2", ""),
                                        (-height / 2, CASES[1], "#e69f00", "////")):
        part = claims[claims["case"] == case].set_index("claim")
        present = [c in part.index for c in first["claim"]]
        rows = y[present] + offset
        chosen = part.loc[first["claim"][present]]
        ax.barh(rows, chosen["share"], height=height, color=colour, hatch=hatch,
                edgecolor="white", lw=0, label=f"{CASE_LABELS[case]} "
                f"({int(chosen['draws'].iloc[0]):,} accepted draws)")
        ax.errorbar(chosen["share"], rows,
                    xerr=[chosen["share"] - chosen["low95"], chosen["high95"] - chosen["share"]],
                    ls="none", color="black", lw=0.7, capsize=1.5)
        for row, share, high in zip(rows, chosen["share"], chosen["high95"], strict=True):
            ax.text(high + 0.015, row, f"{100 * share:.0f} %", va="center", fontsize=7)
    ax.set_yticks(y)
    # one column: statement and source wrapped narrower, so the labels leave the bars room
    narrow = single_column()
    ax.set_yticklabels([
        "\n".join(textwrap.wrap(in_pinyin(statement), 32 if narrow else 62)) + "\n"
        + ("\n".join(textwrap.wrap(in_pinyin(source), 32)) if narrow else in_pinyin(source))
        for statement, source in zip(first["statement"], first["source"], strict=True)],
        fontsize=7)
    ax.set_xlim(0, 1.17)
    if narrow:
        ax.set_xticks([0, 0.5, 1.0])
        ax.set_xticklabels(["0", "50 %", "100 %"])
    else:
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.set_xticklabels(["0", "25 %", "50 %", "75 %", "100 %"])
    ax.set_xlabel("share of accepted draws where the claim holds")
    ax.set_ylim(-0.6, len(first) - 0.4)
    return ax


@styled
def claims_figure(claims: pd.DataFrame) -> Any:
    """The claims' shares, one bar per case."""
    # one column: the wrapped labels need about twice the height
    figure, axes = (new_figure(1, 1, "single", 8.0) if single_column()
                    else new_figure(1, 1, "double", 4.6))
    plot_claims(axes[0, 0], claims)
    legend_below(figure, columns=2, handles=axes[0, 0].get_legend_handles_labels()[0])
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the tables and the figures; return the paths."""
    tables = compute(quick, rng)
    results = tables["results"]
    draws = "; ".join(f"{CASE_LABELS[c]}: {len(results[c].accepted):,} of "
                      f"{results[c].draws:,} draws accepted" for c in CASES)
    seed = results[CASES[0]].rng
    paths = [write_table(tables["ranges"], out, "calibration_ranges", latex=ranges_latex),
             write_table(tables["facts"], out, "calibration_facts"),
             write_table(tables["claims"], out, "calibration_claims", latex=claims_latex),
             write_table(tables["claims_table"], out, "calibration_claims_table")]
    paths += [write_table(table, out, f"calibration_accepted_{case}")
              for case, table in tables["accepted"].items()]
    facts = f"Facts after {SOURCES['g60']} and {SOURCES['yangtze_river_delta']}"
    paths += save_figure(ranges_figure(tables["ranges"]), out, "calibration_ranges",
                         caption_line(facts, f"{draws} (rng {seed})",
                                      f"The {SHOWN} parameters per case whose accepted draws lie "
                                      "farthest from the prior's (the Kolmogorov–Smirnov "
                                      "distance, at the right)"))
    paths += save_figure(pairs_figure(results["g60"], tables["priors"]["g60"],
                                      tables["prior_draws"], bins=tables["bins"]),
                         out, "calibration_pairs",
                         caption_line(
        f"G60 corridor: {len(results['g60'].accepted):,} of {results['g60'].draws:,} draws "
        f"accepted (rng {seed}); {tables['bins']} × {tables['bins']} bins per pair; the prior from "
        f"{tables['prior_draws']:,} draws", f"Facts after {SOURCES['g60']}"))
    used = ", ".join(f"{CASE_LABELS[c]} {int(g['draws'].iloc[0]):,} of "
                     f"{int(g['accepted'].iloc[0]):,}"
                     for c, g in tables["claims"].groupby("case", sort=False))
    paths += save_figure(claims_figure(tables["claims"]), out, "calibration_claims",
                         caption_line(
                             "Each claim read at each accepted draw's bottleneck (the national "
                             "integration of its last epoch; ica_model.analysis.claims); the "
                             "Yangtze River Delta for the claims of its own source",
                             f"Accepted draws read: {used} (rng {seed}); error bars: 95 % Wilson "
                             "intervals"))
    return paths
