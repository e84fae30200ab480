"""``newsdesk watch``'s loop: poll due sources and brief due saved topics, until told to stop.

SIGINT and SIGTERM request a stop. Between polls, or while a poll is fetching, the stop is
immediate (:class:`~newsdesk.follow.poller.StopRequested` abandons the fetch; nothing of it is
stored). While a poll or a saved topic is writing to the store, the stop waits for the write to
finish, so the store never holds half a batch.
"""

from __future__ import annotations

import inspect
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from types import FrameType
from typing import Any

from newsdesk.follow.polite import PoliteFetcher
from newsdesk.follow.poller import Poller, PollResult, StopRequested
from newsdesk.follow.schedule import parse_iso
from newsdesk.sources.fetch import Fetcher

IDLE_CHECK = 60.0  # seconds: the longest sleep between two looks at the schedule


def make_fetcher(
    *,
    timeout: float = 15.0,
    max_bytes: int = 10_000_000,
    min_delay: float = 1.0,
    allow_private: bool = False,
) -> PoliteFetcher:
    """A polite fetcher around a plain one; ``allow_private`` is passed down to a fetcher that
    has the SSRF guard (loopback and private addresses are refused without it)."""
    kwargs: dict[str, Any] = {"timeout": timeout, "max_bytes": max_bytes}
    if "allow_private" in inspect.signature(Fetcher.__init__).parameters:
        kwargs["allow_private"] = allow_private
    return PoliteFetcher(Fetcher(**kwargs), min_delay=min_delay)


@dataclass
class WatchState:
    stop: bool = False
    signal_name: str | None = None
    interrupted: str | None = None  # what was abandoned by the stop, for the last message
    results: list[PollResult] = field(default_factory=list)


@contextmanager
def stop_signals(state: WatchState, interruptible: Callable[[], bool]) -> Iterator[None]:
    """SIGINT/SIGTERM set ``state.stop``, and raise StopRequested when ``interruptible()``."""

    def handler(signum: int, frame: FrameType | None) -> None:
        state.stop = True
        state.signal_name = signal.Signals(signum).name
        if interruptible():
            raise StopRequested()

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def run(
    poller: Poller,
    *,
    once: bool,
    topics: Callable[[], list[str]] | None = None,
    next_due: Callable[[], datetime | None] | None = None,
    report: Callable[[str], None] = print,
    state: WatchState | None = None,
) -> WatchState:
    """Poll (and brief due topics) once, or until a stop signal; returns what happened."""
    state = state or WatchState()
    busy = {"topics": False}

    def interruptible() -> bool:
        return poller.interruptible and not busy["topics"]

    with stop_signals(state, interruptible):
        try:
            while not state.stop:
                for src in poller.due():
                    if state.stop:
                        break
                    state.interrupted = str(src["url"])
                    result = poller.poll(src)
                    state.interrupted = None
                    state.results.append(result)
                    report(result.line())
                if topics is not None and not state.stop:
                    busy["topics"] = True
                    try:
                        for line in topics():
                            report(line)
                    finally:
                        busy["topics"] = False
                if once or state.stop:
                    break
                _sleep_until(poller, next_due)
        except StopRequested:
            pass
    return state


def _sleep_until(poller: Poller, next_due: Callable[[], datetime | None] | None) -> None:
    now = poller.clock()
    times = [
        parse_iso(str(s["next_poll"]))
        for s in poller.engine.store.feed_sources()
        if not s["paused"]
    ]
    extra = next_due() if next_due is not None else None
    if extra is not None:
        times.append(extra)
    wait = min([(t - now).total_seconds() for t in times], default=IDLE_CHECK)
    time.sleep(min(max(wait, 1.0), IDLE_CHECK))
