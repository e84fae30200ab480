"""The story desk's rows (migration 0008) and the LLM response cache (migration 0003), the
same statements on both backends: each story's headline and summary with the member
fingerprint they were written for, outlets' political lean, and cached model answers."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from newsdesk.store.records import CachedResponse
from newsdesk.store.sql.access import SqlAccess, now_iso, upsert

_DESK_COLS = ("story_id", "members", "headline", "summary", "updated_at")
_LEAN_COLS = ("outlet", "lean", "origin", "updated_at")
_CACHE_COLS = ("key", "model", "response", "prompt_tokens", "completion_tokens", "created_at")


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
        row.get("updated_at") or now_iso(),
    )


class DeskTables(SqlAccess):
    """``DeskState``: ``story_desk`` and ``outlet_lean``."""

    def desk_rows(self, story_ids: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
        sql = f"SELECT {', '.join(_DESK_COLS)} FROM story_desk"
        if story_ids is None:
            rows = self._all(sql)
        else:
            rows = self._rows_in(sql + " WHERE story_id {ids}", list(story_ids))
        return {r[0]: desk_row(*r) for r in rows}

    def put_desk_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self._many(upsert("story_desk", _DESK_COLS, ["story_id"]), [desk_params(r) for r in rows])

    def outlet_leans(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._all("SELECT outlet, lean FROM outlet_lean")}

    def outlet_lean_rows(self) -> list[dict[str, Any]]:
        return self._dicts(f"SELECT {', '.join(_LEAN_COLS)} FROM outlet_lean ORDER BY outlet")

    def set_outlet_leans(self, leans: Mapping[str, str], origin: str | None = None) -> None:
        now = now_iso()
        self._many(
            upsert("outlet_lean", _LEAN_COLS, ["outlet"]),
            [(k, v, origin, now) for k, v in leans.items()],
        )


class LLMCacheTables(SqlAccess):
    """``LLMCache``: ``llm_cache``, one row per (backend, model, prompt) hash."""

    def llm_cache_get(self, key: str) -> CachedResponse | None:
        row = self._one(
            "SELECT model, response, prompt_tokens, completion_tokens FROM llm_cache WHERE key = ?",
            (key,),
        )
        if row is None:
            return None
        return CachedResponse(str(row[0]), str(row[1]), int(row[2]), int(row[3]))

    def llm_cache_put(self, key: str, response: CachedResponse) -> None:
        self._exec(
            upsert("llm_cache", _CACHE_COLS, ["key"]),
            (
                key,
                response.model,
                response.text,
                response.prompt_tokens,
                response.completion_tokens,
                now_iso(),
            ),
        )
