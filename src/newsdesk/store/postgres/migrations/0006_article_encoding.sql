-- The text encoding an article was read with (NULL: not read from bytes, or before 0006), and
-- the earlier version of an article that a corrected feed item replaces (NULL: none).
ALTER TABLE articles ADD COLUMN encoding TEXT;
ALTER TABLE articles ADD COLUMN previous_id TEXT;
