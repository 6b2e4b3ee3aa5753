"""A progress bar for long runs, on the terminal only.

A reviewer checking a folder of forty plans wants to see the run moving; a CI log or a
pipe wants nothing but the report. So the bar is drawn on standard error, only when it is
a terminal, only once a run covers at least :data:`MIN_FILES` files, and it disappears
when done (rich's ``transient``). The reading code only sees a plain callback
``(done, total, current file)``; it never imports rich.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

from checker.i18n import t

MIN_FILES = 5
Callback = Callable[[int, int, str | None], None]


@contextmanager
def file_progress(lang: str = "id", stream: IO[str] | None = None,
                  min_files: int = MIN_FILES) -> Iterator[Callback | None]:
    """Yield a progress callback, or ``None`` when no bar should be drawn."""
    out = stream if stream is not None else sys.stderr
    if not (hasattr(out, "isatty") and out.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(file=out, stderr=stream is None)
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[current]}", style="dim"),
                        console=console, transient=True)
    task: list[int] = []

    def update(done: int, total: int, current: str | None) -> None:
        if total < min_files:
            return
        if not task:
            progress.start()
            task.append(progress.add_task(t("reports_extra.progress_reading", lang),
                                          total=total, current=""))
        progress.update(task[0], completed=done, total=total, current=current or "")

    try:
        yield update
    finally:
        if task:
            progress.stop()
