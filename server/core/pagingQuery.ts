import { z } from 'zod'

/**
 * The query of a listing that may be paged: with `limit` or `cursor`, one page of it and a
 * `Link: <…>; rel="next"` header while there are more; without either, the listing as it
 * always was.
 */
export const pagingQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional()
    .describe('Rows per response (1–500, 100 when only `cursor` is given); asks for the paged listing.'),
  cursor: z.string().min(1).max(6000).optional()
    .describe('Where to continue: taken as is from the previous response’s `Link` header (rel="next").'),
})

/** Rows per response of a paged listing when only a cursor is given. */
export const DEFAULT_PAGE_SIZE = 100
