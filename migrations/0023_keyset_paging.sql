-- Indexes for keyset (cursor) paging of long lists.

-- Keyset paging of a space's page list: by creation, newest first, the page id breaking ties.
-- Creation time never changes, so a walk through the pages sees every page that exists all
-- along exactly once, however pages are edited or renamed in between.
CREATE INDEX pages_space_created_idx ON pages (space_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

-- Keyset paging of recent changes: revisions cut in one transaction (an import's first
-- revisions) share their creation time, so the id breaks ties.
CREATE INDEX revisions_space_created_id_idx ON revisions (space_id, created_at DESC, id DESC);
DROP INDEX IF EXISTS revisions_space_created_idx;
