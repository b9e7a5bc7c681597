r"""A reproduction gallery: published evolutionary games, their printed results, and the
workbench's results beside them.

Each :class:`PublishedGame` holds the payoff table as the source prints it, the values it
uses, the assumptions it states, its source (authors, year, title, where in it), and the
results it states. :meth:`PublishedGame.reproduce` recomputes every stated result with the
evolutionary workbench (:mod:`ica_model.engine.evolutionary`: the replicator system, its
rest points, the stability table with proofs, numeric labels) and says whether it agrees.
The test suite checks that every stated result is reproduced.

One-population games (a symmetric two-player game played within one population: hawk–dove,
snowdrift, rock–paper–scissors) use the one-population replicator equation
:math:`\dot x_i = x_i\,((Ax)_i - x^\top A x)`, built by :func:`symmetric_system`;
two-population games (prisoner's dilemma and battle of the sexes between a row and a
column population, the asymmetric hawk–dove) use
:class:`~ica_model.engine.evolutionary.PopulationGame`.

The gallery's games are the field's classic games; a source's page is given where it was
checked, otherwise its chapter. Tripartite games of the Chinese public-administration
literature are not yet in the gallery (their tables and printed values need a transcription
checked against the papers).

Examples
--------
>>> from ica_model.engine.gallery import GALLERY
>>> game = GALLERY["hawk_dove_dawkins"]
>>> all(r.agrees for r in game.reproduce())
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import sympy as sp

from .evolutionary import PopulationGame, ReplicatorSystem, stability_table
from .evolutionary.proved import prove_table

__all__ = ["GALLERY", "PublishedGame", "Reproduction", "symmetric_system"]


def symmetric_system(matrix: Sequence[Sequence[Any]], strategies: Sequence[str],
                     title: str = "game") -> ReplicatorSystem:
    r"""The one-population replicator system of a symmetric game with payoff ``matrix``
    (``matrix[i][j]`` the payoff of strategy ``i`` against ``j``), in reduced coordinates
    :math:`x_1, \dots, x_{k-1}` (the last share is one minus their sum).

    Examples
    --------
    >>> system = symmetric_system([[-25, 50], [0, 15]], ["Hawk", "Dove"])
    >>> sp.factor(system.equations[0])
    5*x*(x - 1)*(12*x - 7)
    """
    k = len(strategies)
    a = sp.Matrix([[sp.nsimplify(v, rational=True) for v in row] for row in matrix])
    if a.shape != (k, k):
        raise ValueError(f"matrix must be {k} x {k} for {k} strategies, got {a.shape}")
    names = ["x"] if k == 2 else [f"x{i + 1}" for i in range(k - 1)]
    variables = [sp.Symbol(n, real=True) for n in names]
    shares = sp.Matrix([*variables, 1 - sum(variables)])
    fitness = a * shares
    mean = (shares.T * fitness)[0, 0]
    equations = [sp.expand(shares[i] * (fitness[i] - mean)) for i in range(k - 1)]
    if k == 2:
        equations = [sp.factor(equations[0])]
    return ReplicatorSystem(equations, variables, populations=["population"],
                            strategies=[list(strategies)], sizes=[k], title=title)


@dataclass(frozen=True)
class Reproduction:
    """One stated result beside the workbench's.

    Attributes
    ----------
    statement : str
        The result as the source states it.
    published : str
        The printed value.
    computed : str
        The workbench's value.
    agrees : bool
    """

    statement: str
    published: str
    computed: str
    agrees: bool


@dataclass(frozen=True)
class PublishedGame:
    """A published game and the results it states.

    Attributes
    ----------
    key : str
    title : str
    source : str
        Authors, year, title, publisher or journal, and where in it.
    table : str
        The payoff table as printed (row player's payoff first).
    values : mapping
        The parameter values the source uses (empty when its results are symbolic).
    assumptions : tuple
        The conditions it states, as sympy inequalities.
    build : callable
        Returns the model (a ReplicatorSystem or a PopulationGame).
    checks : tuple of callables
        Each takes the model and returns a :class:`Reproduction`.
    """

    key: str
    title: str
    source: str
    table: str
    build: Callable[[], Any]
    checks: tuple[Callable[[Any], Reproduction], ...]
    values: Mapping[str, Any] = field(default_factory=dict)
    assumptions: tuple[Any, ...] = ()

    def model(self) -> Any:
        return self.build()

    def reproduce(self) -> list[Reproduction]:
        """Every stated result, recomputed."""
        model = self.build()
        return [check(model) for check in self.checks]


# ---------------------------------------------------------------------- helpers
def _rest_point_check(statement: str, published: Sequence[Any], label: str = "ESS",
                      mixed_only: bool = True, assumptions: Sequence[Any] = ()
                      ) -> Callable[[Any], Reproduction]:
    target = tuple(sp.nsimplify(v) for v in published)

    def check(model: Any) -> Reproduction:
        table = stability_table(model, assumptions, mixed=True)
        found = [r for r in table.rows if (r.profile is None or not mixed_only)
                 and all(sp.simplify(a - b) == 0 for a, b in zip(r.point, target, strict=True))]
        computed = ("; ".join(f"{r.label} {r.point_text}: {r.stability}" for r in found)
                    or "no such rest point")
        agrees = bool(found) and found[0].stability == label
        return Reproduction(statement, f"{tuple(target)}: {label}", computed, agrees)

    return check


def _ess_vertices_check(statement: str, published: Sequence[tuple[int, ...]],
                        values: Mapping[str, Any] | None = None, assumptions: Sequence[Any] = ()
                        ) -> Callable[[Any], Reproduction]:
    def check(model: Any) -> Reproduction:
        proved = prove_table(model, assumptions, witnesses=False)
        if values:
            frame = proved.at(values)
            ess = sorted(tuple(round(c) for c in p)
                         for p, s in zip(frame["point"], frame["stability"], strict=True)
                         if s == "ESS")
            how = "numeric"
        else:
            ess = sorted(tuple(int(c) for c in r.point) for r in proved.rows
                         if r.stability == "ESS" and r.evidence == "proved")
            how = "proved"
        wanted = sorted(tuple(p) for p in published)
        return Reproduction(statement, f"ESS at {wanted}", f"ESS at {ess} ({how})", ess == wanted)

    return check


# ---------------------------------------------------------------------- the games
def _hawk_dove_dawkins() -> ReplicatorSystem:
    # win 50, lose 0, serious injury -100, display (wasting time) -10
    hawk_hawk = sp.Rational(1, 2) * 50 + sp.Rational(1, 2) * (-100)
    dove_dove = sp.Rational(1, 2) * (50 - 10) + sp.Rational(1, 2) * (-10)
    return symmetric_system([[hawk_hawk, 50], [0, dove_dove]], ["Hawk", "Dove"],
                            "hawk-dove (Dawkins)")


def _dawkins_payoffs(statement: str, share: Any, published: Any) -> Callable[[Any], Reproduction]:
    def check(model: Any) -> Reproduction:
        x = sp.nsimplify(share)
        a = sp.Matrix([[-25, 50], [0, 15]])
        shares = sp.Matrix([x, 1 - x])
        mean = (shares.T * a * shares)[0, 0]
        value = sp.nsimplify(published)
        return Reproduction(statement, str(value), str(mean), mean == value)
    return check


def _hawk_dove_symbolic() -> ReplicatorSystem:
    V, C = sp.symbols("V C", positive=True)
    return symmetric_system([[(V - C) / 2, V], [0, V / 2]], ["Hawk", "Dove"],
                            "hawk-dove (Maynard Smith)")


def _prisoners_dilemma() -> PopulationGame:
    table: dict[Any, Any] = {("C", "C"): (3, 3), ("C", "D"): (0, 5), ("D", "C"): (5, 0), ("D", "D"): (1, 1)}
    return PopulationGame.from_table(table, populations=("row", "column"),
                                     title="prisoner's dilemma (Axelrod)")


def _snowdrift() -> ReplicatorSystem:
    b, c = sp.symbols("b c", positive=True)
    return symmetric_system([[b - c / 2, b - c], [b, 0]], ["C", "D"], "snowdrift")


def _battle_of_the_sexes() -> PopulationGame:
    table: dict[Any, Any] = {("Bach", "Bach"): (2, 1), ("Bach", "Stravinsky"): (0, 0),
             ("Stravinsky", "Bach"): (0, 0), ("Stravinsky", "Stravinsky"): (1, 2)}
    return PopulationGame.from_table(table, populations=("player 1", "player 2"),
                                     title="battle of the sexes (Osborne)")


def _asymmetric_hawk_dove() -> PopulationGame:
    V, C = sp.symbols("V C", positive=True)
    table: dict[Any, Any] = {("Hawk", "Hawk"): ((V - C) / 2, (V - C) / 2), ("Hawk", "Dove"): (V, 0),
             ("Dove", "Hawk"): (0, V), ("Dove", "Dove"): (V / 2, V / 2)}
    return PopulationGame.from_table(table, populations=("owner", "intruder"),
                                     title="asymmetric hawk-dove")


def _rock_paper_scissors() -> ReplicatorSystem:
    return symmetric_system([[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
                            ["Rock", "Paper", "Scissors"], "rock-paper-scissors")


def _rps_centre(model: ReplicatorSystem) -> Reproduction:
    jacobian = model.jacobian_at((sp.Rational(1, 3), sp.Rational(1, 3)))
    eigenvalues = sorted(jacobian.eigenvals(), key=lambda e: float(sp.im(e)))
    computed = ", ".join(str(sp.nsimplify(e)) for e in eigenvalues)
    centre = all(sp.re(e) == 0 and sp.im(e) != 0 for e in eigenvalues)
    field_zero = all(sp.simplify(e.subs({model.variables[0]: sp.Rational(1, 3),
                                         model.variables[1]: sp.Rational(1, 3)})) == 0
                     for e in model.equations)
    return Reproduction("the interior rest point (1/3, 1/3, 1/3) is surrounded by closed "
                        "orbits (a centre: purely imaginary eigenvalues)",
                        "(1/3, 1/3, 1/3), centre", f"eigenvalues {computed}",
                        centre and field_zero)


def _rps_constant(model: ReplicatorSystem) -> Reproduction:
    x1, x2 = model.variables
    product = x1 * x2 * (1 - x1 - x2)
    derivative = sp.simplify(sum(sp.diff(product, v) * f
                                 for v, f in zip(model.variables, model.equations, strict=True)))
    return Reproduction("x1·x2·x3 is a constant of motion", "d/dt (x1 x2 x3) = 0",
                        f"d/dt (x1 x2 x3) = {derivative}", derivative == 0)


def _snowdrift_check(model: ReplicatorSystem) -> Reproduction:
    b, c = sorted(model.parameters, key=str)
    r = c / (2 * b - c)
    table = stability_table(model, [b > c], mixed=True)
    mixed = [row for row in table.rows if row.profile is None]
    point = mixed[0].point[0] if mixed else None
    agrees = (point is not None and sp.simplify(point - (1 - r)) == 0
              and mixed[0].stability == "ESS")
    return Reproduction("cooperators and defectors coexist at a share 1 - r of cooperators, "
                        "r = c/(2b - c), stable, for b > c > 0",
                        "x* = 1 - c/(2b - c): ESS",
                        f"x* = {sp.simplify(point) if point is not None else None}: "
                        f"{mixed[0].stability if mixed else 'none'}", agrees)


def _selten_check(model: PopulationGame) -> Reproduction:
    V, C = sorted(model.parameters, key=str)[::-1]
    proved = prove_table(model, [C > V], mixed=True, witnesses=False)
    interior = [r for r in proved.rows if r.label.startswith("M") and len(r.point) == 2
                and all(not c.is_number or 0 < c < 1 for c in r.point)]
    ok = bool(interior) and all(r.stability != "ESS" and r.evidence == "theorem"
                                for r in interior)
    return Reproduction("in an asymmetric contest no mixed strategy is evolutionarily stable "
                        "(Selten 1980): the interior rest point (V/C, V/C) is not an ESS",
                        "(V/C, V/C): not ESS",
                        "; ".join(f"{r.label} ({', '.join(map(str, r.point))}): {r.stability} "
                                  f"[{r.evidence}]" for r in interior), ok)


def _gallery() -> dict[str, PublishedGame]:
    V, C = sp.symbols("V C", positive=True)
    b, c = sp.symbols("b c", positive=True)
    games = [
        PublishedGame(
            "hawk_dove_dawkins", "Hawks and doves with Dawkins's points",
            "Dawkins, R. (1976; 2nd ed. 1989), The Selfish Gene, Oxford University Press, "
            "ch. 5 'Aggression: stability and the selfish machine'",
            "win +50, lose 0, serious injury -100, display (wasting time) -10: "
            "Hawk v Hawk -25, Hawk v Dove +50, Dove v Hawk 0, Dove v Dove +15",
            _hawk_dove_dawkins,
            (_rest_point_check("a stable population of 7/12 hawks and 5/12 doves",
                               [sp.Rational(7, 12)]),
             _dawkins_payoffs("the average pay-off at the ESS is 6 1/4",
                              sp.Rational(7, 12), sp.Rational(25, 4)),
             _dawkins_payoffs("in an all-dove population the average pay-off is 15", 0, 15),
             _dawkins_payoffs("a group of 1/6 hawks and 5/6 doves averages 16 2/3",
                              sp.Rational(1, 6), sp.Rational(50, 3)))),
        PublishedGame(
            "hawk_dove_maynard_smith", "The hawk-dove game with value V and cost C",
            "Maynard Smith, J. (1982), Evolution and the Theory of Games, Cambridge University "
            "Press, ch. 2 (the Hawk-Dove game: the ESS plays Hawk with probability V/C when "
            "V < C)",
            "Hawk v Hawk (V - C)/2, Hawk v Dove V, Dove v Hawk 0, Dove v Dove V/2",
            _hawk_dove_symbolic,
            (_rest_point_check("for V < C the population is stable with a share V/C of hawks",
                               [V / C], assumptions=[C > V]),),
            assumptions=(C > V,)),
        PublishedGame(
            "prisoners_dilemma_axelrod", "The prisoner's dilemma of Axelrod's tournaments",
            "Axelrod, R. (1984), The Evolution of Cooperation, Basic Books, p. 8 (Figure 1: "
            "R = 3, S = 0, T = 5, P = 1)",
            "C v C (3, 3), C v D (0, 5), D v C (5, 0), D v D (1, 1)",
            _prisoners_dilemma,
            (_ess_vertices_check("mutual defection is the only outcome from which no one "
                                 "gains by changing (defection dominates)", [(0, 0)]),)),
        PublishedGame(
            "snowdrift_hauert_doebeli", "The snowdrift game",
            "Hauert, C. and Doebeli, M. (2004), 'Spatial structure often inhibits the evolution "
            "of cooperation in the snowdrift game', Nature 428, 643-646 (payoffs T = b, "
            "R = b - c/2, S = b - c, P = 0; r = c/(2b - c))",
            "C v C b - c/2, C v D b - c, D v C b, D v D 0",
            _snowdrift, (_snowdrift_check,), assumptions=(b > c,)),
        PublishedGame(
            "battle_of_the_sexes_osborne", "Battle of the sexes (Bach or Stravinsky)",
            "Osborne, M. J. (2004), An Introduction to Game Theory, Oxford University Press, "
            "ch. 2 and ch. 4 (mixed equilibrium ((2/3, 1/3), (1/3, 2/3)))",
            "(Bach, Bach) (2, 1), (Bach, Stravinsky) (0, 0), (Stravinsky, Bach) (0, 0), "
            "(Stravinsky, Stravinsky) (1, 2)",
            _battle_of_the_sexes,
            (_ess_vertices_check("both coordinated outcomes are strict equilibria",
                                 [(1, 1), (0, 0)]),
             _rest_point_check("player 1 plays Bach with probability 2/3, player 2 with 1/3 "
                               "(the mixed equilibrium: a saddle of the two-population "
                               "dynamics, not stable)",
                               [sp.Rational(2, 3), sp.Rational(1, 3)], label="saddle point"))),
        PublishedGame(
            "hawk_dove_asymmetric", "Owner and intruder: hawk-dove between two roles",
            "Selten, R. (1980), 'A note on evolutionarily stable strategies in asymmetric "
            "animal conflicts', Journal of Theoretical Biology 84, 93-101 (no mixed strategy "
            "is evolutionarily stable in an asymmetric contest); Maynard Smith (1982), ch. 8",
            "as hawk-dove, the two roles in separate populations",
            _asymmetric_hawk_dove,
            (_ess_vertices_check("(Hawk, Dove) and (Dove, Hawk) are the stable outcomes when "
                                 "V < C", [(1, 0), (0, 1)], assumptions=[C > V]),
             _selten_check),
            assumptions=(C > V,)),
        PublishedGame(
            "rock_paper_scissors", "Rock-paper-scissors",
            "Hofbauer, J. and Sigmund, K. (1998), Evolutionary Games and Population Dynamics, "
            "Cambridge University Press (the zero-sum rock-scissors-paper game: closed orbits "
            "around the centre (1/3, 1/3, 1/3); section not checked here)",
            "win +1, lose -1, draw 0",
            _rock_paper_scissors, (_rps_centre, _rps_constant)),
    ]
    return {g.key: g for g in games}


#: The gallery: key -> :class:`PublishedGame`.
GALLERY: Mapping[str, PublishedGame] = MappingProxyType(_gallery())


def reproduction_table() -> Any:
    """Every stated result of every game, with the workbench's value: a DataFrame."""
    import pandas as pd

    records = []
    for game in GALLERY.values():
        for r in game.reproduce():
            records.append({"game": game.key, "statement": r.statement, "published": r.published,
                            "computed": r.computed, "agrees": r.agrees})
    return pd.DataFrame.from_records(records)


__all__ += ["reproduction_table"]
