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

__all__ = ["TABLE_FORMATS", "OutputOptions", "current", "output_options"]

#: Table formats an experiment can write: tidy CSV always, booktabs LaTeX on request.
TABLE_FORMATS = ("csv", "latex")


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
    """

    caption: bool = False
    tables: tuple[str, ...] = ("csv",)

    def __post_init__(self) -> None:
        if not isinstance(self.caption, bool):
            raise ValueError(f"caption must be True or False, got {self.caption!r}")
        unknown = [t for t in self.tables if t not in TABLE_FORMATS]
        if unknown or "csv" not in self.tables:
            raise ValueError(f"tables must be 'csv' or 'latex' (csv is always written), got "
                             f"{self.tables!r}")

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
