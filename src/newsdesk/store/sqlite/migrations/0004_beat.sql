-- Following a beat: polled sources with their HTTP cache state, saved topics, and the history
-- of briefings (what each one covered, so the next can say only what is new).

CREATE TABLE feed_sources (
    id             INTEGER PRIMARY KEY,
    url            TEXT NOT NULL UNIQUE,
    name           TEXT,
    every_seconds  INTEGER NOT NULL,          -- polling interval
    etag           TEXT,                      -- validators for a conditional GET
    last_modified  TEXT,
    added_at       TEXT NOT NULL,
    last_polled    TEXT,
    last_success   TEXT,
    last_status    TEXT,                      -- "200 (5 new)", "304 not modified", ...
    last_error     TEXT,
    last_error_at  TEXT,
    failures       INTEGER NOT NULL DEFAULT 0,  -- consecutive failures
    paused         INTEGER NOT NULL DEFAULT 0,  -- 1 after repeated failures, until resumed
    next_poll      TEXT NOT NULL,
    articles       INTEGER NOT NULL DEFAULT 0   -- articles stored from this source
);
CREATE INDEX feed_sources_next ON feed_sources(paused, next_poll);

CREATE TABLE saved_topics (
    id             INTEGER PRIMARY KEY,
    topic          TEXT NOT NULL UNIQUE,
    every_seconds  INTEGER NOT NULL,
    out_dir        TEXT NOT NULL,
    words          INTEGER NOT NULL DEFAULT 250,
    added_at       TEXT NOT NULL,
    next_due       TEXT NOT NULL,
    last_run       TEXT,
    last_error     TEXT
);

CREATE TABLE briefing_history (
    id             INTEGER PRIMARY KEY,
    topic_key      TEXT NOT NULL,             -- the topic, lower-cased, spaces collapsed
    topic          TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    covered_until  TEXT,                      -- latest publication date among the read articles
    read_ids       TEXT NOT NULL,             -- JSON list: every article the briefing covered
    sentences      TEXT NOT NULL,             -- JSON list: the published sentences
    kind           TEXT NOT NULL,             -- "full" | "update" | "none" (nothing new)
    files          TEXT NOT NULL DEFAULT '[]' -- JSON list of files written (saved topics)
);
CREATE INDEX briefing_history_topic ON briefing_history(topic_key, id);
