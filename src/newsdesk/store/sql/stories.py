"""Story and theme tables, the same statements on both backends.

``story_articles`` (membership), ``stories`` (per-story figures and label), ``themes``,
``story_events``, ``story_state`` and ``article_features`` (words, entity and figure keys,
entities: computed once per article by the stories stage). JSON values are kept as text so
both stores hand back identical records.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from newsdesk.dates import window_bounds
from newsdesk.errors import AmbiguousIDError, NotFoundError
from newsdesk.store.records import (
    FeatureRecord,
    LabelInput,
    MemberRow,
    StoryEvent,
    StoryRow,
    ThemeRow,
)
from newsdesk.store.sql.access import SqlAccess, now_iso

_STORY_COLS = (
    "s.id, s.label, s.theme_id, t.label AS theme_label, s.first_seen, s.last_seen, "
    "s.article_count, s.outlet_count, s.independent_sources, s.top_entities"
)


class StoryTables(SqlAccess):
    """Story grouping's state and the story queries (``GroupingState``, ``StoryReader``)."""

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
            rows = self._all(sql + f" ORDER BY a.{self.SEQ}", (version,))
        else:
            rows = self._rows_in(sql + f" AND a.id {{ids}} ORDER BY a.{self.SEQ}", ids, version)
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
        self._many(
            "INSERT INTO article_features (article_id, terms, keys, entities, phrases, version) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
            "terms = excluded.terms, keys = excluded.keys, entities = excluded.entities, "
            "phrases = excluded.phrases, version = excluded.version",
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
            rows = self._all(sql + " ORDER BY a.id", (model,), binary=True)
        else:
            rows = self._rows_in(sql + " WHERE a.id {ids} ORDER BY a.id", ids, model, binary=True)
        return [
            FeatureRecord(
                id=r[0],
                terms=json.loads(r[5]),
                keys=json.loads(r[6]),
                entities=json.loads(r[7]),
                phrases=json.loads(r[8]),
                version=int(r[9]),
                vector=None if r[10] is None else self.vector_value(r[10]),
                published=r[1],
                source=r[2],
                original_id=r[3],
                lineage_id=r[4],
            )
            for r in rows
        ]

    def label_inputs(self, ids: Sequence[str], lead_chars: int) -> list[LabelInput]:
        rows = self._rows_in(
            f"SELECT a.id, a.title, substr(a.text, 1, {int(lead_chars)}), f.entities, f.phrases "
            "FROM articles a JOIN article_features f ON f.article_id = a.id "
            "WHERE a.id {ids} ORDER BY a.id",
            ids,
        )
        return [
            LabelInput(r[0], r[1], r[2] or "", json.loads(r[3]), json.loads(r[4])) for r in rows
        ]

    # -- membership --------------------------------------------------------------------------

    def story_assignments(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._all("SELECT article_id, story_id FROM story_articles")}

    def placed(self, ids: Sequence[str]) -> set[str]:
        rows = self._rows_in("SELECT article_id FROM story_articles WHERE article_id {ids}", ids)
        return {r[0] for r in rows}

    def unplaced(self) -> list[str]:
        rows = self._all(
            "SELECT a.id FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id "
            "WHERE sa.article_id IS NULL ORDER BY a.published IS NULL, a.published, a.id"
        )
        return [r[0] for r in rows]

    def story_ids(self) -> set[str]:
        return {r[0] for r in self._all("SELECT id FROM stories")}

    def member_rows(self, story_ids: Sequence[str]) -> dict[str, list[MemberRow]]:
        rows = self._rows_in(
            "SELECT sa.story_id, a.id, a.published, a.source, a.lineage_id, a.original_id, "
            "r.source AS root_source FROM story_articles sa "
            "JOIN articles a ON a.id = sa.article_id "
            "LEFT JOIN articles r ON r.id = a.lineage_id WHERE sa.story_id {ids} "
            f"ORDER BY sa.story_id, sa.{self.SEQ}",  # members in the order they joined
            story_ids,
        )
        out: dict[str, list[MemberRow]] = defaultdict(list)
        for r in rows:
            out[r[0]].append(MemberRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6]))
        return out

    def add_stories(
        self, new_story_ids: Sequence[str], members: Sequence[tuple[str, str, float]]
    ) -> None:
        now = now_iso()
        with self.write():
            self._many(
                "INSERT INTO stories (id, label, article_count, outlet_count, "
                "independent_sources, created_at, updated_at) VALUES (?, '', 0, 0, 0, ?, ?)",
                [(sid, now, now) for sid in new_story_ids],
            )
            self._many(
                "INSERT INTO story_articles (article_id, story_id, score, added_at) "
                "VALUES (?, ?, ?, ?)",
                [(aid, sid, round(score, 4), now) for aid, sid, score in members],
            )

    def save_stories(self, rows: Sequence[StoryRow], *, delete: Sequence[str] = ()) -> None:
        now = now_iso()
        with self.write():
            if delete:
                for cond, params in self._id_parts(delete):
                    self._exec(f"DELETE FROM stories WHERE id {cond}", params)
            self._many(
                "INSERT INTO stories (id, label, first_seen, last_seen, article_count, "
                "outlet_count, independent_sources, top_entities, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET label = excluded.label, "
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
            self._exec("UPDATE stories SET theme_id = NULL")
            self._exec("DELETE FROM story_articles")
            self._exec("DELETE FROM stories")
            self.add_stories(story_ids, members)

    def story_summaries(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT id, first_seen, last_seen, article_count FROM stories")

    def replace_themes(self, themes: Sequence[ThemeRow], labels: Mapping[str, str]) -> None:
        now = now_iso()
        with self.write():
            self._exec("UPDATE stories SET theme_id = NULL")
            self._exec("DELETE FROM themes")
            self._many(
                "UPDATE stories SET label = ? WHERE id = ?", [(v, k) for k, v in labels.items()]
            )
            self._many(
                "INSERT INTO themes (id, label, story_count, article_count, first_seen, "
                "last_seen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (t.id, t.label, len(t.story_ids), t.article_count, t.first_seen,
                     t.last_seen, now)
                    for t in themes
                ],
            )  # fmt: skip
            self._many(
                "UPDATE stories SET theme_id = ? WHERE id = ?",
                [(t.id, s) for t in themes for s in t.story_ids],
            )

    def add_story_events(self, events: Sequence[StoryEvent]) -> None:
        now = now_iso()
        self._many(
            "INSERT INTO story_events (at, kind, story_id, detail) VALUES (?, ?, ?, ?)",
            [(now, e.kind, e.story_id, json.dumps(e.detail)) for e in events],
        )

    # -- queries -----------------------------------------------------------------------------

    def story_of(self, article_id: str) -> str | None:
        row = self._one("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,))
        return None if row is None else str(row[0])

    def stories_of(self, ids: Sequence[str]) -> dict[str, str]:
        rows = self._rows_in(
            "SELECT article_id, story_id FROM story_articles WHERE article_id {ids}", ids
        )
        return {r[0]: r[1] for r in rows}

    def story_members(self, story_id: str) -> list[str]:
        rows = self._all(
            "SELECT a.id FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "WHERE sa.story_id = ? ORDER BY a.published IS NULL, a.published, a.id",
            (story_id,),
        )
        return [r[0] for r in rows]

    def story_counts(self) -> dict[str, int]:
        row = self._one(
            "SELECT (SELECT COUNT(*) FROM stories), "
            "(SELECT COUNT(*) FROM stories WHERE article_count >= 2), "
            "(SELECT COUNT(*) FROM themes), (SELECT COUNT(*) FROM story_articles)"
        ) or (0, 0, 0, 0)
        keys = ("stories", "stories_with_2plus_articles", "themes", "articles_in_stories")
        return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}

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
            for r in self._all(
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
            for (detail,) in self._all(
                f"SELECT detail FROM story_events WHERE kind = 'merge' ORDER BY {self.SEQ} DESC"
            ):
                d = json.loads(detail)
                if p in d.get("from", []):
                    raise NotFoundError(f"story {p} was merged into {d['story_id']}")
        raise NotFoundError(f"no {kind} with ID or prefix {raw!r}")

    def resolve_story(self, text: str) -> str:
        return self._resolve(text, "story")

    def resolve_theme(self, text: str) -> str:
        return self._resolve(text, "theme")

    def _per_day(self, story_ids: Sequence[str]) -> dict[str, dict[str, int]]:
        rows = self._rows_in(
            "SELECT sa.story_id, COALESCE(substr(a.published, 1, 10), 'undated') AS day, "
            "COUNT(*) FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "WHERE sa.story_id {ids} GROUP BY 1, 2 ORDER BY 1, 2",
            story_ids,
        )
        out: dict[str, dict[str, int]] = defaultdict(dict)
        for sid, day, n in rows:
            out[sid][day] = int(n)
        return out

    @staticmethod
    def _story_dict(r: dict[str, Any], per_day: dict[str, int]) -> dict[str, Any]:
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
        sql = f"SELECT {_STORY_COLS} FROM stories s LEFT JOIN themes t ON t.id = s.theme_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY s.last_seen IS NULL, s.last_seen DESC, s.article_count DESC, s.id"
        rows = self._dicts(sql, params)
        per_day = self._per_day([r["id"] for r in rows])
        return [self._story_dict(r, per_day.get(r["id"], {})) for r in rows]

    def get_story(self, story_id: str) -> dict[str, Any]:
        rows = self._dicts(
            f"SELECT {_STORY_COLS} FROM stories s LEFT JOIN themes t ON t.id = s.theme_id "
            "WHERE s.id = ?",
            (story_id,),
        )
        if not rows:
            raise NotFoundError(f"no story with ID {story_id!r}")
        out = self._story_dict(rows[0], self._per_day([story_id]).get(story_id, {}))
        arts = self._dicts(
            "SELECT a.id, a.title, a.source, a.published, a.url, a.original_id, a.lineage_id, "
            "sa.score FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "WHERE sa.story_id = ? ORDER BY a.published IS NULL, a.published, a.id",
            (story_id,),
        )
        timeline: dict[str, list[dict[str, Any]]] = {}
        for a in arts:
            timeline.setdefault((a["published"] or "")[:10] or "undated", []).append(a)
        out["timeline"] = [{"day": d, "articles": items} for d, items in timeline.items()]
        out["events"] = [
            {"at": e[0], "kind": e[1], **json.loads(e[2])}
            for e in self._all(
                "SELECT at, kind, detail FROM story_events WHERE story_id = ? "
                f"AND kind != 'rebuild' ORDER BY {self.SEQ}",
                (story_id,),
            )
        ]
        return out

    def list_themes(self) -> list[dict[str, Any]]:
        themes = self._dicts(
            "SELECT id, label, story_count, article_count, first_seen, last_seen, updated_at "
            "FROM themes ORDER BY article_count DESC, last_seen DESC NULLS LAST, id"
        )
        out = []
        for t in themes:
            stories = self._dicts(
                "SELECT id, label, first_seen, last_seen, article_count, independent_sources "
                "FROM stories WHERE theme_id = ? ORDER BY first_seen IS NULL, first_seen, id",
                (t["id"],),
            )
            out.append({**t, "stories": stories})
        return out
