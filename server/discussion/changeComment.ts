import type { Actor } from '../core/Actor.ts'
import { forbidden, notFound } from '../core/AppError.ts'
import type { Services } from '../core/Services.ts'
import { isUuid } from '../core/isUuid.ts'
import { authorizeThread } from './authorizeThread.ts'
import { mentionedMembers } from './mentionedMembers.ts'
import { deleteComment, deleteThread, findComment, updateCommentBody, type CommentRow } from './threadQueries.ts'

async function ownComment(services: Services, actor: Actor, commentId: string, moderate: boolean) {
  const comment = isUuid(commentId) ? await findComment(services.db, commentId) : null
  if (!comment) throw notFound('That comment')
  const found = await authorizeThread(services.db, actor, comment.threadId, 'comment')
  const mayModerate = moderate && found.abilities.manage
  if (comment.authorId !== actor.userId && !mayModerate) throw forbidden('Only its author can change a comment.')
  return { ...found, comment }
}

/** Changes the text of one's own comment (still a member); new mentions must be members too. */
export async function editComment(services: Services, actor: Actor, commentId: string, body: string): Promise<CommentRow> {
  const { page, comment, thread } = await ownComment(services, actor, commentId, false)
  await mentionedMembers(services.db, page.spaceId, body)
  const edited = await updateCommentBody(services.db, comment.id, body)
  services.events.emit('threadsChanged', { pageId: page.id, spaceId: page.spaceId, proposalId: thread.proposalId })
  return edited
}

/**
 * Deletes one's own comment (owners of the space may delete any); a thread left without
 * comments is deleted with it.
 */
export async function removeComment(services: Services, actor: Actor, commentId: string): Promise<void> {
  const { page, comment, thread } = await ownComment(services, actor, commentId, true)
  await services.db.transaction(async (tx) => {
    const left = await deleteComment(tx, comment.id, comment.threadId)
    if (left === 0) await deleteThread(tx, comment.threadId)
  })
  services.events.emit('threadsChanged', { pageId: page.id, spaceId: page.spaceId, proposalId: thread.proposalId })
}
