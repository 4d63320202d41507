import { Hono } from 'hono'
import { z } from 'zod'
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, MAX_SEARCH_QUERY_LENGTH } from '../../../shared/searchApi.ts'
import { invalidInput } from '../../core/AppError.ts'
import type { HttpEnv } from '../../core/HttpEnv.ts'
import type { Services } from '../../core/Services.ts'
import { searchPages } from '../../search/searchPages.ts'

const searchQuery = z.object({
  q: z.string({ error: 'Give the words to look for in `q`.' })
    .max(MAX_SEARCH_QUERY_LENGTH, `A search has at most ${MAX_SEARCH_QUERY_LENGTH} characters.`),
  spaceId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(DEFAULT_SEARCH_LIMIT),
})

/** `GET /api/search?q=…&spaceId=…&limit=…`: pages the caller may read, best match first. */
export function searchRoutes(services: Services): Hono<HttpEnv> {
  return new Hono<HttpEnv>().get('/search', async (c) => {
    const parsed = searchQuery.safeParse(c.req.query())
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw invalidInput(`${issue.path.join('.')}: ${issue.message}`)
    }
    const results = await searchPages(services.db, c.get('actor'), parsed.data)
    return c.json(results)
  })
}
