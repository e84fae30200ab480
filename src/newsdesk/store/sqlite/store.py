"""The SQLite store: one file, WAL mode, numbered migrations, FTS5, an embedding cache.

Connections run in autocommit mode and every write happens inside an explicit ``transaction()``,
so a batch is committed whole or not at all: killing a process at any moment leaves the last
committed state, and SQLite's journal rolls back the rest.
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

from newsdesk.embed.minilm import Embedder, content_key
from newsdesk.errors import AmbiguousIDError, InputError, NotFoundError, StoreError
from newsdesk.ingest.ids import looks_like_id
from newsdesk.model import Article, Sentence

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def _migrations() -> list[tuple[int, str, str]]:
    out = []
    for entry in resources.files("newsdesk.store.sqlite").joinpath("migrations").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            out.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    return sorted(out)


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """A newsdesk database at ``path`` (created, and migrated to the latest schema, on open)."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (ingest something first)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{self.path.parent}: cannot create directory ({exc.strerror})"
            ) from exc
        try:
            self.conn = sqlite3.connect(
                str(self.path), isolation_level=None, timeout=30, check_same_thread=False
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=30000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable newsdesk database ({exc})") from exc

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
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

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- IDs ---------------------------------------------------------------------------------

    def resolve_id(self, prefix: str) -> str:
        """The one article ID starting with ``prefix``; clear errors when none or several."""
        p = prefix.strip().lower().strip("[]")
        if not looks_like_id(p):
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
        for chunk in _chunks(list(ids), 500):
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
    ) -> list[sqlite3.Row]:
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
        return self.conn.execute(sql, params).fetchall()

    def copies_of(self, article_id: str) -> list[sqlite3.Row]:
        """Other members of the article's near-duplicate lineage."""
        row = self.conn.execute(
            "SELECT lineage_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return []
        return self.conn.execute(
            "SELECT id, title, source, published, original_id, similarity FROM articles "
            "WHERE lineage_id = ? AND id != ? ORDER BY published, id",
            (row[0], article_id),
        ).fetchall()

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
            "schema_version": self.schema_version,
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

    # -- embeddings --------------------------------------------------------------------------

    def cached_vectors(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        out: dict[bytes, np.ndarray] = {}
        for chunk in _chunks(list(keys), 500):
            marks = ",".join("?" * len(chunk))
            for k, v in self.conn.execute(
                f"SELECT key, vector FROM embeddings WHERE key IN ({marks})", chunk
            ):
                out[bytes(k)] = np.frombuffer(v, dtype="<f4")
        return out

    def put_vectors(self, model: str, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        """Insert vectors; call inside a transaction."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO embeddings (key, model, dim, vector) VALUES (?, ?, ?, ?)",
            [(k, model, int(v.shape[0]), v.astype("<f4").tobytes()) for k, v in items],
        )

    def embed_texts(self, texts: Sequence[str], embedder: Embedder) -> np.ndarray:
        """Vectors for ``texts``, computing and caching only those not stored yet."""
        keys = [content_key(embedder.name, t) for t in texts]
        have = self.cached_vectors(keys)
        missing = [i for i, k in enumerate(keys) if k not in have]
        if missing:
            uniq: dict[bytes, str] = {}
            for i in missing:
                uniq.setdefault(keys[i], texts[i])
            vecs = embedder.encode(list(uniq.values()))
            fresh = dict(zip(uniq.keys(), vecs, strict=True))
            with self.transaction():
                self.put_vectors(embedder.name, fresh.items())
            have.update(fresh)
        if not texts:
            return np.zeros((0, embedder.dim), dtype=np.float32)
        return np.stack([have[k] for k in keys]).astype(np.float32, copy=False)

    def article_vectors(
        self, ids: Sequence[str] | None = None, model: str = "all-MiniLM-L6-v2"
    ) -> tuple[list[str], np.ndarray]:
        """(ids, matrix) of the stored whole-article vectors, all of them when ``ids`` is None."""
        sql = (
            "SELECT av.article_id, e.vector FROM article_vectors av "
            "JOIN embeddings e ON e.key = av.key WHERE av.model = ?"
        )
        rows: list[tuple[str, bytes]] = []
        if ids is None:
            rows = self.conn.execute(sql + " ORDER BY av.article_id", (model,)).fetchall()
        else:
            for chunk in _chunks(list(ids), 500):
                marks = ",".join("?" * len(chunk))
                rows += self.conn.execute(
                    sql + f" AND av.article_id IN ({marks})", (model, *chunk)
                ).fetchall()
        if not rows:
            return [], np.zeros((0, 384), dtype=np.float32)
        return [r[0] for r in rows], np.stack([np.frombuffer(r[1], dtype="<f4") for r in rows])


def date_filter(since: str | None, until: str | None, column: str = "published") -> tuple[
    list[str], list[Any]
]:
    """SQL conditions for an inclusive date window on ISO strings (dates or datetimes)."""
    where: list[str] = []
    params: list[Any] = []
    if since:
        where.append(f"{column} >= ?")
        params.append(_check_date(since, "--since"))
    if until:
        u = _check_date(until, "--until")
        if len(u) == 10:  # a bare date includes the whole day
            u += "T23:59:59Z"
        where.append(f"{column} <= ?")
        params.append(u)
    return where, params


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?$")


def _check_date(value: str, flag: str) -> str:
    if not _DATE.match(value):
        raise InputError(f"{flag} {value!r}: expected a date like 2026-01-31")
    try:
        datetime.strptime(value[:10], "%Y-%m-%d")
    except ValueError as exc:
        raise InputError(f"{flag} {value!r}: not a real date") from exc
    return value


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
    )


def _chunks(items: list[Any], n: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]
