import type { Queryable } from '../core/db/Db.ts'
import { invalidInput } from '../core/AppError.ts'
import { isLivePageOfSpace } from './pageTreeQueries.ts'

/**
 * Throws 400 unless `parentId` is a live page of `spaceId`. The answer is the same whether
 * the page is deleted, in another space or does not exist, so it reveals nothing elsewhere.
 */
export async function requireParentIn(tx: Queryable, parentId: string, spaceId: string): Promise<void> {
  if (!(await isLivePageOfSpace(tx, parentId, spaceId))) {
    throw invalidInput('The parent page is not a page of this space.', 'invalid_parent')
  }
}
