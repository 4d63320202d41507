import type { Actor } from '../core/Actor.ts'
import { notFound } from '../core/AppError.ts'
import type { Queryable } from '../core/db/Db.ts'
import { isUuid } from '../core/isUuid.ts'
import { authorizePage, type Ability, type AuthorizedSpace } from '../policies/authorize.ts'
import { authorizeProposal } from '../policies/proposalPolicy.ts'
import { findThread, type ThreadRow } from './threadQueries.ts'

/**
 * Loads a thread whose page the actor may `need`, or throws: 404 when there is no such
 * thread or its page cannot be read (a thread on a page one cannot read does not exist for
 * them), 401/403 as for the page otherwise (authorizePage decides). A proposal's discussion
 * is judged by the proposal's policy instead: whoever reads the proposal reads it, whoever may
 * `discuss` it writes (its author and co-editors too, members or not). `lock` holds the
 * thread for the transaction.
 */
export async function authorizeThread(
  db: Queryable, actor: Actor, threadId: string, need: Ability, lock = false,
): Promise<AuthorizedSpace & { page: { id: string; spaceId: string }; thread: ThreadRow }> {
  const thread = isUuid(threadId) ? await findThread(db, threadId, lock) : null
  if (!thread) throw notFound('That thread')
  if (thread.proposalId) {
    const found = await authorizeProposal(db, actor, thread.proposalId, need === 'read' ? 'read' : 'discuss')
    const page = { id: found.proposal.pageId, spaceId: found.proposal.spaceId }
    return { space: found.space, abilities: found.spaceAbilities, page, thread }
  }
  const found = await authorizePage(db, actor, thread.pageId, need)
  return { ...found, thread }
}
