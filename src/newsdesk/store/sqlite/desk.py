"""The story desk's rows (migration 0008): each story's headline and summary with the member
fingerprint they were written for, and outlets' political lean. Mixed into the SQLite store."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from newsdesk.store.base import chunks


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def desk_row(story_id: str, members: str, headline: Any, summary: Any, updated: str) -> dict:
    return {
        "story_id": story_id,
        "members": members,
        "headline": headline,
        "summary": json.loads(summary) if summary else None,
        "updated_at": updated,
    }


def desk_params(row: Mapping[str, Any]) -> tuple[Any, ...]:
    summary = row.get("summary")
    return (
        row["story_id"],
        row["members"],
        row.get("headline"),
        json.dumps(summary, ensure_ascii=False) if summary is not None else None,
        _now(),
    )


class DeskTables:
    """``story_desk`` and ``outlet_lean``; ``conn`` and ``write`` come from the store."""

    conn: sqlite3.Connection
    write: Callable[[], AbstractContextManager[None]]

    def desk_rows(self, story_ids: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
        sql = "SELECT story_id, members, headline, summary, updated_at FROM story_desk"
        if story_ids is None:
            return {r[0]: desk_row(*r) for r in self.conn.execute(sql)}
        out: dict[str, dict[str, Any]] = {}
        for part in chunks(list(story_ids)):
            q = sql + f" WHERE story_id IN ({','.join('?' * len(part))})"
            out.update({r[0]: desk_row(*r) for r in self.conn.execute(q, list(part))})
        return out

    def put_desk_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        with self.write():
            self.conn.executemany(
                "INSERT INTO story_desk (story_id, members, headline, summary, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(story_id) DO UPDATE SET "
                "members = excluded.members, headline = excluded.headline, "
                "summary = excluded.summary, updated_at = excluded.updated_at",
                [desk_params(r) for r in rows],
            )

    def outlet_leans(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT outlet, lean FROM outlet_lean")}

    def set_outlet_leans(self, leans: Mapping[str, str], origin: str | None = None) -> None:
        if not leans:
            return
        now = _now()
        with self.write():
            self.conn.executemany(
                "INSERT INTO outlet_lean (outlet, lean, origin, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(outlet) DO UPDATE SET lean = excluded.lean, "
                "origin = excluded.origin, updated_at = excluded.updated_at",
                [(k, v, origin, now) for k, v in leans.items()],
            )
