-- Wiki links between pages (derived from each page's document) and the old titles that
-- keep resolving after a page is renamed.

-- One row per wikiLink occurrence in a live page, in document order.
CREATE TABLE links (
  id bigserial PRIMARY KEY,
  source_page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  -- order of the link in the source page
  position integer NOT NULL,
  -- the space the title is looked up in: the source's own, or the one a `space-slug:` prefix names
  target_space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
  -- the title as written (cleaned), and normalizeTitle() of it: NFC, whitespace collapsed, lower case
  target_title text NOT NULL,
  target_key text NOT NULL,
  -- the live page the title or one of its aliases names, or null: a red link
  target_page_id uuid REFERENCES pages (id) ON DELETE SET NULL,
  -- the text the link shows, and the sentence around it with the link's place in it
  label text NOT NULL,
  snippet text NOT NULL,
  snippet_from integer NOT NULL,
  snippet_to integer NOT NULL
);
CREATE INDEX links_source_idx ON links (source_page_id, position);
CREATE INDEX links_target_page_idx ON links (target_page_id) WHERE target_page_id IS NOT NULL;
CREATE INDEX links_target_key_idx ON links (target_space_id, target_key);
-- wanted pages: the red links of a space
CREATE INDEX links_wanted_idx ON links (target_space_id, target_key) WHERE target_page_id IS NULL;

-- Old titles of renamed pages. A live page's own title wins over an alias of the same key.
CREATE TABLE page_aliases (
  space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
  title_key text NOT NULL,
  title text NOT NULL,
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (space_id, title_key)
);
CREATE INDEX page_aliases_page_idx ON page_aliases (page_id);
