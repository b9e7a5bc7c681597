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


def _top_level_imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The ica_model modules ``name`` imports when it is imported (not lazily, not for
    type checking only)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.parse(path.read_text()).body:
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


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _top_level_imports(name, path, modules) for name, path in modules.items()}


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
