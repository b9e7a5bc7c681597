"""The ``ica-model`` command line.

::

    ica-model list
    ica-model run NAME|all [--quick] [--out DIR] [--seed N]
    ica-model figures [--quick] [--docs DIR] [--from DIR] [--seed N]
    ica-model solve SCENARIO [--authority A] [--incentive I] [--information F] [--json]

Unknown names and bad values print one line, ``ica-model: error: ...``, and exit with
status 2.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .model.parameters import INTERVENTION_KINDS, KINDS

__all__ = ["main"]

#: Where ``figures`` puts the PNGs the documentation shows.
DOCS_FIGURES = Path("docs") / "figures"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:   # one line, exit 2 (argparse's convention)
        self.exit(2, f"ica-model: error: {message}\n")


def _unit(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number in [0, 1], got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must lie in [0, 1], got {text}")
    return value


def _seed(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ica-model", description="Institutional Collective Action models: "
                     "experiments, figures and equilibria.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("list", help="list the experiments and the named scenarios")
    run = commands.add_parser("run", help="run one experiment or all of them")
    run.add_argument("name", help="an experiment name (see 'list') or 'all'")
    run.add_argument("--quick", action="store_true", help="coarse grids, few draws (seconds)")
    run.add_argument("--out", type=Path, default=Path("results"),
                     help="parent output folder (default: results); each experiment writes "
                          "into OUT/NAME/")
    run.add_argument("--seed", type=_seed, default=0, help="seed of every random draw")
    figures = commands.add_parser("figures", help="regenerate the documentation figures")
    figures.add_argument("--docs", type=Path, default=DOCS_FIGURES,
                         help=f"folder of the docs figures (default: {DOCS_FIGURES})")
    figures.add_argument("--from", dest="source", type=Path, default=None,
                         help="copy the PNGs of an earlier 'run all' from this folder instead "
                              "of running the experiments again")
    figures.add_argument("--quick", action="store_true")
    figures.add_argument("--seed", type=_seed, default=0)
    solve = commands.add_parser("solve", help="equilibria and stability metrics of a scenario")
    solve.add_argument("scenario", help="a named scenario (see 'list')")
    for kind in INTERVENTION_KINDS:
        solve.add_argument(f"--{kind.name}", type=_unit, default=0.0,
                           help=f"{kind.name} level in [0, 1]: {kind.meaning}")
    solve.add_argument("--json", action="store_true", help="machine-readable output")
    solve.add_argument("--draws", type=int, default=200,
                       help="parameter draws of the robustness share (0: skip)")
    return parser


def _list() -> None:
    from .experiments import EXPERIMENTS
    from .model.cases import CASES

    print("experiments:")
    for name, entry in EXPERIMENTS.items():
        print(f"  {name:<26} {entry.title}")
    print("scenarios:")
    for name, build in CASES.items():
        scenario = build()
        print(f"  {name:<26} {scenario.n} actors; {scenario.description}")


def _run(names: Sequence[str], out: Path, quick: bool, seed: int) -> list[Path]:
    from tqdm.auto import tqdm

    from .experiments import run_experiment

    written = []
    bar = tqdm(names, unit="experiment", disable=len(names) == 1 or not sys.stderr.isatty())
    for name in bar:
        bar.set_description(name)
        start = time.perf_counter()
        paths = run_experiment(name, out, quick=quick, rng=seed)
        written += paths
        print(f"{name}: {len(paths)} files in {out / name} ({time.perf_counter() - start:.1f} s)")
    return written


def _figures(docs: Path, source: Path | None, quick: bool, seed: int) -> None:
    import tempfile

    from .experiments import EXPERIMENTS

    docs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = source if source is not None else Path(scratch)
        if source is None:
            _run(EXPERIMENTS, folder, quick, seed)
        for name in EXPERIMENTS:
            pngs = sorted((folder / name).glob("*.png"))
            if not pngs:
                raise ValueError(f"no figures of experiment {name!r} in {folder / name}; run "
                                 f"'ica-model run all --out {folder}' first")
            for png in pngs:
                shutil.copy2(png, docs / png.name)
    print(f"figures: copied to {docs}")


def _solve(name: str, intervention: Any, as_json: bool, draws: int) -> None:
    from .analysis.stability import stability_metrics
    from .engine.solvers import pure_equilibria
    from .model.cases import CASES
    from .model.payoffs import scenario_game

    if name not in CASES:
        raise ValueError(f"unknown scenario {name!r}; choose one of: {', '.join(CASES)}")
    if draws < 0:
        raise ValueError(f"--draws must be a non-negative integer, got {draws}")
    scenario = CASES[name]()
    metrics = stability_metrics(scenario, intervention, draws=draws).iloc[0]
    game = scenario_game(scenario, intervention)
    equilibria = pure_equilibria(game).equilibria
    actors = [a.name for a in scenario.actors]
    record = {
        "scenario": name,
        "intervention": {k: getattr(intervention, k) for k in KINDS},
        "equilibria": [{"profile": dict(zip(actors, (scenario.actions[a] for a in eq.profile),
                                            strict=True)),
                        "payoffs": dict(zip(actors, (round(float(u), 10) for u in eq.payoffs),
                                            strict=True)),
                        "cooperators": sum(a == 0 for a in eq.profile),
                        "regret": float(eq.regret)} for eq in equilibria],
        "selected": dict(zip(actors, metrics["outcome"], strict=True)),
        "metrics": {
            "full_cooperation_is_equilibrium": bool(metrics["full_cooperation"]),
            "cooperators": int(metrics["cooperators"]),
            "token_compliers": int(metrics["token_compliers"]),
            "incentive_margin": float(metrics["margin"]),
            "repeated_stability": float(metrics["repeated_stability"]),
            **({"robust_share": float(metrics["robust_share"])} if draws else {}),
        },
    }
    if as_json:
        print(json.dumps(record, indent=2, ensure_ascii=False))
        return
    v = record["intervention"]
    print(f"{scenario.name}: {scenario.n} actors; intervention "
          + ", ".join(f"{kind}={level:g}" for kind, level in v.items()))
    print(f"\n{len(equilibria)} pure Nash equilibri{'um' if len(equilibria) == 1 else 'a'} "
          f"(each verified; C cooperate, D stay out, T token compliance):")
    width = max(len(a) for a in actors)
    header = f"  {'actor':<{width}}" + "".join(f"  eq {k + 1:<10}" for k in range(len(equilibria)))
    print(header)
    for i, actor in enumerate(actors):
        cells = "".join(f"  {scenario.actions[eq.profile[i]]} {eq.payoffs[i]:>+9.4f}"
                        for eq in equilibria)
        print(f"  {actor:<{width}}{cells}")
    print(f"  {'cooperators':<{width}}" + "".join(
        f"  {sum(a == 0 for a in eq.profile):<12}" for eq in equilibria))
    print("\nselected equilibrium (most cooperators, then largest total payoff): "
          + " ".join(f"{a}:{x}" for a, x in record["selected"].items()))
    print("\nstability metrics:")
    labels = {"full_cooperation_is_equilibrium": "full cooperation is an equilibrium",
              "cooperators": "cooperators (selected)", "token_compliers": "token compliers (selected)",
              "incentive_margin": "incentive margin min_i U_C - max(U_D, U_T)",
              "repeated_stability": "1 - delta* (grim trigger)",
              "robust_share": f"robustness (share of {draws} draws at ±20 %)"}
    for key, value in record["metrics"].items():
        text = ("yes" if value else "no") if isinstance(value, bool) else (
            f"{value}" if isinstance(value, int) else f"{value:.4f}")
        print(f"  {labels[key]:<46} {text}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Examples
    --------
    >>> main(["solve", "g60", "--authority", "2"])
    Traceback (most recent call last):
    ...
    SystemExit: 2
    """
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            _list()
        elif args.command == "run":
            from .experiments import EXPERIMENTS

            if args.name != "all" and args.name not in EXPERIMENTS:
                raise ValueError(f"unknown experiment {args.name!r}; choose 'all' or one of: "
                                 f"{', '.join(EXPERIMENTS)}")
            _run(EXPERIMENTS if args.name == "all" else [args.name], args.out, args.quick,
                 args.seed)
        elif args.command == "figures":
            _figures(args.docs, args.source, args.quick, args.seed)
        else:
            from .model.parameters import Intervention

            _solve(args.scenario, Intervention(**{kind: getattr(args, kind) for kind in KINDS}),
                   args.json, args.draws)
    except (ValueError, TypeError, OSError) as error:
        print(f"ica-model: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
