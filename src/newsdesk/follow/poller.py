"""The poller behind ``newsdesk watch``: due sources fetched with a conditional GET, their new
entries stored, failures backed off, and a clean stop on SIGINT/SIGTERM.

One poll of one source runs in two phases:

1. **fetch**: the feed (``If-None-Match`` / ``If-Modified-Since`` from the last success; a 304
   ends the poll at no cost), then the pages of entries too short to stand alone, through the
   :class:`~newsdesk.follow.polite.PoliteFetcher` (per-host spacing, robots.txt);
2. **store**: the entries go through the engine's ingest (atomic batches, dedup, stories), and
   only then are the source's validators and counters updated.

A stop request during the fetch phase (or between polls) ends the run at once: nothing of the
interrupted poll was stored, and its validators are unchanged, so the next run fetches it again.
A stop request during the store phase is honoured when the phase ends. Either way the store
holds whole batches only.

Each source is read by the reader the registry finds for it
(:mod:`newsdesk.sources.registry`): a ``PREFIX+http(s)://`` URL by the plug-in reader owning
that prefix (fetched as http(s), with the same conditional GET), any other http(s) URL and a
local feed file by the ``feeds`` reader.

Failures: each consecutive failure doubles the wait before the next poll (the interval times
2^failures, at most ``MAX_BACKOFF``); after ``max_failures`` in a row the source is paused and
shown as such by ``newsdesk sources list`` until ``newsdesk sources resume``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from newsdesk.engine import Engine
from newsdesk.errors import InputError, StoreError
from newsdesk.follow.localfeeds import feed_files, is_local, path_of, validator
from newsdesk.follow.polite import PoliteFetcher
from newsdesk.follow.schedule import iso, later, utcnow
from newsdesk.ingest.pipeline import IngestReport
from newsdesk.model import RawArticle, Reject
from newsdesk.sources.fetch import Fetcher, FetchResult
from newsdesk.sources.registry import Document, Readers, load_readers

__all__ = ["MAX_BACKOFF", "PollResult", "Poller", "StopRequested"]

MAX_BACKOFF = 86400  # seconds: a failing source is still tried once a day until paused
MAX_FAILURES = 5


class StopRequested(BaseException):  # noqa: N818 - a control-flow signal, like KeyboardInterrupt
    """Raised (by a signal handler) to abandon the fetch phase of a poll."""


@dataclass
class PollResult:
    """What one poll of one source did."""

    source_id: int
    url: str
    outcome: str  # "new" | "not modified" | "failed" | "paused"
    new: int = 0
    duplicates: int = 0
    rejected: int = 0
    error: str | None = None
    rejects: tuple[str, ...] = ()

    def line(self) -> str:
        if self.outcome == "not modified":
            return f"{self.url}: not modified" + ("" if is_local(self.url) else " (304)")
        if self.outcome in ("failed", "paused"):
            extra = " - paused after repeated failures" if self.outcome == "paused" else ""
            return f"{self.url}: failed: {self.error}{extra}"
        return (
            f"{self.url}: {self.new} new, {self.duplicates} already stored, "
            f"{self.rejected} rejected"
        )


class Poller:
    """Polls the store's due sources into ``engine``, one request at a time per host."""

    def __init__(
        self,
        engine: Engine,
        fetcher: PoliteFetcher,
        *,
        max_failures: int = MAX_FAILURES,
        stories: bool = True,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.fetcher = fetcher
        self.max_failures = max_failures
        self.stories = stories
        self.clock = clock
        self.phase = "idle"  # "idle" | "fetch" | "store": what a stop request may interrupt
        # the source readers, with the config file's [source.NAME] options: built here, so a
        # bad table stops watch at once instead of failing (and pausing) every source
        self.readers: Readers = load_readers(
            getattr(getattr(engine, "settings", None), "source", None)
        )

    @property
    def interruptible(self) -> bool:
        return self.phase != "store"

    def due(self) -> list[dict[str, Any]]:
        return self.engine.store.due_feed_sources(iso(self.clock()))

    def poll_due(self, stop: Callable[[], bool] = lambda: False) -> list[PollResult]:
        """Poll every due source once (most overdue first) until ``stop()`` says otherwise."""
        results = []
        for src in self.due():
            if stop():
                break
            results.append(self.poll(src))
        return results

    def poll(self, src: dict[str, Any]) -> PollResult:
        store = self.engine.store
        url = str(src["url"])
        started = self.clock()
        headers = {}
        if src.get("etag"):
            headers["If-None-Match"] = str(src["etag"])
        if src.get("last_modified"):
            headers["If-Modified-Since"] = str(src["last_modified"])
        self.phase = "fetch"
        try:
            try:
                if is_local(url):
                    result, items = self._local(url, src)
                else:
                    reader, target = self.readers.for_url(url) or (
                        self.readers.named("feeds"), url
                    )
                    try:
                        result = self.fetcher.get_feed(target, headers)
                    except InputError as exc:
                        if target == url:
                            raise
                        raise InputError(str(exc).removeprefix(f"{target}: ")) from None
                    items = [] if result.status == 304 else self._entries(reader, result, url)
            except InputError as exc:
                self.phase = "store"
                return self._failed(src, started, str(exc).removeprefix(f"{url}: "))
            self.phase = "store"
            now = iso(started)
            changes: dict[str, Any] = {
                "last_polled": now,
                "last_success": now,
                "failures": 0,
                "next_poll": later(started, int(src["every_seconds"])),
            }
            if result.status == 304:
                changes["last_status"] = "304 not modified"
                store.update_feed_source(int(src["id"]), changes)
                return PollResult(int(src["id"]), url, "not modified")
            raws = [i for i in items if isinstance(i, RawArticle)]
            rejects = [i for i in items if isinstance(i, Reject)]
            for raw in raws:
                raw.source = raw.source or src.get("name") or None
                raw.revisable = True
            # the articles and the source's counters commit together: a poll killed half-way
            # stores nothing and is fetched again, so the count never falls behind
            try:
                report = self._store_entries(src, raws, result, changes)
            except StoreError:
                raise  # the store itself failed (a full disk): not the source's fault
            except Exception as exc:  # noqa: BLE001 - one bad entry must not stop watch
                reason = " ".join(str(exc).split()) or type(exc).__name__
                return self._failed(src, started, f"could not store its entries ({reason})")
            return PollResult(
                int(src["id"]),
                url,
                "new",
                new=report.ingested,
                duplicates=report.duplicates,
                rejected=len(rejects) + report.rejected,
                rejects=tuple(str(r) for r in rejects + report.rejects),
            )
        finally:
            self.phase = "idle"

    def _store_entries(
        self,
        src: dict[str, Any],
        raws: list[RawArticle],
        result: FetchResult,
        changes: dict[str, Any],
    ) -> IngestReport:
        store = self.engine.store
        with store.write():
            report = self.engine.ingest_articles(raws, stories=self.stories)
            changes.update(
                etag=result.headers.get("etag"),
                last_modified=result.headers.get("last-modified"),
                articles=int(store.get_feed_source(str(src["id"]))["articles"]) + report.ingested,
                last_status=f"{result.status} ({report.ingested} new)",
            )
            store.update_feed_source(int(src["id"]), changes)
        return report

    def _local(
        self, url: str, src: dict[str, Any]
    ) -> tuple[FetchResult, list[RawArticle | Reject]]:
        """A local feed file or folder: "not modified" when no file changed since the last
        success, else the entries of every feed file (their links fetched as for a URL)."""
        path = path_of(url)
        if not path.exists():
            raise InputError(f"{url}: no such file or folder")
        files = feed_files(path)
        stamp = validator(files)
        if src.get("last_success") and src.get("etag") == stamp:
            return FetchResult(url, 304, "", b"", "", {}), []
        feeds = self.readers.named("feeds")  # a local source is a feed file or folder of them
        items: list[RawArticle | Reject] = []
        for f in files:
            try:
                data = f.read_bytes()
            except OSError as exc:
                items.append(Reject(str(f), f"cannot read ({exc.strerror})"))
                continue
            items += feeds.read(self._document(str(f), data, None))
        if not any(isinstance(i, RawArticle) for i in items) and len(files) == 1 and items:
            first = items[0]
            if isinstance(first, Reject) and first.where == str(files[0]):
                raise InputError(f"{url}: {first.reason}")  # not a feed at all: a failure
        return FetchResult(url, 200, "", b"", "", {"etag": stamp}), items

    def _document(self, label: str, data: bytes, url: str | None) -> Document:
        fetcher = cast(Fetcher, self.fetcher)  # a PoliteFetcher offers the same get()
        return Document(label, "", io.BytesIO(data), len(data), url, fetcher)

    def _entries(self, reader: Any, result: FetchResult, url: str) -> list[RawArticle | Reject]:
        items = list(reader.read(self._document(url, result.body, result.url)))
        if len(items) == 1 and isinstance(items[0], Reject) and items[0].where == url:
            raise InputError(f"{url}: {items[0].reason}")  # not a feed at all: a failure
        return items

    def _failed(self, src: dict[str, Any], started: datetime, error: str) -> PollResult:
        failures = int(src["failures"]) + 1
        paused = failures >= self.max_failures
        wait = min(int(src["every_seconds"]) * 2**failures, MAX_BACKOFF)
        now = iso(started)
        self.engine.store.update_feed_source(
            int(src["id"]),
            {
                "last_polled": now,
                "last_error": error,
                "last_error_at": now,
                "last_status": "failed",
                "failures": failures,
                "paused": 1 if paused else 0,
                "next_poll": later(started, wait),
            },
        )
        return PollResult(
            int(src["id"]), str(src["url"]), "paused" if paused else "failed", error=error
        )
