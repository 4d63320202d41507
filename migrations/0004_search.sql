-- Full-text search: one search document per live page, derived from its title, its old
-- titles (aliases) and its text, kept fresh by the search indexer.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Text search configurations that strip accents before the usual dictionaries, so "Cafe"
-- finds "Café" and ts_headline highlights it. `simple` keeps names and non-English words
-- as typed; `english` adds stemming ("massacres" finds "massacre").
CREATE TEXT SEARCH CONFIGURATION search_simple (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION search_simple
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
CREATE TEXT SEARCH CONFIGURATION search_english (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION search_english
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, english_stem;

-- lower(unaccent(x)) usable where only IMMUTABLE functions may go: unaccent() itself is
-- STABLE because its dictionary could be swapped; naming the dictionary pins the result.
CREATE FUNCTION search_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

-- The query for what someone typed: every word must match (in either configuration, as
-- typed or in its other-script transliteration); with `prefix`, the last word may be unfinished.
CREATE FUNCTION search_query(words text[], alternates text[], prefix boolean) RETURNS tsquery
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  result tsquery := ''::tsquery;
  one tsquery;
  form text;
  n integer := coalesce(array_length(words, 1), 0);
BEGIN
  FOR i IN 1 .. n LOOP
    one := ''::tsquery;
    FOREACH form IN ARRAY ARRAY[words[i], alternates[i]] LOOP
      CONTINUE WHEN form IS NULL OR form = '';
      IF prefix AND i = n THEN
        one := one || to_tsquery('search_simple', quote_literal(form) || ':*')
                   || to_tsquery('search_english', quote_literal(form) || ':*');
      ELSE
        one := one || plainto_tsquery('search_simple', form) || plainto_tsquery('search_english', form);
      END IF;
    END LOOP;
    result := result && one;
  END LOOP;
  RETURN result;
END
$$;

CREATE TABLE search_documents (
  page_id uuid PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
  -- the page's space, to keep results to readable spaces (no index of its own: an index here
  -- tempts the planner to AND it with the text indexes, which costs more than filtering)
  space_id uuid NOT NULL,
  -- search_fold() of the title in Latin script (Cyrillic transliterated), for trigram matching
  title_key text NOT NULL,
  -- the page's former titles as written (kept from renames), and their folded Latin form
  aliases text[] NOT NULL DEFAULT '{}',
  alias_key text NOT NULL DEFAULT '',
  -- title (weight A) and aliases (B) in both configurations: small, for the title tier
  titles tsvector NOT NULL,
  -- title, aliases and text (C) in both configurations
  document tsvector NOT NULL,
  -- the version of the recipe that built this row; older rows are rebuilt at start-up
  recipe smallint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
) WITH (toast_tuple_target = 8160);
-- Keep vectors in the row where they fit rather than in TOAST: reading a page's vector is then
-- cheaper, and the planner (which does not cost TOAST reads) sees what a sequential scan
-- really costs, so it uses the GIN indexes instead of detoasting every row.
ALTER TABLE search_documents ALTER COLUMN document SET STORAGE MAIN;
-- fastupdate off: a GIN index otherwise gathers new entries in a pending list that every
-- search scans in full until a vacuum merges it; a page's document is rewritten on each
-- edit, so that list would never stay short. Writes pay instead (off the editing path).
CREATE INDEX search_documents_document_idx ON search_documents USING gin (document) WITH (fastupdate = off);
CREATE INDEX search_documents_titles_idx ON search_documents USING gin (titles) WITH (fastupdate = off);
CREATE INDEX search_documents_title_trgm_idx ON search_documents USING gin (title_key gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX search_documents_alias_trgm_idx ON search_documents USING gin (alias_key gin_trgm_ops) WITH (fastupdate = off)
  WHERE alias_key <> '';
