-- Citations: each space's library of sources (CSL-JSON items), the citation style it picks,
-- and the citations of each page (derived from its document, like links).

CREATE TABLE sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
  -- a CSL-JSON item, without its `id` (the row's id is the source's id)
  csl jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sources_space_idx ON sources (space_id, created_at, id);

-- The citation style a space's owner picked (none: the default, Chicago author-date).
CREATE TABLE source_styles (
  space_id uuid PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
  style text NOT NULL
);

-- One row per citation, note or citation-needed marker of a live page, in document order.
CREATE TABLE citations (
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('source', 'note', 'needed')),
  -- as the document says: no foreign key, a citation may name a source that is gone ("missing source")
  source_id uuid,
  locator text NOT NULL DEFAULT '',
  note text NOT NULL DEFAULT '',
  PRIMARY KEY (page_id, position)
);
CREATE INDEX citations_source_idx ON citations (source_id) WHERE source_id IS NOT NULL;
CREATE INDEX citations_needed_idx ON citations (page_id) WHERE kind = 'needed';
