"""A scripted feed server on 127.0.0.1 for the follow tests: conditional GET (ETag and
Last-Modified, 304), feeds that fail and recover, robots.txt, slow pages for the SIGTERM test.
Every request is logged with its path, its conditional headers and the time it arrived."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

WORDS = (
    "The harbour council met on {d} to discuss item {n} of the plan, and officials said the "
    "ferry timetable for route {n} would change after residents asked for later sailings. "
    "Engineers reported that the swing bridge number {n} needs a new bearing, which will cost "
    "about {n}00 thousand dollars and take six weeks. The mayor said the work on project {n} "
    "would begin in spring and that the council would publish a full schedule next month, "
    "with a public meeting planned for residents of district {n}."
)


def item(n: int, base: str, *, short: bool = False, path: str = "/a/{n}.html") -> str:
    link = base + path.format(n=n)
    text = f"Summary {n}." if short else WORDS.format(n=n, d="Tuesday")
    return (
        f"<item><title>Harbour report {n}</title><link>{escape(link)}</link>"
        f"<guid>{escape(link)}</guid><pubDate>Mon, 0{1 + n % 9} Feb 2026 10:00:00 GMT</pubDate>"
        f"<description>{escape(text)}</description></item>"
    )


def rss(items: list[str], title: str = "Harbour Times") -> bytes:
    body = "".join(items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.org/</link><description>x</description>"
        f"{body}</channel></rss>"
    ).encode()


def page(n: int) -> bytes:
    text = WORDS.format(n=n, d="Wednesday")
    return (
        f"<html><head><title>Page {n}</title></head><body><article><h1>Page {n}</h1>"
        f"<p>{escape(text)}</p></article></body></html>"
    ).encode()


@dataclass
class Feed:
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    fail_first: int = 0  # answer 500 to this many requests first
    status: int = 200


@dataclass
class Logged:
    path: str
    at: float
    if_none_match: str | None
    if_modified_since: str | None


@dataclass
class BeatServer:
    feeds: dict[str, Feed] = field(default_factory=dict)
    pages: dict[str, bytes] = field(default_factory=dict)
    robots: str | None = None
    slow: dict[str, float] = field(default_factory=dict)  # path -> seconds before answering
    log: list[Logged] = field(default_factory=list)
    slow_started: threading.Event = field(default_factory=threading.Event)
    stopping: threading.Event = field(default_factory=threading.Event)

    def start(self) -> BeatServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                path = self.path
                server.log.append(
                    Logged(
                        path,
                        time.monotonic(),
                        self.headers.get("If-None-Match"),
                        self.headers.get("If-Modified-Since"),
                    )
                )
                if path in server.slow:
                    server.slow_started.set()
                    if server.stopping.wait(server.slow[path]):
                        return
                if path == "/robots.txt" and server.robots is not None:
                    return self._send(200, server.robots.encode(), "text/plain")
                feed = server.feeds.get(path)
                if feed is not None:
                    return self._feed(feed)
                if path in server.pages:
                    return self._send(200, server.pages[path], "text/html; charset=utf-8")
                self._send(404, b"not found", "text/plain")

            def _feed(self, feed: Feed) -> None:
                if feed.fail_first > 0:
                    feed.fail_first -= 1
                    return self._send(500, b"server error", "text/plain")
                if feed.status != 200:
                    return self._send(feed.status, b"gone", "text/plain")
                inm = self.headers.get("If-None-Match")
                ims = self.headers.get("If-Modified-Since")
                if (feed.etag and inm == feed.etag) or (
                    not feed.etag and feed.last_modified and ims == feed.last_modified
                ):
                    self.send_response(304)
                    self.end_headers()
                    return None
                headers = {}
                if feed.etag:
                    headers["ETag"] = feed.etag
                if feed.last_modified:
                    headers["Last-Modified"] = feed.last_modified
                return self._send(200, feed.body, "application/rss+xml", headers)

            def _send(
                self, status: int, body: bytes, ctype: str, headers: dict | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        return self

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)

    def requests(self, path: str) -> list[Logged]:
        return [r for r in self.log if r.path == path]


def http_date(t: datetime | None = None) -> str:
    return format_datetime(t or datetime(2026, 2, 1, tzinfo=UTC), usegmt=True)
