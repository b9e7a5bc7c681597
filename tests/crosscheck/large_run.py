"""Large randomised cross-check of the equilibrium solvers against pygambit.

Tens of thousands of seeded random games, each solved by ica_model and by pygambit's
enumeration (exact rational arithmetic for the mixed equilibria), compared as sets of
profiles. The test suite (``test_crosscheck_gambit.py``) runs a few hundred such games; this
script runs the large version for users and reviewers. It is a command-line script, not a
test module: pytest does not collect it (its name does not match ``test_*.py``), and
importing it (``--doctest-modules`` does) only defines functions.

Categories
----------
two
    Two-player games of 2 to ``--max-actions`` actions per player (default 6), square and
    rectangular. ``vertex_enumeration`` on the scaled game and ``vertex_enumeration(...,
    exact=True)`` on the unscaled one must give gambit's extreme equilibria
    (``enummixed_solve``, rational), and the two must agree on whether the game is
    degenerate. On nondegenerate games ``support_enumeration`` must give the same set (and
    no degeneracy verdict) and ``lemke_howson`` one of its members; on degenerate games the
    profile ``lemke_howson`` returns must have zero regret (at most 1e-7 of each player's
    payoff range).
batch
    ``batch_equilibria`` on batches of games of each shape m x n, 2 <= m, n <= 4: gambit's
    extreme equilibria, the exact mode's degeneracy verdict, and, on every fifth game,
    the same equilibria as ``vertex_enumeration`` of that game alone.
pure
    Games of 2 to 5 players (2 to 4 actions each; 5-player games 2 to 3, a third of them 4):
    ``pure_equilibria`` must give gambit's ``enumpure_solve``.
textbook
    The textbook games of ``test_textbook.py`` (prisoner's dilemma, stag hunt, hawk-dove,
    battle of the sexes, matching pennies: their published equilibria, gambit's, and those
    of ``vertex_enumeration``, ``support_enumeration``, ``lemke_howson`` and
    ``pure_equilibria``) and public-goods games of 3 to 6 players (``pure_equilibria``
    against ``enumpure_solve``), at random scales.

Games
-----
Payoffs of the kinds of ``gambit_oracle.KINDS``, in turn: float (standard normal),
integers in [-3, 3] and in [-1, 1] (ties: most of these games are degenerate), one player
constant, one player's payoff depending on its own action only (rank 1), and binary
fractions k/4. Each player's payoffs ``u_i`` are then replaced by ``a_i * u_i + b_i``:
``a_i`` is ``10**k`` (k in -9..9) or log-uniform in [1e-9, 1e9], and on part of the games
(half; three quarters for ``pure``) ``b_i = a_i * max(max|u_i|, 1) * U(-100, 100)``. This
changes no equilibrium, so gambit solves the unscaled game, where its rationals are exact.
Every game comes from one seeded ``numpy.random.Generator`` per category (seeded with
``[--seed, category number]``): a category gives the same games alone as in a full run.

Running
-------
From the repository root (``make crosscheck`` runs the default)::

    python tests/crosscheck/large_run.py [CATEGORY ...] [--seed S] [--count N]
        [--max-actions K] [--kinds float,int3,...] [--numpy] [--budget SECONDS] [--out FILE]

Without a category every category runs, with the counts of ``DEFAULT_COUNTS`` (85,000
games, about 11.5 minutes of CPU on one core where it was written: per game about 24 ms
for ``two`` (nearly all of it the exact mode and gambit's rational enumeration), 5 ms for
``batch``, 2.2 ms for ``pure`` and 0.6 ms for ``textbook``; the numpy path costs the
same, and numba's first compilation adds some 10 s).

``--count`` sets the number of games of each category run, ``--numpy`` switches the
compiled kernels (numba) off so that the numpy code is checked, ``--budget`` stops each
category after that many seconds (the games checked until then are reported), ``--out``
writes the full report as JSON. Run as a script, the ``ica_model`` of the checkout this
file is in is tested.

Output
------
Per category: games checked, CPU and wall time, degenerate games, mismatches, exceptions
and warnings raised by the solvers. Every mismatch is listed (and written to ``--out``)
with the game (its unscaled payoffs, factors and offsets) and a reproducer: Python code
that rebuilds the game and calls the solver. The exit status is 1 if there was any
mismatch or exception, else 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run as a script: this checkout's package and test helpers
    _TESTS = Path(__file__).resolve().parents[1]
    sys.path[:0] = [str(_TESTS.parent), str(_TESTS), str(_TESTS / "crosscheck")]

import numpy as np
from gambit_oracle import KINDS, gambit_exact, gambit_pure, random_payoffs, scale_payoffs
from strategies import flat_profiles, same_sets

import ica_model
from ica_model import NormalFormGame, pure_equilibria, support_enumeration, vertex_enumeration
from ica_model.engine.solvers import batch_equilibria, lemke_howson
from ica_model.runtime import accel as _accel

#: Games per category of the default run (no category named, no ``--count``).
DEFAULT_COUNTS = {"two": 20_000, "batch": 20_000, "pure": 40_000, "textbook": 5000}
#: Largest number of actions per player, per category (``--max-actions`` overrides it;
#: ``batch_equilibria`` takes at most 4).
DEFAULT_MAX_ACTIONS = {"two": 6, "batch": 4, "pure": 4, "textbook": 0}
#: Tolerance of the comparisons of floating-point results with gambit's exact ones.
TOL = 1e-7
#: Largest m * n of a two-player game also solved in exact mode.
EXACT_MAX = 49

Profiles = list[np.ndarray]


@dataclass
class Game:
    """One random game: unscaled payoffs ``base`` and the scaling that made ``scaled``."""

    index: int
    label: str  # the payoff kind or the textbook game's name
    base: np.ndarray
    factors: np.ndarray
    offsets: np.ndarray
    scaled: np.ndarray

    def record(self) -> dict[str, Any]:
        return {"game": self.index, "kind": self.label, "shape": list(self.base.shape[1:]),
                "base": self.base.tolist(), "factors": self.factors.tolist(),
                "offsets": self.offsets.tolist()}

    def reproducer(self, call: str, numpy_path: bool) -> str:
        """Python code that rebuilds the game (``game``: scaled, ``base``: unscaled) and
        prints the result of ``call``."""
        lines = ["import numpy as np",
                 "from ica_model import NormalFormGame, pure_equilibria, support_enumeration, "
                 "vertex_enumeration",
                 "from ica_model.engine.solvers import batch_equilibria, lemke_howson"]
        if numpy_path:
            lines.append("from ica_model.runtime import accel as _accel; _accel.ENABLED = False")
        lines += [f"base = np.array({self.base.tolist()!r})",
                  f"a = np.array({self.factors.tolist()!r})",
                  f"b = np.array({self.offsets.tolist()!r})",
                  "expand = (slice(None),) + (None,) * (base.ndim - 1)",
                  "game = NormalFormGame(base * a[expand] + b[expand])",
                  f"print({call})"]
        return "\n".join(lines)


def make_game(rng: np.random.Generator, index: int, label: str, base: np.ndarray,
              offsets: bool) -> Game:
    scaled, factors, shifts = scale_payoffs(rng, base, offsets)
    return Game(index, label, base, factors, shifts, scaled)


def lists(profiles: Profiles) -> list[list[float]]:
    return [np.asarray(p, dtype=float).tolist() for p in profiles]


@dataclass
class Report:
    """Counts, timings, mismatches, exceptions and warnings of one category."""

    category: str
    numpy_path: bool
    counts: Counter[str] = field(default_factory=Counter)
    mismatches: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    warnings: dict[str, dict[str, Any]] = field(default_factory=dict)
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0

    def out_of_time(self, deadline: float) -> bool:
        """Past ``deadline`` (``time.monotonic``): recorded, so the summary says the
        category stopped early."""
        if time.monotonic() > deadline:
            self.counts["stopped_by_budget"] = 1
            return True
        return False

    def mismatch(self, check: str, game: Game, call: str, **details: Any) -> None:
        self.counts["mismatches"] += 1
        self.mismatches.append({"check": check, **game.record(), **details,
                                "reproducer": game.reproducer(call, self.numpy_path)})

    def call(self, what: str, game: Game, function: Callable[..., Any], *args: Any,
             **kwargs: Any) -> Any:
        """``function(*args, **kwargs)``, recording an exception (then None) or warnings."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value = function(*args, **kwargs)
            except Exception as error:  # a solver's failure is a finding, not a crash
                self.counts["exceptions"] += 1
                self.exceptions.append({"call": what, "error": repr(error),
                                        "traceback": traceback.format_exc()[-3000:],
                                        **game.record()})
                value = None
        for w in caught:
            key = f"{what}: {w.category.__name__}: {str(w.message)[:200]}"
            entry = self.warnings.setdefault(key, {"count": 0, "first_game": game.index})
            entry["count"] += 1
        return value

    def summary(self) -> dict[str, Any]:
        games = self.counts["games"]
        return {"category": self.category, "games": games,
                "cpu_seconds": round(self.cpu_seconds, 2),
                "wall_seconds": round(self.wall_seconds, 2),
                "ms_per_game": round(1000 * self.cpu_seconds / max(games, 1), 3),
                "counts": dict(sorted(self.counts.items())), "warnings": self.warnings,
                "mismatches": self.mismatches, "exceptions": self.exceptions}


