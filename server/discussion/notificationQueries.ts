import type { Queryable } from '../core/db/Db.ts'

/** What a notification is about. */
export type NotificationKind = 'mention' | 'reply' | 'resolved' | 'changed'

/** What a proposal's author hears when it is closed by someone else. */
export type ProposalNotificationKind = 'proposal_merged' | 'proposal_declined'

/** A notification as listed: with the page's title, the actor's name and a snippet of the comment. */
export interface NotificationRow {
  id: string
  kind: NotificationKind | ProposalNotificationKind
  pageId: string
  pageTitle: string
  threadId: string | null
  proposalId: string | null
  proposalNumber: number | null
  commentId: string | null
  actorName: string | null
  snippet: string | null
  /** A `changed` entry: the newest revision it is about, and how many revisions it stands for. */
  revisionId: string | null
  revisions: number
  readAt: Date | null
  createdAt: Date
}

/** Stores one notification per recipient. */
export async function insertNotifications(
  db: Queryable, kind: NotificationKind, userIds: string[], about: { pageId: string; threadId: string; commentId: string | null; actorId: string },
): Promise<void> {
  if (userIds.length === 0) return
  await db.query(
    `INSERT INTO notifications (user_id, kind, page_id, thread_id, comment_id, actor_id)
     SELECT u, $2, $3, $4, $5, $6 FROM unnest($1::uuid[]) AS u`,
    [userIds, kind, about.pageId, about.threadId, about.commentId, about.actorId],
  )
}

/**
 * Tells each of `userIds` that `pageId` changed in `revisionId`: one unread `changed` entry per
 * user and page, so a later change before they read it updates that entry (newest revision,
 * author and time, one more revision) instead of adding another.
 */
export async function upsertChangeNotifications(
  db: Queryable, userIds: string[], about: { pageId: string; revisionId: string; actorId: string | null },
): Promise<void> {
  if (userIds.length === 0) return
  await db.query(
    `INSERT INTO notifications (user_id, kind, page_id, revision_id, actor_id)
     SELECT u, 'changed', $2, $3, $4 FROM unnest($1::uuid[]) AS u
     ON CONFLICT (user_id, page_id) WHERE kind = 'changed' AND read_at IS NULL
     DO UPDATE SET revision_id = EXCLUDED.revision_id, actor_id = EXCLUDED.actor_id, created_at = now(),
       revisions = notifications.revisions + 1`,
    [userIds, about.pageId, about.revisionId, about.actorId],
  )
}

/** Marks read a user's unread `changed` entry about a page (they are looking at it); whether there was one. */
export async function markPageChangesRead(db: Queryable, userId: string, pageId: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND page_id = $2 AND kind = 'changed' AND read_at IS NULL RETURNING id`,
    [userId, pageId])
  return rows.length > 0
}

/** Tells a proposal's author it was merged or declined (the snippet is the reason given). */
export async function insertProposalNotification(
  db: Queryable, kind: ProposalNotificationKind, userId: string, about: { pageId: string; proposalId: string; actorId: string },
): Promise<void> {
  await db.query(
    'INSERT INTO notifications (user_id, kind, page_id, proposal_id, actor_id) VALUES ($1, $2, $3, $4, $5)',
    [userId, kind, about.pageId, about.proposalId, about.actorId],
  )
}

// A notification is shown only while its page is live and its reader may still read it.
const READABLE = `JOIN pages p ON p.id = n.page_id AND p.deleted_at IS NULL
  JOIN spaces s ON s.id = p.space_id
  WHERE n.user_id = $1 AND (s.visibility = 'public'
    OR EXISTS (SELECT 1 FROM memberships m WHERE m.space_id = s.id AND m.user_id = $1))`

/** A user's notifications, newest first; one about a comment in a proposal's discussion names the proposal. */
export async function listNotifications(db: Queryable, userId: string, limit: number): Promise<NotificationRow[]> {
  return db.query<NotificationRow>(
    `SELECT n.id, n.kind, n.page_id AS "pageId", p.title AS "pageTitle", n.thread_id AS "threadId", n.comment_id AS "commentId",
       pr.id AS "proposalId", pr.number AS "proposalNumber",
       u.username AS "actorName", left(coalesce(c.body, pr.reason), 200) AS snippet, n.revision_id AS "revisionId", n.revisions, n.read_at AS "readAt", n.created_at AS "createdAt"
     FROM notifications n LEFT JOIN users u ON u.id = n.actor_id LEFT JOIN thread_comments c ON c.id = n.comment_id
       LEFT JOIN threads t ON t.id = n.thread_id LEFT JOIN proposals pr ON pr.id = coalesce(n.proposal_id, t.proposal_id)
     ${READABLE} ORDER BY n.created_at DESC, n.id DESC LIMIT $2`,
    [userId, limit],
  )
}

/** How many of a user's notifications are unread. */
export async function countUnread(db: Queryable, userId: string): Promise<number> {
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications n ${READABLE} AND n.read_at IS NULL`, [userId])
  return rows[0]!.n
}

/** Marks one of a user's notifications read; false when they have no such notification. */
export async function markRead(db: Queryable, userId: string, notificationId: string): Promise<boolean> {
  const rows = await db.query('UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id', [notificationId, userId])
  return rows.length > 0
}

/** Marks all of a user's notifications read. */
export async function markAllRead(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [userId])
}

/**
 * Deletes a user's notifications about pages of a space they can no longer read (their
 * membership ended and the space is not public); returns how many.
 */
export async function deleteUnreadableNotifications(db: Queryable, userId: string, spaceId: string): Promise<number> {
  const rows = await db.query(
    `DELETE FROM notifications n USING pages p, spaces s
     WHERE n.user_id = $1 AND p.id = n.page_id AND p.space_id = $2 AND s.id = p.space_id
       AND s.visibility <> 'public'
       AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.space_id = s.id AND m.user_id = $1)
     RETURNING n.id`,
    [userId, spaceId],
  )
  return rows.length
}
