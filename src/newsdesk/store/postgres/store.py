"""The PostgreSQL store: psycopg 3 with a connection pool, pgvector, full-text search.

The same contract as the SQLite store (:class:`newsdesk.store.base.Store`), for teams: several
processes write at once (their write transactions take turns under an advisory lock, readers
never wait), and the archive can grow past what one file serves well. Numbered migrations
under ``migrations/`` are applied on open, one transaction each, under the same lock. The
statements are the shared ones of :mod:`newsdesk.store.sql`, with ``?`` turned into psycopg's
``%s`` here; :mod:`.search` and :mod:`.vectors` hold what PostgreSQL does its own way,
:mod:`.locking` the write lock.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from newsdesk.errors import DependencyError, StoreError
from newsdesk.store.postgres.locking import PgTransactions, take_write_lock
from newsdesk.store.postgres.search import PgSearch
from newsdesk.store.postgres.vectors import PgVectors
from newsdesk.store.sql.access import migrations, now_iso


def _migrations() -> list[tuple[int, str, str]]:
    return migrations("newsdesk.store.postgres")


@lru_cache(maxsize=1024)
def _pg(sql: str) -> str:
    """A shared statement in psycopg's placeholders: ``?`` as ``%s``, a literal ``%`` doubled."""
    return sql.replace("%", "%%").replace("?", "%s")


def redact(url: str) -> str:
    """The URL without its password, for messages and ``stats``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


class PostgresStore(PgTransactions, PgVectors, PgSearch):
    """A newsdesk database in PostgreSQL at ``url`` (migrated to the latest schema on open)."""

    def __init__(self, url: str, *, create: bool = True, pool_size: int = 4) -> None:
        try:
            import psycopg
            from pgvector.psycopg import register_vector
            from psycopg_pool import ConnectionPool
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise DependencyError(
                "the PostgreSQL store needs psycopg, psycopg-pool and pgvector: "
                "pip install 'newsdesk[postgres]'"
            ) from exc
        self.url = url if not url.startswith("postgres://") else "postgresql" + url[8:]
        self.location = redact(self.url)
        self.read_only = False
        self._local = threading.local()
        self._psycopg = psycopg
        self._create = create

        def configure(conn: Any) -> None:
            # the vector type exists only once migration 0001 ran; the pool re-checks later
            if conn.execute("SELECT 1 FROM pg_type WHERE typname = 'vector'").fetchone():
                register_vector(conn)

        self._configure = configure
        try:
            with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
                self._migrate(conn, create)
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(
                f"{self.location}: cannot open the PostgreSQL store ({first})"
            ) from exc
        self.pool = ConnectionPool(
            self.url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True},
            configure=configure,
            open=True,
            timeout=60,
        )

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self.pool.close()

    def _migrate(self, conn: Any, create: bool) -> None:
        exists = conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_migrations' "
            "AND table_schema = current_schema()"
        ).fetchone()
        if not exists and not create:
            raise StoreError(f"{self.location}: no newsdesk store here (ingest something first)")
        with conn.transaction():
            take_write_lock(conn)
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        done = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
        latest = _migrations()[-1][0]
        if done and max(done) > latest:
            raise StoreError(
                f"{self.location}: the store is at schema version {max(done)}, newer than this "
                f"newsdesk's {latest}; refusing to write it (upgrade newsdesk)"
            )
        for version, name, sql in _migrations():
            if version in done:
                continue
            with conn.transaction():
                take_write_lock(conn)
                again = conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE version = %s", (version,)
                ).fetchone()
                if again:  # another process applied it while this one waited for the lock
                    continue
                conn.execute(sql.encode("utf-8"))
                conn.execute(
                    "INSERT INTO schema_migrations VALUES (%s, %s, %s)", (version, name, now_iso())
                )

    # -- the dialect adapter (newsdesk.store.sql.access) -------------------------------------

    SEQ = "seq"
    ID_LIST = "any"

    def _all(
        self, sql: str, params: Sequence[Any] | None = None, *, binary: bool = False
    ) -> list[tuple[Any, ...]]:
        """All rows; ``binary`` asks for the binary wire format (no text parsing of vectors)."""
        with self._conn() as conn:
            query = sql if params is None else _pg(sql)
            return list(conn.execute(query, params, binary=binary).fetchall())

    def _dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        with self._conn() as conn:
            cur = conn.execute(sql if params is None else _pg(sql), params)
            names = [d.name for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def _exec(self, sql: str, params: Sequence[Any] | None = None) -> None:
        with self.write(), self._conn() as conn:
            conn.execute(sql if params is None else _pg(sql), params)

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """``executemany`` (psycopg 3 sends the whole batch in one pipeline round trip)."""
        if not rows:
            return
        with self.write(), self._conn() as conn, conn.cursor() as cur:
            cur.executemany(_pg(sql), rows)