def zero_regret(base: np.ndarray, profile: np.ndarray, tol: float = TOL) -> bool:
    """``profile`` an equilibrium of the two-player game ``base``: each player's regret at
    most ``tol`` times its payoff range."""
    a, b = base
    x, y = profile[:a.shape[0]], profile[a.shape[0]:]
    range_a = max(float(a.max() - a.min()), 1e-300)
    range_b = max(float(b.max() - b.min()), 1e-300)
    return bool((a @ y).max() - x @ a @ y <= tol * range_a
                and (x @ b).max() - x @ b @ y <= tol * range_b)


def exact_profiles(result: Any) -> Profiles:
    return [np.array([float(p) for s in eq.strategies for p in s]) for eq in result.equilibria]


# --- the categories: each checks `count` games, stops at `deadline` (time.monotonic) ------

def check_two(rng: np.random.Generator, count: int, max_actions: int, kinds: tuple[str, ...],
              deadline: float, report: Report) -> None:
    for index in range(count):
        if report.out_of_time(deadline):
            return
        m, n = (int(k) for k in rng.integers(2, max_actions + 1, 2))
        kind = kinds[index % len(kinds)]
        game = make_game(rng, index, kind, random_payoffs(rng, kind, (m, n)),
                         offsets=index % 4 >= 2)
        report.counts["games"] += 1
        expected = report.call("gambit", game, gambit_exact, game.base)
        if expected is None:
            continue
        scaled = NormalFormGame(game.scaled)
        vertex = report.call("vertex_enumeration", game, vertex_enumeration, scaled)
        if vertex is not None:
            report.counts["degenerate"] += bool(vertex.degenerate)
            ours = flat_profiles(vertex)
            if not same_sets(ours, expected, tol=TOL):
                report.mismatch("vertex_enumeration", game, "vertex_enumeration(game).equilibria",
                                ours=lists(ours), gambit=lists(expected),
                                degenerate=vertex.degenerate)
        if m * n <= EXACT_MAX:
            exact = report.call("vertex_enumeration_exact", game, vertex_enumeration,
                                NormalFormGame(game.base), exact=True)
            report.counts["exact_checked"] += 1
            call = "vertex_enumeration(NormalFormGame(base), exact=True)"
            if exact is not None and not same_sets(exact_profiles(exact), expected, tol=1e-12):
                report.mismatch("vertex_enumeration_exact", game, call + ".equilibria",
                                ours=lists(exact_profiles(exact)), gambit=lists(expected))
            if exact is not None and vertex is not None and exact.degenerate != vertex.degenerate:
                report.mismatch("degenerate_flag_float_vs_exact", game, call + ".degenerate",
                                float_degenerate=vertex.degenerate,
                                exact_degenerate=exact.degenerate)
        if vertex is None:
            continue
        if not vertex.degenerate:
            report.counts["nondegenerate_checked"] += 1
            support = report.call("support_enumeration", game, support_enumeration, scaled)
            if support is not None:
                ours = flat_profiles(support)
                if not same_sets(ours, expected, tol=TOL) or support.degenerate is not None:
                    report.mismatch("support_enumeration", game, "support_enumeration(game)",
                                    ours=lists(ours), gambit=lists(expected),
                                    degenerate=support.degenerate)
            lh = report.call("lemke_howson", game, lemke_howson, scaled)
            if lh is not None:
                found = flat_profiles(lh)
                if len(found) != 1 or not any(np.abs(found[0] - e).max() <= TOL for e in expected):
                    report.mismatch("lemke_howson", game, "lemke_howson(game).equilibria",
                                    ours=lists(found), gambit=lists(expected))
        else:
            report.counts["lemke_howson_degenerate_checked"] += 1
            lh = report.call("lemke_howson", game, lemke_howson, scaled)
            if lh is not None:
                found = flat_profiles(lh)
                if len(found) != 1 or not zero_regret(game.base, found[0]):
                    report.mismatch("lemke_howson_degenerate_regret", game,
                                    "lemke_howson(game).equilibria", ours=lists(found),
                                    gambit=lists(expected))


