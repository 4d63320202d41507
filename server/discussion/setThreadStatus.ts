import type { Actor } from '../core/Actor.ts'
import { forbidden, notFound } from '../core/AppError.ts'
import type { Services } from '../core/Services.ts'
import { authorizeThread } from './authorizeThread.ts'
import { insertNotifications } from './notificationQueries.ts'
import { insertThreadEvent, setThreadResolved } from './threadQueries.ts'

/**
 * Resolves or reopens a thread: editors of the page and the thread's author (while a member).
 * Resolving someone else's thread tells its author. A proposal's discussion has no status. A no-op when it already has that status.
 */
export async function setThreadStatus(services: Services, actor: Actor, threadId: string, status: 'open' | 'resolved'): Promise<void> {
  const { db } = services
  const { thread, page, abilities } = await authorizeThread(db, actor, threadId, 'comment')
  // A proposal's discussion ends with the proposal; it is not resolved like a page's thread.
  if (thread.proposalId) throw notFound('That thread')
  if (!abilities.edit && thread.authorId !== actor.userId) throw forbidden('Only editors of this page and the thread’s author can resolve or reopen it.')
  if ((thread.resolvedAt !== null) === (status === 'resolved')) return
  const told = await db.transaction(async (tx) => {
    await setThreadResolved(tx, thread.id, status === 'resolved' ? actor.userId : null)
    await insertThreadEvent(tx, { pageId: page.id, threadId: thread.id, kind: status === 'resolved' ? 'resolved' : 'reopened', actorId: actor.userId! })
    const author = thread.authorId
    if (status !== 'resolved' || !author || author === actor.userId) return []
    await insertNotifications(tx, 'resolved', [author], { pageId: page.id, threadId: thread.id, commentId: null, actorId: actor.userId! })
    return [author]
  })
  services.events.emit('threadsChanged', { pageId: page.id, spaceId: page.spaceId })
  if (told.length > 0) services.events.emit('notificationsChanged', { userIds: told })
}
