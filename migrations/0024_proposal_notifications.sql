-- The proposer hears the outcome of a proposal in the notification inbox: a notification is
-- now about a thread (mention, reply, resolved) or about a proposal (merged, declined).
ALTER TABLE notifications ALTER COLUMN thread_id DROP NOT NULL;
ALTER TABLE notifications ADD COLUMN proposal_id uuid REFERENCES proposals (id) ON DELETE CASCADE;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('mention', 'reply', 'resolved', 'proposal_merged', 'proposal_declined'));
ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check
  CHECK ((thread_id IS NULL) <> (proposal_id IS NULL));
