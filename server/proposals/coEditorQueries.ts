import type { Queryable } from '../core/db/Db.ts'

/** A co-editor of a proposal, with their name. */
export interface CoEditorRow {
  userId: string
  username: string
}

/** The co-editors of a proposal, in the order they were invited. */
export async function listCoEditors(db: Queryable, proposalId: string): Promise<CoEditorRow[]> {
  return db.query<CoEditorRow>(
    `SELECT ce.user_id AS "userId", u.username FROM proposal_coeditors ce JOIN users u ON u.id = ce.user_id
     WHERE ce.proposal_id = $1 ORDER BY ce.created_at, u.username_key`, [proposalId])
}

/** Adds a co-editor; false when they already were one. */
export async function insertCoEditor(db: Queryable, proposalId: string, userId: string, addedBy: string): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO proposal_coeditors (proposal_id, user_id, added_by) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING user_id`, [proposalId, userId, addedBy])
  return rows.length > 0
}

/** Removes a co-editor; false when they were none. */
export async function deleteCoEditor(db: Queryable, proposalId: string, userId: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM proposal_coeditors WHERE proposal_id = $1 AND user_id = $2 RETURNING user_id', [proposalId, userId])
  return rows.length > 0
}
