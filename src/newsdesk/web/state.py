"""What the web app shares across requests: settings, the embedder, one engine per thread.

FastAPI runs plain ``def`` endpoints on a thread pool. A SQLite connection carries its own
transaction state, so each worker thread gets its own store (and engine) instead of sharing
one; the embedding model is loaded once and shared, behind a lock. Writes that touch story
state (ingest, the story catch-up) take ``write_lock``: story grouping keeps an in-process
index that two threads must not update at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

import httpx
import numpy as np

from newsdesk import plugins
from newsdesk.config import Settings
from newsdesk.embed import Embedder
from newsdesk.engine import Engine, store_model
from newsdesk.errors import StoreError
from newsdesk.sources.netguard import Resolver
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.write.base import Writer

log = logging.getLogger("newsdesk.web")


class SharedEmbedder:
    """An embedder loaded on first use and shared by every thread (encode is serialised)."""

    def __init__(self, load: Callable[[], Embedder]) -> None:
        self._load = load
        self._inner: Embedder | None = None
        self._lock = threading.Lock()

    def _get(self) -> Embedder:
        with self._lock:
            if self._inner is None:
                self._inner = self._load()
            return self._inner

    @property
    def name(self) -> str:
        return self._get().name

    @property
    def dim(self) -> int:
        return self._get().dim

    def encode(self, texts: list[str]) -> np.ndarray:
        inner = self._get()
        with self._lock:
            return inner.encode(texts)

    def __getattr__(self, attr: str) -> Any:  # anything else the model offers
        return getattr(self._get(), attr)


class WebState:
    """Settings, the shared embedder, per-thread engines, and the write lock."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | Callable[[], Embedder] | None = None,
        resolver: Resolver | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        # For tests: name resolution for the SSRF guard, and the fetcher's HTTP transport.
        self.resolver = resolver
        self.transport = transport
        # Create (and migrate) the store once up front, so threads only ever open it; an
        # existing store is only opened (it may be on read-only media).
        first = open_store(settings.db, create=not _exists(settings.db))
        try:
            name = store_model(first, settings.embed_model)
        finally:
            first.close()
        self.model_name = name  # the store's embedding model (headlines read its vectors)
        if embedder is None:
            self.embedder = SharedEmbedder(lambda: plugins.get("embedder", name)(name))
        elif hasattr(embedder, "encode"):
            given = embedder
            self.embedder = SharedEmbedder(lambda: given)  # type: ignore[arg-type,return-value]
        else:
            self.embedder = SharedEmbedder(embedder)  # type: ignore[arg-type]
        self.write_lock = threading.RLock()
        # Summaries a page found missing are written by one background thread, one at a time;
        # a page never waits for one (it shows the summary once it is stored).
        self._summaries: ThreadPoolExecutor | None = None
        self._pending: set[str] = set()
        self._pending_lock = threading.Lock()
        self._keeps = False
        self._local = threading.local()
        self._stores: list[Store] = []
        self._stores_lock = threading.Lock()

    def store(self) -> Store:
        s: Store | None = getattr(self._local, "store", None)
        if s is None:
            s = open_store(self.settings.db, create=False)
            self._local.store = s
            with self._stores_lock:
                self._stores.append(s)
        return s

    def engine(self, writer: Writer | None = None) -> Engine:
        """An engine on this thread's store (cheap: the store and embedder are shared)."""
        return Engine(self.store(), cast(Embedder, self.embedder), writer, settings=self.settings)

    def refresh_stories(self) -> None:
        """Place unplaced articles and refresh themes if stale (no-op on a read-only store).

        A page never waits for a running ingest: that ingest places its own articles in
        stories as it goes, so while it holds the write lock the page shows the stories as
        they are.
        """
        eng = self.engine()
        if eng.store.count() == 0:
            return
        if not self.write_lock.acquire(blocking=False):
            return
        try:
            eng.refresh_stories()
        except StoreError:
            if not eng.store.read_only:
                raise
        finally:
            self.write_lock.release()

    def keeps_summaries(self) -> bool:
        """Whether the store keeps summaries (any was written, e.g. by ``newsdesk summaries``):
        only then do pages have missing ones written, as ingest and watch do. Once true, true."""
        if not self._keeps:
            from newsdesk.stories.summaries import wants_summaries

            self._keeps = wants_summaries(self.store())
        return self._keeps

    def request_summary(self, story_id: str) -> None:
        """Have the background writer write ``story_id``'s summary (once, however many pages
        ask); nothing on a store that cannot be written."""
        if self.store().read_only:
            return
        with self._pending_lock:
            if story_id in self._pending:
                return
            self._pending.add(story_id)
            if self._summaries is None:
                self._summaries = ThreadPoolExecutor(1, thread_name_prefix="newsdesk-summary")
            self._summaries.submit(self._write_summary, story_id)

    def _write_summary(self, story_id: str) -> None:
        from newsdesk.stories.summaries import refresh_summaries

        try:
            refresh_summaries(self.engine(), [story_id])
        except Exception:  # noqa: BLE001 - a background job: log it, the page shows none
            log.exception("summary of %s failed", story_id)
        finally:
            with self._pending_lock:
                self._pending.discard(story_id)

    def close(self) -> None:
        if self._summaries is not None:
            self._summaries.shutdown(wait=True, cancel_futures=True)
        with self._stores_lock:
            for s in self._stores:
                try:
                    s.close()
                except Exception:  # noqa: BLE001 - a store of a finished thread; nothing to do
                    pass
            self._stores.clear()


def _exists(location: str) -> bool:
    if "://" in location and not location.lower().startswith("sqlite://"):
        return True  # a server database: open_store decides
    path = location[len("sqlite://") :] if location.lower().startswith("sqlite://") else location
    return Path(path).exists()
