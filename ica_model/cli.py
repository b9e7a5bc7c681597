"""The ``ica-model`` command line.

::

    ica-model list
    ica-model run NAME|all [--quick] [--out DIR] [--seed N] [--no-progress] [--jobs N]
                           [--tables csv|latex] [--caption] [--width single|double]
    ica-model figures [--docs DIR] [--from DIR] [--quick] [--seed N] [--no-progress]
                      [--jobs N] [--width single|double]
    ica-model solve SCENARIO [--authority A] [--incentive I] [--information F] [--json]

A bare ``ica-model`` prints this help; ``--version`` the version. Unknown names and bad
values print one line, ``ica-model: error: ...``, and exit with status 2; Ctrl-C prints
one line and exits with status 130; a reader closing stdout early (``| head``) ends it
quietly with status 141. Every command writes only into the folder it is
given, and atomically: an interrupted command leaves no half-written file or folder.
``run`` and ``figures`` show progress bars on standard error (the experiments, and the
long computations inside them) unless given ``--no-progress``; standard output and the
files written are the same either way. ``run all`` and ``figures`` run the experiments on
every core (``--jobs N``: N at once, each in its own process; the files are the same) and
print one line per experiment in the registry's order. Each command imports only what it
needs, so ``--help`` and ``list`` answer at once.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

__all__ = ["main"]

#: Exit status after Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130
#: Exit status when the reader closed stdout early (128 + SIGPIPE, as a shell reports it).
BROKEN_PIPE = 141


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:   # one line, exit 2 (argparse's convention)
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


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {text!r}")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text!r}")
    return int(text)


def _folder(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("must name a folder, got ''")
    return Path(text)


def _parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser. The flags of the intervention kinds (``solve``) come from the model's
    parameter schema, which needs numpy: they are added only when ``argv`` asks for
    ``solve``, so the other commands start without it."""
    from . import __version__

    shared = _Parser(add_help=False)
    shared.add_argument("--quick", action="store_true",
                        help="coarse grids and few draws: seconds instead of a minute")
    shared.add_argument("--seed", type=_seed, default=0, metavar="N",
                        help="seed of every random draw; the same seed gives the same files "
                             "(default: 0)")
    shared.add_argument("--no-progress", dest="progress", action="store_false",
                        help="no progress bars on standard error")
    shared.add_argument("--jobs", type=_positive, default=None, metavar="N",
                        help="experiments run at once, each in its own process (default: "
                             "the number of cores; 1: one after the other); the files are "
                             "the same")
    shared.add_argument("--width", choices=("single", "double"), default="double",
                        help="draw the figures for the whole page (double, 174 mm, the "
                             "default) or one column (single, 85 mm: panels stacked); text "
                             "stays at 7 pt or more")
    parser = _Parser(prog="ica-model", description="Institutional Collective Action models: "
                     "experiments, figures and equilibria.",
                     epilog="Run 'ica-model COMMAND --help' for the options of a command.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.add_parser("list", help="list the experiments and the named scenarios",
                        description="List the experiments and the named scenarios.")
    _add_run_and_figures(commands, shared)
    _add_solve(commands, argv)
    _add_diffuse_and_simulate(commands)
    return parser


def _add_run_and_figures(commands: Any, shared: argparse.ArgumentParser) -> None:
    """The ``run`` and ``figures`` commands (they share ``--quick``, ``--seed``,
    ``--no-progress``)."""
    run = commands.add_parser("run", parents=[shared], help="run one experiment or all of them",
                              description="Run experiments: tidy CSV tables and figures (PNG, "
                              "SVG) in OUT/NAME/, written to a temporary folder first and "
                              "renamed when complete.")
    run.add_argument("name", help="an experiment name (see 'list') or 'all'")
    run.add_argument("--out", type=_folder, default=Path("results"), metavar="DIR",
                     help="parent output folder (default: results); each experiment writes "
                          "into DIR/NAME/")
    run.add_argument("--tables", choices=("csv", "latex"), default="csv",
                     help="'latex' also writes booktabs LaTeX tables (NAME.tex) beside the CSV "
                          "(default: csv)")
    run.add_argument("--caption", action="store_true",
                     help="burn each figure's caption line into the PNG and SVG (it is always "
                          "written beside them as NAME.caption.txt)")
    figures = commands.add_parser(
        "figures", parents=[shared], help="regenerate the documentation figures",
        description="Run every experiment (or take an earlier 'run all' with --from) and copy "
        "its figures, PNG and SVG with their caption lines, into the documentation's figure "
        "folder; every figure is "
        "checked before any is copied.")
    figures.add_argument("--docs", type=_folder, default=None, metavar="DIR",
                         help="folder of the documentation figures (default: docs/figures "
                              "when run from the root of the ica_model repository)")
    figures.add_argument("--from", dest="source", type=_folder, default=None, metavar="DIR",
                         help="copy the figures of an earlier 'ica-model run all --out DIR' "
                              "instead of running the experiments again")


