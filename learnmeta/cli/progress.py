"""A progress bar for long work on the command line (rich's), only on a terminal.

``with bar("Sending", total) as advance: ... advance(n)``: on a terminal (stderr), rich draws a
bar with the count, the time spent and the time left, and clears it at the end; anywhere else
(a pipe, a file, a test) nothing at all is written. ``total`` may be None (not known yet: pages
of a Learning Record Store), which shows a count without a bar's end.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator


def on_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def bar(description: str, total: int | None, unit: str = "") -> Iterator[Callable[[int], None]]:
    if not on_terminal():

        def nothing(count: int = 1) -> None:
            pass

        yield nothing
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    ]
    console = Console(stderr=True, force_terminal=True)  # on_terminal() said it is one
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(description, total=total)

        def advance(count: int = 1) -> None:
            progress.advance(task, count)

        yield advance
