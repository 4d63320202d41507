-- Revision history: each revision is a Yjs snapshot (state vector + delete set) of the page's
-- gc-disabled document. The document keeps every item ever written, so a snapshot of a few
-- hundred bytes is enough to rebuild the page exactly as it was.

CREATE TABLE revisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  -- pages never move between spaces; kept here so recent changes of a space need no join to sort
  space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
  -- 1, 2, 3… per page, in the order revisions were cut
  number integer NOT NULL,
  -- Y.encodeSnapshotV2(Y.snapshot(doc))
  snapshot bytea NOT NULL,
  -- the snapshot's state vector alone (Y.encodeStateVector form): blame reads only these
  state_vector bytea NOT NULL,
  -- auto: an editing burst ended; named: cut by hand; restore: a restore of an older revision; seed: the seeded text
  kind text NOT NULL CHECK (kind IN ('auto', 'named', 'restore', 'seed')),
  name text,
  summary text,
  -- the page's title when the revision was cut
  title text NOT NULL,
  -- who cut it by hand (named versions, restores); null for automatic cuts
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  restored_from uuid REFERENCES revisions (id) ON DELETE SET NULL,
  -- the first edit of the burst the revision closes
  started_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- size of the page at this revision, and what changed since the previous one
  chars integer NOT NULL,
  words integer NOT NULL,
  chars_added integer NOT NULL,
  chars_removed integer NOT NULL,
  words_added integer NOT NULL,
  words_removed integer NOT NULL,
  UNIQUE (page_id, number)
);
CREATE INDEX revisions_space_created_idx ON revisions (space_id, created_at DESC);

-- Who wrote a revision: users whose Yjs clients inserted content, or who deleted some, in its burst.
CREATE TABLE revision_authors (
  revision_id uuid NOT NULL REFERENCES revisions (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- the ranges of Yjs items this user deleted during the burst, as the server saw them arrive
  -- (Yjs records who inserted, never who deleted); null when none were seen
  deletions bytea,
  PRIMARY KEY (revision_id, user_id)
);
CREATE INDEX revision_authors_user_idx ON revision_authors (user_id, revision_id);
