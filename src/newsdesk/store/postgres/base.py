"""Connections of the PostgreSQL store: a psycopg 3 pool, one transaction per ``write()``.

Every mixin of :class:`~newsdesk.store.postgres.store.PostgresStore` runs its SQL through the
helpers here, so a block of store methods added later (a cache, a history) is a new mixin that
calls ``self._all``/``self._one``/``self._exec``/``self._many`` and nothing else.

Inside ``write()`` a thread uses the one connection that holds its transaction; outside, each
call borrows a pooled connection in autocommit mode (reads see the latest committed state).
``write()`` also takes a transaction-level advisory lock, so writers take turns exactly as they
do on SQLite (``BEGIN IMMEDIATE``): the duplicate check and the insert of an article happen
under the lock, so two processes ingesting the same article store it once. Readers never wait.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from newsdesk.store.base import window_bounds

WRITE_LOCK = 0x6E657773  # "news": the advisory lock every write transaction takes


class PgAccess:
    """The SQL helpers the PostgreSQL mixins share; ``pool`` is set by the store."""

    pool: Any  # psycopg_pool.ConnectionPool
    location: str
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
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    def _all(
        self, sql: str, params: Sequence[Any] | None = None, *, binary: bool = False
    ) -> list[tuple[Any, ...]]:
        """All rows; ``binary`` asks for the binary wire format (no text parsing of vectors)."""
        with self._conn() as conn:
            return list(conn.execute(sql, params, binary=binary).fetchall())

    def _dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        with self._conn() as conn:
            cur = conn.execute(sql, params)
            names = [d.name for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def _one(self, sql: str, params: Sequence[Any] | None = None) -> tuple[Any, ...] | None:
        with self._conn() as conn:
            row = conn.execute(sql, params).fetchone()
            return None if row is None else tuple(row)

    def _exec(self, sql: str, params: Sequence[Any] | None = None) -> None:
        with self.write(), self._conn() as conn:
            conn.execute(sql, params)

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """``executemany`` (psycopg 3 sends the whole batch in one pipeline round trip)."""
        if not rows:
            return
        with self.write(), self._conn() as conn, conn.cursor() as cur:
            cur.executemany(sql, rows)


def date_filter(
    since: str | None, until: str | None, column: str = "published"
) -> tuple[list[str], list[Any]]:
    """SQL conditions for an inclusive date window on ISO strings (dates or datetimes)."""
    lo, hi = window_bounds(since, until)
    where = [c for c, v in ((f"{column} >= %s", lo), (f"{column} <= %s", hi)) if v]
    return where, [v for v in (lo, hi) if v]


def as_array(value: Any) -> np.ndarray:
    """A pgvector value (``Vector`` or ndarray, by pgvector-python version) as float32."""
    if hasattr(value, "to_numpy"):
        value = value.to_numpy()
    return np.asarray(value, dtype=np.float32)