def check_batch(rng: np.random.Generator, count: int, max_actions: int, kinds: tuple[str, ...],
                deadline: float, report: Report) -> None:
    top = min(max_actions, 4)
    shapes = [(m, n) for m in range(2, top + 1) for n in range(2, top + 1)]
    index = 0
    for number, (m, n) in enumerate(shapes):
        size = count // len(shapes) + (number < count % len(shapes))
        games = []
        for _ in range(size):
            kind = kinds[index % len(kinds)]
            games.append(make_game(rng, index, kind, random_payoffs(rng, kind, (m, n)),
                                   offsets=index % 4 >= 2))
            index += 1
        if report.out_of_time(deadline):
            break
        scaled = np.array([g.scaled for g in games])
        result = report.call(f"batch_equilibria {m}x{n}", games[0], batch_equilibria,
                             scaled[:, 0], scaled[:, 1])
        if result is None:
            continue
        for v, game in enumerate(games):
            if report.out_of_time(deadline):
                break
            report.counts["games"] += 1
            report.counts["degenerate"] += bool(result.degenerate[v])
            x, y = result.of(v)
            ours = list(np.hstack([x, y])) if len(x) else []
            call = "batch_equilibria(game.payoffs[None, 0], game.payoffs[None, 1])"
            expected = report.call("gambit", game, gambit_exact, game.base)
            if expected is not None and not same_sets(ours, expected, tol=TOL):
                report.mismatch("batch_equilibria", game, call + ".of(0)", ours=lists(ours),
                                gambit=lists(expected))
            exact = report.call("vertex_enumeration_exact", game, vertex_enumeration,
                                NormalFormGame(game.base), exact=True)
            if exact is not None and bool(result.degenerate[v]) != bool(exact.degenerate):
                report.mismatch("batch_degenerate_flag", game, call + ".degenerate",
                                batch=bool(result.degenerate[v]), exact=exact.degenerate)
            if v % 5 == 0:
                report.counts["vertex_enumeration_compared"] += 1
                single = report.call("vertex_enumeration", game, vertex_enumeration,
                                     NormalFormGame(game.scaled))
                if single is not None and not same_sets(flat_profiles(single), ours, tol=TOL):
                    report.mismatch("batch_vs_vertex_enumeration", game,
                                    call + ".of(0), vertex_enumeration(game).equilibria",
                                    batch=lists(ours), vertex=lists(flat_profiles(single)))


