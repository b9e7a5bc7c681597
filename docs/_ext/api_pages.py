"""Generate the API reference: one page per public module, found by walking the package.

No module is named by hand: ``api_pages_package`` (the top package) is walked with
``pkgutil`` at the start of every build, so a module that is added, renamed or moved
gets its page and a stale page is removed. Modules and packages whose name has a part
starting with ``_`` are private and get no page.

Each public name is documented exactly once, on the page of its *home* module: the
module that defines it (``obj.__module__`` for classes and functions, the module whose
source assigns it for data), if that module is public and exports the name; otherwise
the shallowest public module that exports it. A module exports the names in its
``__all__`` or, without one, its public names defined in it. A package that re-exports
names from its submodules (the top package does, for ``import ica_model as ica``) lists
them in a table that links to their home page, so they are not documented twice (Sphinx
would otherwise document ``ica_model.pure_equilibria`` and
``ica_model.solvers.pure.pure_equilibria`` as two objects).

The pages are written to ``api_pages_folder`` (``reference/api`` below the docs source
folder, ignored by git); a file is rewritten only when its text changes, so an unchanged
package does not make Sphinx reread the pages.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


@dataclass
class Module:
    name: str
    module: ModuleType
    is_package: bool
    exports: list[str] = field(default_factory=list)
    own: list[str] = field(default_factory=list)                 # documented here
    elsewhere: dict[str, str] = field(default_factory=dict)      # name -> home target
    children: list[str] = field(default_factory=list)


def _is_private(name: str) -> bool:
    return any(part.startswith("_") for part in name.split("."))


def walk(package: str) -> dict[str, Module]:
    """Every public module of ``package`` (itself included), in walk order."""
    top = importlib.import_module(package)
    modules = {package: Module(package, top, True)}
    for info in pkgutil.walk_packages(top.__path__, prefix=f"{package}.",
                                      onerror=lambda name: None):
        if _is_private(info.name):
            continue
        try:
            module = importlib.import_module(info.name)
        except Exception as error:  # a warning (an error under -W) that names the module
            logger.warning("api_pages: cannot import %s, so it gets no page: %s: %s",
                           info.name, type(error).__name__, error)
            continue
        modules[info.name] = Module(info.name, module, info.ispkg)
    for name in modules:
        parent = name.rpartition(".")[0]
        if parent in modules:
            modules[parent].children.append(name)
    return modules


def _assigned_names(module: ModuleType) -> set[str]:
    """Names a module's own source binds at its top level (not its imports)."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):  # no source: fall back to __module__ only
        return set()
    names: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names.update(node.id for target in targets for node in ast.walk(target)
                         if isinstance(node, ast.Name))
    return names


def _exports(module: Module, assigned: set[str]) -> list[str]:
    public = getattr(module.module, "__all__", None)
    if public is not None:
        return [str(name) for name in public]
    names = []
    for name, value in vars(module.module).items():
        if name.startswith("_") or inspect.ismodule(value):
            continue
        if getattr(value, "__module__", None) == module.name or (
                not hasattr(value, "__module__") and name in assigned):
            names.append(name)
    return names


def _defining_module(value: object, name: str, exporters: list[str],
                     assigned: dict[str, set[str]]) -> str | None:
    """The module that defines ``value``: ``__module__``, else the one assigning ``name``."""
    if (inspect.isclass(value) or inspect.isroutine(value)) and getattr(value, "__module__", None):
        return value.__module__
    for exporter in exporters:
        if name in assigned[exporter]:
            return exporter
    return None


def plan(package: str) -> dict[str, Module]:
    """Walk ``package`` and decide on which page each public name is documented."""
    modules = walk(package)
    assigned = {name: _assigned_names(module.module) for name, module in modules.items()}
    for module in modules.values():
        module.exports = [n for n in _exports(module, assigned[module.name])
                          if not inspect.ismodule(getattr(module.module, n, None))]
    for module in modules.values():
        missing = [n for n in module.exports if not hasattr(module.module, n)]
        if missing:
            logger.warning("api_pages: %s.__all__ names %s, which it does not define",
                           module.name, missing)
            module.exports = [n for n in module.exports if n not in missing]
    # every module that exports each object (under the same name), shallowest first
    exporters: dict[tuple[int, str], list[str]] = {}
    for module in sorted(modules.values(), key=lambda m: (m.name.count("."), m.name)):
        for name in module.exports:
            key = (id(getattr(module.module, name)), name)
            exporters.setdefault(key, []).append(module.name)
    for module in modules.values():
        for name in module.exports:
            value = getattr(module.module, name)
            candidates = exporters[(id(value), name)]
            home = _defining_module(value, name, candidates, assigned)
            if home not in modules or name not in modules[home].exports:
                home = candidates[0]
            if home == module.name:
                module.own.append(name)
            else:
                module.elsewhere[name] = f"{home}.{name}"
    return modules


def render(module: Module) -> str:
    """The reStructuredText of one module's page."""
    lines = [module.name, "=" * len(module.name), "",
             f".. automodule:: {module.name}"]
    lines += [f"   :members: {', '.join(module.own)}"] if module.own else ["   :no-members:"]
    lines.append("")
    if module.elsewhere:
        lines += [".. rubric:: Also importable from here", "",
                  "Documented on the page of the module that defines them.", "",
                  ".. currentmodule:: None", "",  # the table's names are absolute
                  ".. autosummary::", ""]
        lines += [f"   ~{target}" for target in module.elsewhere.values()]
        lines.append("")
    if module.children:
        kind = "Subpackages and modules" if module.is_package else "Modules"
        lines += [".. rubric:: " + kind, "", ".. toctree::", "   :maxdepth: 1", ""]
        lines += [f"   {child}" for child in module.children]
        lines.append("")
    return "\n".join(lines)


def write_pages(app: Sphinx) -> None:
    folder = Path(app.srcdir) / app.config.api_pages_folder
    folder.mkdir(parents=True, exist_ok=True)
    modules = plan(app.config.api_pages_package)
    wanted = {folder / f"{name}.rst": render(module) for name, module in modules.items()}
    for stale in set(folder.glob("*.rst")) - set(wanted):
        stale.unlink()
        logger.info("api_pages: removed %s (module gone)", stale.name)
    for path, text in wanted.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx.ext.autodoc")
    app.setup_extension("sphinx.ext.autosummary")
    app.add_config_value("api_pages_package", "", "env", types=frozenset({str}))
    app.add_config_value("api_pages_folder", "reference/api", "env", types=frozenset({str}))
    app.connect("builder-inited", write_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
