import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, MAX_SEARCH_QUERY_LENGTH } from '../../shared/searchApi.ts'
import { answers } from '../http/answers.ts'
import { createApiRouter } from '../http/createApiRouter.ts'
import type { Services } from '../Services.ts'
import { searchPages } from './searchPages.ts'

const searchQuery = z.object({
  q: z.string({ error: 'Give the words to look for in `q`.' })
    .max(MAX_SEARCH_QUERY_LENGTH, `A search has at most ${MAX_SEARCH_QUERY_LENGTH} characters.`),
  spaceId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(DEFAULT_SEARCH_LIMIT),
})

/** `GET /api/search?q=…&spaceId=…&limit=…`: pages the caller may read, best match first. */
export function searchRoutes(services: Services) {
  return createApiRouter().openapi(createRoute({
    method: 'get', path: '/search', tags: ['Search'], summary: 'Full-text search over the pages the caller may read, best match first',
    request: { query: searchQuery },
    responses: answers({ 200: '`[{pageId, spaceId, title, snippet, …}]`.' }),
  }), async (c) => c.json(await searchPages(services.db, c.get('actor'), c.req.valid('query'))))
}