def check_pure(rng: np.random.Generator, count: int, max_actions: int, kinds: tuple[str, ...],
               deadline: float, report: Report) -> None:
    for index in range(count):
        if report.out_of_time(deadline):
            return
        n_players = int(rng.integers(2, 6))
        top = 4 if n_players <= 4 else 3 + int(rng.random() < 0.3)  # 5 players: 30 % up to 4
        shape = tuple(int(k) for k in rng.integers(2, min(top, max_actions) + 1, n_players))
        kind = kinds[index % len(kinds)]
        game = make_game(rng, index, kind, random_payoffs(rng, kind, shape),
                         offsets=index % 4 >= 1)
        report.counts["games"] += 1
        report.counts[f"games_{n_players}_players"] += 1
        expected = report.call("gambit", game, gambit_pure, game.base)
        result = report.call("pure_equilibria", game, pure_equilibria, NormalFormGame(game.scaled))
        if expected is not None and result is not None:
            report.counts["equilibria"] += len(expected)
            ours = flat_profiles(result)
            if not same_sets(ours, expected, tol=1e-9):
                report.mismatch("pure_equilibria", game, "pure_equilibria(game).equilibria",
                                ours=lists(ours), gambit=lists(expected))


def textbook_games() -> Iterator[tuple[str, np.ndarray, Profiles | None]]:
    """The textbook games: name, payoffs and (two-player games) the published equilibria."""
    from test_textbook import TWO_PLAYER

    from ica_model.engine.textbook import linear_public_goods, threshold_public_goods

    for case in TWO_PLAYER:
        published = [np.array([float(p) for s in eq for p in s]) for eq in case.expected]
        yield case.name, np.asarray(case.game.payoffs, dtype=float), published
    for name, game in [("linear_public_goods(4, 2.0, 1.0)", linear_public_goods(4, 2.0, 1.0)),
                       ("linear_public_goods(3, 4.5, 1.0)", linear_public_goods(3, 4.5, 1.0)),
                       ("threshold_public_goods(4, 2, 2.0, 1.0)",
                        threshold_public_goods(4, 2, 2.0, 1.0)),
                       ("threshold_public_goods(5, 3, 2.0, 1.0)",
                        threshold_public_goods(5, 3, 2.0, 1.0)),
                       ("threshold_public_goods(6, 1, 2.0, 1.0)",
                        threshold_public_goods(6, 1, 2.0, 1.0))]:
        yield name, np.asarray(game.payoffs, dtype=float), None


