"""The package's import structure: no import cycle, one home for the ODE solver call."""

from __future__ import annotations

import ast
from pathlib import Path

import ica_model

ROOT = Path(ica_model.__file__).parent


def _module_name(path: Path) -> str:
    parts = ("ica_model", *path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in ROOT.rglob("*.py")}


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and (
        getattr(node.test, "id", None) == "TYPE_CHECKING"
        or getattr(node.test, "attr", None) == "TYPE_CHECKING")


def _run_time_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` except those under ``if TYPE_CHECKING:`` (never run)."""
    found: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(child for child in ast.iter_child_nodes(node)
                     if not _is_type_checking(child))
    return found


def _top_level_imports(name: str, path: Path, modules: dict[str, Path],
                       lazy: bool = False) -> set[str]:
    """The ica_model modules ``name`` imports when it is imported (not lazily, not for
    type checking only); with ``lazy``, also those its functions import (still not those
    for type checking only)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text())
    for node in (_run_time_nodes(tree) if lazy else tree.body):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            module = (f"{base}.{node.module}" if node.module else base) if node.level \
                else (node.module or "")
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    # a submodule naming its own package (``from . import sibling``) finds it initialising
    return {m for m in found if m in modules and m != name and not name.startswith(f"{m}.")}


def _graph(lazy: bool = False) -> dict[str, set[str]]:
    modules = _modules()
    return {name: _top_level_imports(name, path, modules, lazy) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target):], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_between_modules() -> None:
    graph = _graph()
    assert len(graph) > 20
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_no_import_cycle_even_inside_functions() -> None:
    """No cycle anywhere when the imports inside functions count too: a function-level
    import that breaks a cycle at import time hides two modules that need each other (the
    evolutionary engine's game and system, its assumptions and tables, and the cases with
    the calibration that reproduces their representative draw were such pairs)."""
    graph = _graph(lazy=True)
    assert len(graph) > 100
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])
    engine = {name: {m for m in targets if m.startswith("ica_model.engine")}
              for name, targets in graph.items() if name.startswith("ica_model.engine")}
    evolutionary = "ica_model.engine.evolutionary"
    # the numeric dynamics sit on the symbolic system: one engine, one direction
    assert f"{evolutionary}.game" in engine[f"{evolutionary}.dynamics"]
    assert not any(m.startswith(evolutionary) for m in engine[f"{evolutionary}.restpoints"])


def test_the_lazy_cycle_finder_sees_function_level_imports(tmp_path, monkeypatch) -> None:
    """The lazy graph counts an import inside a function and skips ``TYPE_CHECKING`` ones."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from . import b\n")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\nfrom . import a\n"
                                  "if TYPE_CHECKING:\n    from . import c\n")
    (package / "c.py").write_text("")
    modules = {f"pkg.{n}": package / f"{n}.py" for n in "abc"}
    lazy = {n: _top_level_imports(n, p, modules, lazy=True) for n, p in modules.items()}
    eager = {n: _top_level_imports(n, p, modules) for n, p in modules.items()}
    assert _cycle(lazy) == ["pkg.a", "pkg.b", "pkg.a"] and _cycle(eager) is None
    assert "pkg.c" not in lazy["pkg.b"]


def test_the_cases_sit_between_the_model_and_the_analyses() -> None:
    """The named cases (``ica_model.cases``) are built on the model; nothing in the engine
    or the model imports them, and they import no analysis or experiment, not even inside
    a function (the calibration that reproduces a representative draw is the analyses':
    :func:`ica_model.analysis.calibration.reproduce_representative`)."""
    modules = _modules()
    for name, path in modules.items():
        lazy = _top_level_imports(name, path, modules, lazy=True)
        if name.startswith(("ica_model.engine", "ica_model.model")):
            assert not any(m.startswith("ica_model.cases") for m in lazy), name
        if name.startswith("ica_model.cases"):
            assert not any(m.startswith(("ica_model.analysis", "ica_model.experiments"))
                           for m in lazy), name
    assert "ica_model.model.parameters" in _top_level_imports(
        "ica_model.cases.g60_corridor", modules["ica_model.cases.g60_corridor"], modules)


def test_the_histories_sit_above_the_cases_and_beside_the_analyses() -> None:
    """The paths through a case's years (``ica_model.history``) read the cases and the
    model; nothing below them imports them, and they import no analysis, experiment or
    command, not even inside a function (``history.path`` imported the calibration's prior
    design from the analyses, and the cases imported the history records from
    ``history``: the design is :func:`ica_model.model.facts.prior_sample`, the records
    :mod:`ica_model.model.history_records`)."""
    modules = _modules()
    below = ("ica_model.engine", "ica_model.model", "ica_model.cases", "ica_model.runtime")
    above = ("ica_model.analysis", "ica_model.experiments", "ica_model.cli")
    for name, path in modules.items():
        lazy = _top_level_imports(name, path, modules, lazy=True)
        if name.startswith(below):
            assert not any(m.startswith("ica_model.history") for m in lazy), name
        if name.startswith("ica_model.history"):
            assert not any(m.startswith(above) for m in lazy), name
    assert "ica_model.cases" in _top_level_imports(
        "ica_model.history.path", modules["ica_model.history.path"], modules, lazy=True)


def test_solve_ivp_is_called_from_one_module() -> None:
    callers = sorted(name for name, path in _modules().items() if "solve_ivp(" in path.read_text())
    assert len(callers) == 1, callers


def test_no_import_hooks_and_no_assert_at_import() -> None:
    """The package installs no import hook (``sys.meta_path``) and checks nothing with a
    module-level ``assert`` (skipped under ``python -O``; such checks are tests)."""
    for name, path in _modules().items():
        source = path.read_text()
        assert "meta_path" not in source, name
        assert not any(isinstance(node, ast.Assert) for node in ast.parse(source).body), name


#: What the runtime layer may not import: the layers that know the model.
_ABOVE_RUNTIME = ("ica_model.model", "ica_model.analysis", "ica_model.experiments",
                  "ica_model.cases", "ica_model.engine", "ica_model.diffusion", "ica_model.cli")


def _every_import(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports anywhere (top level, in functions, lazily), with
    ``importlib.import_module("...")`` of a literal name counted too."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            module = (f"{base}.{node.module}" if node.module else base) if node.level \
                else (node.module or "")
            found |= {module, *(f"{module}.{alias.name}" for alias in node.names)}
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "import_module" \
                and node.args and isinstance(node.args[0], ast.Constant):
            found.add(str(node.args[0].value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                node.value.startswith("ica_model.") and " " not in node.value:
            found.add(node.value)                 # a module named in a string, to be imported
    return found


def _runtime_violations(modules: dict[str, Path]) -> list[str]:
    return sorted(f"{name} imports {target}" for name, path in modules.items()
                  if name.startswith("ica_model.runtime")
                  for target in _every_import(name, path)
                  if target == "ica_model" or target.startswith(_ABOVE_RUNTIME)
                  or target == "ica_model.__version__")


def test_the_runtime_layer_knows_no_model(tmp_path) -> None:
    """Nothing under ``ica_model/runtime/`` imports the model, the engine, the analyses,
    the experiments, the cases or the package root (which imports them all), even lazily."""
    modules = _modules()
    assert any(name.startswith("ica_model.runtime.") for name in modules)
    assert _runtime_violations(modules) == []
    # the check finds a lazy import, a relative one and a named module
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from ..model import points\n"
                   "    import importlib\n    importlib.import_module('ica_model.analysis.x')\n")
    assert _runtime_violations({"ica_model.runtime.bad": bad}) == [
        "ica_model.runtime.bad imports ica_model.analysis.x",
        "ica_model.runtime.bad imports ica_model.model",
        "ica_model.runtime.bad imports ica_model.model.points"]


#: Public names still defined in two modules, each for a reason: ``main`` is each program's;
#: ``lemke_howson`` and ``popcount`` are numba kernels beside their numpy twins (tested
#: against each other); ``Certificate`` and ``Fact`` name a sign proof and an assumed sign
#: in the workbench, a monotonicity proof and a case's observed fact in the model; ``base``
#: is each case module's protocol. (``simulate`` was three models' entry: it is
#: ``simulate_history``, ``simulate_diffusion`` and ``simulate_replicator``.)
_DEFINED_TWICE = {"main", "lemke_howson", "popcount", "Certificate", "Fact", "base"}


def _public_definitions() -> dict[str, list[str]]:
    """Each public function or class name defined at a module's top level -> the modules,
    the experiments left out (each defines its ``compute``, ``figure`` and ``run``)."""
    homes: dict[str, list[str]] = {}
    for name, path in _modules().items():
        if name.startswith("ica_model.experiments."):
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                homes.setdefault(node.name, []).append(name)
    return homes


def test_each_public_name_is_defined_once() -> None:
    """One home per concept: no public function or class is defined under the same name in
    two modules (``Grid``/``RandomSample`` lived in the sweeps and the runtime, ``basins``
    in two evolutionary modules, ``coalition_stability`` in the engine and the analyses),
    except the few of :data:`_DEFINED_TWICE`."""
    twice = {name: modules for name, modules in _public_definitions().items()
             if len(modules) > 1}
    assert set(twice) <= _DEFINED_TWICE, {n: m for n, m in twice.items()
                                          if n not in _DEFINED_TWICE}
    homes = _public_definitions()
    for name, module in (("Grid", "ica_model.runtime.designs"),
                         ("basins", "ica_model.engine.evolutionary.dynamics"),
                         ("coalition_stability", "ica_model.engine.coalitions"),
                         ("simulate_history", "ica_model.history.path"),
                         ("simulate_diffusion", "ica_model.diffusion.model"),
                         ("simulate_replicator", "ica_model.engine.evolutionary.simulation")):
        assert homes[name] == [module], name
    assert "simulate" not in homes


def test_deleted_names_stay_deleted() -> None:
    """Dead code the redesign removed does not come back with a merge (one did)."""
    for name, path in _modules().items():
        source = path.read_text()
        for dead in ("calibrated_scenario", "_labels_to_q", "OKABE_ITO"):
            assert dead not in source, (name, dead)


def test_the_wilson_interval_has_one_home() -> None:
    """Every interval around a share comes from :func:`ica_model.stats.wilson_interval` (it
    was computed four ways: two hand-written formulas, a third with exact ends, and scipy's
    ``proportion_ci``; the experiments included)."""
    homes = set()
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.FunctionDef) and "wilson" in node.name.lower()) or (
                    isinstance(node, ast.Attribute) and node.attr == "proportion_ci"):
                homes.add(name)
    assert homes == {"ica_model.stats"}, homes
