import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Actor } from '../../core/Actor.ts'
import { notFound, unauthenticated } from '../../core/AppError.ts'
import type { Services } from '../../core/Services.ts'
import { isUuid } from '../../core/isUuid.ts'
import type { NotificationFeed } from '../../discussion/NotificationFeed.ts'
import { countUnread, listNotifications, markAllRead, markRead } from '../../discussion/notificationQueries.ts'
import { presentNotification } from '../../discussion/presentNotification.ts'
import { answers } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { pathParams } from '../pathParams.ts'
import { streamEvents } from '../streamEvents.ts'

const tags = ['Notifications']
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) })

function signedIn(actor: Actor): string {
  if (!actor.userId) throw unauthenticated()
  return actor.userId
}

/**
 * The caller's notification inbox: mentions, replies in threads they took part in, resolution
 * of their threads, the outcome of their proposals. Only entries about pages they may still read are listed or counted.
 */
export function notificationRoutes(services: Services, feed: NotificationFeed) {
  const { db } = services
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/notifications', tags, summary: 'The caller’s notifications, newest first',
      request: { query: listQuery },
      responses: answers({ 200: '`[{id, kind: "mention"|"reply"|"resolved"|"proposal_merged"|"proposal_declined", read, pageId, pageTitle, threadId, proposal: {id, number}|null, commentId, actor, snippet, createdAt}]`: '
        + 'a thread’s notifications carry `threadId`; a proposal’s outcome carries `proposal` and, when declined, the reason as `snippet`.' }, [401]),
    }), async (c) => {
      const rows = await listNotifications(db, signedIn(c.get('actor')), c.req.valid('query').limit)
      return c.json(rows.map(presentNotification))
    })
    .openapi(createRoute({
      method: 'get', path: '/notifications/unread', tags, summary: 'How many of the caller’s notifications are unread',
      responses: answers({ 200: '`{unread}`.' }, [401]),
    }), async (c) => c.json({ unread: await countUnread(db, signedIn(c.get('actor'))) }))
    .openapi(createRoute({
      method: 'post', path: '/notifications/{notificationId}/read', tags, summary: 'Marks one notification read',
      request: { params: pathParams('notificationId') },
      responses: answers({ 204: 'Done.' }, [401, 404]),
    }), async (c) => {
      const userId = signedIn(c.get('actor'))
      const id = c.req.valid('param').notificationId
      if (!isUuid(id) || !(await markRead(db, userId, id))) throw notFound('That notification')
      services.events.emit('notificationsChanged', { userIds: [userId] })
      return c.body(null, 204)
    })
    .openapi(createRoute({
      method: 'post', path: '/notifications/read', tags, summary: 'Marks all the caller’s notifications read',
      responses: answers({ 204: 'Done.' }, [401]),
    }), async (c) => {
      const userId = signedIn(c.get('actor'))
      await markAllRead(db, userId)
      services.events.emit('notificationsChanged', { userIds: [userId] })
      return c.body(null, 204)
    })
    .openapi(createRoute({
      method: 'get', path: '/notifications/events', tags, summary: 'A stream telling the caller’s tabs when their inbox changed',
      description: 'Server-Sent Events: `ready` once, then `inbox` (data `{}`) whenever a notification arrives or is read on any instance; '
        + 'refetch. It ends with the session.',
      responses: answers({ 200: 'A `text/event-stream`.' }, [401]),
    }), async (c) => {
      const actor = c.get('actor')
      signedIn(actor)
      return streamEvents(c, actor, 'inbox', (listener) => feed.subscribe(listener))
    })
}
