"""Source readers as plug-ins: each format is a reader found by URL scheme, extension or sniffing.

A reader is registered in the ``newsdesk.sources`` entry-point group (see
:mod:`newsdesk.plugins`); the entry point names a factory called with the options of the
config file's ``[source.NAME]`` table as keyword arguments (none when there is no table). The
object it returns has the attributes of :class:`Reader` (subclassing it is optional):

* ``extensions``: the file extensions it reads (``".csv"``), for files, directories and the
  path of a URL;
* ``media_types``: ``{content type: extension}`` for a fetched body whose URL says nothing;
* ``schemes``: URL scheme prefixes it owns: ``PREFIX+http://...`` and ``PREFIX+https://...``
  are fetched as http(s) (through the SSRF guard and limits of the fetcher, with conditional
  GET when ``newsdesk watch`` polls them) and the body handed to this reader;
* ``sniff(head, content_type)``: True when the first bytes (or the content type) show the
  document is its format; readers that sniff are asked first for a fetched body and for a file
  with an unknown extension;
* ``read(doc)``: the articles (:class:`~newsdesk.model.RawArticle`) and rejects
  (:class:`~newsdesk.model.Reject`) of one :class:`Document`.

The built-in readers come first in this order, so a plug-in cannot take over their extensions:
``feeds`` (RSS/Atom), ``pages`` (HTML), ``records`` (JSON Lines, JSON, CSV/TSV) and ``text``
(.txt/.md); then plug-ins by name.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from newsdesk.errors import InputError
from newsdesk.model import RawArticle, Reject

if TYPE_CHECKING:
    from newsdesk.sources.fetch import Fetcher
    from newsdesk.sources.mapping import ReadOptions

__all__ = ["BUILTIN_ORDER", "Document", "Reader", "Readers", "load_readers"]

Item = RawArticle | Reject

BUILTIN_ORDER = ("feeds", "pages", "records", "text")

_PREFIXED = re.compile(r"^([A-Za-z][A-Za-z0-9.-]*)\+(https?://.*)$", re.S)


@dataclass
class Document:
    """One document for a reader: a seekable binary stream and where it came from."""

    label: str  # where: the path as given, or the URL as given (FILE or URL in rejects)
    suffix: str  # the lower-case extension that named the format (".csv"), "" if none did
    fh: IO[bytes]
    size: int
    url: str | None = None  # the final URL of a fetched body; None for a file
    fetcher: Fetcher | None = None  # for the linked pages of feed entries (None: no network)
    options: ReadOptions | None = None  # the user's field mapping (--map, --records, ...)

    def data(self) -> bytes:
        """The whole document (the caller has capped one-document files at 64 MB)."""
        return self.fh.read()


class Reader:
    """Defaults for a source reader; a plug-in may subclass this or just have these names."""

    name = ""
    extensions: tuple[str, ...] = ()
    media_types: Mapping[str, str] = {}
    schemes: tuple[str, ...] = ()
    streams = False  # reads record by record: no whole-document size cap, lenient binary check
    sniffs = False  # sniff() can say yes
    lenient = False  # also gets a body it did not sniff when the extension or type names it

    def sniff(self, head: bytes, content_type: str = "") -> bool:
        return False

    def read(self, doc: Document) -> Iterator[Item]:
        raise NotImplementedError


class Readers:
    """The readers of one run, in lookup order, with their extension and scheme tables."""

    def __init__(self, readers: list[Any]) -> None:
        self.readers = readers
        self.extensions: dict[str, Any] = {}
        self.schemes: dict[str, Any] = {}
        for r in readers:
            for ext in getattr(r, "extensions", ()):
                self.extensions.setdefault(ext.lower(), r)
            for scheme in getattr(r, "schemes", ()):
                self.schemes.setdefault(scheme.lower(), r)

    def named(self, name: str) -> Any:
        for r in self.readers:
            if r.name == name:
                return r
        raise InputError(f"no source reader {name!r}")

    def by_extension(self, ext: str) -> Any | None:
        return self.extensions.get(ext.lower())

    def by_sniff(self, head: bytes, content_type: str = "") -> Any | None:
        for r in self.readers:
            if getattr(r, "sniffs", False) and r.sniff(head, content_type):
                return r
        return None

    def by_media_type(self, content_type: str) -> tuple[Any, str] | None:
        """A reader that does not sniff and takes this content type, with its extension."""
        for r in self.readers:
            suffix = getattr(r, "media_types", {}).get(content_type)
            if suffix is not None and not getattr(r, "sniffs", False):
                return r, suffix
        return None

    def lenient_for(self, ext: str, content_type: str) -> Any | None:
        """A lenient reader the URL's extension or content type names (feedparser reads
        more than the sniff recognises, so ``.xml`` and ``application/xml`` go to it)."""
        for r in self.readers:
            if getattr(r, "lenient", False) and (
                ext in getattr(r, "extensions", ()) or content_type in getattr(r, "media_types", {})
            ):
                return r
        return None

    def for_url(self, url: str) -> tuple[Any, str] | None:
        """``(reader, http URL)`` for a ``PREFIX+http(s)://`` URL whose prefix a reader owns."""
        m = _PREFIXED.match(url)
        if m is None:
            return None
        reader = self.schemes.get(m.group(1).lower())
        return (reader, m.group(2)) if reader is not None else None

    def scheme_names(self) -> list[str]:
        return sorted(f"{p}+{s}" for p in self.schemes for s in ("http", "https"))


_built: dict[tuple[Any, ...], Readers] = {}


def load_readers(options: Mapping[str, Mapping[str, Any]] | None = None) -> Readers:
    """Every registered reader, built with its ``[source.NAME]`` options (none without a table).

    Built once per process for the same options, installed plug-ins and run-time registrations
    (finding the entry points costs about 50 ms, and ingest asks once per source given).
    InputError (one line) for a table naming no reader or options a reader refuses.
    """
    from newsdesk import plugins

    options = options or {}
    runtime = plugins._runtime["source"]  # register()/unregister() change what is found
    key = (
        json.dumps(options, sort_keys=True, default=repr),
        tuple(sys.path),
        tuple((name, id(factory)) for name, factory in sorted(runtime.items())),
    )
    if key in _built:
        return _built[key]
    names = plugins.names("source")
    unknown = sorted(set(options) - set(names))
    if unknown:
        raise InputError(
            f"[source.{unknown[0]}]: no such source reader (readers: {', '.join(names)})"
        )
    order = [n for n in BUILTIN_ORDER if n in names] + [n for n in names if n not in BUILTIN_ORDER]
    readers = []
    for name in order:
        factory = plugins.get("source", name)
        opts = dict(options.get(name) or {})
        try:
            reader = factory(**opts)
        except (TypeError, ValueError) as exc:
            raise InputError(f"[source.{name}]: {' '.join(str(exc).split())}") from None
        reader.name = name  # the entry point's name is the one [source.NAME] uses
        readers.append(reader)
    if len(_built) >= 16:
        _built.clear()
    _built[key] = Readers(readers)
    return _built[key]
