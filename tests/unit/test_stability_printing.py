"""The stability table prints its "ESS if" conditions factored, as papers print them:
factors of known sign (declared signs and assumptions) divided out, in the frame, the
LaTeX and the Markdown alike."""

from __future__ import annotations

import sympy as sp

from ica_model.engine.evolutionary import PopulationGame, stability_table


def _game() -> PopulationGame:
    # row's gain from "a" is alpha*(V2 - V1) against "c" and alpha*(V2 - V1) - K against "d"
    a, V1, V2, K, c = sp.symbols("alpha V1 V2 K c", positive=True)
    table = {("a", "c"): (a * V2, c), ("a", "d"): (a * V2 - K, 0),
             ("b", "c"): (a * V1, 0), ("b", "d"): (a * V1, c)}
    return PopulationGame.from_table(table, populations=("row", "column"))


def test_the_condition_is_factored_with_positive_factors_divided_out() -> None:
    game = _game()
    table = stability_table(game, witnesses=False)
    conditional = [r for r in table.rows if r.stability.startswith("ESS if")]
    assert conditional
    texts = {str(r.condition) for r in conditional}
    # alpha*(V1 - V2) < 0 is printed V1 < V2, never alpha*V1 < alpha*V2
    assert any("V1 < V2" in t or "V2 > V1" in t for t in texts), texts
    assert not any("V1*alpha < V2*alpha" in t for t in texts), texts
    # an irreducible condition stays as it is
    assert "V2*alpha < K + V1*alpha" in texts, texts
    latex = table.to_latex()
    assert r"V_{1} < V_{2}" in latex, latex
    assert r"V_{1} \alpha < V_{2} \alpha" not in latex
    frame = table.to_frame()
    assert "V1 < V2" in {str(v) for v in frame["condition"]}


def test_an_assumption_divides_out_a_factor_of_known_sign() -> None:
    """(V2 - V1) is positive under the assumption V2 > V1: the condition that remains
    is the other factor's."""
    x, y = sp.symbols("x y", real=True)
    b, d = sp.symbols("b d", positive=True)
    table = {("a", "c"): ((y - x) * (d - b), 1), ("a", "d"): (1, 0),
             ("b", "c"): (0, 0), ("b", "d"): (0, 1)}
    game = PopulationGame.from_table(table, variables=["p", "q"])
    plain = stability_table(game, witnesses=False)
    assumed = stability_table(game, [y > x], witnesses=False)
    row_plain = plain.row("E4") if plain.row("E4").stability.startswith("ESS if") else None
    conditions = {r.label: str(r.condition) for r in assumed.rows
                  if r.stability.startswith("ESS if")}
    assert conditions, [(r.label, r.stability) for r in assumed.rows]
    assert all("x" not in text and "y" not in text for text in conditions.values()), conditions
    assert any("b" in text and "d" in text for text in conditions.values()), conditions
    assert row_plain is None or "x" in str(row_plain.condition)


def test_plot_draws_each_rows_signs_and_stability_and_returns_the_axes() -> None:
    """The chart has a cell per eigenvalue coloured and marked by its sign, and each row's
    stability; at numbers, the signs and labels of :meth:`StabilityTable.at`."""
    from matplotlib.figure import Figure

    c, f, g = sp.symbols("c f g", positive=True)
    game = PopulationGame.from_table(
        {("inspect", "cheat"): (f - c, g - f), ("inspect", "comply"): (-c, 0),
         ("trust", "cheat"): (-g, g), ("trust", "comply"): (0, 0)}, title="inspection")
    table = stability_table(game)
    ax = Figure().add_subplot()
    assert table.plot(ax) is ax
    texts = [t.get_text() for t in ax.texts]
    expected_marks = [{"-": "−", "+": "+", "0": "0", "×": "?"}[s]
                      for row in table.rows for s in row.signs]
    assert [t for t in texts if t in "−+0?"] == expected_marks
    assert [t for t in texts if t not in "−+0?"] == [row.stability for row in table.rows]
    assert len(ax.patches) == sum(len(row.signs) for row in table.rows)
    assert [t.get_text() for t in ax.get_yticklabels()] == \
        [f"{row.label} {row.point_text}" for row in table.rows]
    # at numbers: every vertex is a saddle of the inspection game with f > g > c
    numeric = table.plot(values={c: 1, f: 3, g: 2})
    assert numeric is not ax
    labels = [t.get_text() for t in numeric.texts if t.get_text() not in "−+0?"]
    assert labels == list(table.at({c: 1, f: 3, g: 2})["stability"])
    assert "?" not in [t.get_text() for t in numeric.texts]
