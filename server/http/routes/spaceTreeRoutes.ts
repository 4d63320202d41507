import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { answers } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { pathParams } from '../pathParams.ts'
import { streamEvents } from '../streamEvents.ts'
import { notFound } from '../../core/AppError.ts'
import { DEFAULT_PAGE_SIZE, pagingQuery } from '../../core/pagingQuery.ts'
import { pageAncestors, pageChildrenPage } from '../../pages/pageChildrenPage.ts'
import { isLivePageOfSpace } from '../../pages/pageTreeQueries.ts'
import { presentPageSummary } from '../../pages/presentPage.ts'
import { spaceOverview } from '../../pages/spaceOverview.ts'
import { authorizeSpace } from '../../policies/authorize.ts'
import type { Services } from '../../core/Services.ts'
import type { SpaceTreeFeed } from '../../pages/SpaceTreeFeed.ts'

const treeQuery = pagingQuery.extend({
  parent: z.string().max(64).optional().describe('The page whose subpages to list; omitted: the top level.'),
})

/**
 * What a space's home shows of its pages (how many, and where to start), the space's page
 * tree a level at a time, the pages above one page (to reveal it), and
 * `GET /api/spaces/:spaceId/tree/events`: a Server-Sent Events stream, for readers of the
 * space, with an event `tree` each time a page of the space is created, renamed, moved or
 * deleted (data `{}`; refetch the levels shown). It opens with `ready`, and ends when the
 * reader may no longer read the space or their session ends.
 */
export function spaceTreeRoutes(services: Services, feed: SpaceTreeFeed) {
  const { db } = services
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/overview', tags: ['Pages'],
      summary: 'What the space’s home shows of its pages: how many there are, and the first of the tree to start with',
      description: '`{pageCount, startHere}`: `startHere` is the first page of the top level in tree order (as `GET …/tree?limit=1` '
        + 'gives it), null when the space has no pages. The same for every number of pages.',
      request: { params: pathParams('spaceId') },
      responses: answers({ 200: 'The count and the page to start with.' }, [404]),
    }), async (c) => {
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      const { pageCount, startHere } = await spaceOverview(db, space.id)
      return c.json({ pageCount, startHere: startHere ? presentPageSummary(startHere) : null })
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/tree', tags: ['Pages'],
      summary: 'One level of the space’s page tree, paged: the top level or the subpages of `parent`, in tree order',
      description: 'Each page carries `hasChildren`. Up to `limit` pages (100 by default); the next ones at the `Link: <…>; rel="next"` address. '
        + 'A `parent` that is not a live page of the space is a 404.',
      request: { params: pathParams('spaceId'), query: treeQuery },
      responses: answers({ 200: 'The pages of that level (with `Link: <…>; rel="next"` when there are more).' }, [400, 404]),
    }), async (c) => {
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      const { parent, limit, cursor } = c.req.valid('query')
      if (parent !== undefined && !(await isLivePageOfSpace(db, parent, space.id))) throw notFound('That page')
      const perPage = limit ?? DEFAULT_PAGE_SIZE
      const page = await pageChildrenPage(db, space.id, parent ?? null, perPage, cursor)
      if (page.nextCursor) {
        const next = new URLSearchParams({ ...(parent ? { parent } : {}), limit: String(perPage), cursor: page.nextCursor })
        c.header('Link', `</api/spaces/${space.id}/tree?${next}>; rel="next"`)
      }
      return c.json(page.rows.map((row) => ({ ...presentPageSummary(row), hasChildren: row.hasChildren })))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/tree/ancestors/{pageId}', tags: ['Pages'],
      summary: 'The pages above one page of the space, the top-level one first (to unfold the tree down to it)',
      request: { params: pathParams('spaceId', 'pageId') },
      description: 'Empty for a top-level page, and for one that is not (or no longer) a live page of the space: a breadcrumb '
        + 'shown while its page is deleted asks again without an error.',
      responses: answers({ 200: 'The pages above it; empty for a top-level page or one not in the space.' }, [404]),
    }), async (c) => {
      const { spaceId, pageId } = c.req.valid('param')
      const { space } = await authorizeSpace(db, c.get('actor'), spaceId, 'read')
      return c.json((await pageAncestors(db, space.id, pageId)).map(presentPageSummary))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/tree/events', tags: ['Pages'], summary: 'A stream telling readers when the space’s page tree changes',
      description: 'Server-Sent Events: `ready` once, then `tree` (data `{}`) whenever a page of the space is created, renamed, moved or deleted; '
        + 'refetch the pages. It ends when the reader may no longer read the space or their session ends.',
      request: { params: pathParams('spaceId') },
      responses: answers({ 200: 'A `text/event-stream`.' }, [404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.valid('param').spaceId, 'read')
      return streamEvents(c, actor, 'tree', (listener) => feed.subscribe(space.id, listener))
    })
}
