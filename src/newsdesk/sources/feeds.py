"""Feeds: RSS and Atom via feedparser, one article per entry.

An entry's text is the longest of its content and summary (markup removed). An entry with fewer
than SHORT_ENTRY_WORDS words of text and a link has its page fetched and extracted, only when a
fetcher is available (passed in, or made for a URL source): a local feed read without a fetcher
never touches the network. An entry whose page cannot be fetched keeps its own text and the
failed link is reported as a Reject; without any text the entry itself is a Reject naming the
link and the entry. Links go through the fetcher's SSRF guard and its fetch budget.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from newsdesk.model import RawArticle, Reject
from newsdesk.sources.dates import normalise_date, struct_to_iso
from newsdesk.sources.fetch import Fetcher
from newsdesk.sources.markup import derive_title, html_to_text, one_line
from newsdesk.sources.pages import fetch_page
from newsdesk.text import words

__all__ = ["SHORT_ENTRY_WORDS", "read_feed"]

Item = RawArticle | Reject

SHORT_ENTRY_WORDS = 60  # feed entries shorter than this get their linked page fetched

_ENTRY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]")


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
    for n, entry in enumerate(entries):
        where = f"{label}:{lines[n]}" if lines else label
        yield from _feed_entry(entry, where, feed_title, fetcher)


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


def _feed_entry(
    entry: Any, where: str, feed_title: str | None, fetcher: Fetcher | None
) -> Iterator[Item]:
    candidates = [c.get("value", "") for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    text = max((html_to_text(str(c)) for c in candidates), key=len, default="")
    link = str(entry.get("link") or "").strip() or None
    title = one_line(str(entry.get("title") or ""))
    published = struct_to_iso(
        entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    ) or normalise_date(entry.get("published") or entry.get("updated"))
    author = one_line(str(entry.get("author") or "")) or one_line(
        ", ".join(str(a.get("name", "")) for a in entry.get("authors") or [] if a.get("name"))
    )
    source_info = entry.get("source") or {}
    source = one_line(str(source_info.get("title") or "")) or feed_title
    url = link
    if link and fetcher is not None and len(words(text)) < SHORT_ENTRY_WORDS:
        page, problem = fetch_page(fetcher, link)
        if page is not None and len(words(page.text)) > len(words(text)):
            text, url = page.text, page.url
            title = title or page.title
            published = published or page.published
            author = author or page.author or ""
        elif not text:
            yield Reject(link, f"{problem} (feed entry {where})")
            return
        elif page is None:  # reported, so a refused or dead link is never silent
            yield Reject(link, f"{problem} (feed entry {where}; kept the entry's own text)")
    if not text:
        yield Reject(where, "no article text")
        return
    yield RawArticle(
        title=title or derive_title(text),
        text=text,
        url=url,
        published=published,
        source=source,
        author=author or None,
        origin=where,
    )
