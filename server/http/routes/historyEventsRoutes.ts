import { createRoute } from '@hono/zod-openapi'
import type { Services } from '../../core/Services.ts'
import type { PageHistoryFeed } from '../../history/PageHistoryFeed.ts'
import { authorizePage } from '../../policies/authorize.ts'
import { answers } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { pathParams } from '../pathParams.ts'
import { streamEvents } from '../streamEvents.ts'

/**
 * `GET /api/pages/:pageId/history/events`: a Server-Sent Events stream, for readers of the
 * page, with an event `revisions` each time a revision of it is cut (on any instance), so an
 * open history shows the revision someone's editing just made without a reload.
 */
export function historyEventsRoutes(services: Services, feed: PageHistoryFeed) {
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/history/events', tags: ['History'], summary: 'A stream telling readers when a page gets a new revision',
      description: 'Server-Sent Events: `ready` once, then `revisions` (data `{}`) whenever a revision of the page is cut (an editing burst '
        + 'ends, a version is named, a restore or a merge); refetch the revisions. It ends when the reader may no longer read the page '
        + '(removed from its space, the page deleted) or their session ends.',
      request: { params: pathParams('pageId') },
      responses: answers({ 200: 'A `text/event-stream`.' }, [404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { page } = await authorizePage(services.db, actor, c.req.valid('param').pageId, 'read')
      return streamEvents(c, actor, 'revisions', (listener) => feed.subscribe(page.id, listener))
    })
}
