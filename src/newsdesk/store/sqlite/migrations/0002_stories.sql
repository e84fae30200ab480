-- Stories (articles on one event), themes above them, and the history of both.

-- What grouping reads of each article, computed once: content words, entity and figure keys
-- (JSON objects of counts), the named entities (JSON [[key, label, text, n]]) and the title's
-- noun phrases (JSON list) for labels.
CREATE TABLE article_features (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    terms       TEXT NOT NULL,
    keys        TEXT NOT NULL,
    entities    TEXT NOT NULL,
    phrases     TEXT NOT NULL DEFAULT '[]',
    version     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE themes (
    id             TEXT PRIMARY KEY,        -- "t" + the founding article ID of its first story
    label          TEXT NOT NULL,
    story_count    INTEGER NOT NULL,
    article_count  INTEGER NOT NULL,
    first_seen     TEXT,
    last_seen      TEXT,
    updated_at     TEXT NOT NULL
);

CREATE TABLE stories (
    id                   TEXT PRIMARY KEY,  -- "s" + founding article ID (earliest, ties by ID)
    label                TEXT NOT NULL,
    theme_id             TEXT REFERENCES themes(id) ON DELETE SET NULL,
    first_seen           TEXT,              -- earliest and latest published member (ISO, UTC)
    last_seen            TEXT,
    article_count        INTEGER NOT NULL,
    outlet_count         INTEGER NOT NULL,
    independent_sources  INTEGER NOT NULL,  -- outlets with wire copies counted once
    top_entities         TEXT NOT NULL DEFAULT '[]',  -- JSON [[text, label, articles], ...]
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX stories_last_seen ON stories(last_seen);
CREATE INDEX stories_theme ON stories(theme_id);

CREATE TABLE story_articles (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id    TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    score       REAL,                       -- match score when it joined (1.0 for a founder)
    added_at    TEXT NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id);

-- Merges, splits and rebuilds, so a story ID that disappeared can be traced.
CREATE TABLE story_events (
    rowid     INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rebuild')),
    story_id  TEXT NOT NULL,
    detail    TEXT NOT NULL                 -- JSON
);
CREATE INDEX story_events_story ON story_events(story_id);

-- Small bookkeeping values: a token that changes on every write (so an in-process cache knows
-- when another process wrote), whether themes and labels need recomputing.
CREATE TABLE story_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
