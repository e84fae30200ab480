-- LLM responses (as SQLite's 0003), keyed by a hash of backend, model and prompt.
CREATE TABLE IF NOT EXISTS llm_cache (
    key                TEXT PRIMARY KEY,
    model              TEXT NOT NULL,
    response           TEXT NOT NULL,
    prompt_tokens      INTEGER NOT NULL DEFAULT 0,
    completion_tokens  INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL
);
