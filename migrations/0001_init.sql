-- Palimpsest's core tables: people, spaces, pages and the durable Yjs state of each page.

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL,
  -- lower-cased, NFC form used for uniqueness and lookup
  username_key text NOT NULL UNIQUE,
  password_hash text,
  is_system boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- sha256 of the bearer token: a stolen database does not yield usable sessions
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE spaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  visibility text NOT NULL CHECK (visibility IN ('public', 'private')),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
  space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('viewer', 'editor', 'owner')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (space_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE pages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
  title text NOT NULL,
  -- normalizeTitle(title): NFC, whitespace collapsed, lower case
  title_key text NOT NULL,
  slug text NOT NULL,
  -- plain text derived from the Yjs document on the server
  content_text text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE UNIQUE INDEX pages_space_title_idx ON pages (space_id, title_key) WHERE deleted_at IS NULL;
CREATE INDEX pages_space_updated_idx ON pages (space_id, updated_at DESC) WHERE deleted_at IS NULL;

-- The compacted Yjs state of a page (gc disabled: it keeps every deletion).
CREATE TABLE page_documents (
  page_id uuid PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
  state bytea NOT NULL,
  state_vector bytea NOT NULL,
  -- bumped on every write, so an instance can tell another one stored a newer state
  version bigint NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The durable log: every accepted update, appended before it is applied and acknowledged.
-- Compaction folds rows into page_documents and deletes them.
CREATE TABLE page_updates (
  id bigserial PRIMARY KEY,
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  update bytea NOT NULL,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX page_updates_page_idx ON page_updates (page_id, id);

-- Attribution: which authenticated user owns each Yjs client id on a page.
CREATE TABLE page_clients (
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  client_id bigint NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (page_id, client_id)
);
