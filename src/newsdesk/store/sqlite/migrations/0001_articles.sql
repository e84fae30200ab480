-- Articles, their sentences, full-text indexes and the embedding cache.
CREATE TABLE articles (
    rowid         INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,      -- short ID: 8 hex digits, longer on a collision
    key           TEXT NOT NULL UNIQUE,      -- full SHA-256 the ID is a prefix of
    url           TEXT,
    canonical_url TEXT UNIQUE,
    text_hash     TEXT NOT NULL UNIQUE,      -- exact duplicates share it
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    published     TEXT,                      -- ISO 8601, UTC
    source        TEXT,
    author        TEXT,
    original_id   TEXT REFERENCES articles(id),  -- set on a near-duplicate
    similarity    REAL,                      -- estimated Jaccard to the original
    lineage_id    TEXT NOT NULL,             -- ID of the lineage's first article (itself if none)
    minhash       BLOB,                      -- datasketch MinHash values, uint64
    origin        TEXT,                      -- where it was read from
    ingested_at   TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source);
CREATE INDEX articles_lineage ON articles(lineage_id);
CREATE INDEX articles_original ON articles(original_id);

CREATE TABLE sentences (
    rowid       INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,            -- character offsets into articles.text
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    UNIQUE (article_id, idx)
);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;

CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;

-- Locality-sensitive hashing bands of each article's MinHash, for near-duplicate candidates.
CREATE TABLE minhash_bands (
    band        INTEGER NOT NULL,
    hash        INTEGER NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX minhash_bands_lookup ON minhash_bands(band, hash);

-- Embeddings keyed by a hash of (model, exact text): nothing is embedded twice.
CREATE TABLE embeddings (
    key     BLOB PRIMARY KEY,
    model   TEXT NOT NULL,
    dim     INTEGER NOT NULL,
    vector  BLOB NOT NULL                    -- float32, little-endian, unit length
) WITHOUT ROWID;

-- Which text stands for an article as a whole (title + lead) in dense search and grouping.
CREATE TABLE article_vectors (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    model       TEXT NOT NULL,
    key         BLOB NOT NULL,
    PRIMARY KEY (article_id, model)
) WITHOUT ROWID;
