-- Attachments (images and files on pages), stored in Postgres so that every instance serves them.
-- Bytes are content-addressed: a blob is stored once, under the SHA-256 of its bytes, however
-- many attachments use it, and is cut into chunks so that it is written and read in pieces.
-- Nothing here is ever deleted by the application: a revision that shows an image can always
-- be restored with it.

CREATE TABLE attachment_blobs (
  -- hex SHA-256 of the bytes
  sha256 text PRIMARY KEY,
  size bigint NOT NULL,
  chunk_count integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE attachment_chunks (
  sha256 text NOT NULL REFERENCES attachment_blobs (sha256) ON DELETE CASCADE,
  seq integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (sha256, seq)
);

-- One upload to one page. Its id is the unguessable part of its URL; every request is also
-- authorized against the page's space.
CREATE TABLE attachments (
  id text PRIMARY KEY,
  page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
  -- SHA-256 of the bytes as uploaded: the same file uploaded to the same page again is the same attachment
  source_sha256 text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('image', 'file')),
  -- the type decided from the bytes, of the full-size variant
  content_type text NOT NULL,
  width integer,
  height integer,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (page_id, source_sha256)
);
CREATE INDEX attachments_space_idx ON attachments (space_id);

-- What is served for an attachment: a file's bytes, or an image re-encoded at a few widths
-- and formats (width 0 = full size).
CREATE TABLE attachment_variants (
  attachment_id text NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
  content_type text NOT NULL,
  width integer NOT NULL,
  sha256 text NOT NULL REFERENCES attachment_blobs (sha256),
  PRIMARY KEY (attachment_id, content_type, width)
);
CREATE INDEX attachment_variants_blob_idx ON attachment_variants (sha256);
