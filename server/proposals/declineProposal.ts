import type { Actor } from '../core/Actor.ts'
import { conflict } from '../core/AppError.ts'
import type { Services } from '../core/Services.ts'
import { authorizeProposal } from '../policies/proposalPolicy.ts'
import { closeProposal } from './proposalQueries.ts'
import { tellProposalAuthor } from './tellProposalAuthor.ts'

/**
 * Declines a proposal with a reason (a reviewer), or withdraws it (its author). Its branch
 * stays stored and readable, read-only from now on; the page is untouched.
 */
export async function declineProposal(services: Services, actor: Actor & { userId: string }, proposalId: string, reason: string): Promise<void> {
  const { proposal } = await authorizeProposal(services.db, actor, proposalId, 'withdraw')
  if (!(await closeProposal(services.db, proposalId, { status: 'declined', by: actor.userId, reason }))) {
    throw conflict('This proposal was closed meanwhile.', 'proposal_closed')
  }
  services.events.emit('proposalClosed', { proposalId, pageId: proposal.pageId, spaceId: proposal.spaceId })
  await tellProposalAuthor(services, 'proposal_declined', { id: proposalId, pageId: proposal.pageId, authorId: proposal.authorId }, actor.userId)
}
