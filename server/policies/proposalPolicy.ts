import type { Actor } from '../core/Actor.ts'
import type { Queryable } from '../core/db/Db.ts'
import { forbidden, notFound, unauthenticated } from '../core/AppError.ts'
import { loadProposalAccess, loadSpaceAccess, type ProposalAccessRow, type SpaceAccessRow } from './accessQueries.ts'
import { spaceAbilities, type SpaceAbilities } from './spacePolicy.ts'

/** What an actor may do with a proposal. */
export interface ProposalAbilities {
  /** See it, its changes and its discussion: whoever can read the page's space. */
  read: boolean
  /** Write its document: its author and the co-editors they invited, while it is open, its page exists and they can still read it. */
  edit: boolean
  /** Comment in its discussion: signed-in members of the space (viewers included), its author and co-editors. */
  discuss: boolean
  /** Invite or remove co-editors, change its title: its author, while it is open. */
  steer: boolean
  /** Merge or decline it: the space's editors and owners, whoever proposed it. */
  review: boolean
  /** Withdraw it (decline): its author, or a reviewer. */
  withdraw: boolean
}

/** Who may propose a change to a page: anyone signed in who can read it (not anonymous readers). */
export function canPropose(actor: Actor, abilities: SpaceAbilities): boolean {
  return actor.userId !== null && abilities.read
}

/** The one place that decides access to a proposal, from the page's space and the proposal itself. */
export function proposalAbilities(actor: Actor, space: SpaceAbilities, proposal: Pick<ProposalAccessRow, 'authorId' | 'status' | 'pageDeleted' | 'coEditorIds'>): ProposalAbilities {
  const isAuthor = actor.userId !== null && proposal.authorId === actor.userId
  const isWriter = isAuthor || (actor.userId !== null && proposal.coEditorIds.includes(actor.userId))
  const open = proposal.status === 'open' && !proposal.pageDeleted
  return {
    read: space.read,
    edit: space.read && open && isWriter,
    discuss: actor.userId !== null && space.read && (space.comment || isWriter),
    steer: space.read && open && isAuthor,
    review: space.edit && proposal.status === 'open',
    withdraw: space.read && proposal.status === 'open' && (isAuthor || space.edit),
  }
}

const DENIED: Record<Exclude<keyof ProposalAbilities, 'read'>, string> = {
  edit: 'Only its author and co-editors can change this proposal, and only while it is open.',
  discuss: 'Only members of this space and the proposal’s author and co-editors can comment on it.',
  steer: 'Only its author can change who co-edits this proposal or its title, and only while it is open.',
  review: 'Only editors and owners of this space can merge or decline an open proposal.',
  withdraw: 'Only its author or an editor can close this open proposal.',
}

/** A proposal the actor may `need`, with the page's space; 404 when its page's space cannot be read. */
export async function authorizeProposal(db: Queryable, actor: Actor, proposalId: string, need: keyof ProposalAbilities): Promise<{
  proposal: ProposalAccessRow
  space: SpaceAccessRow
  spaceAbilities: SpaceAbilities
  abilities: ProposalAbilities
}> {
  const proposal = await loadProposalAccess(db, proposalId)
  if (!proposal) throw notFound('That proposal')
  const space = await loadSpaceAccess(db, { id: proposal.spaceId }, actor.userId)
  if (!space) throw notFound('That proposal')
  const inSpace = spaceAbilities(actor, space)
  const abilities = proposalAbilities(actor, inSpace, proposal)
  if (!abilities.read) throw notFound('That proposal')
  if (need !== 'read' && !abilities[need]) throw actor.userId ? forbidden(DENIED[need]) : unauthenticated()
  return { proposal, space, spaceAbilities: inSpace, abilities }
}
