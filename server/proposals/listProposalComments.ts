import type { ApiComment } from '../../shared/discussionApi.ts'
import type { Actor } from '../core/Actor.ts'
import type { Queryable } from '../core/db/Db.ts'
import { presentComment } from '../discussion/presentThreads.ts'
import { findProposalThread, listComments } from '../discussion/threadQueries.ts'
import { authorizeProposal } from '../policies/proposalPolicy.ts'

/** The comments of a proposal's discussion, oldest first, for whoever may read the proposal (others get 404). */
export async function listProposalComments(db: Queryable, actor: Actor, proposalId: string): Promise<{ threadId: string | null; comments: ApiComment[] }> {
  const { proposal } = await authorizeProposal(db, actor, proposalId, 'read')
  const thread = await findProposalThread(db, proposal.id)
  if (!thread) return { threadId: null, comments: [] }
  return { threadId: thread.id, comments: (await listComments(db, [thread.id])).map(presentComment) }
}
