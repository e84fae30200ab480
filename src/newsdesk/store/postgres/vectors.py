"""Vectors and search of the PostgreSQL store (mixed into :class:`PostgresStore`).

Vectors are pgvector ``vector`` values under a content key, with their model and dimension.
Each (model, dimension) gets a partial HNSW index (cosine) on a cast of the column, made when
the model first stores a vector; :meth:`nearest` answers from it. ``vector_scores`` must give
the exact similarity of *every* article (hybrid retrieval reads it for lexical hits too), so it
is a matrix product over the article vectors, fetched once and kept in memory while the store
is unchanged, as on SQLite. Lexical search is PostgreSQL full-text search: a stored
``tsvector`` (title weighted 'A', text 'D') under a GIN index, ranked by ``ts_rank``.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from newsdesk.store.postgres.base import PgAccess, as_array, date_filter

# ts_rank weights for {D, C, B, A}: a title match counts four times a text match (as on SQLite)
_RANK_WEIGHTS = "{0.25, 0.25, 0.25, 1.0}"

_MATRICES: dict[tuple[str, str], tuple[tuple[int, int, int], list[str], np.ndarray]] = {}
_MATRIX_LOCK = threading.Lock()


def _index_name(model: str, dim: int) -> str:
    return f"embeddings_hnsw_{hashlib.sha1(model.encode()).hexdigest()[:12]}_{int(dim)}"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class PgVectorTables(PgAccess):
    """The vector and search half of the PostgreSQL store."""

    _indexed: set[tuple[str, int]]
    _bulk: bool

    # -- vectors -----------------------------------------------------------------------------

    def cached_vectors(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        rows = self._all(
            "SELECT key, vector FROM embeddings WHERE key = ANY(%s)",
            ([bytes(k) for k in keys],),
            binary=True,
        )
        return {bytes(k): as_array(v) for k, v in rows}

    def put_vectors(self, model: str, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        rows = [
            (bytes(k), model, int(v.shape[0]), np.asarray(v, dtype=np.float32)) for k, v in items
        ]
        if not rows:
            return
        with self.write():
            for dim in {r[2] for r in rows}:
                self._ensure_index(model, dim)
            self._many(
                "INSERT INTO embeddings (key, model, dim, vector) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (key) DO NOTHING",
                rows,
            )

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Load many vectors with the HNSW indexes down: they are dropped on entry and built
        once on exit, over every (model, dimension) stored (one index build over 100,000
        vectors takes a fraction of the time of as many inserts into the index). A copy killed
        midway leaves them missing until the next write of that model makes them again."""
        rows = self._all(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'embeddings' "
            "AND indexname LIKE 'embeddings_hnsw_%%'"
        )
        with self.write():
            for (name,) in rows:
                self._exec(f'DROP INDEX IF EXISTS "{name}"')
        self._indexed = set()
        self._bulk = True
        try:
            yield
        finally:
            self._bulk = False
            pairs = self._all("SELECT DISTINCT model, dim FROM embeddings")
            with self.write():
                for model, dim in pairs:
                    self._ensure_index(str(model), int(dim))

    def _ensure_index(self, model: str, dim: int) -> None:
        """The partial HNSW index of ``model``'s vectors of dimension ``dim`` (inside write)."""
        if not hasattr(self, "_indexed"):
            self._indexed = set()
        if (model, dim) in self._indexed or getattr(self, "_bulk", False):
            return
        self._exec(
            f"CREATE INDEX IF NOT EXISTS {_index_name(model, dim)} ON embeddings USING hnsw "
            f"((vector::vector({int(dim)})) vector_cosine_ops) "
            f"WHERE model = {_literal(model)} AND dim = {int(dim)}"
        )
        self._indexed.add((model, dim))

    def set_article_vector(self, article_id: str, model: str, key: bytes) -> None:
        self._exec(
            "INSERT INTO article_vectors (article_id, model, key) VALUES (%s, %s, %s) "
            "ON CONFLICT (article_id, model) DO UPDATE SET key = excluded.key",
            (article_id, model, bytes(key)),
        )

    def article_vectors(
        self, ids: Sequence[str] | None, model: str
    ) -> tuple[list[str], np.ndarray]:
        sql = (
            "SELECT av.article_id, e.vector FROM article_vectors av "
            "JOIN embeddings e ON e.key = av.key WHERE av.model = %s"
        )
        if ids is None:
            rows = self._all(sql + " ORDER BY av.article_id", (model,), binary=True)
        else:
            rows = self._all(
                sql + " AND av.article_id = ANY(%s) ORDER BY av.article_id",
                (model, list(ids)),
                binary=True,
            )
        if not rows:
            return [], np.zeros((0, self.vector_dim(model)), dtype=np.float32)
        return [r[0] for r in rows], np.stack([as_array(r[1]) for r in rows])

    def article_model(self, preferred: str) -> str | None:
        if self._one("SELECT 1 FROM article_vectors WHERE model = %s LIMIT 1", (preferred,)):
            return preferred
        row = self._one("SELECT model FROM article_vectors LIMIT 1")
        return None if row is None else str(row[0])

    def vector_dim(self, model: str) -> int:
        row = self._one("SELECT dim FROM embeddings WHERE model = %s LIMIT 1", (model,))
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
        """Full-text search (English stemming), ``ts_rank`` with the title weighted 4x.

        Articles matching two or more of the terms come first, then those matching any. On a
        large archive a common word ("world") matches tens of thousands of articles, and
        ``ts_rank`` reads each one's tsvector; ranking the two-term matches first keeps that
        to the articles that can make the top ``limit``: the any-term query runs only when the
        stronger one falls short."""
        terms = [t for t in terms if t.strip()]
        if not terms:
            return []
        one = "plainto_tsquery('english', %s)"
        out: list[str] = []
        if len(terms) >= 2:
            pairs = [(a, b) for i, a in enumerate(terms) for b in terms[i + 1 :]]
            query = " || ".join(f"({one} && {one})" for _ in pairs)
            out = self._ranked(query, [t for p in pairs for t in p], since, until, limit)
        if len(out) < limit:
            query = " || ".join(one for _ in terms)
            seen = set(out)
            more = self._ranked(query, list(terms), since, until, limit)
            out += [i for i in more if i not in seen][: limit - len(out)]
        return out

    def _ranked(
        self, query: str, params: list[str], since: str | None, until: str | None, limit: int
    ) -> list[str]:
        conds, window = date_filter(since, until)
        where = "".join(f" AND {c}" for c in conds)
        sql = (
            f"SELECT id FROM articles, (SELECT {query}) AS q(query) "
            f"WHERE numnode(q.query) > 0 AND search @@ q.query{where} "
            f"ORDER BY ts_rank('{_RANK_WEIGHTS}', search, q.query) DESC, id LIMIT {int(limit)}"
        )
        return [r[0] for r in self._all(sql, [*params, *window])]

    def vector_scores(self, model: str, query: np.ndarray) -> tuple[list[str], np.ndarray]:
        ids, mat = self._matrix(model)
        if not ids:
            return [], np.zeros(0, dtype=np.float32)
        return ids, mat @ np.asarray(query, dtype=np.float32)

    def _matrix(self, model: str) -> tuple[list[str], np.ndarray]:
        row = self._one(
            "SELECT (SELECT COUNT(*) FROM article_vectors WHERE model = %s), "
            "(SELECT COALESCE(MAX(seq), 0) FROM articles), (SELECT COUNT(*) FROM articles)",
            (model,),
        )
        token = (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)
        with _MATRIX_LOCK:
            hit = _MATRICES.get((self.location, model))
            if hit is None or hit[0] != token:
                ids, mat = self.article_vectors(None, model)
                hit = (token, ids, mat)
                _MATRICES[(self.location, model)] = hit
            return hit[1], hit[2]

    def nearest(self, model: str, query: np.ndarray, k: int = 10) -> list[tuple[str, float]]:
        """The ``k`` articles whose vectors are closest to ``query`` (approximate, by HNSW)."""
        q = np.asarray(query, dtype=np.float32)
        dim = int(q.shape[0])
        cast = f"vector({dim})"
        with self._conn() as conn, conn.transaction():
            # keep scanning the index until k article vectors pass the filter (pgvector 0.8)
            conn.execute("SET LOCAL hnsw.iterative_scan = strict_order")
            conn.execute(f"SET LOCAL hnsw.ef_search = {max(40, 2 * int(k))}")
            rows = conn.execute(
                f"SELECT av.article_id, 1 - (e.vector::{cast} <=> %s::{cast}) AS sim "
                f"FROM embeddings e JOIN article_vectors av ON av.key = e.key "
                f"AND av.model = %s WHERE e.model = %s AND e.dim = {dim} "
                f"ORDER BY e.vector::{cast} <=> %s::{cast}, av.article_id LIMIT {int(k)}",
                (q, model, model, q),
            ).fetchall()
        return [(r[0], float(r[1])) for r in rows]
