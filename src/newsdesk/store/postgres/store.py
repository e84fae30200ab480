"""The PostgreSQL store: psycopg 3 with a connection pool, pgvector, full-text search.

The same contract as the SQLite store (:class:`newsdesk.store.base.Store`), for teams: several
processes write at once (their write transactions take turns under an advisory lock, readers
never wait), and the archive can grow past what one file serves well. Numbered migrations
under ``migrations/`` are applied on open, one transaction each, under the same lock. Vectors,
search and stories live in mixins (:mod:`.vectors`, :mod:`.stories`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from importlib import resources
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from newsdesk.errors import AmbiguousIDError, DependencyError, NotFoundError, StoreError
from newsdesk.model import Article, Sentence
from newsdesk.store.base import DuplicateCandidate, NewArticle
from newsdesk.store.postgres.base import WRITE_LOCK, PgAccess, date_filter
from newsdesk.store.postgres.beat import PgBeatTables
from newsdesk.store.postgres.desk import PgDeskTables
from newsdesk.store.postgres.export import PgExportTables
from newsdesk.store.postgres.llmcache import PgLLMCacheTables
from newsdesk.store.postgres.stories import PgStoryTables
from newsdesk.store.postgres.vectors import PgVectorTables

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_ARTICLE_COLS = (
    "id, title, text, url, canonical_url, published, source, author, original_id, similarity,"
    " date_source"
)


def _migrations() -> list[tuple[int, str, str]]:
    out = []
    for entry in resources.files("newsdesk.store.postgres").joinpath("migrations").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            out.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    return sorted(out)


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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


class PostgresStore(
    PgVectorTables,
    PgStoryTables,
    PgExportTables,
    PgBeatTables,
    PgLLMCacheTables,
    PgDeskTables,
    PgAccess,
):
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

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self, conn: Any, create: bool) -> None:
        exists = conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_migrations' "
            "AND table_schema = current_schema()"
        ).fetchone()
        if not exists and not create:
            raise StoreError(f"{self.location}: no newsdesk store here (ingest something first)")
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
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
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                again = conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE version = %s", (version,)
                ).fetchone()
                if again:  # another process applied it while this one waited for the lock
                    continue
                conn.execute(sql.encode("utf-8"))
                conn.execute(
                    "INSERT INTO schema_migrations VALUES (%s, %s, %s)", (version, name, now_iso())
                )

    def schema_version(self) -> int:
        row = self._one("SELECT MAX(version) FROM schema_migrations")
        return int(row[0] or 0) if row else 0

    def get_meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM story_state WHERE key = %s", (key,))
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._exec(
            "INSERT INTO story_state (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- IDs ---------------------------------------------------------------------------------

    def resolve_id(self, prefix: str) -> str:
        p = prefix.strip().lower().strip("[]")
        if not p or any(c not in "0123456789abcdef" for c in p):
            raise NotFoundError(f"{prefix!r} is not an article ID (expected hex digits)")
        rows = [
            r[0]
            for r in self._all(
                "SELECT id FROM articles WHERE id >= %s AND id < %s ORDER BY id LIMIT 6",
                (p, p + "g"),
            )
        ]
        if p in rows:
            return p
        if not rows:
            raise NotFoundError(f"no article with ID or prefix {prefix!r}")
        if len(rows) > 1:
            more = " ..." if len(rows) > 5 else ""
            raise AmbiguousIDError(
                f"ID prefix {prefix!r} is ambiguous: {', '.join(rows[:5])}{more}"
            )
        return str(rows[0])

    def ids_with_prefix(self, prefix: str) -> set[str]:
        rows = self._all(
            "SELECT id FROM articles WHERE id >= %s AND id < %s", (prefix, prefix + "g")
        )
        return {r[0] for r in rows}

    # -- articles ----------------------------------------------------------------------------

    def count(self) -> int:
        row = self._one("SELECT COUNT(*) FROM articles")
        return int(row[0]) if row else 0

    def get_article(self, article_id: str, *, sentences: bool = True) -> Article:
        rows = self.get_articles([article_id], sentences=sentences)
        if not rows:
            raise NotFoundError(f"no article with ID {article_id!r}")
        return rows[0]

    def get_articles(self, ids: Sequence[str], *, sentences: bool = True) -> list[Article]:
        wanted = list(ids)
        out = {
            r[0]: Article(
                id=r[0], title=r[1], text=r[2], url=r[3], canonical_url=r[4], published=r[5],
                source=r[6], author=r[7], original_id=r[8], similarity=r[9], date_source=r[10],
            )  # fmt: skip
            for r in self._all(
                f"SELECT {_ARTICLE_COLS} FROM articles WHERE id = ANY(%s)", (wanted,)
            )
        }
        if sentences and out:
            for aid, idx, start, end, text in self._all(
                'SELECT article_id, idx, start, "end", text FROM sentences '
                "WHERE article_id = ANY(%s) ORDER BY article_id, idx",
                (list(out),),
            ):
                out[aid].sentences.append(Sentence(idx, start, end, text))
        return [out[i] for i in wanted if i in out]

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
            where.append("lower(source) = lower(%s)")
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
        return self._dicts(sql, params)

    def copies_of(self, article_id: str) -> list[dict[str, Any]]:
        return self._dicts(
            "SELECT b.id, b.title, b.source, b.published, b.original_id, b.similarity "
            "FROM articles a JOIN articles b ON b.lineage_id = a.lineage_id AND b.id != a.id "
            "WHERE a.id = %s ORDER BY b.published NULLS FIRST, b.id",
            (article_id,),
        )

    def stats(self) -> dict[str, Any]:
        def one(sql: str) -> Any:
            row = self._one(sql)
            return row[0] if row else None

        first_last = self._one("SELECT MIN(published), MAX(published) FROM articles") or (
            None,
            None,
        )
        by_source = self._all(
            "SELECT COALESCE(source, '(unknown)') AS s, COUNT(*) AS n FROM articles "
            "GROUP BY s ORDER BY n DESC, s"
        )
        return {
            "db": self.location,
            "schema_version": self.schema_version(),
            "articles": one("SELECT COUNT(*) FROM articles"),
            "near_duplicates": one("SELECT COUNT(*) FROM articles WHERE original_id IS NOT NULL"),
            "lineages": one("SELECT COUNT(DISTINCT lineage_id) FROM articles"),
            "lineages_with_copies": one(
                "SELECT COUNT(*) FROM (SELECT lineage_id FROM articles GROUP BY lineage_id "
                "HAVING COUNT(*) > 1) x"
            ),
            "sentences": one("SELECT COUNT(*) FROM sentences"),
            "embeddings": one("SELECT COUNT(*) FROM embeddings"),
            "sources": len(by_source),
            "first_published": first_last[0],
            "last_published": first_last[1],
            "by_source": {r[0]: r[1] for r in by_source},
        }

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(ids))
        return {
            r[0]: r[1]
            for r in self._all("SELECT id, text FROM articles WHERE id = ANY(%s)", (wanted,))
        }

    def articles_after(self, seq: int, limit: int) -> list[tuple[int, str]]:
        rows = self._all(
            "SELECT seq, id FROM articles WHERE seq > %s ORDER BY seq LIMIT %s",
            (int(seq), int(limit)),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    def ids_in_window(self, since: str | None, until: str | None) -> set[str]:
        where, params = date_filter(since, until)
        sql = "SELECT id FROM articles" + (" WHERE " + " AND ".join(where) if where else "")
        return {r[0] for r in self._all(sql, params)}

    # -- lineages ----------------------------------------------------------------------------

    def lineages(self, ids: Sequence[str]) -> dict[str, str]:
        rows = self._all("SELECT id, lineage_id FROM articles WHERE id = ANY(%s)", (list(ids),))
        return {r[0]: r[1] for r in rows}

    def lineage_members(self, lineage_id: str) -> list[str]:
        rows = self._all(
            "SELECT id FROM articles WHERE lineage_id = %s ORDER BY published NULLS FIRST, id",
            (lineage_id,),
        )
        return [r[0] for r in rows]

    # -- ingest ------------------------------------------------------------------------------

    def find_duplicate(
        self, key: str, text_hash: str, canonical_url: str | None
    ) -> tuple[str, str] | None:
        row = self._one(
            "SELECT id, key = %s OR COALESCE(canonical_url = %s::text, false) FROM articles "
            "WHERE key = %s OR text_hash = %s OR canonical_url = %s::text LIMIT 1",
            (key, canonical_url, key, text_hash, canonical_url),
        )
        if row is None:
            return None
        return str(row[0]), "same URL" if row[1] else "same text"

    def duplicate_candidates(self, bands: Sequence[int]) -> list[DuplicateCandidate]:
        if not bands:
            return []
        rows = self._all(
            "SELECT a.id, a.minhash, a.text FROM articles a WHERE a.id IN "
            "(SELECT DISTINCT b.article_id FROM minhash_bands b "
            " JOIN unnest(%s::int[], %s::bigint[]) AS q(band, hash) "
            " ON b.band = q.band AND b.hash = q.hash) ORDER BY a.id",
            (list(range(len(bands))), list(bands)),
        )
        return [
            DuplicateCandidate(
                id=r[0],
                minhash=None if r[1] is None else np.frombuffer(bytes(r[1]), dtype=np.uint64),
                text=r[2],
            )
            for r in rows
        ]

    def add_article(self, a: NewArticle) -> None:
        self.add_articles([a])

    def add_articles(self, items: Sequence[NewArticle]) -> None:
        """Several articles in three batched statements (``migrate`` copies this way); an
        original must come before its copies, in ``items`` or already stored."""
        stamp = now_iso()
        with self.write():
            self._many(
                "INSERT INTO articles (id, key, url, canonical_url, text_hash, title, text, "
                "published, source, author, original_id, similarity, lineage_id, minhash, origin, "
                "ingested_at, encoding, previous_id, date_source) VALUES (%s, %s, %s, %s, %s, %s, "
                "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        a.id, a.key, a.url, a.canonical_url, a.text_hash, a.title, a.text,
                        a.published, a.source, a.author, a.original_id, a.similarity,
                        a.lineage_id, np.asarray(a.minhash, dtype=np.uint64).tobytes(), a.origin,
                        stamp, a.encoding, a.previous_id, a.date_source,
                    )
                    for a in items
                ],
            )  # fmt: skip
            self._many(
                'INSERT INTO sentences (article_id, idx, start, "end", text) '
                "VALUES (%s, %s, %s, %s, %s)",
                [(a.id, s.index, s.start, s.end, s.text) for a in items for s in a.sentences],
            )
            self._many(
                "INSERT INTO minhash_bands (band, hash, article_id) VALUES (%s, %s, %s)",
                [(i, h, a.id) for a in items for i, h in enumerate(a.bands)],
            )

    def published_of(self, article_id: str) -> str | None:
        row = self._one("SELECT published FROM articles WHERE id = %s", (article_id,))
        return None if row is None else row[0]

    def reroot_lineage(self, old_root: str, new_root: str, similarity: float | None) -> None:
        with self.write():
            self._exec(
                "UPDATE articles SET lineage_id = %s WHERE lineage_id = %s", (new_root, old_root)
            )
            self._exec(
                "UPDATE articles SET original_id = %s, similarity = %s WHERE id = %s",
                (new_root, similarity, old_root),
            )
            self._exec(
                "UPDATE articles SET original_id = NULL, similarity = NULL WHERE id = %s",
                (new_root,),
            )
