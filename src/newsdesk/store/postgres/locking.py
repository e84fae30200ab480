"""Writers on one PostgreSQL database take turns: one transaction per ``write()`` under an
advisory lock, as SQLite's ``BEGIN IMMEDIATE`` makes them (:mod:`newsdesk.store.sqlite.locking`).

Inside ``write()`` a thread uses the one connection that holds its transaction; outside, each
call borrows a pooled connection in autocommit mode (reads see the latest committed state).
The duplicate check and the insert of an article happen under the lock, so two processes
ingesting the same article store it once. Readers never wait.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

WRITE_LOCK = 0x6E657773  # "news": the advisory lock every write transaction takes


def take_write_lock(conn: Any) -> None:
    """Wait for the store's write lock, held until ``conn``'s transaction ends."""
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))


class PgTransactions:
    """``write()`` and the connection a call runs on; ``pool`` is set by the store."""

    pool: Any  # psycopg_pool.ConnectionPool
    _local: threading.local

    @contextmanager
    def _conn(self) -> Iterator[Any]:
        held = getattr(self._local, "conn", None)
        if held is not None:
            yield held
            return
        with self.pool.connection() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[None]:
        """One transaction under the store's write lock; nested calls join the outer one."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self.pool.connection() as conn, conn.transaction():
            take_write_lock(conn)
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None