def _add_solve(commands: Any, argv: Sequence[str]) -> None:
    """The ``solve`` command; its intervention flags and epochs only when ``argv`` asks
    for it (they need numpy and the cases)."""
    solve = commands.add_parser("solve", help="equilibria and stability metrics of a scenario",
                                description="Every pure Nash equilibrium of a named scenario "
                                "under an intervention, the selected one and its stability "
                                "metrics.")
    solve.add_argument("scenario", help="a named scenario (see 'list')")
    if "solve" in argv:
        from .model.parameters import INTERVENTION_KINDS

        for kind in INTERVENTION_KINDS:
            solve.add_argument(f"--{kind.name}", type=_unit, default=None, metavar="LEVEL",
                               help=f"{kind.name} level in [0, 1] (default: the epoch's, "
                                    f"else 0): {kind.meaning}")
    epochs = "see the docs"
    if "solve" in argv:     # the epochs of each case, from the cases themselves
        from .cases import CASES

        epochs = "; ".join(f"{name}: " + ", ".join(repr(e.name) if " " in e.name else e.name
                                                  for e in case.epochs)
                           for name, case in CASES.items())
    solve.add_argument("--epoch", default=None, metavar="NAME",
                       help=f"an observed epoch of the case ({epochs}): its intervention "
                            "levels and national integration at the representative point")
    solve.add_argument("--national-integration", type=_unit, default=None, metavar="LEVEL",
                       help="national integration outside the group in [0, 1] (default: the "
                            "epoch's, else the scenario's)")
    solve.add_argument("--json", action="store_true", help="machine-readable output")
    solve.add_argument("--draws", type=_count, default=200, metavar="N",
                       help="parameter draws (±20 %%) of the robustness share; 0 skips it "
                            "(default: 200)")


def _add_diffuse_and_simulate(commands: Any) -> None:
    """The ``diffuse`` and ``simulate`` commands."""
    diffuse = commands.add_parser(
        "diffuse", help="diffusion of digital government among China's governments",
        description="Follow (跟) and advance (进) among all governments of one level, with the "
        "four follow-up modes of 彭小兵、彭洋 (see ica_model.diffusion).")
    diffuse.add_argument("level", choices=("provinces", "prefectures", "counties"),
                         help="which governments: the 31 provinces, 333 prefectures or "
                              "2,843 counties")
    diffuse.add_argument("--periods", type=_count, default=120, metavar="N",
                         help="periods (default: 120)")
    diffuse.add_argument("--replicates", type=_count, default=1, metavar="R",
                         help="replicates (default: 1)")
    diffuse.add_argument("--seed", type=_seed, default=0, metavar="S", help="seed (default: 0)")
    diffuse.add_argument("--json", action="store_true", help="machine-readable output")
    history = commands.add_parser(
        "simulate", help="a case's history: actions and state year by year",
        description="The representative path of a case over its years: the stage game given "
        "the state each year, then the state's update (see ica_model.history).")
    history.add_argument("case", choices=("g60", "yangtze_river_delta", "a_district",
                                          "j_district"),
                         help="g60, yangtze_river_delta, a_district (陈璐) or j_district "
                              "(黄六招等)")
    history.add_argument("--from", dest="start", type=int, default=None, metavar="YEAR",
                         help="first year reported (default: the case's first)")
    history.add_argument("--to", dest="end", type=int, default=None, metavar="YEAR",
                         help="last year reported (default: the case's last)")
    history.add_argument("--forward", action="store_true",
                         help="forward-looking governments (default: myopic)")
    history.add_argument("--json", action="store_true", help="machine-readable output")


