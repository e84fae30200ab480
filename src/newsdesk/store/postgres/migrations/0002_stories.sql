-- Stories, themes above them, their history and grouping state (as the SQLite store's 0002).
CREATE TABLE article_features (
    article_id  TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    terms       TEXT NOT NULL,
    keys        TEXT NOT NULL,
    entities    TEXT NOT NULL,
    phrases     TEXT NOT NULL DEFAULT '[]',
    version     INTEGER NOT NULL
);

CREATE TABLE themes (
    id             TEXT COLLATE "C" PRIMARY KEY,
    label          TEXT NOT NULL,
    story_count    INTEGER NOT NULL,
    article_count  INTEGER NOT NULL,
    first_seen     TEXT COLLATE "C",
    last_seen      TEXT COLLATE "C",
    updated_at     TEXT NOT NULL
);

CREATE TABLE stories (
    id                   TEXT COLLATE "C" PRIMARY KEY,
    label                TEXT NOT NULL,
    theme_id             TEXT COLLATE "C" REFERENCES themes(id) ON DELETE SET NULL,
    first_seen           TEXT COLLATE "C",
    last_seen            TEXT COLLATE "C",
    article_count        INTEGER NOT NULL,
    outlet_count         INTEGER NOT NULL,
    independent_sources  INTEGER NOT NULL,
    top_entities         TEXT NOT NULL DEFAULT '[]',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX stories_last_seen ON stories(last_seen);
CREATE INDEX stories_theme ON stories(theme_id);

CREATE TABLE story_articles (
    seq         BIGSERIAL,                  -- insertion order, as SQLite's rowid
    article_id  TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id    TEXT COLLATE "C" NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    score       DOUBLE PRECISION,
    added_at    TEXT NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id);

CREATE TABLE story_events (
    seq       BIGSERIAL PRIMARY KEY,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rebuild')),
    story_id  TEXT COLLATE "C" NOT NULL,
    detail    TEXT NOT NULL
);
CREATE INDEX story_events_story ON story_events(story_id);

CREATE TABLE story_state (
    key    TEXT COLLATE "C" PRIMARY KEY,
    value  TEXT NOT NULL
);
