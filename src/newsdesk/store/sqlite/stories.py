"""Story and theme tables of the SQLite store (mixed into :class:`SQLiteStore`).

``story_articles`` (membership), ``stories`` (per-story figures and label), ``themes``,
``story_events`` and ``article_features`` (words, entity and figure keys, entities: computed
once per article by the stories stage, stored here).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

import numpy as np

from newsdesk.errors import AmbiguousIDError, NotFoundError
from newsdesk.store.base import (
    FeatureRecord,
    LabelInput,
    MemberRow,
    StoryEvent,
    StoryRow,
    ThemeRow,
    chunks,
    window_bounds,
)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _marks(n: int) -> str:
    return ",".join("?" * n)


class StoryTables:
    """The story half of the SQLite store; ``conn`` and ``write`` come from the store."""

    conn: sqlite3.Connection

    write: Callable[[], AbstractContextManager[None]]  # the store's transaction

    def _in_chunks(self, sql: str, ids: Sequence[str], *args: Any) -> Iterator[sqlite3.Row]:
        """Rows of ``sql`` (holding one ``IN ({marks})``) over ``ids`` in chunks."""
        for chunk in chunks(list(ids)):
            yield from self.conn.execute(sql.format(marks=_marks(len(chunk))), (*args, *chunk))

    # -- features ----------------------------------------------------------------------------

    def articles_without_features(
        self, version: int, ids: Sequence[str] | None = None
    ) -> list[tuple[str, str, str]]:
        sql = (
            "SELECT a.id, a.title, a.text FROM articles a "
            "LEFT JOIN article_features f ON f.article_id = a.id "
            "WHERE (f.article_id IS NULL OR f.version != ?)"
        )
        if ids is None:
            rows = self.conn.execute(sql + " ORDER BY a.rowid", (version,)).fetchall()
        else:
            rows = list(self._in_chunks(sql + " AND a.id IN ({marks})", ids, version))
        return [(r[0], r[1], r[2]) for r in rows]

    def put_features(self, records: Sequence[FeatureRecord]) -> None:
        rows = [
            (
                r.id,
                json.dumps(r.terms, ensure_ascii=False),
                json.dumps(r.keys, ensure_ascii=False),
                json.dumps(r.entities, ensure_ascii=False),
                json.dumps(r.phrases, ensure_ascii=False),
                r.version,
            )
            for r in records
        ]
        with self.write():
            self.conn.executemany(
                "INSERT OR REPLACE INTO article_features (article_id, terms, keys, entities, "
                "phrases, version) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    def load_features(self, ids: Sequence[str] | None, model: str) -> list[FeatureRecord]:
        sql = (
            "SELECT a.id, a.published, a.source, a.original_id, a.lineage_id, f.terms, f.keys, "
            "f.entities, f.phrases, f.version, e.vector "
            "FROM articles a JOIN article_features f ON f.article_id = a.id "
            "LEFT JOIN article_vectors av ON av.article_id = a.id AND av.model = ? "
            "LEFT JOIN embeddings e ON e.key = av.key"
        )
        if ids is None:
            rows = self.conn.execute(sql + " ORDER BY a.id", (model,)).fetchall()
        else:
            rows = list(self._in_chunks(sql + " WHERE a.id IN ({marks})", ids, model))
        return [
            FeatureRecord(
                id=r[0],
                terms=json.loads(r[5]),
                keys=json.loads(r[6]),
                entities=json.loads(r[7]),
                phrases=json.loads(r[8]),
                version=int(r[9]),
                vector=None if r[10] is None else np.frombuffer(r[10], dtype="<f4").copy(),
                published=r[1],
                source=r[2],
                original_id=r[3],
                lineage_id=r[4],
            )
            for r in rows
        ]

    def label_inputs(self, ids: Sequence[str], lead_chars: int) -> list[LabelInput]:
        sql = (
            f"SELECT a.id, a.title, substr(a.text, 1, {int(lead_chars)}), f.entities, f.phrases "
            "FROM articles a JOIN article_features f ON f.article_id = a.id "
            "WHERE a.id IN ({marks})"
        )
        out = []
        for r in self._in_chunks(sql, ids):
            out.append(LabelInput(r[0], r[1], r[2] or "", json.loads(r[3]), json.loads(r[4])))
        return out

    # -- membership --------------------------------------------------------------------------

    def story_assignments(self) -> dict[str, str]:
        return {
            r[0]: r[1] for r in self.conn.execute("SELECT article_id, story_id FROM story_articles")
        }

    def placed(self, ids: Sequence[str]) -> set[str]:
        sql = "SELECT article_id FROM story_articles WHERE article_id IN ({marks})"
        return {r[0] for r in self._in_chunks(sql, ids)}

    def unplaced(self) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT a.id FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id "
                "WHERE sa.article_id IS NULL ORDER BY a.published IS NULL, a.published, a.id"
            )
        ]

    def story_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT id FROM stories")}

    def member_rows(self, story_ids: Sequence[str]) -> dict[str, list[MemberRow]]:
        sql = (
            "SELECT sa.story_id, a.id, a.published, a.source, a.lineage_id, a.original_id, "
            "r.source AS root_source FROM story_articles sa "
            "JOIN articles a ON a.id = sa.article_id "
            "LEFT JOIN articles r ON r.id = a.lineage_id WHERE sa.story_id IN ({marks}) "
            "ORDER BY sa.story_id, sa.rowid"  # members in the order they joined
        )
        out: dict[str, list[MemberRow]] = defaultdict(list)
        for r in self._in_chunks(sql, story_ids):
            out[r[0]].append(MemberRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6]))
        return out

    def add_stories(
        self, new_story_ids: Sequence[str], members: Sequence[tuple[str, str, float]]
    ) -> None:
        now = _now()
        with self.write():
            self.conn.executemany(
                "INSERT INTO stories (id, label, article_count, outlet_count, independent_sources,"
                " created_at, updated_at) VALUES (?, '', 0, 0, 0, ?, ?)",
                [(sid, now, now) for sid in new_story_ids],
            )
            self.conn.executemany(
                "INSERT INTO story_articles (article_id, story_id, score, added_at) "
                "VALUES (?, ?, ?, ?)",
                [(aid, sid, round(score, 4), now) for aid, sid, score in members],
            )

    def save_stories(self, rows: Sequence[StoryRow], *, delete: Sequence[str] = ()) -> None:
        now = _now()
        with self.write():
            self.conn.executemany("DELETE FROM stories WHERE id = ?", [(d,) for d in delete])
            self.conn.executemany(
                "INSERT INTO stories (id, label, first_seen, last_seen, article_count, "
                "outlet_count, independent_sources, top_entities, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET label = excluded.label, "
                "first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
                "article_count = excluded.article_count, outlet_count = excluded.outlet_count, "
                "independent_sources = excluded.independent_sources, "
                "top_entities = excluded.top_entities, updated_at = excluded.updated_at",
                [
                    (
                        r.id, r.label, r.first_seen, r.last_seen, r.article_count,
                        r.outlet_count, r.independent_sources,
                        json.dumps(r.top_entities, ensure_ascii=False), now, now,
                    )
                    for r in rows
                ],
            )  # fmt: skip

    def replace_stories(
        self, story_ids: Sequence[str], members: Sequence[tuple[str, str, float]]
    ) -> None:
        with self.write():
            self.conn.execute("UPDATE stories SET theme_id = NULL")
            self.conn.execute("DELETE FROM story_articles")
            self.conn.execute("DELETE FROM stories")
            self.add_stories(story_ids, members)

    def story_summaries(self) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT id, first_seen, last_seen, article_count FROM stories"
            )
        ]

    def replace_themes(self, themes: Sequence[ThemeRow], labels: Mapping[str, str]) -> None:
        now = _now()
        with self.write():
            c = self.conn
            c.execute("UPDATE stories SET theme_id = NULL")
            c.execute("DELETE FROM themes")
            c.executemany(
                "UPDATE stories SET label = ? WHERE id = ?", [(v, k) for k, v in labels.items()]
            )
            for t in themes:
                c.execute(
                    "INSERT INTO themes (id, label, story_count, article_count, first_seen, "
                    "last_seen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        t.id, t.label, len(t.story_ids), t.article_count, t.first_seen,
                        t.last_seen, now,
                    ),
                )  # fmt: skip
                c.executemany(
                    "UPDATE stories SET theme_id = ? WHERE id = ?",
                    [(t.id, s) for s in t.story_ids],
                )

    def add_story_events(self, events: Sequence[StoryEvent]) -> None:
        now = _now()
        with self.write():
            self.conn.executemany(
                "INSERT INTO story_events (at, kind, story_id, detail) VALUES (?, ?, ?, ?)",
                [(now, e.kind, e.story_id, json.dumps(e.detail)) for e in events],
            )

    # -- queries -----------------------------------------------------------------------------

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def stories_of(self, ids: Sequence[str]) -> dict[str, str]:
        sql = "SELECT article_id, story_id FROM story_articles WHERE article_id IN ({marks})"
        return {r[0]: r[1] for r in self._in_chunks(sql, ids)}

    def story_members(self, story_id: str) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT a.id FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                "WHERE sa.story_id = ? ORDER BY a.published IS NULL, a.published, a.id",
                (story_id,),
            )
        ]

    def story_counts(self) -> dict[str, int]:
        one = lambda sql: int(self.conn.execute(sql).fetchone()[0] or 0)  # noqa: E731
        return {
            "stories": one("SELECT COUNT(*) FROM stories"),
            "stories_with_2plus_articles": one(
                "SELECT COUNT(*) FROM stories WHERE article_count >= 2"
            ),
            "themes": one("SELECT COUNT(*) FROM themes"),
            "articles_in_stories": one("SELECT COUNT(*) FROM story_articles"),
        }

    def _resolve(self, text: str, kind: str) -> str:
        table, prefix = ("stories", "s") if kind == "story" else ("themes", "t")
        raw = str(text).strip()
        p = raw.lower().strip("[]")
        if not p.startswith(prefix):
            p = prefix + p
        if len(p) < 2 or any(c not in "0123456789abcdef" for c in p[1:]):
            raise NotFoundError(f"{raw!r} is not a {kind} ID (expected {prefix} and hex digits)")
        rows = [
            r[0]
            for r in self.conn.execute(
                f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
                (p, p + "g"),
            )
        ]
        if p in rows:
            return p
        if len(rows) == 1:
            return str(rows[0])
        if len(rows) > 1:
            more = " ..." if len(rows) > 5 else ""
            raise AmbiguousIDError(
                f"{kind} ID prefix {raw!r} is ambiguous: {', '.join(rows[:5])}{more}"
            )
        if kind == "story":
            for (detail,) in self.conn.execute(
                "SELECT detail FROM story_events WHERE kind = 'merge' ORDER BY rowid DESC"
            ):
                d = json.loads(detail)
                if p in d.get("from", []):
                    raise NotFoundError(f"story {p} was merged into {d['story_id']}")
        raise NotFoundError(f"no {kind} with ID or prefix {raw!r}")

    def resolve_story(self, text: str) -> str:
        """The one story ID matching ``text`` (an ID or a unique prefix, with or without "s")."""
        return self._resolve(text, "story")

    def resolve_theme(self, text: str) -> str:
        return self._resolve(text, "theme")

    def _per_day(self, story_ids: Sequence[str]) -> dict[str, dict[str, int]]:
        sql = (
            "SELECT sa.story_id, COALESCE(substr(a.published, 1, 10), 'undated'), COUNT(*) "
            "FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "WHERE sa.story_id IN ({marks}) GROUP BY 1, 2 ORDER BY 1, 2"
        )
        out: dict[str, dict[str, int]] = defaultdict(dict)
        for sid, day, n in self._in_chunks(sql, story_ids):
            out[sid][day] = n
        return out

    @staticmethod
    def _story_dict(r: sqlite3.Row, per_day: dict[str, int]) -> dict[str, Any]:
        return {
            "id": r["id"],
            "label": r["label"],
            "theme_id": r["theme_id"],
            "theme_label": r["theme_label"],
            "first_seen": r["first_seen"],
            "last_seen": r["last_seen"],
            "article_count": r["article_count"],
            "outlet_count": r["outlet_count"],
            "independent_sources": r["independent_sources"],
            "top_entities": [
                {"text": t, "label": lab, "articles": n}
                for t, lab, n in json.loads(r["top_entities"])
            ],
            "articles_per_day": per_day,
        }

    def list_stories(
        self, *, since: str | None = None, until: str | None = None, theme: str | None = None
    ) -> list[dict[str, Any]]:
        """Stories, most recently active first; with a window, those with an article inside."""
        where: list[str] = []
        params: list[Any] = []
        if theme:
            where.append("s.theme_id = ?")
            params.append(theme)
        lo, hi = window_bounds(since, until)
        cond = [c for c, v in (("a.published >= ?", lo), ("a.published <= ?", hi)) if v]
        if cond:
            where.append(
                "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a "
                f"ON a.id = sa.article_id WHERE {' AND '.join(cond)})"
            )
            params += [v for v in (lo, hi) if v]
        sql = (
            "SELECT s.*, t.label AS theme_label FROM stories s "
            "LEFT JOIN themes t ON t.id = s.theme_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY s.last_seen IS NULL, s.last_seen DESC, s.article_count DESC, s.id"
        rows = self.conn.execute(sql, params).fetchall()
        per_day = self._per_day([r["id"] for r in rows])
        return [self._story_dict(r, per_day.get(r["id"], {})) for r in rows]

    def get_story(self, story_id: str) -> dict[str, Any]:
        """One story with its articles and its day-by-day timeline."""
        r = self.conn.execute(
            "SELECT s.*, t.label AS theme_label FROM stories s "
            "LEFT JOIN themes t ON t.id = s.theme_id WHERE s.id = ?",
            (story_id,),
        ).fetchone()
        if r is None:
            raise NotFoundError(f"no story with ID {story_id!r}")
        out = self._story_dict(r, self._per_day([story_id]).get(story_id, {}))
        arts = self.conn.execute(
            "SELECT a.id, a.title, a.source, a.published, a.url, a.original_id, a.lineage_id, "
            "sa.score FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "WHERE sa.story_id = ? ORDER BY a.published IS NULL, a.published, a.id",
            (story_id,),
        ).fetchall()
        timeline: dict[str, list[dict[str, Any]]] = {}
        for a in arts:
            timeline.setdefault((a["published"] or "")[:10] or "undated", []).append(dict(a))
        out["timeline"] = [{"day": d, "articles": items} for d, items in timeline.items()]
        out["events"] = [
            {"at": e[0], "kind": e[1], **json.loads(e[2])}
            for e in self.conn.execute(
                "SELECT at, kind, detail FROM story_events WHERE story_id = ? "
                "AND kind != 'rebuild' ORDER BY rowid",
                (story_id,),
            )
        ]
        return out

    def list_themes(self) -> list[dict[str, Any]]:
        """Themes, biggest first, each with its stories."""
        themes = self.conn.execute(
            "SELECT * FROM themes ORDER BY article_count DESC, last_seen DESC, id"
        ).fetchall()
        out = []
        for t in themes:
            stories = self.conn.execute(
                "SELECT id, label, first_seen, last_seen, article_count, independent_sources "
                "FROM stories WHERE theme_id = ? ORDER BY first_seen IS NULL, first_seen, id",
                (t["id"],),
            ).fetchall()
            out.append({**dict(t), "stories": [dict(s) for s in stories]})
        return out
