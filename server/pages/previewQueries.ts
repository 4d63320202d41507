import type { Queryable } from '../core/db/Db.ts'
import { isUuid } from '../core/isUuid.ts'
import { PAGE_COLUMNS, type PageRow } from './pageQueries.ts'

/** A page with the start of its text, enough for an excerpt. */
export interface PageLeadRow extends PageRow {
  lead: string
}

/** How much of a page's text is read for its excerpt. */
const LEAD_CHARS = 4000

/** Live pages by id with the start of their text (ids that match nothing are left out). */
export async function findPageLeads(db: Queryable, pageIds: string[]): Promise<PageLeadRow[]> {
  const ids = pageIds.filter(isUuid)
  if (ids.length === 0) return []
  return db.query<PageLeadRow>(
    `SELECT ${PAGE_COLUMNS}, substr(p.content_text, 1, ${LEAD_CHARS}) AS lead
     FROM pages p WHERE p.id = ANY($1::uuid[]) AND p.deleted_at IS NULL`, [ids])
}
