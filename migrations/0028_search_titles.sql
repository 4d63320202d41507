-- Titles get a narrow table of their own. The title tier of a search reads every page whose
-- title matches before it keeps the shortest (a two-letter prefix can match thousands), and
-- in search_documents each such row sat beside the page's whole text vector, kept in the row:
-- with 100,000 pages, reading 4,000 matched titles meant reading 4,000 heap pages. Here a row
-- is a few hundred bytes, so the same matches read a few hundred pages, most already cached.
CREATE TABLE search_titles (
  page_id uuid PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
  -- the page's space, to keep results to readable spaces (see search_documents.space_id)
  space_id uuid NOT NULL,
  -- search_fold() of the title in Latin script (Cyrillic transliterated), for trigram matching
  title_key text NOT NULL,
  -- the folded Latin form of the page's former titles (search_documents.aliases), ' | ' between
  alias_key text NOT NULL DEFAULT '',
  -- title (weight A) and former titles (B) in both text search configurations
  titles tsvector NOT NULL
);

INSERT INTO search_titles (page_id, space_id, title_key, alias_key, titles)
  SELECT page_id, space_id, title_key, alias_key, titles FROM search_documents;

-- fastupdate off, as for search_documents' vector: see migration 0004.
CREATE INDEX search_titles_titles_idx ON search_titles USING gin (titles) WITH (fastupdate = off);
CREATE INDEX search_titles_title_trgm_idx ON search_titles USING gin (title_key gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX search_titles_alias_trgm_idx ON search_titles USING gin (alias_key gin_trgm_ops) WITH (fastupdate = off)
  WHERE alias_key <> '';
-- The exact title: a trigram index answers equality only by rechecking every title that shares
-- the query's trigrams (a thousand for "st"); a hash index goes straight to it, whatever its length.
CREATE INDEX search_titles_title_key_idx ON search_titles USING hash (title_key);

DROP INDEX search_documents_titles_idx;
DROP INDEX search_documents_title_trgm_idx;
DROP INDEX search_documents_alias_trgm_idx;
ALTER TABLE search_documents DROP COLUMN title_key, DROP COLUMN alias_key, DROP COLUMN titles;
