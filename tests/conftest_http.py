"""Test helpers for source readers: a loopback HTTP server fixture and input builders.

``http_server`` serves scripted routes from a ThreadingHTTPServer on 127.0.0.1 (port 0) in a
daemon thread. Routes can redirect, fail, answer slowly, trickle their body or stream without
end, which is what the fetcher's limits need. Delays wait on an event that the fixture sets at
teardown, so a slow route never holds up the test run.

``make_bad_input_dir(path)`` writes a directory with one file of every bad-input kind plus a few
good records and returns the expected ``{"good": n, "rejected": m}`` counts.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering at all
    chunk_pause: float = 0.0  # seconds between body chunks (trickling)
    chunk_size: int = 0  # > 0: send the body in chunks of this size
    send_length: bool = True  # False: no Content-Length, the body ends when the socket closes
    repeat: int = 1  # send the body this many times (a large stream without a large buffer)


class LoopbackServer:
    """A scripted HTTP server on 127.0.0.1; ``add`` routes, then ``url`` them."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
                server.requests.append(self.path)
                route = server.routes.get(self.path)
                if route is None:
                    route = Route(body=b"not found", status=404, content_type="text/plain")
                if route.delay and server.stopping.wait(route.delay):
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body) * route.repeat))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self._send_body(route)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, which is what the limits are for

            def _send_body(self, route: Route) -> None:
                size = route.chunk_size or len(route.body) or 1
                for _ in range(route.repeat):
                    for start in range(0, len(route.body), size):
                        if server.stopping.is_set():
                            return
                        self.wfile.write(route.body[start : start + size])
                        self.wfile.flush()
                        if route.chunk_pause and server.stopping.wait(route.chunk_pause):
                            return

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass  # keep test output clean

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", **options: object) -> str:
        """Serve ``body`` on ``path`` (options are Route fields); return the full URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **options)  # type: ignore[arg-type]
        return self.url(path)

    def redirect(self, path: str, target: str, status: int = 302) -> str:
        location = target if "://" in target else self.url(target)
        return self.add(path, b"", status=status, headers={"Location": location})

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    """A fresh loopback server per test."""
    server = LoopbackServer()
    try:
        yield server
    finally:
        server.close()


# ----------------------------------------------------------------------------- content builders

_TOPICS = [
    "the harbour council voted to extend the evening ferry timetable through the winter",
    "engineers inspected the old swing bridge after a cracked bearing was reported",
    "the regional library opened a reading room for night-shift workers",
    "local growers formed a cooperative to share a refrigerated warehouse",
    "the water board published a plan to replace lead service pipes by 2030",
    "a volunteer crew restored the lighthouse lamp after forty dark years",
]


def story_text(n: int, sentences: int = 6) -> str:
    """A few sentences of invented news prose, different for each ``n``."""
    topic = _TOPICS[n % len(_TOPICS)]
    out = [f"On Tuesday {topic}, officials said in statement number {n}."]
    for i in range(1, sentences):
        out.append(
            f"Detail {i} of report {n} explains how residents reacted and what happens next, "
            f"with a follow-up meeting planned for week {i + n % 7}."
        )
    return " ".join(out)


def article_html(
    title: str,
    paragraphs: list[str],
    published: str | None = None,
    author: str | None = None,
    canonical: str | None = None,
    site: str | None = None,
) -> str:
    """A plausible news article page with navigation chrome around the story."""
    meta = [f'<meta property="og:title" content="{title}">']
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if author:
        meta.append(f'<meta name="author" content="{author}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{canonical}">')
    if site:
        meta.append(f'<meta property="og:site_name" content="{site}">')
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>{''.join(meta)}</head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>\n{body}\n</article>"
        "<footer>Contact us | Privacy</footer></body></html>"
    )


NAV_ONLY_HTML = (
    "<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
    "<nav><a href='/'>Home</a></nav><form><input name='user'><button>Go</button></form>"
    "</body></html>"
)


def rss_feed(title: str, items: list[dict[str, str]]) -> str:
    """An RSS 2.0 document; item keys: title, link, description, content, pubDate, author."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"',
        '     xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f"<channel><title>{title}</title><link>http://127.0.0.1/</link>",
        "<description>test feed</description>",
    ]
    for item in items:
        parts.append("<item>")
        for key in ("title", "link", "pubDate", "guid"):
            if key in item:
                parts.append(f"  <{key}>{item[key]}</{key}>")
        if "author" in item:
            parts.append(f"  <dc:creator>{item['author']}</dc:creator>")
        if "source" in item:
            parts.append(f'  <source url="http://127.0.0.1/other">{item["source"]}</source>')
        if "description" in item:
            parts.append(f"  <description><![CDATA[{item['description']}]]></description>")
        if "content" in item:
            parts.append(f"  <content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts) + "\n"


def atom_feed(title: str, entries: list[dict[str, str]]) -> str:
    """An Atom 1.0 document; entry keys: title, link, updated, summary, content, author."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{title}</title><id>urn:test:{title}</id><updated>2025-03-01T00:00:00Z</updated>",
    ]
    for n, entry in enumerate(entries):
        parts.append("<entry>")
        parts.append(f"  <id>urn:test:{n}</id><title>{entry.get('title', '')}</title>")
        if "link" in entry:
            parts.append(f'  <link href="{entry["link"]}"/>')
        if "updated" in entry:
            parts.append(f"  <updated>{entry['updated']}</updated>")
        if "author" in entry:
            parts.append(f"  <author><name>{entry['author']}</name></author>")
        if "summary" in entry:
            parts.append(f"  <summary>{entry['summary']}</summary>")
        if "content" in entry:
            parts.append(f'  <content type="html"><![CDATA[{entry["content"]}]]></content>')
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


# ----------------------------------------------------------------------------- bad-input dir


def make_bad_input_dir(path: Path | str) -> dict[str, int]:
    """Write one file of every bad-input kind plus good records under ``path``.

    Returns ``{"good": n, "rejected": m}``: what ``read_source(path)`` must yield. Works
    offline: the feed entries carry their full text, so nothing needs fetching. Also writes a
    hidden file and a file of an unknown type, which must be skipped without a reject.
    """
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    good = rejected = 0

    lines = [
        json.dumps({"title": "Ferry timetable", "text": story_text(1), "date": "2025-03-01"}),
        "",
        '{"title": "broken", "text": "unterminated',  # malformed JSON
        json.dumps({"headline": "No body here", "url": "http://127.0.0.1/x"}),  # no text
        json.dumps(["not", "an", "object"]),  # not an object
        json.dumps({"headline": "Bridge", "body": story_text(2), "pubDate": "nonsense date"}),
    ]
    with open(root / "records.jsonl", "wb") as fh:
        fh.write("\n".join(lines).encode() + b"\n")
        fh.write(b'{"title": "Caf\xe9", "text": "latin-1 byte"}\n')  # not valid UTF-8
    good += 2
    rejected += 4

    with open(root / "table.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("title,text,published\n")
        fh.write(f'Library,"{story_text(3)}",2025-03-02\n')
        fh.write("Empty row,,2025-03-02\n")  # no text
        fh.write(f'Growers,"{story_text(4)}",March 3 2025\n')
    good += 2
    rejected += 1

    (root / "array.json").write_text(
        json.dumps([{"title": "Water pipes", "content": story_text(5)}, 42], indent=1),
        encoding="utf-8",
    )
    good += 1
    rejected += 1

    pages = root / "pages"
    pages.mkdir(exist_ok=True)
    paragraphs = [story_text(6), story_text(7)]
    (pages / "story.html").write_text(article_html("Lighthouse lamp", paragraphs), "utf-8")
    (pages / "login.html").write_text(NAV_ONLY_HTML, "utf-8")  # no article in it
    good += 1
    rejected += 1

    (root / "note.txt").write_text("Night reading room\n\n" + story_text(8) + "\n", "utf-8")
    (root / "empty.md").write_bytes(b"")  # empty file
    (root / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    # Latin-1 text is read in the encoding detected (issue 24), no longer rejected
    (root / "latin1.txt").write_bytes("Caf\xe9 society\n\nA body in Latin-1.\n".encode("latin-1"))
    good += 2
    rejected += 2

    items = [
        {
            "title": "Feed story one",
            "link": "http://127.0.0.1:9/one",
            "content": f"<p>{story_text(9)}</p>",
            "pubDate": "Sat, 01 Mar 2025 09:30:00 GMT",
        },
        {"title": "Feed story two", "description": f"<p>{story_text(10)}</p>"},
    ]
    (root / "feed.rss").write_text(rss_feed("Test Wire", items), "utf-8")
    (root / "notafeed.xml").write_text('<?xml version="1.0"?><note><to>x</to></note>', "utf-8")
    good += 2
    rejected += 1

    (root / ".hidden.jsonl").write_text(json.dumps({"text": "hidden"}) + "\n", "utf-8")
    (root / "slides.pdf").write_bytes(b"%PDF-1.4 not read")
    return {"good": good, "rejected": rejected}
