-- Sentences were indexed for full-text search (sentences_fts, kept by two triggers), but no
-- query ever read that index: lexical search runs on articles_fts. The triggers cost time on
-- every ingest and the index a good part of the file, so both go.
DROP TRIGGER IF EXISTS sentences_ai;
DROP TRIGGER IF EXISTS sentences_ad;
DROP TABLE IF EXISTS sentences_fts;
