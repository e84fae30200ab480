"""What PostgreSQL does its own way with vectors: pgvector ``vector`` values.

``vector_scores`` gives the exact similarity of *every* article (hybrid retrieval reads it for
lexical hits too), so it is a matrix product over the article vectors, fetched once in the
binary wire format and kept in memory while the store is unchanged, as on SQLite.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from newsdesk.store.sql import SharedTables


def as_array(value: Any) -> np.ndarray:
    """A pgvector value (``Vector`` or ndarray, by pgvector-python version) as float32."""
    if hasattr(value, "to_numpy"):
        value = value.to_numpy()
    return np.asarray(value, dtype=np.float32)


class PgVectors(SharedTables):
    """The article-vector matrix of the PostgreSQL store, and how vectors cross psycopg."""

    @staticmethod
    def vector_param(vector: np.ndarray) -> Any:
        return np.asarray(vector, dtype=np.float32)

    @staticmethod
    def vector_value(value: Any) -> np.ndarray:
        return as_array(value)

    def _matrix_token(self, model: str) -> tuple[Any, ...]:
        row = self._one(
            "SELECT (SELECT COUNT(*) FROM article_vectors WHERE model = ?), "
            "(SELECT COALESCE(MAX(seq), 0) FROM articles), (SELECT COUNT(*) FROM articles)",
            (model,),
        )
        return (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)
