"""Link every figure of the docs to its full-size PNG and, when present, to its SVG.

The theme shrinks an image to the width of the text, which leaves multi-panel figures
unreadable. For each image whose file lies in the figures folder (``docs/figures``,
filled by ``ica-model figures``), this extension

- makes the image a link to the full-size PNG, and
- adds a line under it, "Full size: PNG · SVG", the SVG only if ``name.svg`` lies beside
  ``name.png`` (a missing SVG is not an error: the docs build without them),
- puts the figure's caption line (``name.caption.txt``, written by ``ica-model run`` beside
  the figure, which carries no caption of its own) between the image and that line;

and copies the PNG and SVG files of that folder to ``figures/`` in the built site, so
the links work from a ``file://`` copy of the site. Pages need no markup of their own:
a plain Markdown image ``![Group size](../figures/group_size.png)`` is enough.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

#: The folder, relative to the docs source folder, whose images get the links.
FIGURES = "figures"
SUFFIXES = (".png", ".svg")


def _figures_folder(app: Sphinx) -> Path:
    return Path(app.srcdir) / app.config.figure_links_folder


class FigureLinks(SphinxPostTransform):
    """Wrap each figure in a link to its full size and add the PNG and SVG links."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs) -> None:
        folder = PurePosixPath(self.config.figure_links_folder)
        page = self.app.builder.get_target_uri(self.env.docname)
        for image in list(self.document.findall(nodes.image)):
            source = PurePosixPath(image.get("candidates", {}).get("*", image["uri"]))
            if source.parent != folder or source.suffix != ".png":
                continue
            png = relative_uri(page, str(source))
            links = [("PNG", png)]
            if (Path(self.app.srcdir) / source.with_suffix(".svg")).is_file():
                links.append(("SVG", relative_uri(page, str(source.with_suffix(".svg")))))
            if not isinstance(image.parent, nodes.reference):
                link = nodes.reference("", "", refuri=png, internal=True,
                                       classes=["figure-full-size"])
                image.replace_self(link)
                link += image
                image = link
            line = nodes.paragraph("", "Full size: ", classes=["figure-links"])
            for i, (label, uri) in enumerate(links):
                if i:
                    line += nodes.Text(" · ")
                line += nodes.reference("", label, refuri=uri, internal=True)
            block = image.parent if isinstance(image.parent, (nodes.paragraph, nodes.figure)) \
                else image
            block.parent.insert(block.parent.index(block) + 1, line)
            caption = Path(self.app.srcdir) / source.with_suffix(".caption.txt")
            if caption.is_file():   # the caption line ica-model writes beside the figure
                text = caption.read_text(encoding="utf-8").strip()
                block.parent.insert(block.parent.index(line), nodes.paragraph(
                    "", text, classes=["figure-caption"]))


def _copy_figures(app: Sphinx, exception: Exception | None) -> None:
    """Copy the figures folder's PNG and SVG files to ``figures/`` of the built site."""
    if exception is not None or app.builder.format != "html":
        return
    source = _figures_folder(app)
    if not source.is_dir():
        return
    target = Path(app.outdir) / app.config.figure_links_folder
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        if path.suffix in SUFFIXES:
            shutil.copy2(path, target / path.name)


def setup(app: Sphinx) -> dict:
    app.add_config_value("figure_links_folder", FIGURES, "html", types=frozenset({str}))
    app.add_post_transform(FigureLinks)
    app.connect("build-finished", _copy_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
