import type { Db } from '../db/Db.ts'
import type { Logger } from '../logger.ts'
import { usernameSkeleton } from './usernameSkeleton.ts'
import { setUsernameSkeleton, usersWithoutSkeleton } from './userQueries.ts'

/**
 * Fills in the confusable skeleton of users created before it existed (migration 0014), at
 * start-up, oldest account first. When two existing names look alike, the older account keeps
 * the skeleton; the newer one keeps its name and can sign in as before, but has no skeleton
 * (logged once per start-up), and a third look-alike is still refused by the older one's.
 * Returns how many users were given a skeleton.
 */
export async function backfillUsernameSkeletons(db: Db, logger: Logger): Promise<number> {
  let filled = 0
  for (const user of await usersWithoutSkeleton(db)) {
    if (await setUsernameSkeleton(db, user.id, usernameSkeleton(user.username))) filled += 1
    else logger.warn({ userId: user.id, username: user.username }, 'this username looks like an older one; it keeps working but has no skeleton')
  }
  return filled
}
