"""What PostgreSQL searches its own way: a stored ``tsvector`` (title weighted 'A', text 'D')
under a GIN index, ranked by ``ts_rank``, and the MinHash band match by ``unnest``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsdesk.store.sql import SharedTables
from newsdesk.store.sql.access import date_filter

# ts_rank weights for {D, C, B, A}: a title match counts four times a text match (as on SQLite)
_RANK_WEIGHTS = "{0.25, 0.25, 0.25, 1.0}"


class PgSearch(SharedTables):
    """Full-text search over ``articles.search`` and the LSH band lookup."""

    def _text_search(
        self, terms: Sequence[str], since: str | None, until: str | None, limit: int
    ) -> list[str]:
        """Full-text search (English stemming), ``ts_rank`` with the title weighted 4x.

        Articles matching two or more of the terms come first, then those matching any. On a
        large archive a common word ("world") matches tens of thousands of articles, and
        ``ts_rank`` reads each one's tsvector; ranking the two-term matches first keeps that
        to the articles that can make the top ``limit``: the any-term query runs only when the
        stronger one falls short."""
        terms = [t for t in terms if t.strip()]
        one = "plainto_tsquery('english', ?)"
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

    def _band_rows(self, bands: Sequence[int]) -> list[tuple[Any, ...]]:
        return self._all(
            "SELECT a.id, a.minhash, a.text FROM articles a WHERE a.id IN "
            "(SELECT DISTINCT b.article_id FROM minhash_bands b "
            " JOIN unnest(CAST(? AS int[]), CAST(? AS bigint[])) AS q(band, hash) "
            " ON b.band = q.band AND b.hash = q.hash) ORDER BY a.id",
            (list(range(len(bands))), list(bands)),
        )
