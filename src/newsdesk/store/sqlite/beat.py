"""Following a beat in the SQLite store (mixed into :class:`SQLiteStore`): polled sources with
their HTTP validators and back-off state, saved topics, and the history of briefings."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import Any

from newsdesk.errors import InputError, NotFoundError

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


class BeatTables:
    """Sources, saved topics and briefing history; ``conn`` and ``write`` come from the store."""

    conn: sqlite3.Connection

    write: Callable[[], AbstractContextManager[None]]  # the store's transaction

    # -- polled sources ----------------------------------------------------------------------

    def add_feed_source(self, url: str, name: str | None, every_seconds: int, now: str) -> int:
        with self.write():
            if self.conn.execute("SELECT 1 FROM feed_sources WHERE url = ?", (url,)).fetchone():
                raise InputError(f"{url}: already a source (see 'newsdesk sources list')")
            cur = self.conn.execute(
                "INSERT INTO feed_sources (url, name, every_seconds, added_at, next_poll) "
                "VALUES (?, ?, ?, ?, ?)",
                (url, name, every_seconds, now, now),
            )
        return int(cur.lastrowid or 0)

    def feed_sources(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM feed_sources ORDER BY id")
        return [dict(r) for r in rows]

    def get_feed_source(self, ref: str) -> dict[str, Any]:
        """The source with this number, URL or name."""
        row = None
        if ref.isdigit():
            row = self.conn.execute("SELECT * FROM feed_sources WHERE id = ?", (int(ref),))
            row = row.fetchone()
        if row is None:
            rows = self.conn.execute(
                "SELECT * FROM feed_sources WHERE url = ? OR name = ? ORDER BY id", (ref, ref)
            ).fetchall()
            if len(rows) > 1:
                raise InputError(f"{ref!r} names {len(rows)} sources: use the number instead")
            row = rows[0] if rows else None
        if row is None:
            raise NotFoundError(f"no source {ref!r} (see 'newsdesk sources list')")
        return dict(row)

    def due_feed_sources(self, now: str) -> list[dict[str, Any]]:
        """Active sources whose next poll is at or before ``now``, most overdue first."""
        rows = self.conn.execute(
            "SELECT * FROM feed_sources WHERE paused = 0 AND next_poll <= ? ORDER BY next_poll, id",
            (now,),
        )
        return [dict(r) for r in rows]

    def update_feed_source(self, source_id: int, changes: Mapping[str, Any]) -> None:
        if not changes:
            return
        sql, args = _set_clause(changes, SOURCE_FIELDS)
        with self.write():
            self.conn.execute(f"UPDATE feed_sources SET {sql} WHERE id = ?", (*args, source_id))

    def remove_feed_source(self, source_id: int) -> None:
        with self.write():
            self.conn.execute("DELETE FROM feed_sources WHERE id = ?", (source_id,))

    # -- saved topics ------------------------------------------------------------------------

    def add_saved_topic(
        self, topic: str, every_seconds: int, out_dir: str, words: int, now: str
    ) -> int:
        with self.write():
            if self.conn.execute("SELECT 1 FROM saved_topics WHERE topic = ?", (topic,)).fetchone():
                raise InputError(f"{topic!r}: already a saved topic (see 'newsdesk topics list')")
            cur = self.conn.execute(
                "INSERT INTO saved_topics (topic, every_seconds, out_dir, words, added_at, "
                "next_due) VALUES (?, ?, ?, ?, ?, ?)",
                (topic, every_seconds, out_dir, words, now, now),
            )
        return int(cur.lastrowid or 0)

    def saved_topics(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM saved_topics ORDER BY id")]

    def get_saved_topic(self, ref: str) -> dict[str, Any]:
        """The saved topic with this number or text."""
        row = None
        if ref.isdigit():
            row = self.conn.execute("SELECT * FROM saved_topics WHERE id = ?", (int(ref),))
            row = row.fetchone()
        if row is None:
            row = self.conn.execute("SELECT * FROM saved_topics WHERE topic = ?", (ref,)).fetchone()
        if row is None:
            raise NotFoundError(f"no saved topic {ref!r} (see 'newsdesk topics list')")
        return dict(row)

    def update_saved_topic(self, topic_id: int, changes: Mapping[str, Any]) -> None:
        if not changes:
            return
        sql, args = _set_clause(changes, TOPIC_FIELDS)
        with self.write():
            self.conn.execute(f"UPDATE saved_topics SET {sql} WHERE id = ?", (*args, topic_id))

    def remove_saved_topic(self, topic_id: int) -> None:
        with self.write():
            self.conn.execute("DELETE FROM saved_topics WHERE id = ?", (topic_id,))

    # -- briefing history --------------------------------------------------------------------

    def add_briefing_record(self, record: Mapping[str, Any]) -> int:
        """Keep what a briefing covered: topic_key, topic, created_at, covered_until,
        read_ids (list), sentences (list), kind, files (list)."""
        with self.write():
            cur = self.conn.execute(
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
        return int(cur.lastrowid or 0)

    def briefing_records(self, topic_key: str, limit: int | None = None) -> list[dict[str, Any]]:
        """The topic's briefings, latest first."""
        sql = "SELECT * FROM briefing_history WHERE topic_key = ? ORDER BY id DESC"
        rows = self.conn.execute(sql + (f" LIMIT {int(limit)}" if limit else ""), (topic_key,))
        out = []
        for r in rows:
            d = dict(r)
            for key in ("read_ids", "sentences", "files"):
                d[key] = json.loads(d[key])
            out.append(d)
        return out
