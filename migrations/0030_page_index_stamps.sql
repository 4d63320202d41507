-- What a page's derived rows (text, links, citations, search) were last made from: the snapshot
-- (state vector and delete set) of the document the last complete index run read. Several
-- instances each index their own copy of a page; one whose copy has not yet heard an edit that
-- another copy has indexed finds its document covered by this stamp and leaves the rows alone.
CREATE TABLE page_index_stamps (
  page_id uuid PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
  snapshot bytea NOT NULL
);
