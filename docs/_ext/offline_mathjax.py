"""Serve MathJax from the built site, so formulas render with no network at view time.

The MathJax 3 files come from the PyPI package ``sphinx-mathjax-offline`` (a data package
of the MathJax 3.2.2 distribution, installed with the ``docs`` extra like every other
docs dependency, so a fresh machine needs nothing but pip). Only its files are used, not
its Sphinx hook: this extension copies the SVG-output bundle ``tex-svg.js`` and the
components MathJax loads on demand (TeX extensions, the menu, accessibility) into
``_static/mathjax`` and points ``sphinx.ext.mathjax`` at it.

SVG output rather than CommonHTML: SVG draws the glyphs as paths, so no web font is
loaded, and web fonts are what a browser may refuse on a ``file://`` page (Firefox
allows a font only from the page's own folder or below, and ``_static`` is a parent's
sibling for every page in a sub-folder).
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

#: The package that ships MathJax, and where its files lie inside it.
PACKAGE = "sphinx-mathjax-offline"
#: The bundle the pages load and the folders of components it loads on demand.
BUNDLE = "tex-svg.js"
COMPONENTS = ("input", "ui", "a11y", "sre", "adaptors")
#: Where the files go in the built site, below ``_static``.
TARGET = "mathjax"


def mathjax_source() -> Path:
    """The folder of MathJax files inside the installed ``sphinx-mathjax-offline``."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ExtensionError(f"offline MathJax needs the package {PACKAGE!r}: "
                             f"pip install -e '.[docs]'")
    folder = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax"
    if not (folder / BUNDLE).is_file():
        raise ExtensionError(f"no {BUNDLE} in {folder}: the layout of {PACKAGE} has changed")
    return folder


def _use_local_mathjax(app: Sphinx, config) -> None:
    mathjax_source()  # fail at the start of the build, not after it
    config.mathjax_path = f"{TARGET}/{BUNDLE}"


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source, target = mathjax_source(), Path(app.outdir) / "_static" / TARGET
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / BUNDLE, target / BUNDLE)
    for folder in COMPONENTS:
        shutil.copytree(source / folder, target / folder, dirs_exist_ok=True)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx.ext.mathjax")
    app.connect("config-inited", _use_local_mathjax)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
