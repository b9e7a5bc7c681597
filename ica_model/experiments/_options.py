"""What an experiment run writes besides its data: the caption burned into the figures or
not, and the table formats. One context, set by :func:`~ica_model.experiments.run_experiment`
for the duration of one run (this thread or task only), read by
:func:`~ica_model.experiments.style.save_figure` and
:func:`~ica_model.experiments._common.write_table`; nothing process-wide changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["TABLE_FORMATS", "WIDTHS", "OutputOptions", "current", "output_options"]

#: Table formats an experiment can write: tidy CSV always, booktabs LaTeX on request.
TABLE_FORMATS = ("csv", "latex")
#: Widths a run can draw its figures at: one column of a journal page, or the whole page
#: (:data:`~ica_model.experiments.style.SINGLE_COLUMN`, ``DOUBLE_COLUMN``).
WIDTHS = ("single", "double")


@dataclass(frozen=True)
class OutputOptions:
    """Options of one experiment run's files.

    Attributes
    ----------
    caption : bool
        Burn the caption line into the PNG and SVG files. Off by default: the caption is
        written beside each figure as ``NAME.caption.txt`` either way.
    tables : tuple of str
        Formats of the tables, from :data:`TABLE_FORMATS`; ``"latex"`` adds a booktabs
        ``NAME.tex`` beside each ``NAME.csv``.
    width : {"single", "double"}
        Draw the figures for the full page (``"double"``, the default: panels side by
        side) or for one column (``"single"``: the panels of a figure drawn for the page
        stacked one above the other, legends in one column; text stays at its size).
    """

    caption: bool = False
    tables: tuple[str, ...] = ("csv",)
    width: str = "double"

    def __post_init__(self) -> None:
        if not isinstance(self.caption, bool):
            raise ValueError(f"caption must be True or False, got {self.caption!r}")
        unknown = [t for t in self.tables if t not in TABLE_FORMATS]
        if unknown or "csv" not in self.tables:
            raise ValueError(f"tables must be 'csv' or 'latex' (csv is always written), got "
                             f"{self.tables!r}")
        if self.width not in WIDTHS:
            raise ValueError(f"width must be 'single' or 'double', got {self.width!r}")

    @property
    def latex(self) -> bool:
        """Whether tables are also written as LaTeX."""
        return "latex" in self.tables


_CURRENT: ContextVar[OutputOptions | None] = ContextVar("ica_model_output_options",
                                                        default=None)


def current() -> OutputOptions:
    """The options of the run in progress (the defaults outside one)."""
    return _CURRENT.get() or OutputOptions()


@contextmanager
def output_options(options: OutputOptions) -> Iterator[OutputOptions]:
    """Within the block (this thread or task only), experiments write with ``options``."""
    token = _CURRENT.set(options)
    try:
        yield options
    finally:
        _CURRENT.reset(token)
