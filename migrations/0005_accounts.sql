-- Accounts and spaces: open spaces anyone signed in may join, and session clean-up.

-- A joinable space lets any signed-in user join it as an editor (POST /api/spaces/:id/join).
-- Only public spaces can be joined. Spaces the system creates (the seeded encyclopedia) are
-- joinable; a space a person creates is not until its owner opens it.
ALTER TABLE spaces ADD COLUMN joinable boolean NOT NULL DEFAULT false;
UPDATE spaces SET joinable = true WHERE created_by IN (SELECT id FROM users WHERE is_system);

-- Expired sessions are deleted by expiry time.
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
