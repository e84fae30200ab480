-- LLM responses, keyed by a hash of backend, model and prompt, so asking again costs nothing.
CREATE TABLE IF NOT EXISTS llm_cache (
    key          TEXT PRIMARY KEY,   -- hex SHA-256 of model and prompt
    model        TEXT NOT NULL,
    response     TEXT NOT NULL,
    prompt_tokens      INTEGER NOT NULL DEFAULT 0,
    completion_tokens  INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL
) WITHOUT ROWID;
