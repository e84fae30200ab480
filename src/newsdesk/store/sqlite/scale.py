"""Nearest neighbours of the SQLite store (mixed into :class:`SQLiteStore`): an exact scan.

SQLite here cannot load a vector extension, so ``nearest`` ranks the in-memory matrix of
article vectors that ``vector_scores`` also uses; PostgreSQL answers the same call from HNSW.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


class ScaleTables:
    """``nearest`` over :meth:`VectorTables._matrix` (both mixed into the store)."""

    _matrix: Callable[[str], tuple[list[str], np.ndarray]]  # VectorTables' cached matrix

    def nearest(self, model: str, query: np.ndarray, k: int = 10) -> list[tuple[str, float]]:
        ids, mat = self._matrix(model)
        if not ids or k <= 0:
            return []
        sims = mat @ np.asarray(query, dtype=np.float32)
        top = np.argpartition(-sims, k - 1)[:k] if len(ids) > k else np.arange(len(ids))
        order = sorted(top.tolist(), key=lambda i: (-float(sims[i]), ids[i]))
        return [(ids[i], float(sims[i])) for i in order]
