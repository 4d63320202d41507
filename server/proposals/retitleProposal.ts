import type { Actor } from '../core/Actor.ts'
import { conflict } from '../core/AppError.ts'
import type { Services } from '../core/Services.ts'
import { authorizeProposal } from '../policies/proposalPolicy.ts'
import { setProposalTitle } from './proposalQueries.ts'

/** Changes the title of an open proposal (its author only): what the lists show and the merge's revision summary names. */
export async function retitleProposal(services: Services, actor: Actor, proposalId: string, title: string | null): Promise<void> {
  const { proposal } = await authorizeProposal(services.db, actor, proposalId, 'steer')
  if (!(await setProposalTitle(services.db, proposal.id, title))) throw conflict('This proposal was closed meanwhile.', 'proposal_closed')
  services.events.emit('proposalChanged', { proposalId: proposal.id, pageId: proposal.pageId, spaceId: proposal.spaceId })
}
