"""Feeds: RSS and Atom via feedparser, one article per entry.

An entry's text is the longest of its content and summary (markup removed). An entry with fewer
than SHORT_ENTRY_WORDS words of text and a link has its page fetched and extracted, only when a
fetcher is available (passed in, or made for a URL source): a local feed read without a fetcher
never touches the network. An entry whose page cannot be fetched keeps its own text and the
failed link is reported as a Reject; without any text the entry itself is a Reject naming the
link and the entry. Links go through the fetcher's SSRF guard and its fetch budget.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from newsdesk.model import RawArticle, Reject
from newsdesk.sources.dates import normalise_date, struct_to_iso
from newsdesk.sources.fetch import Fetcher
from newsdesk.sources.markup import derive_title, html_to_text, one_line
from newsdesk.sources.pages import fetch_page
from newsdesk.sources.registry import Document, Reader
from newsdesk.text import words

__all__ = ["SHORT_ENTRY_WORDS", "FeedReader", "looks_like_feed", "read_feed"]

Item = RawArticle | Reject

SHORT_ENTRY_WORDS = 60  # feed entries shorter than this get their linked page fetched
FETCH_WORKERS = 4  # linked pages fetched at once
FETCH_AHEAD = 8  # how far ahead of the entry being read pages are requested

_ENTRY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]")

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S | re.I)
_FEED_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:rss|feed|RDF)\b", re.I)


def looks_like_feed(head: bytes) -> bool:
    """The document's root element (after any prolog) is <rss>, <feed> or <RDF>."""
    head = head.removeprefix(codecs.BOM_UTF8)
    prolog = _PROLOG.match(head)
    return bool(_FEED_ROOT.match(head, prolog.end() if prolog else 0))


class FeedReader(Reader):
    """The ``feeds`` source reader: RSS/Atom files and URLs, sniffed by their root element."""

    extensions = (".xml", ".rss", ".atom")
    media_types = {"application/xml": ".xml", "text/xml": ".xml"}
    sniffs = True
    lenient = True  # feedparser reads some feeds the sniff does not recognise

    def sniff(self, head: bytes, content_type: str = "") -> bool:
        return looks_like_feed(head) or content_type in FEED_TYPES

    def read(self, doc: Document) -> Iterator[Item]:
        return read_feed(doc.data(), doc.label, doc.fetcher)


def read_feed(data: bytes, label: str, fetcher: Fetcher | None) -> Iterator[Item]:
    """The entries of an RSS/Atom document; one Reject when ``data`` is not a feed."""
    import feedparser  # imported here: only feeds need it

    # A stream, not bytes: given bytes, feedparser first tries to open them as a file name.
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # feedparser can crash on garbage, e.g. a bad encoding declaration
        yield Reject(label, f"not an RSS/Atom feed ({type(exc).__name__})")
        return
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        yield Reject(label, "not an RSS/Atom feed")
        return
    feed_title = one_line(str(parsed.get("feed", {}).get("title") or "")) or None
    lines = _entry_lines(data, len(entries))
    wheres = [f"{label}:{lines[n]}" if lines else label for n in range(len(entries))]
    fields = [_entry_fields(entry, feed_title) for entry in entries]
    if fetcher is None:
        for f, where in zip(fields, wheres, strict=True):
            yield from _entry_items(f, where, None)
        return
    # The linked pages are fetched FETCH_WORKERS at a time, at most FETCH_AHEAD entries ahead
    # of the one being yielded: a feed of links that never answer costs about one timeout per
    # FETCH_WORKERS links, not one per link (and the fetcher's budget bounds the whole run).
    pool = ThreadPoolExecutor(max_workers=FETCH_WORKERS, thread_name_prefix="newsdesk-fetch")
    pending: dict[int, Future[tuple[RawArticle | None, str]]] = {}
    submitted = 0
    try:
        for n, (f, where) in enumerate(zip(fields, wheres, strict=True)):
            while submitted < len(fields) and submitted <= n + FETCH_AHEAD:
                ahead = fields[submitted]
                if ahead.wants_page:
                    pending[submitted] = pool.submit(fetch_page, fetcher, ahead.link or "")
                submitted += 1
            page = pending.pop(n).result() if n in pending else None
            yield from _entry_items(f, where, page)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _entry_lines(data: bytes, count: int) -> list[int] | None:
    """Line of each <item>/<entry> tag, when the tags found match feedparser's entries."""
    starts = [m.start() for m in _ENTRY_TAG.finditer(data)]
    if len(starts) != count:
        return None
    lines: list[int] = []
    line, previous = 1, 0
    for start in starts:
        line += data.count(b"\n", previous, start)
        previous = start
        lines.append(line)
    return lines


@dataclass
class _Entry:
    """What a feed entry says about itself, before its linked page is fetched."""

    text: str
    link: str | None
    title: str
    published: str | None
    author: str
    source: str | None

    @property
    def wants_page(self) -> bool:
        return bool(self.link) and len(words(self.text)) < SHORT_ENTRY_WORDS


def _entry_fields(entry: Any, feed_title: str | None) -> _Entry:
    candidates = [c.get("value", "") for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    text = max((html_to_text(str(c)) for c in candidates), key=len, default="")
    published = struct_to_iso(
        entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    ) or normalise_date(entry.get("published") or entry.get("updated"))
    author = one_line(str(entry.get("author") or "")) or one_line(
        ", ".join(str(a.get("name", "")) for a in entry.get("authors") or [] if a.get("name"))
    )
    source_info = entry.get("source") or {}
    return _Entry(
        text=text,
        link=str(entry.get("link") or "").strip() or None,
        title=one_line(str(entry.get("title") or "")),
        published=published,
        author=author,
        source=one_line(str(source_info.get("title") or "")) or feed_title,
    )


def _entry_items(
    e: _Entry, where: str, fetched: tuple[RawArticle | None, str] | None
) -> Iterator[Item]:
    """The entry's article (with its page's text when that is longer), and any reject."""
    text, url, title = e.text, e.link, e.title
    published, author = e.published, e.author
    if fetched is not None and e.link:
        page, problem = fetched
        if page is not None and len(words(page.text)) > len(words(text)):
            text, url = page.text, page.url
            title = title or page.title
            published = published or page.published
            author = author or page.author or ""
        elif not text:
            yield Reject(e.link, f"{problem} (feed entry {where})")
            return
        elif page is None:  # reported, so a refused or dead link is never silent
            yield Reject(e.link, f"{problem} (feed entry {where}; kept the entry's own text)")
    if not text:
        yield Reject(where, "no article text")
        return
    yield RawArticle(
        title=title or derive_title(text),
        text=text,
        url=url,
        published=published,
        source=e.source,
        author=author or None,
        origin=where,
    )
