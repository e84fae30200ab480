-- Nothing to do on SQLite: PostgreSQL drops the HNSW indexes that served Store.nearest (removed;
-- nothing called it). The number is taken here too so both backends stay at one schema version.
SELECT 1;
