"""How a user's own records map onto articles: ``--map``, ``--records``, ``--outlet``, ``--date``.

* ``--map title=newsTitle,text=newBody,url=newsLink,outlet=newsSource``: which field of a
  JSON/JSONL/CSV record holds each article field. A path is dotted for nested fields
  (``body.text``; a number indexes a list: ``authors.0``). Fields not mapped are still found
  by their usual names.
* ``--records news.*``: each line (or array element) holds several articles: the list, or the
  object's values, at that path (``*`` unpacks it; a path without ``*`` naming a list unpacks
  it too). Only the unpacked record is read: fields of the enclosing record, such as a story's
  date, are not handed down to its articles.
* ``--outlet`` and ``--date``: the outlet and date of every article that does not give its own.

A ``[profile.NAME]`` table in the config file holds the same keys (``records``, ``map`` as a
string or a table, ``outlet``, ``date``) for ``--profile NAME``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from newsdesk.errors import InputError

__all__ = ["FIELDS", "ReadOptions", "ReadTracker", "parse_map", "resolve", "unpack"]

# the article fields a record can map, with the names users write for them
FIELDS = ("title", "text", "url", "date", "outlet", "author")
_ALIASES = {"published": "date", "source": "outlet", "link": "url", "body": "text"}


@dataclass(frozen=True)
class ReadOptions:
    """What the user said about their records: field paths, where records sit, defaults."""

    fields: Mapping[str, str] = field(default_factory=dict)  # article field -> dotted path
    records: str | None = None  # dotted path of the records inside each line / element
    outlet: str | None = None
    date: str | None = None  # normalised ISO date
    tracker: ReadTracker | None = None  # counts the input bytes read, for progress
    # the config file's [source.NAME] tables: the options each source reader is built with
    sources: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def maps(self) -> bool:
        return bool(self.fields or self.records)


class ReadTracker:
    """How many bytes of the local input files have been read so far (for a progress bar)."""

    def __init__(self) -> None:
        self.done = 0
        self._fh: IO[bytes] | None = None

    def opened(self, fh: IO[bytes]) -> None:
        self._fh = fh

    def closed(self, size: int) -> None:
        self.done += size
        self._fh = None

    def position(self) -> int:
        fh, pos = self._fh, self.done
        if fh is not None:
            try:
                pos += fh.tell()
            except (ValueError, OSError):  # closed meanwhile
                pass
        return pos


def parse_map(spec: str | Mapping[str, str], where: str = "--map") -> dict[str, str]:
    """``title=newsTitle,text=body.text`` (or a table of the same) as {field: path}."""
    pairs: list[tuple[str, str]]
    if isinstance(spec, Mapping):
        pairs = [(str(k), str(v)) for k, v in spec.items()]
    else:
        pairs = []
        for part in spec.split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise InputError(f"{where}: expected FIELD=PATH, got {part.strip()!r}")
            name, path = part.split("=", 1)
            pairs.append((name, path))
    out: dict[str, str] = {}
    for name, path in pairs:
        key = _ALIASES.get(name.strip().lower(), name.strip().lower())
        if key not in FIELDS:
            raise InputError(
                f"{where}: unknown field {name.strip()!r} (fields: {', '.join(FIELDS)})"
            )
        if not path.strip() or any(not p for p in path.strip().split(".")):
            raise InputError(f"{where}: {name.strip()}: empty path")
        out[key] = path.strip()
    if not out:
        raise InputError(f"{where}: no FIELD=PATH given")
    return out


_MISSING = object()


def resolve(value: Any, path: str) -> Any:
    """The value at a dotted ``path`` inside ``value`` (a number indexes a list), or None.

    A key matches exactly first, then ignoring case, ``_`` and ``-``.
    """
    node = value
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit():
            i = int(part)
            node = node[i] if i < len(node) else None
        elif isinstance(node, dict):
            got = node.get(part, _MISSING)
            if got is _MISSING:
                want = _norm(part)
                got = next((v for k, v in node.items() if _norm(str(k)) == want), None)
            node = got
        else:
            return None
        if node is None:
            return None
    return node


def _norm(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


def unpack(record: Any, path: str) -> Iterator[tuple[str, Any]]:
    """The records at ``path`` inside ``record``, each with a label for messages.

    ``news.*``: each value of the object (or element of the list) at ``news``, labelled
    ``news.left``, ``news.0``, ...; a path without ``*`` naming a list gives its elements,
    naming an object gives that one object. Null entries are skipped (a story without a
    right-hand article has nothing to ingest there).
    """
    base = path[:-2] if path.endswith(".*") else path.rstrip("*").rstrip(".")
    holder = resolve(record, base) if base else record
    if holder is None:
        raise LookupError(f"no {base!r} in the record")
    if isinstance(holder, list):
        for i, item in enumerate(holder):
            if item is not None:
                yield f"{base}.{i}", item
    elif isinstance(holder, dict) and (path.endswith("*")):
        for key, item in holder.items():
            if item is not None:
                yield f"{base}.{key}", item
    else:
        yield base, holder
