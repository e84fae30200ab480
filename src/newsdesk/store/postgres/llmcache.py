"""The LLM response cache of the PostgreSQL store (mixed into the store; migration 0003)."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.store.base import CachedResponse
from newsdesk.store.postgres.base import PgAccess


class PgLLMCacheTables(PgAccess):
    """``llm_cache``: one row per (model, prompt) hash."""

    def llm_cache_get(self, key: str) -> CachedResponse | None:
        row = self._one(
            "SELECT model, response, prompt_tokens, completion_tokens FROM llm_cache "
            "WHERE key = %s",
            (key,),
        )
        if row is None:
            return None
        return CachedResponse(str(row[0]), str(row[1]), int(row[2]), int(row[3]))

    def llm_cache_put(self, key: str, response: CachedResponse) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._exec(
            "INSERT INTO llm_cache (key, model, response, prompt_tokens, completion_tokens, "
            "created_at) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (key) DO UPDATE SET "
            "model = EXCLUDED.model, response = EXCLUDED.response, "
            "prompt_tokens = EXCLUDED.prompt_tokens, "
            "completion_tokens = EXCLUDED.completion_tokens, created_at = EXCLUDED.created_at",
            (
                key,
                response.model,
                response.text,
                response.prompt_tokens,
                response.completion_tokens,
                stamp,
            ),
        )