def check_textbook(rng: np.random.Generator, count: int, max_actions: int,
                   kinds: tuple[str, ...], deadline: float, report: Report) -> None:
    cases = list(textbook_games())
    gambit: dict[str, Profiles] = {}
    for index in range(count):
        if report.out_of_time(deadline):
            return
        name, base, published = cases[index % len(cases)]
        game = make_game(rng, index, name, base, offsets=(index // len(cases)) % 2 == 1)
        report.counts["games"] += 1
        scaled = NormalFormGame(game.scaled)
        if published is None:  # n players: pure equilibria only
            expected = gambit.get(name)
            if expected is None:
                expected = gambit[name] = gambit_pure(base)
            pure = report.call("pure_equilibria", game, pure_equilibria, scaled)
            if pure is not None and not same_sets(flat_profiles(pure), expected, tol=1e-9):
                report.mismatch("textbook_pure_equilibria", game, "pure_equilibria(game).equilibria",
                                ours=lists(flat_profiles(pure)), gambit=lists(expected))
            continue
        if name not in gambit:
            gambit[name] = gambit_exact(base)
            if not same_sets(gambit[name], published, tol=1e-12):
                report.mismatch("gambit_vs_published", game, "'gambit differs from the published equilibria'",
                                gambit=lists(gambit[name]), published=lists(published))
        for solver in (vertex_enumeration, support_enumeration):
            result = report.call(solver.__name__, game, solver, scaled)
            if result is not None and not same_sets(flat_profiles(result), published, tol=TOL):
                report.mismatch(f"textbook_{solver.__name__}", game,
                                f"{solver.__name__}(game).equilibria",
                                ours=lists(flat_profiles(result)), published=lists(published))
        lh = report.call("lemke_howson", game, lemke_howson, scaled)
        if lh is not None:
            found = flat_profiles(lh)
            if len(found) != 1 or not any(np.abs(found[0] - e).max() <= TOL for e in published):
                report.mismatch("textbook_lemke_howson", game, "lemke_howson(game).equilibria",
                                ours=lists(found), published=lists(published))
        pure = report.call("pure_equilibria", game, pure_equilibria, scaled)
        want = [e for e in published if set(e.tolist()) <= {0.0, 1.0}]
        if pure is not None and not same_sets(flat_profiles(pure), want, tol=1e-9):
            report.mismatch("textbook_pure_equilibria", game, "pure_equilibria(game).equilibria",
                            ours=lists(flat_profiles(pure)), published=lists(want))


CHECKS: dict[str, Callable[..., None]] = {"two": check_two, "batch": check_batch,
                                          "pure": check_pure, "textbook": check_textbook}


def run(category: str, seed: int, count: int, max_actions: int, kinds: tuple[str, ...],
        budget: float, numpy_path: bool) -> Report:
    """Check ``count`` games of one category (at most ``budget`` seconds)."""
    report = Report(category, numpy_path)
    rng = np.random.default_rng([seed, list(CHECKS).index(category)])
    wall, cpu = time.monotonic(), time.process_time()
    CHECKS[category](rng, count, max_actions, kinds, wall + budget, report)
    report.wall_seconds = time.monotonic() - wall
    report.cpu_seconds = time.process_time() - cpu
    return report


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Large randomised cross-check of the equilibrium solvers against pygambit "
                    "(see the module docstring).")
    parser.add_argument("categories", nargs="*", metavar="CATEGORY",
                        help=f"any of {', '.join(CHECKS)} (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=None,
                        help=f"games per category (default {DEFAULT_COUNTS})")
    parser.add_argument("--max-actions", type=int, default=None,
                        help=f"actions per player at most (default {DEFAULT_MAX_ACTIONS})")
    parser.add_argument("--kinds", default=",".join(KINDS),
                        help=f"payoff kinds, comma-separated (default {','.join(KINDS)})")
    parser.add_argument("--numpy", action="store_true",
                        help="switch the compiled kernels off (check the numpy code)")
    parser.add_argument("--budget", type=float, default=float("inf"),
                        help="stop each category after this many seconds")
    parser.add_argument("--out", type=Path, default=None, help="write the full report (JSON)")
    args = parser.parse_args(argv)
    for category in args.categories:
        if category not in CHECKS:
            parser.error(f"unknown category {category!r}; choose from {', '.join(CHECKS)}")
    args.kinds = tuple(args.kinds.split(","))
    unknown = set(args.kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds {sorted(unknown)}; choose from {','.join(KINDS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    _accel.ENABLED = not args.numpy
    path = "numpy" if args.numpy else "compiled"
    print(f"ica_model {ica_model.__version__} ({Path(ica_model.__file__).parent}), "
          f"{'numpy code (compiled kernels off)' if args.numpy else 'compiled kernels'}, "
          f"seed {args.seed}, kinds {','.join(args.kinds)}", flush=True)
    reports = []
    for category in args.categories or list(CHECKS):
        count = DEFAULT_COUNTS[category] if args.count is None else args.count
        max_actions = args.max_actions or DEFAULT_MAX_ACTIONS[category]
        report = run(category, args.seed, count, max_actions, args.kinds, args.budget, args.numpy)
        reports.append(report)
        c = report.counts
        print(f"{category:9s}{c['games']:7d} games {report.cpu_seconds:8.1f} s CPU "
              f"({1000 * report.cpu_seconds / max(c['games'], 1):6.2f} ms/game) "
              f"{report.wall_seconds:8.1f} s wall  degenerate {c['degenerate']:6d}  "
              f"mismatches {c['mismatches']}  exceptions {c['exceptions']}  "
              f"warnings {sum(w['count'] for w in report.warnings.values())}"
              + ("  (stopped by --budget)" if c["stopped_by_budget"] else ""), flush=True)
    total_games = sum(r.counts["games"] for r in reports)
    total_cpu = sum(r.cpu_seconds for r in reports)
    failures = sum(r.counts["mismatches"] + r.counts["exceptions"] for r in reports)
    print(f"total    {total_games:7d} games {total_cpu:8.1f} s CPU; "
          f"{failures} mismatches and exceptions")
    for report in reports:
        for key, w in report.warnings.items():
            print(f"warning ({report.category}, {w['count']}x, first game {w['first_game']}): {key}")
        for record in report.mismatches:
            print(f"\nMISMATCH {report.category} {record['check']} (game {record['game']}, "
                  f"{record['kind']}):\n{record['reproducer']}")
            details = {k: v for k, v in record.items() if k in ("ours", "gambit", "published")}
            print(f"# expected vs ours: {json.dumps(details)}")
        for record in report.exceptions:
            print(f"\nEXCEPTION {report.category} {record['call']} (game {record['game']}): "
                  f"{record['traceback']}")
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        settings = {"seed": args.seed, "count": args.count, "max_actions": args.max_actions,
                    "kinds": list(args.kinds), "path": path,
                    "budget": None if args.budget == float("inf") else args.budget,
                    "ica_model": ica_model.__version__, "ica_model_file": ica_model.__file__,
                    "numpy": np.__version__}
        args.out.write_text(json.dumps({"settings": settings,
                                        "categories": [r.summary() for r in reports]},
                                       indent=1, default=str))
        print(f"report: {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
