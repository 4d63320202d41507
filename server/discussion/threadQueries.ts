import type { Queryable } from '../core/db/Db.ts'

/** A thread as stored. */
export interface ThreadRow {
  id: string
  pageId: string
  /** Set on a proposal's discussion (never listed with the page's threads). */
  proposalId: string | null
  authorId: string | null
  quote: string | null
  anchorStart: Uint8Array | null
  anchorEnd: Uint8Array | null
  resolvedAt: Date | null
  createdAt: Date
}

/** A comment with its author's name. */
export interface CommentRow {
  id: string
  threadId: string
  authorId: string | null
  authorName: string | null
  body: string
  createdAt: Date
  editedAt: Date | null
}

const THREAD = `id, page_id AS "pageId", proposal_id AS "proposalId", author_id AS "authorId", quote, anchor_start AS "anchorStart",
  anchor_end AS "anchorEnd", resolved_at AS "resolvedAt", created_at AS "createdAt"`

/** Stores a new thread; returns it. */
export async function insertThread(
  db: Queryable, thread: { pageId: string; authorId: string; quote: string | null; anchorStart: Uint8Array | null; anchorEnd: Uint8Array | null },
): Promise<ThreadRow> {
  const rows = await db.query<ThreadRow>(
    `INSERT INTO threads (page_id, author_id, quote, anchor_start, anchor_end) VALUES ($1, $2, $3, $4, $5) RETURNING ${THREAD}`,
    [thread.pageId, thread.authorId, thread.quote, thread.anchorStart, thread.anchorEnd],
  )
  return rows[0]!
}

