"""The SQLite store: one file, WAL mode, numbered migrations, FTS5, an embedding cache.

The default implementation of :class:`newsdesk.store.base.Store`. Connections run in
autocommit mode and every write happens inside an explicit ``write()`` transaction, so a batch
is committed whole or not at all: killing a process at any moment leaves the last committed
state, and SQLite's journal rolls back the rest. Story and theme tables are handled by
:class:`~newsdesk.store.sqlite.stories.StoryTables`, mixed in here.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.errors import AmbiguousIDError, NotFoundError, StoreError
from newsdesk.model import Article, Sentence
from newsdesk.store.base import DuplicateCandidate, NewArticle, chunks, window_bounds
from newsdesk.store.sqlite.beat import BeatTables
from newsdesk.store.sqlite.desk import DeskTables
from newsdesk.store.sqlite.llmcache import LLMCacheTables
from newsdesk.store.sqlite.locking import begin_immediate, busy_timeout_ms
from newsdesk.store.sqlite.scale import ExportTables, ScaleTables
from newsdesk.store.sqlite.stories import StoryTables
from newsdesk.store.sqlite.vectors import VectorTables

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def _migrations() -> list[tuple[int, str, str]]:
    out = []
    for entry in (
        resources.files(__package__ or "newsdesk.store.sqlite").joinpath("migrations").iterdir()
    ):
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            out.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    return sorted(out)


def _read_only_failure(exc: sqlite3.OperationalError) -> bool:
    """SQLite's ways of saying the file or its directory cannot be written."""
    text = str(exc).lower()
    return any(
        m in text for m in ("unable to open database", "readonly database", "read-only")
    )


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


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SQLiteStore(
    VectorTables, StoryTables, ScaleTables, ExportTables, BeatTables, LLMCacheTables, DeskTables
):
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

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

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

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM story_state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.write():
            self.conn.execute(
                "INSERT OR REPLACE INTO story_state (key, value) VALUES (?, ?)", (key, value)
            )

    # -- IDs ---------------------------------------------------------------------------------

    def resolve_id(self, prefix: str) -> str:
        """The one article ID starting with ``prefix``; clear errors when none or several."""
        p = prefix.strip().lower().strip("[]")
        if not p or any(c not in "0123456789abcdef" for c in p):
            raise NotFoundError(f"{prefix!r} is not an article ID (expected hex digits)")
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
            (p, p + "g"),
        ).fetchall()
        exact = [r["id"] for r in rows if r["id"] == p]
        if exact:
            return exact[0]
        if not rows:
            raise NotFoundError(f"no article with ID or prefix {prefix!r}")
        if len(rows) > 1:
            shown = ", ".join(r["id"] for r in rows[:5])
            more = " ..." if len(rows) > 5 else ""
            raise AmbiguousIDError(f"ID prefix {prefix!r} is ambiguous: {shown}{more}")
        return str(rows[0]["id"])

    def ids_with_prefix(self, prefix: str) -> set[str]:
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ?", (prefix, prefix + "g")
        )
        return {r[0] for r in rows}

    # -- articles ----------------------------------------------------------------------------

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def get_article(self, article_id: str, *, sentences: bool = True) -> Article:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with ID {article_id!r}")
        art = _article_from_row(row)
        if sentences:
            art.sentences = self.sentences(article_id)
        return art

    def get_articles(self, ids: Sequence[str], *, sentences: bool = True) -> list[Article]:
        """Articles for ``ids`` in the given order (unknown IDs are skipped)."""
        out: dict[str, Article] = {}
        for chunk in chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                out[row["id"]] = _article_from_row(row)
            if sentences:
                for row in self.conn.execute(
                    f"SELECT article_id, idx, start, end, text FROM sentences "
                    f"WHERE article_id IN ({marks}) ORDER BY article_id, idx",
                    chunk,
                ):
                    out[row[0]].sentences.append(Sentence(row[1], row[2], row[3], row[4]))
        return [out[i] for i in ids if i in out]

    def sentences(self, article_id: str) -> list[Sentence]:
        rows = self.conn.execute(
            "SELECT idx, start, end, text FROM sentences WHERE article_id = ? ORDER BY idx",
            (article_id,),
        )
        return [Sentence(r[0], r[1], r[2], r[3]) for r in rows]

    def list_articles(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        where, params = date_filter(since, until)
        if source:
            where.append("source = ? COLLATE NOCASE")
            params.append(source)
        sql = (
            "SELECT id, title, url, published, source, author, original_id, lineage_id "
            "FROM articles"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY published IS NULL, published, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self.conn.execute(sql, params)]

    def copies_of(self, article_id: str) -> list[dict[str, Any]]:
        """Other members of the article's near-duplicate lineage."""
        row = self.conn.execute(
            "SELECT lineage_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return []
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT id, title, source, published, original_id, similarity FROM articles "
                "WHERE lineage_id = ? AND id != ? ORDER BY published, id",
                (row[0], article_id),
            )
        ]

    def stats(self) -> dict[str, Any]:
        c = self.conn
        one = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
        first, last = c.execute("SELECT MIN(published), MAX(published) FROM articles").fetchone()
        by_source = c.execute(
            "SELECT COALESCE(source, '(unknown)') AS s, COUNT(*) AS n FROM articles "
            "GROUP BY s ORDER BY n DESC, s"
        ).fetchall()
        return {
            "db": str(self.path),
            "schema_version": self.schema_version(),
            "articles": one("SELECT COUNT(*) FROM articles"),
            "near_duplicates": one("SELECT COUNT(*) FROM articles WHERE original_id IS NOT NULL"),
            "lineages": one("SELECT COUNT(DISTINCT lineage_id) FROM articles"),
            "lineages_with_copies": one(
                "SELECT COUNT(*) FROM (SELECT lineage_id FROM articles GROUP BY lineage_id "
                "HAVING COUNT(*) > 1)"
            ),
            "sentences": one("SELECT COUNT(*) FROM sentences"),
            "embeddings": one("SELECT COUNT(*) FROM embeddings"),
            "sources": len(by_source),
            "first_published": first,
            "last_published": last,
            "by_source": {r[0]: r[1] for r in by_source},
        }

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(chunk))
            for aid, text in self.conn.execute(
                f"SELECT id, text FROM articles WHERE id IN ({marks})", list(chunk)
            ):
                out[aid] = text
        return out

    def articles_after(self, seq: int, limit: int) -> list[tuple[int, str]]:
        rows = self.conn.execute(
            "SELECT rowid, id FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (int(seq), int(limit)),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    def ids_in_window(self, since: str | None, until: str | None) -> set[str]:
        where, params = date_filter(since, until)
        sql = "SELECT id FROM articles" + (" WHERE " + " AND ".join(where) if where else "")
        return {r[0] for r in self.conn.execute(sql, params)}

    # -- lineages ----------------------------------------------------------------------------

    def lineages(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for aid, lin in self.conn.execute(
                f"SELECT id, lineage_id FROM articles WHERE id IN ({marks})", list(chunk)
            ):
                out[aid] = lin
        return out

    def lineage_members(self, lineage_id: str) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM articles WHERE lineage_id = ? ORDER BY published, id",
                (lineage_id,),
            )
        ]

    # -- ingest ------------------------------------------------------------------------------

    def find_duplicate(
        self, key: str, text_hash: str, canonical_url: str | None
    ) -> tuple[str, str] | None:
        row = self.conn.execute(
            "SELECT id, key = ? OR canonical_url = ? FROM articles WHERE key = ? OR text_hash = ? "
            "OR (canonical_url IS NOT NULL AND canonical_url = ?) LIMIT 1",
            (key, canonical_url, key, text_hash, canonical_url),
        ).fetchone()
        if row is None:
            return None
        return str(row[0]), "same URL" if row[1] else "same text"

    def duplicate_candidates(self, bands: Sequence[int]) -> list[DuplicateCandidate]:
        if not bands:
            return []
        clause = " OR ".join("(b.band = ? AND b.hash = ?)" for _ in bands)
        params: list[int] = []
        for i, h in enumerate(bands):
            params += [i, h]
        rows = self.conn.execute(
            "SELECT a.id, a.minhash, a.text FROM articles a WHERE a.id IN "
            f"(SELECT DISTINCT b.article_id FROM minhash_bands b WHERE {clause}) ORDER BY a.id",
            params,
        )
        return [
            DuplicateCandidate(
                id=r[0],
                minhash=None if r[1] is None else np.frombuffer(r[1], dtype=np.uint64),
                text=r[2],
            )
            for r in rows
        ]

    def add_article(self, a: NewArticle) -> None:
        with self.write():
            self.conn.execute(
                "INSERT INTO articles (id, key, url, canonical_url, text_hash, title, text, "
                "published, source, author, original_id, similarity, lineage_id, minhash, origin, "
                "ingested_at, encoding, previous_id, date_source) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    a.id, a.key, a.url, a.canonical_url, a.text_hash, a.title, a.text,
                    a.published, a.source, a.author, a.original_id, a.similarity,
                    a.lineage_id, np.asarray(a.minhash, dtype=np.uint64).tobytes(), a.origin,
                    now_iso(), a.encoding, a.previous_id, a.date_source,
                ),
            )  # fmt: skip
            self.conn.executemany(
                "INSERT INTO sentences (article_id, idx, start, end, text) VALUES (?, ?, ?, ?, ?)",
                [(a.id, s.index, s.start, s.end, s.text) for s in a.sentences],
            )
            self.conn.executemany(
                "INSERT INTO minhash_bands (band, hash, article_id) VALUES (?, ?, ?)",
                [(i, h, a.id) for i, h in enumerate(a.bands)],
            )

    def published_of(self, article_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT published FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else row[0]

    def reroot_lineage(self, old_root: str, new_root: str, similarity: float | None) -> None:
        with self.write():
            c = self.conn
            c.execute(
                "UPDATE articles SET lineage_id = ? WHERE lineage_id = ?", (new_root, old_root)
            )
            c.execute(
                "UPDATE articles SET original_id = ?, similarity = ? WHERE id = ?",
                (new_root, similarity, old_root),
            )
            c.execute(
                "UPDATE articles SET original_id = NULL, similarity = NULL WHERE id = ?",
                (new_root,),
            )


def date_filter(
    since: str | None, until: str | None, column: str = "published"
) -> tuple[list[str], list[Any]]:
    """SQL conditions for an inclusive date window on ISO strings (dates or datetimes)."""
    lo, hi = window_bounds(since, until)
    where: list[str] = []
    params: list[Any] = []
    if lo:
        where.append(f"{column} >= ?")
        params.append(lo)
    if hi:
        where.append(f"{column} <= ?")
        params.append(hi)
    return where, params


def _article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        title=row["title"],
        text=row["text"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        published=row["published"],
        source=row["source"],
        author=row["author"],
        original_id=row["original_id"],
        similarity=row["similarity"],
        encoding=row["encoding"] if "encoding" in row.keys() else None,
        date_source=row["date_source"] if "date_source" in row.keys() else None,
    )
