import type { Actor } from '../core/Actor.ts'
import type { Queryable } from '../core/db/Db.ts'
import { selectReadableSpaceIds } from './accessQueries.ts'

/**
 * Ids of every space the actor may read: filter search results, backlinks and any list that
 * crosses spaces with these (`WHERE space_id = ANY($1::uuid[])`). Agrees with spaceAbilities:
 * public spaces for everyone, plus the spaces a signed-in actor is a member of.
 */
export async function readableSpaceIds(db: Queryable, actor: Actor): Promise<string[]> {
  return selectReadableSpaceIds(db, actor.userId)
}
