"""Records: JSON Lines, JSON and CSV/TSV files, each record mapped onto a RawArticle.

Keys match case-insensitively, ignoring ``_`` and ``-``, with the usual synonyms (title/headline,
text/body/content, url/link, published/date/pubDate, source/outlet/publisher, author/byline).

* .jsonl/.ndjson: one object per line, read line by line in binary.
* .json: an array, one object, an object holding an ``articles``/``items``/``data`` array, or
  objects in a row; scanned incrementally, never read whole. A file whose structure breaks
  (unbalanced brackets, a bad key) gets one Reject at the break and the rest is skipped: later
  records cannot be located reliably.
* .csv/.tsv: a header row naming the fields. The delimiter (``,``, TAB, ``;`` or ``|``) is
  detected with csv.Sniffer on the start of the file; when it cannot tell, a .tsv is
  tab-separated and anything else comma-separated.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Generator, Iterator
from typing import IO, Any

from newsdesk.model import RawArticle, Reject
from newsdesk.sources.dates import normalise_date
from newsdesk.sources.encodings import decode_guess
from newsdesk.sources.jsonstream import JsonScanner, ValueTooLarge, json_text
from newsdesk.sources.mapping import ReadOptions, resolve, unpack
from newsdesk.sources.markup import derive_title, html_to_text, looks_like_markup, one_line
from newsdesk.sources.registry import Document, Reader
from newsdesk.text import clean_text

__all__ = ["RecordReader", "read_csv", "read_json", "read_jsonl", "record_to_article"]

Item = RawArticle | Reject

_MAX_RECORD = 32 * 1024 * 1024  # longest single JSON/CSV record we will hold in memory
_CHUNK = 1 << 20
_SNIFF_BYTES = 16 * 1024  # CSV sample for csv.Sniffer, whose quote search can be quadratic
_DELIMITERS = ",\t;|"

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


def _norm_key(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


def _first(norm: dict[str, Any], keys: tuple[str, ...], sep: str = "\n\n") -> str:
    for key in keys:
        if key in norm:
            text = json_text(norm[key], sep).strip()
            if text:
                return text
    return ""


_FIELD_KEY = {"title": "title", "text": "text", "url": "url", "date": "published",
              "outlet": "source", "author": "author"}  # fmt: skip


def record_to_article(
    record: dict[str, Any], where: str, options: ReadOptions | None = None
) -> Item:
    """Map a JSON/CSV record onto a RawArticle, or reject it when it has no text.

    Fields the user mapped (``options.fields``) are read from their paths first; the usual
    names fill in the rest.
    """
    norm: dict[str, Any] = {}
    if options is not None and options.fields:
        for name, path in options.fields.items():
            value = resolve(record, path)
            if name == "text" and value is None:
                return Reject(where, f"no article text (nothing at {path!r})")
            norm[_FIELD_KEY[name]] = value
    for key, value in record.items():
        norm.setdefault(_norm_key(str(key)), value)
    raw_text = _first(norm, _TEXT_KEYS) or _first(norm, _LAST_RESORT_TEXT_KEYS)
    if looks_like_markup(raw_text):
        raw_text = html_to_text(raw_text)
    text = clean_text(raw_text)
    if not text:
        return Reject(where, "no article text")
    title = one_line(_first(norm, _TITLE_KEYS, " ")) or derive_title(text)
    published = None
    for key in _DATE_KEYS:
        if key in norm:
            published = normalise_date(norm[key])
            if published:
                break
    return RawArticle(
        title=title,
        text=text,
        url=one_line(_first(norm, _URL_KEYS, " ")) or None,
        published=published,
        source=one_line(_first(norm, _SOURCE_KEYS, ", ")) or None,
        author=one_line(_first(norm, _AUTHOR_KEYS, ", ")) or None,
        origin=where,
    )


_BAD_UTF8 = re.compile("[\udc80-\udcff]")  # what surrogateescape turns invalid bytes into


def _json_record(
    text: str, where: str, first_line: int, options: ReadOptions | None = None
) -> Iterator[Item]:
    """The article(s) of one JSON value: one, or those ``options.records`` unpacks."""
    if _BAD_UTF8.search(text):
        yield Reject(where, "not valid UTF-8")
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        at = f"line {first_line + exc.lineno - 1}, column {exc.colno}"
        yield Reject(where, f"invalid JSON ({exc.msg} at {at})")
        return
    except RecursionError:
        yield Reject(where, "invalid JSON (nested too deeply)")
        return
    yield from _value_records(value, where, options)


def _value_records(value: Any, where: str, options: ReadOptions | None) -> Iterator[Item]:
    if options is not None and options.records:
        try:
            found = list(unpack(value, options.records))
        except LookupError as exc:
            yield Reject(where, str(exc))
            return
        if not found:
            yield Reject(where, f"no records at {options.records!r}")
        for label, record in found:
            if not isinstance(record, dict):
                yield Reject(f"{where} {label}", f"not a JSON object (got {_json_type(record)})")
            else:
                yield record_to_article(record, f"{where} {label}", options)
        return
    if not isinstance(value, dict):
        yield Reject(where, f"not a JSON object (got {_json_type(value)})")
        return
    yield record_to_article(value, where, options)


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


# ----------------------------------------------------------------------------- JSON Lines


def read_jsonl(fh: IO[bytes], label: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """The records of a JSON Lines stream, one object per line, read line by line."""
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
        if b"\r" in raw.rstrip(b"\r\n"):  # lone-CR line ends (old Mac files)
            parts = _CR_LINES.split(raw.rstrip(b"\r\n"))
            for n, part in enumerate(parts):
                yield from _jsonl_line(part, f"{label}:{lineno + n}", lineno + n, options)
            lineno += len(parts) - 1
            continue
        yield from _jsonl_line(raw, where, lineno, options)


_CR_LINES = re.compile(rb"\r\n?")


def _jsonl_line(raw: bytes, where: str, lineno: int, options: ReadOptions | None) -> Iterator[Item]:
    if not raw.strip():
        return
    try:
        line = raw.decode("utf-8")  # JSON is UTF-8 (RFC 8259): no guessing here
    except UnicodeDecodeError as exc:
        yield Reject(where, f"not valid UTF-8 (byte {exc.start + 1})")
        return
    yield from _json_record(line, where, lineno, options)


# ----------------------------------------------------------------------------- JSON (streamed)

_WRAPPER_KEYS = ("articles", "items", "data")


def read_json(fh: IO[bytes], label: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """The records of a JSON stream (array, wrapper object, objects in a row), scanned."""
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
                ok = yield from _json_array(scanner, label, options)
            elif char == "{":
                ok = yield from _json_object(scanner, label, options)
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


def _json_array(
    scanner: JsonScanner, label: str, options: ReadOptions | None = None
) -> Generator[Item, None, bool]:
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
            yield from _json_record(text, where, line, options)
        elif end == ",":
            yield Reject(where, "invalid JSON (empty array element)")
        if end == "]":
            return True


def _json_object(
    scanner: JsonScanner, label: str, options: ReadOptions | None = None
) -> Generator[Item, None, bool]:
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
            if not (yield from _json_array(scanner, label, options)):
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
            yield from _value_records(members, where, options)
    return True


# ----------------------------------------------------------------------------- CSV


def read_csv(
    fh: IO[bytes], label: str, default_delimiter: str, options: ReadOptions | None = None
) -> Iterator[Item]:
    """The rows of a CSV/TSV stream with a header; the delimiter is sniffed (see below)."""
    if csv.field_size_limit() < _MAX_RECORD:
        csv.field_size_limit(_MAX_RECORD)  # news bodies easily pass the 128 KiB default
    delimiter = _sniff_delimiter(fh, default_delimiter)
    encoding = _csv_encoding(fh)
    stream = io.TextIOWrapper(fh, encoding=encoding, errors="surrogateescape", newline="")
    try:
        for item in _csv_rows(_csv_records(stream, delimiter), label, options):
            if isinstance(item, RawArticle) and encoding != "utf-8-sig":
                item.encoding = {v: k for k, v in _CODEC.items()}.get(encoding, encoding)
            yield item
    finally:
        stream.detach()  # the caller owns (and closes) the binary file


CsvRecord = tuple[int, list[str] | None, str]  # (first line, row or None, why not)


def _csv_records(stream: IO[str], delimiter: str) -> Iterator[CsvRecord]:
    """Split a CSV stream into records, each parsed strictly on its own.

    A record is the shortest run of physical lines that parses as exactly one row. A record
    that cannot parse (a quote opened and never closed, text after a closing quote) is reported
    at its first line, and reading resumes on the line after it: an unclosed quote costs its
    own row, never the good rows after it.
    """
    pending: list[str] = []  # physical lines read ahead, pushed back after a bad record
    lineno = 0  # number of the next line to take

    def take() -> str:
        nonlocal lineno
        lineno += 1
        return pending.pop(0) if pending else stream.readline()

    while True:
        first = take()
        if not first:
            return
        start = lineno
        lines = [first]
        size = len(first)
        while True:
            try:
                rows = list(csv.reader(lines, delimiter=delimiter, strict=True))
                yield (start, rows[0] if rows else [], "")
                break
            except csv.Error as exc:
                message = str(exc)
            if message.startswith("unexpected end of data") or "newline inside string" in message:
                more = take() if size <= _MAX_RECORD else ""
                if more:
                    lines.append(more)
                    size += len(more)
                    continue
                message = (
                    "a quoted field is never closed" if size <= _MAX_RECORD
                    else f"record too long (over {_MAX_RECORD} characters)"
                )
            # Bad record: report its first line and read on from the second.
            pending[:0] = lines[1:]
            lineno = start
            yield (start, None, message)
            break


def _sniff_delimiter(fh: IO[bytes], default: str) -> str:
    """The delimiter among ``, TAB ; |`` by csv.Sniffer on the file's start, else ``default``.

    The whole sample is sniffed first, then the header line alone: the Sniffer wants 90% of
    the lines to agree, which a few bad rows in a small file defeat, and it can take a quoted
    phrase in prose (``said, "yes",``) for a quoted field. A delimiter the header line does not
    contain is not believed. ``fh`` is left at the start.
    """
    raw = fh.read(_SNIFF_BYTES)
    fh.seek(0)
    if len(raw) == _SNIFF_BYTES and b"\n" in raw:  # whole lines only
        raw = raw[: raw.rindex(b"\n")]
    sample = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    header = next((line for line in sample.split("\n") if line.strip()), "").rstrip("\r")
    for text in (sample, header):
        try:
            delimiter = csv.Sniffer().sniff(text, delimiters=_DELIMITERS).delimiter
        except csv.Error:  # "Could not determine delimiter"
            continue
        if delimiter in header:
            return delimiter
    return default


def _csv_encoding(fh: IO[bytes]) -> str:
    """``utf-8-sig`` when the start of the file is UTF-8, else the encoding detected there."""
    sample = fh.read(_SNIFF_BYTES * 4)
    fh.seek(0)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a legacy encoding, unless it also holds real UTF-8 (then it is UTF-8 with bad bytes,
        # each costing its own row) or the bad byte is a character cut at the sample's end
        if exc.start < len(sample) - 4 and not _UTF8_MULTIBYTE.search(sample):
            guessed = decode_guess(sample)
            if guessed is not None:
                return _CODEC.get(guessed[1], guessed[1])
    return "utf-8-sig"


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_CODEC = {"windows-1252": "cp1252", "iso-8859-1": "latin-1"}


def _csv_rows(
    records: Iterator[CsvRecord], label: str, options: ReadOptions | None = None
) -> Iterator[Item]:
    header: list[str] | None = None
    rows = 0
    for start, row, problem in records:
        if row is None:
            yield Reject(f"{label}:{start}", f"invalid CSV ({problem})")
            if header is None:
                return
            continue
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
            mapped = options.fields.get("text") if options is not None else None
            if mapped is not None and _norm_key(mapped.split(".")[0]) not in names:
                shown = ", ".join(header)[:200]
                yield Reject(label, f"no column {mapped!r} in the header (columns: {shown})")
                return
            if mapped is None and not names & set(_TEXT_KEYS + _LAST_RESORT_TEXT_KEYS):
                shown = ", ".join(header)[:200]
                yield Reject(label, f"no text column in the header (columns: {shown})")
                return
            continue
        if len(row) > len(header):
            yield Reject(where, f"{len(row)} fields but the header has {len(header)}")
            continue
        rows += 1
        yield record_to_article(dict(zip(header, row, strict=False)), where, options)
    if header is None:
        yield Reject(label, "no header row")
    elif rows == 0:
        yield Reject(label, "a header but no rows")


class RecordReader(Reader):
    """The ``records`` source reader: JSON Lines, JSON and CSV/TSV, record by record."""

    extensions = (".jsonl", ".ndjson", ".json", ".csv", ".tsv")
    media_types = {"application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl",
                   "application/json": ".json", "text/csv": ".csv",
                   "text/tab-separated-values": ".tsv"}  # fmt: skip
    streams = True

    def read(self, doc: Document) -> Iterator[Item]:
        fh, label, opts = doc.fh, doc.label, doc.options
        if doc.suffix in (".jsonl", ".ndjson", ".json"):
            items = (read_json if doc.suffix == ".json" else read_jsonl)(fh, label, opts)
        else:
            items = read_csv(fh, label, "\t" if doc.suffix == ".tsv" else ",", opts)
        for item in items:
            if isinstance(item, RawArticle) and item.encoding is None:
                item.encoding = "utf-8"
            yield item
