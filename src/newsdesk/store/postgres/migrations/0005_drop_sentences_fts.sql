-- SQLite's migration 0005 drops a sentence full-text index that nothing read. This store never
-- had one; the number is kept so that both backends report the same schema version.
SELECT 1;
