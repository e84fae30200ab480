"""The SQLite store, newsdesk's embedded default."""

from __future__ import annotations

from pathlib import Path

from newsdesk.store.sqlite.store import SQLiteStore


def open_sqlite_store(location: str | Path, *, create: bool = True) -> SQLiteStore:
    """Open ``location``: a file path or a ``sqlite:///path`` URL."""
    text = str(location)
    if text.lower().startswith("sqlite://"):
        text = text[len("sqlite://") :]
    return SQLiteStore(text, create=create)


__all__ = ["SQLiteStore", "open_sqlite_store"]
