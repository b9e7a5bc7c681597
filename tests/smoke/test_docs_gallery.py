"""The notebook gallery (docs/gallery/): every notebook runs from top to bottom in a fresh
Jupyter kernel, within its time budget, with no error and nothing written to standard
error (a warning is a defect a reader would see on the page).

The executed notebooks go into the documentation's jupyter-cache folder (``docs/conf.py``:
``nb_execution_cache_path``), keyed by the hash of their code cells as myst-nb keys them,
so the Sphinx builds that follow (``tests/smoke/test_docs_site.py``, then ``make test``'s
own) show these outputs instead of running the notebooks again. The file's name sorts
before ``test_docs_site.py`` for that reason."""

from __future__ import annotations

import functools
import runpy
from pathlib import Path

import pytest

pytest.importorskip("myst_nb")

DOCS = Path(__file__).resolve().parents[2] / "docs"
NOTEBOOKS = sorted(p for p in (DOCS / "gallery").glob("*.md")
                   if "file_format: mystnb" in p.read_text(encoding="utf-8"))
#: Seconds per notebook: the four run in ~5-15 s each on one free core (the whole gallery
#: must stay well under a minute of CI).
BUDGET = 90


@functools.cache
def cache_folder() -> str:
    """The docs' jupyter-cache folder, as docs/conf.py sets it (read once)."""
    return runpy.run_path(str(DOCS / "conf.py"))["nb_execution_cache_path"]


def test_the_gallery_has_its_four_notebooks() -> None:
    assert {p.stem for p in NOTEBOOKS} == {"g60-corridor", "yangtze-river-delta",
                                           "your-own-region", "tripartite-game"}


@pytest.mark.timeout(BUDGET)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebook_runs_cleanly(path: Path) -> None:
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.executors.utils import single_nb_execution
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook(path.read_text(encoding="utf-8"))
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    result = single_nb_execution(notebook, cwd=str(path.parent), allow_errors=False,
                                 timeout=BUDGET, meta_override=True)
    assert result.err is None, result.exc_string
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[-1].outputs, "the last cell shows its result"
    for cell in code:
        for output in cell.outputs:
            assert output.output_type != "error", output
            assert output.get("name") != "stderr", (cell.source, output.get("text"))
    cache = get_cache(cache_folder())
    cache.cache_notebook_bundle(CacheBundleIn(notebook, str(path), data={
        "execution_seconds": result.time}), check_validity=False, overwrite=True)
    assert cache.match_cache_notebook(notebook) is not None
