import type { Queryable } from '../core/db/Db.ts'

/** The usernames of everyone who wrote a page's revisions, in the order they first did. */
export async function listPageAuthors(db: Queryable, pageId: string): Promise<string[]> {
  const rows = await db.query<{ username: string }>(
    `SELECT u.username FROM revision_authors a
       JOIN revisions r ON r.id = a.revision_id
       JOIN users u ON u.id = a.user_id
      WHERE r.page_id = $1
      GROUP BY u.id, u.username
      ORDER BY min(r.number), u.username`, [pageId])
  return rows.map((row) => row.username)
}
