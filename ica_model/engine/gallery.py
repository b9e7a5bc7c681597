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

The gallery's games are the field's classic games and one published tripartite game of the
Chinese environmental-governance literature (enterprises, the public and the government:
Wang, Jia, He, Wang and Huang 2023), transcribed from its authors' public replication code
(payoff table, values and stated results); a source's page is given where it was checked,
otherwise its chapter or table. No central-local tripartite game is in the gallery: none
whose payoff table and printed values could be read in full was found (see
``docs/explanation/gallery.md``).

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

from .._validation import check_sequence, to_sympy
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
    strategies = check_sequence("strategies", strategies, "a sequence of strategy names")
    k = len(strategies)
    rows = [check_sequence("matrix", row, "a square table of payoffs") for row in check_sequence(
        "matrix", matrix, "a square table of payoffs")]
    if len(rows) != k or any(len(row) != k for row in rows):
        raise ValueError(f"matrix must be {k} x {k} for {k} strategies, got rows of lengths "
                         f"{[len(row) for row in rows]}")
    for row in rows:
        for value in row:
            if to_sympy("matrix", value).has(sp.nan, sp.zoo, sp.oo, -sp.oo):
                raise ValueError(f"matrix must hold finite payoffs, got {value!r}")
    a = sp.Matrix([[sp.nsimplify(v, rational=True) for v in row] for row in rows])
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
        The printed result is reproduced, or (with ``erratum``) the printed result differs
        from what its own payoff table gives by exactly the slip ``erratum`` names.
    erratum : str
        Empty, or the slip in the printed result and the reason.
    """

    statement: str
    published: str
    computed: str
    agrees: bool
    erratum: str = ""


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


# ---------------------------------------------------------------------- Wang et al. (2023)
#: The parameters of Wang, Jia, He, Wang and Huang (2023), Table 1, named as in the authors'
#: replication code. C_H (health loss) is entered as a negative number there (-30).
_WANG_POSITIVE = ("P_A P_e C_A e_A R_c gamma C_B1 delta C_B0 R_p zeta eta theta lambda "
                  "C_G1 C_E gov G_0 G_1 kappa")
_WANG_NONNEGATIVE = "alpha beta epsilon"


def _wang_symbols() -> dict[str, sp.Symbol]:
    table = {str(s): s for s in sp.symbols(_WANG_POSITIVE, positive=True)}
    table.update({str(s): s for s in sp.symbols(_WANG_NONNEGATIVE, nonnegative=True)})
    table["C_H"] = sp.Symbol("C_H", negative=True)
    return table


_WANG_STRATEGIES = (("control", "no control"), ("participate", "no participation"),
                    ("regulate", "no regulation"))


def _wang_payoffs(profile: tuple[str, ...]) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """The payoff table (the authors' code, section 'Payoff matrix'): enterprises control
    pollution or not, the public participates or not, the government regulates or not."""
    v = _wang_symbols()
    control = profile[0] == "control"
    participate = profile[1] == "participate"
    regulate = profile[2] == "regulate"
    e_A, P_e, gov = v["e_A"], v["P_e"], v["gov"]
    revenue = v["P_A"] + (1 - e_A) * (1 - gov) * P_e          # P, the enterprise's revenue
    if control:
        enterprise = ((1 + (v["eta"] if participate else 0)) * v["P_A"]
                      + (1 - e_A) * (1 - gov) * P_e - e_A * (1 - v["gamma"]) * v["C_A"]
                      + e_A * v["R_c"] + (v["alpha"] * revenue if regulate else 0))
    else:
        enterprise = v["P_A"] + (1 - gov) * P_e - (v["beta"] * revenue if regulate else 0)
    health = (1 - e_A) * v["C_H"] if control else v["C_H"]
    if participate:
        cost_share = (1 - v["epsilon"]) if regulate else 1
        public = (health + (0 if control else v["lambda"] * v["C_H"]) + v["zeta"] * v["R_p"]
                  - cost_share * v["delta"] * v["C_B1"])
    else:
        public = health - v["C_B0"]
    kappa, C_E = v["kappa"], v["C_E"]
    environment = ((1 - kappa) * (e_A - 1) * C_E + kappa * (1 - e_A) * gov * P_e if control
                   else -(1 - kappa) * C_E + kappa * gov * P_e)
    if regulate:
        government = (environment + (v["G_1"] * (1 + v["theta"]) if participate else v["G_1"])
                      - v["C_G1"] + (-v["alpha"] * revenue if control else v["beta"] * revenue)
                      - (v["epsilon"] * v["delta"] * v["C_B1"] if participate else 0))
    else:
        government = environment - (v["G_0"] * (1 + v["theta"]) if participate else v["G_0"])
    return enterprise, public, government


def _wang_game() -> PopulationGame:
    return PopulationGame.from_function(
        _wang_payoffs, [list(s) for s in _WANG_STRATEGIES],
        populations=("enterprises", "public", "government"), variables=["x", "y", "z"],
        title="air-pollution control (Wang et al. 2023)")


def _r(text: str) -> sp.Rational:
    return sp.Rational(text)


#: The values of the authors' simulations (Evolutionary_Game.m): the initial state of
#: Scenarios 1-4, then the changes of each stage of Scenario 4.
_WANG_BASE: dict[str, Any] = {
    "P_A": 40, "P_e": 20, "C_A": 35, "e_A": _r("0.1"), "R_c": 10, "alpha": 0, "beta": 0,
    "gamma": _r("0.1"), "C_H": -30, "C_B1": 30, "delta": _r("0.8"), "C_B0": 18,
    "epsilon": 0, "R_p": 25, "zeta": _r("0.1"), "eta": _r("0.1"), "theta": _r("0.1"),
    "lambda": _r("0.1"), "C_G1": 25, "C_E": 30, "gov": _r("0.5"), "G_0": 10,
    "kappa": _r("0.8"), "G_1": 5}
_WANG_STAGES: tuple[tuple[str, dict[str, Any], tuple[int, int, int]], ...] = (
    ("the initial state of Scenarios 1-4: A(0,0,0) is the ESS", {}, (0, 0, 0)),
    ("Scenario 4, stage 1 (e_A = 0.2, beta = 0.05, G_0 = 20): A -> D(0,0,1)",
     {"e_A": _r("0.2"), "beta": _r("0.05"), "G_0": 20}, (0, 0, 1)),
    ("Scenario 4, stage 2 (e_A = 0.4, R_c = 15, alpha = 0.06, beta = 0.2, G_0 = 20, "
     "G_1 = 10): D -> F(1,0,1)",
     {"e_A": _r("0.4"), "R_c": 15, "alpha": _r("0.06"), "beta": _r("0.2"), "G_0": 20,
      "G_1": 10}, (1, 0, 1)),
    ("Scenario 4, stage 3 (e_A = 0.5, R_c = 20, alpha = 0.1, beta = 0.2, delta = 0.7, "
     "epsilon = 0.1, G_0 = 25, G_1 = 15): F -> H(1,1,1)",
     {"e_A": _r("0.5"), "R_c": 20, "alpha": _r("0.1"), "beta": _r("0.2"),
      "delta": _r("0.7"), "epsilon": _r("0.1"), "G_0": 25, "G_1": 15}, (1, 1, 1)),
    ("Scenario 4, stage 4 (P_e = 10, e_A = 0.7, R_c = 25, alpha = 0, beta = 0.2, "
     "gamma = 0.3, delta = 0.5, zeta = 0.2, G_0 = 15, G_1 = 5): H -> E(1,1,0)",
     {"P_e": 10, "e_A": _r("0.7"), "R_c": 25, "alpha": 0, "beta": _r("0.2"),
      "gamma": _r("0.3"), "delta": _r("0.5"), "zeta": _r("0.2"), "G_0": 15, "G_1": 5},
     (1, 1, 0)),
)


def _wang_values(changes: Mapping[str, Any]) -> dict[sp.Symbol, Any]:
    v = _wang_symbols()
    return {v[k]: sp.nsimplify(x) for k, x in {**_WANG_BASE, **changes}.items()}


def _wang_profile(point: tuple[int, int, int]) -> tuple[str, ...]:
    """The pure profile at a point (x, y, z) of shares of the first strategies."""
    return tuple(s[0] if c == 1 else s[1] for s, c in zip(_WANG_STRATEGIES, point, strict=True))


def _wang_ess_check(statement: str, changes: Mapping[str, Any], vertex: tuple[int, int, int]
                    ) -> Callable[[Any], Reproduction]:
    def check(model: PopulationGame) -> Reproduction:
        numeric = model.subs(_wang_values(changes))
        table = stability_table(numeric, witnesses=False)
        ess = sorted(tuple(int(c) for c in r.point) for r in table.rows
                     if r.stability == "ESS")
        return Reproduction(statement, f"ESS at {[vertex]}",
                            f"ESS at {ess} (exact, at the stated values)", ess == [vertex])
    return check


def _wang_printed_equations(model: PopulationGame) -> Reproduction:
    """The replicator system against the authors' own (their differential.m)."""
    v = _wang_symbols()
    x, y, z = model.variables
    P = v["P_A"] + v["P_e"] * (1 - v["e_A"]) * (1 - v["gov"])
    a, b, eA = v["alpha"], v["beta"], v["e_A"]
    printed = (
        x * (x - 1) * (-(v["eta"] * y * v["P_A"]) - z * (a + b) * P
                       + eA * (v["C_A"] * (1 - v["gamma"]) - v["R_c"] + v["P_e"] * (1 - v["gov"]))),
        -y * (y - 1) * (v["C_B0"] - v["C_B1"] * v["delta"] + v["C_H"] * v["lambda"]
                        + v["R_p"] * v["zeta"] - v["C_H"] * v["lambda"] * x
                        + v["C_B1"] * v["delta"] * v["epsilon"] * z),
        -z * (z - 1) * (v["G_0"] + v["G_1"] - v["C_G1"] + b * P - (a + b) * P * x
                        + (v["G_0"] + v["G_1"]) * v["theta"] * y
                        - v["C_B1"] * v["delta"] * v["epsilon"] * y),
    )
    equations = model.replicator().equations
    same = all(sp.expand(e - f) == 0 for e, f in zip(equations, printed, strict=True))
    cancelled = not ({v["kappa"], v["C_E"]} & set().union(*(e.free_symbols for e in equations)))
    return Reproduction(
        "the replicator dynamic equations F(x), F(y), F(z) (the authors' differential.m); "
        "kappa and C_E, marked absent there, cancel from the dynamics",
        "F(x), F(y), F(z) as printed; no kappa, no C_E",
        "identical (expanded difference 0)" + ("; kappa and C_E cancel" if cancelled else
                                               "; kappa or C_E remains"),
        same and cancelled)


def _wang_eigenvalue_check(model: PopulationGame) -> Reproduction:
    """Table 3: the eigenvalues at A(0,0,0); the printed third has a slip."""
    v = _wang_symbols()
    eA, P_e, gov = v["e_A"], v["P_e"], v["gov"]
    P = v["P_A"] + P_e * (1 - eA) * (1 - gov)
    printed = (eA * (v["R_c"] - P_e * (1 - gov) - v["C_A"] * (1 - v["gamma"])),
               (v["C_B0"] + v["C_H"] * v["lambda"]) + (v["R_p"] * v["zeta"]
                                                       - v["C_B1"] * v["delta"]),
               v["G_0"] - v["C_G1"] + v["G_1"] + v["beta"] * P - P_e * gov * v["kappa"] * eA)
    computed = model.vertex_eigenvalues(_wang_profile((0, 0, 0)))
    first_two = all(sp.expand(c - p) == 0
                    for c, p in zip(computed[:2], printed[:2], strict=True))
    slip = sp.expand(computed[2] - printed[2])
    condition_5 = sp.expand(v["G_0"] + v["G_1"] + v["beta"] * P - v["C_G1"])
    third = slip == sp.expand(P_e * gov * v["kappa"] * eA) and sp.expand(computed[2]) == condition_5
    return Reproduction(
        "Table 3: at A(0,0,0) the eigenvalues are e_A(R_c - P_e(1 - gov) - C_A(1 - gamma)), "
        "(C_B0 + C_H lambda) + (R_p zeta - C_B1 delta) and "
        "G_0 - C_G1 + G_1 + beta(P_A + P_e(1 - e_A)(1 - gov)) - P_e gov kappa e_A",
        "; ".join(str(e) for e in printed), "; ".join(str(e) for e in computed),
        first_two and third,
        erratum="the third eigenvalue has no term -P_e gov kappa e_A: kappa enters the "
                "government's payoff identically whether it regulates or not, so it cancels; "
                "the authors' own simplified condition 5 (C_G1 < G_0 + G_1 + beta(P_A + "
                "P_e(1 - e_A)(1 - gov))) is the computed eigenvalue < 0")


def _wang_transition_checks(model: PopulationGame) -> Reproduction:
    """The key conditions of stages 2 and 4 against the eigenvalues they come from."""
    v = _wang_symbols()
    eA, P_e, gov, a = v["e_A"], v["P_e"], v["gov"], v["alpha"]
    P = v["P_A"] + P_e * (1 - eA) * (1 - gov)
    at_D = model.vertex_eigenvalues(_wang_profile((0, 0, 1)))[0]
    stage_2 = ((a + v["beta"]) * P + eA * v["R_c"] - eA * v["C_A"] * (1 - v["gamma"])
               - P_e * eA * (1 - gov))
    at_H = model.vertex_eigenvalues(_wang_profile((1, 1, 1)))[2]
    printed_4 = (v["C_G1"] + a * P + v["C_B1"] * v["delta"] * v["epsilon"]
                 - (v["G_1"] + v["G_0"]) * (v["theta"] + 1) ** 2)
    corrected_4 = (v["C_G1"] + a * P + v["C_B1"] * v["delta"] * v["epsilon"]
                   - (v["G_1"] + v["G_0"]) * (v["theta"] + 1))
    ok_2 = sp.expand(at_D - stage_2) == 0
    ok_4 = sp.expand(at_H - corrected_4) == 0 and sp.expand(at_H - printed_4) != 0
    return Reproduction(
        "stage 2, D -> F: (alpha + beta)(P_A + P_e(1 - e_A)(1 - gov)) + e_A R_c - "
        "e_A C_A(1 - gamma) > P_e e_A(1 - gov) (D's first eigenvalue > 0); stage 4, H -> E "
        "(condition 7): (G_1 + G_0)(theta + 1)(theta + 1) < C_G1 + alpha(P_A + "
        "P_e(e_A - 1)(gov - 1)) + C_B1 delta epsilon (H's third eigenvalue > 0)",
        "stage 2 condition; condition 7 with (theta + 1)^2",
        f"D: lambda_1 = {at_D}; H: lambda_3 = {at_H}", ok_2 and ok_4,
        erratum="condition 7 as transcribed in the authors' code has (theta + 1) twice; the "
                "payoff table gives the reputation terms (G_0 + G_1)(1 + theta) once (the "
                "reputation gain G_1 and loss G_0 are each scaled by 1 + theta when the public "
                "participates)")


def _gallery() -> dict[str, PublishedGame]:
    """The published games, by name (one long function: a table, one record per game, each
    with its source, its printed payoffs and the results the source states)."""
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
        PublishedGame(
            "air_pollution_wang2023",
            "Enterprises, the public and the government in air-pollution control",
            "Wang, J., Jia, L., He, P., Wang, P. and Huang, L. (2023), 'Engaging stakeholders "
            "in collaborative control of air pollution: a tripartite evolutionary game of "
            "enterprises, public and government', Journal of Cleaner Production 418, 138074, "
            "doi:10.1016/j.jclepro.2023.138074 (Table 1 parameters, Table 3 eigenvalues, "
            "Scenario 4 and the conditions of Figure 2), transcribed from the first author's "
            "public replication code (github.com/Carl723000/A-Tripartite-Evolutionary-Game-"
            "of-Enterprises-Public-and-Government, Evolutionary_Game.m and differential.m, "
            "2023), which states that its parameters are the paper's; the paper's pages were "
            "not read here",
            "enterprises control pollution (x) or not, the public participates (y) or not, the "
            "government regulates (z) or not; P = P_A + (1 - e_A)(1 - gov) P_e. Enterprise: "
            "control (1 + eta[y]) P_A + (1 - e_A)(1 - gov) P_e - e_A(1 - gamma) C_A + e_A R_c "
            "+ alpha P[z]; no control P_A + (1 - gov) P_e - beta P[z]. Public: participate "
            "health + lambda C_H[no control] + zeta R_p - (1 - epsilon[z]) delta C_B1; not "
            "health - C_B0 (health (1 - e_A) C_H under control, C_H otherwise). Government: "
            "regulate env + G_1(1 + theta[y]) - C_G1 - alpha P[control] + beta P[no control] - "
            "epsilon delta C_B1[y]; not env - G_0(1 + theta[y]) (env = (1 - kappa)(e_A - 1) C_E "
            "+ kappa(1 - e_A) gov P_e under control, -(1 - kappa) C_E + kappa gov P_e "
            "otherwise); [.] = only when that strategy is played",
            _wang_game,
            (_wang_printed_equations, _wang_eigenvalue_check, _wang_transition_checks,
             *(_wang_ess_check(statement, changes, vertex)
               for statement, changes, vertex in _WANG_STAGES)),
            values=MappingProxyType(dict(_WANG_BASE))),
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
                            "computed": r.computed, "agrees": r.agrees,
                            "erratum": r.erratum})
    return pd.DataFrame.from_records(records)


__all__ += ["reproduction_table"]
