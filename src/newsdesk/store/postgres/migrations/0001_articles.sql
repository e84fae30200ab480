-- Articles, their sentences, full-text search and the embedding cache (PostgreSQL + pgvector).
-- Identifier and date columns use the "C" collation, so IDs, prefixes and ISO dates sort
-- byte by byte exactly as in the SQLite store, whatever the database's default collation.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE articles (
    seq           BIGSERIAL PRIMARY KEY,
    id            TEXT COLLATE "C" NOT NULL UNIQUE,
    key           TEXT COLLATE "C" NOT NULL UNIQUE,
    url           TEXT,
    canonical_url TEXT UNIQUE,
    text_hash     TEXT COLLATE "C" NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    published     TEXT COLLATE "C",
    source        TEXT COLLATE "C",
    author        TEXT,
    original_id   TEXT COLLATE "C" REFERENCES articles(id),
    similarity    DOUBLE PRECISION,
    lineage_id    TEXT COLLATE "C" NOT NULL,
    minhash       BYTEA,
    origin        TEXT,
    ingested_at   TEXT NOT NULL,
    -- title weighted 'A', text 'D': lexical_search ranks a title match four times a text match
    search        TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', left(text, 200000)), 'D')
    ) STORED
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source);
CREATE INDEX articles_lineage ON articles(lineage_id);
CREATE INDEX articles_original ON articles(original_id);
CREATE INDEX articles_search ON articles USING gin(search);

CREATE TABLE sentences (
    article_id  TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE minhash_bands (
    band        INTEGER NOT NULL,
    hash        BIGINT NOT NULL,
    article_id  TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX minhash_bands_lookup ON minhash_bands(band, hash);

-- Embeddings keyed by a hash of (model, exact text): article leads and briefing sentences.
-- The vector column has no fixed dimension (models differ); each (model, dimension) gets its
-- own partial HNSW index on a cast, created by the store when the model first writes here.
CREATE TABLE embeddings (
    key     BYTEA PRIMARY KEY,
    model   TEXT COLLATE "C" NOT NULL,
    dim     INTEGER NOT NULL,
    vector  VECTOR NOT NULL
);

CREATE TABLE article_vectors (
    article_id  TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    model       TEXT COLLATE "C" NOT NULL,
    key         BYTEA NOT NULL,
    PRIMARY KEY (article_id, model)
);
CREATE INDEX article_vectors_key ON article_vectors(key);