def _list() -> None:
    from .cases import SCENARIOS
    from .experiments import EXPERIMENTS

    print("experiments:")
    for name, entry in EXPERIMENTS.items():
        print(f"  {name:<26} {entry.title}")
    print("scenarios:")
    for name, build in SCENARIOS.items():
        scenario = build()
        print(f"  {name:<26} {scenario.n} actors; {scenario.description}")


def _run(names: Sequence[str], out: Path, quick: bool, seed: int,
         progress: bool = True, jobs: int | None = None, **options: Any) -> list[Path]:
    from .experiments._parallel import can_fork, default_jobs, run_experiments
    from .runtime.progress import progress_default, show_progress
    from .runtime.runner import _bar_class

    jobs = default_jobs() if jobs is None else jobs
    parallel = jobs > 1 and len(names) > 1 and can_fork()
    written = []
    # a bar without tqdm's monitor thread: the experiments' processes fork from this one
    shown = show_progress(progress)
    bar = _bar_class(shown)(total=len(names), unit="experiment", disable=not shown,
                            desc=f"{len(names)} experiments on {jobs} processes" if parallel
                            else names[0])
    try:
        with progress_default(progress):     # the long calls inside show their bars too
            for k, (name, paths, seconds) in enumerate(run_experiments(
                    names, out, quick=quick, seed=seed, jobs=jobs if can_fork() else 1, bar=bar,
                    **options)):
                written += paths
                print(f"{name}: {len(paths)} files in {out / name} ({seconds:.1f} s)")
                if not parallel and k + 1 < len(names):
                    bar.set_description(names[k + 1])
    finally:
        bar.close()
    return written


def _repository_docs() -> Path:
    """``docs/figures`` of the ica_model repository when run from its root."""
    here = Path.cwd()
    project = here / "pyproject.toml"
    if (here / "docs" / "conf.py").is_file() and project.is_file() and \
            'name = "ica_model"' in project.read_text(encoding="utf-8", errors="replace"):
        return here / "docs" / "figures"
    raise ValueError("not at the root of the ica_model repository: pass --docs DIR to say "
                     "where the figures go")


def _figures(docs: Path | None, source: Path | None, quick: bool, seed: int,
             progress: bool = True, width: str = "double", jobs: int | None = None) -> None:
    import tempfile

    if docs is None:
        docs = _repository_docs()
    if docs.exists() and not docs.is_dir():
        raise ValueError(f"--docs {docs} is not a folder")
    if source is not None:
        _copy_figures(source, docs)     # makes docs once every figure is found
    else:       # run into a hidden scratch folder inside docs, removed afterwards
        docs.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".ica-model-run.", dir=docs) as scratch:
            from .experiments import EXPERIMENTS

            _run(list(EXPERIMENTS), Path(scratch), quick, seed, progress, jobs, width=width)
            _copy_figures(Path(scratch), docs)
    print(f"figures: copied to {docs}")


