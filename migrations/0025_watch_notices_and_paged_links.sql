-- Changes to watched pages in the notification inbox, and link lists paged without reading
-- them whole.

-- Whether edits others make to one's watched pages reach the inbox (off unless turned on;
-- mentions and replies always do).
ALTER TABLE watch_settings ADD COLUMN notify_changes boolean NOT NULL DEFAULT false;

-- A `changed` notification is about a page, not a thread or a proposal: the revision that last
-- changed it (the kinds and subjects of 0024, plus this one).
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('mention', 'reply', 'resolved', 'proposal_merged', 'proposal_declined', 'changed'));
ALTER TABLE notifications DROP CONSTRAINT notifications_subject_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check CHECK (CASE WHEN kind = 'changed'
  THEN thread_id IS NULL AND proposal_id IS NULL ELSE (thread_id IS NULL) <> (proposal_id IS NULL) END);
ALTER TABLE notifications ADD COLUMN revision_id uuid REFERENCES revisions (id) ON DELETE SET NULL;
-- How many revisions (editing bursts) an unread `changed` entry stands for.
ALTER TABLE notifications ADD COLUMN revisions integer NOT NULL DEFAULT 1;
-- One unread `changed` entry per user and page: later bursts update it instead of adding more.
CREATE UNIQUE INDEX notifications_unread_change_idx ON notifications (user_id, page_id) WHERE kind = 'changed' AND read_at IS NULL;

-- A link row carries its source page's creation time (which never changes), so the backlinks
-- of a page can be walked in creation order straight from an index and stop after one page of
-- them, instead of collecting every linking page before ordering.
ALTER TABLE links ADD COLUMN source_created_at timestamptz;
UPDATE links l SET source_created_at = p.created_at FROM pages p WHERE p.id = l.source_page_id;
ALTER TABLE links ALTER COLUMN source_created_at SET NOT NULL;
CREATE INDEX links_target_created_idx ON links (target_page_id, source_created_at DESC, source_page_id DESC)
  WHERE target_page_id IS NOT NULL;
-- It serves every lookup by target the old index served.
DROP INDEX IF EXISTS links_target_page_idx;
