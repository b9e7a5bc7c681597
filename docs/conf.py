"""Sphinx configuration of the ica_model documentation.

Sphinx (not MkDocs) because the docstrings are numpy-style reStructuredText with
``:math:`` and cross-reference roles, which autodoc and napoleon render natively; the
narrative pages are Markdown (MyST). ``make test`` builds with ``-W``: warnings are errors.
"""

from importlib.metadata import version as _version

project = "ica_model"
author = "ica_model developers"
copyright = "2026, ica_model developers"
release = _version("ica_model")

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_ivar = True          # "Attributes" as fields: no duplicate attribute entries
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_typehints = "description"

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "ica_model"
