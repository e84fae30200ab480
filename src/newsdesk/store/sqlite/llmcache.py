"""The LLM response cache of the SQLite store (mixed into :class:`SQLiteStore`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from newsdesk.store.base import CachedResponse


class LLMCacheTables:
    """``llm_cache``: one row per (model, prompt) hash."""

    conn: sqlite3.Connection

    write: Callable[[], AbstractContextManager[None]]  # the store's transaction

    def llm_cache_get(self, key: str) -> CachedResponse | None:
        row = self.conn.execute(
            "SELECT model, response, prompt_tokens, completion_tokens FROM llm_cache WHERE key = ?",
            (key,),
        ).fetchone()
        if row is None:
            return None
        return CachedResponse(str(row[0]), str(row[1]), int(row[2]), int(row[3]))

    def llm_cache_put(self, key: str, response: CachedResponse) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self.write():
            self.conn.execute(
                "INSERT OR REPLACE INTO llm_cache (key, model, response, prompt_tokens, "
                "completion_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    key,
                    response.model,
                    response.text,
                    response.prompt_tokens,
                    response.completion_tokens,
                    stamp,
                ),
            )
