"""Vectors and search of the SQLite store (mixed into :class:`SQLiteStore`).

Vectors are float32 BLOBs under a content key, with the model name and dimension of the
embedder that made them; dense search is a matrix product in numpy over the article vectors
of one model (kept in memory while the articles table is unchanged); lexical search is FTS5
with ``bm25()``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

import numpy as np

from newsdesk.store.base import chunks, window_bounds

# Article-vector matrices of long-running processes, per (database, model): reloaded when the
# articles table changes.
_MATRICES: dict[tuple[str, str], tuple[tuple[str, str, int, int], list[str], np.ndarray]] = {}
_MATRIX_LOCK = threading.Lock()


def _window_sql(since: str | None, until: str | None, column: str) -> tuple[list[str], list[Any]]:
    lo, hi = window_bounds(since, until)
    where = [c for c, v in ((f"{column} >= ?", lo), (f"{column} <= ?", hi)) if v]
    return where, [v for v in (lo, hi) if v]


# Scan ``embeddings`` for the article matrix while it holds at most this many vectors an article.
_SCAN_RATIO = 6


class VectorTables:
    """The vector and search half of the SQLite store."""

    conn: sqlite3.Connection
    location: str

    write: Callable[[], AbstractContextManager[None]]  # the store's transaction

    # -- vectors -----------------------------------------------------------------------------

    def cached_vectors(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        out: dict[bytes, np.ndarray] = {}
        for chunk in chunks(list(keys)):
            marks = ",".join("?" * len(chunk))
            for k, v in self.conn.execute(
                f"SELECT key, vector FROM embeddings WHERE key IN ({marks})", list(chunk)
            ):
                out[bytes(k)] = np.frombuffer(v, dtype="<f4")
        return out

    def put_vectors(self, model: str, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        rows = [(k, model, int(v.shape[0]), v.astype("<f4").tobytes()) for k, v in items]
        if not rows:
            return
        with self.write():
            self.conn.executemany(
                "INSERT OR IGNORE INTO embeddings (key, model, dim, vector) VALUES (?, ?, ?, ?)",
                rows,
            )

    def set_article_vector(self, article_id: str, model: str, key: bytes) -> None:
        with self.write():
            self.conn.execute(
                "INSERT OR REPLACE INTO article_vectors (article_id, model, key) VALUES (?, ?, ?)",
                (article_id, model, key),
            )

    def article_vectors(
        self, ids: Sequence[str] | None, model: str
    ) -> tuple[list[str], np.ndarray]:
        sql = (
            "SELECT av.article_id, e.vector, e.dim FROM article_vectors av "
            "JOIN embeddings e ON e.key = av.key WHERE av.model = ?"
        )
        rows: list[tuple[str, bytes, int]] = []
        if ids is None:
            rows = self._all_article_vectors(model) or self.conn.execute(
                sql + " ORDER BY av.article_id", (model,)
            ).fetchall()
        else:
            for chunk in chunks(list(ids)):
                marks = ",".join("?" * len(chunk))
                rows += self.conn.execute(
                    sql + f" AND av.article_id IN ({marks})", (model, *chunk)
                ).fetchall()
        if not rows:
            return [], np.zeros((0, self.vector_dim(model)), dtype=np.float32)
        dim = int(rows[0][2])
        if all(r[2] == dim for r in rows):  # one model, one dimension: a single copy
            mat = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), dim)
            return [r[0] for r in rows], mat.copy()
        return [r[0] for r in rows], np.stack([np.frombuffer(r[1], dtype="<f4") for r in rows])

    def _all_article_vectors(self, model: str) -> list[tuple[str, bytes, int]]:
        """Every article vector of ``model`` by one sequential scan of ``embeddings``, sorted
        by article ID; [] when the table holds too many other vectors (cached sentences) for
        a scan to beat a lookup per article.

        A lookup costs a B-tree descent and an overflow page per row (a vector is larger than
        a WITHOUT ROWID row keeps in its page): about 2.5 s for 100,000 articles, against
        0.8 s for the scan and the join here.
        """
        n_articles = self.conn.execute(
            "SELECT COUNT(*) FROM article_vectors WHERE model = ?", (model,)
        ).fetchone()[0]
        n_vectors = self.conn.execute(
            "SELECT COUNT(*) FROM embeddings WHERE model = ?", (model,)
        ).fetchone()[0]
        if not n_articles or n_vectors > _SCAN_RATIO * n_articles:
            return []
        owners: dict[bytes, list[str]] = {}
        for aid, key in self.conn.execute(
            "SELECT article_id, key FROM article_vectors WHERE model = ?", (model,)
        ):
            owners.setdefault(bytes(key), []).append(aid)
        rows: list[tuple[str, bytes, int]] = []
        for key, vec, dim in self.conn.execute(
            "SELECT key, vector, dim FROM embeddings WHERE model = ?", (model,)
        ):
            for aid in owners.get(bytes(key), ()):
                rows.append((aid, vec, dim))
        rows.sort(key=lambda r: r[0])
        return rows

    def article_model(self, preferred: str) -> str | None:
        if self.conn.execute(
            "SELECT 1 FROM article_vectors WHERE model = ? LIMIT 1", (preferred,)
        ).fetchone():
            return preferred
        row = self.conn.execute("SELECT model FROM article_vectors LIMIT 1").fetchone()
        return None if row is None else str(row[0])

    def vector_dim(self, model: str) -> int:
        """The dimension recorded with ``model``'s vectors (0 when none are stored)."""
        row = self.conn.execute(
            "SELECT dim FROM embeddings WHERE model = ? LIMIT 1", (model,)
        ).fetchone()
        return 0 if row is None else int(row[0])

    # -- search ------------------------------------------------------------------------------

    def lexical_search(
        self,
        terms: Sequence[str],
        *,
        since: str | None = None,
        until: str | None = None,
        limit: int = 300,
    ) -> list[str]:
        """FTS5 with bm25, the title weighted four times the text."""
        if not terms:
            return []
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        where, params = _window_sql(since, until, "a.published")
        sql = (
            "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "WHERE articles_fts MATCH ?"
        )
        if where:
            sql += " AND " + " AND ".join(where)
        sql += f" ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT {int(limit)}"
        return [r[0] for r in self.conn.execute(sql, [match, *params])]

    def vector_scores(self, model: str, query: np.ndarray) -> tuple[list[str], np.ndarray]:
        ids, mat = self._matrix(model)
        if not ids:
            return [], np.zeros(0, dtype=np.float32)
        return ids, mat @ np.asarray(query, dtype=np.float32)

    def _matrix(self, model: str) -> tuple[list[str], np.ndarray]:
        """All article vectors of ``model``, kept in memory while the table is unchanged."""
        row = self.conn.execute("SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM articles").fetchone()
        key = (self.location, model, int(row[0]), int(row[1]))
        with _MATRIX_LOCK:
            hit = _MATRICES.get((self.location, model))
            if hit is None or hit[0] != key:
                ids, mat = self.article_vectors(None, model)
                hit = (key, ids, mat)
                _MATRICES[(self.location, model)] = hit
            return hit[1], hit[2]
