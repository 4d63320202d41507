import type { Queryable } from '../core/db/Db.ts'
import { pageChildrenPage } from './pageChildrenPage.ts'
import { countLivePages, type PageRow } from './pageQueries.ts'

/** What a space's home shows of its pages: how many, and the one to start with. */
export interface SpaceOverview {
  pageCount: number
  /** The first page of the tree (first at the top level); null when the space has none. */
  startHere: PageRow | null
}

/**
 * A space's page count and its first page in tree order, whatever the number of its pages: a
 * count on the live-title index and one row of the top level. The caller has authorized
 * reading `spaceId`.
 */
export async function spaceOverview(db: Queryable, spaceId: string): Promise<SpaceOverview> {
  const [pageCount, first] = await Promise.all([countLivePages(db, spaceId), pageChildrenPage(db, spaceId, null, 1)])
  return { pageCount, startHere: first.rows[0] ?? null }
}