def _copy_figures(source: Path, docs: Path) -> list[Path]:
    """Copy every experiment's PNG and SVG figures (and their ``.caption.txt``) from
    ``source/NAME/`` into ``docs``:
    all of them or, if any is missing, none; with them the tables the documentation
    shows (``Experiment.docs_tables``) that ``source`` holds."""
    import os
    import shutil
    import tempfile

    from .experiments import EXPERIMENTS

    files, missing = [], []
    for name, entry in EXPERIMENTS.items():
        pngs = sorted((source / name).glob("*.png"))
        svgs = [png.with_suffix(".svg") for png in pngs]
        absent = [p.name for p in svgs if not p.is_file()]
        if not pngs or absent:
            missing.append(f"{name} ({', '.join(absent) if absent else 'no figures'})")
        files += pngs + svgs
        files += [caption for caption in (png.with_suffix(".caption.txt") for png in pngs)
                  if caption.is_file()]
        files += [table for table in (source / name / t for t in entry.docs_tables)
                  if table.is_file()]
    if missing:
        raise ValueError(f"figures missing in {source}: {'; '.join(missing)}; run "
                         f"'ica-model run all --out {source}' first (nothing was copied)")
    docs.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ica-model-figures.", dir=docs))
    try:
        for path in files:
            shutil.copyfile(path, staging / path.name)
        for path in files:
            os.replace(staging / path.name, docs / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [docs / p.name for p in files]


def _solve(name: str, levels: dict[str, float | None], epoch: str | None,
           integration: float | None, as_json: bool, draws: int) -> None:
    import json

    from ._validation import did_you_mean
    from .analysis.follower import follower_response_from_equilibria
    from .analysis.stability import stability_metrics
    from .cases import CASES, SCENARIOS
    from .engine.solvers import pure_equilibria
    from .model.parameters import KINDS
    from .model.payoffs import scenario_game
    from .model.points import as_points

    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r}; "
                         f"{did_you_mean(name, SCENARIOS, 'choose one of')}")
    if draws < 0:
        raise ValueError(f"--draws must be a non-negative integer, got {draws}")
    observed: dict[str, float] = {}
    if epoch is not None:
        epochs = [e.name for e in CASES[name].epochs] if name in CASES else []
        if epoch not in epochs:
            raise ValueError(f"--epoch {epoch!r} is not an epoch of {name!r}; choose one of: "
                             f"{', '.join(map(repr, epochs)) or 'none (no observed epochs)'}")
        observed = dict(CASES[name].epoch(epoch).representative)
    values: dict[str, float] = {kind: level if (level := levels[kind]) is not None
                                else observed.get(kind, 0.0) for kind in KINDS}
    if integration is not None:
        values["national_integration"] = integration
    # checked once, here: the case's scenario and every value in one point, which goes down
    # unchecked (tests/unit/test_solve_once.py walks it)
    point = (CASES[name].point(epoch, values) if name in CASES
             else as_points(SCENARIOS[name](), {k: [v] for k, v in values.items()}).point_at(0))
    scenario, intervention = point.scenario, point.intervention(0)
    # one solve: every pure equilibrium of the profile game (verified by the engine), and the
    # follower's record (selection, margins, grim trigger) read off that same list
    result = pure_equilibria(scenario_game(scenario, point))
    equilibria = result.equilibria
    response = follower_response_from_equilibria(scenario, point, result)
    metrics = stability_metrics(scenario, point, draws=draws, response=response).iloc[0]
    actors = [a.name for a in scenario.actors]
    record: dict[str, Any] = {
        "scenario": name,
        "national_integration": scenario.outside.integration,
        "intervention": {k: getattr(intervention, k) for k in KINDS},
        "equilibria": [{"profile": dict(zip(actors, (scenario.actions[a] for a in eq.profile),
                                            strict=True)),
                        "payoffs": dict(zip(actors, (round(float(u), 10) for u in eq.payoffs),
                                            strict=True)),
                        "cooperators": sum(a == 0 for a in eq.profile),
                        "regret": float(eq.regret)} for eq in equilibria],
        # no pure equilibrium: nothing is selected (the outcome is empty, the counts -1)
        "selected": (dict(zip(actors, metrics["outcome"], strict=True)) if equilibria
                     else None),
        "metrics": {
            "full_cooperation_is_equilibrium": bool(metrics["full_cooperation"]),
            "cooperators": int(metrics["cooperators"]) if equilibria else None,
            "token_compliers": int(metrics["token_compliers"]) if equilibria else None,
            "incentive_margin": float(metrics["margin"]),
            "repeated_stability": float(metrics["repeated_stability"]),
            **({"robust_share": float(metrics["robust_share"])} if draws else {}),
        },
    }
    if as_json:
        print(json.dumps(record, indent=2, ensure_ascii=False))
        return
    _print_solved(scenario, record, equilibria, draws)


