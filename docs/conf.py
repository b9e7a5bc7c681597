"""Sphinx configuration of the ica_model documentation.

Sphinx (not MkDocs) because the docstrings are numpy-style reStructuredText with
``:math:`` and cross-reference roles, which autodoc and napoleon render natively; the
narrative pages are Markdown (MyST). ``make test`` builds with ``-W``: warnings are errors.

The built site needs no network when it is read: MathJax is copied into it
(``_ext/offline_mathjax.py``), figures link to their full-size PNG and SVG
(``_ext/figure_links.py``), and the API pages are generated from the package
(``_ext/api_pages.py``). ``tests/test_docs_site.py`` checks all three.

The gallery's pages (``gallery/``) are notebooks stored as MyST markdown, without outputs:
myst-nb runs them when the site is built, through a jupyter-cache folder
(``nb_execution_cache_path``) that ``tests/smoke/test_docs_gallery.py`` fills when it runs
them, so ``make test`` executes each notebook once and the builds after it reuse the outputs.
"""

import sys
from importlib.metadata import version as _version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "ica_model"
author = "ica_model developers"
copyright = "2026, ica_model developers"
release = _version("ica_model")

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "myst_nb",           # MyST markdown, and the gallery's notebooks executed (myst-parser inside)
    "sphinx_copybutton",
    "offline_mathjax",   # sphinx.ext.mathjax with MathJax served from _static
    "figure_links",
    "api_pages",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb"}
exclude_patterns = ["_build", "_ext", "_extra", "Thumbs.db", ".DS_Store"]
# Files copied to the site's root as they are: the offline explorer (explorer.html, built by
# ``python -m ica_model.explorer docs/_extra/explorer.html``).
html_extra_path = ["_extra"]

# The API reference: one generated page per public module of the package
# (docs/reference/api/, ignored by git); nothing is listed by hand.
api_pages_package = "ica_model"
autosummary_generate = False   # the pages come from api_pages; autosummary only draws tables

napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_ivar = True          # "Attributes" as fields: no duplicate attribute entries
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_typehints = "description"

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]

# The gallery's notebooks (pages with ``file_format: mystnb`` and a kernelspec; every other
# page is plain MyST) run at build time, their outputs cached by the hash of their code.
nb_execution_mode = "cache"
nb_execution_cache_path = str(Path(__file__).resolve().parents[1] / "build" / "jupyter_cache")
nb_execution_timeout = 120            # seconds per cell
nb_execution_raise_on_error = True    # a notebook that fails fails the build
nb_execution_show_tb = True
nb_merge_streams = True
myst_heading_anchors = 3

# Copy only the code of an example, not its prompts or output.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True

html_theme = "furo"
html_title = "ica_model"

# In numpy-style types such as "ndarray, shape (V, n)" the word "shape" is prose, but Sphinx
# looks it up as a Python object and finds the ``shape`` properties of two game classes.
suppress_warnings = ["ref.python"]
