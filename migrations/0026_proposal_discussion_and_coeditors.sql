-- A proposal has one discussion of its own: a thread keyed to the proposal (never listed with
-- the page's threads, never anchored to a passage). And its author may invite co-editors: members
-- who can read the page and may then write the branch too.

ALTER TABLE threads ADD COLUMN proposal_id uuid REFERENCES proposals (id) ON DELETE CASCADE;
ALTER TABLE threads ADD CONSTRAINT threads_proposal_unanchored CHECK (proposal_id IS NULL OR anchor_start IS NULL);
CREATE UNIQUE INDEX threads_proposal_idx ON threads (proposal_id) WHERE proposal_id IS NOT NULL;

CREATE TABLE proposal_coeditors (
  proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  added_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (proposal_id, user_id)
);
CREATE INDEX proposal_coeditors_user_idx ON proposal_coeditors (user_id);
