"""What ``newsdesk migrate`` reads to copy a whole store: complete rows, the same statements
on both backends."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np

from newsdesk.model import Sentence
from newsdesk.store.records import NewArticle, StoryEvent
from newsdesk.store.sql.access import SqlAccess


class ExportTables(SqlAccess):
    """``ExportReader``: articles as ``add_articles`` takes them, vectors, stories' rows."""

    def article_records(self, ids: Sequence[str]) -> list[NewArticle]:
        wanted = list(ids)
        rows = self._rows_in(
            "SELECT id, key, title, text, text_hash, minhash, lineage_id, url, canonical_url, "
            "published, source, author, original_id, similarity, origin, encoding, previous_id, "
            "date_source FROM articles WHERE id {ids}",
            wanted,
        )
        sents: dict[str, list[Sentence]] = {r[0]: [] for r in rows}
        for aid, idx, start, end, text in self._rows_in(
            'SELECT article_id, idx, start, "end", text FROM sentences '
            "WHERE article_id {ids} ORDER BY article_id, idx",
            wanted,
        ):
            sents[aid].append(Sentence(idx, start, end, text))
        bands: dict[str, dict[int, int]] = {r[0]: {} for r in rows}
        for aid, band, h in self._rows_in(
            "SELECT article_id, band, hash FROM minhash_bands WHERE article_id {ids}", wanted
        ):
            bands[aid][band] = h
        return [
            NewArticle(
                id=r[0], key=r[1], title=r[2], text=r[3], text_hash=r[4], sentences=sents[r[0]],
                minhash=np.frombuffer(bytes(r[5] or b""), dtype=np.uint64).copy(),
                bands=[bands[r[0]][i] for i in sorted(bands[r[0]])], lineage_id=r[6], url=r[7],
                canonical_url=r[8], published=r[9], source=r[10], author=r[11],
                original_id=r[12], similarity=r[13], origin=r[14] or "", encoding=r[15],
                previous_id=r[16], date_source=r[17],
            )
            for r in rows
        ]  # fmt: skip

    def vector_rows(self, after: bytes | None, limit: int) -> list[tuple[bytes, str, np.ndarray]]:
        rows = self._all(
            "SELECT key, model, vector FROM embeddings WHERE key > ? ORDER BY key LIMIT ?",
            (self.blob(after or b""), int(limit)),
            binary=True,
        )
        return [(bytes(k), m, self.vector_value(v)) for k, m, v in rows]

    def article_vector_keys(self) -> list[tuple[str, str, bytes]]:
        rows = self._all("SELECT article_id, model, key FROM article_vectors")
        return [(a, m, bytes(k)) for a, m, k in rows]

    def story_members_scored(self) -> list[tuple[str, str, float]]:
        rows = self._all(
            f"SELECT article_id, story_id, score FROM story_articles ORDER BY {self.SEQ}"
        )
        return [(a, s, float(x if x is not None else 0.0)) for a, s, x in rows]

    def story_events(self) -> list[StoryEvent]:
        rows = self._all(f"SELECT kind, story_id, detail FROM story_events ORDER BY {self.SEQ}")
        return [StoryEvent(k, s, json.loads(d)) for k, s, d in rows]

    def meta_items(self) -> dict[str, str]:
        return {k: v for k, v in self._all("SELECT key, value FROM story_state")}
