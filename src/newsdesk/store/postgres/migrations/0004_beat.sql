-- Following a beat (as SQLite's 0004): polled sources with their HTTP cache state, saved
-- topics, and the history of briefings (what each covered, so the next says only what is new).

CREATE TABLE feed_sources (
    id             BIGSERIAL PRIMARY KEY,
    url            TEXT NOT NULL UNIQUE,
    name           TEXT,
    every_seconds  INTEGER NOT NULL,
    etag           TEXT,
    last_modified  TEXT,
    added_at       TEXT NOT NULL,
    last_polled    TEXT,
    last_success   TEXT,
    last_status    TEXT,
    last_error     TEXT,
    last_error_at  TEXT,
    failures       INTEGER NOT NULL DEFAULT 0,
    paused         INTEGER NOT NULL DEFAULT 0,
    next_poll      TEXT NOT NULL,
    articles       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feed_sources_next ON feed_sources(paused, next_poll);

CREATE TABLE saved_topics (
    id             BIGSERIAL PRIMARY KEY,
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
    id             BIGSERIAL PRIMARY KEY,
    topic_key      TEXT NOT NULL,
    topic          TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    covered_until  TEXT,
    read_ids       TEXT NOT NULL,
    sentences      TEXT NOT NULL,
    kind           TEXT NOT NULL,
    files          TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX briefing_history_topic ON briefing_history(topic_key, id);
