"""Following a beat, the same statements on both backends: polled sources with their HTTP
validators and back-off state, saved topics, and the history of briefings (plain dicts of the
columns of migration 0004)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from newsdesk.errors import InputError, NotFoundError
from newsdesk.store.sql.access import SqlAccess

SOURCE_FIELDS = {
    "name",
    "every_seconds",
    "etag",
    "last_modified",
    "last_polled",
    "last_success",
    "last_status",
    "last_error",
    "last_error_at",
    "failures",
    "paused",
    "next_poll",
    "articles",
}
TOPIC_FIELDS = {"every_seconds", "out_dir", "words", "next_due", "last_run", "last_error"}


def _set_clause(changes: Mapping[str, Any], allowed: set[str]) -> tuple[str, list[Any]]:
    bad = sorted(set(changes) - allowed)
    if bad:
        raise ValueError(f"unknown fields {bad}")
    return ", ".join(f"{k} = ?" for k in changes), list(changes.values())


class BeatTables(SqlAccess):
    """``BeatState``: ``feed_sources``, ``saved_topics`` and ``briefing_history``."""

    # -- polled sources ----------------------------------------------------------------------

    def add_feed_source(self, url: str, name: str | None, every_seconds: int, now: str) -> int:
        with self.write():
            if self._one("SELECT 1 FROM feed_sources WHERE url = ?", (url,)):
                raise InputError(f"{url}: already a source (see 'newsdesk sources list')")
            return self._insert_id(
                "INSERT INTO feed_sources (url, name, every_seconds, added_at, next_poll) "
                "VALUES (?, ?, ?, ?, ?)",
                (url, name, every_seconds, now, now),
            )

    def feed_sources(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT * FROM feed_sources ORDER BY id")

    def get_feed_source(self, ref: str) -> dict[str, Any]:
        """The source with this number, URL or name."""
        rows: list[dict[str, Any]] = []
        if ref.isdigit():
            rows = self._dicts("SELECT * FROM feed_sources WHERE id = ?", (int(ref),))
        if not rows:
            rows = self._dicts(
                "SELECT * FROM feed_sources WHERE url = ? OR name = ? ORDER BY id", (ref, ref)
            )
            if len(rows) > 1:
                raise InputError(f"{ref!r} names {len(rows)} sources: use the number instead")
        if not rows:
            raise NotFoundError(f"no source {ref!r} (see 'newsdesk sources list')")
        return rows[0]

    def due_feed_sources(self, now: str) -> list[dict[str, Any]]:
        """Active sources whose next poll is at or before ``now``, most overdue first."""
        return self._dicts(
            "SELECT * FROM feed_sources WHERE paused = 0 AND next_poll <= ? ORDER BY next_poll, id",
            (now,),
        )

    def update_feed_source(self, source_id: int, changes: Mapping[str, Any]) -> None:
        if not changes:
            return
        sql, args = _set_clause(changes, SOURCE_FIELDS)
        self._exec(f"UPDATE feed_sources SET {sql} WHERE id = ?", (*args, source_id))

    def remove_feed_source(self, source_id: int) -> None:
        self._exec("DELETE FROM feed_sources WHERE id = ?", (source_id,))

    # -- saved topics ------------------------------------------------------------------------

    def add_saved_topic(
        self, topic: str, every_seconds: int, out_dir: str, words: int, now: str
    ) -> int:
        with self.write():
            if self._one("SELECT 1 FROM saved_topics WHERE topic = ?", (topic,)):
                raise InputError(f"{topic!r}: already a saved topic (see 'newsdesk topics list')")
            return self._insert_id(
                "INSERT INTO saved_topics (topic, every_seconds, out_dir, words, added_at, "
                "next_due) VALUES (?, ?, ?, ?, ?, ?)",
                (topic, every_seconds, out_dir, words, now, now),
            )

    def saved_topics(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT * FROM saved_topics ORDER BY id")

    def get_saved_topic(self, ref: str) -> dict[str, Any]:
        """The saved topic with this number or text."""
        rows: list[dict[str, Any]] = []
        if ref.isdigit():
            rows = self._dicts("SELECT * FROM saved_topics WHERE id = ?", (int(ref),))
        if not rows:
            rows = self._dicts("SELECT * FROM saved_topics WHERE topic = ?", (ref,))
        if not rows:
            raise NotFoundError(f"no saved topic {ref!r} (see 'newsdesk topics list')")
        return rows[0]

    def update_saved_topic(self, topic_id: int, changes: Mapping[str, Any]) -> None:
        if not changes:
            return
        sql, args = _set_clause(changes, TOPIC_FIELDS)
        self._exec(f"UPDATE saved_topics SET {sql} WHERE id = ?", (*args, topic_id))

    def remove_saved_topic(self, topic_id: int) -> None:
        self._exec("DELETE FROM saved_topics WHERE id = ?", (topic_id,))

    # -- briefing history --------------------------------------------------------------------

    def add_briefing_record(self, record: Mapping[str, Any]) -> int:
        """Keep what a briefing covered: topic_key, topic, created_at, covered_until,
        read_ids (list), sentences (list), kind, files (list)."""
        return self._insert_id(
            "INSERT INTO briefing_history (topic_key, topic, created_at, covered_until, "
            "read_ids, sentences, kind, files) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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

    def briefing_records(self, topic_key: str, limit: int | None = None) -> list[dict[str, Any]]:
        """The topic's briefings, latest first."""
        sql = "SELECT * FROM briefing_history WHERE topic_key = ? ORDER BY id DESC"
        out = self._dicts(sql + (f" LIMIT {int(limit)}" if limit else ""), (topic_key,))
        for d in out:
            for key in ("read_ids", "sentences", "files"):
                d[key] = json.loads(d[key])
        return out
