import { z } from 'zod'

/**
 * `GET /api/spaces/:spaceId/pages`: with `limit` or `cursor`, one page of the list (newest
 * created first) and a `Link: <…>; rel="next"` header while there are more; without either,
 * the whole list as before, most recently changed first.
 */
export const pageListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional()
    .describe('Pages per response (1–500, 100 when only `cursor` is given); asks for the paged list.'),
  cursor: z.string().min(1).max(512).optional()
    .describe('Where to continue: taken as is from the previous response’s `Link` header (rel="next").'),
})
