import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Services } from '../../core/Services.ts'
import { pageNeighbourhood, spaceGraph } from '../../links/graphQueries.ts'
import type { SpaceTreeFeed } from '../../pages/SpaceTreeFeed.ts'
import { authorizePage, authorizeSpace } from '../../policies/authorize.ts'
import { readableSpaceIds } from '../../policies/readableSpaceIds.ts'
import { answers } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { pathParams } from '../pathParams.ts'
import { streamEvents } from '../streamEvents.ts'

const tags = ['Links']
const depthQuery = z.object({ depth: z.coerce.number().int().min(1).max(2).default(1) })

/** The map of links: a space's whole graph, a page's neighbourhood, and a stream saying when a space's map changed. */
export function graphRoutes(services: Services, feed: SpaceTreeFeed) {
  const { db } = services
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/graph', tags, summary: 'Every page of the space and the links between them',
      description: 'Red links of the space are nodes with `missing: true`; links into other spaces are left out.',
      request: { params: pathParams('spaceId') },
      responses: answers({ 200: '`{nodes:[{id, title, slug, spaceSlug, missing?}], edges:[{from, to}]}`.' }, [404]),
    }), async (c) => {
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      return c.json(await spaceGraph(db, space.id))
    })
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/graph', tags, summary: 'A page’s neighbourhood: pages it links to and pages linking to it',
      description: '`depth` 1 (default) or 2 hops; across spaces, only pages the caller may read.',
      request: { params: pathParams('pageId'), query: depthQuery },
      responses: answers({ 200: '`{nodes, edges}` as for a space.' }, [404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { page } = await authorizePage(db, actor, c.req.valid('param').pageId, 'read')
      return c.json(await pageNeighbourhood(db, page.id, await readableSpaceIds(db, actor), c.req.valid('query').depth))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/graph/events', tags, summary: 'A stream telling readers when the space’s map of links changes',
      description: 'Server-Sent Events: `ready` once, then `graph` (data `{}`) whenever a page of the space changes its links or is created, '
        + 'renamed or deleted; refetch the graph. It ends when the reader may no longer read the space or their session ends.',
      request: { params: pathParams('spaceId') },
      responses: answers({ 200: 'A `text/event-stream`.' }, [404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.valid('param').spaceId, 'read')
      return streamEvents(c, actor, 'graph', (listener) => feed.subscribe(space.id, listener))
    })
}
