import type { Actor } from '../core/Actor.ts'
import { notFound } from '../core/AppError.ts'
import type { Queryable } from '../core/db/Db.ts'
import { isUuid } from '../core/isUuid.ts'
import { authorizePage, type Ability, type AuthorizedSpace } from '../policies/authorize.ts'
import type { PageAccessRow } from '../policies/accessQueries.ts'
import { findThread, type ThreadRow } from './threadQueries.ts'

/**
 * Loads a thread whose page the actor may `need`, or throws: 404 when there is no such
 * thread or its page cannot be read (a thread on a page one cannot read does not exist for
 * them), 401/403 as for the page otherwise (authorizePage decides). `lock` holds the thread for the transaction.
 */
export async function authorizeThread(
  db: Queryable, actor: Actor, threadId: string, need: Ability, lock = false,
): Promise<AuthorizedSpace & { page: PageAccessRow; thread: ThreadRow }> {
  const thread = isUuid(threadId) ? await findThread(db, threadId, lock) : null
  if (!thread) throw notFound('That thread')
  const found = await authorizePage(db, actor, thread.pageId, need)
  return { ...found, thread }
}
