-- Proposed changes: a branch of a page's Yjs document that a reader edits and an editor merges.
-- A proposal's document is stored like a page's (compacted state, durable log, client owners),
-- in tables of its own so nothing that reads pages ever sees a proposal's text.

CREATE TABLE proposals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  -- 1, 2, 3… per page: "proposal #N"
  number integer NOT NULL,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  title text,
  status text NOT NULL CHECK (status IN ('open', 'merged', 'declined')) DEFAULT 'open',
  -- the page's state vector and snapshot when the proposal was forked: what came after is its own
  fork_state_vector bytea NOT NULL,
  fork_snapshot bytea NOT NULL,
  reason text,
  closed_by uuid REFERENCES users (id) ON DELETE SET NULL,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (page_id, number)
);
CREATE INDEX proposals_open_idx ON proposals (page_id) WHERE status = 'open';

-- The compacted Yjs state of a proposal's document (gc disabled, like pages).
CREATE TABLE proposal_documents (
  proposal_id uuid PRIMARY KEY REFERENCES proposals (id) ON DELETE CASCADE,
  state bytea NOT NULL,
  state_vector bytea NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The durable log of a proposal's document: appended before an update is applied and acknowledged.
CREATE TABLE proposal_updates (
  id bigserial PRIMARY KEY,
  proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  update bytea NOT NULL,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proposal_updates_proposal_idx ON proposal_updates (proposal_id, id);

-- Attribution on a proposal's document; the page's owners are copied in at the fork.
CREATE TABLE proposal_clients (
  proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  client_id bigint NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (proposal_id, client_id)
);

-- A merged proposal becomes a revision of its own kind in the page's history.
ALTER TABLE revisions DROP CONSTRAINT revisions_kind_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_kind_check CHECK (kind IN ('auto', 'named', 'restore', 'seed', 'merge'));
ALTER TABLE proposals ADD COLUMN revision_id uuid REFERENCES revisions (id) ON DELETE SET NULL;
