-- Usernames that look alike (Cyrillic "а" for Latin "a", fullwidth letters, "rn" for "m") are
-- one name: each user has a confusable skeleton, unique among users.
--
-- SQL cannot compute a skeleton (it needs Unicode's confusables table), so the column starts
-- empty and start-up fills it for existing rows, oldest account first
-- (server/accounts/backfillUsernameSkeletons.ts). When two existing names share a skeleton
-- the older account keeps it; the newer keeps its name and can still sign in, with an empty
-- skeleton (a warning is logged), and nobody can take a third look-alike.
ALTER TABLE users ADD COLUMN username_skeleton text;
CREATE UNIQUE INDEX users_username_skeleton_key ON users (username_skeleton);
