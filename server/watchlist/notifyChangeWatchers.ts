import type { EventPayload } from '../core/Broadcast.ts'
import type { Services } from '../core/Services.ts'
import { upsertChangeNotifications } from '../discussion/notificationQueries.ts'
import { listChangeWatchers } from './watchlistQueries.ts'

/**
 * A revision of a page was cut: its watchers who asked for it (`notifyChanges`), may read it
 * now and did not write in it get one inbox entry about the page (an unread one is updated),
 * and their open inboxes refetch. Revisions are cut when an editing burst ends, so a burst is
 * one entry, not one per keystroke. The seed's and an import's revisions (kind `seed`) tell no
 * one: they make pages, they do not change watched ones.
 */
export async function notifyChangeWatchers(services: Services, cut: EventPayload<'revisionCut'>): Promise<string[]> {
  if (cut.kind === 'seed') return []
  const userIds = await listChangeWatchers(services.db, cut.pageId, cut.authorIds)
  if (userIds.length === 0) return []
  await upsertChangeNotifications(services.db, userIds, { pageId: cut.pageId, revisionId: cut.revisionId, actorId: cut.authorIds[0] ?? null })
  services.events.emit('notificationsChanged', { userIds })
  return userIds
}
