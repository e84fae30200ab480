"""Read articles from files, directories, feeds and URLs.

:func:`read_source` takes a path or an http(s) URL and yields a RawArticle for every good record
and a Reject for every bad one. ``where`` (and ``RawArticle.origin``) is ``"FILE:LINE"`` for a
record in a file (LINE: the 1-based line the record starts on), ``"FILE"`` for a one-article file
or a whole-file problem, and the URL for a fetched page. FILE is the path as given (joined under
the directory as given); feed entries of a URL source are ``"URL:LINE"``.

Error policy
------------
* ``InputError`` (one line naming the path or URL): the source cannot be read at all. A path
  that does not exist or cannot be opened, a directory with no supported or no readable files,
  an explicit file of an unsupported type, a non-http(s) URL, or an http(s) URL that cannot be
  fetched (unreachable, timeout, HTTP error, too large). These are raised by the call itself;
  only an I/O error in the middle of a single-file source is raised during iteration.
* Everything else is a Reject and reading goes on: malformed records, records without text,
  invalid UTF-8, binary or empty files, pages without an article, a file that is not what its
  extension promises ("FILE: not an RSS/Atom feed"), an unopenable file inside a directory, the
  linked page of a text-less feed entry that cannot be fetched, and a URL whose body is neither
  a feed nor an article page.
* An unparseable date leaves ``published=None``; it is not a reject.
* A .json file whose structure breaks (unbalanced brackets, a bad key) gets one Reject at the
  break and the rest of that file is skipped: later records cannot be located reliably.

Formats (by extension; an explicit file with another extension is sniffed for a feed or HTML)
------------------------------------------------------------------------------------------------
* .jsonl/.ndjson: one object per line, read line by line in binary. .json: an array, one
  object, an object holding an ``articles``/``items``/``data`` array, or objects in a row;
  scanned incrementally, never read whole. .csv/.tsv: a header row (a .csv delimiter is guessed
  among ``, ; TAB |``). Keys match case-insensitively, ignoring ``_`` and ``-``.
* .html/.htm: one article via trafilatura; fewer than MIN_PAGE_WORDS words means no article.
* .txt/.md: the first non-empty line is the title (``#`` stripped for Markdown), the rest the
  text; a one-line file is all text.
* .xml/.rss/.atom: RSS/Atom via feedparser. An entry with fewer than SHORT_ENTRY_WORDS words of
  text and a link has its page fetched and extracted, only when a fetcher is available (passed
  in, or made for a URL source): a local feed read without a fetcher never touches the network.
* Directories: supported files below, recursively, sorted by path; hidden files and directories
  and unknown extensions are skipped silently.
* URLs: a feed (sniffed, or by content type) is read as a feed; an HTML page is one article with
  ``url`` = the final URL; a body that is JSON Lines/JSON/CSV/text by extension or content type
  is read like such a file.

A missing title is derived from the opening words of the text. Dates become ``YYYY-MM-DD`` or
``YYYY-MM-DDTHH:MM:SSZ`` (UTC); a time given without a zone stays zone-less.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
from collections.abc import Generator, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from newsdesk.errors import InputError
from newsdesk.model import RawArticle, Reject
from newsdesk.sources.dates import normalise_date, struct_to_iso
from newsdesk.sources.fetch import Fetcher, FetchResult
from newsdesk.sources.jsonstream import JsonScanner, ValueTooLarge, json_text
from newsdesk.text import clean_text, words

__all__ = [
    "read_source",
    "normalise_date",
    "MIN_PAGE_WORDS",
    "SHORT_ENTRY_WORDS",
    "SUPPORTED_EXTENSIONS",
]

Item = RawArticle | Reject

MIN_PAGE_WORDS = 10  # fewer extracted words than this: the page holds no article
SHORT_ENTRY_WORDS = 60  # feed entries shorter than this get their linked page fetched
_MAX_RECORD = 32 * 1024 * 1024  # longest single JSON/CSV record we will hold in memory
_MAX_DOCUMENT = 64 * 1024 * 1024  # largest HTML/text/feed file, which must be read whole
_CHUNK = 1 << 20
_HEAD = 8192

# extension -> reader kind
SUPPORTED_EXTENSIONS: dict[str, str] = dict(
    pair.split("=")  # type: ignore[misc]
    for pair in ".jsonl=jsonl .ndjson=jsonl .json=json .csv=csv .tsv=tsv .html=html .htm=html "
    ".txt=txt .md=md .xml=feed .rss=feed .atom=feed".split()
)

# Synonyms, in order of preference, already normalised by _norm_key.
_TITLE_KEYS = tuple("title headline name newstitle".split())
_TEXT_KEYS = tuple(
    "text body content article fulltext articlebody maintext newsbody newbody".split()
)
_LAST_RESORT_TEXT_KEYS = tuple("description summary abstract".split())
_URL_KEYS = tuple("url link href canonicalurl newslink permalink".split())
_DATE_KEYS = tuple(
    "published publishedat publishedtime publishdate pubdate datepublished datetime date time "
    "createdat".split()
)
_SOURCE_KEYS = tuple("source outlet publisher sitename newssource".split())
_AUTHOR_KEYS = tuple("author byline creator authors".split())


def read_source(spec: str, fetcher: Fetcher | None = None) -> Iterator[RawArticle | Reject]:
    """Yield the articles (and rejects) of a file, directory or http(s) URL; see the module doc.

    ``fetcher`` is used for URL sources and for fetching the pages of short feed entries; when
    it is None and ``spec`` is a URL, a default :class:`Fetcher` is made and closed afterwards.
    Raises InputError when the source cannot be read at all.
    """
    spec = str(spec)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", spec):
        scheme = spec.split(":", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise InputError(f"{spec}: unsupported URL scheme '{scheme}' (only http and https)")
        own = fetcher is None
        active = fetcher if fetcher is not None else Fetcher()
        try:
            result = active.get(spec)
        except BaseException:
            if own:
                active.close()
            raise
        return _url_items(spec, result, active, own)

    path = Path(spec).expanduser()
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as exc:
        raise InputError(f"{spec}: cannot access ({_os_reason(exc)})") from None
    if not exists:
        raise InputError(f"{spec}: no such file or directory")
    if is_dir:
        return _directory_items(spec, path, fetcher)
    if not path.is_file():
        raise InputError(f"{spec}: not a regular file or directory")
    kind = SUPPORTED_EXTENSIONS.get(path.suffix.lower())
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD)
    except OSError as exc:
        raise InputError(f"{spec}: cannot read ({_os_reason(exc)})") from None
    if kind is None:
        kind = "feed" if _looks_like_feed(head) else "html" if _looks_like_html(head) else None
        if kind is None:
            known = " ".join(sorted(SUPPORTED_EXTENSIONS))
            raise InputError(
                f"{spec}: unsupported file type '{path.suffix or '(none)'}' (supported: {known})"
            )
    return _file_items(path, spec, kind, fetcher, in_directory=False)


# ----------------------------------------------------------------------------- files, dirs


def _directory_items(spec: str, root: Path, fetcher: Fetcher | None) -> Iterator[Item]:
    try:
        with os.scandir(root):
            pass
    except OSError as exc:
        raise InputError(f"{spec}: cannot read directory ({_os_reason(exc)})") from None
    unreadable_dirs: list[Reject] = []

    def on_error(exc: OSError) -> None:
        unreadable_dirs.append(
            Reject(str(exc.filename or spec), f"cannot read directory ({_os_reason(exc)})")
        )

    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_EXTENSIONS:
                continue
            full = Path(dirpath, name)
            found.append((full.relative_to(root).parts, full))
    found.sort()
    if not found:
        known = " ".join(sorted(SUPPORTED_EXTENSIONS))
        raise InputError(f"{spec}: no supported files in directory (looked for: {known})")
    if not any(os.access(p, os.R_OK) for _, p in found):
        raise InputError(f"{spec}: no readable files in directory")
    return _walk_files(spec, found, unreadable_dirs, fetcher)


def _walk_files(
    spec: str,
    found: list[tuple[tuple[str, ...], Path]],
    rejects: list[Reject],
    fetcher: Fetcher | None,
) -> Iterator[Item]:
    yield from rejects
    for parts, full in found:
        label = os.path.join(spec, *parts)
        kind = SUPPORTED_EXTENSIONS[full.suffix.lower()]
        yield from _file_items(full, label, kind, fetcher, in_directory=True)


def _file_items(
    path: Path, label: str, kind: str, fetcher: Fetcher | None, in_directory: bool
) -> Iterator[Item]:
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            yield from _read_stream(fh, label, kind, size, fetcher)
    except OSError as exc:
        reason = f"cannot read ({_os_reason(exc)})"
        if not in_directory:
            raise InputError(f"{label}: {reason}") from None
        yield Reject(label, reason)


def _read_stream(
    fh: IO[bytes], label: str, kind: str, size: int, fetcher: Fetcher | None
) -> Iterator[Item]:
    """Dispatch one seekable binary stream to the reader for ``kind``."""
    head = fh.read(_HEAD)
    fh.seek(0)
    problem = _precheck(head, size)
    if problem:
        yield Reject(label, problem)
        return
    if kind == "jsonl":
        yield from _read_jsonl(fh, label)
    elif kind == "json":
        yield from _read_json(fh, label)
    elif kind in ("csv", "tsv"):
        yield from _read_csv(fh, label, "\t" if kind == "tsv" else None)
    elif size > _MAX_DOCUMENT:
        yield Reject(label, f"file too large to read as one document ({size} bytes)")
    else:
        data = fh.read()
        if kind == "html":
            page = _extract_page(data, None, label)
            yield page if page is not None else Reject(label, "no article text found")
        elif kind in ("txt", "md"):
            yield _text_document(data, label, markdown=kind == "md")
        else:
            yield from _read_feed(data, label, fetcher)


def _precheck(head: bytes, size: int) -> str | None:
    if size == 0:
        return "empty file"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "not valid UTF-8 (UTF-16 text)"
    if b"\x00" in head:
        return "binary file"
    if size <= len(head) and not head.removeprefix(codecs.BOM_UTF8).strip():
        return "empty file"
    return None


_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S | re.I)
_FEED_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:rss|feed|RDF)\b", re.I)
_HTML_HINT = re.compile(rb"<!DOCTYPE\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)


def _looks_like_feed(head: bytes) -> bool:
    head = head.removeprefix(codecs.BOM_UTF8)
    prolog = _PROLOG.match(head)
    return bool(_FEED_ROOT.match(head, prolog.end() if prolog else 0))


def _looks_like_html(head: bytes) -> bool:
    return bool(_HTML_HINT.search(head[:4096]))


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


# ----------------------------------------------------------------------------- URLs

_FEED_TYPES = tuple("application/rss+xml application/atom+xml application/rdf+xml".split())
_XML_TYPES = ("application/xml", "text/xml")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TYPE_KINDS: dict[str, str] = dict(
    pair.split("=")  # type: ignore[misc]
    for pair in "application/x-ndjson=jsonl application/jsonl=jsonl application/json=json "
    "text/csv=csv text/tab-separated-values=tsv text/plain=txt text/markdown=md".split()
)
_RECORD_KINDS = ("jsonl", "json", "csv", "tsv", "txt", "md")


def _url_items(spec: str, result: FetchResult, fetcher: Fetcher, own: bool) -> Iterator[Item]:
    try:
        yield from _url_body(spec, result, fetcher)
    finally:
        if own:
            fetcher.close()


def _url_body(spec: str, result: FetchResult, fetcher: Fetcher) -> Iterator[Item]:
    body, ctype = result.body, result.content_type
    head = body[:_HEAD]
    if not body.strip():
        yield Reject(spec, "empty response")
    elif _looks_like_feed(head) or ctype in _FEED_TYPES:
        yield from _read_feed(body, spec, fetcher)
    elif ctype in _HTML_TYPES or _looks_like_html(head):
        page = _extract_page(body, result.url, spec)
        yield page if page is not None else Reject(spec, "no article text found")
    else:
        yield from _url_other(spec, result, fetcher)


def _url_other(spec: str, result: FetchResult, fetcher: Fetcher) -> Iterator[Item]:
    body, ctype = result.body, result.content_type
    # The URL's extension says more than a generic content type such as text/plain.
    ext_kind = SUPPORTED_EXTENSIONS.get(os.path.splitext(urlsplit(result.url).path)[1].lower())
    kind = ext_kind if ext_kind in _RECORD_KINDS else _TYPE_KINDS.get(ctype)
    if kind in _RECORD_KINDS:
        yield from _read_stream(io.BytesIO(body), spec, kind, len(body), None)
        return
    if ext_kind == "feed" or ctype in _XML_TYPES:
        yield from _read_feed(body, spec, fetcher)
        return
    yield Reject(spec, f"not a feed or an article page (content type {ctype or 'unknown'})")


# ----------------------------------------------------------------------------- records


def _norm_key(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


def _first(norm: dict[str, Any], keys: tuple[str, ...], sep: str = "\n\n") -> str:
    for key in keys:
        if key in norm:
            text = json_text(norm[key], sep).strip()
            if text:
                return text
    return ""


def _one_line(text: str) -> str:
    if _looks_like_markup(text):
        text = _html_to_text(text)
    return " ".join(clean_text(text).split())


def _derive_title(text: str, limit: int = 100) -> str:
    line = text.split("\n", 1)[0].strip()
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut.rstrip(" ,;:") + "…"


def _record_to_article(record: dict[str, Any], where: str) -> Item:
    """Map a JSON/CSV record onto a RawArticle, or reject it when it has no text."""
    norm: dict[str, Any] = {}
    for key, value in record.items():
        norm.setdefault(_norm_key(str(key)), value)
    raw_text = _first(norm, _TEXT_KEYS) or _first(norm, _LAST_RESORT_TEXT_KEYS)
    if _looks_like_markup(raw_text):
        raw_text = _html_to_text(raw_text)
    text = clean_text(raw_text)
    if not text:
        return Reject(where, "no article text")
    title = _one_line(_first(norm, _TITLE_KEYS, " ")) or _derive_title(text)
    published = None
    for key in _DATE_KEYS:
        if key in norm:
            published = normalise_date(norm[key])
            if published:
                break
    return RawArticle(
        title=title,
        text=text,
        url=_one_line(_first(norm, _URL_KEYS, " ")) or None,
        published=published,
        source=_one_line(_first(norm, _SOURCE_KEYS, ", ")) or None,
        author=_one_line(_first(norm, _AUTHOR_KEYS, ", ")) or None,
        origin=where,
    )


_BAD_UTF8 = re.compile("[\udc80-\udcff]")  # what surrogateescape turns invalid bytes into


def _json_record(text: str, where: str, first_line: int) -> Item:
    if _BAD_UTF8.search(text):
        return Reject(where, "not valid UTF-8")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        at = f"line {first_line + exc.lineno - 1}, column {exc.colno}"
        return Reject(where, f"invalid JSON ({exc.msg} at {at})")
    except RecursionError:
        return Reject(where, "invalid JSON (nested too deeply)")
    if not isinstance(value, dict):
        return Reject(where, f"not a JSON object (got {_json_type(value)})")
    return _record_to_article(value, where)


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


# ----------------------------------------------------------------------------- JSON Lines


def _read_jsonl(fh: IO[bytes], label: str) -> Iterator[Item]:
    lineno = 0
    while True:
        raw = fh.readline(_MAX_RECORD + 1)
        if not raw:
            return
        lineno += 1
        where = f"{label}:{lineno}"
        if len(raw) > _MAX_RECORD and not raw.endswith(b"\n"):
            while True:  # skip the rest of the over-long line without holding it
                rest = fh.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield Reject(where, f"record too long (over {_MAX_RECORD} bytes)")
            continue
        if lineno == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Reject(where, f"not valid UTF-8 (byte {exc.start + 1})")
            continue
        yield _json_record(line, where, lineno)


# ----------------------------------------------------------------------------- JSON (streamed)

_WRAPPER_KEYS = ("articles", "items", "data")


def _read_json(fh: IO[bytes], label: str) -> Iterator[Item]:
    scanner = JsonScanner(fh, _MAX_RECORD, _CHUNK)
    any_value = False
    try:
        while True:
            char = scanner.peek()
            if char is None:
                break
            any_value = True
            line = scanner.line_at(scanner.pos)
            if char == "[":
                scanner.take()
                ok = yield from _json_array(scanner, label)
            elif char == "{":
                ok = yield from _json_object(scanner, label)
            else:
                yield Reject(f"{label}:{line}", "not a JSON array or object")
                ok = False
            if not ok:
                return
    except ValueTooLarge as exc:
        yield Reject(f"{label}:{exc.line}", f"record too large (over {_MAX_RECORD} characters)")
        return
    if not any_value:
        yield Reject(label, "empty file")


def _json_array(scanner: JsonScanner, label: str) -> Generator[Item, None, bool]:
    """Yield the elements of an array whose ``[`` was consumed; False if the file broke."""
    if scanner.peek() == "]":
        scanner.take()
        return True
    while True:
        text, line, end = scanner.value()
        where = f"{label}:{line}"
        if end is None:
            yield Reject(where, "invalid JSON (unterminated array)")
            return False
        if end not in ",]":
            yield Reject(where, f"invalid JSON (unexpected '{end}' in an array)")
            return False
        if text.strip():
            yield _json_record(text, where, line)
        elif end == ",":
            yield Reject(where, "invalid JSON (empty array element)")
        if end == "]":
            return True


def _json_object(scanner: JsonScanner, label: str) -> Generator[Item, None, bool]:
    """Read one top-level object: a wrapper around an article array, or one article."""
    start_line = scanner.line_at(scanner.pos)
    where = f"{label}:{start_line}"
    scanner.take()
    members: dict[str, Any] = {}
    wrapped = bad_utf8 = False
    if scanner.peek() == "}":
        scanner.take()
        yield Reject(where, "no article text")
        return True
    while True:
        key_text, key_line, end = scanner.value()
        try:
            key = json.loads(key_text) if end == ":" else None
        except json.JSONDecodeError:
            key = None
        if not isinstance(key, str):
            yield Reject(f"{label}:{key_line}", "invalid JSON (expected a key and ':')")
            return False
        if key.lower() in _WRAPPER_KEYS and scanner.peek() == "[":
            scanner.take()
            wrapped = True
            if not (yield from _json_array(scanner, label)):
                return False
            after = scanner.peek()
            scanner.take()
            if after == "}":
                break
            if after != ",":
                line = scanner.line_at(min(scanner.pos, len(scanner.buf)))
                yield Reject(f"{label}:{line}", "invalid JSON (expected ',' or '}')")
                return False
            continue
        text, line, end = scanner.value()
        if end not in (",", "}"):
            yield Reject(f"{label}:{line}", "invalid JSON (unterminated object)")
            return False
        bad_utf8 = bad_utf8 or bool(_BAD_UTF8.search(text))
        try:
            members[key] = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield Reject(f"{label}:{line}", f"invalid JSON ({reason} in '{key}')")
            return False
        if end == "}":
            break
    if not wrapped:
        if bad_utf8:
            yield Reject(where, "not valid UTF-8")
        else:
            yield _record_to_article(members, where)
    return True


# ----------------------------------------------------------------------------- CSV


def _read_csv(fh: IO[bytes], label: str, delimiter: str | None) -> Iterator[Item]:
    if csv.field_size_limit() < _MAX_RECORD:
        csv.field_size_limit(_MAX_RECORD)  # news bodies easily pass the 128 KiB default
    if delimiter is None:
        first = fh.readline(_CHUNK)
        fh.seek(0)
        counts = {d: first.count(d.encode()) for d in (",", ";", "\t", "|")}
        delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    stream = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        yield from _csv_rows(csv.reader(stream, delimiter=delimiter), label)
    finally:
        stream.detach()  # the caller owns (and closes) the binary file


def _csv_rows(reader: Any, label: str) -> Iterator[Item]:
    header: list[str] | None = None
    previous = 0
    while True:
        start = previous + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            previous = reader.line_num
            yield Reject(f"{label}:{start}", f"invalid CSV ({exc})")
            if header is None:
                return
            continue
        previous = reader.line_num
        where = f"{label}:{start}"
        if not row or not any(cell.strip() for cell in row):
            continue
        if _BAD_UTF8.search("".join(row)):
            yield Reject(label if header is None else where, "not valid UTF-8")
            if header is None:
                return
            continue
        if header is None:
            header = [cell.strip() for cell in row]
            names = {_norm_key(h) for h in header}
            if not names & set(_TEXT_KEYS + _LAST_RESORT_TEXT_KEYS):
                shown = ", ".join(header)[:200]
                yield Reject(label, f"no text column in the header (columns: {shown})")
                return
            continue
        if len(row) > len(header):
            yield Reject(where, f"{len(row)} fields but the header has {len(header)}")
            continue
        yield _record_to_article(dict(zip(header, row, strict=False)), where)


# ----------------------------------------------------------------------------- HTML, text


def _extract_page(data: bytes, url: str | None, where: str) -> RawArticle | None:
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
    title = _one_line(str(fields.get("title") or ""))
    if title and text.split("\n", 1)[0].strip() == title:  # the headline repeated as line 1
        text = text.split("\n", 1)[1].strip() if "\n" in text else ""
    if len(words(text)) < MIN_PAGE_WORDS:
        return None
    return RawArticle(
        title=title or _derive_title(text),
        text=text,
        url=url or fields.get("url") or None,
        published=normalise_date(fields.get("date")),
        source=_one_line(str(fields.get("sitename") or "")) or None,
        author=_one_line(str(fields.get("author") or "")) or None,
        origin=where,
    )


def _text_document(data: bytes, label: str, markdown: bool) -> Item:
    try:
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        return Reject(label, f"not valid UTF-8 (byte {exc.start + 1})")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return Reject(label, "empty file")
    title = lines[first].strip()
    if markdown:
        title = title.lstrip("#").strip()
    body = "\n".join(lines[first + 1 :])
    if not body.strip():  # a single line is the text, not a title
        return _record_to_article({"text": title}, label)
    return _record_to_article({"title": title, "text": body}, label)


_MARKUP = re.compile(
    r"</?(?:p|div|br|span|a|b|i|em|strong|ul|ol|li|h[1-6]|img|figure|blockquote|section|"
    r"article|table|tr|td)\b[^>]*>|&(?:amp|lt|gt|quot|nbsp|#\d+);",
    re.I,
)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote section article header footer figure "
    "figcaption table tr pre hr dd dt dl aside main".split()
)
_SKIP_TAGS = frozenset("script style noscript template iframe svg head".split())


def _looks_like_markup(text: str) -> bool:
    return bool(_MARKUP.search(text))


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS and tag != "br":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # source line breaks inside HTML are just spaces; paragraphs come from tags
            self.parts.append(re.sub(r"\s+", " ", data))


def _html_to_text(markup: str) -> str:
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    return clean_text("".join(parser.parts))


# ----------------------------------------------------------------------------- feeds

_ENTRY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]")


def _read_feed(data: bytes, label: str, fetcher: Fetcher | None) -> Iterator[Item]:
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
    feed_title = _one_line(str(parsed.get("feed", {}).get("title") or "")) or None
    lines = _entry_lines(data, len(entries))
    for n, entry in enumerate(entries):
        where = f"{label}:{lines[n]}" if lines else label
        yield _feed_entry(entry, where, feed_title, fetcher)


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


def _feed_entry(entry: Any, where: str, feed_title: str | None, fetcher: Fetcher | None) -> Item:
    candidates = [c.get("value", "") for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    text = max((_html_to_text(str(c)) for c in candidates), key=len, default="")
    link = str(entry.get("link") or "").strip() or None
    title = _one_line(str(entry.get("title") or ""))
    published = struct_to_iso(
        entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    ) or normalise_date(entry.get("published") or entry.get("updated"))
    author = _one_line(str(entry.get("author") or "")) or _one_line(
        ", ".join(str(a.get("name", "")) for a in entry.get("authors") or [] if a.get("name"))
    )
    source_info = entry.get("source") or {}
    source = _one_line(str(source_info.get("title") or "")) or feed_title
    url = link
    if link and fetcher is not None and len(words(text)) < SHORT_ENTRY_WORDS:
        page, problem = _fetch_page(fetcher, link)
        if page is not None and len(words(page.text)) > len(words(text)):
            text, url = page.text, page.url
            title = title or page.title
            published = published or page.published
            author = author or page.author or ""
        elif not text:
            return Reject(link, f"{problem} (feed entry {where})")
    if not text:
        return Reject(where, "no article text")
    return RawArticle(
        title=title or _derive_title(text),
        text=text,
        url=url,
        published=published,
        source=source,
        author=author or None,
        origin=where,
    )


def _fetch_page(fetcher: Fetcher, url: str) -> tuple[RawArticle | None, str]:
    """The article behind a feed entry's link, or None and why not."""
    try:
        result = fetcher.get(url)
    except InputError as exc:
        return None, str(exc).removeprefix(f"{url}: ")
    page = _extract_page(result.body, result.url, url)
    return page, "" if page is not None else "no article text found"
