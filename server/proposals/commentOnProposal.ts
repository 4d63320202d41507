import type { Actor } from '../core/Actor.ts'
import type { Services } from '../core/Services.ts'
import { mentionedMembers } from '../discussion/mentionedMembers.ts'
import { insertNotifications } from '../discussion/notificationQueries.ts'
import { ensureProposalThread, insertComment, threadParticipants, type CommentRow } from '../discussion/threadQueries.ts'
import { authorizeProposal } from '../policies/proposalPolicy.ts'

/**
 * Adds a comment to a proposal's discussion (started by the first comment). Whoever may
 * `discuss` it writes: the space's members, viewers included, and the proposal's author and
 * co-editors. Those it mentions get a `mention`; the proposal's author and co-editors and
 * everyone who commented before a `reply`; the writer nothing.
 */
export async function commentOnProposal(services: Services, actor: Actor, proposalId: string, body: string): Promise<CommentRow> {
  const { db } = services
  const { proposal } = await authorizeProposal(db, actor, proposalId, 'discuss')
  const mentioned = await mentionedMembers(db, proposal.spaceId, body)
  const writer = actor.userId!
  const done = await db.transaction(async (tx) => {
    const thread = await ensureProposalThread(tx, { proposalId: proposal.id, pageId: proposal.pageId, authorId: writer })
    const comment = await insertComment(tx, { threadId: thread.id, authorId: writer, body })
    const about = { pageId: proposal.pageId, threadId: thread.id, commentId: comment.id, actorId: writer }
    const mentions = mentioned.filter((id) => id !== writer)
    const concerned = new Set([...(proposal.authorId ? [proposal.authorId] : []), ...proposal.coEditorIds, ...(await threadParticipants(tx, thread.id))])
    const replies = [...concerned].filter((id) => id !== writer && !mentions.includes(id))
    await insertNotifications(tx, 'mention', mentions, about)
    await insertNotifications(tx, 'reply', replies, about)
    return { comment, told: [...mentions, ...replies] }
  })
  services.events.emit('proposalChanged', { proposalId: proposal.id, pageId: proposal.pageId, spaceId: proposal.spaceId })
  services.events.emit('threadsChanged', { pageId: proposal.pageId, spaceId: proposal.spaceId, proposalId: proposal.id })
  if (done.told.length > 0) services.events.emit('notificationsChanged', { userIds: done.told })
  return done.comment
}
