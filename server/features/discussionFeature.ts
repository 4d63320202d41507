import { proposalDocumentName } from '../../shared/proposalDocument.ts'
import type { Feature } from '../core/Feature.ts'
import type { Services } from '../core/Services.ts'
import { NotificationFeed } from '../discussion/NotificationFeed.ts'
import { deleteUnreadableNotifications } from '../discussion/notificationQueries.ts'
import { discussionRoutes } from '../http/routes/discussionRoutes.ts'
import { notificationRoutes } from '../http/routes/notificationRoutes.ts'

/**
 * Discussion: threads of comments anchored to passages (or to a whole page), @mentions and a
 * notification inbox. Open pages hear `{"type":"threads"}` on every instance when a thread
 * changes and refetch; open inboxes hear on their event stream. A member removed from a
 * private space loses their notifications about its pages.
 */
export function discussionFeature(): Feature {
  let feed: NotificationFeed | undefined
  const feedFor = () => (feed ??= new NotificationFeed())
  return {
    routes: [discussionRoutes, (services) => notificationRoutes(services, feedFor())],
    async start(services: Services) {
      const inbox = feedFor()
      const { broadcast, events, hocuspocus, db, logger } = services
      const stops = [
        // relayStateless: every instance hears the broadcast itself, so none may forward it again.
        // A proposal's discussion is told on the proposal's document, a page's on the page's.
        broadcast.on('threadsChanged', ({ pageId, proposalId }) => {
          const name = proposalId ? proposalDocumentName(proposalId) : pageId
          hocuspocus.documents.get(name)?.relayStateless(JSON.stringify({ type: 'threads', pageId: name }))
        }),
        broadcast.on('notificationsChanged', ({ userIds }) => inbox.changed(userIds)),
        broadcast.on('sessionEnded', ({ sessionId }) => inbox.endSession(sessionId)),
      ]
      // Once, on the instance where the membership changed (a database write).
      const forget = ({ spaceId, userId, role }: { spaceId: string; userId: string; role: string | null }) => {
        if (role !== null) return
        deleteUnreadableNotifications(db, userId, spaceId)
          .then((n) => { if (n > 0) events.emit('notificationsChanged', { userIds: [userId] }) })
          .catch((err) => logger.error({ err, spaceId, userId }, 'could not remove the notifications of a removed member'))
      }
      events.on('membershipChanged', forget)
      return async () => {
        for (const stop of stops) stop()
        events.off('membershipChanged', forget)
        inbox.closeAll()
      }
    },
  }
}
