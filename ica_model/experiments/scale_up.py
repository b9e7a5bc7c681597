r"""Scale-up: local innovations promoted by the centre raise national integration, which
then sets the G60 bottleneck.

钟伟军, 《地方政府的分散创新与中央主导下的创新整合——长三角政务服务“一网通办”的实践路径》, section 3:
decentralised innovation in the Yangtze River Delta came from 「相互之间竞争、学习和模仿」, and in May
2018 the centre 「向全国推广了6项地方先进经验」. In :mod:`ica_model.diffusion.model` the centre
promotes the six best re-innovations every two years from the mandate on, and national
integration :math:`O = a P / (P + P_{1/2})` grows with adoption :math:`a` and the number
promoted :math:`P`.

That :math:`O` then enters the G60 corridor's nine-city game
(:func:`ica_model.cases.g60`) at the intervention levels of the facts' last epoch
("more lists", the representative point), through the library's outside-option terms
(the national platform substitutes for the corridor's own: :math:`1 - \xi_p O`): the
nine cities' smallest incentive to keep cooperating, the full-cooperation margin
:func:`ica_model.analysis.follower.follower_response`, falls as the nation integrates.
Without promotion (``promotion_size = 0``) :math:`O` stays 0.

Outputs: ``scale_up.csv`` (per setting and period: adoption, number promoted, national
integration with its 10–90 % band over replicates, and the G60 margin and selected
cooperators at the mean :math:`O`) and the figure.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validation import seed_of
from ..analysis.follower import follower_response
from ..cases import g60
from ..diffusion import china_network, simulate_diffusion
from ..diffusion.model import heterogeneous_parameters
from ._calibrated import representative_levels
from ._common import write_table
from .style import caption_line, legend_below, new_figure, panel_title, save_figure, styled

SOURCE = ("Diffusion among the 31 provinces with illustrative heterogeneous governments "
          "(ica_model.diffusion); the G60 game at the representative point, last epoch's "
          "intervention levels (ica_model.cases.g60)")
SETTINGS = {"centre promotes six every two years": 6, "no promotion": 0}
STYLE = {"centre promotes six every two years": ("#0072b2", "-"),
         "no promotion": ("#d55e00", (0, (5, 2)))}


def compute(quick: bool, seed: int) -> pd.DataFrame:
    """One row per setting and period."""
    periods, replicates = (40, 4) if quick else (80, 40)
    network = china_network("provinces")
    base = heterogeneous_parameters(network.size, np.random.default_rng([seed, 1]))
    levels = representative_levels("g60", "more lists")
    frames = []
    for label, size in SETTINGS.items():
        run = simulate_diffusion(network, replace(base, promotion_size=size), periods, replicates, seed)
        o = run.national_integration
        mean = o.mean(axis=0)
        response = follower_response(g60(), {**{k: np.full(periods + 1, v)
                                                  for k, v in levels.items()},
                                             "national_integration": mean})
        frames.append(pd.DataFrame({
            "setting": label, "period": np.arange(periods + 1),
            "adopted": run.adopted.mean(axis=0), "promoted": run.promoted.mean(axis=0),
            "national_integration": mean, "integration_p10": np.quantile(o, 0.1, axis=0),
            "integration_p90": np.quantile(o, 0.9, axis=0),
            "g60_margin": response.margin, "g60_cooperators": response.cooperators}))
    return pd.concat(frames, ignore_index=True)


def plot_integration(ax: Any, table: pd.DataFrame) -> Any:
    """National integration, mean and 10-90 % band, per setting."""
    for label, rows in table.groupby("setting", sort=False):
        colour, line = STYLE[str(label)]
        ax.fill_between(rows["period"], rows["integration_p10"], rows["integration_p90"],
                        color=colour, alpha=0.2, lw=0, hatch="////" if line != "-" else None)
        ax.plot(rows["period"], rows["national_integration"], color=colour, ls=line,
                label=str(label))
    ax.set_xlabel("period (quarter; the centre's first promotion at 10)")
    ax.set_ylabel("national integration $O$")
    ax.set_ylim(-0.02, 1)
    return ax


def plot_margin(ax: Any, table: pd.DataFrame) -> Any:
    """The G60 full-cooperation margin at the mean national integration."""
    for label, rows in table.groupby("setting", sort=False):
        colour, line = STYLE[str(label)]
        ax.plot(rows["period"], rows["g60_margin"], color=colour, ls=line, label=str(label))
    ax.axhline(0, color="0.4", lw=0.6)
    ax.set_xlabel("period (quarter)")
    ax.set_ylabel("G60 full-cooperation margin\n$\\min_i U_C - \\max(U_D, U_T)$")
    return ax


@styled
def figure(table: pd.DataFrame) -> Any:
    """(a) national integration, (b) the G60 margin."""
    figure, axes = new_figure(1, 2, "double", 3.0)
    plot_integration(axes[0, 0], table)
    panel_title(axes[0, 0], "a", "Local innovation scaled up: national integration")
    plot_margin(axes[0, 1], table)
    panel_title(axes[0, 1], "b", "The G60 bottleneck (below 0: full cooperation fails)")
    from matplotlib.patches import Patch

    handles, labels = axes[0, 0].get_legend_handles_labels()
    handles.append(Patch(facecolor="#0072b2", alpha=0.2, lw=0))
    labels.append("10-90 % of replicates")
    legend_below(figure, handles, labels, columns=3)
    return figure


def run(out: Path, quick: bool = False, rng: int | np.random.Generator = 0) -> list[Path]:
    """Compute, write the table and the figure; return the paths."""
    table = compute(quick, seed_of(rng))
    return [write_table(table, out, "scale_up"),
            *save_figure(figure(table), out, "scale_up", caption_line(SOURCE))]
