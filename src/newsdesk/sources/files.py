"""Read articles from files, directories and URLs: dispatch to the reader for each kind.

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

Formats (by extension; an explicit file with another extension is sniffed for a feed or HTML)
------------------------------------------------------------------------------------------------
Each format is a reader of the ``newsdesk.sources`` entry-point group, looked up in
:mod:`newsdesk.sources.registry` by URL scheme, extension, content type or sniffing; a plug-in
reader adds its own extensions and ``PREFIX+http(s)://`` schemes.

* .jsonl/.ndjson, .json, .csv/.tsv: records, see :mod:`newsdesk.sources.records`.
* .html/.htm: one article, see :mod:`newsdesk.sources.pages`.
* .txt/.md: one article, see :mod:`newsdesk.sources.text`.
* .xml/.rss/.atom: RSS/Atom, see :mod:`newsdesk.sources.feeds`.
* Directories: supported files below, recursively, sorted by path; hidden files and directories
  and unknown extensions are skipped silently. Symbolic links to directories are not followed;
  a symbolic link to a file outside the directory is a Reject and is not read.
* URLs: a feed (sniffed, or by content type) is read as a feed; an HTML page is one article with
  ``url`` = the final URL; a body that is JSON Lines/JSON/CSV/text by extension or content type
  is read like such a file.

A missing title is derived from the opening words of the text. Dates become ``YYYY-MM-DD`` or
``YYYY-MM-DDTHH:MM:SSZ`` (UTC); a time given without a zone stays zone-less.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from newsdesk.errors import InputError
from newsdesk.model import RawArticle, Reject
from newsdesk.sources.fetch import Fetcher, FetchResult
from newsdesk.sources.mapping import ReadOptions
from newsdesk.sources.meta import FolderMeta
from newsdesk.sources.registry import Document, Readers, load_readers

__all__ = ["read_source", "source_bytes"]

Item = RawArticle | Reject

_MAX_DOCUMENT = 64 * 1024 * 1024  # largest HTML/text/feed file, which must be read whole
_HEAD = 8192
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _readers(options: ReadOptions | None) -> Readers:
    return load_readers(options.sources if options is not None else None)


def read_source(
    spec: str, fetcher: Fetcher | None = None, options: ReadOptions | None = None
) -> Iterator[RawArticle | Reject]:
    """Yield the articles (and rejects) of a file, directory or http(s) URL; see the module doc.

    ``fetcher`` is used for URL sources and for fetching the pages of short feed entries; when
    it is None and ``spec`` is a URL, a default :class:`Fetcher` is made and closed afterwards.
    Raises InputError when the source cannot be read at all.
    """
    spec = str(spec)
    if not spec.strip():  # Path("") is the current directory: never read it by accident
        raise InputError("'': empty source name (give a file, directory or URL)")
    readers = _readers(options)
    if _URL.match(spec):
        scheme = spec.split(":", 1)[0].lower()
        owned = readers.for_url(spec)  # PREFIX+http(s)://: a plug-in reader's own scheme
        if scheme not in ("http", "https") and owned is None:
            known = ", ".join(["http", "https", *readers.scheme_names()])
            known = "only http and https" if not readers.schemes else known
            raise InputError(f"{spec}: unsupported URL scheme '{scheme}' ({known})")
        target = owned[1] if owned is not None else spec
        own = fetcher is None
        active = fetcher if fetcher is not None else Fetcher()
        try:
            result = active.get(target)
        except InputError as exc:
            if own:
                active.close()
            if owned is None:
                raise
            said = str(exc)  # name the URL as given: "mastodon+https://...: HTTP 404"
            said = spec + said[len(target) :] if said.startswith(target) else f"{spec}: {said}"
            raise InputError(said) from None
        except BaseException:
            if own:
                active.close()
            raise
        owner = owned[0] if owned is not None else None
        return _url_items(spec, result, active, own, options, readers, owner)

    path = Path(spec).expanduser()
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as exc:
        raise InputError(f"{spec}: cannot access ({_os_reason(exc)})") from None
    if not exists:
        raise InputError(f"{spec}: no such file or directory")
    if is_dir:
        return _directory_items(spec, path, fetcher, options, readers)
    if not path.is_file():
        raise InputError(f"{spec}: not a regular file or directory")
    suffix = path.suffix.lower()
    reader = readers.by_extension(suffix)
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD)
    except OSError as exc:
        raise InputError(f"{spec}: cannot read ({_os_reason(exc)})") from None
    if reader is None:
        reader = readers.by_sniff(head)
        if reader is None:
            known = " ".join(sorted(readers.extensions))
            raise InputError(
                f"{spec}: unsupported file type '{path.suffix or '(none)'}' (supported: {known})"
            )
    return _file_items(path, spec, reader, suffix, fetcher, in_directory=False, options=options)


# ----------------------------------------------------------------------------- files, dirs


def source_bytes(specs: list[str], options: ReadOptions | None = None) -> int | None:
    """The bytes the local sources hold (files, and the supported files under directories),
    or None when one is a URL or cannot be looked at: the total of a progress bar."""
    total = 0
    extensions = _readers(options).extensions
    for spec in specs:
        if _URL.match(spec):
            return None
        path = Path(spec).expanduser()
        try:
            if path.is_dir():
                for dirpath, dirnames, filenames in os.walk(path):
                    dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                    for name in filenames:
                        suffix = Path(name).suffix.lower()
                        if name.startswith(".") or suffix not in extensions:
                            continue
                        if name.lower() in SIDECARS:
                            continue
                        full = Path(dirpath, name)
                        if _regular(full):
                            total += full.stat().st_size
            elif path.is_file():
                total += path.stat().st_size
        except OSError:
            return None
    return total



SIDECARS = ("meta.json", "meta.csv")


def _directory_items(
    spec: str, root: Path, fetcher: Fetcher | None, options: ReadOptions | None, readers: Readers
) -> Iterator[Item]:
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
    sidecars: list[Path] = []
    real_root = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        # os.walk does not descend into symlinked directories; a symlinked file is read only
        # when it resolves inside the tree, so a link cannot pull in /etc/passwd.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith(".") or Path(name).suffix.lower() not in readers.extensions:
                continue
            full = Path(dirpath, name)
            label = os.path.join(spec, *full.relative_to(root).parts)
            if full.is_symlink() and not _inside(os.path.realpath(full), real_root):
                unreadable_dirs.append(
                    Reject(label, "symbolic link to a file outside the directory (not followed)")
                )
                continue
            if not _regular(full):  # a FIFO would block the read forever; a socket fails
                unreadable_dirs.append(Reject(label, "not a regular file (skipped)"))
                continue
            if name.lower() in SIDECARS:
                sidecars.append(full)
                continue
            found.append((full.relative_to(root).parts, full))
    found.sort()
    if not found:
        known = " ".join(sorted(readers.extensions))
        raise InputError(f"{spec}: no supported files in directory (looked for: {known})")
    if not any(os.access(p, os.R_OK) for _, p in found):
        raise InputError(f"{spec}: no readable files in directory")
    meta = FolderMeta()
    for car in sorted(sidecars):
        label = os.path.join(spec, *car.relative_to(root).parts)
        unreadable_dirs.extend(meta.load(car, label))
    return _walk_files(spec, found, unreadable_dirs, fetcher, options, meta, readers)


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True  # let the read report why it cannot open it


def _walk_files(
    spec: str,
    found: list[tuple[tuple[str, ...], Path]],
    rejects: list[Reject],
    fetcher: Fetcher | None,
    options: ReadOptions | None,
    meta: FolderMeta | None,
    readers: Readers,
) -> Iterator[Item]:
    yield from rejects
    for parts, full in found:
        label = os.path.join(spec, *parts)
        suffix = full.suffix.lower()
        reader = readers.extensions[suffix]
        for item in _file_items(full, label, reader, suffix, fetcher, True, options):
            if meta is not None and isinstance(item, RawArticle):
                meta.apply(full, item)
            yield item


def _file_items(
    path: Path,
    label: str,
    reader: Any,
    suffix: str,
    fetcher: Fetcher | None,
    in_directory: bool,
    options: ReadOptions | None = None,
) -> Iterator[Item]:
    tracker = options.tracker if options is not None else None
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if tracker is not None:
                tracker.opened(fh)
            try:
                yield from _read_stream(fh, label, reader, suffix, size, fetcher, options)
            finally:
                if tracker is not None:
                    tracker.closed(size)
    except OSError as exc:
        reason = f"cannot read ({_os_reason(exc)})"
        if not in_directory:
            raise InputError(f"{label}: {reason}") from None
        yield Reject(label, reason)


def _read_stream(
    fh: IO[bytes],
    label: str,
    reader: Any,
    suffix: str,
    size: int,
    fetcher: Fetcher | None,
    options: ReadOptions | None = None,
) -> Iterator[Item]:
    """Hand one seekable binary stream to ``reader``, after the whole-file checks."""
    head = fh.read(_HEAD)
    fh.seek(0)
    streams = bool(getattr(reader, "streams", False))
    problem = _precheck(head, size, records=streams)
    if problem:
        yield Reject(label, problem)
        return
    if not streams and size > _MAX_DOCUMENT:
        yield Reject(label, f"file too large to read as one document ({size} bytes)")
        return
    yield from reader.read(Document(label, suffix, fh, size, None, fetcher, options))


_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"


def _precheck(head: bytes, size: int, records: bool = False) -> str | None:
    """A whole-file problem, or None.

    A one-document file with a NUL byte near its start is binary. A record file (JSON Lines,
    JSON, CSV) is binary only when control bytes are common in its start (random data has about
    one in ten): a stray NUL or a garbage line there costs only its own record.
    """
    if size == 0:
        return "empty file"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "not valid UTF-8 (UTF-16 text)"
    if records:
        controls = len(head) - len(head.translate(None, _CONTROL))
        if controls * 20 > len(head):
            return "binary file"
    elif b"\x00" in head:
        return "binary file"
    if size <= len(head) and not head.removeprefix(codecs.BOM_UTF8).strip():
        return "empty file"
    return None


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


# ----------------------------------------------------------------------------- URLs


def _url_items(
    spec: str,
    result: FetchResult,
    fetcher: Fetcher,
    own: bool,
    options: ReadOptions | None,
    readers: Readers,
    owner: Any,
) -> Iterator[Item]:
    try:
        if owner is not None:  # the reader whose scheme the URL names reads whatever came
            yield from owner.read(_body_document(spec, result, fetcher, options))
        else:
            yield from _url_body(spec, result, fetcher, options, readers)
    finally:
        if own:
            fetcher.close()


def _body_document(
    spec: str, result: FetchResult, fetcher: Fetcher, options: ReadOptions | None, suffix: str = ""
) -> Document:
    return Document(spec, suffix, io.BytesIO(result.body), len(result.body), result.url,
                    fetcher, options)  # fmt: skip


def _url_body(
    spec: str, result: FetchResult, fetcher: Fetcher, options: ReadOptions | None, readers: Readers
) -> Iterator[Item]:
    """A fetched body: a reader that sniffs it (or claims its content type), else the reader
    of the URL's extension or of its content type, else a lenient reader either names."""
    body, ctype = result.body, result.content_type
    ext = os.path.splitext(urlsplit(result.url).path)[1].lower()
    if not body.strip():
        yield Reject(spec, "empty response")
        return
    sniffed = readers.by_sniff(body[:_HEAD], ctype)
    if sniffed is not None:
        yield from sniffed.read(_body_document(spec, result, fetcher, options, ext))
        return
    # The URL's extension says more than a generic content type such as text/plain.
    reader, suffix = readers.by_extension(ext), ext
    if reader is None or getattr(reader, "sniffs", False):
        reader, suffix = readers.by_media_type(ctype) or (None, "")
    if reader is not None:
        yield from _read_stream(io.BytesIO(body), spec, reader, suffix, len(body), None, options)
        return
    lenient = readers.lenient_for(ext, ctype)
    if lenient is not None:
        yield from lenient.read(_body_document(spec, result, fetcher, options, ext))
        return
    yield Reject(spec, f"not a feed or an article page (content type {ctype or 'unknown'})")
