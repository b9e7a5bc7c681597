"""Progress bars for long calls: one rule for when they show, in a terminal and in Jupyter.

``progress=None`` (auto) shows a bar when standard error is a terminal or the call runs in
a Jupyter kernel (where :mod:`tqdm.auto` draws a widget), unless a caller such as the
command line chose otherwise with :func:`progress_default`; ``True`` and ``False`` force
it. Bars go to standard error (or the ``file`` given), never into result files.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from .._validation import check_bool

_DEFAULT: ContextVar[bool | None] = ContextVar("ica_model_progress", default=None)


def _in_notebook() -> bool:
    """True inside a Jupyter (IPython) kernel, where standard error is no terminal."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and hasattr(shell, "kernel")


def show_progress(progress: object) -> bool:
    """Whether a call given ``progress`` (``None``: auto, or a bool) shows its bar."""
    if progress is not None:
        return check_bool("progress", progress)
    chosen = _DEFAULT.get()
    if chosen is not None:
        return chosen
    return sys.stderr.isatty() or _in_notebook()


@contextmanager
def progress_default(show: bool) -> Iterator[None]:
    """Within the block (this thread or task only), ``progress=None`` means ``show``: the
    command line turns bars on for the calls an experiment makes with the default."""
    token = _DEFAULT.set(check_bool("show", show))
    try:
        yield
    finally:
        _DEFAULT.reset(token)


def progress_bar(progress: object, **options: Any) -> Any:
    """A :mod:`tqdm.auto` bar, disabled unless :func:`show_progress` says so; ``options``
    go to tqdm (``total``, ``desc``, ``unit``, ``file``...). A disabled bar is tqdm's plain
    one: :mod:`tqdm.auto` is imported only for a bar that shows (in a Jupyter kernel without
    ipywidgets its import warns, which a call with ``progress=False`` should not)."""
    if not show_progress(progress):
        from tqdm.std import tqdm as plain

        return plain(disable=True, **options)
    from tqdm.auto import tqdm

    return tqdm(**options)
