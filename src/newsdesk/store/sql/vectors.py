"""The embedding cache and article vectors: the statements both backends share.

How a vector crosses the driver is the adapter's (:meth:`SqlAccess.vector_param`,
:meth:`SqlAccess.vector_value`); storing many, reading the whole article matrix and knowing
when it changed are the backend's (SQLite scans BLOBs, PostgreSQL reads pgvector values).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from newsdesk.store.sql.access import SqlAccess, upsert

# Article-vector matrices of long-running processes, per (store, model), with the token of
# the state they were read in: reloaded when the token changes.
_MATRICES: dict[tuple[str, str], tuple[tuple[Any, ...], list[str], np.ndarray]] = {}
_MATRIX_LOCK = threading.Lock()


class VectorTables(SqlAccess):
    """``embeddings`` (vectors under content keys) and ``article_vectors`` (which one is each
    article's, per model); dense scores are a matrix product over the cached matrix."""

    def _article_vector_rows(self, ids: list[str] | None, model: str) -> list[Any]:
        """(article id, vector, dim) of the article vectors of ``model`` (of ``ids``, or all),
        sorted by article ID."""
        sql = (
            "SELECT av.article_id, e.vector, e.dim FROM article_vectors av "
            "JOIN embeddings e ON e.key = av.key WHERE av.model = ?"
        )
        if ids is None:
            return self._all(sql + " ORDER BY av.article_id", (model,), binary=True)
        return self._rows_in(
            sql + " AND av.article_id {ids} ORDER BY av.article_id", ids, model, binary=True
        )

    def _stack(self, rows: list[Any]) -> np.ndarray:
        """The matrix of the vectors in ``rows`` (as :meth:`_article_vector_rows` gives)."""
        return np.stack([self.vector_value(r[1]) for r in rows])

    def article_vectors(
        self, ids: Sequence[str] | None, model: str
    ) -> tuple[list[str], np.ndarray]:
        rows = self._article_vector_rows(None if ids is None else list(ids), model)
        if not rows:
            return [], np.zeros((0, self.vector_dim(model)), dtype=np.float32)
        return [r[0] for r in rows], self._stack(rows)

    def _matrix_token(self, model: str) -> tuple[Any, ...]:  # pragma: no cover
        """What changes whenever the article vectors of ``model`` may have changed."""
        raise NotImplementedError

    def cached_vectors(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        rows = self._rows_in(
            "SELECT key, vector FROM embeddings WHERE key {ids}",
            [self.blob(k) for k in keys],
            binary=True,
        )
        return {bytes(k): self.vector_value(v) for k, v in rows}

    def put_vectors(self, model: str, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        rows = [(self.blob(k), model, int(v.shape[0]), self.vector_param(v)) for k, v in items]
        self._many(
            upsert("embeddings", ("key", "model", "dim", "vector"), ["key"], update=False), rows
        )

    def set_article_vector(self, article_id: str, model: str, key: bytes) -> None:
        self._exec(
            "INSERT INTO article_vectors (article_id, model, key) VALUES (?, ?, ?) "
            "ON CONFLICT (article_id, model) DO UPDATE SET key = excluded.key",
            (article_id, model, self.blob(key)),
        )

    def article_model(self, preferred: str) -> str | None:
        if self._one("SELECT 1 FROM article_vectors WHERE model = ? LIMIT 1", (preferred,)):
            return preferred
        row = self._one("SELECT model FROM article_vectors LIMIT 1")
        return None if row is None else str(row[0])

    def vector_dim(self, model: str) -> int:
        """The dimension recorded with ``model``'s vectors (0 when none are stored)."""
        row = self._one("SELECT dim FROM embeddings WHERE model = ? LIMIT 1", (model,))
        return 0 if row is None else int(row[0])

    def vector_scores(self, model: str, query: np.ndarray) -> tuple[list[str], np.ndarray]:
        ids, mat = self._matrix(model)
        if not ids:
            return [], np.zeros(0, dtype=np.float32)
        return ids, mat @ np.asarray(query, dtype=np.float32)

    def _matrix(self, model: str) -> tuple[list[str], np.ndarray]:
        """All article vectors of ``model``, kept in memory while the store is unchanged."""
        token = (self.location, model, *self._matrix_token(model))
        with _MATRIX_LOCK:
            hit = _MATRICES.get((self.location, model))
            if hit is None or hit[0] != token:
                ids, mat = self.article_vectors(None, model)
                hit = (token, ids, mat)
                _MATRICES[(self.location, model)] = hit
            return hit[1], hit[2]
