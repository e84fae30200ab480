"""Issue 12 methods of the SQLite store (mixed into :class:`SQLiteStore`): ``nearest``, an exact
scan, and the reads ``newsdesk migrate`` copies a whole store with.

SQLite here cannot load a vector extension, so ``nearest`` ranks the in-memory matrix of
article vectors that ``vector_scores`` also uses; PostgreSQL answers the same call from HNSW.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence

import numpy as np

from newsdesk.model import Sentence
from newsdesk.store.base import NewArticle, StoryEvent, chunks


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


class ExportTables:
    """What ``newsdesk migrate`` reads to copy a whole store (mixed into the store)."""

    conn: sqlite3.Connection

    def article_records(self, ids: Sequence[str]) -> list[NewArticle]:
        out: list[NewArticle] = []
        for chunk in chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT id, key, title, text, text_hash, minhash, lineage_id, url, "
                "canonical_url, published, source, author, original_id, similarity, origin "
                f"FROM articles WHERE id IN ({marks})",
                list(chunk),
            ).fetchall()
            sents: dict[str, list[Sentence]] = {r[0]: [] for r in rows}
            for aid, idx, start, end, text in self.conn.execute(
                "SELECT article_id, idx, start, end, text FROM sentences "
                f"WHERE article_id IN ({marks}) ORDER BY article_id, idx",
                list(chunk),
            ):
                sents[aid].append(Sentence(idx, start, end, text))
            bands: dict[str, dict[int, int]] = {r[0]: {} for r in rows}
            for aid, band, h in self.conn.execute(
                f"SELECT article_id, band, hash FROM minhash_bands WHERE article_id IN ({marks})",
                list(chunk),
            ):
                bands[aid][band] = h
            for r in rows:
                b = bands[r[0]]
                out.append(
                    NewArticle(
                        id=r[0], key=r[1], title=r[2], text=r[3], text_hash=r[4],
                        sentences=sents[r[0]],
                        minhash=np.frombuffer(r[5] or b"", dtype=np.uint64).copy(),
                        bands=[b[i] for i in sorted(b)], lineage_id=r[6], url=r[7],
                        canonical_url=r[8], published=r[9], source=r[10], author=r[11],
                        original_id=r[12], similarity=r[13], origin=r[14] or "",
                    )
                )  # fmt: skip
        return out

    def vector_rows(self, after: bytes | None, limit: int) -> list[tuple[bytes, str, np.ndarray]]:
        rows = self.conn.execute(
            "SELECT key, model, vector FROM embeddings WHERE key > ? ORDER BY key LIMIT ?",
            (after or b"", int(limit)),
        ).fetchall()
        return [(bytes(k), m, np.frombuffer(v, dtype="<f4").copy()) for k, m, v in rows]

    def article_vector_keys(self) -> list[tuple[str, str, bytes]]:
        rows = self.conn.execute("SELECT article_id, model, key FROM article_vectors")
        return [(a, m, bytes(k)) for a, m, k in rows]

    def story_members_scored(self) -> list[tuple[str, str, float]]:
        rows = self.conn.execute(
            "SELECT article_id, story_id, score FROM story_articles ORDER BY rowid"
        )
        return [(a, s, float(x if x is not None else 0.0)) for a, s, x in rows]

    def story_events(self) -> list[StoryEvent]:
        rows = self.conn.execute("SELECT kind, story_id, detail FROM story_events ORDER BY rowid")
        return [StoryEvent(k, s, json.loads(d)) for k, s, d in rows]

    def meta_items(self) -> dict[str, str]:
        return {k: v for k, v in self.conn.execute("SELECT key, value FROM story_state")}
