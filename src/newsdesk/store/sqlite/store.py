"""The SQLite store: one file, WAL mode, numbered migrations, FTS5, an embedding cache.

The default implementation of :class:`newsdesk.store.base.Store`. Connections run in
autocommit mode and every write happens inside an explicit ``write()`` transaction, so a batch
is committed whole or not at all: killing a process at any moment leaves the last committed
state, and SQLite's journal rolls back the rest. The statements are the shared ones of
:mod:`newsdesk.store.sql`; this module opens, migrates and runs them, :mod:`.search` and
:mod:`.vectors` hold what SQLite does its own way, :mod:`.locking` the wait for the lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsdesk.errors import StoreError
from newsdesk.store.sql.access import migrations, now_iso
from newsdesk.store.sqlite.locking import begin_immediate, busy_timeout_ms
from newsdesk.store.sqlite.search import SQLiteSearch
from newsdesk.store.sqlite.vectors import SQLiteVectors


def _migrations() -> list[tuple[int, str, str]]:
    return migrations("newsdesk.store.sqlite")


def _read_only_failure(exc: sqlite3.OperationalError) -> bool:
    """SQLite's ways of saying the file or its directory cannot be written."""
    text = str(exc).lower()
    return any(m in text for m in ("unable to open database", "readonly database", "read-only"))


def _disk_full(exc: sqlite3.Error) -> bool:
    return "full" in str(exc).lower()


def _check_identity(conn: sqlite3.Connection, path: Path) -> str | None:
    """Refuse a SQLite file that is not a newsdesk store, before anything is written to it.

    Returns a message when the store was written by a newer newsdesk (writes are then refused),
    else None. A fresh, empty file is a new store.
    """
    tables = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if tables and "schema_migrations" not in tables:
        shown = ", ".join(sorted(tables)[:3]) + (", ..." if len(tables) > 3 else "")
        raise StoreError(f"{path}: not a newsdesk store (it holds other tables: {shown})")
    latest = _migrations()[-1][0]
    user_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if user_version > latest:
        return (
            f"{path}: the store is at schema version {user_version} (user_version), newer than "
            f"this newsdesk's {latest}; refusing to write it (upgrade newsdesk)"
        )
    return None


class SQLiteStore(SQLiteVectors, SQLiteSearch):
    """A newsdesk database at ``path`` (created, and migrated to the latest schema, on open)."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (ingest something first)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{self.path.parent}: cannot create directory ({exc.strerror})"
            ) from exc
        self.read_only = False
        self.newer_schema: str | None = None
        try:
            self.conn = sqlite3.connect(
                str(self.path),
                isolation_level=None,
                timeout=busy_timeout_ms() / 1000,
                check_same_thread=False,
            )
            self.conn.row_factory = sqlite3.Row
            self.newer_schema = _check_identity(self.conn, self.path)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
            self._migrate()
        except sqlite3.OperationalError as exc:
            if not _read_only_failure(exc):
                raise StoreError(f"{self.path}: not a usable newsdesk database ({exc})") from exc
            if create:
                raise StoreError(
                    f"{self.path}: cannot open the database for writing ({exc}; is the file "
                    "or its directory read-only?)"
                ) from exc
            self.conn.close()
            self._open_read_only()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable newsdesk database ({exc})") from exc

    def _open_read_only(self) -> None:
        """Open a store on read-only media (a CD, a read-only mount or file) for reading.

        ``immutable=1`` tells SQLite nobody writes the file, so it needs no -shm/-wal beside
        it; anything a read command would write (an embedding cache entry) then fails with a
        one-line StoreError naming the database.
        """
        uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
        try:
            self.conn = sqlite3.connect(
                uri, uri=True, isolation_level=None, timeout=30, check_same_thread=False
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys=ON")
            latest = _migrations()[-1][0]
            if self.schema_version() < latest:
                raise StoreError(
                    f"{self.path}: read-only database at schema {self.schema_version()}, "
                    f"newsdesk needs {latest} (open it once where it can be written)"
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable newsdesk database ({exc})") from exc
        self.read_only = True

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        latest = _migrations()[-1][0]
        if done and max(done) > latest:  # written by a newer newsdesk: leave it as it is
            self.newer_schema = self.newer_schema or (
                f"{self.path}: the store is at schema version {max(done)}, newer than this "
                f"newsdesk's {latest}; refusing to write it (upgrade newsdesk)"
            )
        if self.newer_schema:
            return
        for version, name, sql in _migrations():
            if version in done:
                continue
            # One transaction per migration: it applies whole or not at all.
            script = (
                f"BEGIN IMMEDIATE;\n{sql}\n;INSERT INTO schema_migrations VALUES "
                f"({version}, '{name}', '{now_iso()}');\nCOMMIT;"
            )
            try:
                self.conn.executescript(script)
            except sqlite3.Error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    @contextmanager
    def write(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception; nested calls join."""
        if self.conn.in_transaction:
            yield
            return
        if getattr(self, "newer_schema", None):
            raise StoreError(str(self.newer_schema))
        if self.read_only:
            raise StoreError(
                f"{self.path}: the database is read-only here (this command needs to write)"
            )
        begin_immediate(self.conn, self.location)
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite has already rolled back after some errors (a full disk): roll back only
            # what is still open, so the cause is not hidden behind "no transaction is active"
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and _disk_full(exc):
                raise StoreError(
                    f"{self.path}: database or disk is full; the last batch was not written "
                    "(what was committed before it is kept)"
                ) from None
            raise

    # -- the dialect adapter (newsdesk.store.sql.access) -------------------------------------

    SEQ = "rowid"
    ID_LIST = "in"

    def _all(
        self, sql: str, params: Sequence[Any] | None = None, *, binary: bool = False
    ) -> list[Any]:
        return self.conn.execute(sql, params or ()).fetchall()

    def _dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, params or ())]

    def _exec(self, sql: str, params: Sequence[Any] | None = None) -> None:
        with self.write():
            self.conn.execute(sql, params or ())

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with self.write():
            self.conn.executemany(sql, rows)