def _print_solved(scenario: Any, record: dict[str, Any], equilibria: Sequence[Any],
                  draws: int) -> None:
    """``solve``'s record as text: the equilibria, the selected one, the metrics."""
    actors = [a.name for a in scenario.actors]
    v = record["intervention"]
    print(f"{scenario.name}: {scenario.n} actors; national integration "
          f"{scenario.outside.integration:g}; intervention "
          + ", ".join(f"{kind}={level:g}" for kind, level in v.items()))
    print(f"\n{len(equilibria)} pure Nash equilibri{'um' if len(equilibria) == 1 else 'a'} "
          f"(each verified; C cooperate, D stay out, T token compliance):")
    if equilibria:
        _print_equilibria(actors, scenario.actions, equilibria)
        print("\nselected equilibrium (most cooperators, then largest total payoff): "
              + " ".join(f"{a}:{x}" for a, x in record["selected"].items()))
    else:
        print("\nno pure Nash equilibrium at these levels: no profile is selected (every "
              "finite game has a mixed one; the pure profiles cycle under best responses)")
    print("\nstability metrics:")
    labels = {"full_cooperation_is_equilibrium": "full cooperation is an equilibrium",
              "cooperators": "cooperators (selected)", "token_compliers": "token compliers (selected)",
              "incentive_margin": "incentive margin min_i U_C - max(U_D, U_T)",
              "repeated_stability": "1 - delta* (grim trigger)",
              "robust_share": f"robustness (share of {draws} draws at ±20 %)"}
    for key, value in record["metrics"].items():
        if value is None:
            continue
        text = ("yes" if value else "no") if isinstance(value, bool) else (
            f"{value}" if isinstance(value, int) else f"{value:.4f}")
        print(f"  {labels[key]:<46} {text}")


def _print_equilibria(actors: list[str], actions: Sequence[str], equilibria: Sequence[Any]
                      ) -> None:
    """One column per equilibrium: each actor's action and payoff, then the cooperators."""
    width = max(len(a) for a in actors)
    print(f"  {'actor':<{width}}" + "".join(f"  eq {k + 1:<10}" for k in range(len(equilibria))))
    for i, actor in enumerate(actors):
        cells = "".join(f"  {actions[eq.profile[i]]} {eq.payoffs[i]:>+9.4f}" for eq in equilibria)
        print(f"  {actor:<{width}}{cells}")
    print(f"  {'cooperators':<{width}}" + "".join(
        f"  {sum(a == 0 for a in eq.profile):<12}" for eq in equilibria))


def _closed_stdout() -> int:
    """A reader that closed stdout early (``| head``): end quietly with 141 (128 + SIGPIPE)."""
    try:  # later writes and the flush at exit go nowhere instead of raising again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass
    return BROKEN_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Examples
    --------
    >>> main(["solve", "g60", "--authority", "2"])
    Traceback (most recent call last):
    ...
    SystemExit: 2
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    from .runtime.memory import keep_freed_memory

    keep_freed_memory()      # a batch job owns its process: opt in (ica_model.runtime.memory)
    try:
        parser = _parser(argv)
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
        elif args.command == "list":
            _list()
        elif args.command == "run":
            from .experiments import EXPERIMENTS

            if args.name != "all" and args.name not in EXPERIMENTS:
                from ._validation import did_you_mean

                listing = "choose 'all' or one of"
                raise ValueError(f"unknown experiment {args.name!r}; "
                                 f"{did_you_mean(args.name, EXPERIMENTS, listing)}")
            _run(list(EXPERIMENTS) if args.name == "all" else [args.name], args.out,
                 args.quick, args.seed, args.progress, caption=args.caption,
                 tables=args.tables, width=args.width, jobs=args.jobs)
        elif args.command == "figures":
            _figures(args.docs, args.source, args.quick, args.seed, args.progress,
                     width=args.width, jobs=args.jobs)
        elif args.command == "simulate":
            from .history.command import print_history, simulate_record

            print_history(simulate_record(args.case, args.start, args.end, args.forward),
                          args.json)
        elif args.command == "diffuse":
            from .diffusion.command import diffuse, print_diffusion

            if args.periods < 1 or args.replicates < 1:
                raise ValueError("--periods and --replicates must be at least 1, got "
                                 f"{args.periods} and {args.replicates}")
            print_diffusion(diffuse(args.level, args.periods, args.replicates, args.seed),
                            args.json)
        else:
            from .model.parameters import KINDS

            _solve(args.scenario, {kind: getattr(args, kind) for kind in KINDS}, args.epoch,
                   args.national_integration, args.json, args.draws)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
    except BrokenPipeError:
        return _closed_stdout()
    except KeyboardInterrupt:
        print("ica-model: interrupted", file=sys.stderr)
        return INTERRUPTED
    except (ValueError, TypeError, OSError) as error:
        print(f"ica-model: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
