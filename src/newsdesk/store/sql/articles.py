"""Articles, sentences, lineages and ingest: the statements both backends share.

Only matching MinHash bands (:meth:`_band_rows`) and full-text search differ by backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from newsdesk.errors import AmbiguousIDError, NotFoundError
from newsdesk.model import Article, Sentence
from newsdesk.store.records import DuplicateCandidate, NewArticle
from newsdesk.store.sql.access import SqlAccess, date_filter, now_iso

ARTICLE_COLS = (
    "id, title, text, url, canonical_url, published, source, author, original_id, similarity, "
    "encoding, date_source"
)
_INSERT_ARTICLE = (
    "INSERT INTO articles (id, key, url, canonical_url, text_hash, title, text, published, "
    "source, author, original_id, similarity, lineage_id, minhash, origin, ingested_at, "
    "encoding, previous_id, date_source) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def article_of(r: Sequence[Any]) -> Article:
    """An :class:`Article` from a row of :data:`ARTICLE_COLS`."""
    return Article(
        id=r[0], title=r[1], text=r[2], url=r[3], canonical_url=r[4], published=r[5],
        source=r[6], author=r[7], original_id=r[8], similarity=r[9], encoding=r[10],
        date_source=r[11],
    )  # fmt: skip


class ArticleTables(SqlAccess):
    """Reading and adding articles (``ArticleReader`` less search, ``ArticleWriter``)."""

    def _band_rows(self, bands: Sequence[int]) -> list[tuple[Any, ...]]:
        """(id, minhash, text) of articles sharing a band; the backend writes the match."""
        raise NotImplementedError  # pragma: no cover

    def _text_search(
        self, terms: Sequence[str], since: str | None, until: str | None, limit: int
    ) -> list[str]:
        """Article IDs matching any of ``terms`` (none empty), best first; the backend's
        full-text search."""
        raise NotImplementedError  # pragma: no cover

    def lexical_search(
        self,
        terms: Sequence[str],
        *,
        since: str | None = None,
        until: str | None = None,
        limit: int = 300,
    ) -> list[str]:
        """Article IDs matching any term, best first (title weighted above text)."""
        terms = [t for t in terms if t.strip()]
        return self._text_search(terms, since, until, limit) if terms else []

    def schema_version(self) -> int:
        return int(self._scalar("SELECT MAX(version) FROM schema_migrations") or 0)

    def get_meta(self, key: str) -> str | None:
        value = self._scalar("SELECT value FROM story_state WHERE key = ?", (key,))
        return None if value is None else str(value)

    def set_meta(self, key: str, value: str) -> None:
        self._exec(
            "INSERT INTO story_state (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- IDs ---------------------------------------------------------------------------------

    def resolve_id(self, prefix: str) -> str:
        """The one article ID starting with ``prefix``; clear errors when none or several."""
        p = prefix.strip().lower().strip("[]")
        if not p or any(c not in "0123456789abcdef" for c in p):
            raise NotFoundError(f"{prefix!r} is not an article ID (expected hex digits)")
        rows = [
            r[0]
            for r in self._all(
                "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
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
        rows = self._all("SELECT id FROM articles WHERE id >= ? AND id < ?", (prefix, prefix + "g"))
        return {r[0] for r in rows}

    # -- articles ----------------------------------------------------------------------------

    def count(self) -> int:
        return int(self._scalar("SELECT COUNT(*) FROM articles") or 0)

    def get_article(self, article_id: str, *, sentences: bool = True) -> Article:
        rows = self.get_articles([article_id], sentences=sentences)
        if not rows:
            raise NotFoundError(f"no article with ID {article_id!r}")
        return rows[0]

    def get_articles(self, ids: Sequence[str], *, sentences: bool = True) -> list[Article]:
        """Articles for ``ids`` in the given order (unknown IDs are skipped)."""
        wanted = list(ids)
        rows = self._rows_in(f"SELECT {ARTICLE_COLS} FROM articles WHERE id {{ids}}", wanted)
        out = {r[0]: article_of(r) for r in rows}
        if sentences and out:
            for aid, idx, start, end, text in self._rows_in(
                'SELECT article_id, idx, start, "end", text FROM sentences '
                "WHERE article_id {ids} ORDER BY article_id, idx",
                list(out),
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
            where.append("lower(source) = lower(?)")
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
        """Other members of the article's near-duplicate lineage."""
        return self._dicts(
            "SELECT b.id, b.title, b.source, b.published, b.original_id, b.similarity "
            "FROM articles a JOIN articles b ON b.lineage_id = a.lineage_id AND b.id != a.id "
            "WHERE a.id = ? ORDER BY b.published NULLS FIRST, b.id",
            (article_id,),
        )

    def stats(self) -> dict[str, Any]:
        one = self._scalar
        first, last = self._one("SELECT MIN(published), MAX(published) FROM articles") or (
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
            "first_published": first,
            "last_published": last,
            "by_source": {r[0]: r[1] for r in by_source},
        }

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        rows = self._rows_in(
            "SELECT id, text FROM articles WHERE id {ids}", list(dict.fromkeys(ids))
        )
        return {r[0]: r[1] for r in rows}

    def articles_after(self, seq: int, limit: int) -> list[tuple[int, str]]:
        rows = self._all(
            f"SELECT {self.SEQ}, id FROM articles WHERE {self.SEQ} > ? ORDER BY {self.SEQ} LIMIT ?",
            (int(seq), int(limit)),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    def ids_in_window(self, since: str | None, until: str | None) -> set[str]:
        where, params = date_filter(since, until)
        sql = "SELECT id FROM articles" + (" WHERE " + " AND ".join(where) if where else "")
        return {r[0] for r in self._all(sql, params)}

    # -- lineages ----------------------------------------------------------------------------

    def lineages(self, ids: Sequence[str]) -> dict[str, str]:
        rows = self._rows_in("SELECT id, lineage_id FROM articles WHERE id {ids}", list(ids))
        return {r[0]: r[1] for r in rows}

    def lineage_members(self, lineage_id: str) -> list[str]:
        rows = self._all(
            "SELECT id FROM articles WHERE lineage_id = ? ORDER BY published NULLS FIRST, id",
            (lineage_id,),
        )
        return [r[0] for r in rows]

    # -- ingest ------------------------------------------------------------------------------

    def find_duplicate(
        self, key: str, text_hash: str, canonical_url: str | None
    ) -> tuple[str, str] | None:
        row = self._one(
            "SELECT id, key = ? OR COALESCE(canonical_url = CAST(? AS TEXT), false) "
            "FROM articles WHERE key = ? OR text_hash = ? OR canonical_url = CAST(? AS TEXT) "
            "LIMIT 1",
            (key, canonical_url, key, text_hash, canonical_url),
        )
        if row is None:
            return None
        return str(row[0]), "same URL" if row[1] else "same text"

    def duplicate_candidates(self, bands: Sequence[int]) -> list[DuplicateCandidate]:
        if not bands:
            return []
        return [
            DuplicateCandidate(
                id=r[0],
                minhash=None if r[1] is None else np.frombuffer(bytes(r[1]), dtype=np.uint64),
                text=r[2],
            )
            for r in self._band_rows(bands)
        ]

    def add_article(self, article: NewArticle) -> None:
        self.add_articles([article])

    def add_articles(self, items: Sequence[NewArticle]) -> None:
        """Several articles in three batched statements (``migrate`` copies this way); an
        original must come before its copies, in ``items`` or already stored."""
        stamp = now_iso()
        with self.write():
            self._many(
                _INSERT_ARTICLE,
                [
                    (
                        a.id, a.key, a.url, a.canonical_url, a.text_hash, a.title, a.text,
                        a.published, a.source, a.author, a.original_id, a.similarity,
                        a.lineage_id, self.blob(np.asarray(a.minhash, dtype=np.uint64).tobytes()),
                        a.origin, stamp, a.encoding, a.previous_id, a.date_source,
                    )
                    for a in items
                ],
            )  # fmt: skip
            self._many(
                'INSERT INTO sentences (article_id, idx, start, "end", text) '
                "VALUES (?, ?, ?, ?, ?)",
                [(a.id, s.index, s.start, s.end, s.text) for a in items for s in a.sentences],
            )
            self._many(
                "INSERT INTO minhash_bands (band, hash, article_id) VALUES (?, ?, ?)",
                [(i, h, a.id) for a in items for i, h in enumerate(a.bands)],
            )

    def published_of(self, article_id: str) -> str | None:
        row = self._one("SELECT published FROM articles WHERE id = ?", (article_id,))
        return None if row is None else row[0]

    def reroot_lineage(self, old_root: str, new_root: str, similarity: float | None) -> None:
        with self.write():
            self._exec(
                "UPDATE articles SET lineage_id = ? WHERE lineage_id = ?", (new_root, old_root)
            )
            self._exec(
                "UPDATE articles SET original_id = ?, similarity = ? WHERE id = ?",
                (new_root, similarity, old_root),
            )
            self._exec(
                "UPDATE articles SET original_id = NULL, similarity = NULL WHERE id = ?",
                (new_root,),
            )
