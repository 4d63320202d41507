-- Discussion: threads of comments on a page, anchored to a passage by Yjs relative positions
-- (kept here, outside the document, so no editor can strip or forge an anchor and comments
-- never show in the page's diff or blame); the events of a thread for the page's timeline;
-- and each user's notification inbox.

CREATE TABLE threads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  -- the words the thread was opened on (null with the anchor: a thread on the whole page)
  quote text,
  -- Y.encodeRelativePosition of the passage's first character and of the end after its last
  anchor_start bytea,
  anchor_end bytea,
  resolved_at timestamptz,
  resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((quote IS NULL) = (anchor_start IS NULL) AND (anchor_start IS NULL) = (anchor_end IS NULL))
);
CREATE INDEX threads_page_idx ON threads (page_id, created_at);

CREATE TABLE thread_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  thread_id uuid NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
  created_at timestamptz NOT NULL DEFAULT now(),
  edited_at timestamptz
);
CREATE INDEX thread_comments_thread_idx ON thread_comments (thread_id, created_at);
CREATE INDEX thread_comments_author_idx ON thread_comments (author_id, thread_id);

-- Opened, resolved, reopened: what the page's history timeline shows (never the text).
CREATE TABLE thread_events (
  id bigserial PRIMARY KEY,
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  thread_id uuid REFERENCES threads (id) ON DELETE SET NULL,
  kind text NOT NULL CHECK (kind IN ('opened', 'resolved', 'reopened')),
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX thread_events_page_idx ON thread_events (page_id, created_at DESC);

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('mention', 'reply', 'resolved')),
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  thread_id uuid NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  comment_id uuid REFERENCES thread_comments (id) ON DELETE CASCADE,
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
