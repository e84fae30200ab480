"""rich progress bars on standard error, drawn only when asked to (see ``show_progress``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text


class _Count(ProgressColumn):
    """``done/total`` when the total is known, else ``done unit``."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit
        self._known = MofNCompleteColumn()

    def render(self, task: Task) -> Text:
        if task.total is not None:
            return self._known.render(task)
        if not self.unit:
            return Text("")
        return Text(f"{int(task.completed):,} {self.unit}", style="progress.download")


class Bar:
    """One task of a live progress display, or nothing at all when the display is off."""

    def __init__(self, progress: Progress | None = None, task: TaskID | None = None) -> None:
        self._progress = progress
        self._task = task

    @property
    def console(self) -> Console | None:
        return self._progress.console if self._progress is not None else None

    def advance(self, n: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, n)

    def update(self, completed: int, total: int | None = None) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=completed, total=total)

    def describe(self, text: str) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=text)


@contextmanager
def progress_bar(
    enabled: bool,
    description: str,
    *,
    total: int | None = None,
    unit: str = "",
    redirect: bool = True,
) -> Iterator[Bar]:
    """A transient bar on standard error while the block runs; a no-op :class:`Bar` if off.

    With ``redirect`` (the default), lines other code prints on standard error meanwhile go
    above the bar. Standard output is never redirected: print results after the block.
    """
    if not enabled:
        yield Bar()
        return
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        _Count(unit),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=redirect,
    )
    with progress:
        yield Bar(progress, progress.add_task(description, total=total))
