import { createRoute } from '@hono/zod-openapi'
import { answers } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { pathParams } from '../pathParams.ts'
import { streamEvents } from '../streamEvents.ts'
import { authorizeSpace } from '../../policies/authorize.ts'
import type { Services } from '../../core/Services.ts'
import type { SpaceTreeFeed } from '../../pages/SpaceTreeFeed.ts'

/**
 * `GET /api/spaces/:spaceId/tree/events`: a Server-Sent Events stream, for readers of the
 * space, with an event `tree` each time a page of the space is created, renamed, moved or
 * deleted (data `{}`; refetch `GET /api/spaces/:spaceId/pages`). It opens with `ready`, and
 * ends when the reader may no longer read the space or their session ends.
 */
export function spaceTreeRoutes(services: Services, feed: SpaceTreeFeed) {
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/tree/events', tags: ['Pages'], summary: 'A stream telling readers when the space’s page tree changes',
      description: 'Server-Sent Events: `ready` once, then `tree` (data `{}`) whenever a page of the space is created, renamed, moved or deleted; '
        + 'refetch the pages. It ends when the reader may no longer read the space or their session ends.',
      request: { params: pathParams('spaceId') },
      responses: answers({ 200: 'A `text/event-stream`.' }, [404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(services.db, actor, c.req.valid('param').spaceId, 'read')
      return streamEvents(c, actor, 'tree', (listener) => feed.subscribe(space.id, listener))
    })
}
