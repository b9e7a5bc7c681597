"""The built documentation site: readable offline, figures linked, API generated.

The site is built once per session with warnings as errors, in a subprocess (Sphinx keeps
global state), into a temporary folder. The oracle for "offline" is the HTML itself: no
page or stylesheet may load a script, stylesheet, image or font from another host, so
nothing is fetched when the site is read from disk. That the maths then renders was
checked by eye in headless Chromium, which CI does not need.
"""

from __future__ import annotations

import base64
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("myst_parser")
pytest.importorskip("furo")
pytest.importorskip("sphinx_copybutton")

DOCS = Path(__file__).resolve().parents[2] / "docs"
PACKAGE = "ica_model"
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
#: Attributes through which a page loads something (links a reader follows do not count).
LOADING = {"script": ("src",), "link": ("href",), "img": ("src", "srcset"),
           "iframe": ("src",), "source": ("src", "srcset"), "video": ("src", "poster"),
           "audio": ("src",), "embed": ("src",), "object": ("data",), "input": ("src",)}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)
ONE_PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC")

if not (DOCS / "conf.py").is_file():  # e.g. the tests run against an installed wheel
    pytest.skip("no docs/ source folder beside the tests", allow_module_level=True)


def build(source: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q",
                           "-b", "html", str(source), str(out)],
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = build(DOCS, out)
    assert done.returncode == 0, f"sphinx -W failed:\n{done.stdout}\n{done.stderr}"
    return out