/** A thread by id (locked for the transaction when `lock`). */
export async function findThread(db: Queryable, threadId: string, lock = false): Promise<ThreadRow | null> {
  const rows = await db.query<ThreadRow>(`SELECT ${THREAD} FROM threads WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [threadId])
  return rows[0] ?? null
}

/** The threads of a page, oldest first (not the discussions of its proposals). */
export async function listThreads(db: Queryable, pageId: string): Promise<ThreadRow[]> {
  return db.query<ThreadRow>(`SELECT ${THREAD} FROM threads WHERE page_id = $1 AND proposal_id IS NULL ORDER BY created_at, id`, [pageId])
}

/** The discussion thread of a proposal, or null when nobody has commented yet. */
export async function findProposalThread(db: Queryable, proposalId: string): Promise<ThreadRow | null> {
  const rows = await db.query<ThreadRow>(`SELECT ${THREAD} FROM threads WHERE proposal_id = $1`, [proposalId])
  return rows[0] ?? null
}

/** The discussion thread of a proposal, started by `authorId` if it has none yet (one per proposal, even when two start it at once). */
export async function ensureProposalThread(db: Queryable, about: { proposalId: string; pageId: string; authorId: string }): Promise<ThreadRow> {
  await db.query(
    `INSERT INTO threads (page_id, proposal_id, author_id) VALUES ($1, $2, $3)
     ON CONFLICT (proposal_id) WHERE proposal_id IS NOT NULL DO NOTHING`,
    [about.pageId, about.proposalId, about.authorId])
  return (await findProposalThread(db, about.proposalId))!
}

/** Marks a thread resolved (by someone) or open again (null). */
export async function setThreadResolved(db: Queryable, threadId: string, by: string | null): Promise<void> {
  await db.query(
    `UPDATE threads SET resolved_at = CASE WHEN $2::uuid IS NULL THEN NULL ELSE now() END, resolved_by = $2 WHERE id = $1`,
    [threadId, by],
  )
}

/** Deletes a thread (its comments, and notifications about it, go with it). */
export async function deleteThread(db: Queryable, threadId: string): Promise<void> {
  await db.query('DELETE FROM threads WHERE id = $1', [threadId])
}

/** Records that a thread was opened, resolved or reopened, for the page's timeline. */
export async function insertThreadEvent(
  db: Queryable, event: { pageId: string; threadId: string; kind: 'opened' | 'resolved' | 'reopened'; actorId: string },
): Promise<void> {
  await db.query('INSERT INTO thread_events (page_id, thread_id, kind, actor_id) VALUES ($1, $2, $3, $4)',
    [event.pageId, event.threadId, event.kind, event.actorId])
}

/** A thread event with its actor's name. */
export interface ThreadEventRow {
  threadId: string | null
  kind: 'opened' | 'resolved' | 'reopened'
  actorId: string | null
  actorName: string | null
  createdAt: Date
}

/** A page's thread events, newest first. */
export async function listThreadEvents(db: Queryable, pageId: string, limit: number): Promise<ThreadEventRow[]> {
  return db.query<ThreadEventRow>(
    `SELECT e.thread_id AS "threadId", e.kind, e.actor_id AS "actorId", u.username AS "actorName", e.created_at AS "createdAt"
     FROM thread_events e LEFT JOIN users u ON u.id = e.actor_id
     WHERE e.page_id = $1 ORDER BY e.created_at DESC, e.id DESC LIMIT $2`,
    [pageId, limit],
  )
}

const COMMENT = `c.id, c.thread_id AS "threadId", c.author_id AS "authorId", u.username AS "authorName", c.body,
  c.created_at AS "createdAt", c.edited_at AS "editedAt"`

/** Stores a comment; returns it. */
export async function insertComment(db: Queryable, comment: { threadId: string; authorId: string; body: string }): Promise<CommentRow> {
  const rows = await db.query<CommentRow>(
    `WITH c AS (INSERT INTO thread_comments (thread_id, author_id, body) VALUES ($1, $2, $3) RETURNING *)
     SELECT ${COMMENT} FROM c LEFT JOIN users u ON u.id = c.author_id`,
    [comment.threadId, comment.authorId, comment.body],
  )
  return rows[0]!
}

/** A comment by id. */
export async function findComment(db: Queryable, commentId: string): Promise<CommentRow | null> {
  const rows = await db.query<CommentRow>(`SELECT ${COMMENT} FROM thread_comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.id = $1`, [commentId])
  return rows[0] ?? null
}

/** Changes a comment's body; returns it. */
export async function updateCommentBody(db: Queryable, commentId: string, body: string): Promise<CommentRow> {
  const rows = await db.query<CommentRow>(
    `WITH c AS (UPDATE thread_comments SET body = $2, edited_at = now() WHERE id = $1 RETURNING *)
     SELECT ${COMMENT} FROM c LEFT JOIN users u ON u.id = c.author_id`,
    [commentId, body],
  )
  return rows[0]!
}

/** Deletes a comment; returns how many comments its thread has left. */
export async function deleteComment(db: Queryable, commentId: string, threadId: string): Promise<number> {
  await db.query('DELETE FROM thread_comments WHERE id = $1', [commentId])
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM thread_comments WHERE thread_id = $1', [threadId])
  return rows[0]!.n
}

/** The comments of the given threads, oldest first. */
export async function listComments(db: Queryable, threadIds: string[]): Promise<CommentRow[]> {
  if (threadIds.length === 0) return []
  return db.query<CommentRow>(
    `SELECT ${COMMENT} FROM thread_comments c LEFT JOIN users u ON u.id = c.author_id
     WHERE c.thread_id = ANY($1::uuid[]) ORDER BY c.created_at, c.id`,
    [threadIds],
  )
}

/** Who took part in a thread: its author and everyone who commented in it. */
export async function threadParticipants(db: Queryable, threadId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT author_id AS id FROM threads WHERE id = $1 AND author_id IS NOT NULL
     UNION SELECT author_id FROM thread_comments WHERE thread_id = $1 AND author_id IS NOT NULL`,
    [threadId],
  )
  return rows.map((r) => r.id)
}
