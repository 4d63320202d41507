import type { Queryable } from '../core/db/Db.ts'
import { isUuid } from '../core/isUuid.ts'

/** Where a proposal stands: open for edits and review, or closed by a merge or a decline. */
export type ProposalStatus = 'open' | 'merged' | 'declined'

/** A proposal as listed and shown. */
export interface ProposalRow {
  id: string
  number: number
  pageId: string
  spaceId: string
  spaceSlug: string
  pageTitle: string
  /** The page's readable URL segment (null when its title makes none). */
  pageSlug: string | null
  pageDeleted: boolean
  title: string | null
  status: ProposalStatus
  authorId: string | null
  authorName: string | null
  reason: string | null
  closedById: string | null
  closedByName: string | null
  closedAt: Date | null
  revisionId: string | null
  createdAt: Date
}

/** What the merge needs besides the row: the page's state when the proposal was forked. */
export interface ProposalFork {
  forkStateVector: Uint8Array
  forkSnapshot: Uint8Array
}

const COLUMNS = `pr.id, pr.number, pr.page_id AS "pageId", p.space_id AS "spaceId", s.slug AS "spaceSlug", p.title AS "pageTitle", p.slug AS "pageSlug",
  p.deleted_at IS NOT NULL AS "pageDeleted", pr.title, pr.status, pr.author_id AS "authorId", a.username AS "authorName",
  pr.reason, pr.closed_by AS "closedById", c.username AS "closedByName", pr.closed_at AS "closedAt",
  pr.revision_id AS "revisionId", pr.created_at AS "createdAt"`
const FROM = `FROM proposals pr JOIN pages p ON p.id = pr.page_id JOIN spaces s ON s.id = p.space_id
  LEFT JOIN users a ON a.id = pr.author_id LEFT JOIN users c ON c.id = pr.closed_by`

/** Stores a new proposal, numbered after the page's others (under a per-page lock). */
export async function insertProposal(db: Queryable, row: { pageId: string; authorId: string; title: string | null } & ProposalFork): Promise<{ id: string; number: number }> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`proposals:${row.pageId}`])
  const [inserted] = await db.query<{ id: string; number: number }>(
    `INSERT INTO proposals (page_id, number, author_id, title, fork_state_vector, fork_snapshot)
     VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM proposals WHERE page_id = $1), $2, $3, $4, $5)
     RETURNING id, number`,
    [row.pageId, row.authorId, row.title, row.forkStateVector, row.forkSnapshot])
  return inserted
}

/** One proposal, or null. */
export async function findProposal(db: Queryable, proposalId: string): Promise<ProposalRow | null> {
  if (!isUuid(proposalId)) return null
  const rows = await db.query<ProposalRow>(`SELECT ${COLUMNS} ${FROM} WHERE pr.id = $1`, [proposalId])
  return rows[0] ?? null
}

/** The page's state at a proposal's fork. */
export async function readProposalFork(db: Queryable, proposalId: string): Promise<ProposalFork> {
  const [row] = await db.query<ProposalFork>(
    'SELECT fork_state_vector AS "forkStateVector", fork_snapshot AS "forkSnapshot" FROM proposals WHERE id = $1', [proposalId])
  return row
}

/** A page's proposals, open ones first, newest first. */
export async function listPageProposals(db: Queryable, pageId: string): Promise<ProposalRow[]> {
  return db.query<ProposalRow>(`SELECT ${COLUMNS} ${FROM} WHERE pr.page_id = $1 ORDER BY pr.status <> 'open', pr.number DESC`, [pageId])
}

/** A space's open proposals on live pages, newest first. */
export async function listOpenSpaceProposals(db: Queryable, spaceId: string): Promise<ProposalRow[]> {
  return db.query<ProposalRow>(
    `SELECT ${COLUMNS} ${FROM} WHERE p.space_id = $1 AND pr.status = 'open' AND p.deleted_at IS NULL ORDER BY pr.created_at DESC`, [spaceId])
}

/**
 * Closes an open proposal (merged or declined); false when it was no longer open — another
 * reviewer closed it first. Merging claims the proposal this way before it touches the page.
 */
export async function closeProposal(db: Queryable, proposalId: string, close: { status: Exclude<ProposalStatus, 'open'>; by: string; reason: string | null }): Promise<boolean> {
  const rows = await db.query(
    `UPDATE proposals SET status = $2, closed_by = $3, reason = $4, closed_at = now() WHERE id = $1 AND status = 'open' RETURNING id`,
    [proposalId, close.status, close.by, close.reason])
  return rows.length > 0
}

/** Reopens a proposal whose merge failed after it was claimed. */
export async function reopenProposal(db: Queryable, proposalId: string): Promise<void> {
  await db.query(`UPDATE proposals SET status = 'open', closed_by = NULL, reason = NULL, closed_at = NULL WHERE id = $1`, [proposalId])
}

/** Changes an open proposal's title; false when it is no longer open. */
export async function setProposalTitle(db: Queryable, proposalId: string, title: string | null): Promise<boolean> {
  const rows = await db.query(`UPDATE proposals SET title = $2 WHERE id = $1 AND status = 'open' RETURNING id`, [proposalId, title])
  return rows.length > 0
}

/** Records the revision a merge became. */
export async function setProposalRevision(db: Queryable, proposalId: string, revisionId: string): Promise<void> {
  await db.query('UPDATE proposals SET revision_id = $2 WHERE id = $1', [proposalId, revisionId])
}
