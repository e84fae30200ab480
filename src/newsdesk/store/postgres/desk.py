"""The story desk's rows in the PostgreSQL store (migration 0008): the same rows as
:mod:`newsdesk.store.sqlite.desk`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from newsdesk.store.postgres.base import PgAccess
from newsdesk.store.sqlite.desk import desk_params, desk_row


class PgDeskTables(PgAccess):
    def desk_rows(self, story_ids: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
        sql = "SELECT story_id, members, headline, summary, updated_at FROM story_desk"
        if story_ids is None:
            rows = self._all(sql)
        else:
            rows = self._all(sql + " WHERE story_id = ANY(%s)", (list(story_ids),))
        return {r[0]: desk_row(*r) for r in rows}

    def put_desk_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        with self.write():
            self._many(
                "INSERT INTO story_desk (story_id, members, headline, summary, updated_at) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (story_id) DO UPDATE SET "
                "members = excluded.members, headline = excluded.headline, "
                "summary = excluded.summary, updated_at = excluded.updated_at",
                [desk_params(r) for r in rows],
            )

    def outlet_leans(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._all("SELECT outlet, lean FROM outlet_lean")}

    def set_outlet_leans(self, leans: Mapping[str, str], origin: str | None = None) -> None:
        if not leans:
            return
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self.write():
            self._many(
                "INSERT INTO outlet_lean (outlet, lean, origin, updated_at) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (outlet) DO UPDATE SET "
                "lean = excluded.lean, origin = excluded.origin, updated_at = excluded.updated_at",
                [(k, v, origin, now) for k, v in leans.items()],
            )
