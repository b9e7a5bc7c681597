"""Every code example of the documentation runs: ``pycon`` blocks are doctests (collected
by pytest's ``--doctest-glob=*.md``), ``python`` blocks are executed here, in order, one
namespace per page, in a scratch folder. A block that needs what the tests cannot have
(a cluster of several machines) is fenced as ``{code-block} python``: shown, not run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "```python" in p.read_text())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_python_blocks_run(page: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S):
        exec(compile(block, str(page), "exec"), namespace)


def test_every_page_is_in_a_toctree() -> None:
    index = (DOCS / "index.md").read_text()
    for page in DOCS.rglob("*.md"):
        if page.name != "index.md":
            assert str(page.relative_to(DOCS).with_suffix("")) in index, page


def test_every_docs_figure_is_made_by_an_experiment() -> None:
    from ica_model.experiments import EXPERIMENTS

    for figure in re.findall(r"\]\((?:\.\./)?figures/([^)]+)\.png\)", "".join(
            p.read_text() for p in DOCS.rglob("*.md"))):
        assert figure.split("_")[0] in {e.split("_")[0] for e in EXPERIMENTS}, figure
        assert (DOCS / "figures" / f"{figure}.png").exists(), figure
