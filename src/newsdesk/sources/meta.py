"""Sidecar files: a ``meta.json`` or ``meta.csv`` in a folder says what its files are.

Each entry names a file (relative to the sidecar's folder, ``199.txt`` or ``sport/199.txt``)
and gives any of its title, outlet, date and URL; what an entry gives replaces what the file
says itself. ``meta.json`` is an object keyed by file name, or an array of objects with a
``file`` key; ``meta.csv`` has a header with a ``file`` column. Column and key names match as
record fields do (``outlet``/``source``/``publisher``, ``date``/``published``, ``url``/``link``).
A sidecar is never read as articles itself.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from newsdesk.model import RawArticle, Reject
from newsdesk.sources.dates import normalise_date

__all__ = ["FolderMeta"]

_KEYS = {
    "file": "file", "filename": "file", "name": "file", "path": "file",
    "title": "title", "headline": "title",
    "outlet": "source", "source": "source", "publisher": "source",
    "date": "published", "published": "published", "pubdate": "published",
    "url": "url", "link": "url",
}  # fmt: skip


def _norm(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "").replace(" ", "")


class FolderMeta:
    """The sidecar entries of a directory tree, by the real path of the file they describe."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, str]] = {}

    def load(self, path: Path, label: str) -> list[Reject]:
        """Read one sidecar; its problems come back as rejects (the files are still read)."""
        try:
            data = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            return [Reject(label, f"cannot read the sidecar ({exc})")]
        rows: list[tuple[str, dict[str, Any]]]
        if path.suffix.lower() == ".json":
            try:
                value = json.loads(data)
            except json.JSONDecodeError as exc:
                return [Reject(f"{label}:{exc.lineno}", f"invalid JSON ({exc.msg})")]
            if isinstance(value, dict):
                rows = [
                    (str(k), {"file": k, **v} if isinstance(v, dict) else {})
                    for k, v in value.items()
                ]
            elif isinstance(value, list):
                rows = [(f"{i}", v if isinstance(v, dict) else {}) for i, v in enumerate(value)]
            else:
                return [Reject(label, "a sidecar is an object or an array of objects")]
        else:
            reader = csv.DictReader(io.StringIO(data, newline=""))
            rows = [(f"{i + 2}", dict(r)) for i, r in enumerate(reader)]
        rejects = []
        for where, row in rows:
            entry = {
                _KEYS[_norm(str(k))]: str(v).strip()
                for k, v in row.items()
                if k is not None and _norm(str(k)) in _KEYS and v not in (None, "")
            }
            name = entry.pop("file", "")
            if not name:
                rejects.append(Reject(f"{label}:{where}", "sidecar entry without a file name"))
                continue
            if "published" in entry:
                date = normalise_date(entry["published"])
                if date is None:
                    rejects.append(
                        Reject(f"{label}:{where}", f"unreadable date {entry['published']!r}")
                    )
                    del entry["published"]
                else:
                    entry["published"] = date
            target = os.path.realpath(path.parent / name)
            self.entries.setdefault(target, {}).update(entry)
        return rejects

    def apply(self, file: Path, item: RawArticle) -> None:
        entry = self.entries.get(os.path.realpath(file))
        if not entry:
            return
        for key, value in entry.items():
            setattr(item, key, value)
