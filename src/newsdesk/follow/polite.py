"""A polite fetcher: one request at a time per host, a minimum delay between requests to the
same host, and robots.txt honoured for article pages.

:class:`PoliteFetcher` wraps a :class:`~newsdesk.sources.fetch.Fetcher` (composition: the SSRF
guard, limits and error messages stay the fetcher's) and offers the same ``get``; the feed
reader takes it in place of a plain fetcher. Feeds themselves are fetched with
:meth:`PoliteFetcher.get_feed` (the user subscribed to them, so robots.txt is not consulted; the
per-host delay still applies). robots.txt is read once per host and run: a 404 (or any 4xx)
means everything is allowed; a 5xx or a network failure means nothing is, for this run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from newsdesk.errors import InputError
from newsdesk.sources.fetch import Fetcher, FetchResult

__all__ = ["PoliteFetcher", "RobotsDisallowed"]


class RobotsDisallowed(InputError):
    """robots.txt forbids the URL to newsdesk's user agent."""


class PoliteFetcher:
    """Per-host spacing and robots.txt around a :class:`Fetcher`."""

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        min_delay: float = 1.0,
        user_agent: str = "newsdesk",
        sleep: Callable[[float], None] = time.sleep,
        on_request: Callable[[str], None] | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.min_delay = min_delay
        self.user_agent = user_agent
        self._sleep = sleep
        self._last: dict[str, float] = {}  # host -> monotonic time the last request ended
        self._robots: dict[str, RobotFileParser | bool] = {}  # True/False: all allowed/none
        self.on_request = on_request  # told the URL of every request (the poller's bookkeeping)
        self.requests = 0
        # Feed readers may fetch linked pages from several threads: one request at a time per
        # host (its lock also covers reading that host's robots.txt once).
        self._guard = threading.Lock()
        self._host_locks: dict[str, threading.RLock] = {}

    def _host_lock(self, host: str) -> threading.RLock:
        with self._guard:
            return self._host_locks.setdefault(host, threading.RLock())

    # the interface the feed and page readers use ---------------------------------------------

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> FetchResult:
        """An article page: refused with :class:`RobotsDisallowed` when robots.txt says so."""
        if not self.allowed(url):
            raise RobotsDisallowed(f"{url}: disallowed by robots.txt")
        return self._spaced(url, headers, raise_for_status=True)

    def get_feed(self, url: str, headers: Mapping[str, str] | None = None) -> FetchResult:
        """A subscribed feed (conditional headers welcome): spaced, robots.txt not consulted."""
        return self._spaced(url, headers, raise_for_status=True)

    def close(self) -> None:
        self.fetcher.close()

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --------------------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._host_lock(parts.netloc.lower()):
            if host not in self._robots:
                self._robots[host] = self._read_robots(host)
        rules = self._robots[host]
        return rules if isinstance(rules, bool) else rules.can_fetch(self.user_agent, url)

    def _read_robots(self, host: str) -> RobotFileParser | bool:
        try:
            result = self._spaced(f"{host}/robots.txt", None, raise_for_status=False)
        except InputError:
            return False  # unreachable: assume the worst, for this run only
        if result.status >= 500:
            return False
        if result.status >= 400:
            return True
        rules = RobotFileParser()
        rules.parse(result.text.splitlines())
        return rules

    def _spaced(
        self, url: str, headers: Mapping[str, str] | None, *, raise_for_status: bool
    ) -> FetchResult:
        host = urlsplit(url).netloc.lower()
        with self._host_lock(host):
            last = self._last.get(host)
            if last is not None:
                wait = self.min_delay - (time.monotonic() - last)
                if wait > 0:
                    self._sleep(wait)
            if self.on_request is not None:
                self.on_request(url)
            self.requests += 1
            try:
                return self.fetcher.get(url, headers, raise_for_status=raise_for_status)
            finally:
                self._last[host] = time.monotonic()
