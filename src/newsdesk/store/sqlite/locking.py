"""Concurrent writers on one SQLite file: wait for the write lock, and retry, never fail.

SQLite lets one writer in at a time. Each connection waits up to the busy timeout for the lock
(``NEWSDESK_SQLITE_BUSY_MS``, default 5 s); when another process holds it longer (a long story
rebuild, a big batch), ``BEGIN IMMEDIATE`` is retried with growing pauses for up to
``NEWSDESK_SQLITE_LOCK_WAIT`` seconds (default 600) before a clear error, instead of the bare
"database is locked". A transaction starts with the lock, so a writer that got in never fails
half-way for want of it.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time

from newsdesk.errors import StoreError


def busy_timeout_ms() -> int:
    return int(os.environ.get("NEWSDESK_SQLITE_BUSY_MS", "5000"))


def lock_wait_s() -> float:
    return float(os.environ.get("NEWSDESK_SQLITE_LOCK_WAIT", "600"))


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


def begin_immediate(conn: sqlite3.Connection, where: str) -> int:
    """``BEGIN IMMEDIATE``, retried while another writer holds the lock; the retries made."""
    deadline = time.monotonic() + lock_wait_s()
    pause = 0.01
    retries = 0
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return retries
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"{where}: another process has held the write lock for over "
                    f"{lock_wait_s():.0f} s; try again when it is done"
                ) from exc
            retries += 1
            time.sleep(pause * (0.5 + random.random()))
            pause = min(pause * 2, 1.0)
