"""What SQLite does its own way with vectors: float32 BLOBs, read into one matrix.

Dense search is a matrix product in numpy over the article vectors of one model, kept in
memory while the articles table is unchanged (:meth:`~newsdesk.store.sql.vectors.VectorTables.
_matrix`); reading them all is one sequential scan of ``embeddings`` where that beats a lookup
per article.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np

from newsdesk.store.sql import SharedTables

# Scan ``embeddings`` for the article matrix while it holds at most this many vectors an article.
_SCAN_RATIO = 6


class SQLiteVectors(SharedTables):
    """The article-vector matrix of the SQLite store."""

    conn: sqlite3.Connection

    def _matrix_token(self, model: str) -> tuple[Any, ...]:
        row = self._one("SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM articles")
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def _article_vector_rows(self, ids: list[str] | None, model: str) -> list[Any]:
        if ids is None:
            rows = self._all_article_vectors(model)
            if rows:
                return rows
        return super()._article_vector_rows(ids, model)

    def _stack(self, rows: list[Any]) -> np.ndarray:
        dim = int(rows[0][2])
        if all(r[2] == dim for r in rows):  # one model, one dimension: a single copy
            mat = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), dim)
            return mat.copy()
        return np.stack([np.frombuffer(r[1], dtype="<f4") for r in rows])

    def _all_article_vectors(self, model: str) -> list[tuple[str, bytes, int]]:
        """Every article vector of ``model`` by one sequential scan of ``embeddings``, sorted
        by article ID; [] when the table holds too many other vectors (cached sentences) for
        a scan to beat a lookup per article.

        A lookup costs a B-tree descent and an overflow page per row (a vector is larger than
        a WITHOUT ROWID row keeps in its page): about 2.5 s for 100,000 articles, against
        0.8 s for the scan and the join here.
        """
        n_articles = self._scalar("SELECT COUNT(*) FROM article_vectors WHERE model = ?", (model,))
        n_vectors = self._scalar("SELECT COUNT(*) FROM embeddings WHERE model = ?", (model,))
        if not n_articles or n_vectors > _SCAN_RATIO * n_articles:
            return []
        owners: dict[bytes, list[str]] = {}
        for aid, key in self._all(
            "SELECT article_id, key FROM article_vectors WHERE model = ?", (model,)
        ):
            owners.setdefault(bytes(key), []).append(aid)
        rows: list[tuple[str, bytes, int]] = []
        for key, vec, dim in self.conn.execute(  # a cursor: the rows are not all held
            "SELECT key, vector, dim FROM embeddings WHERE model = ?", (model,)
        ):
            for aid in owners.get(bytes(key), ()):
                rows.append((aid, vec, dim))
        rows.sort(key=lambda r: r[0])
        return rows
