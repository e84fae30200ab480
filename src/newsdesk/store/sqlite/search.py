"""What SQLite searches its own way: FTS5 ranked by ``bm25()``, and the MinHash band match."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsdesk.store.sql import SharedTables
from newsdesk.store.sql.access import date_filter


class SQLiteSearch(SharedTables):
    """Full-text search over ``articles_fts`` (title and text) and the LSH band lookup."""

    def _text_search(
        self, terms: Sequence[str], since: str | None, until: str | None, limit: int
    ) -> list[str]:
        """FTS5 with bm25, the title weighted four times the text."""
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        where, params = date_filter(since, until, "a.published")
        sql = (
            "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "WHERE articles_fts MATCH ?"
        )
        if where:
            sql += " AND " + " AND ".join(where)
        sql += f" ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT {int(limit)}"
        return [r[0] for r in self._all(sql, [match, *params])]

    def _band_rows(self, bands: Sequence[int]) -> list[tuple[Any, ...]]:
        clause = " OR ".join("(b.band = ? AND b.hash = ?)" for _ in bands)
        params: list[int] = []
        for i, h in enumerate(bands):
            params += [i, h]
        return self._all(
            "SELECT a.id, a.minhash, a.text FROM articles a WHERE a.id IN "
            f"(SELECT DISTINCT b.article_id FROM minhash_bands b WHERE {clause}) ORDER BY a.id",
            params,
        )
