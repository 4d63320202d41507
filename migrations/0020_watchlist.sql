-- The watchlist. A user watches a page or a whole space by choice; pages they created or wrote
-- in are watched too while their auto-watch setting is on, unless they chose not to watch that
-- page (a row with watching = false, which also excepts a page of a watched space).

CREATE TABLE page_watches (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  watching boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, page_id)
);

CREATE TABLE space_watches (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, space_id)
);

-- When a user last opened (or left) a page: what changed after it is "since your last visit".
CREATE TABLE page_visits (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  visited_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, page_id)
);

-- Per-user settings of the watchlist (no row: the defaults).
CREATE TABLE watch_settings (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  auto_watch boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Pages a user created, for auto-watching them.
CREATE INDEX pages_created_by_idx ON pages (created_by) WHERE deleted_at IS NULL;
-- A page's revisions in time order, for "changed since".
CREATE INDEX revisions_page_created_idx ON revisions (page_id, created_at);
