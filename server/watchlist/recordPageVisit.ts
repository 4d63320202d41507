import type { Services } from '../core/Services.ts'
import { markPageChangesRead } from '../discussion/notificationQueries.ts'
import { recordVisit } from './watchQueries.ts'

/**
 * Records that the user has the page in front of them now: what changed before is no longer
 * new, so their unread inbox entry about its changes is read too (their open inboxes refetch).
 */
export async function recordPageVisit(services: Services, userId: string, pageId: string): Promise<void> {
  await recordVisit(services.db, userId, pageId)
  if (await markPageChangesRead(services.db, userId, pageId)) services.events.emit('notificationsChanged', { userIds: [userId] })
}
