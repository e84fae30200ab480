"""Pages: HTML files and single article URLs, their text extracted with trafilatura.

A page holds an article when trafilatura finds at least MIN_PAGE_WORDS words of main text; the
headline is taken from the page's metadata (and dropped when it repeats as the first line).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsdesk.errors import InputError
from newsdesk.model import RawArticle, Reject
from newsdesk.sources.dates import normalise_date
from newsdesk.sources.fetch import Fetcher
from newsdesk.sources.markup import derive_title, one_line
from newsdesk.sources.registry import Document, Reader
from newsdesk.text import clean_text, words

__all__ = [
    "MIN_PAGE_WORDS", "PageReader", "extract_page", "fetch_page", "looks_like_html", "read_page"
]  # fmt: skip

MIN_PAGE_WORDS = 10  # fewer extracted words than this: the page holds no article

HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_HINT = re.compile(rb"<!DOCTYPE\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)


def looks_like_html(head: bytes) -> bool:
    return bool(_HTML_HINT.search(head[:4096]))


class PageReader(Reader):
    """The ``pages`` source reader: one article per HTML file or page URL."""

    extensions = (".html", ".htm")
    sniffs = True

    def sniff(self, head: bytes, content_type: str = "") -> bool:
        return content_type in HTML_TYPES or looks_like_html(head)

    def read(self, doc: Document) -> Iterator[RawArticle | Reject]:
        yield read_page(doc.data(), doc.url, doc.label)


def read_page(data: bytes, url: str | None, where: str) -> RawArticle | Reject:
    """The article of a page (an .html file, or the body fetched from ``url``), or a Reject."""
    page = extract_page(data, url, where)
    return page if page is not None else Reject(where, "no article text found")


def extract_page(data: bytes, url: str | None, where: str) -> RawArticle | None:
    """The article of a page via trafilatura (``url`` set as given); None when there is none."""
    import trafilatura  # imported here: it is slow to import and only pages need it

    try:
        doc = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a third-party parser on untrusted markup: any failure = no article
        return None
    if doc is None:
        return None
    fields = doc if isinstance(doc, dict) else doc.as_dict()
    text = clean_text(str(fields.get("text") or ""))
    title = one_line(str(fields.get("title") or ""))
    if title and text.split("\n", 1)[0].strip() == title:  # the headline repeated as line 1
        text = text.split("\n", 1)[1].strip() if "\n" in text else ""
    if len(words(text)) < MIN_PAGE_WORDS:
        return None
    return RawArticle(
        title=title or derive_title(text),
        text=text,
        url=url or fields.get("url") or None,
        published=normalise_date(fields.get("date")),
        source=one_line(str(fields.get("sitename") or "")) or None,
        author=one_line(str(fields.get("author") or "")) or None,
        origin=where,
    )


def fetch_page(fetcher: Fetcher, url: str) -> tuple[RawArticle | None, str]:
    """Fetch a single article URL and extract its page: the article, or None and why not."""
    try:
        result = fetcher.get(url)
    except InputError as exc:
        return None, str(exc).removeprefix(f"{url}: ")
    page = extract_page(result.body, result.url, url)
    return page, "" if page is not None else "no article text found"
