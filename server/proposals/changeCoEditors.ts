import type { Actor } from '../core/Actor.ts'
import { invalidInput, notFound } from '../core/AppError.ts'
import type { Services } from '../core/Services.ts'
import { authorizeProposal } from '../policies/proposalPolicy.ts'
import { listMembers } from '../spaces/spaceQueries.ts'
import { deleteCoEditor, insertCoEditor, listCoEditors } from './coEditorQueries.ts'

/**
 * Invites a member of the page's space (a viewer is enough: they read the page) to write the
 * proposal's branch with its author. Only the author invites, while the proposal is open; one
 * who is not a member is refused with a 400, like a mention of them (they may not read the
 * page, and a public space's stray readers are not to be drafted). Their open connections to
 * the branch turn writable at once.
 */
export async function inviteCoEditor(services: Services, actor: Actor, proposalId: string, username: string): Promise<void> {
  const { db } = services
  const { proposal } = await authorizeProposal(db, actor, proposalId, 'steer')
  const key = username.normalize('NFC').toLowerCase()
  const member = (await listMembers(db, proposal.spaceId)).find((m) => m.username.normalize('NFC').toLowerCase() === key)
  if (!member) throw invalidInput(`username: @${username} is not a member of this space, so cannot co-edit this proposal.`, 'coeditor_not_member')
  if (member.userId === proposal.authorId) throw invalidInput('username: the author already writes this proposal.', 'coeditor_is_author')
  if (!(await insertCoEditor(db, proposal.id, member.userId, actor.userId!))) return
  changed(services, proposal, member.userId)
}

/**
 * Stops a co-editor writing the branch: the author removes anyone, a co-editor themselves
 * (even once the proposal is closed). Their words stay, credited to them. Their open
 * connections to the branch turn read-only before their next message.
 */
export async function removeCoEditor(services: Services, actor: Actor, proposalId: string, username: string): Promise<void> {
  const { db } = services
  const { proposal } = await authorizeProposal(db, actor, proposalId, 'read')
  const key = username.normalize('NFC').toLowerCase()
  const coEditor = (await listCoEditors(db, proposal.id)).find((c) => c.username.normalize('NFC').toLowerCase() === key)
  const self = coEditor !== undefined && coEditor.userId === actor.userId
  if (!self) await authorizeProposal(db, actor, proposalId, 'steer')
  if (!coEditor || !(await deleteCoEditor(db, proposal.id, coEditor.userId))) throw notFound('That co-editor')
  changed(services, proposal, coEditor.userId)
}

function changed(services: Services, proposal: { id: string; pageId: string; spaceId: string }, userId: string): void {
  services.events.emit('proposalWritersChanged', { proposalId: proposal.id, spaceId: proposal.spaceId, userId })
  services.events.emit('proposalChanged', { proposalId: proposal.id, pageId: proposal.pageId, spaceId: proposal.spaceId })
}
