"""Following a beat in the PostgreSQL store (mixed into the store): polled sources with their
HTTP validators and back-off state, saved topics, and the history of briefings. The same rows
as the SQLite store's (:mod:`newsdesk.store.sqlite.beat`), plain dicts of migration 0004."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from newsdesk.errors import InputError, NotFoundError
from newsdesk.store.postgres.base import PgAccess
from newsdesk.store.sqlite.beat import SOURCE_FIELDS, TOPIC_FIELDS


def _set_clause(changes: Mapping[str, Any], allowed: set[str]) -> tuple[str, list[Any]]:
    bad = sorted(set(changes) - allowed)
    if bad:
        raise ValueError(f"unknown fields {bad}")
    return ", ".join(f"{k} = %s" for k in changes), list(changes.values())


class PgBeatTables(PgAccess):
    # -- polled sources ----------------------------------------------------------------------

    def add_feed_source(self, url: str, name: str | None, every_seconds: int, now: str) -> int:
        with self.write():
            if self._one("SELECT 1 FROM feed_sources WHERE url = %s", (url,)):
                raise InputError(f"{url}: already a source (see 'newsdesk sources list')")
            row = self._one(
                "INSERT INTO feed_sources (url, name, every_seconds, added_at, next_poll) "
                "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                (url, name, every_seconds, now, now),
            )
        return int(row[0]) if row else 0

    def feed_sources(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT * FROM feed_sources ORDER BY id")

    def get_feed_source(self, ref: str) -> dict[str, Any]:
        """The source with this number, URL or name."""
        rows: list[dict[str, Any]] = []
        if ref.isdigit():
            rows = self._dicts("SELECT * FROM feed_sources WHERE id = %s", (int(ref),))
        if not rows:
            rows = self._dicts(
                "SELECT * FROM feed_sources WHERE url = %s OR name = %s ORDER BY id", (ref, ref)
            )
            if len(rows) > 1:
                raise InputError(f"{ref!r} names {len(rows)} sources: use the number instead")
        if not rows:
            raise NotFoundError(f"no source {ref!r} (see 'newsdesk sources list')")
        return rows[0]

    def due_feed_sources(self, now: str) -> list[dict[str, Any]]:
        """Active sources whose next poll is at or before ``now``, most overdue first."""
        return self._dicts(
            "SELECT * FROM feed_sources WHERE paused = 0 AND next_poll <= %s "
            "ORDER BY next_poll, id",
            (now,),
        )

    def update_feed_source(self, source_id: int, changes: Mapping[str, Any]) -> None:
        if not changes:
            return
        sql, args = _set_clause(changes, SOURCE_FIELDS)
        self._exec(f"UPDATE feed_sources SET {sql} WHERE id = %s", (*args, source_id))

    def remove_feed_source(self, source_id: int) -> None:
        self._exec("DELETE FROM feed_sources WHERE id = %s", (source_id,))

    # -- saved topics ------------------------------------------------------------------------

    def add_saved_topic(
        self, topic: str, every_seconds: int, out_dir: str, words: int, now: str
    ) -> int:
        with self.write():
            if self._one("SELECT 1 FROM saved_topics WHERE topic = %s", (topic,)):
                raise InputError(f"{topic!r}: already a saved topic (see 'newsdesk topics list')")
            row = self._one(
                "INSERT INTO saved_topics (topic, every_seconds, out_dir, words, added_at, "
                "next_due) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (topic, every_seconds, out_dir, words, now, now),
            )
        return int(row[0]) if row else 0

    def saved_topics(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT * FROM saved_topics ORDER BY id")

    def get_saved_topic(self, ref: str) -> dict[str, Any]:
        """The saved topic with this number or text."""
        rows: list[dict[str, Any]] = []
        if ref.isdigit():
            rows = self._dicts("SELECT * FROM saved_topics WHERE id = %s", (int(ref),))
        if not rows:
            rows = self._dicts("SELECT * FROM saved_topics WHERE topic = %s", (ref,))
        if not rows:
            raise NotFoundError(f"no saved topic {ref!r} (see 'newsdesk topics list')")
        return rows[0]

    def update_saved_topic(self, topic_id: int, changes: Mapping[str, Any]) -> None:
        if not changes:
            return
        sql, args = _set_clause(changes, TOPIC_FIELDS)
        self._exec(f"UPDATE saved_topics SET {sql} WHERE id = %s", (*args, topic_id))

    def remove_saved_topic(self, topic_id: int) -> None:
        self._exec("DELETE FROM saved_topics WHERE id = %s", (topic_id,))

    # -- briefing history --------------------------------------------------------------------

    def add_briefing_record(self, record: Mapping[str, Any]) -> int:
        """Keep what a briefing covered (the fields of the SQLite store's method)."""
        with self.write():
            row = self._one(
                "INSERT INTO briefing_history (topic_key, topic, created_at, covered_until, "
                "read_ids, sentences, kind, files) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
                "RETURNING id",
                (
                    record["topic_key"],
                    record["topic"],
                    record["created_at"],
                    record.get("covered_until"),
                    json.dumps(list(record["read_ids"])),
                    json.dumps(list(record["sentences"]), ensure_ascii=False),
                    record["kind"],
                    json.dumps(list(record.get("files") or [])),
                ),
            )
        return int(row[0]) if row else 0

    def briefing_records(self, topic_key: str, limit: int | None = None) -> list[dict[str, Any]]:
        """The topic's briefings, latest first."""
        sql = "SELECT * FROM briefing_history WHERE topic_key = %s ORDER BY id DESC"
        out = self._dicts(sql + (f" LIMIT {int(limit)}" if limit else ""), (topic_key,))
        for d in out:
            for key in ("read_ids", "sentences", "files"):
                d[key] = json.loads(d[key])
        return out