class Loads(HTMLParser):
    """Every URL an HTML page loads (scripts, stylesheets, images, frames) and its inline CSS."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in LOADING.get(tag, ()):
            value = values.get(name)
            if value:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()] \
                    if name == "srcset" else [value]
        if values.get("style"):
            self.css.append(values["style"] or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def loads(page: Path) -> Loads:
    parser = Loads()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    external = {}
    for page in pages:
        found = loads(page)
        urls = found.urls + [u for css in found.css for u in CSS_URL.findall(css)]
        bad = [u for u in urls if EXTERNAL.match(u)]
        if bad:
            external[str(page.relative_to(site))] = bad
    for sheet in sorted(site.rglob("*.css")):
        bad = [u for u in CSS_URL.findall(sheet.read_text(encoding="utf-8")) if EXTERNAL.match(u)]
        if bad:
            external[str(sheet.relative_to(site))] = bad
    assert not external, f"external resources: {external}"


def test_maths_is_typeset_by_a_mathjax_shipped_in_the_site(site: Path) -> None:
    page = site / "explanation" / "model.html"
    scripts = [u.split("?")[0] for u in loads(page).urls if "mathjax" in u.lower()]
    assert scripts == ["../_static/mathjax/tex-svg.js"]
    assert (page.parent / scripts[0]).resolve().is_file()
    # the TeX extensions MathJax loads on demand are there too
    assert (site / "_static" / "mathjax" / "input" / "tex" / "extensions" / "ams.js").is_file()
    assert r"\(n \ge 2\)" in page.read_text(encoding="utf-8")  # left for MathJax to typeset


def test_code_blocks_have_a_copy_button(site: Path) -> None:
    assert "_static/copybutton.js" in [u.split("?")[0] for u in loads(site / "tutorial.html").urls]
    assert (site / "_static" / "copybutton.js").is_file()


def test_every_figure_links_to_its_full_size_png(site: Path) -> None:
    page = site / "explanation" / "case-studies.html"
    html = page.read_text(encoding="utf-8")
    shown = re.findall(r'<img[^>]*src="[^"]*_images/([\w-]+)\.png"', html)
    assert len(shown) >= 8
    for name in shown:
        assert f'class="figure-full-size reference internal" href="../figures/{name}.png"' in html
        assert (site / "figures" / f"{name}.png").is_file()
        svg = (DOCS / "figures" / f"{name}.svg").is_file()
        assert (f'href="../figures/{name}.svg">SVG</a>' in html) == svg


def test_figure_links_offer_the_svg_only_where_it_exists(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "figures").mkdir(parents=True)
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(DOCS / '_ext')!r})\n"
        "extensions = ['myst_parser', 'figure_links']\n", encoding="utf-8")
    (source / "index.md").write_text(
        "# Figures\n\n![with svg](figures/both.png)\n\n![png only](figures/png_only.png)\n",
        encoding="utf-8")
    for name in ("both.png", "png_only.png"):
        (source / "figures" / name).write_bytes(ONE_PIXEL_PNG)
    (source / "figures" / "both.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', encoding="utf-8")
    out = tmp_path / "out"
    done = build(source, out)
    assert done.returncode == 0, done.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    lines = re.findall(r'<p class="figure-links">(.*?)</p>', html)
    assert lines == [
        'Full size: <a class="reference internal" href="figures/both.png">PNG</a> · '
        '<a class="reference internal" href="figures/both.svg">SVG</a>',
        'Full size: <a class="reference internal" href="figures/png_only.png">PNG</a>']
    assert sorted(p.name for p in (out / "figures").iterdir()) == [
        "both.png", "both.svg", "png_only.png"]


def public_modules() -> list[str]:
    package = importlib.import_module(PACKAGE)
    names = [PACKAGE] + [m.name for m in pkgutil.walk_packages(package.__path__, f"{PACKAGE}.")]
    return [n for n in names if not any(part.startswith("_") for part in n.split("."))]


def test_every_public_module_has_a_generated_api_page(site: Path) -> None:
    for module in public_modules():
        page = site / "reference" / "api" / f"{module}.html"
        assert page.is_file(), module
        assert f'id="module-{module}"' in page.read_text(encoding="utf-8")


def test_top_level_names_are_documented_once_where_they_are_defined(site: Path) -> None:
    html = "\n".join(p.read_text(encoding="utf-8")
                     for p in (site / "reference" / "api").glob("*.html"))
    package = importlib.import_module(PACKAGE)
    checked = 0
    for name in package.__all__:
        value = getattr(package, name)
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        home = f"{value.__module__}.{name}"
        assert html.count(f'id="{home}"') == 1, home
        assert f'id="{PACKAGE}.{name}"' not in html, name  # not a second description
        checked += 1
    assert checked > 10


def test_api_pages_follow_a_package_as_it_is_restructured(tmp_path: Path, monkeypatch) -> None:
    """A made-up package: a subpackage, a private module, re-exports at two levels."""
    monkeypatch.syspath_prepend(str(DOCS / "_ext"))
    import api_pages

    package = tmp_path / "toy"
    (package / "core").mkdir(parents=True)
    (package / "__init__.py").write_text(
        '"""Toy."""\nfrom .core.games import Game, solve\nfrom ._hidden import helper\n'
        '__all__ = ["Game", "solve", "helper"]\n', encoding="utf-8")
    (package / "_hidden.py").write_text('def helper():\n    """Help."""\n', encoding="utf-8")
    (package / "core" / "__init__.py").write_text(
        '"""Core."""\nfrom .games import Game\n__all__ = ["Game"]\n', encoding="utf-8")
    (package / "core" / "games.py").write_text(
        '"""Games."""\nimport math\nLIMIT = 3\n\nclass Game:\n    """A game."""\n\n'
        'def solve(game):\n    """Solve."""\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    modules = api_pages.plan("toy")
    assert list(modules) == ["toy", "toy.core", "toy.core.games"]   # no private module
    assert modules["toy.core.games"].own == ["LIMIT", "Game", "solve"]  # not ``math``
    assert modules["toy.core"].own == [] and modules["toy.core"].children == ["toy.core.games"]
    # re-exports link to their home; a name from a private module is documented where exported
    assert modules["toy"].elsewhere == {"Game": "toy.core.games.Game",
                                        "solve": "toy.core.games.solve"}
    assert modules["toy"].own == ["helper"]
    page = api_pages.render(modules["toy"])
    assert ":members: helper" in page and "~toy.core.games.Game" in page
    assert "toy.core\n" in page.split(".. toctree::")[1]
