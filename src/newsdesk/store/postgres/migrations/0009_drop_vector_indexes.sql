-- Store.nearest is gone (nothing called it), and with it the partial HNSW index per (model,
-- dimension) that every vector insert kept up to date: drop the ones earlier versions made.
DO $$
DECLARE
    name TEXT;
BEGIN
    FOR name IN
        SELECT indexname FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename = 'embeddings'
            AND indexname LIKE 'embeddings_hnsw_%'
    LOOP
        EXECUTE format('DROP INDEX IF EXISTS %I', name);
    END LOOP;
END
$$;
