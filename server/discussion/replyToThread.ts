import type { Actor } from '../core/Actor.ts'
import type { Services } from '../core/Services.ts'
import { authorizeThread } from './authorizeThread.ts'
import { mentionedMembers } from './mentionedMembers.ts'
import { insertNotifications } from './notificationQueries.ts'
import { insertComment, threadParticipants, type CommentRow } from './threadQueries.ts'

/**
 * Adds a comment to a thread (members only). Those it mentions get a `mention`; everyone else
 * who took part in the thread a `reply`; the writer nothing.
 */
export async function replyToThread(services: Services, actor: Actor, threadId: string, body: string): Promise<CommentRow> {
  const { db } = services
  const { page } = await authorizeThread(db, actor, threadId, 'comment')
  const mentioned = await mentionedMembers(db, page.spaceId, body)
  const done = await db.transaction(async (tx) => {
    // Locked, so a thread deleted meanwhile answers 404 instead of failing on its foreign key.
    await authorizeThread(tx, actor, threadId, 'comment', true)
    const comment = await insertComment(tx, { threadId, authorId: actor.userId!, body })
    const about = { pageId: page.id, threadId, commentId: comment.id, actorId: actor.userId! }
    const mentions = mentioned.filter((id) => id !== actor.userId)
    const replies = (await threadParticipants(tx, threadId)).filter((id) => id !== actor.userId && !mentions.includes(id))
    await insertNotifications(tx, 'mention', mentions, about)
    await insertNotifications(tx, 'reply', replies, about)
    return { comment, told: [...mentions, ...replies] }
  })
  services.events.emit('threadsChanged', { pageId: page.id, spaceId: page.spaceId })
  if (done.told.length > 0) services.events.emit('notificationsChanged', { userIds: done.told })
  return done.comment
}
