import type { ApiRecentChange } from '../../shared/historyTypes.ts'
import type { Queryable } from '../core/db/Db.ts'
import { presentRevisions } from './presentRevisions.ts'
import type { RecentChangeRow } from './revisionQueries.ts'

/** Recent changes as the API lists them: each revision with its page as it is called now. */
export async function presentRecentChanges(db: Queryable, rows: RecentChangeRow[]): Promise<ApiRecentChange[]> {
  const revisions = await presentRevisions(db, rows)
  return revisions.map((revision, i) => ({ ...revision, page: { id: rows[i].pageId, title: rows[i].pageTitle, slug: rows[i].pageSlug } }))
}
