"""rich progress bars on standard error, drawn only when asked to (see ``show_progress``)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
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


# ----------------------------------------------------------------------------- ingest progress

LOG_EVERY = 10.0  # seconds between two progress records when standard error is not a terminal


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class _Records(ProgressColumn):
    def render(self, task: Task) -> Text:
        if task.description == "loading model":
            return Text("")
        return Text(f"{int(task.fields.get('records', 0)):,} records", style="progress.download")


class _Bytes(ProgressColumn):
    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text("")
        return Text(f"{_mb(task.completed)}/{_mb(task.total)}", style="progress.filesize")


class IngestProgress:
    """Progress of an ingest: records read, and input bytes read out of ``total`` when every
    source's size is known (local files), which gives a percentage and an ETA.

    ``mode`` is "bar" (a rich bar on a terminal, with a "loading model" spinner first), "log"
    (a one-line record on standard error every ``every`` seconds, for a run whose standard
    error goes to a log) or "off".
    """

    def __init__(
        self,
        mode: str,
        total: int | None,
        *,
        every: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        out: TextIO | None = None,
    ) -> None:
        self.mode = mode
        self.total = total or None
        self.every = LOG_EVERY if every is None else every
        self.clock = clock
        self.out = out if out is not None else sys.stderr
        self.records = 0
        self.done = 0  # input bytes read
        self.phase = "starting"
        self.started = clock()
        self._last = self.started
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    # -- the three modes --------------------------------------------------------------------

    def __enter__(self) -> IngestProgress:
        if self.mode == "bar":
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                TaskProgressColumn(),
                _Records(),
                _Bytes(),
                TimeRemainingColumn(),
                TimeElapsedColumn(),
                console=Console(file=self.out),
                transient=True,
                redirect_stdout=False,
                redirect_stderr=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("loading model", total=None, records=0)
        elif self.mode == "log":
            self._thread = threading.Thread(target=self._ticker, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1)
        if self._progress is not None:
            self._progress.__exit__(None, None, None)

    def _ticker(self) -> None:
        while not self._stop.wait(min(self.every, 1.0) if self.every > 0 else 0.5):
            self._maybe_log()

    def _maybe_log(self) -> None:
        with self._lock:
            now = self.clock()
            if now - self._last < self.every:
                return
            self._last = now
            line = self.line(now)
        print(line, file=self.out, flush=True)

    # -- what the ingest tells it -----------------------------------------------------------

    def loading(self) -> None:
        self.phase = "loading model"

    def reading(self) -> None:
        self.phase = "ingesting"
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description="ingesting", total=self.total)
            self._progress.reset(self._task, total=self.total, records=0)

    def advance(self, records: int, done_bytes: int | None = None) -> None:
        with self._lock:
            self.records += records
            if done_bytes is not None:
                self.done = min(done_bytes, self.total) if self.total else done_bytes
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=self.done, records=self.records)
        if self.mode == "log":
            self._maybe_log()

    def line(self, now: float | None = None) -> str:
        """One progress record: ``ingest: 1,024 records, 3.1 of 9.8 MB (32%), 12s, ~25s left``."""
        elapsed = (self.clock() if now is None else now) - self.started
        parts = [f"ingest: {self.phase}", f"{self.records:,} records"]
        if self.total:
            share = self.done / self.total
            parts.append(f"{_mb(self.done)} of {_mb(self.total)} ({share:.0%})")
        parts.append(f"{_duration(elapsed)} elapsed")
        if self.total and self.done and self.phase == "ingesting":
            left = elapsed * (self.total - self.done) / self.done
            parts.append(f"about {_duration(left)} left")
        return ", ".join(parts)
