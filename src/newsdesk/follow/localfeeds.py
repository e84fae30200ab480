"""Feeds kept on disk: a feed file, or a folder of them, watched like a feed URL.

A local source is stored as a ``file://`` URL. Its "conditional GET" is the modification time
and size of its files: when none changed since the last successful poll, the poll is "not
modified" and costs one ``stat`` per file.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsdesk.errors import InputError

__all__ = ["FEED_SUFFIXES", "feed_files", "is_local", "local_source", "path_of", "validator"]

FEED_SUFFIXES = (".xml", ".rss", ".atom")


def is_local(url: str) -> bool:
    return url.lower().startswith("file://")


def path_of(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def local_source(text: str) -> str:
    """The ``file://`` URL of a feed file or folder given as a path or URL; InputError if it is
    neither."""
    path = path_of(text) if is_local(text) else Path(text).expanduser()
    try:
        path = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise InputError(f"{text}: no such file or folder") from None
    if path.is_dir():
        if not feed_files(path):
            raise InputError(f"{text}: no feed files (.xml, .rss, .atom) in the folder")
    elif not path.is_file():
        raise InputError(f"{text}: not a regular file or folder")
    return path.as_uri()


def feed_files(path: Path) -> list[Path]:
    """The feed files of a local source: the file itself, or a folder's feed files (sorted)."""
    if not path.is_dir():
        return [path]
    return sorted(
        p
        for p in path.iterdir()
        if p.suffix.lower() in FEED_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def validator(files: list[Path]) -> str:
    """What changes when any of ``files`` does: their names, sizes and modification times."""
    parts = []
    for p in files:
        try:
            st = os.stat(p)
        except OSError:
            continue
        parts.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(parts)[:2000]
