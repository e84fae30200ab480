-- Where each article's date came from: 'metadata' (the source gave it), or, for an article
-- whose source gave none, 'url', 'dateline' or 'text' (newsdesk.ingest.datesource), or 'none'.
-- NULL for articles stored before this was recorded.
ALTER TABLE articles ADD COLUMN date_source TEXT;
