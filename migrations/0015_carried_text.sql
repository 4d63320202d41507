-- Authorship through structural edits. The editor binding turns a split, a join, a change of
-- block type or a move into a deletion and a re-insertion of the same text. When an update
-- re-inserts text that the same update (or the same user just before) deleted, the server
-- records which new items carry which deleted ones, so blame and diff keep the original
-- authors. Pasted copies of visible text are recorded too, as copies (credit stays the paster's).

-- One row per logged update that carried text, written in the same statement as its
-- page_updates row (so it is durable exactly when the update is). Never deleted with the log
-- row on compaction: history reads it for as long as the page lives.
CREATE TABLE page_carried_text (
  id bigserial PRIMARY KEY,
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  -- varuint list of (client, clock, length, from client, from clock, copy): the new items
  -- [clock, clock + length) of client hold the text of the deleted items from (from client,
  -- from clock) — or, with copy = 1, repeat those still visible (a paste of a copy)
  segments bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX page_carried_text_page_idx ON page_carried_text (page_id, id);

-- What a revision changed besides text: blocks added, removed or retyped, and characters
-- whose formatting changed (a revision that only formats or restructures is not "±0").
ALTER TABLE revisions ADD COLUMN blocks_changed integer NOT NULL DEFAULT 0;
ALTER TABLE revisions ADD COLUMN chars_formatted integer NOT NULL DEFAULT 0;
